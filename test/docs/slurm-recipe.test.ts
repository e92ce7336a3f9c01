/**
 * The Slurm recipe of docs/sharding.md, run the way a scheduler runs it:
 * lipvar installed with `npm install -g --prefix ~/.local/lipvar` from this
 * checkout (as on a login node), examples/slurm/submit.sh submitting the
 * array and the merge through test/docs/fake-sbatch (which starts every task
 * at once with SLURM_ARRAY_TASK_ID and SLURM_CPUS_PER_TASK in its
 * environment, as slurmd does). One task loses lipvar (a node without it:
 * exit 127) and leaves no shard file; the merge names the missing shard; a
 * re-run of that index alone and a second merge give exactly the one-machine
 * JSON (but `run`). The job scripts are run as written except for their
 * sizes, shrunk here (each substitution must match once) to keep the test short.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "./console-blocks.js";

const tmp = mkdtempSync(join(tmpdir(), "lipvar-slurm-"));
const home = join(tmp, "home");
const recipe = join(tmp, "recipe");
const fakeBin = join(tmp, "fake-bin");
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The job scripts with their sizes shrunk: [file, as written, in the test]. */
const SHRINK: [string, string, string][] = [
  ["variance.sbatch", "--samples 100000000", "--samples 40000 --chunk-size 2000"],
  ["decay.sbatch", "--depth 15 --width 1024 --batch 1024 --replicates 32", "--depth 4 --width 16 --batch 64 --replicates 6"],
  ["train.sbatch", "lipvar train --data covtype.data.gz", "lipvar train --data covtype.data.gz --depths 2 --seeds 2 --epochs 1 --width 8 --models plain,sll"],
];

const env = () => ({ ...process.env, HOME: home, PATH: `${fakeBin}:${process.env.PATH}`, FAKE_SLURM_DIR: join(tmp, "slurm") });

/** `bash submit.sh …` in the submit folder; its stdout line. */
function submit(args: string[], extra: Record<string, string> = {}): { code: number; out: string; err: string } {
  const r = spawnSync("bash", [join(recipe, "submit.sh"), ...args], { cwd: tmp, env: { ...env(), ...extra }, encoding: "utf8" });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

/** The one-machine result of a command (its JSON without `run`), with this checkout's lipvar. */
function oneMachine(args: string[]): unknown {
  const json = JSON.parse(execFileSync(process.execPath, [join(ROOT, "bin", "lipvar.js"), ...args, "--json"], { cwd: tmp, encoding: "utf8", env: { ...process.env, CI: "1" } }));
  delete json.run;
  return json;
}

function merged(file: string): unknown {
  const json = JSON.parse(readFileSync(file, "utf8"));
  delete json.run;
  return json;
}

beforeAll(() => {
  mkdirSync(home);
  // The install step of docs/sharding.md, from this checkout.
  execFileSync("npm", ["install", "-g", "--prefix", join(home, ".local", "lipvar"), ROOT, "--no-fund", "--no-audit", "--loglevel=error"], { env: { ...process.env, HOME: home } });
  mkdirSync(fakeBin);
  symlinkSync(join(ROOT, "test", "docs", "fake-sbatch"), join(fakeBin, "sbatch"));
  cpSync(join(ROOT, "examples", "slurm"), recipe, { recursive: true });
  for (const [file, written, small] of SHRINK) {
    const text = readFileSync(join(recipe, file), "utf8");
    expect(text.split(written).length - 1, `${file}: '${written}'`).toBe(1);
    writeFileSync(join(recipe, file), text.replace(written, small));
  }
}, 120_000);

describe("the Slurm recipe (examples/slurm, docs/sharding.md)", () => {
  it("docs/sharding.md shows every script of examples/slurm as it is", () => {
    const doc = readFileSync(join(ROOT, "docs", "sharding.md"), "utf8");
    for (const file of readdirSync(join(ROOT, "examples", "slurm"))) {
      expect(doc.includes("```bash\n" + readFileSync(join(ROOT, "examples", "slurm", file), "utf8")), file).toBe(true);
    }
  });

  it("installs lipvar where the job scripts look for it", () => {
    expect(execFileSync(join(home, ".local", "lipvar", "bin", "lipvar"), ["--version"], { encoding: "utf8" }).trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("variance: a task without lipvar leaves no shard, merge names it, re-running that index alone completes the run", () => {
    const first = submit(["variance", "4"], { FAKE_SLURM_LOSE_PATH: "2" });
    expect(first.code, first.err).toBe(0);
    const run = /^(runs\/variance-\S+): shards 0-3 of 4 in array job \d+, merge in job \d+$/.exec(first.out.trim())?.[1];
    expect(run, first.out).toBeDefined();
    const folder = join(tmp, run!);
    const shards = () => readdirSync(folder).filter((f) => f.startsWith("shard-")).sort();
    expect(shards()).toEqual(["shard-0.json", "shard-1.json", "shard-3.json"]);
    const lost = readdirSync(folder).find((f) => f.endsWith("_2.out"))!;
    expect(readFileSync(join(folder, lost), "utf8")).toMatch(/lipvar: command not found/);
    const mergeLog = readdirSync(folder).filter((f) => f.startsWith("slurm-merge-"));
    expect(mergeLog).toHaveLength(1);
    expect(readFileSync(join(folder, mergeLog[0]), "utf8").trim()).toBe("lipvar: error: missing shards: 2/4 (got 3 of 4)");
    expect(existsSync(join(folder, "variance.json"))).toBe(false);

    const again = submit(["variance", "4", run!, "2"]);
    expect(again.code, again.err).toBe(0);
    expect(again.out).toMatch(/: shards 2 of 4 in array job/);
    expect(shards()).toEqual(["shard-0.json", "shard-1.json", "shard-2.json", "shard-3.json"]);
    expect(merged(join(folder, "variance.json"))).toEqual(
      oneMachine(["variance", "--transform", "aol", "--d", "64", "--n", "16", "--dist", "laplace", "--samples", "40000", "--chunk-size", "2000", "--seed", "1"]),
    );
    // The run folder remembers K: a re-run with another K is refused.
    const wrongK = submit(["variance", "3", run!, "0"]);
    expect(wrongK.code).toBe(2);
    expect(wrongK.err.trim()).toBe(`submit.sh: ${run} was split into 4 shards, not 3`);
  });

  it("decay: shards by replicate network and merges to the one-machine result", () => {
    const r = submit(["decay", "3", "runs/decay"]);
    expect(r.code, r.err).toBe(0);
    expect(merged(join(tmp, "runs/decay/decay.json"))).toEqual(oneMachine(["decay", "--depth", "4", "--width", "16", "--batch", "64", "--replicates", "6", "--seed", "1"]));
  });

  it("train: on a data file from lipvar data synthetic, shards by run and merges to the one-machine result", () => {
    execFileSync(join(home, ".local", "lipvar", "bin", "lipvar"), ["data", "synthetic", "--rows", "800", "--seed", "2", "--out", "covtype.data.gz"], { cwd: tmp });
    const r = submit(["train", "2", "runs/train"]);
    expect(r.code, r.err).toBe(0);
    expect(merged(join(tmp, "runs/train/train.json"))).toEqual(
      oneMachine(["train", "--data", "covtype.data.gz", "--depths", "2", "--seeds", "2", "--epochs", "1", "--width", "8", "--models", "plain,sll"]),
    );
  });
});
