#!/usr/bin/env node
// Entry point of the `lipvar` command (compiled code in dist/; `npm run build` makes it).
import { main } from "../dist/cli/main.js";

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`lipvar: internal error: ${err && err.stack ? err.stack : err}\n`);
    process.exitCode = 1;
  },
);
