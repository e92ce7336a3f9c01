/** Raw exports of assembly/lipschitz.ts and the kernel files it re-exports. */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface LipschitzExports {}
