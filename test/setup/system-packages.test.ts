/**
 * scripts/system-packages.sh (step 1 of scripts/setup.sh): using lipvar
 * needs no root. Run with stand-ins for dpkg-query, id, sudo and apt-get on
 * PATH: Chromium is wanted only with --browser (npm test), missing packages
 * are installed only as root or with password-less sudo, and otherwise the
 * set-up warns and goes on — except --browser without any Chromium.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = new URL("../../", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "lipvar-setup-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const log = join(dir, "apt.log");

const fakes: Record<string, string> = {
  // Installed: the packages listed in FAKE_INSTALLED (space-separated).
  "dpkg-query": `#!/bin/bash\nfor p in $FAKE_INSTALLED; do [ "$p" = "\${@: -1}" ] && { printf 'install ok installed'; exit 0; }; done\nexit 1\n`,
  id: `#!/bin/bash\necho "$FAKE_UID"\n`,
  sudo: `#!/bin/bash\n[ "$FAKE_SUDO" = ok ] || exit 1\n[ "$1" = -n ] && shift\n[ "$1" = true ] && exit 0\necho -n "sudo " >> "${log}"\nexec "$@"\n`,
  "apt-get": `#!/bin/bash\necho "apt-get $*" >> "${log}"\n`,
};
for (const [name, text] of Object.entries(fakes)) {
  writeFileSync(join(dir, name), text);
  chmodSync(join(dir, name), 0o755);
}

const CANVAS_LIBS = "libcairo2-dev libpango1.0-dev libjpeg-dev libgif-dev librsvg2-dev pkg-config";

function run(args: string[], env: { installed: string; uid: number; sudo?: "ok" | "no"; chromium?: string }) {
  rmSync(log, { force: true });
  const e: NodeJS.ProcessEnv = { ...process.env, PATH: `${dir}:${process.env.PATH}`, FAKE_INSTALLED: env.installed, FAKE_UID: String(env.uid), FAKE_SUDO: env.sudo ?? "no" };
  delete e.LIPVAR_CHROMIUM;
  if (env.chromium) e.LIPVAR_CHROMIUM = env.chromium;
  const r = spawnSync("bash", [join(ROOT, "scripts", "system-packages.sh"), ...args], { encoding: "utf8", env: e });
  return { code: r.status, err: r.stderr, apt: existsSync(log) ? readFileSync(log, "utf8") : "" };
}

describe("scripts/system-packages.sh", () => {
  it("without root: warns about missing canvas libraries and goes on; never asks for chromium without --browser", () => {
    const r = run([], { installed: "pkg-config", uid: 1000 });
    expect(r.code).toBe(0);
    expect(r.apt).toBe("");
    expect(r.err.trim()).toBe("lipvar setup: cannot install libcairo2-dev libpango1.0-dev libjpeg-dev libgif-dev librsvg2-dev (needs root or apt-get); going on without them");
  });

  it("as root: installs exactly the missing packages, chromium only with --browser", () => {
    expect(run([], { installed: "pkg-config libjpeg-dev", uid: 0 }).apt).toBe(
      "apt-get update -qq\napt-get install -y -qq --no-install-recommends libcairo2-dev libpango1.0-dev libgif-dev librsvg2-dev\n",
    );
    expect(run(["--browser"], { installed: CANVAS_LIBS, uid: 0 }).apt).toBe("apt-get update -qq\napt-get install -y -qq --no-install-recommends chromium\n");
    expect(run([], { installed: CANVAS_LIBS, uid: 0 }).apt).toBe("");
  });

  it("with password-less sudo: installs through sudo", () => {
    expect(run(["--browser"], { installed: CANVAS_LIBS, uid: 1000, sudo: "ok" }).apt).toBe("sudo apt-get update -qq\nsudo apt-get install -y -qq --no-install-recommends chromium\n");
  });

  it("--browser without root and without chromium stops with one line, unless LIPVAR_CHROMIUM names one", () => {
    const r = run(["--browser"], { installed: CANVAS_LIBS, uid: 1000 });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/the browser tests need chromium: install it \(apt-get install chromium\) or set LIPVAR_CHROMIUM/);
    const other = run(["--browser"], { installed: CANVAS_LIBS, uid: 1000, chromium: "/opt/chromium/chrome" });
    expect([other.code, other.err, other.apt]).toEqual([0, "", ""]);
  });

  it("refuses an unknown option", () => {
    const r = run(["--chromium"], { installed: CANVAS_LIBS, uid: 0 });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown option --chromium/);
  });
});
