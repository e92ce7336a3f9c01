// Serves the explorer page (npm run explorer): a small static server over the
// repository with the MIME types a module page needs (text/javascript,
// application/wasm). Only the folders the page loads are served.
//   node explorer/serve.mjs [--port N]     (default 4173; 0 picks a free port)
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".png": "image/png",
};

/**
 * Start a static server for `root` limited to the URL prefixes in `allow`
 * (default: the explorer, the browser bundle and Chart.js). Resolves to
 * { url, close } once listening.
 */
export function serveStatic({ root = ROOT, port = 4173, allow = ["/explorer/", "/dist/browser/", "/node_modules/chart.js/dist/"] } = {}) {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    const file = normalize(join(root, path.endsWith("/") ? `${path}index.html` : path));
    const allowed = allow.some((prefix) => path.startsWith(prefix)) && file.startsWith(normalize(root + sep));
    if (!allowed) return void res.writeHead(404).end("not served");
    try {
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream", "cache-control": "no-store" }).end(body);
    } catch {
      res.writeHead(404).end("not found");
    }
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const { port: actual } = server.address();
      resolve({ url: `http://127.0.0.1:${actual}`, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === normalize(process.argv[1])) {
  const i = process.argv.indexOf("--port");
  const port = i > 0 ? Number(process.argv[i + 1]) : 4173;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`explorer: --port must be an integer from 0 to 65535, got '${process.argv[i + 1]}'\n`);
    process.exit(2);
  }
  try {
    const { url } = await serveStatic({ port });
    process.stdout.write(`explorer: ${url}/explorer/ (Ctrl-C to stop)\n`);
  } catch (e) {
    process.stderr.write(`explorer: cannot listen on port ${port}: ${e.message}\n`);
    process.exit(2);
  }
}
