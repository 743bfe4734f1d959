/**
 * Real headless Chromium for browser tests: Debian's `chromium` (installed by .ci/run), driven by
 * playwright-core, which never downloads a browser of its own. CHROMIUM_PATH names another binary.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => !!p);

export const chromiumPath = (): string | undefined => CANDIDATES.find((p) => existsSync(p));

export const CHROMIUM_MISSING = `Chromium not found (looked at ${CANDIDATES.join(', ')}): install it with \`apt-get install -y chromium\` or set CHROMIUM_PATH`;

/** A fresh temporary profile per launch (playwright's own), no network beyond what the page asks of 127.0.0.1. */
export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
