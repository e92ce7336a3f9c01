/**
 * One-line messages for a JSON input that fails a zod schema, shared by the
 * check suites (src/check/suite.ts) and the shard files of `lipvar merge`
 * (src/shard/schema.ts): "<file>: <path> must be <what>, got <value>" or
 * "<file>: <path> is required (<what>)". A schema's error messages are the
 * "what" ("an integer from 1 to 65536"); a message starting with "!" is a
 * complete sentence after the path.
 */

/** The zod error option for a "what" message. */
export const what = (text: string) => ({ error: text });

/** A zod issue as these messages need it. */
export interface IssueLike {
  code: string;
  path: PropertyKey[];
  message: string;
  keys?: string[];
}

/** "expectations[1].d", "chunks[0].co.means[2]". */
export function pathText(path: readonly PropertyKey[]): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out;
}

/** The value at `path` inside `data`, or undefined. */
export function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let v = data;
  for (const p of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

/** A value as JSON, cut to 60 characters; "nothing" for a missing one. */
export function show(value: unknown): string {
  if (value === undefined) return "nothing";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * The line for one issue (other than unknown keys, which each caller names
 * with its own list of allowed keys). `root` names the whole document.
 */
export function issueLine(fileName: string, issue: IssueLike, data: unknown, root: string): string {
  const where = issue.path.length ? pathText(issue.path) : root;
  if (issue.message.startsWith("!")) return `${fileName}: ${where} ${issue.message.slice(1)}`;
  const value = valueAt(data, issue.path);
  if (value === undefined) return `${fileName}: ${where} is required (${issue.message})`;
  return `${fileName}: ${where} must be ${issue.message}, got ${show(value)}`;
}
