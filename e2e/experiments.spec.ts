// Experiments (issue 14) as a learner uses them: run a small sweep, watch the progress bar and the
// plot appear, download the CSV, open a point's run in the lab; a long sweep cancelled keeps its runs.
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { test, expect } from './fixtures.ts';
import { parseCsv } from '../core/sweep/csv.ts';
import { mustSweep, pointBase, runSweepHere } from '../core/sweep/sweep.ts';
import { parseRunFile } from '../core/run/run.ts';

test('a sweep: progress, plot with the model, CSV, a point opens its run; Cancel stops a long one', async ({
  page,
  consoleErrors,
}) => {
  await page.goto('/?scenario=fig3&seed=1');
  await page.getByRole('button', { name: 'Experiments' }).click();
  const view = page.getByRole('region', { name: 'Experiments' });
  await view.getByLabel('Parameter').selectOption('l2HandoverMs');
  await view.getByLabel(/^From/).fill('0');
  await view.getByLabel(/^To/).fill('100');
  await view.getByLabel('Step').fill('50');
  await view.getByLabel('Seeds per point').fill('2');
  // A bad range is refused with the field named, and nothing runs.
  await view.getByLabel('Step').fill('0');
  await view.getByRole('button', { name: 'Run sweep' }).click();
  await expect(view.getByText('must be above 0, got 0')).toBeVisible();
  await expect(view.getByRole('progressbar')).toHaveCount(0);
  await view.getByLabel('Step').fill('50');
  await view.getByRole('button', { name: 'Run sweep' }).click();
  const bar = view.getByRole('progressbar', { name: 'Sweep progress' });
  await expect(bar).toHaveAttribute('max', '18');
  await expect(view.getByText(/^18 \/ 18 runs on \d+ workers? — done/)).toBeVisible({ timeout: 30_000 });
  await expect(bar).toHaveAttribute('value', '18');
  // The plot: 3 modes × 3 points, axes with units, the model's formula under it.
  const plot = view.getByRole('group', { name: 'L3 handover latency (ms) against Layer-2 handover time (ms)' });
  await expect(plot.getByRole('button')).toHaveCount(9);
  await expect(plot.getByText('Layer-2 handover time (ms)')).toBeVisible();
  await expect(view.getByText(/^Standard Mobile IPv6: L = Δ \+ T_L2 \+ T_RA \+ T_DAD \+ T_BU/)).toBeVisible();
  await expect(view.getByRole('list', { name: 'Legend' })).toContainText('textbook model');
  await expect(view.getByLabel(/Standard MIPv6, model: packet spacing/)).toBeVisible();
  // The same numbers as a table (folded): a header row and one row per layer-2 time.
  await view.getByText(/^The numbers: mean/).click();
  const table = view.getByRole('table');
  await expect(table.getByRole('row')).toHaveCount(4);
  await expect(table.getByRole('row', { name: /^100 / }).getByRole('cell')).toHaveCount(6);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    view.getByRole('button', { name: 'Export data (CSV)' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('sweep-fig3-l2HandoverMs.csv');
  const csv = readFileSync((await download.path())!, 'utf8');
  expect(csv).toMatch(
    /^# fmip-lab \d+\.\d+\.\d+ sweep\n# scenario: fig3\n# parameter: l2HandoverMs from 0 to 100 step 50 ms/,
  );
  expect(csv).toContain('# seeds: 1..2 (2 per point)');
  expect(
    csv
      .trim()
      .split('\n')
      .filter((l) => /^\d/.test(l)),
  ).toHaveLength(18);
  // The file reads back, and its numbers are the ones the engine gives in Node for the same sweep
  // (what `npm run sim -- sweep` writes): the page's workers ran the very same runs.
  const back = parseCsv(csv);
  expect(back.spec).toMatchObject({ scenario: 'fig3', param: 'l2HandoverMs', from: 0, to: 100, step: 50, seeds: 2 });
  expect(back.results).toEqual(await runSweepHere(back.spec));

  // The exported plot is a valid SVG on its own, carrying its legend and what it shows.
  const [svgDownload] = await Promise.all([
    page.waitForEvent('download'),
    view.getByRole('button', { name: 'Export plot (SVG)' }).click(),
  ]);
  expect(svgDownload.suggestedFilename()).toBe('sweep-fig3-l2HandoverMs-latencyUs.svg');
  const svg = readFileSync((await svgDownload.path())!, 'utf8');
  expect(svg).toContain('>textbook model</text>');
  expect(svg).toContain('>Standard MIPv6</text>');
  expect(svg).toMatch(/>fig3, seeds 1\.\.2, nAR buffering on — fmip-lab \d+\.\d+\.\d+<\/text>/);
  const size = await page.evaluate(async (text) => {
    const img = new Image();
    img.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(text);
    await img.decode();
    return [img.naturalWidth, img.naturalHeight];
  }, svg);
  const shown = await plot.boundingBox();
  expect(size[0]).toBe(Math.round(shown!.width));
  expect(size[1]).toBeGreaterThan(shown!.height + 20);

  // A point opens its run: standard MIPv6 at 100 ms, seed 1, in the lab's own controls.
  // Its mode and parameter are "what if" changes over Figure 3: the departure banner says so.
  await plot.getByRole('button', { name: /^Standard MIPv6 at layer-2 handover time 100 ms/ }).click();
  await expect(view).toBeHidden();
  const controls = page.getByRole('form', { name: 'Controls' });
  await expect(controls.getByLabel('Handover mode')).toHaveValue('mipv6');
  await expect(controls.getByLabel(/Layer-2 handover time/)).toHaveValue('100');
  await expect(controls.getByLabel('Seed')).toHaveValue('1');
  await expect(page.getByRole('status', { name: 'What-if run' })).toHaveText(
    /Figure 3, run in standard Mobile IPv6 with layer-2 handover time 100 ms: not the draft's figure\./,
  );
  await expect(page.getByRole('group', { name: /Topology/ })).toBeVisible();
  // Every point opens the same way (session 9 review): run to the scenario's end, paused there,
  // the whole run on the ladder — here standard MIPv6's BU to the home agent.
  await expect(page.getByRole('button', { name: 'Run to end' })).toBeDisabled({ timeout: 30_000 });
  await expect(page.locator('g.arrow[aria-label^="BU "]').first()).toBeAttached();

  // Back in the Experiments view, the sweep is still there.
  await page.getByRole('button', { name: 'Experiments' }).click();
  await expect(plot.getByRole('button')).toHaveCount(9);

  // The point equal to Figure 3 as written (anticipated, layer 2 50 ms) opens the same way: no
  // departure banner, and the figure (its F-BU, F-BACK) on the ladder, not an empty run at 0 ms.
  // (By keyboard: BETH's marker lies on top of it, the lines overlap.)
  const point50 = plot.getByRole('button', { name: /^Anticipated, mobile, stateless at layer-2 handover time 50 ms/ });
  await point50.focus();
  await point50.press('Enter');
  await expect(view).toBeHidden();
  await expect(controls.getByLabel(/Layer-2 handover time/)).toHaveValue('50');
  await expect(page.getByRole('button', { name: 'Run to end' })).toBeDisabled({ timeout: 30_000 });
  await expect(page.locator('g.arrow[aria-label^="F-BU "]').first()).toBeAttached();
  await expect(page.locator('g.arrow[aria-label^="F-BACK "]').first()).toBeAttached();
  await expect(page.getByRole('status', { name: 'What-if run' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Experiments' }).click();
  await expect(plot.getByRole('button')).toHaveCount(9);

  // A long sweep, cancelled: it stops at once and keeps the runs done.
  await view.getByLabel(/^To/).fill('200');
  await view.getByLabel('Step').fill('5');
  await view.getByLabel('Seeds per point').fill('5');
  await view.getByRole('button', { name: 'Run sweep' }).click();
  await expect(bar).toHaveAttribute('max', '615');
  await expect.poll(async () => Number(await bar.getAttribute('value')), { timeout: 30_000 }).toBeGreaterThan(3);
  await view.getByRole('button', { name: 'Cancel' }).click();
  const status = view.getByText(/— cancelled, \d+ runs kept/);
  await expect(status).toBeVisible();
  const kept = Number(/(\d+) runs kept/.exec((await status.textContent())!)![1]);
  expect(kept).toBeLessThan(615);
  await page.waitForTimeout(500); // nothing may arrive after Cancel
  await expect(bar).toHaveAttribute('value', String(kept));
  await expect(
    view
      .getByRole('group', { name: /against/ })
      .getByRole('button')
      .first(),
  ).toBeVisible();
  expect(consoleErrors).toEqual([]);
});

test('a point the settings cannot hold (the MN speed) opens with its scenario object, said beside the banner', async ({
  page,
  consoleErrors,
}) => {
  await page.goto('/?scenario=fig3&seed=1');
  await page.getByRole('button', { name: 'Experiments' }).click();
  const view = page.getByRole('region', { name: 'Experiments' });
  await view.getByLabel('Parameter').selectOption('speedMps');
  await view.getByLabel(/^From/).fill('5');
  await view.getByLabel(/^To/).fill('10');
  await view.getByLabel('Step').fill('5');
  await view.getByLabel('Seeds per point').fill('1');
  for (const m of ['Anticipated, mobile, stateless', 'BETH (tunnel-based)']) await view.getByLabel(m).uncheck();
  await view.getByRole('button', { name: 'Run sweep' }).click();
  await expect(view.getByText(/^2 \/ 2 runs on \d+ workers? — done/)).toBeVisible({ timeout: 30_000 });
  // The view as a whole passes axe (WCAG 2 A/AA): labelled fields, the plot's points as named buttons.
  const axe = await new AxeBuilder({ page })
    .include('section[aria-label="Experiments"]')
    .withTags(['wcag2a', 'wcag2aa'])
    .analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.length}`)).toEqual([]);
  expect(axe.passes.map((p) => p.id)).toEqual(expect.arrayContaining(['label', 'color-contrast', 'button-name']));

  await view.getByRole('button', { name: /^Standard MIPv6 at mn speed 5 m\/s/ }).click();
  await expect(view).toBeHidden();
  await expect(page.getByRole('status', { name: 'What-if run' })).toHaveText(/Figure 3, run in standard Mobile IPv6/);
  await expect(page.getByText(/^The MN moves at 5 m\/s .*not one of the settings/)).toBeVisible();
  await expect(page.getByRole('form', { name: 'Controls' }).getByLabel('Handover mode')).toHaveValue('mipv6');
  await expect(page.getByRole('group', { name: /Topology/ })).toBeVisible();
  // Back to the scenario as written: the note goes with the run it was about.
  await page.getByRole('button', { name: 'Back to the scenario as written' }).click();
  await expect(page.getByRole('status', { name: 'What-if run' })).toHaveCount(0);
  await expect(page.getByText(/^The MN moves at 5 m\/s/)).toHaveCount(0);

  // The same point again (the sweep is still there), saved: the run keeps its scenario object
  // (the settings alone would replay Figure 3 at its own speed) and opening the file replays it
  // to the same trace.
  await page.getByRole('button', { name: 'Experiments' }).click();
  await view.getByRole('button', { name: /^Standard MIPv6 at mn speed 5 m\/s/ }).click();
  await expect(page.getByText(/^The MN moves at 5 m\/s/)).toBeVisible();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Save run' }).click(),
  ]);
  const file = (await download.path())!;
  const saved = parseRunFile(readFileSync(file, 'utf8'));
  const spec = mustSweep({ scenario: 'fig3', param: 'speedMps', from: 5, to: 10, step: 5, modes: ['mipv6'], seeds: 1 });
  expect(saved.scenario).toBe('inline');
  expect(saved.inline).toEqual(pointBase(spec, 5, 1));
  expect(saved.params).toEqual({ mode: 'mipv6' });
  await page.getByLabel('Run file to open').setInputFiles(file);
  await expect(page.getByRole('status').filter({ hasText: /^Replayed the run/ })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('status').filter({ hasText: /differs/ })).toHaveCount(0);
  expect(consoleErrors).toEqual([]);
});
