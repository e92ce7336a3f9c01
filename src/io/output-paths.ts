/**
 * The one place that decides whether lipvar may write somewhere. Every
 * output (a file such as `--out`/`--junit`, or a report folder) is checked
 * here BEFORE any work starts, so a bad path costs a second, not a run:
 *
 * - `checkOutputFile`: the parent exists and is a folder on an ordinary file
 *   system (not /proc, /sys, /dev or another kernel file system), the target
 *   is absent or a regular file that may be replaced (not a folder, a
 *   symbolic link, a device, a pipe), and the parent is writable — proven by
 *   creating and removing a probe file, since permission bits do not tell
 *   about read-only mounts.
 * - `checkReportFolder`: the same for the parent, and the folder itself is
 *   new, empty, or a report folder lipvar wrote before (it holds the marker
 *   file `.lipvar-report`, which lists what lipvar put there, and nothing
 *   else). The root, the home folder, the current folder and any folder
 *   that contains it are refused outright.
 *
 * Each check finishes within `CHECK_SECONDS` (a hung network mount is
 * refused, not waited for). Failures are `OutputError`s: one line naming the
 * option, the path and the reason; the CLI prints them with exit code 2.
 * `describeIoError` turns a system error met while writing (ENOSPC, EACCES,
 * EROFS, …) into the same kind of line.
 */
import { lstat, open, readdir, readFile, realpath, stat, statfs, unlink } from "node:fs/promises";
import { homedir } from "node:os";
import { basename, dirname, join, resolve, sep } from "node:path";
import { removeOnInterrupt } from "./cleanup.js";

/** An output that cannot be written: one line, exit code 2. */
export class OutputError extends Error {
  override readonly name = "OutputError";
}

/** The longest a path check may take before the path is refused. */
export const CHECK_SECONDS = 2;

/** The marker file of a report folder lipvar wrote. */
export const REPORT_MARKER = ".lipvar-report";
const MARKER_FORMAT = "lipvar-report-folder";

/** Kernel file systems that hold no user files (statfs magic numbers, linux/magic.h). */
const SPECIAL_FILE_SYSTEMS: Record<number, string> = {
  0x9fa0: "proc",
  0x62656572: "sysfs",
  0x1cd1: "devpts",
  0x27e0eb: "cgroup",
  0x63677270: "cgroup2",
  0x64626720: "debugfs",
  0x74726163: "tracefs",
  0x73636673: "securityfs",
  0xcafe4a11: "bpf",
  0x6165676c: "pstore",
  0x62656570: "configfs",
  0xde5e81e4: "efivarfs",
  0x65735543: "fusectl",
  0x42494e4d: "binfmt_misc",
};
/** Folders of devices and kernel state, refused whatever their file system says. */
const SPECIAL_FOLDERS = ["/proc", "/sys", "/dev"];

/** "ENOSPC: no space left on device" from a Node system error (without Node's "open '/x'" tail). */
export function systemReason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const msg = String(err?.message ?? e);
  if (err?.code && msg.startsWith(`${err.code}:`)) return msg.split(",")[0];
  return err?.code ? `${err.code}: ${msg}` : msg;
}

/** An OutputError "cannot write PATH: REASON" for a system error met while writing, or `e` itself if it is not one. */
export function describeIoError(path: string, e: unknown): unknown {
  if (e instanceof OutputError) return e;
  const code = (e as NodeJS.ErrnoException)?.code;
  if (typeof code !== "string" || !/^E[A-Z0-9]+$/.test(code)) return e;
  return new OutputError(`cannot write ${path}: ${systemReason(e)}`);
}

/** `work`, or an OutputError if it has not settled within CHECK_SECONDS. */
async function inTime<T>(what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new OutputError(`${what}: the file system did not answer within ${CHECK_SECONDS} s`)), CHECK_SECONDS * 1000);
    timer.unref();
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

function isInside(path: string, folder: string): boolean {
  return path === folder || path.startsWith(folder.endsWith(sep) ? folder : folder + sep);
}

