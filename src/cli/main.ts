/**
 * The `lipvar` command line: thin. Commands parse and validate, call the
 * library, print. Every way a run ends is decided here (src/cli/errors.ts):
 * a user's mistake or an unwritable output is one line on stderr and exit
 * code 2; a failed `check` is 1; an unexpected error is one line with a
 * pointer to LIPVAR_DEBUG=1 and exit code 70; Ctrl-C/SIGTERM (runCli) remove
 * partial output and exit 130/143. No stack trace reaches the user.
 */
import { Command, CommanderError } from "commander";
import { EXIT_CODES_HELP, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, internalErrorText, isUserError, UsageError, usageLine } from "./errors.js";
import { commandsFor, type RegisterCommand } from "./commands/index.js";
import { VALUE_RULES } from "./args.js";
import { watchStdout } from "./stdout.js";
import { installInterruptHandlers } from "../io/cleanup.js";

const VERSION = "0.1.0";

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

/** The program with the given commands registered (all of them: `await commandsFor([])`). */
export function buildProgram(commands: readonly RegisterCommand[]): Command {
  const program = new Command("lipvar")
    .description("Variance of AOL/SLL-rescaled weights and depth decay of 1-Lipschitz networks, in WebAssembly")
    .version(VERSION)
    .configureOutput({
      writeErr: (s) => process.stderr.write(s),
      // One line: "lipvar: error: unknown option '--x' (see lipvar --help)".
      outputError: (s, write) => write(`lipvar: ${s.trim()} (see lipvar --help)\n`),
    })
    .addHelpText("after", `\n${VALUE_RULES}\n\nOutputs (--out, --junit, report folders) are checked before any work; a report\nfolder must be new, empty or one lipvar wrote (it holds .lipvar-report).\n\n${EXIT_CODES_HELP}\n`)
    .exitOverride();
  for (const register of commands) register(program);
  program.commands.forEach((c) => {
    c.exitOverride().configureOutput(program.configureOutput());
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
      process.stderr.write("lipvar: error: no command given (see lipvar --help)\n");
      return EXIT_USAGE;
    }
    let code: number;
    try {
      const program = buildProgram(await commandsFor(argv));
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
