/** Shared test helpers: fixtures, and the loaded Wasm module. */
import { readFileSync } from "node:fs";
import { createKernels, type Kernels } from "../src/wasm/index.js";
import type { BuildName } from "../src/wasm/loader.js";

export function fixture<T = any>(name: string): T {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), "utf8"));
}

const instances = new Map<string, Promise<Kernels>>();

/** One module instance per build per test file. */
export function kernels(build: BuildName | "auto" = "auto"): Promise<Kernels> {
  let k = instances.get(build);
  if (!k) {
    k = createKernels({ build });
    instances.set(build, k);
  }
  return k;
}
