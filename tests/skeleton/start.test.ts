// The README's first command: `npm start` builds the packet core, serves the lab and prints its
// URL (issue 15: "npm install && npm start on a fresh machine serves the lab"). FMIP_PORT moves
// the port so this test does not collide with a lab the developer already has open.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const port = 5391;

describe('npm start', () => {
  it('serves the lab and prints its URL', async () => {
    const child = spawn('npm', ['start'], {
      env: { ...process.env, FMIP_PORT: String(port), CI: 'true' },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += String(d)));
    child.stderr.on('data', (d) => (out += String(d)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL printed in 60 s:\n${out}`)), 60_000);
        const look = (): void => {
          // Vite colours its output; strip the escapes before looking for the URL.
          const m = out
            .replace(new RegExp(String.fromCharCode(27) + '\\[[0-9;]*m', 'g'), '')
            .match(/http:\/\/127\.0\.0\.1:(\d+)\//);
          if (m) {
            clearTimeout(timer);
            resolve(m[0]);
          }
        };
        child.stdout.on('data', look);
        child.on('exit', (code) => reject(new Error(`npm start exited (${code}):\n${out}`)));
      });
      expect(url).toBe(`http://127.0.0.1:${port}/`);
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<title>fmip-lab');
      // The page's entry compiles (Svelte, TypeScript) and the packet core was built for it.
      const entry = await fetch(new URL('main.ts', url));
      expect(entry.status).toBe(200);
    } finally {
      if (child.pid) process.kill(-child.pid, 'SIGTERM');
    }
  });
});
