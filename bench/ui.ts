// The lab's performance in real Chromium (issue 6), measured and reported, never asserted:
//   ui_first_load_gzip      what a cold load fetches before the MN can be dragged (HTML, JS, CSS,
//                           wasm, the worker), gzipped (target < 400 KB); lazily loaded views
//                           (lessons, experiments) and the service worker's later precache are not
//   ui_build_gzip           every JS + CSS + wasm + HTML file of the build, gzipped (all views)
//   ui_ready_ms             navigation start to the draggable MN on screen, localhost (target < 1 s)
//   ui_frame_main_ms_median main-thread work per 16.7 ms frame while dragging the MN with ~200
//                           packets in flight (target < 8 ms), from a Chrome trace (RunTask events
//                           of the page's main thread, summed per frame interval); _cpu_: the
//                           same in thread CPU time (robust to other processes on the machine)
//   ui_packets_in_flight    how many packets were drawn in flight during the drag (the load)
//   ui_frame_fig10_ms_median  the same per-frame figure while Figure 10 plays at real time with the
//                           packet list following it (issue 9's target: < 8 ms); _cpu_ likewise
//   ui_console_show_ms_median  Enter to the output of `show neighbors nAR` on the screen, on a 60 s
//                           run of Figure 3 (issue 11, target < 50 ms): the command, stateAt over
//                           the whole trace, and xterm's next render
// Run: node --import tsx bench/ui.ts (builds the app first).
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { findChromium } from '../e2e/chromium.ts';
import { builtin } from '../core/scenario/builtin.ts';

// BENCH_PORT lets two checkouts run the bench side by side (as E2E_PORT does the browser tests).
const PORT = Number(process.env.BENCH_PORT ?? 4189);
// Its own build folder: the browser tests of whoever works in this checkout serve dist/.
const OUT = join(tmpdir(), `fmip-lab-bench-${process.pid}`);
const PROFILE = process.argv.includes('--profile');
// Profiling reads function names: build unminified then (the size figure is then not comparable).
const b = spawnSync(
  'npx',
  ['vite', 'build', '--logLevel', 'warn', '--outDir', OUT, '--emptyOutDir', ...(PROFILE ? ['--minify', 'false'] : [])],
  {
    stdio: 'inherit',
  },
);
if (b.status !== 0) process.exit(1);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}
const gzOf = (f: string) => gzipSync(readFileSync(f), { level: 9 }).length;
const shipped = files(OUT).filter((f) => /\.(js|css|wasm|html)$/.test(f));
const gz = shipped.reduce((n, f) => n + gzOf(f), 0);

const server = spawn(
  'npx',
  ['vite', 'preview', '--host', '127.0.0.1', '--port', String(PORT), '--strictPort', '--outDir', OUT],
  {
    stdio: 'ignore',
    detached: true,
  },
);
const url = `http://127.0.0.1:${PORT}`;
for (let i = 0; i < 100; i++) {
  try {
    if ((await fetch(url)).ok) break;
  } catch {
    await new Promise((r) => setTimeout(r, 100));
  }
}

