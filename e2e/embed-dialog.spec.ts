// The embed dialog (issue 13): a teacher picks views and options, sees the live preview (the
// iframe the snippet makes), and copies the snippet of each form; a bad choice is named.
import { readFileSync } from 'node:fs';
import { test, expect } from './fixtures.ts';
import { FIG3 } from './helpers.ts';

test('the embed dialog: options, a live preview, a bad choice named, each snippet copied', async ({
  page,
  consoleErrors,
  baseURL,
}) => {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(FIG3);
  await expect(page.getByRole('slider', { name: /Mobile node MN/ })).toBeVisible();
  await page.getByRole('button', { name: 'Embed…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Embed this figure in a course page' });
  await expect(dialog).toBeVisible();
  const options = dialog.getByRole('form', { name: 'Embed options' });
  // The lab's own figure to start with.
  await expect(options.getByLabel('Scenario')).toHaveValue('fig3');

  await options.getByLabel('Views').selectOption('ladder');
  await options.getByLabel('Speed').selectOption({ label: 'Real time' });
  await options.getByLabel('Stop at (ms)').fill('2200');
  await options.getByLabel('Theme').selectOption('dark');

  // The preview is the embed with those parameters: the ladder alone, running Figure 3 to 2200 ms.
  const preview = dialog.frameLocator('iframe[title^="Preview"]');
  await expect(
    preview.getByRole('group', { name: 'Message ladder' }).getByRole('button', { name: /^F-BU\b/ }),
  ).toBeVisible({ timeout: 30_000 });
  await expect(preview.getByRole('group', { name: /Topology/ })).toHaveCount(0);
  await expect(preview.getByLabel('Time cursor')).toHaveText('2200.000 ms', { timeout: 30_000 });

  const base = `${baseURL}/`;
  const iframe = await dialog.getByLabel('iframe snippet').inputValue();
  expect(iframe).toContain(
    `src="${base}embed/embed.html?scenario=fig3&amp;view=ladder&amp;end=2200&amp;theme=dark&amp;speed=1000"`,
  );
  const component = await dialog.getByLabel('Web component snippet').inputValue();
  expect(component).toContain(`<script type="module" src="${base}fmip-lab.js"></script>`);
  expect(component).toContain('<fmip-ladder scenario="fig3" end="2200" theme="dark" speed="1000"');
  const image = await dialog.getByLabel('Image snippet').inputValue();
  expect(image).toMatch(/^<img src="ladder-fig3-animated\.svg" alt="Figure 3[^"]*">$/);

  // Each Copy button puts its snippet on the clipboard, and says so.
  for (const [button, text, name] of [
    ['Copy iframe snippet', iframe, 'iframe'],
    ['Copy web component snippet', component, 'web component'],
    ['Copy image snippet', image, 'image'],
  ] as const) {
    await dialog.getByRole('button', { name: button }).click();
    await expect(dialog.getByRole('status')).toHaveText(`The ${name} snippet is copied.`);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(text);
  }
  // The image's file: the lab's run as an animated SVG.
  const download = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Download ladder-fig3-animated.svg' }).click();
  expect((await download).suggestedFilename()).toBe('ladder-fig3-animated.svg');
  // Titled with the run it shows, as the command line's image is (examples/fig3-ladder.svg): the
  // line over the drawing and the file's <title>, which names the image to a screen reader.
  const svg = readFileSync((await (await download).path())!, 'utf8');
  const runTitle = 'fig3: as written (anticipated-mobile-stateless), seed 1';
  expect(svg).toContain(`<title>${runTitle}</title>`);
  expect(svg).toMatch(new RegExp(`<text [^>]*font-weight="600"[^>]*>${runTitle.replace(/[()]/g, '\\$&')}</text>`));
  expect(svg).toContain('<animate ');

  // A bad choice is named as the embed would name it.
  await options.getByLabel('Start at (ms)').fill('3000');
  await expect(options.getByRole('alert')).toHaveText('end=2200 must be after start=3000 (ms).');
  await options.getByLabel('Stop at (ms)').fill('soon');
  await expect(options.getByRole('alert')).toContainText('end: expected a time in milliseconds');
  await options.getByLabel('Stop at (ms)').fill('');
  await expect(options.getByRole('alert')).toHaveCount(0);

  // Closing it leaves the lab as it was.
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('slider', { name: /Mobile node MN/ })).toBeVisible();
  expect(new URL(page.url()).search).toBe(new URL(FIG3, base).search);
  expect(consoleErrors).toEqual([]);
});

test("the dialog's image of a 'what if' run says so in its title", async ({ page, consoleErrors }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  // Figure 3 run as standard Mobile IPv6 (the baseline), seed 2: not the figure as written.
  await page.goto('/?scenario=fig3&mode=mipv6&seed=2');
  await expect(page.getByRole('slider', { name: /Mobile node MN/ })).toBeVisible();
  await page.getByRole('button', { name: 'Embed…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Embed this figure in a course page' });
  const download = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Download ladder-fig3-animated.svg' }).click();
  const svg = readFileSync((await (await download).path())!, 'utf8');
  expect(svg).toContain('<title>fig3: what if: mipv6, not as written, seed 2</title>');
  expect(consoleErrors).toEqual([]);
});
