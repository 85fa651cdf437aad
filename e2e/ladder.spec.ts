// The ladder's exact selection (issue 9): a click on an arrow's label opens that arrow's packet,
// a click on empty ladder space opens nothing; and the three layouts, screenshotted for the report.
import { test, expect } from './fixtures.ts';
import { FIG3, dragToNar, handoverDone } from './helpers.ts';

test('clicking each label opens that arrow’s packet; clicking empty ladder space opens nothing', async ({
  page,
  consoleErrors,
}, testInfo) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(FIG3);
  await dragToNar(page);
  await handoverDone(page);
  await page.getByRole('button', { name: 'Pause' }).click();
  const ladder = page.getByRole('group', { name: 'Message ladder' });
  const inspector = page.getByRole('region', { name: 'Packet inspector' });

  // Empty space first: between lifelines, away from every arrow, nothing is selected.
  const box = (await ladder.boundingBox())!;
  const empty = await ladder.evaluate((svg) => {
    const r = svg.getBoundingClientRect();
    // Find a point whose topmost element is the ladder's SVG itself (no arrow, band or mark).
    for (let y = r.top + 40; y < r.bottom; y += 7)
      for (let x = r.left + 5; x < r.right; x += 11) {
        const el = document.elementFromPoint(x, y);
        if (el === svg) return { x, y };
      }
    return null;
  });
  expect(empty, 'an empty spot in the ladder').not.toBeNull();
  await page.mouse.click(empty!.x, empty!.y);
  await expect(inspector.getByRole('heading')).toHaveCount(0);
  expect(box.width).toBeGreaterThan(0);

  // Each arrow: click the middle of its label; the inspector shows that very message.
  const arrows = ladder.locator('g.arrow');
  const n = await arrows.count();
  expect(n).toBeGreaterThan(8);
  for (let i = 0; i < n; i++) {
    const arrow = arrows.nth(i);
    const name = (await arrow.getAttribute('aria-label'))!;
    const label = arrow.locator('text').first();
    await label.scrollIntoViewIfNeeded();
    await label.click();
    const msg = name.split(' ')[0]!;
    await expect(inspector.getByRole('heading'), `clicked the label of "${name}"`).toContainText(msg);
    await expect(arrow).toHaveClass(/selected/);
  }
  await testInfo.attach('ladder-1400x900', { body: await page.screenshot(), contentType: 'image/png' });
  expect(consoleErrors).toEqual([]);
});
