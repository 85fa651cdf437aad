// Issue 9's ladder tools in a browser: the packet list under the ladder linked both ways with it,
// keyboard navigable; the filter changing what the ladder draws and lists; the legend; and the
// phone layout measured — the ladder's labels at least 11 px on screen (it scrolls sideways
// instead of shrinking), the MN's touch target at least 24 px (WCAG 2.5.8), no table wider than
// the page unless it scrolls inside itself. Screenshots at the three sizes go to the report.
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures.ts';
import { arrowNames, pauseRun, runToEnd } from './helpers.ts';

const SHOTS = process.env.SHOTS_DIR;

const ladder = (page: Page) => page.getByRole('group', { name: 'Message ladder' });
const list = (page: Page) => page.getByRole('listbox', { name: /^Packet list/ });

test('the packet list and the ladder select each other; the keys walk the list; the filter changes both', async ({
  page,
}, info) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto('/?scenario=fig3&seed=1');
  await runToEnd(page);

  // Ladder → list: clicking the HI's label selects its row.
  const hiName = /^HI \[[^\]]*\] from oAR to nAR, sent [\d.]+ ms$/;
  await ladder(page).getByRole('button', { name: hiName }).locator('text').click();
  await expect(list(page).getByRole('option', { name: hiName })).toHaveAttribute('aria-selected', 'true');

  // List → ladder: clicking the F-BU's row selects its arrow (and the inspector opens it).
  const fbu = /^F-BU\b.* from MN to oAR, sent [\d.]+ ms$/;
  await list(page).getByRole('option', { name: fbu }).first().click();
  await expect(ladder(page).getByRole('button', { name: fbu }).first()).toHaveClass(/selected/);
  await expect(page.locator('.inspector-pane')).toContainText('F-BU');

  // The keys: Down selects the next row, which the ladder highlights too; Home the first.
  const options = list(page).getByRole('option');
  const selectedName = async () => list(page).locator('[aria-selected="true"]').getAttribute('aria-label');
  const before = await selectedName();
  await list(page).focus();
  await page.keyboard.press('ArrowDown');
  await expect.poll(selectedName).not.toBe(before);
  const next = (await selectedName())!;
  const all = await options.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
  expect(all.indexOf(next)).toBe(all.indexOf(before) + 1);
  await page.keyboard.press('Home');
  await expect.poll(selectedName).toMatch(/sent 0\.0|sent \d/);
  expect(await list(page).getAttribute('aria-activedescendant')).toMatch(/^pl-\d+$/);

  // The filter: binding updates hidden from the ladder and the list; F-BU and F-BACK stay.
  const names = await arrowNames(page);
  expect(names.some((n) => /^BU\b/.test(n))).toBe(true);
  await page.getByLabel('Hide binding updates (BU, BACK)').check();
  await expect.poll(async () => (await arrowNames(page)).filter((n) => /^(BU|BACK)\b/.test(n))).toEqual([]);
  expect((await arrowNames(page)).some((n) => n.startsWith('F-BU'))).toBe(true);
  await expect(list(page).getByRole('option', { name: /^(BU|BACK)\b/ })).toHaveCount(0);
  // Data hidden: no DATA rows, no data lanes.
  await page.getByLabel('Hide data').check();
  await expect(list(page).getByRole('option', { name: /^DATA\b/ })).toHaveCount(0);
  await expect(ladder(page).locator('g.band', { hasText: 'DATA' })).toHaveCount(0);
  // One node: every arrow drawn is the nAR's.
  await page.getByLabel('Only node').selectOption('nAR');
  await expect.poll(async () => (await arrowNames(page)).length).toBeGreaterThan(0);
  for (const n of await arrowNames(page)) expect(n).toMatch(/(from nAR|to nAR|at nAR)/);

  // The legend says what the strokes mean.
  await page.getByText('Legend').click();
  await expect(page.getByText('double line: tunnelled')).toBeVisible();
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/filter-1400x900.png` });
  await info.attach('filtered', { body: await page.screenshot(), contentType: 'image/png' });
});

for (const [w, h] of [
  [1400, 900],
  [1280, 720],
] as const)
  test(`Figure 3 run to end at ${w}×${h}: axis, list and inspector on screen`, async ({ page }, info) => {
    await page.setViewportSize({ width: w, height: h });
    await page.goto('/?scenario=fig3&seed=1');
    await runToEnd(page);
    await expect(ladder(page).locator('g.axis text').first()).toBeVisible();
    await expect(list(page)).toBeVisible();
    const shot = await page.screenshot();
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/fig3-${w}x${h}.png` });
    await info.attach(`fig3 ${w}x${h}`, { body: shot, contentType: 'image/png' });
  });