const browser = await chromium.launch({
  executablePath: findChromium(),
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  // Ready: median of 3 cold loads (fresh context each: no cache).
  const ready: number[] = [];
  const fetched = new Set<string>();
  for (let i = 0; i < 3; i++) {
    const ctx = await browser.newContext();
    const p = await ctx.newPage();
    // The first cold load: which of the build's files it fetched before the MN was ready (pages,
    // workers and module imports all come through here).
    let counting = i === 0;
    if (counting) ctx.on('response', (r) => void (counting && fetched.add(new URL(r.url()).pathname)));
    await p.goto(`${url}/?scenario=fig3`);
    await p.getByRole('slider', { name: /Mobile node MN/ }).waitFor();
    ready.push(await p.evaluate(() => performance.now()));
    counting = false;
    await ctx.close();
  }
  const first = shipped.filter((f) => {
    const rel = '/' + f.slice(OUT.length + 1).replaceAll('\\', '/');
    return fetched.has(rel) || (rel === '/index.html' && fetched.has('/'));
  });
  console.log(`bench ui_first_load_gzip ${(first.reduce((n, f) => n + gzOf(f), 0) / 1024).toFixed(1)} KB`);
  console.log(`bench ui_first_load_files ${first.length} files`);
  console.log(`bench ui_build_gzip ${(gz / 1024).toFixed(1)} KB`);
  ready.sort((a, c) => a - c);
  console.log(`bench ui_ready_ms ${ready[1]!.toFixed(0)} ms`);

  // Heavy traffic: Figure 3's world with two streams every 0.26 ms each way, so about 200 packets
  // are on the wires at once (the CN↔HA↔AR paths take about 25 ms one way).
  const sc = structuredClone(builtin('fig3')!) as { traffic: { intervalUs: number }[]; durationUs: number };
  for (const t of sc.traffic) t.intervalUs = 260;
  sc.durationUs = 60_000_000;
  await page.goto(`${url}/?scenario=fig3&testhooks=1`);
  await page.getByRole('slider', { name: /Mobile node MN/ }).waitFor();
  await page.evaluate(
    (s) => (window as unknown as { fmipLab: { loadInline(s: unknown): Promise<void> } }).fmipLab.loadInline(s),
    sc,
  );
  const mn = page.getByRole('slider', { name: /Mobile node MN/ });
  await mn.waitFor();
  await page.getByLabel('Speed').selectOption({ label: '10 ms per second' });
  // Let traffic build up (virtual time runs 10 ms per wall second).
  await page
    .waitForFunction(() => Number(document.querySelector('g.packets')?.getAttribute('data-count') ?? 0) >= 150, null, {
      timeout: 20_000,
    })
    .catch(async () => {
      const alert = await page.getByRole('alert').allTextContents();
      const at = await page.getByLabel('Time cursor').textContent();
      console.log(
        `# only ${await page.locator('g.packets').getAttribute('data-count')} packets drawn at ${at}; ${alert.join(' ')}`,
      );
    });
  const box = (await mn.boundingBox())!;
  const world = (await page.getByRole('group', { name: /Topology/ }).boundingBox())!;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width / 2, y);
  await page.mouse.down();
  // --profile: also print the page's hottest functions during the drag (self time), as # lines.
  const profile = PROFILE ? await page.context().newCDPSession(page) : null;
  if (profile) {
    await profile.send('Profiler.enable');
    await profile.send('Profiler.start');
  }
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
  const inFlight: number[] = [];
  const t0 = Date.now();
  let dir = 1;
  let x = box.x + box.width / 2;
  while (Date.now() - t0 < 4000) {
    x += dir * 4;
    if (x > world.x + world.width * 0.45 || x < world.x + world.width * 0.12) dir = -dir;
    await page.mouse.move(x, y);
    await page.waitForTimeout(16);
    if (inFlight.length < 400)
      inFlight.push(
        await page.evaluate(() => Number(document.querySelector('g.packets')?.getAttribute('data-count') ?? 0)),
      );
  }
  const trace = JSON.parse((await browser.stopTracing()).toString('utf8')) as {
    traceEvents: {
      name: string;
      ph: string;
      ts: number;
      dur?: number;
      tdur?: number;
      pid: number;
      tid: number;
      args?: { name?: string };
    }[];
  };
  await page.mouse.up();
  if (profile) {
    const { profile: prof } = (await profile.send('Profiler.stop')) as {
      profile: {
        nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
        samples: number[];
        timeDeltas: number[];
      };
    };
    const self = new Map<string, number>();
    const byId = new Map(prof.nodes.map((n) => [n.id, n]));
    prof.samples.forEach((id, i) => {
      const f = byId.get(id)!.callFrame;
      const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber}`;
      self.set(key, (self.get(key) ?? 0) + (prof.timeDeltas[i] ?? 0) / 1000);
    });
    for (const [k, ms] of [...self].sort((a, c) => c[1] - a[1]).slice(0, 25)) console.log(`# ${ms.toFixed(0)} ms ${k}`);
  }
  const ev = trace.traceEvents;
  const mains = ev.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const tasks = (pid: number, tid: number) =>
    ev.filter((e) => e.name === 'RunTask' && e.ph === 'X' && e.pid === pid && e.tid === tid);
  const main = mains.map((m) => tasks(m.pid, m.tid)).sort((a, c) => c.length - a.length)[0] ?? [];
  if (main.length === 0) throw new Error('no main-thread tasks in the trace');
  if (profile) {
    // Where main-thread time goes, by trace event (style, layout, paint, script…), as # lines.
    const m = mains.find((x) => tasks(x.pid, x.tid) === main) ?? mains[0];
    const by = new Map<string, number>();
    for (const e of ev)
      if (e.ph === 'X' && e.pid === m?.pid && e.tid === m?.tid && e.name !== 'RunTask')
        by.set(e.name, (by.get(e.name) ?? 0) + (e.dur ?? 0) / 1000);
    for (const [k, ms] of [...by].sort((a, c) => c[1] - a[1]).slice(0, 15)) console.log(`# ${ms.toFixed(0)} ms ${k}`);
  }
  const start = Math.min(...main.map((e) => e.ts));
  const end = Math.max(...main.map((e) => e.ts + (e.dur ?? 0)));
  const FRAME = 16_667;
  // Wall time of the tasks (`dur`) and, beside it, the main thread's CPU time in them (`tdur`):
  // on a shared machine the wall figure also counts the time other processes held the core.
  const perFrame = (d: (e: (typeof main)[number]) => number | undefined) => {
    const buckets = new Array<number>(Math.ceil((end - start) / FRAME) + 1).fill(0);
    for (const e of main) buckets[Math.floor((e.ts - start) / FRAME)]! += (d(e) ?? 0) / 1000;
    buckets.sort((a, c) => a - c);
    return { median: buckets[Math.floor(buckets.length / 2)]!, p90: buckets[Math.floor(buckets.length * 0.9)]! };
  };
  const wall = perFrame((e) => e.dur);
  const cpu = perFrame((e) => e.tdur ?? e.dur);
  inFlight.sort((a, c) => a - c);
  console.log(`bench ui_frame_main_ms_median ${wall.median.toFixed(2)} ms`);
  console.log(`bench ui_frame_main_ms_p90 ${wall.p90.toFixed(2)} ms`);
  console.log(`bench ui_frame_main_cpu_ms_median ${cpu.median.toFixed(2)} ms`);
  console.log(`bench ui_frame_main_cpu_ms_p90 ${cpu.p90.toFixed(2)} ms`);
  console.log(`bench ui_packets_in_flight ${inFlight[Math.floor(inFlight.length / 2)] ?? 0} packets`);

  // Issue 9's figure: Figure 10 playing at real time (fast-forward off, so every frame advances the
  // engine), the packet list following it under the ladder, 4 s of main-thread tasks per frame.
  const f10 = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await f10.goto(`${url}/?scenario=fig10&seed=1`);
  await f10.getByRole('slider', { name: /Mobile node MN/ }).waitFor();
  await f10.getByLabel('Speed').selectOption({ label: 'Real time' });
  await f10.getByLabel('Fast-forward quiet stretches').uncheck();
  await f10.waitForTimeout(500);
  await browser.startTracing(f10, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
  await f10.waitForTimeout(4000);
  const t10 = JSON.parse((await browser.stopTracing()).toString('utf8')) as typeof trace;
  const m10 = t10.traceEvents.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const tasks10 = m10
    .map((m) =>
      t10.traceEvents.filter((e) => e.name === 'RunTask' && e.ph === 'X' && e.pid === m.pid && e.tid === m.tid),
    )
    .sort((a, c) => c.length - a.length)[0]!;
  const s10 = Math.min(...tasks10.map((e) => e.ts));
  const per10 = (d: (e: (typeof tasks10)[number]) => number | undefined) => {
    const end10 = Math.max(...tasks10.map((e) => e.ts + (e.dur ?? 0)));
    const buckets = new Array<number>(Math.ceil((end10 - s10) / FRAME) + 1).fill(0);
    for (const e of tasks10) buckets[Math.floor((e.ts - s10) / FRAME)]! += (d(e) ?? 0) / 1000;
    buckets.sort((a, c) => a - c);
    return buckets[Math.floor(buckets.length / 2)]!;
  };
  console.log(`bench ui_frame_fig10_ms_median ${per10((e) => e.dur).toFixed(2)} ms`);
  console.log(`bench ui_frame_fig10_cpu_ms_median ${per10((e) => e.tdur ?? e.dur).toFixed(2)} ms`);
  await f10.close();

  // The console: Enter to the table on screen, on a 60 s run (its trace folded by stateAt each time).
  const con = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await con.goto(`${url}/?scenario=fig3`);
  const line = con.getByRole('textbox', { name: /^Console command line/ });
  await line.waitFor({ state: 'attached' });
  await line.focus();
  const rows = con.locator('.xterm-rows');
  for (const l of ['load fig3', 'move MN nAR', 'wait 60s']) {
    await con.keyboard.type(l);
    await con.keyboard.press('Enter');
    await rows
      .getByText(/MN moved from|^at |loaded fig3/)
      .last()
      .waitFor();
  }
  await rows.getByText('at 60000.000 ms').waitFor({ timeout: 120_000 });
  const showMs: number[] = [];
  for (let i = 0; i < 15; i++) {
    await con.keyboard.type('clear');
    await con.keyboard.press('Enter');
    await con.keyboard.type('show neighbors nAR');
    showMs.push(
      await con.evaluate(
        () =>
          new Promise<number>((done) => {
            const el = document.querySelector('.xterm-rows')!;
            const t0 = performance.now();
            const mo = new MutationObserver(() => {
              if (el.textContent?.includes('nAR neighbor cache')) {
                mo.disconnect();
                done(performance.now() - t0);
              }
            });
            mo.observe(el, { childList: true, subtree: true, characterData: true });
            const ta = document.querySelector<HTMLTextAreaElement>('.xterm-helper-textarea')!;
            ta.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', keyCode: 13, bubbles: true }));
          }),
      ),
    );
  }
  showMs.sort((a, c) => a - c);
  console.log(`bench ui_console_show_ms_median ${showMs[7]!.toFixed(1)} ms`);
} finally {
  await browser.close();
  if (server.pid) process.kill(-server.pid);
  rmSync(OUT, { recursive: true, force: true });
}
