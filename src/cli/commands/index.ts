/**
 * Every CLI command, in the order `lipvar --help` lists them. Each module is
 * loaded only when needed: a run of one command imports that command alone,
 * so `lipvar bounds` does not pay for the report's chart renderer or the
 * check suite's schema library (together about 0.2 s of start-up).
 */
import type { Command } from "commander";
import { COMMAND_SUMMARIES } from "./summaries.js";

export type RegisterCommand = (program: Command) => void;

interface CommandModule {
  register: RegisterCommand;
}

export const commandLoaders: Record<string, () => Promise<CommandModule>> = {
  sample: () => import("./sample.js"),
  gnd: () => import("./gnd.js"),
  bounds: () => import("./bounds.js"),
  merge: () => import("./merge.js"),
  variance: () => import("./variance.js"),
  sweep: () => import("./sweep.js"),
  decay: () => import("./decay.js"),
  residual: () => import("./residual.js"),
  train: () => import("./train.js"),
  data: () => import("./data.js"),
  report: () => import("./report.js"),
  check: () => import("./check.js"),
};

/**
 * The registration functions needed to run `argv`: the named command's
 * alone, or all of them (for help, a version query or an unknown command,
 * whose error message lists the commands).
 */
export async function commandsFor(argv: readonly string[]): Promise<RegisterCommand[]> {
  const name = argv[0];
  const names = name !== undefined && Object.hasOwn(commandLoaders, name) ? [name] : Object.keys(commandLoaders);
  const modules = await Promise.all(names.map((n) => commandLoaders[n]()));
  return modules.map((m) => m.register);
}

/**
 * The commands' names, descriptions and arguments alone, without their
 * options (commands/summaries.ts): all the top-level help, a version query
 * or an unknown command's suggestion needs, so those answer without loading
 * any command (about 0.1 s of start-up).
 */
export function commandSummaries(): RegisterCommand[] {
  return Object.entries(COMMAND_SUMMARIES).map(([name, summary]) => (program: Command) => {
    const args = (summary as { args?: string }).args;
    program.command(args ? `${name} ${args}` : name).description(summary.description);
  });
}

/**
 * What the CLI registers to run `argv`: the named command alone (also for
 * `lipvar help NAME`), else the summaries of all of them.
 */
export async function registrationsFor(argv: readonly string[]): Promise<RegisterCommand[]> {
  const name = argv[0] === "help" ? argv[1] : argv[0];
  if (name !== undefined && Object.hasOwn(commandLoaders, name)) return [(await commandLoaders[name]()).register];
  return commandSummaries();
}
