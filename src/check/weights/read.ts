/**
 * Reading the arrays numerical Python writes: `.npy` (np.save) through
 * npyjs, and `.npz` (np.savez, np.savez_compressed: a zip of .npy files)
 * through fflate. Only little-endian float32 and float64 arrays, in C or
 * Fortran order, are accepted; everything else — other dtypes (int, bool,
 * complex, float16, strings, objects, structured), big-endian data, a
 * truncated or corrupt file, NaN or ±∞ values — is a WeightsInputError
 * whose message is one line naming the file and the array.
 */
import { readFile } from "node:fs/promises";
import { unzipSync } from "fflate";
import { parse as parseNpyBuffer } from "npyjs";

/** Unusable input for `check --weights`; `message` is one line (exit code 2). */
export class WeightsInputError extends Error {
  override readonly name = "WeightsInputError";
}

export interface NamedArray {
  /** The file it came from, as given. */
  file: string;
  /** The array's name: the .npz member without ".npy", or the .npy file's base name. */
  name: string;
  shape: number[];
  dtype: "float32" | "float64";
  /** The values in C (row-major) order, whatever the file's order. */
  data: Float64Array;
}

const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04]; // PK\3\4
const ZIP_EMPTY = [0x50, 0x4b, 0x05, 0x06]; // an empty zip is only the end record

const startsWith = (b: Uint8Array, m: readonly number[]) => b.length >= m.length && m.every((x, i) => b[i] === x);

const DTYPE_NAMES: Record<string, string> = {
  b1: "bool", i1: "int8", u1: "uint8", i2: "int16", u2: "uint16", i4: "int32", u4: "uint32", i8: "int64", u8: "uint64",
  f2: "float16", f4: "float32", f8: "float64", c8: "complex64", c16: "complex128", O: "object",
};

/** The dtype descriptor of an .npy header, read only to name what is refused. */
function headerDescr(bytes: Uint8Array): string | undefined {
  const text = new TextDecoder("latin1").decode(bytes.subarray(0, Math.min(bytes.length, 4096)));
  return /'descr'\s*:\s*'([^']*)'/.exec(text)?.[1] ?? (/'descr'\s*:\s*\[/.test(text) ? "structured" : undefined);
}

function describe(descr: string): string {
  const code = descr.replace(/^[<>|=]/, "");
  const name = DTYPE_NAMES[code] ?? (code.startsWith("U") || code.startsWith("S") ? "string" : descr);
  return `${name} (${descr})`;
}

/** C-order copy of a Fortran-order array (column-major: the first index varies fastest). */
function fortranToC(src: ArrayLike<number>, shape: number[]): Float64Array {
  const out = new Float64Array(src.length);
  const nd = shape.length;
  const fStride = new Array<number>(nd);
  let s = 1;
  for (let a = 0; a < nd; a++) {
    fStride[a] = s;
    s *= shape[a];
  }
  const idx = new Array<number>(nd).fill(0);
  for (let i = 0; i < out.length; i++) {
    let at = 0;
    for (let a = 0; a < nd; a++) at += idx[a] * fStride[a];
    out[i] = src[at];
    for (let a = nd - 1; a >= 0; a--) {
      if (++idx[a] < shape[a]) break;
      idx[a] = 0;
    }
  }
  return out;
}

function index(shape: number[], flat: number): string {
  const out: number[] = [];
  for (let a = shape.length - 1; a >= 0; a--) {
    out.unshift(flat % shape[a]);
    flat = Math.floor(flat / shape[a]);
  }
  return `[${out.join(", ")}]`;
}

/** Parse one .npy image; `where` names it in messages ("file.npz: array 'w1'"). */
export function parseNpy(bytes: Uint8Array, file: string, name: string): NamedArray {
  const where = `${file}: array '${name}'`;
  if (!startsWith(bytes, NPY_MAGIC)) throw new WeightsInputError(`${where} is not an .npy array (no \\x93NUMPY magic)`);
  const descr = headerDescr(bytes);
  if (descr !== undefined && descr.startsWith(">") && !/^>(u1|i1|b1)$/.test(descr)) {
    throw new WeightsInputError(`${where} is big-endian ${describe(descr)}; only little-endian float32 or float64 arrays are read (save with arr.astype('<f8'))`);
  }
  if (descr !== undefined && !/^[<=|]?f[48]$/.test(descr)) {
    throw new WeightsInputError(`${where} has dtype ${describe(descr)}; only float32 or float64 weights are read`);
  }
  // A copy, so the typed arrays npyjs makes are aligned and own their bytes.
  const buffer = bytes.slice().buffer;
  let parsed: ReturnType<typeof parseNpyBuffer>;
  try {
    parsed = parseNpyBuffer(buffer);
  } catch (e) {
    throw new WeightsInputError(`${where} is truncated or malformed (${(e as Error).message.split("\n")[0]})`);
  }
  const { shape, fortranOrder } = parsed;
  if (!shape.every((s) => Number.isSafeInteger(s) && s >= 0)) throw new WeightsInputError(`${where} has a malformed shape (${shape.join(", ")})`);
  const count = shape.reduce((a, b) => a * b, 1);
  const data = parsed.data as Float32Array | Float64Array;
  if (data.length < count) throw new WeightsInputError(`${where} is truncated: its shape (${shape.join(", ")}) needs ${count} values, the file holds ${data.length}`);
  const values = data.length === count ? data : data.subarray(0, count);
  const c = fortranOrder && shape.length > 1 ? fortranToC(values, shape) : Float64Array.from(values);
  for (let i = 0; i < count; i++) {
    if (!Number.isFinite(c[i])) throw new WeightsInputError(`${where} holds ${c[i]} at ${index(shape, i)}; weights must be finite numbers`);
  }
  return { file, name, shape: [...shape], dtype: parsed.dtype === "f4" ? "float32" : "float64", data: c };
}

/** Parse an .npz image: its members in the archive's order. */
export function parseNpz(bytes: Uint8Array, file: string): NamedArray[] {
  const order: string[] = [];
  let members: Record<string, Uint8Array>;
  try {
    members = unzipSync(bytes, {
      filter: (f) => {
        order.push(f.name);
        return true;
      },
    });
  } catch (e) {
    throw new WeightsInputError(`${file} is not a readable .npz (zip) file: ${(e as Error).message.split("\n")[0]}`);
  }
  const out: NamedArray[] = [];
  for (const member of order) {
    if (member.endsWith("/")) continue;
    if (!member.endsWith(".npy")) throw new WeightsInputError(`${file}: member '${member}' is not an .npy array; an .npz holds only .npy members (np.savez)`);
    out.push(parseNpy(members[member], file, member.slice(0, -4)));
  }
  if (out.length === 0) throw new WeightsInputError(`${file} holds no arrays`);
  return out;
}

/** Parse a file's bytes as .npz or .npy, by its first bytes. */
export function parseWeightsBytes(bytes: Uint8Array, file: string): NamedArray[] {
  if (startsWith(bytes, ZIP_MAGIC) || startsWith(bytes, ZIP_EMPTY)) return parseNpz(bytes, file);
  if (startsWith(bytes, NPY_MAGIC)) return [parseNpy(bytes, file, file.replace(/^.*[\\/]/, "").replace(/\.npy$/i, ""))];
  throw new WeightsInputError(`${file} is neither .npz (zip) nor .npy: write it with np.savez or np.save`);
}

/** Read a .npz or .npy file. */
export async function readWeightsFile(file: string): Promise<NamedArray[]> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(file));
  } catch (e) {
    throw new WeightsInputError(`cannot read weights file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return parseWeightsBytes(bytes, file);
}
