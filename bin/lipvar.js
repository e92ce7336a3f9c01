#!/usr/bin/env node
// Entry point of the `lipvar` command (compiled code in dist/; `npm run build` makes it).
import module from "node:module";

// Node >= 22.1 can cache compiled module code on disk (about half of the
// start-up of a short command is compiling JavaScript); Node 20 lacks the
// function and starts without it. Enabled before the CLI's modules load.
// LIPVAR_NO_COMPILE_CACHE=1 turns it off.
if (typeof module.enableCompileCache === "function" && !process.env.LIPVAR_NO_COMPILE_CACHE) {
  try {
    module.enableCompileCache();
  } catch {
    // A read-only or missing cache directory only costs speed.
  }
}

const { main } = await import("../dist/cli/main.js");

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`lipvar: internal error: ${err && err.stack ? err.stack : err}\n`);
    process.exitCode = 1;
  },
);
