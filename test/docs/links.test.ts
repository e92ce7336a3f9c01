/**
 * The documentation's links: every relative link in README.md and docs/*.md
 * names a file of the repository (and a heading of it, for #anchors, by
 * GitHub's rule for heading ids), the files it names are in the npm package
 * (so the README and docs read on npm or from node_modules link to what is
 * there), and every doc links back to the README, which links to every doc.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { documentationFiles, ROOT } from "./console-blocks.js";

/** GitHub's id for a heading: lower case, punctuation but - and _ dropped, spaces to -. */
export function headingId(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, "")
    .replace(/ /g, "-");
}

/** Markdown text without its fenced code blocks. */
function withoutFences(text: string): string {
  return text.replace(/^(`{3,})[^\n]*\n[\s\S]*?^\1\s*$/gm, "");
}

/** Markdown text without its code, fenced or inline (links there are not links). */
function prose(text: string): string {
  return withoutFences(text).replace(/`[^`\n]*`/g, "");
}

function anchors(file: string): Set<string> {
  const ids = new Set<string>();
  for (const line of withoutFences(readFileSync(file, "utf8")).split("\n")) {
    const m = /^#{1,6}\s+(.*)$/.exec(line);
    if (!m) continue;
    let id = headingId(m[1]);
    for (let k = 1; ids.has(id); k++) id = `${headingId(m[1])}-${k}`;
    ids.add(id);
  }
  return ids;
}

/** The relative links of a Markdown file: [text](target) and ![alt](target), without URLs. */
function links(file: string): { target: string; hash: string }[] {
  const out: { target: string; hash: string }[] = [];
  for (const m of prose(readFileSync(file, "utf8")).matchAll(/!?\[[^\]]*\]\(([^)\s]+)\)/g)) {
    const url = m[1];
    if (/^[a-z]+:/i.test(url)) continue;
    const [path, hash = ""] = url.split("#");
    out.push({ target: path === "" ? file : normalize(join(dirname(file), path)), hash });
  }
  return out;
}

const files = documentationFiles();
const packed = new Set<string>(
  JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }))[0].files.map(
    (f: { path: string }) => f.path,
  ),
);

describe("links in README.md and docs/*.md", () => {
  it("headingId follows GitHub's rule", () => {
    expect(headingId("Errors, exit codes and outputs")).toBe("errors-exit-codes-and-outputs");
    expect(headingId("7. The training experiment (the author's `src/train.py`)")).toBe("7-the-training-experiment-the-authors-srctrainpy");
    expect(headingId("Table 7: precise Var[w̄]")).toBe("table-7-precise-varw̄");
  });

  it.each(files.map((f) => [relative(ROOT, f), f] as const))("%s: every relative link names an existing file and heading, shipped in the package", (_name, file) => {
    const broken: string[] = [];
    for (const { target, hash } of links(file)) {
      const rel = relative(ROOT, target);
      if (!existsSync(target)) broken.push(`${rel}: no such file`);
      else if (hash && target.endsWith(".md") && !anchors(target).has(hash)) broken.push(`${rel}#${hash}: no such heading`);
      else if (statSync(target).isFile() && !packed.has(rel)) broken.push(`${rel}: not in the npm package`);
      else if (statSync(target).isDirectory() && ![...packed].some((p) => p.startsWith(`${rel}/`))) broken.push(`${rel}/: not in the npm package`);
    }
    expect(broken).toEqual([]);
  });

  it("the README links to every doc, and every doc back to the README", () => {
    const readme = join(ROOT, "README.md");
    const fromReadme = new Set(links(readme).map((l) => l.target));
    for (const doc of files.filter((f) => f !== readme)) {
      expect(fromReadme.has(doc), `README.md → ${relative(ROOT, doc)}`).toBe(true);
      expect(links(doc).some((l) => l.target === readme), `${relative(ROOT, doc)} → README.md`).toBe(true);
    }
  });
});
