// Robustness a teacher relies on: invalid parameters never reach the engine, settings survive a
// reload, bad stored data or URL parameters are reported (never a crash), and a crashed engine is
// said plainly, restarted on request, with the user's scenario and parameters kept.
import { test, expect } from './fixtures.ts';

test('an invalid parameter shows an inline error and is not applied; valid ones survive a reload', async ({
  page,
  consoleErrors,
}) => {
  await page.goto('/?scenario=fig3');
  await expect(page.getByRole('slider', { name: /Mobile node MN/ })).toBeVisible();
  const l2 = page.getByLabel(/^Layer-2 handover time/);
  await l2.fill('80');
  await l2.press('Enter');
  await expect(l2).toHaveAttribute('aria-invalid', 'false');
  await page.getByLabel('Handover mode').selectOption('anticipated-network-stateful');
  const seed = page.getByLabel('Seed');
  await seed.fill('7');
  await seed.press('Enter');

  // Invalid: the field says why, next to it, and the engine keeps the last valid value.
  const delay = page.getByLabel(/^Wired link delay/);
  await delay.fill('fast');
  await delay.press('Enter');
  await expect(delay).toHaveAttribute('aria-invalid', 'true');
  const describedBy = await delay.getAttribute('aria-describedby');
  await expect(page.locator(`#${describedBy}`)).toHaveText('Wired link delay must be a number of milliseconds.');
  const raMax = page.getByLabel(/^RA interval, max/);
  await raMax.fill('10');
  await raMax.press('Enter');
  await expect(raMax).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('RA interval, max must be at least the min.')).toBeVisible();

  await page.reload();
  await expect(page.getByRole('slider', { name: /Mobile node MN/ })).toBeVisible();
  await expect(page.getByLabel(/^Layer-2 handover time/)).toHaveValue('80');
  await expect(page.getByLabel('Handover mode')).toHaveValue('anticipated-network-stateful');
  await expect(page.getByLabel('Seed')).toHaveValue('7');
  // The invalid texts were never stored: the last valid values are back.
  await expect(page.getByLabel(/^Wired link delay/)).toHaveValue('2');
  await expect(page.getByLabel(/^RA interval, max/)).toHaveValue('70');
  expect(consoleErrors).toEqual([]);
});

test('bad stored settings and bad URL parameters are reported, not fatal', async ({ page, consoleErrors }) => {
  await page.goto('/');
  await page.evaluate(() => localStorage.setItem('fmip-lab.settings.v1', '{"scenario":"fig3","seed":-4}'));
  await page.goto('/?seed=abc&mode=warp&scenario=nosuch');
  const notice = page.getByRole('status').filter({ hasText: 'Saved settings were ignored' });
  await expect(notice).toContainText('Saved settings were ignored (bad seed)');
  await expect(notice).toContainText('URL parameter seed="abc"');
  await expect(notice).toContainText('URL parameter mode="warp"');
  await expect(notice).toContainText('There is no scenario "nosuch"');
  // The lab still works, on a real scenario.
  await expect(page.getByRole('slider', { name: /Mobile node MN/ })).toBeVisible();
  await expect(page.getByLabel('Scenario')).toHaveValue('fig3');
  expect(consoleErrors).toEqual([]);
});

test('a crashed engine is reported plainly and restarts with the same scenario and parameters', async ({
  page,
  consoleErrors,
}) => {
  await page.goto('/?scenario=fig2&testhooks=1');
  await expect(page.getByRole('slider', { name: /Mobile node MN/ })).toBeVisible();
  const l2 = page.getByLabel(/^Layer-2 handover time/);
  await l2.fill('75');
  await l2.press('Enter');
  await expect(page.getByRole('slider', { name: /Mobile node MN/ })).toBeVisible();

  await page.evaluate(() => (window as unknown as { fmipLab: { crash(): void } }).fmipLab.crash());
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('The engine has stopped.');
  await expect(alert).toContainText('Your scenario and parameters are kept.');
  await expect(page.getByLabel('Scenario')).toHaveValue('fig2');
  await expect(page.getByLabel(/^Layer-2 handover time/)).toHaveValue('75');

  await alert.getByRole('button', { name: 'Restart the engine' }).click();
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(page.getByLabel('Scenario')).toHaveValue('fig2');
  await expect(page.getByLabel(/^Layer-2 handover time/)).toHaveValue('75');
  // The restarted engine runs: time moves on and the MN can be moved.
  await expect(page.getByRole('button', { name: 'Pause' })).toBeEnabled();
  await expect(page.getByLabel('Time cursor')).not.toHaveText('0.000 ms');
  expect(consoleErrors).toEqual([]);
});
