#!/usr/bin/env bash
# Everything lipvar's development needs on a fresh Debian/Ubuntu machine,
# idempotent and quick when nothing changed: the system libraries `canvas`
# builds against (canvas comes with chartjs-node-canvas, a dev dependency
# here and an optional peer dependency for users), Debian's chromium for the
# browser tests, the npm packages (npm ci, when the lockfile changed), the
# Wasm builds, the TypeScript build and the browser bundle.
# Called by `npm run report`, `npm test` and `npm run bench`.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'lipvar setup: %s\n' "$*" >&2; }

# 1. System packages: node-canvas's libraries (chartjs-node-canvas renders
#    the figures) and chromium (test/browser/ drives it with playwright-core).
missing=()
for pkg in libcairo2-dev libpango1.0-dev libjpeg-dev libgif-dev librsvg2-dev pkg-config chromium; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  if ! command -v apt-get >/dev/null; then
    say "missing system libraries ${missing[*]} and no apt-get: install them with your package manager"; exit 1
  fi
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  say "installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# 2. npm packages, reinstalled only when package-lock.json changed. canvas
#    compiles against this Node's own headers when they are installed next
#    to it (Debian's nodejs / libnode-dev, the official tarballs), instead of
#    node-gyp downloading them or whatever a global npm config says.
node_prefix=$(node -p 'require("node:path").resolve(require("node:fs").realpathSync(process.execPath), "../..")')
if [ -f "$node_prefix/include/node/node.h" ]; then
  export npm_config_nodedir="$node_prefix"
fi
stamp=node_modules/.lipvar-lock-sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  say "npm ci (builds canvas from source on first run, about a minute)"
  npm ci --no-fund --no-audit --loglevel=error
  echo "$want" > "$stamp"
fi
# canvas must have its native addon; an install that skipped scripts leaves it out.
if ! node -e "require('canvas')" 2>/dev/null; then
  say "building canvas from source"
  npm rebuild canvas --loglevel=error
fi

# 3. Wasm builds and the bundled special functions (each skipped when up to
#    date), and the TypeScript build.
node scripts/build-wasm.mjs
node scripts/build-vendor.mjs
node scripts/prune-dist.mjs
npx --no-install tsc -p tsconfig.json --incremental --tsBuildInfoFile node_modules/.cache/lipvar.tsbuildinfo
# 4. The prebuilt browser bundle (dist/browser/, from dist/; skipped when up to date).
node scripts/build-browser.mjs
