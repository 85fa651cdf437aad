// Bad input at the lab's doors (issue 15, "Robustness, counted"): URL parameters that are huge,
// script text, bidi tricks or typos, and a scenario with a bad field. Each is reported by name,
// nothing of it runs, and the lab still works — a figure loads and a handover happens on it.
import { test, expect } from './fixtures.ts';
import { dragToNar, handoverDone } from './helpers.ts';

test('the lab opened with bad URL parameters names each one and still runs Figure 3', async ({
  page,
  consoleErrors,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  const q = new URLSearchParams({
    scenario: 'x'.repeat(5000),
    seed: 'fig\u202e3',
    mode: '<img src=x onerror="window.pwned=1">',
    sede: '4',
    testhooks: '1',
  });
  await page.goto(`/?${q}`);
  const notice = page.getByRole('status').filter({ hasText: 'URL parameter' });
  await expect(notice).toContainText('URL parameter scenario="xxxx');
  await expect(notice).toContainText('..." is not a scenario id');
  await expect(notice).toContainText('URL parameter seed="fig\\u202e3": Seed must be a whole number');
  await expect(notice).toContainText(
    'URL parameter mode="<img src=x onerror=\\"window.pwned=1\\">" is not an available',
  );
  await expect(notice).toContainText('URL parameter "sede" is not one the lab reads');
  // The huge value is not pasted whole into the page.
  expect((await notice.innerText()).length).toBeLessThan(2000);
  // Shown as text, never run as markup.
  expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
  await expect(notice.locator('img')).toHaveCount(0);
  // The defaults stand in: Figure 3 loads and its handover runs.
  await expect(page.getByLabel('Scenario')).toHaveValue('fig3');
  await dragToNar(page);
  await handoverDone(page);

  // A scenario with a bad field (here through the test hook, as a run file's inline scenario would
  // come): the error names the field; the user's settings are kept and the lab restarts.
  await page.evaluate(() =>
    (window as unknown as { fmipLab: { loadInline(s: unknown): Promise<void> } }).fmipLab.loadInline({
      id: 'mine',
      routers: [{ name: 'oAR', x: 100, y: 100, radius: -5, lla: '02:00:00:00:01:01', prefix: '2001:db8:1::/64' }],
      links: [],
      mobiles: [{ name: '<b>MN</b>', x: 1, y: 1 }],
    }),
  );
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('routers[0].radius: expected a number >= 1 and <= 10000000, got -5');
  await expect(alert).toContainText('mobiles[0].name: expected a node name');
  await expect(alert.locator('b')).toHaveCount(0);
  await alert.getByRole('button', { name: 'Restart the engine' }).click();
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(page.getByLabel('Scenario')).toHaveValue('fig3');
  await expect(page.getByRole('slider', { name: /Mobile node MN/ })).toBeVisible();
  expect(consoleErrors).toEqual([]);
});

test('a broken share link is named and the lab starts as without it', async ({ page, consoleErrors }) => {
  await page.goto('/?scenario=fig1#run=1.<script>alert(1)</script>');
  await expect(page.getByRole('alert')).toContainText('run link');
  await expect(page.getByLabel('Scenario')).toHaveValue('fig1');
  await expect(page.getByRole('group', { name: 'Message ladder' })).toBeVisible();
  await expect(page.getByRole('slider', { name: /Mobile node MN/ })).toBeVisible();
  expect(consoleErrors).toEqual([]);
});