test('at 390×844 the ladder reads at 11 px and scrolls sideways; the MN is a 24 px target; tables fit or scroll', async ({
  page,
}, info) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/?scenario=fig3&seed=1');
  await runToEnd(page);

  // Every label drawn: its font size times the SVG's scale on screen.
  const sizes = await ladder(page).evaluate((svg) => {
    const s = svg as SVGSVGElement;
    const scale = s.getBoundingClientRect().width / s.viewBox.baseVal.width;
    return [...s.querySelectorAll('g.arrow text, g.band text, g.axis text')].map(
      (t) => parseFloat(getComputedStyle(t).fontSize) * scale,
    );
  });
  expect(sizes.length).toBeGreaterThan(10);
  expect(Math.min(...sizes)).toBeGreaterThanOrEqual(11);
  // Wider than the column: it scrolls inside its pane, the page does not.
  const scroll = await ladder(page).evaluate((svg) => {
    const p = svg.parentElement!;
    return { sw: p.scrollWidth, cw: p.clientWidth, page: document.documentElement.scrollWidth };
  });
  expect(scroll.sw).toBeGreaterThan(scroll.cw);
  expect(scroll.page).toBeLessThanOrEqual(390);

  // The topology's text too: names, prefixes, tunnel and radio labels at 10 px or more on screen
  // (its font size in the drawing's units times the drawing's scale there, shapes' scale included).
  const world = await page
    .getByRole('group', { name: /Topology/ })
    .evaluate((svg) =>
      [...svg.querySelectorAll('text')]
        .filter((t) => t.getClientRects().length > 0)
        .map((t) => ({ text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM()!.a })),
    );
  expect(world.length).toBeGreaterThan(5);
  expect(world.filter((t) => t.px < 10)).toEqual([]);
  const mn = await page.getByRole('slider', { name: /Mobile node MN/ }).boundingBox();
  expect(mn!.width).toBeGreaterThanOrEqual(24);
  expect(mn!.height).toBeGreaterThanOrEqual(24);

  // Every table fits in the page or scrolls inside a box that does.
  const tables = await page.locator('table').evaluateAll((ts) =>
    ts
      .filter((t) => t.getClientRects().length > 0)
      .map((t) => {
        let fits = t.getBoundingClientRect().right <= 390 + 0.5;
        for (let e = t.parentElement; e && !fits; e = e.parentElement) {
          const o = getComputedStyle(e).overflowX;
          if ((o === 'auto' || o === 'scroll') && e.getBoundingClientRect().right <= 390 + 0.5) fits = true;
        }
        return { fits, caption: t.getAttribute('aria-label') ?? t.querySelector('caption')?.textContent ?? '' };
      }),
  );
  expect(tables.filter((t) => !t.fits)).toEqual([]);
  // The packet list's rows are touch targets too.
  const row = await list(page).getByRole('option').first().boundingBox();
  expect(row!.height).toBeGreaterThanOrEqual(24);

  if (SHOTS) {
    await page.screenshot({ path: `${SHOTS}/fig3-390x844.png` });
    await ladder(page).scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/fig3-390x844-ladder.png` });
  }
  await info.attach('fig3 390x844', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });
});

test('the packet list searches and sorts: "F-BU" shows Figure 3’s F-BU, type groups, clearing restores, the open packet stays', async ({
  page,
}, info) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto('/?scenario=fig3&seed=1');
  await runToEnd(page);
  const search = page.getByRole('searchbox', { name: 'Search packets' });
  const options = list(page).getByRole('option');
  const inspector = page.locator('.inspector-pane');

  // A packet open first: the HI from the oAR to the nAR, picked on the ladder.
  const hi = /^HI \[[^\]]*\] from oAR to nAR, sent [\d.]+ ms$/;
  await ladder(page).getByRole('button', { name: hi }).locator('text').click();
  await expect(list(page).getByRole('option', { name: hi })).toHaveAttribute('aria-selected', 'true');
  await expect(inspector).toContainText('HI');

  // Typed into the search (as a student would, key by key): only the F-BU rows are left.
  await search.pressSequentially('F-BU');
  await expect(options).toHaveCount(1);
  await expect(options.first()).toHaveAccessibleName(/^F-BU \[A\] from MN to oAR, sent [\d.]+ ms$/);
  await expect(list(page)).toHaveAccessibleName(/^Packet list: 1 of \d+ packets up to the cursor match “F-BU”/);
  // The search hid the open HI, it did not close it.
  await expect(inspector).toContainText('HI');
  await expect(inspector).not.toContainText('F-BU');

  // From the keyboard: Down goes from the search to the list, Down again opens its first row.
  await page.keyboard.press('ArrowDown');
  await expect(list(page)).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(options.first()).toHaveAttribute('aria-selected', 'true');
  await expect(inspector).toContainText('F-BU');

  // A search nothing matches says so.
  await search.fill('no-such-message');
  await expect(options).toHaveCount(0);
  await expect(list(page)).toContainText('No packet up to the cursor matches “no-such-message”.');

  // Cleared: every row is back, and the open F-BU is still the selected row, in view.
  await search.fill('');
  await expect(list(page)).toHaveAccessibleName(/^Packet list: \d+ packets up to the cursor$/);
  const fbuRow = list(page).getByRole('option', { name: /^F-BU\b/ });
  await expect(fbuRow).toHaveAttribute('aria-selected', 'true');
  await expect(fbuRow).toBeInViewport();

  // Sorted by message type: the rows in view form one run per type, and the F-BU is still selected
  // and brought into view among the other F- messages.
  await page.getByLabel('Sort by').selectOption({ label: 'Message type' });
  await expect(list(page)).toHaveAccessibleName(/sorted by message type$/);
  await expect(fbuRow).toHaveAttribute('aria-selected', 'true');
  await expect(fbuRow).toBeInViewport();
  const types = async () =>
    (await options.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''))).map(
      (n) => n.split(' ')[0] ?? '',
    );
  const runs = (ts: string[]) => ts.filter((t, i) => t !== ts[i - 1]);
  const seen = runs(await types());
  expect(seen.length).toBeGreaterThan(1);
  expect(new Set(seen).size).toBe(seen.length);
  // The keys walk the sorted order: Home is the first type alphabetically (BACK before BU).
  await list(page).focus();
  await page.keyboard.press('Home');
  await expect(list(page).locator('[aria-selected="true"]')).toHaveAttribute('aria-label', /^BACK\b/);
  // Search and sort together: "BU" keeps the BU and F-BU rows, still grouped.
  await search.fill('BU');
  for (const t of runs(await types())) expect(t).toMatch(/BU/);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/list-search-1400x900.png` });
  await info.attach('search and sort', { body: await page.screenshot(), contentType: 'image/png' });

  // Back to time order, search cleared: the rows in view are in send order again.
  await search.fill('');
  await page.getByLabel('Sort by').selectOption({ label: 'Time' });
  await expect(list(page)).toHaveAccessibleName(/^Packet list: \d+ packets up to the cursor$/);
  const times = (await options.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''))).map((n) =>
    Number(/sent ([\d.]+) ms$/.exec(n)?.[1]),
  );
  expect(times.length).toBeGreaterThan(5);
  expect(times).toEqual([...times].sort((a, c) => a - c));
});

