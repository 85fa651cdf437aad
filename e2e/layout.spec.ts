// The page's layouts (issue 9, "Layouts"): at 1400×900 and 1280×720 the topology, the ladder and
// the inspector are in view at once and the page does not scroll (each pane scrolls inside
// itself); the header is one line; at 390×844 the ladder, wider than the column, says that it
// scrolls sideways to the nodes it hides. Measured from the boxes the browser lays out.
import type { Locator, Page } from '@playwright/test';
import { test, expect } from './fixtures.ts';
import { lifelinesInView, runToEnd } from './helpers.ts';

const SHOTS = process.env.SHOTS_DIR;

const ladder = (page: Page) => page.getByRole('group', { name: 'Message ladder' });

type Box = { x: number; y: number; width: number; height: number };
async function box(l: Locator): Promise<Box> {
  const b = await l.boundingBox();
  expect(b, `${l} is laid out`).not.toBeNull();
  return b!;
}
/** The box lies inside the window (half a pixel for rounding). */
function inWindow(b: Box, w: number, h: number, what: string): void {
  expect(b.x, `${what}: left edge in the window`).toBeGreaterThanOrEqual(-0.5);
  expect(b.y, `${what}: top edge in the window`).toBeGreaterThanOrEqual(-0.5);
  expect(b.x + b.width, `${what}: right edge in the window`).toBeLessThanOrEqual(w + 0.5);
  expect(b.y + b.height, `${what}: bottom edge in the window`).toBeLessThanOrEqual(h + 0.5);
}

// A packet each figure's student opens first: Figure 3's F-BU, Figure 10's HI(t) from the nAR.
const FIGURES = [
  { id: 'fig3', pick: /^F-BU \[A\] from MN to oAR, sent/, heading: 'F-BU' },
  { id: 'fig10', pick: /^HI \[T\] from nAR to aAR, sent/, heading: 'HI' },
] as const;

for (const [w, h] of [
  [1400, 900],
  [1280, 720],
] as const)
  for (const f of FIGURES)
    test(`${f.id} at ${w}×${h}, a packet open: topology, ladder and inspector in view, no page scroll`, async ({
      page,
      consoleErrors,
    }, info) => {
      await page.setViewportSize({ width: w, height: h });
      await page.goto(`/?scenario=${f.id}&seed=1`);
      await runToEnd(page);
      await ladder(page).getByRole('button', { name: f.pick }).locator('text').first().click();
      const inspector = page.getByRole('region', { name: 'Packet inspector' });
      await expect(inspector.getByRole('heading')).toContainText(f.heading);

      // The page itself does not scroll, either way.
      const doc = await page.evaluate(() => ({
        h: document.documentElement.scrollHeight,
        w: document.documentElement.scrollWidth,
      }));
      expect(doc.h, 'the page is no taller than the window').toBeLessThanOrEqual(h);
      expect(doc.w, 'the page is no wider than the window').toBeLessThanOrEqual(w);

      // The topology: its whole drawing.
      inWindow(await box(page.getByRole('group', { name: /Topology/ })), w, h, 'the topology');

      // The ladder: its pane in the window, and arrows drawn inside that pane, the opened one among them.
      const pane = await box(page.getByRole('region', { name: 'Message ladder, scrollable' }));
      inWindow(pane, w, h, 'the ladder’s pane');
      expect(pane.height, 'the ladder has room for a figure').toBeGreaterThan(h * 0.4);
      const shown = await ladder(page)
        .locator('g.arrow')
        .evaluateAll((gs) =>
          gs
            .filter((g) => {
              const sc = g.closest('.scroller')!.getBoundingClientRect();
              const b = g.getBoundingClientRect();
              return b.top >= sc.top && b.bottom <= sc.bottom && b.left >= sc.left && b.right <= sc.right;
            })
            .map((g) => g.getAttribute('aria-label') ?? ''),
        );
      expect(shown.length, `arrows wholly inside the ladder's pane: ${shown.join(' | ')}`).toBeGreaterThanOrEqual(4);
      expect(shown.some((n) => f.pick.test(n))).toBe(true);

      // The inspector: its heading, why, and its first layer (the IPv6 header), each field's row in
      // the window and not hidden by the pane's own scrolling; readable: 12 px type, an address on one line.
      inWindow(await box(inspector.getByRole('heading')), w, h, 'the inspector’s heading');
      inWindow(await box(inspector.getByRole('note', { name: 'Why' })), w, h, 'the inspector’s why');
      const ipv6 = inspector.getByRole('table', { name: 'IPv6 header fields' }).first();
      inWindow(await box(ipv6), w, h, 'the IPv6 header’s fields');
      const hidden = await ipv6.evaluate((t) => {
        const r = t.getBoundingClientRect();
        const out: string[] = [];
        for (let e = t.parentElement; e; e = e.parentElement)
          if (getComputedStyle(e).overflowY !== 'visible') {
            const c = e.getBoundingClientRect();
            if (r.top < c.top - 0.5 || r.bottom > c.bottom + 0.5) out.push(e.className);
          }
        return out;
      });
      expect(hidden, 'the IPv6 header is not scrolled out of a pane').toEqual([]);
      const dst = ipv6.getByRole('row').filter({ hasText: 'Destination Address' }).locator('td');
      expect((await box(dst)).height, 'the destination address is one line').toBeLessThan(24);
      expect(await dst.evaluate((td) => parseFloat(getComputedStyle(td).fontSize))).toBeGreaterThanOrEqual(12);

      // The timeline's controls are in the window too (a student plays, pauses and scrubs from there).
      inWindow(await box(page.getByRole('button', { name: 'Run to end' })), w, h, 'Run to end');
      inWindow(await box(page.getByLabel('Time', { exact: true })), w, h, 'the time scrubber');

      const shot = await page.screenshot();
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/${f.id}-${w}x${h}.png` });
      await info.attach(`${f.id} ${w}x${h}`, { body: shot, contentType: 'image/png' });
      expect(consoleErrors).toEqual([]);
    });

test('the header is one line at 1280 and 1400 px, and the panes under the inspector are one click away', async ({
  page,
  consoleErrors,
}) => {
  await page.goto('/?scenario=fig3&seed=1');
  await expect(page.getByRole('slider', { name: /Mobile node MN/ })).toBeVisible();
  const header = page.getByRole('banner');
  for (const w of [1280, 1400]) {
    await page.setViewportSize({ width: w, height: 720 });
    const tops = await header
      .locator('h1, p, button')
      .evaluateAll((els) =>
        els.filter((e) => e.getClientRects().length > 0).map((e) => Math.round(e.getBoundingClientRect().top)),
      );
    expect(tops.length).toBeGreaterThanOrEqual(8);
    // One line: every item starts within a few pixels of the first (a wrapped button is 30 px lower).
    expect(Math.max(...tops) - Math.min(...tops), `header items' tops at ${w} px: ${tops.join(', ')}`).toBeLessThan(12);
  }
  // The measures, the scenario's controls and the console follow the inspector in its drawer: the
  // links above the inspector bring each into view.
  await page.getByRole('navigation', { name: 'Further down' }).getByRole('button', { name: 'Scenario ↓' }).click();
  await expect(page.getByLabel('Scenario')).toBeInViewport();
  await page.getByRole('navigation', { name: 'Further down' }).getByRole('button', { name: 'Measures ↓' }).click();
  await expect(page.getByRole('region', { name: 'Measures' }).getByRole('heading')).toBeInViewport();
  expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(720);
  expect(consoleErrors).toEqual([]);
});

