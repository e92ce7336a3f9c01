/**
 * The doc-test's machinery: find the ```console blocks of README.md and
 * docs/*.md, run their commands the way a reader would, and compare or
 * rewrite their output. The rule is written for readers in
 * docs/CONTRIBUTING.md ("Examples are tested"); in short:
 *
 * - A ```console block holds commands (lines starting with "$ ") each
 *   followed by its output. ```console norun is not run (say why next to it).
 * - Every block runs in a new temporary folder (holding a link examples/ to
 *   the repository's examples/) with bash; `lipvar` is
 *   `node bin/lipvar.js` of this checkout (built dist/, so `npm test` runs
 *   the set-up first), with the Wasm `simd` build (relaxed SIMD switched
 *   off, as Node 20 does by default: FMA changes last bits) and CI=1.
 * - A command's output is its stdout, then the lines of its stderr that
 *   start with "lipvar" (errors and warnings; progress lines are left out).
 * - Before comparing, both sides are masked: durations ("1.22 s"), rates
 *   ("229 steps/s", "4.5/s"), worker counts ("2 workers"), versions ("0.1.0", "v20.20.2") and the temporary
 *   folder's path become placeholders, runs of spaces count as one, and
 *   trailing spaces and blank lines are dropped.
 * - A tested block may not elide output: no line that is only "..." or "…".
 */
import { spawn } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** One ```console block: where it is, whether it runs, and its commands with their outputs. */
export interface ConsoleBlock {
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  norun: boolean;
  commands: { command: string; output: string }[];
  /** Index range [start, end) of the block's body lines in the file's lines. */
  body: [number, number];
}

/** The Markdown files whose console blocks are tested: README.md and docs/*.md. */
export function documentationFiles(root = ROOT): string[] {
  const docs = readdirSync(join(root, "docs")).filter((f) => f.endsWith(".md")).sort().map((f) => join(root, "docs", f));
  return [join(root, "README.md"), ...docs];
}

/** The console blocks of one Markdown text (file names it in messages). */
export function consoleBlocks(text: string, file: string): ConsoleBlock[] {
  const lines = text.split("\n");
  const blocks: ConsoleBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(`{3,})(.*)$/.exec(lines[i]);
    if (!open) continue;
    const fence = open[1];
    const info = open[2].trim().split(/\s+/);
    let end = i + 1;
    while (end < lines.length && lines[end] !== fence) end++;
    if (end === lines.length) throw new Error(`${file}:${i + 1}: code block not closed`);
    if (info[0] === "console") {
      const body = lines.slice(i + 1, end);
      const commands: { command: string; output: string }[] = [];
      for (const l of body) {
        if (l.startsWith("$ ")) commands.push({ command: l.slice(2), output: "" });
        else if (commands.length === 0) throw new Error(`${file}:${i + 1}: a console block starts with a "$ " command line`);
        else commands[commands.length - 1].output += l + "\n";
      }
      blocks.push({ file, line: i + 1, norun: info.includes("norun"), commands, body: [i + 1, end] });
    }
    i = end;
  }
  return blocks;
}

/** The masking rule (see the file comment), applied to expected and actual output alike. */
export function mask(text: string, tmp?: string): string {
  let s = text;
  if (tmp) s = s.split(tmp).join("<tmp>");
  s = s
    .replace(/\b\d+(\.\d+)? ?s\b(?![a-zA-Z])/g, "<seconds> s")
    .replace(/\b\d+(\.\d+)?(e[+-]?\d+)? ?([a-z]+)?\/s\b/g, (_m, _f, _e, unit) => `<rate> ${unit ?? ""}/s`)
    .replace(/\b\d+ workers?\b/g, "<n> workers")
    .replace(/\bv?\d+\.\d+\.\d+\b/g, "<version>")
    .replace(/[ \t]+/g, " ")
    .split("\n")
    .map((l) => l.trimEnd())
    .join("\n");
  return s.replace(/\n+$/, "");
}

/** Lines of output that elide: only "..." or "…". */
export function elisions(output: string): string[] {
  return output.split("\n").filter((l) => /^\s*(\.\.\.|…)\s*$/.test(l));
}

/** Run `command` with bash in `cwd`; its stdout and stderr (asynchronously, so the test worker stays responsive). */
function bash(command: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["-c", command], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", () => resolve({ stdout, stderr }));
  });
}

/** Run a block's commands in order in a new temporary folder; the actual output of each, and the folder's path. */
export async function runBlock(block: ConsoleBlock, root = ROOT): Promise<{ outputs: string[]; tmp: string }> {
  const tmp = mkdtempSync(join(tmpdir(), "lipvar-doc-"));
  const bin = join(tmp, ".bin");
  const outputs: string[] = [];
  try {
    mkdirSync(bin);
    symlinkSync(join(root, "examples"), join(tmp, "examples"));
    const shim = join(bin, "lipvar");
    writeFileSync(shim, `#!/bin/sh\nexec "${process.execPath}" --no-experimental-wasm-relaxed-simd "${join(root, "bin", "lipvar.js")}" "$@"\n`);
    chmodSync(shim, 0o755);
    const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${bin}:${process.env.PATH}`, CI: "1", NO_COLOR: "1", LIPVAR_ROOT: root };
    delete env.LIPVAR_RELAXED_SIMD;
    delete env.LIPVAR_DEBUG;
    delete env.FORCE_COLOR;
    for (const { command } of block.commands) {
      const r = await bash(command, tmp, env);
      const messages = r.stderr.split("\n").filter((l) => l.startsWith("lipvar"));
      outputs.push(r.stdout + (messages.length ? messages.join("\n") + "\n" : ""));
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return { outputs, tmp };
}

/** Where a block is, for test names and messages: "docs/cli.md:120". */
export function blockName(block: ConsoleBlock, root = ROOT): string {
  return `${relative(root, block.file)}:${block.line}`;
}

/** Rewrite the outputs of the given blocks of one file with actual outputs (the update mode). */
export function rewriteBlocks(file: string, updates: { block: ConsoleBlock; outputs: string[] }[]): void {
  const lines = readFileSync(file, "utf8").split("\n");
  // From the last block up, so earlier indices stay valid.
  for (const { block, outputs } of [...updates].sort((a, b) => b.block.body[0] - a.block.body[0])) {
    const body: string[] = [];
    block.commands.forEach(({ command }, i) => {
      body.push(`$ ${command}`);
      const out = outputs[i].replace(/\n$/, "");
      if (out !== "") body.push(...out.split("\n"));
    });
    lines.splice(block.body[0], block.body[1] - block.body[0], ...body);
  }
  writeFileSync(file, lines.join("\n"));
}
