/**
 * `lipvar data synthetic`: write the synthetic Covertype-schema table that
 * `lipvar train` generates (src/data/synthetic.ts) to a file, in the UCI
 * covtype.data layout or as CSV, gzipped when the name ends in .gz — so other
 * tools (the author's PyTorch code, say) train on exactly what lipvar trains
 * on, and `lipvar train --data FILE` reads it back to the same table.
 */
import { gzipSync } from "node:zlib";
import type { Command } from "commander";
import { Option } from "commander";
import { loadKernels } from "../../wasm/kernels.js";
import { COVERTYPE_ROWS } from "../../experiments/train.js";
import { SYNTHETIC_MAX_ROWS, syntheticCovertype } from "../../data/synthetic.js";
import { dataFormatOf } from "../../data/read.js";
import { tableText } from "../../data/format.js";
import { checkOutputFile } from "../../io/output-paths.js";
import { writeFileAtomic } from "../../report/write.js";
import { integerInRange, seed as parseSeed } from "../args.js";
import { UsageError } from "../errors.js";

interface DataOptions {
  rows: string;
  seed: string;
  out: string;
  format?: "covtype" | "csv";
}

export function register(program: Command): void {
  program
    .command("data")
    .description("write the synthetic Covertype-schema table lipvar train uses to a file (UCI covtype.data layout, labels 1-7, or CSV)")
    .argument("<kind>", "what to write: synthetic")
    .option("--rows <N>", `rows, an integer from 1 to ${SYNTHETIC_MAX_ROWS}`, String(COVERTYPE_ROWS))
    .option("--seed <S>", "seed of the table, an integer from 0 to 2^64-1 (lipvar train --seed S without --data generates the same table)", "0")
    .requiredOption("--out <file>", "the file to write (atomically); gzipped when the name ends in .gz")
    .addOption(new Option("--format <f>", "covtype (no header; 54 features then the label 1-7) or csv (a header, the label column Cover_Type last); default from the name: .csv or .csv.gz is csv").choices(["covtype", "csv"]))
    .addHelpText("after", "\nExamples:\n  lipvar data synthetic --rows 581012 --seed 0 --out covtype.data.gz\n  lipvar data synthetic --rows 1000 --seed 3 --out covtype.csv\n  lipvar train --data covtype.data.gz   # trains on the table lipvar train generates by default\n")
    .action(async (kind: string, opts: DataOptions) => {
      if (kind !== "synthetic") throw new UsageError(`data: the kind must be synthetic (the only table lipvar generates), got '${kind}'`);
      const rows = integerInRange("--rows", opts.rows, 1, SYNTHETIC_MAX_ROWS);
      const seed = parseSeed("--seed", opts.seed);
      const out = opts.out;
      const format = dataFormatOf(out, opts.format);
      await checkOutputFile("--out", out);
      const table = syntheticCovertype(await loadKernels(), { rows, seed });
      const text = Buffer.from(tableText(table, format));
      await writeFileAtomic(out, /\.gz$/i.test(out) ? gzipSync(text) : text);
    });
}
