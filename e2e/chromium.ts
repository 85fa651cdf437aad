// Finds the Chromium the browser tests run in: $CHROMIUM_PATH (or $CHROME_PATH), then Debian's
// /usr/bin/chromium, else Playwright's own browser if one is installed. With none, the tests fail
// with a message saying how to get one (`npx playwright install` cannot download on our machines).
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

export function findChromium(): string {
  for (const name of ['CHROMIUM_PATH', 'CHROME_PATH']) {
    const p = process.env[name];
    if (p) {
      if (!existsSync(p)) throw new Error(`${name}=${p} does not exist`);
      return p;
    }
  }
  // Debian's /usr/bin/chromium is a shell wrapper around /usr/lib/chromium/chromium; the binary
  // itself starts quieter.
  for (const p of ['/usr/lib/chromium/chromium', '/usr/bin/chromium']) if (existsSync(p)) return p;
  const bundled = chromium.executablePath();
  if (bundled && existsSync(bundled)) return bundled;
  throw new Error(
    "No Chromium found for the browser tests. Install Debian's package (`sudo apt-get install -y chromium`), " +
      "or set CHROMIUM_PATH to a Chromium binary, or install Playwright's browser (`npx playwright install chromium`).",
  );
}
