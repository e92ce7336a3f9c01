// Use lipvar's Wasm module directly with @assemblyscript/loader, without
// lipvar's JavaScript: seed a stream, draw raw 64-bit outputs and SGND
// samples, and compute a Gram matrix in Wasm memory. Run: node examples/raw-module.mjs
// (in a browser, replace readFile with `await fetch(url)`; instantiate accepts the Response).
import { instantiate } from "@assemblyscript/loader";
import { readFile } from "node:fs/promises";

// The package's export subpath lipvar/wasm/* names the builds (lipvar.wasm: any engine).
const url = new URL(import.meta.resolve("lipvar/wasm/lipvar.wasm"));
const { exports: wasm } = await instantiate(await readFile(url));
wasm._initialize(); // built with --exportStart _initialize: run the module's start once

// Host-allocated buffers: byte addresses (16-byte aligned) into wasm.memory.
const count = 4;
const out = wasm.alloc(count * 8);
wasm.rngSeed(42n, 0); // seed (u64 as BigInt), stream index
wasm.fillU64(out, count);
// Views are made after the calls: memory can grow (alloc), which detaches older views.
const u64 = [...new BigUint64Array(wasm.memory.buffer, out, count)].map(String);

wasm.rngSeed(42n, 0); // back to the stream's start
wasm.fillSgnd(out, count, 1.0, 1.5); // SGND(0, α = 1, β = 1.5)
const sgnd = [...new Float64Array(wasm.memory.buffer, out, count)];
wasm.free(out);

// G = WᵀW for a row-major d×n matrix W (here 2×3), with the scratch space it asks for.
const d = 2, n = 3;
const w = wasm.alloc(d * n * 8), g = wasm.alloc(n * n * 8);
const scratch = wasm.alloc(Math.max(1, wasm.gramScratchDoubles(d, n)) * 8);
new Float64Array(wasm.memory.buffer, w, d * n).set([1, 2, 3, 4, 5, 6]);
wasm.gram(w, d, n, g, scratch);
const gram = [...new Float64Array(wasm.memory.buffer, g, n * n)];
for (const p of [w, g, scratch]) wasm.free(p);

console.log(JSON.stringify({ u64, sgnd, gram }));
