/**
 * The `lipvar` command line: thin. Commands parse and validate, call the
 * library, print. Every way a run ends is decided here (src/cli/errors.ts):
 * a user's mistake or an unwritable output is one line on stderr and exit
 * code 2; a failed `check` is 1; an unexpected error is one line with a
 * pointer to LIPVAR_DEBUG=1 and exit code 70; Ctrl-C/SIGTERM (runCli) remove
 * partial output and exit 130/143. No stack trace reaches the user.
 */
import { Command, CommanderError, Help, type Option } from "commander";
import { EXIT_CODES_HELP, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, internalErrorText, isUserError, UsageError, usageLine } from "./errors.js";
import { registrationsFor, type RegisterCommand } from "./commands/index.js";
import { COMMAND_SUMMARIES } from "./commands/summaries.js";
import { VALUE_RULES } from "./args.js";
import { COMMON_OPTIONS_HELP } from "./options.js";
import { watchStdout } from "./stdout.js";
import { installInterruptHandlers } from "../io/cleanup.js";

/** The package's version (test/cli/habits.test.ts holds it equal to package.json's). */
export const VERSION = "0.1.0";

/** Refuse an option given twice (commander would silently keep the last value). */
function refuseRepeatedOptions(command: Command): void {
  for (const option of command.options) {
    // A variadic option (check --weights a.npz b.npz) fires once per value; repeating it adds values.
    if (option.variadic) continue;
    let seen = 0;
    command.on(`option:${option.name()}`, () => {
      if (++seen > 1) throw new UsageError(`${option.long ?? option.flags} is given more than once; give it once`);
    });
  }
}

/**
 * A parse error of `command` as one line, pointing at that command's own
 * help: commander puts its suggestion on a second line ("(Did you mean
 * --depths?)"), which joins the first here:
 *   lipvar: error: unknown option '--depth' (did you mean --depths?); see 'lipvar train --help'
 */
export function parseErrorLine(message: string, command: Command): string {
  const [first, ...rest] = message.trim().split(/\s*\n\s*/);
  const suggestion = rest.join(" ").replace(/^\(Did you mean (.*)\?\)$/, "(did you mean $1?)");
  const path = command.parent ? `lipvar ${command.name()}` : "lipvar";
  return `lipvar: ${first}${suggestion ? ` ${suggestion}` : ""}; see '${path} --help'\n`;
}

/** A command's line in the top-level help: "[options]" for every lipvar command, also when only its summary is registered (commands/summaries.ts). */
function subcommandTerm(command: Command): string {
  const term = new Help().subcommandTerm(command);
  return Object.hasOwn(COMMAND_SUMMARIES, command.name()) && !term.includes("[options]") ? term.replace(command.name(), `${command.name()} [options]`) : term;
}

/** Help marks the options a command cannot run without (commander's mandatory options). */
function optionDescription(option: Option): string {
  // commander quotes a string default ("aol"); a number or word reads better bare.
  const text = new Help().optionDescription(option).replace(/\(default: "([^"\\]*)"\)$/, "(default: $1)");
  return option.mandatory ? `${text} (required)` : text;
}

/** The program with the given commands registered (all of them: `await commandsFor([])`). */
export function buildProgram(commands: readonly RegisterCommand[]): Command {
  const program = new Command("lipvar")
    .description("Variance of AOL/SLL-rescaled weights and depth decay of 1-Lipschitz networks, in WebAssembly")
    .version(VERSION)
    .configureOutput({
      writeErr: (s) => process.stderr.write(s),
      outputError: (s, write) => write(parseErrorLine(s, program)),
    })
    .configureHelp({ optionDescription, subcommandTerm, showGlobalOptions: false })
    .addHelpText("after", `\n${COMMON_OPTIONS_HELP}\n\n${VALUE_RULES}\n\nOutputs (--out, --junit, report folders) are checked before any work; a report\nfolder must be new, empty or one lipvar wrote (it holds .lipvar-report).\n\n${EXIT_CODES_HELP}\n`)
    .exitOverride();
  for (const register of commands) register(program);
  program.commands.forEach((c) => {
    c.exitOverride().configureOutput({ ...program.configureOutput(), outputError: (s, write) => write(parseErrorLine(s, c)) });
    c.configureHelp({ ...program.configureHelp() });
    refuseRepeatedOptions(c);
  });
  return program;
}

/** Exit code and stderr line for an error thrown by a command. */
function exitCodeFor(err: unknown): number {
  if (err instanceof CommanderError) {
    // Help and version exit 0; commander has already printed its message.
    if (err.code === "commander.helpDisplayed" || err.code === "commander.version" || err.code === "commander.help") return EXIT_OK;
    return EXIT_USAGE;
  }
  if (isUserError(err)) {
    process.stderr.write(usageLine(err));
    return EXIT_USAGE;
  }
  process.stderr.write(internalErrorText(err));
  return EXIT_INTERNAL;
}

/** Run the CLI in this process; resolves to the exit code (never rejects). */
export async function main(argv: string[]): Promise<number> {
  const stdout = watchStdout();
  process.exitCode = undefined;
  try {
    if (argv.length === 0) {
      process.stderr.write("lipvar: error: no command given; see 'lipvar --help'\n");
      return EXIT_USAGE;
    }
    // `lipvar --version` answers without loading the commands.
    if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-V")) {
      process.stdout.write(`${VERSION}\n`);
      return EXIT_OK;
    }
    let code: number;
    try {
      const program = buildProgram(await registrationsFor(argv));
      await program.parseAsync(argv, { from: "user" });
      code = typeof process.exitCode === "number" ? process.exitCode : EXIT_OK;
    } catch (err) {
      code = exitCodeFor(err);
    }
    const failure = await stdout.settle();
    if (failure && code !== EXIT_USAGE) {
      process.stderr.write(usageLine(failure));
      return EXIT_USAGE;
    }
    return code;
  } finally {
    stdout.stop();
    process.exitCode = undefined;
  }
}

/**
 * The `lipvar` executable (bin/lipvar.js): interrupts clean up and exit
 * 130/143, stray errors become one line (exit 70), and the exit code is set
 * when main ends. After a refusal (exit 2) the process exits within a
 * second even if a hung file system still holds a request open.
 */
export async function runCli(argv: string[]): Promise<void> {
  installInterruptHandlers();
  process.stderr.on("error", () => {});
  const die = (err: unknown) => {
    process.stderr.write(internalErrorText(err));
    process.exit(EXIT_INTERNAL);
  };
  process.on("uncaughtException", die);
  process.on("unhandledRejection", die);
  const code = await main(argv);
  process.exitCode = code;
  if (code === EXIT_USAGE) setTimeout(() => process.exit(code), 1000).unref();
}
