/** Raw exports of assembly/gnd.ts (generalised-normal samplers). */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface GndExports {}
