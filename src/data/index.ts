/**
 * `lipvar/data` — data for the training experiment: parsers (pure), the synthetic
 * Covertype-schema generator, standardisation. File reading (Node only) is
 * in ./read.js, imported by the CLI, not re-exported here.
 * @module lipvar/data
 */
export * from "./types.js";
export * from "./parse.js";
export * from "./synthetic.js";
export * from "./standardise.js";
