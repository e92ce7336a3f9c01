/**
 * JUnit XML, the test-report format CI systems (GitLab, Jenkins, GitHub
 * actions that publish test results, Azure) read: one <testsuites> holding
 * one <testsuite>; one <testcase> per expectation, with a <failure> child when
 * it failed. Attribute and text content are XML-escaped, and characters XML
 * 1.0 forbids are dropped.
 */
import { countVerdicts, POWER_Z, type Expectation } from "./expectation.js";
import { detectableText } from "./format.js";

// XML 1.0 allows #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
const INVALID_XML = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Escape text for an XML attribute value or element content. */
export function escapeXml(text: string): string {
  return String(text)
    .replace(INVALID_XML, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;")
    .replace(/\r/g, "&#13;")
    .replace(/\n/g, "&#10;")
    .replace(/\t/g, "&#9;");
}

/** Element content keeps its line breaks. */
function escapeText(text: string): string {
  return escapeXml(text).replace(/&#10;/g, "\n").replace(/&#9;/g, "\t");
}

const seconds = (s: number | undefined) => (Number.isFinite(s) && s! >= 0 ? s!.toFixed(3) : "0.000");

const ofText = (of: string | undefined) => (of === undefined || of === "expected" ? "the expected value" : of === "value" ? "the measured value" : `the ${of}`);

function caseReport(r: Expectation): string {
  const lines = [
    r.description,
    `value = ${r.value}, expected = ${r.expected}${r.se !== undefined ? `, se = ${r.se}` : ""}, tolerance = ${r.tolerance} ${r.unit}`,
    `${r.verdict}: ${r.detail}`,
    ...(r.detectable !== undefined ? [`detects a departure of ${detectableText(r)} (the tolerance + ${POWER_Z} SE; relative to ${ofText(r.detectableOf)})`] : []),
    ...(r.config !== undefined ? [`config: ${JSON.stringify(r.config)}`] : []),
  ];
  return lines.join("\n");
}

export interface JUnitOptions {
  /** ISO 8601 start time of the run (default: now). */
  timestamp?: string;
  /** Prefix of each test case's classname (default: the suite name); the expectation kind is appended. */
  classPrefix?: string;
  /** With --baseline: expectations the baseline lacks, written as skipped "baseline:<id>" test cases. */
  notInBaseline?: readonly string[];
}

/**
 * The results as a JUnit XML document: `suiteName` names the suite,
 * `durationSeconds` is the run's wall time. Each test case is named by the
 * expectation id, its classname is `<classPrefix>.<kind>`, and its
 * system-out holds the description, the numbers and the verdict's detail.
 */
export function toJUnitXml(suiteName: string, results: readonly Expectation[], durationSeconds: number, options: JUnitOptions = {}): string {
  const { failed, total: measured } = countVerdicts(results);
  const skipped = options.notInBaseline ?? [];
  const total = measured + skipped.length;
  const timestamp = options.timestamp ?? new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
  const prefix = options.classPrefix ?? suiteName;
  const counts = `tests="${total}" failures="${failed}" errors="0" skipped="${skipped.length}" time="${seconds(durationSeconds)}"`;
  const out = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="${escapeXml(suiteName)}" ${counts}>`,
    `  <testsuite name="${escapeXml(suiteName)}" ${counts} timestamp="${escapeXml(timestamp)}">`,
  ];
  for (const r of results) {
    const classname = r.kind ? `${prefix}.${r.kind}` : prefix;
    out.push(`    <testcase name="${escapeXml(r.id)}" classname="${escapeXml(classname)}" time="${seconds(r.seconds)}">`);
    if (r.verdict === "fail") {
      out.push(`      <failure message="${escapeXml(r.detail)}" type="ExpectationFailed">${escapeText(caseReport(r))}</failure>`);
    }
    out.push(`      <system-out>${escapeText(caseReport(r))}</system-out>`);
    out.push(`    </testcase>`);
  }
  for (const id of skipped) {
    out.push(`    <testcase name="${escapeXml(`baseline:${id}`)}" classname="${escapeXml(`${prefix}.baseline`)}" time="0.000">`);
    out.push(`      <skipped message="${escapeXml(`${id} is not in the baseline: measured, not compared`)}"/>`);
    out.push(`    </testcase>`);
  }
  out.push(`  </testsuite>`, `</testsuites>`, ``);
  return out.join("\n");
}
