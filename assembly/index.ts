// The exports of the lipvar Wasm module. Each kernel family lives in its own
// file; this one only re-exports them.
export * from "./memory";
export * from "./rng";
export * from "./gnd";
export * from "./lipschitz";
export * from "./train";
export * from "./orthogonal";
export * from "./weights-check";
