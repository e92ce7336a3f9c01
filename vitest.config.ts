import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // The package's `imports` field maps #host to dist/host/node.js under Node;
    // tests run the current source instead (as the worker threads' hooks do).
    alias: [{ find: /^#host$/, replacement: fileURLToPath(new URL("./src/host/node.ts", import.meta.url)) }],
  },
  test: {
    include: ["test/**/*.test.ts"],
    // Statistical tests draw millions of values; give them room on 2 cores.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
