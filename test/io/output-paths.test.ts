/**
 * The output-path checks (src/io/output-paths.ts) and the interrupt clean-up
 * (src/io/cleanup.ts): what may be written, what is refused with which
 * line, and that nothing is left behind — including after SIGINT/SIGTERM of
 * a real `lipvar` process.
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { checkOutputFile, checkReportFolder, describeIoError, OutputError, REPORT_MARKER, reportMarkerText } from "../../src/io/output-paths.js";
import { pendingCleanups } from "../../src/io/cleanup.js";

const fresh = () => mkdtempSync(join(tmpdir(), "lipvar-paths-"));

describe("checkOutputFile", () => {
  it("accepts a new file or a regular file in a writable folder, and leaves no probe file", async () => {
    const dir = fresh();
    writeFileSync(join(dir, "old.json"), "x");
    expect(await checkOutputFile("--out", join(dir, "new.json"))).toBe(join(dir, "new.json"));
    expect(await checkOutputFile("--out", join(dir, "old.json"))).toBe(join(dir, "old.json"));
    expect(readdirSync(dir)).toEqual(["old.json"]);
    expect(pendingCleanups()).toBe(0);
  });

  it.each([
    ["", /^--out must name a file, got ''$/],
    ["/nonexistent-lipvar-dir/x.json", /folder \/nonexistent-lipvar-dir does not exist$/],
    ["/proc/x.json", /\/proc is on the kernel's proc file system, not a place for output$/],
    ["/sys/kernel/x", /sysfs file system/],
    ["/dev/null", /\/dev is \/dev, a system folder, not a place for output$/],
    ["/dev/shm/x.json", /inside \/dev, a system folder/],
    ["some-dir/", /must name a file, not a folder/],
    [".", /must name a file, not a folder/],
  ])("refuses %j", async (path, message) => {
    await expect(checkOutputFile("--out", path)).rejects.toThrow(message);
  });

  it("refuses a folder, a symbolic link and a path through a file", async () => {
    const dir = fresh();
    writeFileSync(join(dir, "file"), "keep");
    mkdirSync(join(dir, "sub"));
    symlinkSync(join(dir, "file"), join(dir, "link"));
    await expect(checkOutputFile("--junit", join(dir, "sub"))).rejects.toThrow(/^--junit .*sub: is a folder; give a file name$/);
    await expect(checkOutputFile("--junit", join(dir, "link"))).rejects.toThrow(/is a symbolic link/);
    await expect(checkOutputFile("--junit", join(dir, "file", "x.xml"))).rejects.toThrow(/file is not a folder$/);
    await expect(checkOutputFile("--junit", join(dir, "sub"))).rejects.toBeInstanceOf(OutputError);
    expect(readdirSync(dir).sort()).toEqual(["file", "link", "sub"]);
  });
});

describe("describeIoError", () => {
  it("a system error while writing is one line naming the path and the system's reason; other errors pass through", () => {
    const full = Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
    const e = describeIoError("out/results.json", full);
    expect(e).toBeInstanceOf(OutputError);
    expect((e as Error).message).toBe("cannot write out/results.json: ENOSPC: no space left on device");
    const readOnly = Object.assign(new Error("EROFS: read-only file system, open '/mnt/x'"), { code: "EROFS" });
    expect((describeIoError("/mnt/x", readOnly) as Error).message).toBe("cannot write /mnt/x: EROFS: read-only file system");
    const bug = new TypeError("not a system error");
    expect(describeIoError("x", bug)).toBe(bug);
  });
});

describe("checkReportFolder", () => {
  it("new, empty and marked folders are accepted; the marker lists the entries", async () => {
    const dir = fresh();
    expect((await checkReportFolder("--out", join(dir, "new"))).kind).toBe("new");
    mkdirSync(join(dir, "empty"));
    expect((await checkReportFolder("--out", join(dir, "empty"))).kind).toBe("empty");
    mkdirSync(join(dir, "rep"));
    writeFileSync(join(dir, "rep", "index.md"), "#");
    writeFileSync(join(dir, "rep", REPORT_MARKER), reportMarkerText(["index.md", "figures/a.png"]));
    expect((await checkReportFolder("--out", join(dir, "rep"))).kind).toBe("report");
    expect(JSON.parse(reportMarkerText(["index.md", "figures/a.png"])).entries).toEqual([REPORT_MARKER, "figures", "index.md"]);
  });

  it("refuses what lipvar did not write, and dangerous folders", async () => {
    const dir = fresh();
    mkdirSync(join(dir, "theirs"));
    writeFileSync(join(dir, "theirs", "notes.txt"), "x");
    mkdirSync(join(dir, "rep"));
    writeFileSync(join(dir, "rep", REPORT_MARKER), reportMarkerText(["index.md"]));
    writeFileSync(join(dir, "rep", "mine.txt"), "x");
    mkdirSync(join(dir, "fake"));
    writeFileSync(join(dir, "fake", REPORT_MARKER), "hello");
    writeFileSync(join(dir, "afile"), "x");
    const cases: [string, RegExp][] = [
      ["", /^--out must name a report folder, got ''$/],
      [".", /^--out \.: is the current folder; give a new or empty folder \(or one lipvar wrote\)$/],
      ["..", /contains the current folder/],
      ["/", /is the root folder/],
      [homedir(), /is your home folder/],
      ["/proc/rep", /proc file system/],
      [join(dir, "theirs"), /holds files and is not a lipvar report folder \(no \.lipvar-report\)/],
      [join(dir, "rep"), /holds a file lipvar did not write \(mine\.txt\)/],
      [join(dir, "fake"), /is not a lipvar marker file/],
      [join(dir, "afile"), /is a file, not a folder/],
      [join(dir, "missing", "rep"), /does not exist/],
    ];
    for (const [path, message] of cases) await expect(checkReportFolder("--out", path)).rejects.toThrow(message);
  });
});

describe("interrupting a real lipvar process", () => {
  const bin = fileURLToPath(new URL("../../bin/lipvar.js", import.meta.url));

  /** Start `lipvar ...args` in `cwd`; once `ready(stderr so far)` holds, send `signal`. */
  async function interrupt(cwd: string, args: string[], signal: NodeJS.Signals, ready: (stderr: string) => boolean): Promise<{ code: number | null; stderr: string }> {
    const child = spawn(process.execPath, [bin, ...args], { cwd, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
    const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
    // Poll (every 5 ms, at most 60 s) for the moment to interrupt.
    for (let i = 0; i < 12000 && child.exitCode === null && !ready(stderr); i++) await new Promise((r) => setTimeout(r, 5));
    child.kill(signal);
    return { code: await exited, stderr };
  }

  it("SIGINT while a report is being staged: exit 130, one line, no staging folder, old report kept", async () => {
    const dir = fresh();
    writeFileSync(join(dir, "sentinel"), "keep");
    // A first report to replace (quick: a few seconds).
    const first = await new Promise<number | null>((r) => spawn(process.execPath, [bin, "report", "--quick", "--out", "rep", "--workers", "1"], { cwd: dir, stdio: "ignore" }).once("exit", r));
    expect(first).toBe(0);
    const before = readdirSync(join(dir, "rep")).sort();
    const staging = () => readdirSync(dir).some((e) => e.startsWith(".rep.staging-"));
    const { code, stderr } = await interrupt(dir, ["report", "--quick", "--out", "rep", "--workers", "1"], "SIGINT", staging);
    expect(code).toBe(130);
    const lines = stderr.trimEnd().split("\n").filter((l) => l.startsWith("lipvar:"));
    expect(lines).toEqual(["lipvar: interrupted (SIGINT); partial output removed"]);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(dir).sort()).toEqual(["rep", "sentinel"]);
    expect(readdirSync(join(dir, "rep")).sort()).toEqual(before);
  }, 120_000);

  // Long runs that must stop at Ctrl-C, not when their work ends (each would
  // take minutes, far past the test's limit):
  //  - training: runs compute on worker threads, so the main thread handles
  //    the signal at once (interrupted once the progress shows: the run started);
  //  - variance --workers 1: the calling thread computes every chunk and turns
  //    its event loop between chunks (it used to await each chunk without
  //    turning it, and Ctrl-C waited for the whole run);
  //  - sample into a file (here /dev/null): every write returns at once, so the
  //    command turns its event loop every 50 ms (it used to write all 20 GB
  //    first: 430 s).
  it.each([
    ["a long training run", ["train", "--models", "sll", "--depths", "30", "--seeds", "1", "--epochs", "60", "--rows", "40000", "--workers", "1", "--out", "t.json"], "train"],
    ["a long in-process run (--workers 1)", ["variance", "--transform", "aol", "--d", "64", "--n", "64", "--samples", "6000000", "--seed", "1", "--workers", "1", "--out", "v.json"], "variance"],
    ["`lipvar sample` writing a billion values into a file", ["sample", "--beta", "1", "--count", "1000000000", "--seed", "1"], null],
  ] as const)("SIGINT during %s: exit 130 at once, not after the work; nothing written", async (_what, args, progressLabel) => {
    const dir = fresh();
    const started = Date.now();
    const ready = (err: string) => (progressLabel === null ? Date.now() - started > 1500 : err.includes(progressLabel));
    const { code, stderr } = await interrupt(dir, [...args], "SIGINT", ready);
    expect(code).toBe(130);
    expect(stderr.trimEnd().split("\n").filter((l) => l.startsWith("lipvar:"))).toEqual(["lipvar: interrupted (SIGINT)"]);
    expect(readdirSync(dir)).toEqual([]);
  }, 60_000);

  it("SIGTERM while a new report runs its stages: exit 143, one line, nothing left but the marker and the resume caches", async () => {
    const dir = fresh();
    writeFileSync(join(dir, "sentinel"), "keep");
    // The first progress line: the handlers are installed and the stages are running.
    const { code, stderr } = await interrupt(dir, ["report", "--quick", "--out", "rep", "--workers", "1"], "SIGTERM", (err) => err.includes("report "));
    expect(code).toBe(143);
    expect(stderr.trimEnd().split("\n").filter((l) => l.startsWith("lipvar:"))).toHaveLength(1);
    expect(stderr).toMatch(/lipvar: interrupted \(SIGTERM\)/);
    // The report may have cached finished stages for --resume (rep/ with its marker), never anything else.
    const left = readdirSync(dir).sort();
    expect(left.filter((e) => e !== "rep")).toEqual(["sentinel"]);
    if (left.includes("rep")) expect(readdirSync(join(dir, "rep")).sort()).toEqual([REPORT_MARKER, ".partial"].sort());
  }, 60_000);
});
