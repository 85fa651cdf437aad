// Finds the Chromium the browser tests run in, with the same search as `npm test`'s prerequisite
// step (scripts/prereqs.mjs): $CHROMIUM_PATH (or $CHROME_PATH), then `chromium` on PATH, else
// Playwright's own browser if one is installed. With none, say how to get one (`npx playwright
// install` cannot download on our machines).
import { chromium } from '@playwright/test';
import { findChromium as find } from '../scripts/prereqs.mjs';

export function findChromium(): string {
  const found = find(process.env, chromium.executablePath());
  if (found.path) return found.path;
  throw new Error(
    `${found.error}. Install Debian's package (\`sudo apt-get install -y chromium\`), ` +
      'or set CHROMIUM_PATH to a Chromium binary, or install Playwright’s browser (`npx playwright install chromium`).',
  );
}
