// The teacher's page (issue 13): a handful of a class's result files (some tampered) and one that
// cannot be read, opened at once with the exercise; every run replayed in the engine; the
// tampered ones flagged with their reasons, the honest ones matching; the CSV for the grade book
// with one row per student; a student's run one click away in the lab.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { test, expect } from './fixtures.ts';
import { shots } from './helpers.ts';
import { loadPacketCore } from '../core/wasm.ts';
import { drawVariant, handInToJson } from '../core/run/classroom.ts';
import { EXERCISE_FILE, classPlan, exercise, handIn, type Tamper } from '../tests/run/class-fixture.ts';

// The class of the "done when": 30 students, every fifth file tampered with (6 in all).
const CLASS: [string, Tamper][] = classPlan(30).map((p) => [p.student, p.tamper]);
const FLAGGED = CLASS.filter(([, t]) => t !== 'none').length;

async function writeClass(dir: string): Promise<string[]> {
  const core = await loadPacketCore();
  const { lesson } = exercise();
  mkdirSync(dir, { recursive: true });
  const files = CLASS.map(([s, t], i) => {
    const f = join(dir, `${s}.fmip-result.json`);
    writeFileSync(f, handInToJson(handIn(core, lesson, s, t, i)));
    return f;
  });
  // A file edited by hand into something that is not a result any more.
  const broken = join(dir, 'broken.fmip-result.json');
  const o = JSON.parse(readFileSync(files[0]!, 'utf8'));
  o.runs.setup.moves[1].at = 'soon';
  writeFileSync(broken, JSON.stringify(o));
  return [...files, broken];
}

const row = (page: Page, s: string) => page.locator(`tr[data-student="${s}"]`);

test('the teacher opens a class of 30 results: tampered ones flagged, the others match, the CSV has a row per student', async ({
  page,
  consoleErrors,
}, info) => {
  test.setTimeout(120_000);
  const files = await writeClass(info.outputPath('class'));
  await page.goto('/teacher/');
  await expect(page.getByRole('heading', { name: 'Mark an exercise' })).toBeVisible();
  await page.getByLabel('Exercise file').setInputFiles(EXERCISE_FILE);
  await expect(page.getByText('Exercise: Figure 3 with your own numbers')).toBeVisible();
  await page.getByLabel('Result files').setInputFiles(files);

  // The unreadable file names its field and is left out; the others are re-checked.
  await expect(page.getByRole('alert', { name: 'Files not read' })).toContainText(
    'broken.fmip-result.json — runs.setup.moves[1].at: expected a virtual time in whole µs',
  );
  await expect(page.getByRole('status')).toHaveText(
    new RegExp(`30 result files re-checked: ${30 - FLAGGED}\\s+match their replay,\\s+${FLAGGED} flagged\\.`),
    {
      timeout: 90_000,
    },
  );
  for (const [s, t] of CLASS) {
    await expect(row(page, s).locator('.verdict')).toContainText(t === 'none' ? 'Matches' : 'Flagged');
  }
  for (const [s, reason] of [
    ['s005', 'claims the answer to "latency" is right; it is wrong'],
    ['s010', 'claims check "no-dad" failed; its replay says passed'],
    ['s015', 'its replay differs from the trace it was handed in with'],
    ['s020', "are not this student's"],
  ] as const) {
    await row(page, s).getByText('Flagged').click();
    await expect(row(page, s)).toContainText(reason);
  }

  // The table is usable with a screen reader: no serious or critical axe finding.
  const axe = await new AxeBuilder({ page }).analyze();
  expect(
    axe.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
  ).toEqual([]);

  // The page's top: its heading first.
  await shots(page, 'teacher', page.getByRole('heading').first());
  await page.setViewportSize({ width: 1280, height: 720 });

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV for the grade book' }).click();
  const d = await download;
  expect(d.suggestedFilename()).toBe('exercise-figure-3-with-your-own-numbers-grades.csv');
  const csv = readFileSync(await d.path(), 'utf8')
    .trimEnd()
    .split('\n');
  expect(csv).toHaveLength(1 + CLASS.length);
  expect(csv[0]).toMatch(
    /^student,expected: Wired link delay \(ms\),handed in: Wired link delay \(ms\),expected: Layer-2 handover time \(ms\),handed in: Layer-2 handover time \(ms\),check:fbu,/,
  );
  // The file with a neighbour's numbers: the table and the CSV say the same expected and handed-in numbers.
  const s020 = csv.find((r) => r.startsWith('s020,'))!.split(',');
  const mine = drawVariant(exercise().lesson, 's020');
  expect([s020[2], s020[4]].map(Number)).not.toEqual([mine.wiredDelayMs, mine.l2HandoverMs]);
  expect([s020[1], s020[3]].map(Number)).toEqual([mine.wiredDelayMs, mine.l2HandoverMs]);
  await expect(row(page, 's020')).toContainText(
    `Expected: Wired link delay ${s020[1]} ms, Layer-2 handover time ${s020[3]} ms`,
  );
  await expect(row(page, 's020')).toContainText(
    `Handed in: Wired link delay ${s020[2]} ms, Layer-2 handover time ${s020[4]} ms`,
  );
  await expect(row(page, 's001')).toContainText('Handed in: the same');
  expect(csv.slice(1).map((r) => r.split(',')[0])).toEqual(CLASS.map(([s]) => s));
  expect(csv.filter((r) => /,flagged,/.test(r))).toHaveLength(FLAGGED);

  // The student's run, one click away: the lab opens it from its #run= link and replays it.
  const popup = page.waitForEvent('popup');
  await row(page, 's001').getByRole('link', { name: 'Open run' }).click();
  const lab = await popup;
  await expect(lab.getByRole('status').filter({ hasText: /^Replayed the run/ })).toBeVisible({ timeout: 30_000 });
  await expect(lab.getByRole('status').filter({ hasText: /differs/ })).toHaveCount(0);
  await lab.close();
  expect(consoleErrors).toEqual([]);
});

// (consoleErrors: the fixture fails the test on any console error on either page.)
test("a teacher finds the teacher's page and the sample exercise from the lab's Lessons panel", async ({
  page,
  consoleErrors: _errors,
}) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Lessons' }).click();
  const panel = page.getByRole('region', { name: 'Lessons' });
  // The sample exercise is in the build, as the file a teacher starts from (not the lab's page).
  const sample = panel.getByRole('link', { name: 'sample exercise (Figure 3)' });
  const res = await page.request.get(new URL((await sample.getAttribute('href'))!, page.url()).href);
  expect(res.status()).toBe(200);
  const text = await res.text();
  expect(text.startsWith('---')).toBe(true);
  expect(text).toContain('exercise:');
  expect(text).toBe(readFileSync(EXERCISE_FILE, 'utf8'));
  // /teacher/ (no file name) opens the marking page on any static server.
  await panel.getByRole('link', { name: "teacher's page" }).click();
  await expect(page).toHaveURL(/\/teacher\/$/);
  await expect(page.getByRole('heading', { name: 'Mark an exercise' })).toBeVisible();
  await page.getByText('How to set an exercise').click();
  await expect(page.getByRole('link', { name: 'sample exercise (Figure 3)' })).toBeVisible();
});
