// A student takes an exercise in the page (issue 13): their name draws their numbers, the lab is
// set up with them, they drag the MN and answer, and "Hand in" downloads a result file — which
// the teacher's re-check (replaying it in the engine in Node) finds matching, and which is the
// student's own: another name gives other numbers.
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { test, expect } from './fixtures.ts';
import { dragMn, handoverDone, realTime, pauseRun, shots } from './helpers.ts';
import { loadPacketCore } from '../core/wasm.ts';
import { lessonStateAt } from '../core/lesson-state.ts';
import { drawVariant, parseHandIn, recheck } from '../core/run/classroom.ts';
import { variantWords } from '../core/lesson-flow.ts';
import { EXERCISE_FILE, exercise } from '../tests/run/class-fixture.ts';

test('a student hands in an exercise with their own numbers; the replay matches every claim', async ({
  page,
  consoleErrors,
}) => {
  test.setTimeout(120_000);
  void consoleErrors;
  const { lesson } = exercise();
  await page.goto('/?testhooks=1');
  await page.getByRole('button', { name: 'Lessons' }).click();
  const panel = page.getByRole('region', { name: 'Lessons' });
  await panel.getByLabel('Lesson file').setInputFiles(EXERCISE_FILE);
  // The name first: the numbers come from it.
  await panel.getByRole('button', { name: 'Start the exercise' }).click();
  await expect(panel.getByRole('alert')).toHaveText('Type your name or student number.');
  await panel.getByLabel('Your name or student number').fill('Charles Babbage');
  await panel.getByRole('button', { name: 'Start the exercise' }).click();
  const his = variantWords(drawVariant(lesson, 'Charles Babbage'));
  await expect(panel.getByTestId('exercise-numbers')).toHaveText(`Exercise for Charles Babbage · your numbers: ${his}`);
  // A neighbour's numbers differ; a wrong name is changed, and the lab is set up with the new numbers.
  const mine = variantWords(drawVariant(lesson, 'Ada Lovelace'));
  expect(mine).not.toBe(his);
  await panel.getByRole('button', { name: 'Not you? Change the name' }).click();
  await panel.getByLabel('Your name or student number').fill('Ada Lovelace');
  await panel.getByRole('button', { name: 'Use this name' }).click();
  await expect(panel.getByTestId('exercise-numbers')).toHaveText(`Exercise for Ada Lovelace · your numbers: ${mine}`);
  const l2 = String(drawVariant(lesson, 'Ada Lovelace').l2HandoverMs);
  await expect(page.getByLabel(/^Layer-2 handover time/)).toHaveValue(l2);

  // The exercise sets the lab up paused: the drag is one instant of the run (e2e/helpers.ts).
  await dragMn(page);
  await realTime(page);
  await page.getByRole('button', { name: 'Play' }).click();
  await handoverDone(page);
  await panel.getByRole('button', { name: 'Next step' }).click();
  await expect(panel.locator('[data-check="fbu"]')).toHaveClass(/passed/, { timeout: 20_000 });
  await panel.getByRole('button', { name: 'Next step' }).click();
  await panel.getByLabel(/Your answer/).fill('123');
  await panel.getByRole('button', { name: 'Answer' }).click();
  await expect(panel.getByText(/✗ Not quite: you said 123; your run reads/)).toBeVisible();
  await pauseRun(page);

  // A reload loses nothing: the teacher's file is kept in the browser and reopens, the name is
  // remembered, and the saved run is replayed into the lab.
  await page.reload();
  if (!(await panel.isVisible())) await page.getByRole('button', { name: 'Lessons' }).click();
  await expect(panel.getByTestId('exercise-numbers')).toHaveText(`Exercise for Ada Lovelace · your numbers: ${mine}`);
  await expect(page.getByTestId('lesson-announcer')).toContainText('Your run is back in the lab, as you left it.');
  await expect(page.getByRole('button', { name: /^BACK( status 0)? from CN to MN, sent [\d.]+ ms$/ })).toBeVisible();

  await panel.getByRole('button', { name: 'Hand in…' }).click();
  await expect(panel.getByLabel('Your name or student number')).toHaveValue('Ada Lovelace');
  const download = page.waitForEvent('download');
  await panel.getByRole('button', { name: 'Download my result file' }).click();
  const d = await download;
  expect(d.suggestedFilename()).toBe('ada-lovelace.exercise-figure-3-with-your-own-numbers.fmip-result.json');
  await expect(panel.getByRole('status').filter({ hasText: /^Saved ada-lovelace/ })).toContainText(
    'Send this file to your teacher.',
  );

  const axe = await new AxeBuilder({ page }).include('#lessons-pane').analyze();
  expect(
    axe.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
  ).toEqual([]);

  await shots(page, 'exercise-handin', panel.getByRole('button', { name: 'Hand in…' }), [
    [1400, 900],
    [390, 844],
  ]);

  const h = parseHandIn(readFileSync(await d.path(), 'utf8'));
  expect(h.student).toBe('Ada Lovelace');
  expect(Object.keys(h.runs)).toEqual(['setup']);
  expect(h.runs['setup']!.moves.length).toBeGreaterThan(5);
  expect(h.claims.checks['fbu']).toBe('passed');
  expect(h.answers['latency']).toEqual({ kind: 'number', value: 123 });
  expect(h.claims.answers['latency']?.right).toBe(false);
  const v = recheck(await loadPacketCore(), lesson, h, lessonStateAt);
  expect(v.flags).toEqual([]);
  expect(v.ok).toBe(true);
  expect(v.judgement.answers['latency']?.truth).toBeGreaterThan(0);
});

