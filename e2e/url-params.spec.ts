// The lab's URL parameters as a course page uses them (session 9 review): `?lesson=URL` opens a
// teacher's exercise and is not reported as a parameter the lab does not read (not at first, not
// after a reload); a scenario the lab does not have falls back to the default one, Figure 3, and
// the notice says so.
import { test, expect } from './fixtures.ts';

test('?lesson=URL opens the exercise with no "not one the lab reads" notice, also after a reload', async ({
  page,
  consoleErrors,
}) => {
  void consoleErrors;
  await page.goto('/?lesson=examples/exercise-figure3.md');
  const panel = page.getByRole('region', { name: 'Lessons' });
  await expect(panel.getByRole('button', { name: 'Start the exercise' })).toBeVisible();
  await expect(page.getByRole('slider', { name: /Mobile node MN/ })).toBeVisible();
  await expect(page.getByText('is not one the lab reads')).toHaveCount(0);
  await page.reload();
  await expect(panel.getByRole('button', { name: 'Start the exercise' })).toBeVisible();
  await expect(page.getByRole('slider', { name: /Mobile node MN/ })).toBeVisible();
  await expect(page.getByText('is not one the lab reads')).toHaveCount(0);
  // A real typo beside it is still named, with the full list.
  await page.goto('/?lesson=examples/exercise-figure3.md&sede=4');
  await expect(page.getByRole('status').filter({ hasText: 'URL parameter' })).toContainText(
    'URL parameter "sede" is not one the lab reads (scenario, seed, mode, testhooks, presenter, lesson).',
  );
});

test('?scenario=fig99 falls back to the default scenario, Figure 3, and says so', async ({ page, consoleErrors }) => {
  void consoleErrors;
  await page.goto('/?scenario=fig99&seed=3');
  await expect(page.getByRole('status').filter({ hasText: 'There is no scenario' })).toContainText(
    'There is no scenario "fig99"; showing the default scenario, "fig3", instead',
  );
  await expect(page.getByLabel('Scenario')).toHaveValue('fig3');
  await expect(page.getByLabel('Seed')).toHaveValue('3');
  await expect(page.getByRole('slider', { name: /Mobile node MN/ })).toBeVisible();
});