/** Check `parent` can hold lipvar's output: exists, is a folder, ordinary file system, writable (probe file). */
async function checkParent(option: string, path: string, parent: string): Promise<void> {
  let real: string;
  try {
    real = await realpath(parent);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new OutputError(`${option} ${path}: folder ${parent} does not exist`);
    if (code === "ENOTDIR") throw new OutputError(`${option} ${path}: ${parent} is not a folder`);
    throw new OutputError(`${option} ${path}: cannot reach ${parent}: ${systemReason(e)}`);
  }
  if (!(await stat(real)).isDirectory()) throw new OutputError(`${option} ${path}: ${parent} is not a folder`);
  const folder = SPECIAL_FOLDERS.find((f) => isInside(real, f));
  const fsName = SPECIAL_FILE_SYSTEMS[(await statfs(real)).type >>> 0];
  if (folder !== undefined || fsName) {
    throw new OutputError(`${option} ${path}: ${fsName ? `${parent} is on the kernel's ${fsName} file system` : `${parent} is ${real === folder ? "" : "inside "}${folder}, a system folder`}, not a place for output`);
  }
  // The probe: the only reliable test of writability (read-only mounts, ACLs, root on NFS).
  // node:crypto loaded here, not at start-up: a command that writes no file does not pay for it.
  const { randomBytes } = await import("node:crypto");
  const probe = join(real, `.lipvar-probe-${process.pid}-${randomBytes(4).toString("hex")}`);
  const forget = removeOnInterrupt(probe);
  try {
    const fh = await open(probe, "wx", 0o600);
    await fh.close();
    await unlink(probe);
  } catch (e) {
    await unlink(probe).catch(() => {});
    throw new OutputError(`${option} ${path}: cannot write in folder ${parent}: ${systemReason(e)}`);
  } finally {
    forget();
  }
}

async function lstatOrUndefined(path: string) {
  try {
    return await lstat(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
}

/**
 * Check that `path` (given as option `option`, e.g. "--out") can be written
 * as a file, replacing a regular file there. Returns the absolute path.
 */
export async function checkOutputFile(option: string, path: string): Promise<string> {
  if (typeof path !== "string" || path === "") throw new OutputError(`${option} must name a file, got ''`);
  if (/[\\/]$/.test(path) || basename(resolve(path)) === "" || [".", ".."].includes(basename(path))) {
    throw new OutputError(`${option} must name a file, not a folder, got '${path}'`);
  }
  const target = resolve(path);
  return inTime(`${option} ${path}`, (async () => {
    await checkParent(option, path, dirname(target));
    const s = await lstatOrUndefined(target);
    if (s?.isDirectory()) throw new OutputError(`${option} ${path}: is a folder; give a file name`);
    if (s?.isSymbolicLink()) throw new OutputError(`${option} ${path}: is a symbolic link; give the path of the file itself`);
    if (s && !s.isFile()) throw new OutputError(`${option} ${path}: is not a regular file (a device, pipe or socket)`);
    return target;
  })());
}

/** What a report folder holds before lipvar writes it. */
export interface ReportFolderState {
  /** Absolute path of the folder. */
  path: string;
  /** "new": absent; "empty": an empty folder; "report": a folder lipvar wrote (marker present). */
  kind: "new" | "empty" | "report";
}

/** The marker file's contents: what lipvar put in the folder (top-level names). */
export function reportMarkerText(entries: readonly string[]): string {
  const names = [...new Set([...entries.map((e) => e.split("/")[0]), REPORT_MARKER])].sort();
  return JSON.stringify({ format: MARKER_FORMAT, note: "written by lipvar report: this folder is replaced as a whole by the next report", entries: names }, null, 1) + "\n";
}

/** The top-level names a marker file lists, or undefined if `text` is not a lipvar marker. */
function markerEntries(text: string): string[] | undefined {
  try {
    const m = JSON.parse(text) as { format?: unknown; entries?: unknown };
    if (m.format !== MARKER_FORMAT || !Array.isArray(m.entries) || !m.entries.every((e) => typeof e === "string")) return undefined;
    return m.entries as string[];
  } catch {
    return undefined;
  }
}

/**
 * Check that `path` (option `option`) may be written as a report folder:
 * see the module comment. Returns its absolute path and what it holds.
 */
export async function checkReportFolder(option: string, path: string): Promise<ReportFolderState> {
  if (typeof path !== "string" || path === "") throw new OutputError(`${option} must name a report folder, got ''`);
  const target = resolve(path);
  const refuse = (why: string) => new OutputError(`${option} ${path}: ${why}; give a new or empty folder (or one lipvar wrote)`);
  if (target === resolve("/")) throw refuse("is the root folder");
  if (target === resolve(homedir())) throw refuse("is your home folder");
  if (isInside(process.cwd(), target)) throw refuse(target === process.cwd() ? "is the current folder" : "contains the current folder");
  return inTime(`${option} ${path}`, (async () => {
    await checkParent(option, path, dirname(target));
    const s = await lstatOrUndefined(target);
    if (s === undefined) return { path: target, kind: "new" as const };
    if (s.isSymbolicLink()) throw refuse("is a symbolic link");
    if (!s.isDirectory()) throw refuse("is a file, not a folder");
    const entries = await readdir(target);
    if (entries.length === 0) return { path: target, kind: "empty" as const };
    if (!entries.includes(REPORT_MARKER)) throw refuse(`holds files and is not a lipvar report folder (no ${REPORT_MARKER})`);
    const listed = markerEntries(await readFile(join(target, REPORT_MARKER), "utf8").catch(() => ""));
    if (!listed) throw refuse(`its ${REPORT_MARKER} is not a lipvar marker file`);
    const foreign = entries.filter((e) => !listed.includes(e) && e !== REPORT_MARKER);
    if (foreign.length > 0) throw refuse(`holds ${foreign.length === 1 ? "a file" : "files"} lipvar did not write (${foreign.slice(0, 3).join(", ")}${foreign.length > 3 ? ", …" : ""})`);
    return { path: target, kind: "report" as const };
  })());
}
