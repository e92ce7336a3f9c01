/** Every CLI command registers itself here, in the order `lipvar --help` lists them. */
import type { Command } from "commander";

export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [];
