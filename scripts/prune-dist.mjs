// Removes compiled files from dist/ whose TypeScript source is gone (tsc never
// deletes outputs), so a renamed or deleted module cannot linger in dist/ or
// in the package. dist/browser/, dist/vendor/ and dist/lipvar-cli/ are other scripts' outputs.
import { existsSync, readdirSync, rmSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");
if (existsSync(dist)) {
  for (const f of readdirSync(dist, { recursive: true }).map(String)) {
    const m = /^(.*)\.(js|d\.ts|js\.map)$/.exec(f);
    if (!m || f.startsWith("browser/") || f.startsWith("vendor/") || f.startsWith("lipvar-cli/")) continue;
    if (!existsSync(join(root, "src", `${m[1]}.ts`))) rmSync(join(dist, f));
  }
}
