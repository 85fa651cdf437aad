// The image embed (issue 13): from the lab's export buttons, an animated SVG of the ladder that an
// <img> shows (no script runs there) and a PNG of it.
import { readFileSync } from 'node:fs';
import { test, expect } from './fixtures.ts';
import { FIG3, dragToNar, handoverDone } from './helpers.ts';

test('the ladder exports as an animated SVG an <img> shows, and as a PNG', async ({ page, consoleErrors }) => {
  await page.goto(FIG3);
  await dragToNar(page);
  await handoverDone(page);
  await page.getByRole('button', { name: 'Pause' }).click();

  const svgDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Animated SVG' }).click();
  const svg = readFileSync(await (await svgDownload).path(), 'utf8');
  expect(svg).toContain('<animate ');
  expect(svg).toContain('>F-BU');
  expect(svg).not.toMatch(/<script|\son[a-z]+=/i);

  const pngDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'PNG' }).click();
  const png = readFileSync(await (await pngDownload).path());
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

  // In an <img>, as a course page that allows only images would show it.
  const view = await page.context().newPage();
  await view.setContent(
    `<img alt="Figure 3 ladder" src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}">`,
  );
  const size = await view
    .getByRole('img', { name: 'Figure 3 ladder' })
    .evaluate(async (img: HTMLImageElement) => (await img.decode(), [img.naturalWidth, img.naturalHeight]));
  expect(size[0]).toBeGreaterThan(300);
  expect(size[1]).toBeGreaterThan(200);
  expect(consoleErrors).toEqual([]);
});
