// `npm test`: every suite, in order, continuing past a failing one so the summary totals all of
// them. Checks (types, lint, format) count as one test each; Vitest and Playwright count their own
// tests from their JSON reports. Ends with the plain line `N passed, N failed` and exits non-zero
// when anything failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { ensure } from './prereqs.mjs';

const results = [];
mkdirSync('test-results', { recursive: true });

// System prerequisites first (Chromium, tshark): installed when we may, else stop at once with
// the command to run, before any suite (scripts/prereqs.mjs).
let bundled = null;
try {
  bundled = (await import('@playwright/test')).chromium.executablePath();
} catch {
  // no Playwright browser: Debian's chromium it is
}
if (ensure({ bundled, install: !process.argv.includes('--no-install') }) !== 0) {
  writeFileSync('test-results/summary.txt', '0 passed, 1 failed\n');
  console.log('0 passed, 1 failed');
  process.exit(1);
}

function run(name, cmd, args, env = {}) {
  console.log(`\n=== ${name}: ${[cmd, ...args].join(' ')}`);
  const t0 = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  const ok = r.status === 0;
  console.log(`=== ${name}: ${ok ? 'ok' : 'FAILED'} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return ok;
}

function check(name, cmd, args) {
  const ok = run(name, cmd, args);
  results.push({ suite: name, passed: ok ? 1 : 0, failed: ok ? 0 : 1 });
  return ok;
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

const built = check('build wasm', 'node', ['scripts/build-wasm.mjs']);
if (built) {
  check('typecheck (tsc)', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']);
  check('typecheck (svelte-check)', 'npx', ['svelte-check', '--tsconfig', './tsconfig.json', '--fail-on-warnings']);
  check('lint (eslint)', 'npx', ['eslint', '.', '--max-warnings', '0']);
  check('format (prettier)', 'npx', ['prettier', '--check', '.']);

  rmSync('test-results/vitest.json', { force: true });
  const unitOk = run('unit and property tests (vitest)', 'npx', ['vitest', 'run']);
  const v = readJson('test-results/vitest.json');
  if (v)
    results.push({
      suite: 'vitest',
      passed: v.numPassedTests,
      failed: v.numFailedTests + (unitOk || v.numFailedTests ? 0 : 1),
    });
  else results.push({ suite: 'vitest', passed: 0, failed: 1 });

  const appBuilt = check('build app (vite)', 'npx', ['vite', 'build', '--logLevel', 'warn']);
  if (appBuilt) {
    rmSync('test-results/playwright.json', { force: true });
    const e2eOk = run('browser tests (playwright, chromium)', 'npx', ['playwright', 'test']);
    const p = readJson('test-results/playwright.json');
    if (p?.stats) {
      const failed = p.stats.unexpected + p.stats.flaky;
      results.push({ suite: 'playwright', passed: p.stats.expected, failed: failed + (e2eOk || failed ? 0 : 1) });
    } else results.push({ suite: 'playwright', passed: 0, failed: 1 });
  }
}

const passed = results.reduce((a, r) => a + r.passed, 0);
const failed = results.reduce((a, r) => a + r.failed, 0);
console.log('\nSummary:');
for (const r of results) console.log(`  ${r.suite.padEnd(40)} ${r.passed} passed, ${r.failed} failed`);
const line = `${passed} passed, ${failed} failed`;
writeFileSync('test-results/summary.txt', line + '\n');
console.log(line);
process.exit(failed === 0 && existsSync('test-results') ? 0 : 1);
