/**
 * The `lipvar` command line: thin. Commands parse and validate, call the
 * library, print. A user's mistake is one line on stderr and exit code 2.
 */
import { Command, CommanderError } from "commander";
import { UsageError, EXIT_USAGE } from "./errors.js";
import { commandsFor, type RegisterCommand } from "./commands/index.js";

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
    .exitOverride();
  for (const register of commands) register(program);
  program.commands.forEach((c) => c.exitOverride().configureOutput(program.configureOutput()));
  return program;
}

const VERSION = "0.1.0";

/** Run the CLI; resolves to the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram(await commandsFor(argv));
  try {
    await program.parseAsync(argv, { from: "user" });
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version exit 0; commander has already printed its message.
      if (err.code === "commander.helpDisplayed" || err.code === "commander.version" || err.code === "commander.help") return 0;
      return EXIT_USAGE;
    }
    if (err instanceof UsageError || err instanceof RangeError) {
      // One line, whatever the message holds (a JSON parser quotes the input).
      process.stderr.write(`lipvar: error: ${(err as Error).message.replace(/\s*\n\s*/g, " ")}\n`);
      return EXIT_USAGE;
    }
    throw err;
  }
}
