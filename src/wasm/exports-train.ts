/**
 * Raw exports of assembly/train.ts (the trainer). Addresses are byte offsets
 * into Wasm memory; index and label arrays are i32, everything else f64.
 * Only src/wasm/train.ts calls these.
 */
export interface TrainExports {
  TRAIN_LAYER_FIELDS: WebAssembly.Global;
  TRAIN_STAT_FIELDS: WebAssembly.Global;
  trainerCreate(table: number, count: number, batch: number, bias: boolean | number, qTrained: boolean | number): number;
  trainerDestroy(): void;
  trainerParams(): number;
  trainerGrads(): number;
  trainerHooks(): number;
  trainerAdamFirst(): number;
  trainerAdamSecond(): number;
  trainerLayerOffset(l: number): number;
  trainerOutput(): number;
  trainerGradient(x: number, y: number, idx: number, start: number, count: number): number;
  trainerStep(x: number, y: number, idx: number, start: number, count: number, lr: number, beta1: number, beta2: number, eps: number): number;
  trainerEpoch(x: number, y: number, idx: number, count: number, lr: number, beta1: number, beta2: number, eps: number): number;
  trainerEvaluate(x: number, y: number, idx: number, count: number, out: number): void;
  trainerStatistics(x: number, y: number, idx: number, count: number, out: number): void;
  trainerShuffle(idx: number, count: number): void;
}
