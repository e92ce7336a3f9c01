/**
 * Atomic writes, so an interrupted run (crash, Ctrl-C, power loss) leaves the
 * last good result and never a half-written one.
 *
 * - `writeFileAtomic`: the data goes to a temporary file in the same
 *   directory (same file system, so rename is atomic), is fsynced, then
 *   renamed over the target; the directory is fsynced so the rename persists.
 * - `writeReportDir`: a whole report is staged in a hidden sibling directory
 *   and swapped in by two renames (old → hidden "previous", staged → target),
 *   then the previous copy is removed. A failure while staging removes the
 *   staging directory and leaves the old report untouched. POSIX cannot swap
 *   two directories in one step; if the process dies between the two renames
 *   the old report is still on disk as the "previous" sibling, and the next
 *   writeReportDir puts it back before doing anything else. Leftover staging
 *   directories of dead processes are removed then, too.
 *
 * Every temporary (temporary file, staging and previous folders) lives next
 * to its target and is registered with src/io/cleanup.ts, so Ctrl-C or
 * SIGTERM removes it too (and puts the previous report back if the signal
 * falls between the two renames). A system error while writing (disk full,
 * read-only) becomes one OutputError line naming the path
 * (src/io/output-paths.ts). `writeReportDir` checks its folder with
 * `checkReportFolder` first and marks it with the marker file, so it never
 * replaces a folder lipvar did not write.
 */
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, renameSync, rmSync } from "node:fs";
import { mkdir, open, readdir, rename, rm, stat, unlink } from "node:fs/promises";
import { basename, dirname, isAbsolute, join, normalize, resolve, sep } from "node:path";
import { removeOnInterrupt, whileWriting } from "../io/cleanup.js";
import { checkReportFolder, describeIoError, REPORT_MARKER, reportMarkerText } from "../io/output-paths.js";

export type FileData = string | Uint8Array;

function uniqueSuffix(): string {
  return `${process.pid}-${randomBytes(4).toString("hex")}`;
}

async function fsyncDirectory(dir: string): Promise<void> {
  // Directories cannot be opened for fsync on every platform (Windows): best effort.
  try {
    const fh = await open(dir, "r");
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    /* not supported here */
  }
}

