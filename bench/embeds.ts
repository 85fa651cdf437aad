// Course pages with live figures (issue 13), measured in real Chromium and reported, never asserted:
//   wc_module_gzip            the web component as a page fetches it: fmip-lab.js, its worker and the
//                             packet core (wasm), gzipped (target < 250 KB including the packet core)
//   course9_wc_drawn_ms       a course page with 9 <fmip-lab> elements (Figure 3, both views):
//                             navigation start until all 9 have their topology and their ladder's
//                             first arrow on screen (target < 3 s)
//   course9_wc_memory         the page's renderer memory (PSS of Chromium's renderer processes:
//                             the page, its 9 engine workers and their wasm) once all 9 have run
//                             Figure 3 to its end (target < 300 MB)
//   course9_wc_memory_after_gc the same after a garbage collection in the page and its workers
//                             (what the figures keep, not what V8 has yet to collect)
//   course9_wc_workers        engine workers the page started (the elements share one: app/wc/engines.ts)
//   course9_iframe_*          the same with 9 iframes of embed/embed.html (each a document of its own,
//                             with its own worker; the frames' workers are not all reachable for gc)
//   blank_memory              the same measure of an empty page (the floor: Chromium's own renderer);
//                             *_memory_over_blank what the 9 figures add to it
// Run: node --import tsx bench/embeds.ts (builds the app first, into a folder of its own).
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { findChromium } from '../e2e/chromium.ts';

const PORT = 4191;
const N = Number(process.env.BENCH_N ?? 9);
const OUT = join(tmpdir(), `fmip-lab-bench-embeds-${process.pid}`);
const b = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn', '--outDir', OUT, '--emptyOutDir'], {
  stdio: 'inherit',
});
if (b.status !== 0) process.exit(1);

// What <fmip-lab> fetches: its module, the worker it starts, the wasm that worker loads.
const gz = (f: string) => gzipSync(readFileSync(f), { level: 9 }).length;
const wc = readFileSync(join(OUT, 'fmip-lab.js'), 'utf8');
const worker = /assets\/(engines\.worker-[\w-]+\.js)/.exec(wc)?.[1];
const wasm = readdirSync(join(OUT, 'assets')).find((f) => /^packet-[\w-]+\.wasm$/.test(f));
if (!worker || !wasm) throw new Error('fmip-lab.js: its worker or the packet core not found in the build');
const moduleGz = gz(join(OUT, 'fmip-lab.js')) + gz(join(OUT, 'assets', worker)) + gz(join(OUT, 'assets', wasm));
console.log(`bench wc_module_gzip ${(moduleGz / 1024).toFixed(1)} KB`);

// Two course pages of 9 figures each, beside the sample course page (same relative URLs).
const FIG = 'scenario=fig3&view=both&speed=1000&end=2200';
const page = (body: string, head = '') =>
  `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,">${head}
<style>.g{display:grid;grid-template-columns:repeat(3,minmax(0,1fr));gap:8px}fmip-lab,iframe{height:420px;width:100%;border:1px solid #ccc}</style>
<div class="g">${body}</div>`;
const attrs = new URLSearchParams(FIG);
const el = `<fmip-lab ${[...attrs].map(([k, v]) => `${k}="${v}"`).join(' ')}></fmip-lab>`;
writeFileSync(
  join(OUT, 'examples', 'bench-wc.html'),
  page(el.repeat(N), '<script type="module" src="../fmip-lab.js"></script>'),
);
writeFileSync(
  join(OUT, 'examples', 'bench-iframe.html'),
  page(`<iframe title="Figure 3" src="../embed/embed.html?${FIG.replaceAll('&', '&amp;')}"></iframe>`.repeat(N)),
);
writeFileSync(join(OUT, 'examples', 'bench-blank.html'), page(''));

