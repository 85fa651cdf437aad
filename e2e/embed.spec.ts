// The embed (issue 13, docs/embedding.md): URL parameters and postMessage commands, each with
// good and bad values, in a frame 480 px wide.
import type { Frame, Page } from '@playwright/test';
import { test, expect } from './fixtures.ts';
import { lifelinesInView } from './helpers.ts';

/** A host page on the same origin with the embed in an iframe; events from it are collected. */
async function host(page: Page, query: string, width = 480): Promise<Frame> {
  await page.goto('/embed/embed.html?autoplay=0');
  await page.setContent(
    `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><body style="margin:0">
     <iframe id="f" name="fmip" title="Figure 3" style="width:${width}px;height:640px;border:0" src="/embed/embed.html?${query}"></iframe>
     <script>window.events=[];addEventListener('message',e=>{if(e.data&&e.data.fmip===1)events.push(e.data)});</script>`,
  );
  const frame = await (await page.locator('#f').elementHandle())?.contentFrame();
  if (!frame) throw new Error('no embed frame');
  return frame;
}

const events = (page: Page) => page.evaluate(() => (window as unknown as { events: { type: string }[] }).events);
const send = (page: Page, msg: unknown) =>
  page.evaluate((m) => (document.getElementById('f') as HTMLIFrameElement).contentWindow!.postMessage(m, '*'), msg);

