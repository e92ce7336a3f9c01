import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Statistical tests draw millions of values; give them room on 2 cores.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
