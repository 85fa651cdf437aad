// Offline (issue 13): after one visit the service worker has the whole build; with the network
// cut the lab reloads and runs Figure 3.
import { test, expect } from './fixtures.ts';
import { FIG3, dragToNar, handoverDone } from './helpers.ts';

test('after one visit, with the network cut, the lab reloads and runs Figure 3', async ({ page, consoleErrors }) => {
  // The offline copy waits until the lab is ready: the service worker is registered (and its
  // ~650 KB precache begins) only after the packet core the engine needs has arrived.
  const order: string[] = [];
  page.context().on('request', (r) => {
    const u = r.url();
    if (u.endsWith('/sw.js')) order.push('sw');
    else if (u.endsWith('.wasm') && !order.includes('sw')) order.push('wasm');
  });
  await page.goto(FIG3);
  // The service worker is installed (its precache filled) and active.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  expect(order.indexOf('wasm'), `requests in order: ${order.join(', ')}`).toBeGreaterThanOrEqual(0);
  expect(order.indexOf('sw')).toBeGreaterThan(order.indexOf('wasm'));
  await page.context().setOffline(true);
  await page.reload();
  await expect(page.getByRole('slider', { name: /Mobile node MN/ })).toBeVisible();
  await dragToNar(page);
  await handoverDone(page);
  // Reloading really went without the network: the same page fails to load a URL it has not cached.
  const miss = await page.evaluate(() =>
    fetch('./not-in-the-build.txt').then(
      (r) => r.status,
      () => 'offline',
    ),
  );
  expect(miss).toBe('offline');
  // That refused fetch is this test's own, logged as such; nothing else may be.
  const own = consoleErrors.findIndex((e) => e.includes('ERR_INTERNET_DISCONNECTED'));
  if (own >= 0) consoleErrors.splice(own, 1);
  await page.context().setOffline(false);
  expect(consoleErrors).toEqual([]);
});

/** The files a built file names (`assets/…`, or a sibling's hashed name): what it will fetch. */
const named = (text: string): string[] => [
  ...new Set([...text.matchAll(/[\w.-]+-[\w-]{8}\.(?:js|css|wasm|lua)|fmip-lab\.js/g)].map((m) => m[0])),
];

test('the precache holds what the build uses and only that; the web component fetches only its own worker and the packet core', async ({
  request,
}) => {
  const sw = await (await request.get('/sw.js')).text();
  const precached = [...sw.matchAll(/url:"([^"]+)"/g)].map((m) => m[1]!);
  expect(precached).toContain('fmip-lab.js');
  // Everything reachable from the build's pages (the lab, the embed, the teacher's page, the
  // sample course page), following what each file names.
  const byName = new Map(precached.map((u) => [u.split('/').pop()!, u]));
  const seen = new Set<string>();
  const missing: string[] = [];
  const queue = ['index.html', 'embed/embed.html', 'teacher/index.html', 'examples/course-page.html'];
  while (queue.length > 0) {
    const u = queue.shift()!;
    if (seen.has(u)) continue;
    seen.add(u);
    if (/\.(wasm|svg|png|lua)$/.test(u)) continue;
    for (const n of named(await (await request.get('/' + u)).text())) {
      const v = byName.get(n);
      if (v) queue.push(v);
      // A file a page names that the build has but the precache does not: it fails offline (the
      // lab's Wireshark dissector link was one).
      // (The preview server answers an unknown path with the lab's page: that is no file.)
      else if (!((await request.get('/assets/' + n)).headers()['content-type'] ?? 'text/html').startsWith('text/html'))
        missing.push(n);
    }
  }
  expect(missing).toEqual([]);
  const unused = precached.filter((u) => /\.(js|css|wasm|lua)$/.test(u) && u !== 'sw.js' && !seen.has(u));
  // workbox's own runtime is sw.js's, not a page's.
  expect(unused.filter((u) => !/^workbox-/.test(u))).toEqual([]);
  // The web component's module names one worker, its own shared engine worker; that worker the packet core.
  const wc = named(await (await request.get('/fmip-lab.js')).text());
  expect(wc.filter((n) => /worker/.test(n))).toEqual([expect.stringMatching(/^engines\.worker-/)]);
  const worker = wc.find((n) => /worker/.test(n))!;
  expect(named(await (await request.get('/assets/' + worker)).text())).toEqual([
    expect.stringMatching(/^packet-.*\.wasm$/),
  ]);
});
