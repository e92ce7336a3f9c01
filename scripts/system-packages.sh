#!/usr/bin/env bash
# The system packages lipvar's set-up needs on Debian/Ubuntu: the libraries
# node-canvas builds against (for the report's PNG figures), and with
# --browser Debian's chromium (test/browser/ drives it with playwright-core)
# unless LIPVAR_CHROMIUM names another one. Missing ones are installed with
# apt-get when this runs as root or with password-less sudo; otherwise this
# warns and goes on (the report is then written without figures), except
# that --browser without chromium stops with exit 1. Called by setup.sh.
set -euo pipefail

say() { printf 'lipvar setup: %s\n' "$*" >&2; }

browser=0
for arg in "$@"; do
  case "$arg" in
    --browser) browser=1 ;;
    *) say "unknown option $arg (usage: bash scripts/setup.sh [--browser])"; exit 2 ;;
  esac
done

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
