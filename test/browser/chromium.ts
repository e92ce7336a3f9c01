/**
 * Debian's chromium driven by playwright-core (no browser download): the
 * browser tests' one way to start it. scripts/setup.sh installs the package.
 */
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

export const CHROMIUM = process.env.LIPVAR_CHROMIUM ?? "/usr/bin/chromium";

/** Flags for a quiet, reproducible headless run as root in a container. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--headless",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-gpu",
  "--disable-quic",
];

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: run bash scripts/setup.sh (installs Debian's chromium) or set LIPVAR_CHROMIUM`);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

/** Where browser tests keep what they produce for people to look at (gitignored). */
export const ARTIFACTS = new URL("../../test-artifacts/", import.meta.url);
