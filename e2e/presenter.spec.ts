// Presenter mode (issue 13): for a projector, the topology and the ladder only, large type, high
// contrast, slow motion; ?presenter=1 opens it, a button enters and leaves it.
import { test, expect } from './fixtures.ts';
import { FIG3 } from './helpers.ts';

test('presenter mode: topology and ladder only, large type, high contrast, slow motion; in and out', async ({
  page,
  consoleErrors,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(FIG3);
  await expect(page.getByRole('slider', { name: /Mobile node MN/ })).toBeVisible();
  const bodySize = () => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
  const normal = await bodySize();

  await page.getByRole('button', { name: 'Presenter mode' }).click();
  expect(new URL(page.url()).searchParams.get('presenter')).toBe('1');
  await expect(page.getByRole('group', { name: /Topology/ })).toBeVisible();
  await expect(page.getByRole('group', { name: 'Message ladder' })).toBeVisible();
  // Nothing else: no inspector, console, parameters, measures, exports or packet list.
  for (const gone of ['Console', 'Export ladder (SVG)', 'Share', 'Experiments']) {
    await expect(page.getByRole('button', { name: gone, exact: true })).toHaveCount(0);
    await expect(page.getByRole('region', { name: gone, exact: true })).toHaveCount(0);
  }
  await expect(page.getByText('Click a message on the ladder to open it.')).toHaveCount(0);
  await expect(page.getByLabel('Handover mode')).toHaveCount(0);
  // Slow motion, large type, black on white.
  await expect(page.getByLabel('Speed')).toHaveValue('10');
  expect(await bodySize()).toBeGreaterThanOrEqual(normal * 1.2);
  const colours = await page.evaluate(() => {
    const s = getComputedStyle(document.body);
    return [s.color, s.backgroundColor];
  });
  expect(colours).toEqual(['rgb(0, 0, 0)', 'rgb(255, 255, 255)']);
  // The figure runs: Figure 3's MN is moved along its path, and the ladder draws it.
  await expect(
    page.getByRole('group', { name: 'Message ladder' }).getByRole('button', { name: /^RtSolPr\b/ }),
  ).toBeVisible({ timeout: 30_000 });
  // The ladder fills the screen's height under the bar (no empty half below it), and the page
  // itself does not scroll: at 1280×720 and on larger projectors.
  for (const [width, height] of [
    [1280, 720],
    [1400, 900],
    [1920, 1080],
  ] as const) {
    await page.setViewportSize({ width, height });
    await expect
      .poll(() =>
        page.evaluate(() => {
          const pane = document.querySelector('[aria-label="Message ladder, scrollable"]')!.getBoundingClientRect();
          const root = document.documentElement;
          return pane.bottom >= innerHeight - 40 && root.scrollHeight <= innerHeight;
        }),
      )
      .toBe(true);
  }
  await page.setViewportSize({ width: 1280, height: 720 });

  // A reload stays in it (the URL says so); the button leaves it, with the lab as it was.
  await page.reload();
  await expect(page.getByRole('button', { name: 'Exit presenter mode' })).toBeVisible();
  await expect(page.getByLabel('Speed')).toHaveValue('10');
  await page.getByRole('button', { name: 'Exit presenter mode' }).click();
  expect(new URL(page.url()).searchParams.has('presenter')).toBe(false);
  await expect(page.getByRole('button', { name: 'Export ladder (SVG)' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Console' })).toBeVisible();
  expect(await bodySize()).toBe(normal);

  // A bad value is named, and the lab opens as usual.
  await page.goto(`${FIG3}&presenter=big`);
  await expect(
    page.getByRole('status').filter({ hasText: 'URL parameter presenter="big": expected 1 or 0.' }),
  ).toBeVisible();
  await expect(page.getByRole('button', { name: 'Presenter mode' })).toBeVisible();
  expect(consoleErrors).toEqual([]);
});
