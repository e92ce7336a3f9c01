#!/usr/bin/env bash
# Everything lipvar's development needs on a fresh Debian/Ubuntu machine,
# idempotent and quick when nothing changed: the system libraries `canvas`
# builds against (canvas comes with chartjs-node-canvas, a dev dependency
# here and an optional peer dependency for users; it renders the report's
# PNG figures), the npm packages (npm ci, when the lockfile changed), the
# Wasm builds, the TypeScript build and the browser bundle.
#
#   bash scripts/setup.sh            for `npm run report`, `npm run explorer`, `npm run bench`
#   bash scripts/setup.sh --browser  for `npm test`: also Debian's chromium (the browser tests)
#
# Root is needed only to install missing system packages (apt-get, directly
# or through password-less sudo). Without root and without them:
#  - no canvas (its libraries are missing): setup goes on with a warning, and
#    `npm run report` writes the report's numbers and Markdown without the
#    PNG figures (`lipvar report --no-figures`); everything else works;
#  - no chromium: `--browser` stops with one line (point LIPVAR_CHROMIUM at
#    another Chromium to run the browser tests without it).
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'lipvar setup: %s\n' "$*" >&2; }

# 1. System packages (scripts/system-packages.sh): canvas's libraries, and
#    with --browser chromium; installed when missing and root (or
#    password-less sudo) is at hand, else a warning — or, for chromium with
#    --browser, a stop.
bash scripts/system-packages.sh "$@"
browser=0
[[ " $* " == *" --browser "* ]] && browser=1   # (system-packages.sh has refused any other option)

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
  if ! npm ci --no-fund --no-audit --loglevel=error; then
    # Most often canvas's native build (missing libraries): install without
    # install scripts, then build what needs building one by one below.
    say "npm ci failed; installing without install scripts, then building esbuild and canvas separately"
    npm ci --no-fund --no-audit --loglevel=error --ignore-scripts
    npm rebuild esbuild --loglevel=error
  fi
  echo "$want" > "$stamp"
fi
# canvas must have its native addon; an install that skipped scripts leaves it out.
if ! node -e "require('canvas')" 2>/dev/null; then
  say "building canvas from source"
  if ! npm rebuild canvas --loglevel=error; then
    if ((browser)); then
      say "canvas cannot be built here, and the tests render figures: install the libraries scripts/system-packages.sh lists and rerun"
      exit 1
    fi
    say "canvas cannot be built here (its system libraries are missing): the report will be written without its PNG figures (lipvar report --no-figures)"
  fi
fi

# 3. Wasm builds and the bundled special functions (each skipped when up to
#    date), and the TypeScript build.
node scripts/build-wasm.mjs
node scripts/build-vendor.mjs
node scripts/prune-dist.mjs
npx --no-install tsc -p tsconfig.json --incremental --tsBuildInfoFile node_modules/.cache/lipvar.tsbuildinfo
# 4. The prebuilt browser bundle (dist/browser/, from dist/; skipped when up to date)
#    and the bundled CLI bin/lipvar.js runs (dist/lipvar-cli/, likewise).
node scripts/build-browser.mjs
node scripts/build-cli.mjs
