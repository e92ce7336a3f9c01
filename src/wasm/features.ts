/**
 * Feature detection for the Wasm builds: each probe is a minimal module that
 * uses one instruction of the feature, validated (not run) by the engine.
 */

// (module (func (result v128) (v128.const i64x2 0 0)))
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 22, 1, 20, 0, 253, 12, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 11,
]);

// (module (func (result v128) (f64x2.relaxed_madd (v128.const ..) (v128.const ..) (v128.const ..))))
const RELAXED_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 61, 1, 59, 0, 253, 12, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 253, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 253, 12, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 253, 135, 2, 11,
]);

export interface WasmFeatures {
  simd: boolean;
  relaxedSimd: boolean;
}

function validates(bytes: Uint8Array<ArrayBuffer>): boolean {
  try {
    return WebAssembly.validate(bytes);
  } catch {
    return false;
  }
}

/** Which optional Wasm features this engine accepts. */
export function detectFeatures(): WasmFeatures {
  const simd = validates(SIMD_PROBE);
  return { simd, relaxedSimd: simd && validates(RELAXED_PROBE) };
}
