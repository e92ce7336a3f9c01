// Start-up of short `lipvar` commands against `node -e 0` in the same run.
// Issue 20's budget, on this machine: `lipvar bounds` and `lipvar gnd` within
// 0.2 s and a 4,096-matrix `lipvar variance` within 0.25 s, where Node's own
// start (`node -e 0`) took 0.13 s — so lipvar's own share, the time above
// Node's start, is at most 0.07 s and 0.12 s. Both are checked: the wall
// clock against the absolute budget and the share against its budget (the
// share does not move with how fast Node itself starts; the ratio to
// `node -e 0` is shown too). Each round runs every command once, in turn, as
// a fresh process (wall clock from spawn to exit); figures are medians over
// rounds, and the share and the ratio are medians of the per-round
// differences and ratios to that round's `node -e 0`, so machine load moves
// both sides alike. The bundled CLI (dist/lipvar-cli/, what bin/lipvar.js
// runs) is measured next to the unbundled dist/cli/ (LIPVAR_NO_BUNDLE=1).
//
//   node bench/startup.mjs [--rounds 15] [--record]
//
// --record appends a dated line to bench/startup-results.md. Also item 8 of
// bench/run.js. Not a test: it asserts nothing.
import { spawnSync } from "node:child_process";
import { appendFileSync } from "node:fs";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { median } from "./stats.mjs";

const bin = fileURLToPath(new URL("../bin/lipvar.js", import.meta.url));

export const STARTUP_COMMANDS = {
  bounds: ["bounds", "--d", "64", "--n", "64"],
  gnd: ["gnd", "--beta", "1"],
  variance: ["variance", "--d", "16", "--n", "16", "--samples", "4096"],
};

function seconds(args, env = {}) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "pipe"] });
  const t = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  return t;
}

/** { node, commands: { name: { bundled, unbundled, share, ratio, ratioUnbundled } } } in seconds (share: bundled − node -e 0), medians over `rounds`. */
export function benchStartup({ rounds = 15, log = () => {} } = {}) {
  const node = [];
  const runs = Object.fromEntries(Object.keys(STARTUP_COMMANDS).map((k) => [k, { bundled: [], unbundled: [], share: [], ratio: [], ratioUnbundled: [] }]));
  for (let r = 0; r < rounds; r++) {
    const base = seconds(["-e", "0"]);
    node.push(base);
    for (const [name, args] of Object.entries(STARTUP_COMMANDS)) {
      const b = seconds([bin, ...args]);
      const u = seconds([bin, ...args], { LIPVAR_NO_BUNDLE: "1" });
      runs[name].bundled.push(b);
      runs[name].unbundled.push(u);
      runs[name].share.push(b - base);
      runs[name].ratio.push(b / base);
      runs[name].ratioUnbundled.push(u / base);
    }
    log(`start-up round ${r + 1}/${rounds}`);
  }
  const commands = Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, Object.fromEntries(Object.entries(v).map(([f, xs]) => [f, median(xs)]))]));
  return { rounds, load: loadavg()[0], node: median(node), commands };
}

/** Issue 20's budget of each command: the wall clock, and lipvar's share above `node -e 0` (0.13 s when the budget was set), in seconds. */
export const STARTUP_BUDGET = {
  bounds: { wall: 0.2, share: 0.07 },
  gnd: { wall: 0.2, share: 0.07 },
  variance: { wall: 0.25, share: 0.12 },
};

/** Whether a command's medians are within both budgets. */
export function withinBudget(name, c) {
  const b = STARTUP_BUDGET[name];
  return c.bundled <= b.wall && c.share <= b.share;
}

export function markdownStartup(s) {
  const f = (x) => x.toFixed(3);
  const L = [
    `**8. Start-up** (${s.rounds} rounds, load ${s.load.toFixed(1)}): \`node -e 0\` ${f(s.node)} s. Budget (issue 20): the wall clock, and lipvar's share above \`node -e 0\` in the same round.`,
    "",
    "| command | wall (s) | budget (s) | share above node (s) | budget (s) | × node | unbundled × node | within budget |",
    "|---|---|---|---|---|---|---|---|",
  ];
  for (const [name, c] of Object.entries(s.commands)) {
    const b = STARTUP_BUDGET[name];
    L.push(`| lipvar ${STARTUP_COMMANDS[name].join(" ")} | ${f(c.bundled)} | ${b.wall} | ${f(c.share)} | ${b.share} | ${c.ratio.toFixed(2)} | ${c.ratioUnbundled.toFixed(2)} | ${withinBudget(name, c) ? "yes" : "**no**"} |`);
  }
  return L.join("\n") + "\n";
}

/** One dated line for bench/startup-results.md. */
export function startupLine(s) {
  const parts = Object.entries(s.commands).map(([name, c]) => `${name} ${c.bundled.toFixed(3)} s, share ${c.share.toFixed(3)} s = ${c.ratio.toFixed(2)}× (unbundled ${c.ratioUnbundled.toFixed(2)}×), ${withinBudget(name, c) ? "within budget" : "OVER budget"}`);
  return `- ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC, Node ${process.version}, load ${s.load.toFixed(1)}, ${s.rounds} rounds: node -e 0 ${s.node.toFixed(3)} s; ${parts.join("; ")}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const i = argv.indexOf("--rounds");
  const s = benchStartup({ rounds: i >= 0 ? Number(argv[i + 1]) : 15, log: (m) => console.error(`bench: ${m}`) });
  console.log(markdownStartup(s));
  if (argv.includes("--record")) appendFileSync(new URL("./startup-results.md", import.meta.url), startupLine(s));
}
