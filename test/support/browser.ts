import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium, which `.ci/run` installs; CHROMIUM_PATH names another. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Whether the browser tests can run here. Where the browser is required
 * (COUNTERSIGN_REQUIRE_BROWSER=1, as `.ci/run` sets), a missing browser fails the
 * suite instead of skipping it.
 */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.COUNTERSIGN_REQUIRE_BROWSER === '1') throw new Error(`no Chromium at ${CHROMIUM}; install Debian's chromium package or set CHROMIUM_PATH`);
  return false;
}

/**
 * Headless Chromium as this closed network needs it: no sandbox (root in CI), no GPU,
 * and none of the background traffic (updates, sync, safe browsing) that would only
 * be refused here. Playwright gives each launch a fresh, empty profile.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync',
    ],
  });
}
