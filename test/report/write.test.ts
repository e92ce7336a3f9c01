import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startReportDir, writeFileAtomic, writeReportDir } from "../../src/report/write.js";
import { REPORT_MARKER } from "../../src/io/output-paths.js";
import { pendingCleanups } from "../../src/io/cleanup.js";

const fresh = () => mkdtempSync(join(tmpdir(), "lipvar-write-"));

/** Every file under `dir` with its contents, paths relative to `dir` (without the report marker, checked on its own). */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
      if (rel === "" && e.name === REPORT_MARKER) continue;
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(r);
      else out[r] = readFileSync(join(dir, r), "utf8");
    }
  };
  walk("");
  return out;
}

describe("writeFileAtomic", () => {
  it("creates and replaces a file, leaving no temporary file", async () => {
    const dir = fresh();
    const path = join(dir, "results.json");
    await writeFileAtomic(path, "first");
    await writeFileAtomic(path, new Uint8Array([115, 101, 99, 111, 110, 100]));
    expect(readFileSync(path, "utf8")).toBe("second");
    expect(readdirSync(dir)).toEqual(["results.json"]);
  });

  it("a failed write leaves the old file and no temporary file", async () => {
    const dir = fresh();
    const path = join(dir, "results.json");
    await writeFileAtomic(path, "good");
    await expect(writeFileAtomic(path, 42 as unknown as string)).rejects.toThrow("must be a string or a Uint8Array, got number");
    expect(readFileSync(path, "utf8")).toBe("good");
    expect(readdirSync(dir)).toEqual(["results.json"]);
    await expect(writeFileAtomic(join(dir, "missing-dir", "x.json"), "x")).rejects.toThrow(/ENOENT/);
  });
});

describe("writeReportDir", () => {
  it("writes nested files and replaces the whole previous report", async () => {
    const root = fresh();
    const dir = join(root, "report");
    await writeReportDir(dir, { "index.md": "# one", "figures/a.png": new Uint8Array([1, 2, 3]), "old-only.txt": "x" });
    expect(Object.keys(snapshot(dir)).sort()).toEqual(["figures/a.png", "index.md", "old-only.txt"]);
    await writeReportDir(dir, async (put) => {
      await put("index.md", "# two");
      await put("figures/b.png", "b");
    });
    expect(snapshot(dir)).toEqual({ "index.md": "# two", "figures/b.png": "b" });
    expect(readdirSync(root)).toEqual(["report"]);
    // The marker lists what the report holds, so the next run knows the folder is lipvar's.
    expect(JSON.parse(readFileSync(join(dir, REPORT_MARKER), "utf8")).entries).toEqual([REPORT_MARKER, "figures", "index.md"]);
    expect(pendingCleanups()).toBe(0);
  });

  it("startReportDir marks the folder with its first file, and undoes everything if that fails", async () => {
    const root = fresh();
    await startReportDir(join(root, "new"), ".partial/a.json", "{}");
    expect(readdirSync(join(root, "new")).sort()).toEqual([".lipvar-report", ".partial"]);
    expect(JSON.parse(readFileSync(join(root, "new", REPORT_MARKER), "utf8")).entries).toEqual([".lipvar-report", ".partial"]);
    // A failing write (data of the wrong type): a created folder is removed, an empty one emptied again.
    await expect(startReportDir(join(root, "other"), ".partial/a.json", 42 as unknown as string)).rejects.toThrow(/must be a string or a Uint8Array/);
    mkdirSync(join(root, "empty"));
    await expect(startReportDir(join(root, "empty"), ".partial/a.json", 42 as unknown as string)).rejects.toThrow(/must be a string or a Uint8Array/);
    expect(readdirSync(root).sort()).toEqual(["empty", "new"]);
    expect(readdirSync(join(root, "empty"))).toEqual([]);
    expect(pendingCleanups()).toBe(0);
  });

  it("refuses a folder it did not write, before writing anything", async () => {
    const root = fresh();
    const dir = join(root, "theirs");
    mkdirSync(dir);
    writeFileSync(join(dir, "notes.txt"), "keep me");
    await expect(writeReportDir(dir, { "index.md": "# x" }, "--out")).rejects.toThrow(/^--out .*theirs: holds files and is not a lipvar report folder/);
    expect(snapshot(dir)).toEqual({ "notes.txt": "keep me" });
    expect(readdirSync(root)).toEqual(["theirs"]);
  });

  it("a failure midway leaves the old report untouched and no temporary directory", async () => {
    const root = fresh();
    const dir = join(root, "report");
    await writeReportDir(dir, { "index.md": "# good", "figures/f.png": "png", "results.json": "{}" });
    const before = snapshot(dir);
    await expect(
      writeReportDir(dir, async (put) => {
        await put("index.md", "# half");
        await put("figures/f.png", "new png");
        throw new Error("rendering figure 3 failed");
      }),
    ).rejects.toThrow("rendering figure 3 failed");
    expect(snapshot(dir)).toEqual(before);
    expect(readdirSync(root)).toEqual(["report"]);
  });

  it("rejects paths that leave the report", async () => {
    const root = fresh();
    await expect(writeReportDir(join(root, "r"), { "../escape.txt": "x" })).rejects.toThrow(
      "report file path must be a relative path inside the report, got '../escape.txt'",
    );
    await expect(writeReportDir(join(root, "r"), { "/etc/x": "x" })).rejects.toThrow(RangeError);
    expect(readdirSync(root)).toEqual([]);
  });

  it("puts the old report back when an earlier run died between the two renames", async () => {
    const root = fresh();
    // What a run killed after `report → .report.previous-…` and before `staging → report` leaves.
    mkdirSync(join(root, ".report.previous-999999999-abcd"));
    writeFileSync(join(root, ".report.previous-999999999-abcd", "index.md"), "# last good");
    mkdirSync(join(root, ".report.staging-999999999-abcd"));
    await expect(writeReportDir(join(root, "report"), async () => Promise.reject(new Error("fails again")))).rejects.toThrow("fails again");
    expect(snapshot(join(root, "report"))).toEqual({ "index.md": "# last good" });
    expect(readdirSync(root)).toEqual(["report"]);
  });

  it("a process killed while staging leaves the old report intact; the next run cleans up", async () => {
    const root = fresh();
    const dir = join(root, "report");
    await writeReportDir(dir, { "index.md": "# good" });
    const hooks = new URL("../../scripts/ts-worker-hooks.mjs", import.meta.url).href;
    const write = new URL("../../src/report/write.ts", import.meta.url).href;
    const script = `
      const { writeReportDir } = await import(${JSON.stringify(write)});
      await writeReportDir(${JSON.stringify(dir)}, async (put) => {
        await put("index.md", "# half");
        console.log("staged");
        await new Promise(() => setInterval(() => {}, 1000)); // hang until killed
      });
    `;
    const register = `data:text/javascript,import{register}from"node:module";register(${JSON.stringify(hooks)})`;
    const child = spawn(process.execPath, ["--import", register, "--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "inherit"] });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (b: Buffer) => b.toString().includes("staged") && resolve());
      child.on("exit", (code) => reject(new Error(`child exited early with ${code}`)));
    });
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
    expect(snapshot(dir)).toEqual({ "index.md": "# good" });
    expect(readdirSync(root).some((e) => e.startsWith(".report.staging-"))).toBe(true);
    await writeReportDir(dir, { "index.md": "# next" });
    expect(snapshot(dir)).toEqual({ "index.md": "# next" });
    expect(readdirSync(root)).toEqual(["report"]);
    expect(existsSync(dir)).toBe(true);
  });
});
