/** Every CLI command registers itself here, in the order `lipvar --help` lists them. */
import type { Command } from "commander";
import { register as gnd } from "./gnd.js";
import { register as bounds } from "./bounds.js";

export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [gnd, bounds];
