// The sample course page (issue 13, examples/course-page.html, copied into the build's examples/):
// served statically, it shows Figure 3's ladder in an iframe, in the web components and as an
// animated SVG in an <img>; no request leaves the origin; the two web components run each their
// own engine; a bad attribute is named inside its element.
import type { Locator, Page } from '@playwright/test';
import { test, expect } from './fixtures.ts';
import { lifelinesInView } from './helpers.ts';

const COURSE = '/examples/course-page.html';

/** Every request the page, its frames and its workers make (a request listener on the context). */
function requests(page: Page): string[] {
  const urls: string[] = [];
  page.context().on('request', (r) => urls.push(r.url()));
  return urls;
}

const fbu = (scope: Page | Locator | import('@playwright/test').FrameLocator) =>
  scope.getByRole('group', { name: 'Message ladder' }).getByRole('button', { name: /^F-BU\b.* from MN to oAR/ });

test('the course page shows Figure 3 as an iframe, web components and an animated SVG; nothing leaves the origin', async ({
  page,
  consoleErrors,
  baseURL,
}) => {
  const urls = requests(page);
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(COURSE);

  // 1. The iframe: Figure 3's ladder with its F-BU, run to the page's end=2200.
  const frame = page.frameLocator('iframe[title^="Figure 3 in an iframe"]');
  await expect(fbu(frame)).toBeVisible({ timeout: 30_000 });
  await expect(frame.getByLabel('Time cursor')).toHaveText('2200.000 ms', { timeout: 30_000 });
  // Every lifeline in view: the student sees the HA and the CN too (the frame's both views).
  const all = ['MN', 'oAR', 'nAR', 'HA', 'CN'];
  await expect.poll(() => lifelinesInView(frame.locator('body'))).toEqual(all);

  // 2. The web components (Playwright's locators pierce their open shadow roots).
  const ladder = page.locator('fmip-ladder#ladder-a');
  await expect(fbu(ladder)).toBeVisible({ timeout: 30_000 });
  await expect(ladder.getByRole('group', { name: /Topology/ })).toHaveCount(0);
  await expect.poll(() => lifelinesInView(ladder)).toEqual(all);
  // <fmip-lab> in its half of the page: its two views stack, and its ladder shows every lifeline.
  const lab = page.locator('fmip-lab#lab-b');
  await lab.getByRole('button', { name: 'Play' }).click();
  await expect(fbu(lab)).toBeVisible({ timeout: 30_000 });
  await expect.poll(() => lifelinesInView(lab)).toEqual(all);
  // The styles are inside the shadow root: the page's own are untouched and the element's apply.
  expect(await ladder.evaluate((el) => el.shadowRoot?.querySelectorAll('style').length ?? 0)).toBeGreaterThan(1);
  expect(await page.evaluate(() => document.querySelectorAll('head style').length)).toBe(1);

  // 3. The image: an animated SVG of Figure 3's ladder that an <img> decodes (no script in it).
  const img = page.getByRole('img', { name: /^Figure 3's message ladder, animated/ });
  const size = await img.evaluate(
    async (el: HTMLImageElement) => (await el.decode(), [el.naturalWidth, el.naturalHeight]),
  );
  expect(size[0]).toBeGreaterThan(300);
  expect(size[1]).toBeGreaterThan(200);
  const svg = await page.evaluate(() => fetch('fig3-ladder.svg').then((r) => r.text()));
  expect(svg).toContain('<animate ');
  for (const m of ['RtSolPr', 'PrRtAdv', 'HI [U]', 'F-BU', 'HACK', 'F-BACK']) expect(svg).toContain(`>${m}`);
  expect(svg).not.toMatch(/<script|\son[a-z]+=|href="http/i);

  // Nothing left the origin: the page, the frame, both elements, their workers and the wasm.
  const origin = new URL(baseURL!).origin;
  const outside = urls.filter((u) => !u.startsWith('data:') && !u.startsWith('blob:') && new URL(u).origin !== origin);
  expect(outside).toEqual([]);
  // The web component's module, worker and packet core were fetched from the build (beside fmip-lab.js).
  expect(urls.some((u) => u.endsWith('/fmip-lab.js'))).toBe(true);
  expect(urls.filter((u) => /\/assets\/packet-[\w-]+\.wasm$/.test(u)).length).toBeGreaterThanOrEqual(1);
  expect(consoleErrors).toEqual([]);
});

test('two web components on one page run independently', async ({ page, consoleErrors }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(COURSE);
  const a = page.locator('fmip-ladder#ladder-a');
  const b = page.locator('fmip-lab#lab-b');
  // A plays by itself to its end; B (autoplay="0") waits at 0 with its Play button.
  await expect(a.getByLabel('Time cursor')).toHaveText('2200.000 ms', { timeout: 30_000 });
  await expect(b.getByLabel('Time cursor')).toHaveText('0.000 ms');
  await expect(b.getByRole('button', { name: 'Play' })).toBeVisible();
  await expect(fbu(b)).toHaveCount(0);
  const aArrows = await a.locator('g.arrow').count();

  // Drive B: it plays Figure 3 to its own end; A is unchanged.
  await b.getByRole('button', { name: 'Play' }).click();
  await expect(fbu(b)).toBeVisible({ timeout: 30_000 });
  await expect(b.getByLabel('Time cursor')).toHaveText('2200.000 ms', { timeout: 30_000 });
  await expect(a.getByLabel('Time cursor')).toHaveText('2200.000 ms');
  expect(await a.locator('g.arrow').count()).toBe(aArrows);

  // Drive A through its method (as the iframe's seek command): B stays where it is.
  await a.evaluate((el) => (el as HTMLElement & { seek(ms: number): void }).seek(1000));
  await expect(a.getByLabel('Time cursor')).toHaveText('1000.000 ms');
  await expect(fbu(a)).toHaveCount(0);
  // The ladder went to the cursor (it was scrolled to the handover, which is not drawn at 1,000 ms).
  await expect.poll(() => inLadderView(a.locator('line.cursor'))).toBe(true);
  await expect(b.getByLabel('Time cursor')).toHaveText('2200.000 ms');
  await expect(fbu(b)).toBeVisible();
  // A bad value to a method is refused, naming it; nothing changes.
  const refused = await a.evaluate((el) => {
    try {
      (el as HTMLElement & { seek(ms: number): void }).seek(-5);
      return 'accepted';
    } catch (e) {
      return String(e);
    }
  });
  expect(refused).toBe('TypeError: <fmip-ladder> seek: t must be a time in ms ≥ 0');
  await expect(a.getByLabel('Time cursor')).toHaveText('1000.000 ms');
  // Two engines, one worker: the elements' engine servers share the page's engine worker (memory,
  // docs/embedding.md), and still ran apart above.
  expect(page.workers().filter((w) => w.url().includes('/engines.worker-')).length).toBe(1);
  expect(consoleErrors).toEqual([]);
});

test('a bad attribute is named inside its element, and the figure still runs with the default', async ({
  page,
  consoleErrors,
}) => {
  await page.goto(COURSE);
  await page.evaluate(() => {
    const bad = document.createElement('fmip-lab');
    bad.id = 'bad';
    for (const [k, v] of Object.entries({
      view: 'sideways',
      seed: '-4',
      loop: 'maybe',
      theme: 'purple',
      start: '9',
      end: '3',
      speed: '1000',
    }))
      bad.setAttribute(k, v);
    document.querySelector('main')!.append(bad);
    const dark = document.createElement('fmip-ladder');
    dark.id = 'dark';
    dark.setAttribute('theme', 'dark');
    document.querySelector('main')!.append(dark);
    const ladder = document.createElement('fmip-ladder');
    ladder.id = 'bad-ladder';
    ladder.setAttribute('view', 'topology');
    document.querySelector('main')!.append(ladder);
  });
  const bad = page.locator('#bad');
  const alert = bad.getByRole('alert');
  await expect(alert).toContainText('<fmip-lab> attributes:');
  await expect(alert).toContainText('view="sideways": expected one of ladder, topology, both, measures.');
  await expect(alert).toContainText('seed="-4"');
  await expect(alert).toContainText('loop="maybe": expected 1 or 0.');
  await expect(alert).toContainText('theme="purple": expected light, dark or auto.');
  await expect(alert).toContainText('end=3 must be after start=9');
  // The defaults stand in: both views, Figure 3 running.
  await expect(bad.getByRole('group', { name: /Topology/ })).toBeVisible({ timeout: 30_000 });
  await expect(fbu(bad)).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('#bad-ladder').getByRole('alert')).toContainText(
    'view="topology": <fmip-ladder> always shows the ladder.',
  );
  // theme="dark" is the embed's dark palette, inside the element only (the page stays light).
  const bg = (sel: string) => page.locator(sel).evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(await bg('#dark')).toBe('rgb(21, 24, 28)');
  expect(await bg('#bad-ladder')).toBe('rgb(246, 247, 249)');
  expect(await bg('body')).toBe('rgb(251, 250, 247)');
  // A changed attribute makes a new figure with it: the message goes once the value is good.
  await bad.evaluate((el) => {
    for (const k of ['view', 'seed', 'loop', 'theme', 'start', 'end']) el.removeAttribute(k);
    el.setAttribute('view', 'ladder');
  });
  await expect(bad.getByRole('alert')).toHaveCount(0);
  await expect(bad.getByRole('group', { name: /Topology/ })).toHaveCount(0);
  await expect(fbu(bad)).toBeVisible({ timeout: 30_000 });
  expect(consoleErrors).toEqual([]);
});

/** Whether a ladder's arrow lies inside the visible part of its scrolling ladder (not scrolled off). */
const inLadderView = (arrow: Locator) =>
  arrow.evaluate((el) => {
    const box = el.getBoundingClientRect();
    const view = el.closest('.scroller')!.getBoundingClientRect();
    // Under the sticky lifeline names (1.4rem) and above the pane's bottom edge.
    return box.top >= view.top + 20 && box.bottom <= view.bottom;
  });

const arrow = (scope: Locator | import('@playwright/test').FrameLocator, name: RegExp) =>
  scope.getByRole('group', { name: 'Message ladder' }).getByRole('button', { name }).first();

test("a figure that stops at its end time, or opens stopped at a start time, shows the handover's messages", async ({
  page,
  consoleErrors,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(COURSE);
  // The iframe and the web component play Figure 3 to end=2200 ms: the follow would leave the last
  // BACKs in view; stopped, each shows the handover from its first message (RtSolPr, §3.1) on.
  const frame = page.frameLocator('iframe[title^="Figure 3 in an iframe"]');
  const iframeBody = frame.locator('body');
  await expect(frame.getByLabel('Time cursor')).toHaveText('2200.000 ms', { timeout: 30_000 });
  const ladder = page.locator('fmip-ladder#ladder-a');
  await expect(ladder.getByLabel('Time cursor')).toHaveText('2200.000 ms', { timeout: 30_000 });
  for (const scope of [iframeBody, ladder]) {
    await expect.poll(() => inLadderView(arrow(scope, /^RtSolPr\b/))).toBe(true);
    await expect.poll(() => inLadderView(arrow(scope, /^F-BACK\b.* from oAR to MN, sent [\d.]+ ms$/))).toBe(true);
  }

  // Opened at a start time after the handover and not playing: the same.
  await page.goto('/embed/embed.html?scenario=fig3&view=ladder&start=2400&autoplay=0');
  await expect(page.getByLabel('Time cursor')).toHaveText('2400.000 ms', { timeout: 30_000 });
  await expect.poll(() => inLadderView(arrow(page.locator('body'), /^RtSolPr\b/))).toBe(true);
  expect(consoleErrors).toEqual([]);
});

/** The handovers the course page's figures announced (the embed's `handover` event, docs/embedding.md). */
const listenHandovers = (page: Page) =>
  page.evaluate(() => {
    const w = window as unknown as { handovers: number };
    w.handovers = 0;
    window.addEventListener('message', (e) => {
      if ((e.data as { type?: string } | null)?.type === 'handover') w.handovers++;
    });
  });
const handovers = (page: Page) => page.evaluate(() => (window as unknown as { handovers: number }).handovers);

test('Play on a figure stopped at its end plays Figure 3 again, as the course page tells the student', async ({
  page,
  consoleErrors,
}) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(COURSE);
  await expect(page.getByText('Press Play to watch Figure 3 again')).toBeVisible();
  const frame = page.frameLocator('iframe[title^="Figure 3 in an iframe"]');
  await expect(frame.getByLabel('Time cursor')).toHaveText('2200.000 ms', { timeout: 30_000 });
  await listenHandovers(page);
  await frame.getByRole('button', { name: 'Play' }).click();
  // The run again from 0: the CN's BACK (the handover done) is announced once more, and it stops at
  // its end again, the handover in view.
  await expect.poll(() => handovers(page), { timeout: 30_000 }).toBe(1);
  await expect(frame.getByLabel('Time cursor')).toHaveText('2200.000 ms', { timeout: 30_000 });
  await expect(frame.getByRole('button', { name: 'Play' })).toBeVisible();
  await expect.poll(() => inLadderView(arrow(frame.locator('body'), /^RtSolPr\b/))).toBe(true);
  // The web component's play() method: the same.
  const a = page.locator('fmip-ladder#ladder-a');
  await expect(a.getByLabel('Time cursor')).toHaveText('2200.000 ms');
  await a.evaluate((el) => {
    const w = window as unknown as { handovers: number };
    el.addEventListener('fmip', (e) => {
      if ((e as CustomEvent<{ type: string }>).detail.type === 'handover') w.handovers++;
    });
    (el as HTMLElement & { play(): void }).play();
  });
  await expect.poll(() => handovers(page), { timeout: 30_000 }).toBe(2);
  await expect(a.getByLabel('Time cursor')).toHaveText('2200.000 ms', { timeout: 30_000 });
  expect(consoleErrors).toEqual([]);
});

test("the web components' shared engine crashing: each element says so and restarts; the rest of the page runs on", async ({
  page,
  consoleErrors,
}) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(COURSE);
  const frame = page.frameLocator('iframe[title^="Figure 3 in an iframe"]');
  const a = page.locator('fmip-ladder#ladder-a');
  const b = page.locator('fmip-lab#lab-b');
  await expect(a.getByLabel('Time cursor')).toHaveText('2200.000 ms', { timeout: 30_000 });
  await expect(frame.getByLabel('Time cursor')).toHaveText('2200.000 ms', { timeout: 30_000 });
  await expect(b.getByRole('button', { name: 'Play' })).toBeVisible();

  // A bug in the engine: an error thrown in the elements' one worker, outside any handler.
  const shared = page.workers().find((w) => w.url().includes('/engines.worker-'))!;
  await shared.evaluate(() => {
    setTimeout(() => {
      throw new Error('a bug in the engine');
    });
  });
  // Both elements say so in their own box, with a way back; nothing they drew is blamed on the page.
  for (const el of [a, b]) {
    const alert = el.getByRole('alert');
    await expect(alert).toContainText('The engine stopped');
    await expect(alert).toContainText('a bug in the engine');
    await expect(alert.getByRole('button', { name: 'Restart' })).toBeVisible();
  }
  // The iframe (its own document and worker), the image and the page's text are untouched.
  await expect(page.getByRole('heading', { name: 'Week 6: fast handovers for Mobile IPv6' })).toBeVisible();
  await expect(page.getByRole('img', { name: /Figure 3's message ladder, animated/ })).toBeVisible();
  await listenHandovers(page);
  await frame.getByRole('button', { name: 'Play' }).click();
  await expect.poll(() => handovers(page), { timeout: 30_000 }).toBe(1);

  // Restart: each element runs Figure 3 again on a fresh shared worker.
  await a.getByRole('alert').getByRole('button', { name: 'Restart' }).click();
  await expect(a.getByRole('alert')).toHaveCount(0);
  await expect(a.getByLabel('Time cursor')).toHaveText('2200.000 ms', { timeout: 30_000 });
  await expect(fbu(a)).toBeVisible();
  await b.getByRole('alert').getByRole('button', { name: 'Restart' }).click();
  await expect(b.getByRole('alert')).toHaveCount(0);
  await b.getByRole('button', { name: 'Play' }).click();
  await expect(fbu(b)).toBeVisible({ timeout: 30_000 });
  await expect(b.getByLabel('Time cursor')).toHaveText('2200.000 ms', { timeout: 30_000 });
  expect(page.workers().filter((w) => w.url().includes('/engines.worker-')).length).toBe(1);
  expect(consoleErrors).toEqual([]);
});
