// The newest modification time (ms) of the files under `dir` that `test`
// accepts (paths relative to dir): the build scripts compare it with their
// outputs' to skip work that is up to date.
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

export const newest = (dir, test) =>
  readdirSync(dir, { recursive: true })
    .map(String)
    .filter(test)
    .reduce((m, f) => Math.max(m, statSync(join(dir, f)).mtimeMs), 0);
