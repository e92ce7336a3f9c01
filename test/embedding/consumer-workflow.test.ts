import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

// docs/ci.md's consumer workflow, run as another repository would: a fresh
// npm project that depends on the packed tarball (`npm pack`, standing in
// for the registry's lipvar), then the workflow's `run:` steps verbatim,
// read from the document, with the environment GitHub gives a job. npm test
// builds dist/ first; --ignore-scripts skips prepack's rebuild. The npm
// packages lipvar depends on come from npm's cache (the registry on a first run).
const root = join(__dirname, "../..");
const doc = readFileSync(join(root, "docs/ci.md"), "utf8");
const workflow = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]).find((y) => y.includes("name: lipvar check"))!;
const steps = [...workflow.matchAll(/^\s+- run: (.+)$/gm)].map((m) => m[1]);

const tmp = mkdtempSync(join(tmpdir(), "lipvar-consumer-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const suite = (k: number) => ({
  version: 1,
  name: "consumer layers",
  expectations: [
    { kind: "variance", transform: "aol", d: 8, n: 8, dist: "gaussian", samples: 2000, seed: 3, k },
    { kind: "variance", transform: "aol", d: 16, n: 16, dist: "laplace", samples: 1000, seed: 4, k },
    { kind: "upperBound", transform: "aol", d: 8, n: 8, dist: "uniform", samples: 1000, seed: 5, k: 4 },
  ],
});

function sh(command: string, cwd: string, env: Record<string, string> = {}) {
  return spawnSync("bash", ["-c", command], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, npm_config_prefer_offline: "true", npm_config_audit: "false", npm_config_fund: "false", npm_config_update_notifier: "false", ...env },
  });
}

describe("docs/ci.md's consumer workflow, from the packed tarball", () => {
  it("has the steps a consumer repository needs: npm ci, then npx lipvar check with a suite, a baseline and JUnit", () => {
    expect(steps).toEqual(["npm ci", "npx lipvar check --suite lipvar-suite.json --baseline lipvar-baseline.json --junit lipvar-junit.xml"]);
    expect(workflow).not.toMatch(/npm run build|bin\/lipvar|chartjs|canvas/);
  });

  it("runs in a fresh npm project: passes with annotations-free log and a job summary, fails with one ::error per failure; no canvas installed", () => {
    const tarball = execFileSync("npm", ["pack", "--ignore-scripts", "--silent", "--pack-destination", tmp], { cwd: root, encoding: "utf8" }).trim().split("\n").at(-1)!;
    const repo = join(tmp, "consumer");
    mkdirSync(repo);
    writeFileSync(join(repo, "package.json"), JSON.stringify({ name: "consumer", version: "1.0.0", private: true }));
    // The consumer's one-time set-up (docs/ci.md): lipvar as a dev dependency, a suite, its baseline.
    const install = sh(`npm install --save-dev ${JSON.stringify(join(tmp, tarball))}`, repo);
    expect(install.status, install.stderr).toBe(0);
    writeFileSync(join(repo, "lipvar-suite.json"), JSON.stringify(suite(4)));
    const baseline = sh("npx lipvar check --suite lipvar-suite.json --update-baseline lipvar-baseline.json", repo);
    expect(baseline.status, baseline.stderr).toBe(0);
    rmSync(join(repo, "node_modules"), { recursive: true });

    // The workflow's steps, as the runner runs them.
    const summary = join(tmp, "step-summary.md");
    const env = { GITHUB_ACTIONS: "true", GITHUB_STEP_SUMMARY: summary, CI: "true" };
    const outputs = steps.map((step) => {
      const r = sh(step, repo, env);
      expect(r.status, `${step}\n${r.stderr}`).toBe(0);
      return r.stdout;
    });
    const log = outputs.at(-1)!;
    expect(log).toMatch(/^PASS\s+variance-aol-laplace-d16-n16 /m);
    expect(log).toMatch(/^PASS\s+baseline:variance-aol-gaussian-d8-n8 /m);
    expect(log).toMatch(/^6 passed, 0 failed \(6 expectations\)/m);
    expect(log).not.toMatch(/^::/m);
    expect(readFileSync(summary, "utf8")).toMatch(/^### lipvar check: consumer layers — ✅ all passed$/m);
    expect(readFileSync(join(repo, "lipvar-junit.xml"), "utf8")).toMatch(/<testsuites name="consumer layers" tests="6" failures="0"/);
    // No native build: the renderer and canvas are not installed, and lipvar's dependencies have no install scripts.
    for (const pkg of ["canvas", "chartjs-node-canvas"]) expect(existsSync(join(repo, "node_modules", pkg)), pkg).toBe(false);
    const lock = JSON.parse(readFileSync(join(repo, "package-lock.json"), "utf8")) as { packages: Record<string, { hasInstallScript?: boolean }> };
    expect(Object.entries(lock.packages).filter(([, p]) => p.hasInstallScript).map(([name]) => name)).toEqual([]);

    // A tolerance too tight for Monte Carlo: the same step fails, with one annotation per failed row.
    writeFileSync(join(repo, "lipvar-suite.json"), JSON.stringify(suite(0.001)));
    const failing = sh(steps.at(-1)!, repo, env);
    expect(failing.status).toBe(1);
    const failed = failing.stdout.split("\n").filter((l) => l.startsWith("FAIL")).length;
    expect(failed).toBeGreaterThan(0);
    const annotations = failing.stdout.split("\n").filter((l) => l.startsWith("::error "));
    expect(annotations).toHaveLength(failed);
    for (const a of annotations) expect(a).toMatch(/^::error file=lipvar-suite\.json,title=lipvar check%3A [\w.:-]+::.+ SE > 0\.001 SE — /);
    expect(readFileSync(summary, "utf8")).toMatch(new RegExp(`^### lipvar check: consumer layers — ❌ ${failed} failed$`, "m"));
  }, 240_000);
});