async function writeAndSync(path: string, data: FileData, flags: string): Promise<void> {
  if (typeof data !== "string" && !(data instanceof Uint8Array)) {
    throw new TypeError(`data for ${path} must be a string or a Uint8Array, got ${data === null ? "null" : typeof data}`);
  }
  const fh = await open(path, flags, 0o644);
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Replace the file at `path` with `data` atomically (its directory must exist). */
export async function writeFileAtomic(path: string, data: FileData): Promise<void> {
  const target = resolve(path);
  const temp = join(dirname(target), `.${basename(target)}.${uniqueSuffix()}.tmp`);
  const forget = removeOnInterrupt(temp);
  try {
    await writeAndSync(temp, data, "wx");
    await rename(temp, target);
  } catch (e) {
    await unlink(temp).catch(() => {});
    throw describeIoError(path, e);
  } finally {
    forget();
  }
  await fsyncDirectory(dirname(target));
}

/** The files of a report: relative path (with / separators) → contents. */
export type ReportFiles = Record<string, FileData>;

/** Adds one file to the report being staged. */
export type PutReportFile = (relativePath: string, data: FileData) => Promise<void>;

function checkRelativePath(relativePath: string): string {
  const normal = normalize(relativePath);
  if (typeof relativePath !== "string" || relativePath === "" || isAbsolute(relativePath) || normal === ".." || normal.startsWith(`..${sep}`) || normal === ".") {
    throw new RangeError(`report file path must be a relative path inside the report, got '${relativePath}'`);
  }
  return normal;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/**
 * Undo what an earlier, interrupted writeReportDir of `target` left behind:
 * restore the previous report if the process died between the two renames,
 * and delete staging directories of processes that are gone. (One writer per
 * report directory at a time; a live writer's staging directory is left alone.)
 */
async function recover(target: string): Promise<void> {
  const parent = dirname(target);
  const stagingPrefix = `.${basename(target)}.staging-`;
  const previousPrefix = `.${basename(target)}.previous-`;
  const pidOf = (name: string, prefix: string) => Number(name.slice(prefix.length).split("-")[0]);
  const entries = await readdir(parent).catch(() => [] as string[]);
  const previous = entries.filter((e) => e.startsWith(previousPrefix));
  if (previous.length > 0 && !(await exists(target))) {
    // The newest previous copy is the last good report.
    const mtimes = new Map(await Promise.all(previous.map(async (e) => [e, (await stat(join(parent, e))).mtimeMs] as const)));
    previous.sort((a, b) => mtimes.get(a)! - mtimes.get(b)!);
    await rename(join(parent, previous.pop()!), target);
  }
  for (const e of previous) await rm(join(parent, e), { recursive: true, force: true });
  for (const e of entries.filter((e) => e.startsWith(stagingPrefix))) {
    const pid = pidOf(e, stagingPrefix);
    if (pid !== process.pid && isAlive(pid)) continue;
    await rm(join(parent, e), { recursive: true, force: true });
  }
}

/**
 * Write the first file a report puts into its folder before the final swap
 * (the first resume cache of `generateReport`, `relativePath` such as
 * ".partial/decay.json"): create `dir` if needed, mark it with the report
 * marker (listing what it already lists plus the file's top-level entry),
 * then write the file atomically. `dir` must have passed
 * `checkReportFolder`. If this fails or is interrupted, the folder is put
 * back as it was: removed if it was created here, emptied again if it was
 * empty.
 */
export async function startReportDir(dir: string, relativePath: string, data: FileData): Promise<void> {
  const target = resolve(dir);
  const rel = checkRelativePath(relativePath);
  const marker = join(target, REPORT_MARKER);
  const existed = existsSync(target);
  const wasEmpty = existed && (await readdir(target)).length === 0;
  const undo = () => {
    if (!existed) rmSync(target, { recursive: true, force: true });
    else if (wasEmpty) for (const e of readdirSync(target)) rmSync(join(target, e), { recursive: true, force: true });
  };
  const forget = whileWriting(undo);
  try {
    if (!existed) await mkdir(target);
    const listed = await readdir(target);
    await writeFileAtomic(marker, reportMarkerText([...listed, rel.split(sep)[0]]));
    await mkdir(dirname(join(target, rel)), { recursive: true });
    await writeFileAtomic(join(target, rel), data);
  } catch (e) {
    undo();
    throw describeIoError(dir, e);
  } finally {
    forget();
  }
}

/**
 * Write a whole report directory atomically: either every file of the new
 * report is in `dir`, or the previous `dir` is left exactly as it was.
 * `files` is a map of relative paths to contents, or an async function that
 * adds files one by one through `put` (so figures can be rendered and
 * written as they are made); if it throws, nothing changes and the error is
 * rethrown. The new report replaces the old directory entirely and carries
 * the marker file listing its entries. `dir` must be new, empty or a folder
 * lipvar wrote (checkReportFolder; `option` names it in the refusal).
 */
export async function writeReportDir(dir: string, files: ReportFiles | ((put: PutReportFile) => Promise<void>), option = "report folder"): Promise<void> {
  const { path: target } = await checkReportFolder(option, dir);
  const parent = dirname(target);
  try {
    await recover(target);
  } catch (e) {
    throw describeIoError(dir, e);
  }

  const suffix = uniqueSuffix();
  const staging = join(parent, `.${basename(target)}.staging-${suffix}`);
  const previous = join(parent, `.${basename(target)}.previous-${suffix}`);
  // On an interrupt: drop the staging folder; if the old report was moved aside but the new one is not in place, put it back.
  const forget = whileWriting(() => {
    rmSync(staging, { recursive: true, force: true });
    if (existsSync(previous) && !existsSync(target)) renameSync(previous, target);
  });
  try {
    const names = new Set<string>();
    const put: PutReportFile = async (relativePath, data) => {
      const rel = checkRelativePath(relativePath);
      const path = join(staging, rel);
      names.add(rel.split(sep)[0]);
      await mkdir(dirname(path), { recursive: true });
      await writeAndSync(path, data, "w");
    };
    try {
      await mkdir(staging);
      if (typeof files === "function") await files(put);
      else for (const [path, data] of Object.entries(files)) await put(path, data);
      await writeAndSync(join(staging, REPORT_MARKER), reportMarkerText([...names]), "w");
      await fsyncDirectory(staging);
    } catch (e) {
      await rm(staging, { recursive: true, force: true });
      throw describeIoError(dir, e);
    }

    const hadOld = await exists(target);
    try {
      if (hadOld) await rename(target, previous);
      await rename(staging, target);
    } catch (e) {
      if (hadOld && !(await exists(target)) && (await exists(previous))) await rename(previous, target);
      await rm(staging, { recursive: true, force: true });
      throw describeIoError(dir, e);
    }
    await fsyncDirectory(parent);
    await rm(previous, { recursive: true, force: true });
  } finally {
    forget();
  }
}