test("an exercise's own numbers: said with the fields' labels, not a trap in the what-if banner, step 1 not done for a name", async ({
  page,
  consoleErrors,
}) => {
  void consoleErrors;
  const { lesson } = exercise();
  await page.goto('/?testhooks=1');
  await page.getByRole('button', { name: 'Lessons' }).click();
  const panel = page.getByRole('region', { name: 'Lessons' });
  await panel.getByLabel('Lesson file').setInputFiles(EXERCISE_FILE);
  await panel.getByLabel('Your name or student number').fill('Ada Lovelace');
  await panel.getByRole('button', { name: 'Start the exercise' }).click();
  const v = drawVariant(lesson, 'Ada Lovelace');
  await expect(panel.getByTestId('exercise-numbers')).toHaveText(
    `Exercise for Ada Lovelace · your numbers: Wired link delay ${v.wiredDelayMs} ms, Layer-2 handover time ${v.l2HandoverMs} ms`,
  );
  // Entering a name is not taking step 1 (drag the MN, play the handover).
  await expect(panel.getByRole('button', { name: /^1 ✓/ })).toHaveCount(0);
  await expect(panel.getByRole('button', { name: /^1\s*:\s*Your numbers$/ })).toBeVisible();
  // The banner says the run is not the draft's figure, but offers no way back that would throw the numbers away.
  const banner = page.getByRole('status', { name: 'What-if run' });
  await expect(banner).toContainText("These are your exercise's numbers (Wired link delay");
  const back = page.getByRole('button', { name: 'Back to the scenario as written' });
  await expect(back).toHaveCount(0);
  const axe = await new AxeBuilder({ page }).include('.banner').analyze();
  expect(axe.violations.map((x) => `${x.id}: ${x.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  await shots(page, 'exercise-banner', banner);
  await page.setViewportSize({ width: 1400, height: 900 });
  await expect(page.getByLabel(/^Layer-2 handover time/)).toHaveValue(String(v.l2HandoverMs));
  // Out of the exercise, the lab is the page's own again: the way back is offered, and works.
  await panel.getByRole('button', { name: '← All lessons' }).click();
  await back.click();
  await expect(banner).toHaveCount(0);
});
