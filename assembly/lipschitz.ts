// AOL/SLL rescaling, Monte Carlo statistics of rescaled weights, and forward,
// backward and residual passes through deep stacks. Re-exports the kernel files.
export { gemm, gemmAccumulate, gemmScratchDoubles } from "./gemm";
export { gram, gramScratchDoubles } from "./gram";
export { rescale, rescaleScratchDoubles } from "./aol";