test('URL parameters: views, scenario, start/end, theme; a bad one is shown and the figure still runs', async ({
  page,
  consoleErrors,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('/embed/embed.html?scenario=fig3&view=ladder&speed=1000&end=1600&theme=dark');
  const ladder = page.getByRole('group', { name: 'Message ladder' });
  await expect(ladder.getByRole('button', { name: /^F-BU\b.* from MN to oAR/ })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole('group', { name: /Topology/ })).toHaveCount(0);
  // end=1600 ms: the figure stops there.
  await expect(page.getByLabel('Time cursor')).toHaveText('1600.000 ms', { timeout: 20_000 });
  expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');

  await page.goto('/embed/embed.html?view=topology&autoplay=0&start=400');
  await expect(page.getByRole('group', { name: /Topology/ })).toBeVisible();
  await expect(page.getByRole('group', { name: 'Message ladder' })).toHaveCount(0);
  await expect(page.getByLabel('Time cursor')).toHaveText('400.000 ms');

  await page.goto('/embed/embed.html?view=sideways&seed=-4&loop=maybe&start=9&end=3&colour=red&speed=1000');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('view="sideways": expected one of ladder, topology, both, measures.');
  await expect(alert).toContainText('seed="-4"');
  await expect(alert).toContainText('loop="maybe": expected 1 or 0.');
  await expect(alert).toContainText('end=3 must be after start=9');
  await expect(alert).toContainText('unknown parameter "colour"');
  // The defaults stand in: both views, Figure 3 running.
  await expect(page.getByRole('group', { name: 'Message ladder' }).getByRole('button', { name: /^HI\b/ })).toBeVisible({
    timeout: 20_000,
  });
  expect(consoleErrors).toEqual([]);
});

test('postMessage: load, play, pause, seek, move; events out; bad and foreign messages', async ({
  page,
  consoleErrors,
}) => {
  const frame = await host(page, 'scenario=fig3&autoplay=0&speed=1000&drag=1');
  await expect.poll(async () => (await events(page)).some((e) => e.type === 'loaded')).toBe(true);
  // Width 480: everything fits the frame (no horizontal scroll bar), every lifeline in view.
  expect(await frame.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(480);
  await expect.poll(() => lifelinesInView(frame)).toEqual(['MN', 'oAR', 'nAR', 'HA', 'CN']);
  await expect(frame.getByRole('button', { name: 'Play' })).toBeVisible();
  // Not fmip messages, and an unknown fmip type: ignored, no error event, nothing changes.
  await send(page, 'hello');
  await send(page, { fmip: 1, type: 'explode' });
  await send(page, { fmip: 2, type: 'play' });
  await expect(frame.getByRole('button', { name: 'Play' })).toBeVisible();
  // A bad value of a known command: an error event naming it.
  await send(page, { fmip: 1, type: 'seek', t: -5 });
  await send(page, { fmip: 1, type: 'move', x: 'far', y: 1 });
  await send(page, { fmip: 1, type: 'load', mode: 'teleport' });
  await expect
    .poll(async () =>
      (await events(page)).filter((e) => e.type === 'error').map((e) => (e as { message?: string }).message),
    )
    .toEqual([
      'seek: t must be a time in ms ≥ 0',
      'move: x and y must be numbers (metres)',
      expect.stringMatching(/^load: mode must be one of/),
    ]);

  // move (drag the MN into the nAR's cell, paused, as a learner would), then play.
  for (let x = 110; x <= 350; x += 20) await send(page, { fmip: 1, type: 'move', x, y: 150 });
  await send(page, { fmip: 1, type: 'play' });
  await expect
    .poll(async () => (await events(page)).some((e) => e.type === 'handover'), { timeout: 20_000 })
    .toBe(true);
  const msgs = (await events(page)).filter((e) => e.type === 'message').map((e) => (e as { msg?: string }).msg);
  expect(msgs).toEqual(expect.arrayContaining(['RtSolPr', 'PrRtAdv', 'HI', 'HACK', 'F-BU', 'F-BACK']));
  await send(page, { fmip: 1, type: 'pause' });
  await expect(frame.getByRole('button', { name: 'Play' })).toBeVisible();
  await send(page, { fmip: 1, type: 'seek', t: 100 });
  await expect(frame.getByLabel('Time cursor')).toHaveText('100.000 ms');

  // load another mode: the frame reloads it and says so.
  await send(page, { fmip: 1, type: 'load', mode: 'mipv6', seed: 3 });
  await expect
    .poll(async () => (await events(page)).filter((e) => e.type === 'loaded').map((e) => (e as { mode?: string }).mode))
    .toEqual(['anticipated-mobile-stateless', 'mipv6']);
  expect(consoleErrors).toEqual([]);
});

/** Whether `sel` (an arrow, or the cursor line) lies inside the visible part of the ladder's scroller. */
const inLadderView = (frame: Frame, what: string | RegExp) =>
  (typeof what === 'string'
    ? frame.locator(what)
    : frame.getByRole('group', { name: 'Message ladder' }).getByRole('button', { name: what })
  )
    .first()
    .evaluate((el) => {
      const box = el.getBoundingClientRect();
      const view = el.closest('.scroller')!.getBoundingClientRect();
      // Under the sticky lifeline names (1.4rem) and above the pane's bottom edge.
      return box.top >= view.top + 20 && box.bottom <= view.bottom;
    });
const scrolled = (frame: Frame) => frame.locator('.scroller').evaluate((el) => el.scrollTop);

test('seek scrolls the ladder to the cursor, with the handover when both fit; a time not run yet is run to', async ({
  page,
  consoleErrors,
}) => {
  const frame = await host(page, 'scenario=fig3&view=ladder&autoplay=0&speed=1000');
  await expect.poll(async () => (await events(page)).some((e) => e.type === 'loaded')).toBe(true);
  const rtsolpr = /^RtSolPr\b/;
  // Not played yet: the engine runs Figure 3 to 1,760 ms first; the handover (RtSolPr at 1,505 ms,
  // §3.1) and the cursor just after the MN's BUs (1,755 ms) are both in view. Two seeks at once (a
  // page's slider): the cursor ends at the last one, though the first ran the engine further.
  await send(page, { fmip: 1, type: 'seek', t: 3000 });
  await send(page, { fmip: 1, type: 'seek', t: 1760 });
  await expect(frame.getByLabel('Time cursor')).toHaveText('1760.000 ms', { timeout: 20_000 });
  await expect.poll(() => inLadderView(frame, rtsolpr)).toBe(true);
  await expect.poll(() => inLadderView(frame, 'line.cursor')).toBe(true);
  const near = await scrolled(frame);
  // Later (the BACKs and the stream after them): the view goes down to the cursor.
  await send(page, { fmip: 1, type: 'seek', t: 3400 });
  await expect(frame.getByLabel('Time cursor')).toHaveText('3400.000 ms', { timeout: 20_000 });
  await expect.poll(() => inLadderView(frame, 'line.cursor')).toBe(true);
  expect(await scrolled(frame)).toBeGreaterThan(near);
  // Back into the handover: up again, RtSolPr and the cursor in view.
  await send(page, { fmip: 1, type: 'seek', t: 1508 });
  await expect(frame.getByLabel('Time cursor')).toHaveText('1508.000 ms');
  await expect.poll(() => inLadderView(frame, rtsolpr)).toBe(true);
  await expect.poll(() => inLadderView(frame, 'line.cursor')).toBe(true);
  // After the scenario's end: the cursor stops at what the engine ran (no endless run).
  await send(page, { fmip: 1, type: 'seek', t: 1e9 });
  await expect.poll(() => inLadderView(frame, 'line.cursor')).toBe(true);
  const at = Number((await frame.getByLabel('Time cursor').textContent())!.replace(' ms', ''));
  expect(at).toBeGreaterThanOrEqual(3400);
  expect(at).toBeLessThan(4000);
  expect(consoleErrors).toEqual([]);
});

test('commands from another origin are ignored', async ({ page, consoleErrors }) => {
  // The embed allows only https://course.example.org; this host page is on the test server's origin.
  const frame = await host(page, 'autoplay=0&origin=https%3A%2F%2Fcourse.example.org');
  await expect(frame.getByRole('button', { name: 'Play' })).toBeVisible();
  await expect(frame.getByLabel('Time cursor')).toHaveText('0.000 ms');
  await send(page, { fmip: 1, type: 'play' });
  await page.waitForTimeout(500);
  await expect(frame.getByRole('button', { name: 'Play' })).toBeVisible();
  // And it sends its events only to that origin: this page received none.
  expect(await events(page)).toEqual([]);
  expect(consoleErrors.filter((e) => !/does not match the recipient window's origin/.test(e))).toEqual([]);
});
