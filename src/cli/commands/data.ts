/**
 * `lipvar data synthetic`: write the synthetic Covertype-schema table that
 * `lipvar train` generates (src/data/synthetic.ts) to a file, in the UCI
 * covtype.data layout or as CSV, gzipped when the name ends in .gz — so other
 * tools (the author's PyTorch code, say) train on exactly what lipvar trains
 * on, and `lipvar train --data FILE` reads it back to the same table.
 */
import { gzipSync } from "node:zlib";
import type { Command } from "commander";
import { COMMAND_SUMMARIES } from "./summaries.js";
import { Option } from "commander";
import { loadKernels } from "../../wasm/kernels.js";
import { COVERTYPE_ROWS } from "../../experiments/train.js";
import { SYNTHETIC_MAX_ROWS, syntheticCovertype } from "../../data/synthetic.js";
import { dataFormatOf } from "../../data/read.js";
import { tableText } from "../../data/format.js";
import { checkOutputFile } from "../../io/output-paths.js";
import { writeFileAtomic } from "../../report/write.js";
import { integerInRange } from "../args.js";
import { UsageError } from "../errors.js";
import { addExamples, outOption, parseSeedOption, seedOption } from "../options.js";

interface DataOptions {
  rows: string;
  seed?: string;
  out: string;
  dataFormat?: "covtype" | "csv";
}

export function register(program: Command): void {
  const command = program
    .command("data")
    .description(COMMAND_SUMMARIES.data.description)
    .argument("<kind>", "what to write: synthetic")
    .option("--rows <N>", `rows, an integer from 1 to ${SYNTHETIC_MAX_ROWS}`, String(COVERTYPE_ROWS))
    .addOption(seedOption("lipvar train --seed S without --data generates the same table"))
    .addOption(outOption("the file to write (atomically); gzipped when the name ends in .gz").makeOptionMandatory())
    .addOption(new Option("--data-format <f>", "covtype (no header; 54 features then the label 1-7) or csv (a header, the label column Cover_Type last), as lipvar train --data-format; default from the name: .csv or .csv.gz is csv").choices(["covtype", "csv"]));
  addExamples(command, [
    ["lipvar data synthetic -o covtype.data.gz", "the table lipvar train generates by default (581012 rows, seed 1); lipvar train --data covtype.data.gz trains on it"],
    ["lipvar data synthetic --rows 1000 --seed 3 -o covtype.csv", "1000 rows from seed 3 as CSV (by the name)"],
  ]).action(async (kind: string, opts: DataOptions) => {
      if (kind !== "synthetic") throw new UsageError(`data: the kind must be synthetic (the only table lipvar generates), got '${kind}'`);
      const rows = integerInRange("--rows", opts.rows, 1, SYNTHETIC_MAX_ROWS);
      const seed = parseSeedOption(opts.seed);
      const out = opts.out;
      const format = dataFormatOf(out, opts.dataFormat);
      await checkOutputFile("--out", out);
      const table = syntheticCovertype(await loadKernels(), { rows, seed });
      const text = Buffer.from(tableText(table, format));
      await writeFileAtomic(out, /\.gz$/i.test(out) ? gzipSync(text) : text);
    });
}
