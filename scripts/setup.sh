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

browser=0
for arg in "$@"; do
  case "$arg" in
    --browser) browser=1 ;;
    *) say "unknown option $arg (usage: bash scripts/setup.sh [--browser])"; exit 2 ;;
  esac
done

# 1. System packages: node-canvas's libraries, and with --browser chromium
#    (test/browser/ drives it with playwright-core) unless LIPVAR_CHROMIUM
#    names another one.
wanted=(libcairo2-dev libpango1.0-dev libjpeg-dev libgif-dev librsvg2-dev pkg-config)
if ((browser)) && [ -z "${LIPVAR_CHROMIUM:-}" ]; then wanted+=(chromium); fi
missing=()
if command -v dpkg-query >/dev/null; then
  for pkg in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
fi
if ((${#missing[@]})); then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo="sudo"; else sudo="none"; fi
  fi
  if [ "$sudo" != "none" ] && command -v apt-get >/dev/null; then
    say "installing ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    say "cannot install ${missing[*]} (needs root or apt-get); going on without them"
    if ((browser)) && [[ " ${missing[*]} " == *" chromium "* ]]; then
      say "the browser tests need chromium: install it (apt-get install chromium) or set LIPVAR_CHROMIUM to a Chromium binary"
      exit 1
    fi
  fi
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
      say "canvas cannot be built here, and the tests render figures: install ${wanted[*]:0:6} and rerun"
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
