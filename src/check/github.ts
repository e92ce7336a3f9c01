/**
 * GitHub Actions output: one `::error` workflow command per failed
 * expectation (shown as an annotation on the run and, with `file`, on that
 * file) and a Markdown table for the job summary ($GITHUB_STEP_SUMMARY).
 * Workflow-command escaping follows GitHub's toolkit: in the message %, CR
 * and LF are percent-encoded; in property values also ":" and ",".
 */
import { countVerdicts, POWER_Z, type Expectation } from "./expectation.js";
import { detectableText, notInBaselineLine } from "./format.js";

const escapeData = (s: string) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");

export interface AnnotationOptions {
  /** The suite file the annotations point at (a path relative to the repository root reads best); none for the built-in suite. */
  file?: string;
}

/** `::error title=…::…` lines, one per failed expectation (newline-terminated; "" when all passed). */
export function githubAnnotations(results: readonly Expectation[], options: AnnotationOptions = {}): string {
  return results
    .filter((r) => r.verdict === "fail")
    .map((r) => {
      const props = [...(options.file !== undefined ? [`file=${escapeProperty(options.file)}`] : []), `title=${escapeProperty(`lipvar check: ${r.id}`)}`];
      return `::error ${props.join(",")}::${escapeData(`${r.detail} — ${r.description}`)}\n`;
    })
    .join("");
}

/** A Markdown table cell: pipes escaped, line breaks as spaces. */
const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
const num = (x: number) => (Number.isFinite(x) ? String(Number(x.toPrecision(6))) : String(x));

/** The job-summary Markdown: a heading with the counts, the failures first, then every row; and what the baseline lacked. */
export function markdownSummary(suiteName: string, results: readonly Expectation[], durationSeconds: number, notInBaseline?: readonly string[]): string {
  const { passed, failed, total } = countVerdicts(results);
  const rows = [...results.filter((r) => r.verdict === "fail"), ...results.filter((r) => r.verdict === "pass")];
  const out = [
    `### lipvar check: ${cell(suiteName)} — ${failed === 0 ? "✅ all passed" : `❌ ${failed} failed`}`,
    "",
    `${passed} passed, ${failed} failed (${total} expectation${total === 1 ? "" : "s"}) in ${durationSeconds.toFixed(1)} s. "detects": the smallest relative departure each row flags (its tolerance + ${POWER_Z} SE).`,
    "",
    "| | id | value | expected | detects | why |",
    "|---|---|---:|---:|---:|---|",
    ...rows.map((r) => `| ${r.verdict === "pass" ? "✅" : "❌"} | ${cell(r.id)} | ${num(r.value)} | ${num(r.expected)} | ${cell(detectableText(r))} | ${cell(r.detail)} |`),
    "",
  ];
  const missing = notInBaselineLine(notInBaseline);
  if (missing) out.push(cell(missing), "");
  return out.join("\n");
}