test('at 390×844 the ladder says it scrolls sideways to HA and CN, until they are in view', async ({
  page,
  consoleErrors,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/?scenario=fig3&seed=1');
  await runToEnd(page);
  const pane = page.getByRole('region', { name: 'Message ladder, scrollable' });
  await pane.scrollIntoViewIfNeeded();
  // Wider than the column (labels stay 11 px): HA and CN start off to the right, and the pane names them.
  expect(await pane.evaluate((e) => e.scrollWidth > e.clientWidth)).toBe(true);
  const cue = pane.getByRole('button', { name: /^Scroll for / });
  await expect(cue).toHaveText('Scroll for HA, CN →');
  inWindow(await box(cue), 390, 844, 'the scroll hint');
  expect((await box(cue)).height, 'the hint is a 24 px touch target').toBeGreaterThanOrEqual(24);
  expect(await lifelinesInView(page.mainFrame())).not.toContain('CN');
  // A tap on it scrolls the ladder; once the last lifeline is in view the hint is gone.
  await cue.click();
  await expect.poll(() => pane.evaluate((e) => e.scrollLeft)).toBeGreaterThan(0);
  await pane.evaluate((e) => e.scrollTo({ left: e.scrollWidth }));
  await expect(cue).toHaveCount(0);
  expect(await lifelinesInView(page.mainFrame())).toContain('CN');
  // Back at the left edge, it says so again.
  await pane.evaluate((e) => e.scrollTo({ left: 0 }));
  await expect(cue).toBeVisible();
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/fig3-390x844-scroll-cue.png` });
  expect(consoleErrors).toEqual([]);
});

test('a desktop ladder that fits its pane says nothing about scrolling', async ({ page, consoleErrors }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('/?scenario=fig10&seed=1');
  await runToEnd(page);
  const pane = page.getByRole('region', { name: 'Message ladder, scrollable' });
  expect(await pane.evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);
  await expect(pane.getByRole('button', { name: /^Scroll for / })).toHaveCount(0);
  expect(consoleErrors).toEqual([]);
});