const server = spawn(
  'npx',
  ['vite', 'preview', '--host', '127.0.0.1', '--port', String(PORT), '--strictPort', '--outDir', OUT],
  { stdio: 'ignore', detached: true },
);
const url = `http://127.0.0.1:${PORT}`;
for (let i = 0; i < 100; i++) {
  try {
    if ((await fetch(url)).ok) break;
  } catch {
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * PSS (proportional set size: shared pages split between their users) of the renderer processes
 * under this one, MB: the one browser open at the time (Playwright starts it as our child).
 */
function rendererPss(): number {
  const root = process.pid;
  const children = new Map<number, number[]>();
  for (const d of readdirSync('/proc').filter((f) => /^\d+$/.test(f))) {
    try {
      const ppid = Number(/^PPid:\s+(\d+)/m.exec(readFileSync(`/proc/${d}/status`, 'utf8'))?.[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(d)]);
    } catch {
      // A process that ended meanwhile.
    }
  }
  let kb = 0;
  const walk = (pid: number) => {
    for (const c of children.get(pid) ?? []) {
      try {
        if (readFileSync(`/proc/${c}/cmdline`, 'utf8').includes('--type=renderer'))
          kb += Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${c}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
      } catch {
        // Gone.
      }
      walk(c);
    }
  };
  walk(root);
  return kb / 1024;
}

/** A fresh browser on the page of 9 figures: when all are drawn (ms from navigation start) and the memory then (MB). */
async function measure(
  kind: 'wc' | 'iframe',
): Promise<{ drawn: number; memory: number; kept: number; workers: number }> {
  const browser = await chromium.launch({
    executablePath: findChromium(),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--js-flags=--expose-gc',
    ],
  });
  try {
    const p = await browser.newPage({ viewport: { width: 1400, height: 1400 } });
    await p.goto(`${url}/examples/bench-${kind}.html`);
    // The figures' roots: each element's shadow root, or each frame's document.
    await p.evaluate((k) => {
      (window as unknown as { roots: () => (ParentNode | null)[] }).roots = () =>
        k === 'wc'
          ? [...document.querySelectorAll('fmip-lab')].map((e) => e.shadowRoot)
          : [...document.querySelectorAll('iframe')].map((f) => f.contentDocument);
    }, kind);
    // Checked at every animation frame; the first frame all are drawn, its time.
    const drawnAt = await p.waitForFunction(
      (n) => {
        const rs = (window as unknown as { roots: () => (ParentNode | null)[] }).roots();
        const ok =
          rs.length === n &&
          rs.every(
            (r) =>
              r?.querySelector('[aria-label^="Topology:"]') && r.querySelector('[aria-label="Message ladder"] g.arrow'),
          );
        return ok && performance.now();
      },
      N,
      { polling: 'raf', timeout: 60_000 },
    );
    const drawn = (await drawnAt.jsonValue()) as number;
    // Memory once every figure has run Figure 3 to its end (end=2200 ms).
    await p.waitForFunction(
      () =>
        (window as unknown as { roots: () => (ParentNode | null)[] })
          .roots()
          .every((r) => r?.querySelector('[aria-label="Time cursor"]')?.textContent === '2200.000 ms'),
      null,
      { timeout: 60_000 },
    );
    await p.waitForTimeout(500);
    const memory = rendererPss();
    // Then with the garbage collected in the page, its frames and its workers (what they keep).
    for (let i = 0; i < 2; i++) {
      for (const f of p.frames()) await f.evaluate(() => (globalThis as unknown as { gc(): void }).gc());
      for (const w of p.workers()) await w.evaluate(() => (globalThis as unknown as { gc(): void }).gc());
    }
    await p.waitForTimeout(1000);
    return { drawn, memory, kept: rendererPss(), workers: p.workers().length };
  } finally {
    await browser.close();
  }
}

try {
  const blank = await (async () => {
    const browser = await chromium.launch({ executablePath: findChromium(), args: ['--no-sandbox', '--disable-gpu'] });
    const p = await browser.newPage();
    await p.goto(`${url}/examples/bench-blank.html`);
    await p.waitForTimeout(500);
    const m = rendererPss();
    await browser.close();
    return m;
  })();
  const w = await measure('wc');
  const f = await measure('iframe');
  console.log(`bench course9_wc_drawn_ms ${w.drawn.toFixed(0)} ms`);
  console.log(`bench course9_wc_memory ${w.memory.toFixed(0)} MB`);
  console.log(`bench course9_wc_memory_after_gc ${w.kept.toFixed(0)} MB`);
  console.log(`bench course9_wc_workers ${w.workers} workers`);
  console.log(`bench course9_iframe_drawn_ms ${f.drawn.toFixed(0)} ms`);
  console.log(`bench course9_iframe_memory ${f.memory.toFixed(0)} MB`);
  console.log(`bench course9_iframe_memory_after_gc ${f.kept.toFixed(0)} MB`);
  console.log(`bench blank_memory ${blank.toFixed(0)} MB`);
  // What the 9 figures add to an empty page's renderer.
  console.log(`bench course9_wc_memory_over_blank ${(w.memory - blank).toFixed(0)} MB`);
  console.log(`bench course9_iframe_memory_over_blank ${(f.memory - blank).toFixed(0)} MB`);
} finally {
  if (server.pid) process.kill(-server.pid);
  rmSync(OUT, { recursive: true, force: true });
}
