// The system prerequisites of `npm test`: a Chromium for the browser tests and tshark for the
// capture tests, both from Debian. `npm test` runs this first (scripts/test-all.mjs), so a fresh
// machine needs nothing but `npm install && npm test`:
//   - both present: silent;
//   - one missing, and we may install (root, apt-get on PATH, FMIP_NO_INSTALL unset): one line
//     saying what is installed, then `apt-get install`, as `playwright install --with-deps` does;
//   - one missing and we may not: stop at once, before any suite, with the exact command to run.
// `node scripts/prereqs.mjs [--no-install]` runs the step alone; FMIP_NO_INSTALL=1 is the same as
// --no-install. e2e/chromium.ts finds the browser with `findChromium` below (one search, two users).
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The first executable called `name` on `PATH`, or null. */
export function which(name, env = process.env) {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, name);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      // not here
    }
  }
  return null;
}

/**
 * The Chromium the browser tests use: $CHROMIUM_PATH (or $CHROME_PATH), else `chromium` on PATH
 * (Debian's /usr/bin/chromium is a shell wrapper around /usr/lib/chromium/chromium, which starts
 * quieter, so that one when it is there), else Playwright's own browser if one was installed.
 * Returns { path } or { error } naming what is wrong.
 * @param {NodeJS.ProcessEnv} env
 * @param {string | null} bundled Playwright's own browser's path, if it has one
 * @returns {{ path?: string, error?: string }}
 */
export function findChromium(env = process.env, bundled = null) {
  for (const name of ['CHROMIUM_PATH', 'CHROME_PATH']) {
    const p = env[name];
    if (p) return existsSync(p) ? { path: p } : { error: `${name}=${p} does not exist` };
  }
  const onPath = which('chromium', env);
  if (onPath) {
    const inner = '/usr/lib/chromium/chromium';
    return { path: onPath === '/usr/bin/chromium' && existsSync(inner) ? inner : onPath };
  }
  if (bundled && existsSync(bundled)) return { path: bundled };
  return { error: 'no Chromium: no $CHROMIUM_PATH, no `chromium` on PATH, no Playwright browser' };
}

/**
 * What is missing, as Debian package names, with the reason for each.
 * @param {NodeJS.ProcessEnv} env
 * @param {string | null} bundled
 */
export function missing(env = process.env, bundled = null) {
  const out = [];
  const c = findChromium(env, bundled);
  if (c.error) out.push({ pkg: 'chromium', why: c.error });
  if (!which('tshark', env))
    out.push({ pkg: 'tshark', why: 'no `tshark` on PATH (the capture tests read the lab’s pcap with it)' });
  return out;
}

/**
 * Ensures the prerequisites; returns the exit status (0: all there).
 * @param {{ env?: NodeJS.ProcessEnv, install?: boolean, bundled?: string | null, log?: (s: string) => void }} opts
 */
export function ensure({ env = process.env, install = true, bundled = null, log = console.log } = {}) {
  const need = missing(env, bundled);
  if (need.length === 0) return 0;
  const pkgs = need.map((n) => n.pkg).join(' ');
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const apt = which('apt-get', env);
  const command = `${isRoot ? '' : 'sudo '}apt-get install -y ${pkgs}`;
  for (const n of need) log(`prereqs: missing ${n.pkg}: ${n.why}`);
  if (!install || env.FMIP_NO_INSTALL === '1' || !isRoot || !apt) {
    const why =
      !install || env.FMIP_NO_INSTALL === '1'
        ? 'not installing (--no-install / FMIP_NO_INSTALL=1)'
        : !apt
          ? 'no apt-get here'
          : 'not root';
    log(`prereqs: ${why}; run this, then npm test again:\n  ${command}`);
    return 1;
  }
  log(`prereqs: installing ${pkgs} from Debian (apt-get install -y ${pkgs}), about a minute`);
  const aptEnv = { ...env, DEBIAN_FRONTEND: 'noninteractive' };
  const quiet = { stdio: ['ignore', 'ignore', 'inherit'], env: aptEnv };
  const up = spawnSync(apt, ['update', '-qq'], quiet);
  const inst = up.status === 0 ? spawnSync(apt, ['install', '-y', '-qq', ...need.map((n) => n.pkg)], quiet) : up;
  if (inst.status !== 0 || missing(env, bundled).length > 0) {
    log(`prereqs: apt-get could not install ${pkgs}; run it by hand:\n  ${command}`);
    return 1;
  }
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exit(ensure({ install: !process.argv.includes('--no-install') }));
}
