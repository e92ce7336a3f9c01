#!/usr/bin/env bash
# `npm run report [-- options]`: set-up (no root needed when the system
# libraries are there; see scripts/setup.sh), then `lipvar report` into
# reports/. Where canvas could not be built (its system libraries missing and
# no root to install them), the report is written without its PNG figures —
# every number, results.json and the Markdown — with one line saying so.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if node -e "require('canvas')" 2>/dev/null; then
  exec node bin/lipvar.js report "$@"
fi
if ! node bin/lipvar.js report --help | grep -q -- --no-figures; then
  printf '%s\n' "lipvar: canvas is not available here and this lipvar cannot write a report without figures; install the libraries scripts/setup.sh lists" >&2
  exit 2
fi
printf '%s\n' "lipvar: canvas is not available here, so the report is written without figures (--no-figures); install the libraries scripts/setup.sh lists and rerun for the PNGs" >&2
exec node bin/lipvar.js report --no-figures "$@"
