// AOL/SLL rescaling, Monte Carlo statistics of rescaled weights, and forward,
// backward and residual passes through deep stacks. Re-exports the kernel files.
// (To be written: see issue 4.)
