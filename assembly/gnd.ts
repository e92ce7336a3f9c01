// Samplers for the symmetric and positive generalised normal distributions.
// (To be written: see issue 2.)
