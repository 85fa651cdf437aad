// `npm test`'s prerequisite step (scripts/prereqs.mjs, issue 15): on a machine without Chromium
// or tshark, in the mode that must not install, it stops before any suite with the exact command
// to run and a non-zero status; `npm test` itself (test-all.mjs) does the same and writes the
// one-line summary.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findChromium, missing } from '../../scripts/prereqs.mjs';

/** A PATH holding only `node`: no chromium, no tshark, no apt-get. */
function bareEnv(): NodeJS.ProcessEnv {
  const dir = mkdtempSync(join(tmpdir(), 'fmip-bare-'));
  symlinkSync(process.execPath, join(dir, 'node'));
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: dir, FMIP_NO_INSTALL: '1' };
  delete env.CHROMIUM_PATH;
  delete env.CHROME_PATH;
  return env;
}

describe('prerequisite step', () => {
  it('with the tools hidden and installing forbidden, stops with the command to run', () => {
    const r = spawnSync(process.execPath, ['scripts/prereqs.mjs'], { env: bareEnv(), encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(r.stdout).toMatch(/missing chromium/);
    expect(r.stdout).toMatch(/missing tshark/);
    expect(r.stdout).toMatch(/apt-get install -y chromium tshark/);
  });

  it('npm test (test-all.mjs) stops before running any suite', () => {
    const r = spawnSync(process.execPath, ['scripts/test-all.mjs'], {
      env: bareEnv(),
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).not.toBe(0);
    expect(r.stdout).toMatch(/apt-get install -y chromium tshark/);
    expect(r.stdout).not.toMatch(/=== build wasm/);
    expect(r.stdout.trim().split('\n').at(-1)).toBe('0 passed, 1 failed');
  });

  it('finds what is there: $CHROMIUM_PATH wins, a missing one is named', () => {
    const env = bareEnv();
    expect(findChromium({ ...env, CHROMIUM_PATH: process.execPath })).toEqual({ path: process.execPath });
    expect(findChromium({ ...env, CHROMIUM_PATH: '/nonexistent/chromium' }).error).toMatch(
      /CHROMIUM_PATH=\/nonexistent/,
    );
    // tshark on PATH is found; chromium still missing
    const withTshark = mkdtempSync(join(tmpdir(), 'fmip-tshark-'));
    symlinkSync(process.execPath, join(withTshark, 'tshark'));
    const need = missing({ ...env, PATH: `${env.PATH}:${withTshark}` }).map((n: { pkg: string }) => n.pkg);
    expect(need).toEqual(['chromium']);
  });
});
