// Offline (issue 13): after one visit the service worker has the whole build; with the network
// cut the lab reloads and runs Figure 3.
import { test, expect } from './fixtures.ts';
import { FIG3, dragToNar, handoverDone } from './helpers.ts';

test('after one visit, with the network cut, the lab reloads and runs Figure 3', async ({ page, consoleErrors }) => {
  await page.goto(FIG3);
  // The service worker is installed (its precache filled) and active.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
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
