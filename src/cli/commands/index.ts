/** Every CLI command registers itself here, in the order `lipvar --help` lists them. */
import type { Command } from "commander";
import { register as gnd } from "./gnd.js";
import { register as bounds } from "./bounds.js";
import { register as sample } from "./sample.js";
import { register as variance } from "./variance.js";
import { register as decay } from "./decay.js";
import { register as residual } from "./residual.js";
import { register as merge } from "./merge.js";
import { register as report } from "./report.js";
import { register as check } from "./check.js";

export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [sample, gnd, bounds, merge, variance, decay, residual, report, check];
