/**
 * Reading users' weight files (src/check/weights/read.ts), the manifest
 * (manifest.ts) and the stack built from them (stack.ts). The files are
 * written by numpy (scripts/fixtures/fixtures_weights.py → test/fixtures/
 * weights/); broken ones are made here from them in a temporary folder.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fixture } from "../helpers.js";
import { buildStack, parseManifest, readWeightsFile, WeightsInputError, type FileArrays, type WeightsPlan } from "../../src/check/weights/index.js";

const F = new URL("../fixtures/weights/", import.meta.url).pathname;
const facts = fixture("weights");
let dir = "";

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "lipvar-weights-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function refused(file: string): Promise<string> {
  const e = await readWeightsFile(file).then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(WeightsInputError);
  const message = (e as Error).message;
  expect(message.split("\n")).toHaveLength(1);
  expect(message).toContain(file);
  return message;
}

describe("reading .npy and .npz", () => {
  it("reads a float64 C-order .npy exactly as numpy wrote it", async () => {
    const [a] = await readWeightsFile(`${F}bad/good.npy`);
    expect(a.name).toBe("good");
    expect(a.shape).toEqual([4, 3]);
    expect(a.dtype).toBe("float64");
    expect(Array.from(a.data)).toEqual((facts.good.values as number[][]).flat());
  });

  it("reads a float32 Fortran-order .npy into C order", async () => {
    const [a] = await readWeightsFile(`${F}bad/good_fortran.npy`);
    expect(a.dtype).toBe("float32");
    expect(a.shape).toEqual([4, 3]);
    expect(Array.from(a.data)).toEqual((facts.good.values as number[][]).flat().map(Math.fround));
  });

  it("reads the members of an .npz in the archive's order, 3-D arrays included", async () => {
    const arrays = await readWeightsFile(`${F}aol_rescaled.npz`);
    expect(arrays.map((a) => [a.name, a.shape])).toEqual([
      ["w1", [8, 32, 16]],
      ["w2", [8, 32, 32]],
      ["w3", [8, 16, 32]],
    ]);
    const sll = await readWeightsFile(`${F}sll_raw.npz`);
    expect(sll.map((a) => a.name)).toEqual(["layers.0.weight", "layers.0.q", "layers.0.bias", "layers.1.weight", "layers.1.q", "layers.1.bias"]);
  });

  it.each([
    ["int32.npy", /array 'int32' has dtype int32 \(<i4\); only float32 or float64/],
    ["complex.npy", /array 'complex' has dtype complex128 \(<c16\)/],
    ["bigendian.npy", /array 'bigendian' is big-endian float64 \(>f8\); only little-endian/],
    ["float16.npy", /array 'float16' has dtype float16 \(<f2\)/],
    ["object.npy", /array 'object' has dtype object \(\|O\)/],
    ["strings.npy", /array 'strings' has dtype string \(<U1\)/],
    ["nan.npy", /array 'nan' holds NaN at \[2, 1\]; weights must be finite/],
    ["int_member.npz", /int_member\.npz: array 'w2' has dtype int64/],
  ])("refuses bad/%s with one line naming the file and the array", async (name, what) => {
    expect(await refused(`${F}bad/${name}`)).toMatch(what);
  });

  it("refuses truncated, corrupt, empty and foreign files", async () => {
    const npy = await readFile(`${F}bad/good.npy`);
    const npz = await readFile(`${F}aol_rescaled.npz`);
    const cases: [string, Uint8Array | string, RegExp][] = [
      ["cut8.npy", npy.subarray(0, npy.length - 8), /array 'cut8' is truncated: its shape \(4, 3\) needs 12 values, the file holds 11/],
      ["cut5.npy", npy.subarray(0, npy.length - 5), /array 'cut5' is truncated or malformed/],
      ["header.npy", npy.subarray(0, 20), /array 'header' is truncated or malformed/],
      ["cut.npz", npz.subarray(0, npz.length - 100), /cut\.npz is not a readable \.npz \(zip\) file/],
      ["empty.npy", "", /empty\.npy is neither \.npz \(zip\) nor \.npy/],
      ["text.npz", "w1,w2\n1,2\n", /text\.npz is neither \.npz \(zip\) nor \.npy/],
    ];
    for (const [name, bytes, what] of cases) {
      const path = join(dir, name);
      await writeFile(path, bytes);
      expect(await refused(path)).toMatch(what);
    }
    expect(await refused(join(dir, "missing.npz"))).toMatch(/cannot read weights file .*missing\.npz: ENOENT/);
  });
});

const simple: WeightsPlan = { name: "t", layers: null, common: { gram: "column", weightsAre: "rescaled", beta: 2, std: null, activation: "relu", layout: "out-in" } };
const load = async (...names: string[]): Promise<FileArrays[]> => Promise.all(names.map(async (n) => ({ file: n, arrays: await readWeightsFile(`${F}${n}`) })));
const stackError = (files: FileArrays[], plan: WeightsPlan): string => {
  try {
    buildStack(files, plan);
  } catch (e) {
    expect(e).toBeInstanceOf(WeightsInputError);
    return (e as Error).message;
  }
  throw new Error("no error");
};

describe("the stack", () => {
  it("counts each file as one initialisation, or a leading axis as several", async () => {
    const files = await load(...Array.from({ length: 8 }, (_, r) => `aol_raw/init-${r}.npz`));
    const s = buildStack(files, simple);
    expect(s.inits).toBe(8);
    expect(s.layers.map((l) => [l.spec.weight, l.d, l.n, l.dtype])).toEqual([
      ["layers.0.weight", 32, 16, "float64"],
      ["layers.1.weight", 16, 32, "float64"],
    ]);
    const three = buildStack(await load("aol_rescaled.npz", "aol_rescaled.npz"), simple);
    expect(three.inits).toBe(16);
    expect(three.layers.map((l) => l.dtype)).toEqual(["float32", "float32", "float32"]);
  });

  it("refuses files whose stacks differ, naming both", async () => {
    expect(stackError(await load("aol_raw/init-0.npz", "aol_rescaled.npz"), simple)).toMatch(/aol_rescaled\.npz has 3 layers \(2-D arrays\) but aol_raw\/init-0\.npz has 2/);
    expect(stackError(await load("uniform.npz", "opnorm13.npz"), simple)).toMatch(/opnorm13\.npz has 2 layers/);
    expect(stackError(await load("rowgram_as_column.npz", "opnorm13.npz"), { ...simple, layers: [{ ...simple.common, weight: "w", q: null, bias: null }] })).toMatch(/opnorm13\.npz has no array 'w' \(layers\[0\]\.weight\); it holds 'good', 'bad'/);
    const u = await load("uniform.npz");
    const o = await load("unrescaled.npz");
    expect(buildStack([...u, ...o], simple).inits).toBe(16);
    const sq = await load("opnorm13.npz");
    const renamed: FileArrays = { file: "other.npz", arrays: sq[0].arrays.map((a, i) => (i === 1 ? { ...a, shape: [8, 16, 16] } : a)) };
    expect(buildStack([sq[0], renamed], simple).inits).toBe(16);
  });

  it("refuses a 4-D array and a bias or q of the wrong length", async () => {
    expect(stackError(await load("bad/fourd.npy"), simple)).toMatch(/array 'fourd' \(layer 1\) is 4-D with shape \(2, 2, 2, 2\); a layer is 2-D \(out × in\) or 3-D/);
    const plan = parseManifest(
      JSON.stringify({ version: 1, defaults: { gram: "column", weightsAre: "raw" }, layers: [{ weight: "layers.0.weight", bias: "layers.1.bias" }] }),
      "m.json",
    );
    expect(stackError(await load("sll_raw.npz"), plan)).toMatch(/sll_raw\.npz: array 'layers\.1\.bias' \(the bias of layer 1\) has shape \(8, 24\); it must be \(32\) or, with 8 initialisations in the file, \(8, 32\)/);
    const q = parseManifest(JSON.stringify({ version: 1, defaults: { gram: "column", weightsAre: "raw" }, layers: [{ weight: "layers.0.weight", q: "layers.0.q" }] }), "m.json");
    expect(stackError(await load("sll_raw.npz"), q)).toMatch(/array 'layers\.0\.q' \(the q of layer 1: one per column \(n\)\) has shape \(8, 32\); it must be \(16\)/);
  });

  it("transposes in × out kernels (layout in-out)", async () => {
    const s = buildStack(await load("aol_raw/init-0.npz"), { ...simple, common: { ...simple.common, layout: "in-out" } });
    expect(s.layers.map((l) => [l.d, l.n])).toEqual([
      [16, 32],
      [32, 16],
    ]);
    const plain = buildStack(await load("aol_raw/init-0.npz"), simple);
    expect(s.layers[0].weights[0][1 * 32 + 3]).toBe(plain.layers[0].weights[0][3 * 16 + 1]);
  });
});

describe("the manifest", () => {
  const bad = (m: unknown) => {
    try {
      parseManifest(typeof m === "string" ? m : JSON.stringify(m), "m.json");
    } catch (e) {
      expect(e).toBeInstanceOf(WeightsInputError);
      expect((e as Error).message.split("\n")).toHaveLength(1);
      return (e as Error).message;
    }
    throw new Error("accepted");
  };

  it("resolves defaults per layer", () => {
    const plan = parseManifest(
      JSON.stringify({
        version: 1,
        name: "sll",
        defaults: { gram: "row", weightsAre: "raw", dist: "gnd", beta: 1.5 },
        layers: [{ weight: "a", q: "qa", bias: "ba" }, { weight: "b", dist: "uniform", activation: "identity", layout: "in-out", std: 0.1 }],
      }),
      "m.json",
    );
    expect(plan.name).toBe("sll");
    expect(plan.layers).toEqual([
      { weight: "a", gram: "row", weightsAre: "raw", beta: 1.5, std: null, q: "qa", bias: "ba", activation: "relu", layout: "out-in" },
      { weight: "b", gram: "row", weightsAre: "raw", beta: Infinity, std: 0.1, q: null, bias: null, activation: "identity", layout: "in-out" },
    ]);
  });

  it.each([
    ["", /m\.json: the file is empty/],
    ["{", /m\.json: not valid JSON/],
    [{ version: 2, layers: [{ weight: "a" }] }, /m\.json: version must be the number 1/],
    [{ version: 1, layers: [] }, /m\.json: layers must be a non-empty list of layers/],
    [{ version: 1, layers: [{ weight: "a", weightsAre: "raw" }] }, /m\.json: layers\[0\]\.gram is required \(column or row\), here or in "defaults"/],
    [{ version: 1, defaults: { gram: "rows" }, layers: [{ weight: "a" }] }, /m\.json: defaults\.gram must be one of column, row, got "rows"/],
    [{ version: 1, defaults: { gram: "row", weightsAre: "raw" }, layers: [{ weight: "a", dist: "gnd" }] }, /layers\[0\]\.beta is required with dist "gnd"/],
    [{ version: 1, defaults: { gram: "row", weightsAre: "raw" }, layers: [{ weight: "a", dist: "gaussian", beta: 1 }] }, /layers\[0\]\.beta conflicts with dist "gaussian"/],
    [{ version: 1, defaults: { gram: "row", weightsAre: "rescaled" }, layers: [{ weight: "a", std: 1 }] }, /layers\[0\]\.std is the raw entries' standard deviation/],
    [{ version: 1, defaults: { gram: "row", weightsAre: "raw" }, layers: [{ weight: "a" }, { weight: "a" }] }, /layers\[1\]\.weight "a" repeats layers\[0\]\.weight/],
    [{ version: 1, defaults: { gram: "row", weightsAre: "raw" }, layers: [{ weight: "a", bais: "b" }] }, /layers\[0\] has unknown key "bais" \(allowed: weight, q, bias, gram/],
  ])("refuses %j with one line naming the path", (m, what) => {
    expect(bad(m)).toMatch(what);
  });
});
