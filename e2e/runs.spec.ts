// Shareable runs (issue 13): a learner's Figure 3 run, shared as a link and saved as a file,
// replays in a fresh browser profile to the same trace, record by record, with the cursor where
// it was; a truncated link gets a clear message and the lab still works.
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures.ts';
import { FIG3, dragToNar, handoverDone, pauseRun } from './helpers.ts';
import { parseRunFile, runFromFragment } from '../core/run/run.ts';
import type { TraceRecord } from '../core/trace.ts';

const trace = (page: Page) =>
  page.evaluate(() => (window as unknown as { fmipLab: { trace(): TraceRecord[] } }).fmipLab.trace());

test('a shared link and a saved run replay to the same trace in a fresh profile', async ({
  page,
  browser,
  consoleErrors,
}) => {
  await page.goto(`${FIG3}&testhooks=1`);
  await dragToNar(page);
  await handoverDone(page);
  await pauseRun(page);
  // Rewind a little: the cursor is part of the run.
  await page.getByRole('button', { name: 'Previous event' }).click();
  const cursor = await page.getByLabel('Time cursor').textContent();

  await page.getByRole('button', { name: 'Share' }).click();
  const link = await page.getByLabel('Share link').inputValue();
  expect(link).toMatch(/#run=1\.[A-Za-z0-9_-]+$/);
  const run = runFromFragment(new URL(link).hash);
  expect(run.moves.length).toBeGreaterThan(5);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save run' }).click();
  const file = await (await download).path();
  const saved = parseRunFile(readFileSync(file, 'utf8'));
  // The learner's trace up to where the engine was when the run was shared.
  const original = (await trace(page)).filter((r) => r.t <= run.end);
  expect(original.some((r) => r.kind === 'tx' && r.msg === 'F-BACK')).toBe(true);

  for (const [how, open] of [
    ['link', (p: Page) => p.goto(link.replace(/^https?:\/\/[^/]+/, '').replace('?', '?testhooks=1&'))],
    [
      'file',
      async (p: Page) => {
        await p.goto('/?testhooks=1');
        await p.getByLabel('Run file to open').setInputFiles(file);
      },
    ],
  ] as const) {
    // A fresh profile: nothing stored from the learner's page.
    const ctx = await browser.newContext();
    const fresh = await ctx.newPage();
    const errors: string[] = [];
    fresh.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
    await open(fresh);
    await expect(fresh.getByRole('status').filter({ hasText: /^Replayed the run/ })).toBeVisible({ timeout: 30_000 });
    await expect(fresh.getByRole('status').filter({ hasText: /differs/ })).toHaveCount(0);
    const replayed = await trace(fresh);
    expect(replayed.length, `${how}: record count`).toBe(original.length);
    for (let i = 0; i < original.length; i++) expect(replayed[i], `${how}: record ${i}`).toEqual(original[i]);
    await expect(fresh.getByLabel('Time cursor')).toHaveText(cursor!);
    expect(saved.end).toBe(run.end);
    expect(errors).toEqual([]);
    await ctx.close();
  }
  expect(consoleErrors).toEqual([]);
});

test('a truncated link is reported and the lab still runs Figure 3', async ({ page, consoleErrors }) => {
  await page.goto(FIG3);
  await dragToNar(page);
  await handoverDone(page);
  await page.getByRole('button', { name: 'Share' }).click();
  const link = await page.getByLabel('Share link').inputValue();
  const cut = link.slice(0, link.length - 25).replace(/^https?:\/\/[^/]+/, '');

  const other = await page.context().newPage();
  await other.goto(cut);
  await expect(other.getByRole('alert')).toContainText(/run link cannot be opened: the link is damaged or cut short/);
  await expect(other.getByRole('alert')).toContainText('The lab is unchanged.');
  // The lab works as without the link: the handover of Figure 3 still happens.
  await dragToNar(other);
  await handoverDone(other);
  expect(consoleErrors).toEqual([]);
});
