// The image embed (issue 13): from the lab's export buttons, an animated SVG of the ladder that an
// <img> shows (no script runs there) and a PNG of it; and the page's SVG export is the command line's.
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { test, expect } from './fixtures.ts';
import { FIG3, dragToNar, handoverDone, pauseRun } from './helpers.ts';

test('the ladder exports as an animated SVG an <img> shows, and as a PNG', async ({ page, consoleErrors }) => {
  await page.goto(FIG3);
  await dragToNar(page);
  await handoverDone(page);
  await pauseRun(page);

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

test('after "Run to end", the page exports the ladder `npm run sim -- fig3 --seed 1 --format svg` writes, byte for byte', async ({
  page,
  consoleErrors,
}) => {
  // The page and the command line call the same DOM-free export (core/views/svg.ts) on the same
  // deterministic run: nothing differs, so nothing is normalised. The animated image covers the
  // run so far, which "Run to end" leaves at the scenario's end too.
  const sim = (id: string, ...args: string[]) => {
    const r = spawnSync('node', ['--import', 'tsx', 'core/cli.ts', id, '--seed', '1', '--format', 'svg', ...args], {
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    });
    expect(r.status, r.stderr).toBe(0);
    return r.stdout;
  };
  const download = async (button: string) => {
    const d = page.waitForEvent('download');
    await page.getByRole('button', { name: button }).click();
    return readFileSync(await (await d).path(), 'utf8');
  };
  const runToEnd = async () => {
    await expect(page.getByRole('slider', { name: /Mobile node MN/ })).toBeVisible();
    await page.getByRole('button', { name: 'Run to end' }).click();
    await expect(page.getByRole('button', { name: 'Run to end' })).toBeDisabled({ timeout: 30_000 });
  };

  await page.goto(FIG3);
  await runToEnd();
  const still = await download('Export ladder (SVG)');
  expect(still).toContain('<title>fig3: as written (anticipated-mobile-stateless), seed 1</title>');
  expect(still).toBe(sim('fig3'));
  expect(await download('Animated SVG')).toBe(sim('fig3', '--animate'));

  // Figure 4 draws its own lifeline order (MN, nAR, oAR, aAR) on the page as on the command line.
  await page.goto('/?scenario=fig4&seed=1');
  await runToEnd();
  expect(await download('Export ladder (SVG)')).toBe(sim('fig4'));
  expect(consoleErrors).toEqual([]);
});
