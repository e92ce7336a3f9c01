#!/usr/bin/env node
// Entry point of the `lipvar` command (compiled code in dist/; `npm run build` makes it).
import module from "node:module";
import { existsSync } from "node:fs";

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

// The bundled CLI (dist/lipvar-cli/, scripts/build-cli.mjs: a short command
// starts about a fifth faster than from dist/cli/'s hundred small modules);
// LIPVAR_NO_BUNDLE=1, or a build without it, runs dist/cli/ directly.
const bundled = !process.env.LIPVAR_NO_BUNDLE && existsSync(new URL("../dist/lipvar-cli/main.js", import.meta.url));
let cli;
try {
  cli = await import(bundled ? "../dist/lipvar-cli/main.js" : "../dist/cli/main.js");
} catch (err) {
  // One line, as for every other failure (src/cli/errors.ts); LIPVAR_DEBUG=1 shows the trace.
  const debug = process.env.LIPVAR_DEBUG && process.env.LIPVAR_DEBUG !== "0";
  process.stderr.write(`lipvar: internal error: cannot load the compiled CLI (dist/; run npm run build): ${debug ? err?.stack : err?.message ?? err}\n`);
  process.exit(70);
}
// runCli sets the exit code and never rejects (src/cli/main.ts).
await cli.runCli(process.argv.slice(2));
