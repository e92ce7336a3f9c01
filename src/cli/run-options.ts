/**
 * Options several commands share: the rescaling (`--transform`, `--q-std`),
 * the worker count and the chunk size. One parser each, so the accepted
 * ranges and the messages are the same everywhere.
 */
import { Option, type Command } from "commander";
import { choice, integerInRange, positiveNumber } from "./args.js";

/** Largest --chunk-size: a chunk's records must stay small next to Wasm memory. */
export const MAX_CHUNK_SIZE = 1 << 24;

/** `--transform aol|sll` (default aol) and `--q-std S`, the same on every command that rescales. */
export function addTransformOptions(command: Command): Command {
  return command
    .addOption(new Option("--transform <aol|sll>", "rescaling: aol, or sll (with --q-std)").default("aol"))
    .addOption(new Option("--q-std <S>", "SLL: q_i = exp(theta_i), theta_i ~ N(0, S^2); a finite number >= 0 (default 0)"));
}

/** --transform aol|sll (default aol) and --q-std S (SLL only; default 0). */
export function parseTransform(opts: { transform?: string; qStd?: string }): { transform: "aol" | "sll"; qStd: number } {
  const transform = choice("--transform", opts.transform ?? "aol", ["aol", "sll"] as const);
  const qStd = opts.qStd === undefined ? 0 : positiveNumber("--q-std", opts.qStd, true);
  if (transform === "aol" && qStd !== 0) throw new RangeError("--q-std applies to --transform sll only (aol has q = 1)");
  return { transform, qStd };
}

export { parseWorkers } from "./options.js";

/** --chunk-size C (1 to MAX_CHUNK_SIZE), or undefined for the default. */
export function parseChunkSize(raw: string | undefined): number | undefined {
  return raw === undefined ? undefined : integerInRange("--chunk-size", raw, 1, MAX_CHUNK_SIZE);
}

/** --weight-std S: the raw weights' standard deviation, a finite number > 0 (undefined: the SGND scale alpha = 1). */
export function parseWeightStd(raw: string | undefined): number | undefined {
  return raw === undefined ? undefined : positiveNumber("--weight-std", raw);
}

/** Help text of --weight-std, the same on every command that takes it. */
export const WEIGHT_STD_HELP = "standard deviation of the raw weights, a finite number > 0 (default: the SGND scale alpha = 1); rescaled weights do not depend on it";

/** --gram column|row (default column). */
export function parseGram(raw: string | undefined): "column" | "row" {
  return raw === undefined ? "column" : choice("--gram", raw, ["column", "row"] as const);
}

/** Help text of --gram. */
export const GRAM_HELP = "which Gram rescales each W (d x n): column (AOL, Prach & Lampert: t from W^T W; default) or row (the author's SLL layer on an out x in weight: t from W W^T)";