test('while Figure 10 plays, the packet list follows: the newest packet sent is the row in view at the bottom', async ({
  page,
}) => {
  test.setTimeout(60_000);
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto('/?scenario=fig10&seed=1');
  await expect(page.getByRole('slider', { name: /Mobile node MN/ })).toBeVisible();
  await page.getByLabel('Speed').selectOption({ label: 'Real time' });
  const count = async () => Number(/(\d+) packets/.exec((await list(page).getAttribute('aria-label')) ?? '')?.[1] ?? 0);
  await expect.poll(count, { timeout: 30_000 }).toBeGreaterThan(40);
  // The run may already have stopped at its end on a slow machine (pauseRun accepts that).
  await pauseRun(page);
  // Paused: the last row listed is the newest packet, and it is on screen.
  const times = async () =>
    (
      await list(page)
        .getByRole('option')
        .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''))
    ).map((n) => Number(/sent ([\d.]+) ms$/.exec(n)?.[1]));
  // The list follows a playing run ten times a second (app/lib/paced.svelte.ts): read it once it
  // has caught up with the pause, the same rows twice in a row.
  let ts = await times();
  await expect
    .poll(
      async () => {
        const now = await times();
        const same = JSON.stringify(now) === JSON.stringify(ts);
        ts = now;
        return same;
      },
      { intervals: [300] },
    )
    .toBe(true);
  const newest = list(page)
    .getByRole('option')
    .nth(ts.indexOf(Math.max(...ts)));
  await expect(newest).toBeInViewport();
  expect(ts.at(-1)).toBe(Math.max(...ts));
});
