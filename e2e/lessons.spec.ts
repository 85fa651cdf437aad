// The lessons in the page (issue 12), as a learner and a teacher meet them: a lesson beside the
// lab, step by step, checked on the learner's own run; progress that survives a reload, a crashed
// engine and an export/import; a teacher's file that can run no script; a malformed file that
// names its lines; a whole lesson taken by keyboard alone.
import type { Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { test, expect } from './fixtures.ts';
import { dragMn, handoverDone, pauseRun, realTime, shots } from './helpers.ts';

const L2 = '02-figure3-mobile-initiated';

async function openLesson2(page: Page): Promise<void> {
  await page.goto('/?testhooks=1');
  await page.getByRole('button', { name: 'Lessons' }).click();
  const panel = page.getByRole('region', { name: 'Lessons' });
  await panel.getByRole('button', { name: /^Figure 3 — the mobile-initiated/ }).click();
  await expect(panel.getByRole('heading', { name: /^Step 1 of 5/ })).toBeVisible();
}

const panelOf = (page: Page) => page.getByRole('region', { name: 'Lessons' });
const check = (page: Page, id: string) => panelOf(page).locator(`[data-check="${id}"]`);

/** Steps 2 and 3 of lesson 2: move the MN, predict the F-BU, watch the checks tick. */
async function followLesson2(page: Page, moveMn: () => Promise<void>): Promise<void> {
  const panel = panelOf(page);
  await panel.getByRole('button', { name: 'Next step' }).click();
  await expect(panel.getByRole('heading', { name: /^Step 2 of 5: Drag the MN/ })).toBeVisible();
  await moveMn();
  await realTime(page);
  await page.getByRole('button', { name: 'Play' }).click();
  // The lab holds just before the F-BU and asks.
  await expect(panel.getByText('The lab is paused before the next message.', { exact: true })).toBeVisible({
    timeout: 20_000,
  });
  await expect(page.getByTestId('lesson-announcer')).toContainText('paused before the next message');
  const fbuShown = page.getByRole('button', { name: /^F-BU\b.* from MN to oAR/ });
  await expect(fbuShown).toHaveCount(0);
  await panel.getByLabel('Message').selectOption('F-BU');
  await panel.getByLabel('From').selectOption('MN');
  await panel.getByLabel('To').selectOption('oAR');
  await panel.getByRole('button', { name: 'Check my prediction' }).click();
  await expect(panel.getByText(/✓ Right: you predicted F-BU from MN to oAR/)).toBeVisible();
  await expect(page.getByTestId('lesson-announcer')).toContainText('Right: F-BU from MN to oAR');
  // Played: the F-BU is on the ladder now.
  await expect(fbuShown.first()).toBeVisible();

  await panel.getByRole('button', { name: 'Next step' }).click();
  await expect(panel.getByRole('heading', { name: /^Step 3 of 5: Watch the ladder/ })).toBeVisible();
  await page.getByRole('button', { name: 'Play' }).click();
  for (const id of [
    'ask',
    'hi-hack',
    'fbu',
    'fback-after-fbu',
    'plain-na',
    'no-fna',
    'no-dad',
    'no-loss',
    'tunnel',
    'nar-buffers',
    'ha-binding',
  ])
    await expect(check(page, id), `check ${id}`).toHaveClass(/passed/, { timeout: 20_000 });
  await expect(page.getByTestId('lesson-announcer')).toContainText('Check passed');
}

const chip = (page: Page, n: number) => panelOf(page).getByRole('button', { name: new RegExp(`^${n}( ✓| ✗)?\\s*:`) });

test("lesson 2 taken as written: step 1's Play leaves step 2 its drag; steps tick only once reached; a wrong prediction is tried again", async ({
  page,
  consoleErrors,
}) => {
  void consoleErrors;
  await openLesson2(page);
  const panel = panelOf(page);
  // Opening the lesson does not tick its first step.
  await expect(chip(page, 1)).toHaveAccessibleName(/^1\s*:\s*The MN knows where it goes$/);
  // Step 1 says "Press Play": the figure's own path runs its handover to the end.
  await realTime(page);
  await page.getByRole('button', { name: 'Play' }).click();
  await handoverDone(page);
  await pauseRun(page);
  // Step 3's checks ("Watch the ladder") wait for step 3: nothing beyond step 1 is ticked.
  for (const n of [2, 3, 4, 5]) await expect(chip(page, n), `step ${n}`).toHaveAccessibleName(/^\d\s*:[^,✓✗]+$/);
  await panel.getByRole('button', { name: 'Next step' }).click();
  await expect(panel.getByRole('heading', { name: /^Step 2 of 5: Drag the MN/ })).toBeVisible();
  await expect(chip(page, 1)).toHaveAccessibleName(/^1 ✓\s*:\s*The MN knows where it goes, done$/);
  // The run had gone past the drag and the prediction: step 2 starts from its setup, the MN back in the oAR's cell.
  await expect(page.getByTestId('lesson-announcer')).toContainText('set up again for this step');
  await expect(panel.getByText('The lab is paused before the next message.', { exact: true })).toHaveCount(0);
  if (process.env.SHOTS_DIR)
    await page.screenshot({ path: `${process.env.SHOTS_DIR}/lesson2-step2-after-play-1400x900.png` });
  await dragMn(page);
  await realTime(page);
  await page.getByRole('button', { name: 'Play' }).click();
  await expect(panel.getByText('The lab is paused before the next message.', { exact: true })).toBeVisible({
    timeout: 20_000,
  });
  // A wrong prediction, then "Try again": the lab goes back before the message and asks again.
  await panel.getByLabel('Message').selectOption('NA');
  await panel.getByLabel('From').selectOption('MN');
  await panel.getByLabel('To').selectOption('nAR');
  await panel.getByRole('button', { name: 'Check my prediction' }).click();
  await expect(panel.getByText(/✗ Not quite: you predicted NA from MN to nAR/)).toBeVisible();
  await expect(chip(page, 2)).toHaveAccessibleName(/, done, answered wrongly$/);
  await shots(page, 'lesson2-wrong', panel.getByRole('button', { name: 'Try again' }));
  await page.setViewportSize({ width: 1400, height: 900 });
  await panel.getByRole('button', { name: 'Try again' }).click();
  await expect(panel.getByText('The lab is paused before the next message.', { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: /^F-BU\b.* from MN to oAR/ })).toHaveCount(0);
  await expect(panel.getByTestId('wrong-before')).toContainText('Your first answer here was wrong');
  await panel.getByLabel('Message').selectOption('F-BU');
  await panel.getByLabel('From').selectOption('MN');
  await panel.getByLabel('To').selectOption('oAR');
  await panel.getByRole('button', { name: 'Check my prediction' }).click();
  await expect(panel.getByText(/✓ Right: you predicted F-BU from MN to oAR/)).toBeVisible();
  // Honest: the step says its first answer was wrong, and a reload keeps that.
  await expect(chip(page, 2)).toHaveAccessibleName(/, done, right after a wrong answer$/);
  await shots(page, 'lesson2-try-again', panel.getByTestId('wrong-before'));
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.reload();
  await expect(chip(page, 2)).toHaveAccessibleName(/, done, right after a wrong answer$/);
  // Step 3 is judged once open: its checks tick on the learner's run.
  await panel.getByRole('button', { name: 'Next step' }).click();
  await page.getByRole('button', { name: 'Play' }).click();
  await expect(check(page, 'ask')).toHaveClass(/passed/, { timeout: 20_000 });
});

async function expectLesson2Kept(page: Page): Promise<void> {
  const panel = panelOf(page);
  await expect(panel.getByRole('heading', { name: /^Step 3 of 5/ })).toBeVisible();
  for (const id of ['ask', 'fbu', 'no-fna', 'no-loss']) await expect(check(page, id)).toHaveClass(/passed/);
  await panel.getByRole('button', { name: /^2 ✓/ }).click();
  await expect(panel.getByText(/✓ Right: you predicted F-BU from MN to oAR/)).toBeVisible();
  await panel.getByRole('button', { name: /^3 ✓/ }).click();
}

test('lesson 2: follow its steps, predict the F-BU, see the checks tick; progress survives reload, a crash and export/import', async ({
  page,
  consoleErrors,
}) => {
  void consoleErrors;
  await openLesson2(page);
  await expect(page).toHaveURL(new RegExp(`#lesson=${L2}&step=1$`));
  // The topology and the ladder stay in view beside the lesson.
  await expect(page.getByRole('group', { name: /Topology/ })).toBeInViewport();
  await expect(page.getByRole('group', { name: 'Message ladder' })).toBeInViewport();

  // The lab is paused after the step's setup: the drag is one instant of the run (e2e/helpers.ts).
  await followLesson2(page, () => dragMn(page));
  // The number question, read from the learner's own run (the Measures panel shows it).
  await panelOf(page).getByRole('button', { name: 'Next step' }).click();
  const l3 = await page
    .getByRole('region', { name: 'Measures' })
    .locator('tbody tr')
    .first()
    .locator('td[data-col="l3"]')
    .innerText();
  await panelOf(page)
    .getByLabel(/Your answer/)
    .fill(l3.replace(/[^\d.]/g, ''));
  await panelOf(page).getByRole('button', { name: 'Answer' }).click();
  await expect(panelOf(page).getByText(/✓ Right: you said/)).toBeVisible();
  await panelOf(page).getByRole('button', { name: /^3\b/ }).click();

  // Reload: the lesson, the step and the progress are there.
  await page.reload();
  await expectLesson2Kept(page);
  // And so is the learner's own run: their drag, not the scenario's scripted path (which reads
  // another latency), so the number they answered is still the one the table shows.
  await expect(
    page.getByRole('region', { name: 'Measures' }).locator('tbody tr').first().locator('td[data-col="l3"]'),
  ).toHaveText(l3, { timeout: 20_000 });

  // The engine crashes: the progress is still there, and still there after a reload.
  await page.evaluate(() => (window as unknown as { fmipLab: { crash(): void } }).fmipLab.crash());
  await expect(page.getByText('The engine has stopped.')).toBeVisible();
  await expectLesson2Kept(page);
  await page.reload();
  await expectLesson2Kept(page);

  // Export, reset (it asks first), import: the progress is back.
  const panel = panelOf(page);
  await panel.getByRole('button', { name: '← All lessons' }).click();
  const download = page.waitForEvent('download');
  await panel.getByRole('button', { name: 'Export progress' }).click();
  const file = await (await download).path();
  await panel.getByRole('button', { name: /^Figure 3 — the mobile-initiated/ }).click();
  await panel.getByRole('button', { name: 'Reset lesson' }).click();
  await expect(panel.getByText('Forget your answers and checks on this lesson?')).toBeVisible();
  await panel.getByRole('button', { name: 'Cancel' }).click();
  await expect(check(page, 'fbu')).toHaveClass(/passed/);
  await panel.getByRole('button', { name: 'Reset lesson' }).click();
  await panel.getByRole('button', { name: 'Yes, reset the lesson' }).click();
  await expect(panel.getByRole('heading', { name: /^Step 1 of 5/ })).toBeVisible();
  // No step counts as done again (the first, with nothing to answer, only once left): the answers and checks are gone.
  await expect(panel.getByText('0 of 5 steps done')).toBeVisible();
  await expect(panel.getByRole('button', { name: /^2\s*:\s*Drag the MN/ })).toBeVisible();
  await panel.getByRole('button', { name: '← All lessons' }).click();
  await panel.getByLabel('Progress file').setInputFiles(file);
  await expect(panel.getByText(/3 of 5 steps done|4 of 5 steps done/)).toBeVisible();
  await panel.getByRole('button', { name: /^Figure 3 — the mobile-initiated/ }).click();
  await expectLesson2Kept(page);
});

const HOSTILE = `---
title: "A hostile lesson <script>window.__pwned = 1</script>"
sections: ['3.1']
goals:
  - "<img src=x onerror=\\"window.__pwned = 2\\">"
steps:
  - id: one
    title: One
    setup: { scenario: fig3 }
    text: |
      Some **bold** text, then a script: <script>alert('script')</script>

      <img src="x" onerror="alert('onerror')">

      [a javascript link](javascript:alert('link')) and <a href="javascript:alert('a')">another</a>

      <svg><script>alert('svg')</script><circle r="5" onload="alert('svgload')"/></svg>

      <iframe src="javascript:alert('iframe')"></iframe>

      A [safe link](https://datatracker.ietf.org/) to the draft.
    question:
      kind: choice
      prompt: "<b onmouseover=alert(1)>Which?</b>"
      choices: ['<script>alert(2)</script>', 'Two']
      answer: 1
    checks:
      - { id: ask, text: "The MN asks <script>alert(3)</script>", kind: sent, msg: RtSolPr, from: MN }
      - { id: wrong, text: The F-BU goes to the nAR., kind: sent, msg: F-BU, from: MN, to: nAR }
---

Body <script>alert('body')</script> <img src=x onerror=alert('body-img')>
`;

test('a hostile lesson file runs nothing, and the rest of it works', async ({ page }) => {
  const errors: string[] = [];
  const dialogs: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto('/');
  await page.getByRole('button', { name: 'Lessons' }).click();
  const panel = panelOf(page);
  await panel.getByLabel('Lesson file').setInputFiles({
    name: 'hostile.md',
    mimeType: 'text/markdown',
    buffer: Buffer.from(HOSTILE),
  });
  await expect(panel.getByRole('heading', { name: /A hostile lesson <script>/ })).toBeVisible();
  const step = panel.locator('article.step');
  await expect(step.locator('strong', { hasText: 'bold' })).toBeVisible();
  await expect(step.getByRole('link', { name: 'safe link' })).toHaveAttribute('rel', /noopener/);
  await expect(step.getByRole('link', { name: 'safe link' })).toHaveAttribute('target', '_blank');
  // Nothing dangerous reached the page.
  expect(await panel.locator('script, iframe, svg, [onerror], [onload], [onmouseover]').count()).toBe(0);
  for (const href of await panel.locator('a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href'))))
    expect(href).not.toMatch(/^\s*javascript:/i);
  // Hover and click what was there, then use the lesson: its question still works.
  await step.getByText('a javascript link').click();
  await panel.locator('p.prompt').hover();
  await panel.getByLabel('Two').check();
  await panel.getByRole('button', { name: 'Answer' }).click();
  await expect(panel.getByText('✓ Right.')).toBeVisible();
  // Its checks are judged on the run: one ticks, the other says what was seen instead.
  await page.getByRole('button', { name: 'Run to end' }).click();
  await expect(check(page, 'ask')).toHaveClass(/passed/, { timeout: 20_000 });
  await expect(check(page, 'ask')).toContainText('The MN asks <script>alert(3)</script>');
  await expect(check(page, 'wrong')).toHaveClass(/failed/, { timeout: 20_000 });
  await expect(check(page, 'wrong')).toContainText(
    'Seen: 0 × F-BU from MN to nAR sent (needed 1); seen instead: F-BU from MN to oAR',
  );
  await page.waitForTimeout(300); // let any (removed) handler have its chance to run
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(dialogs).toEqual([]);
  expect(errors).toEqual([]);
});

test("a teacher's lesson file is kept in the browser across a reload, with its progress, until removed", async ({
  page,
  consoleErrors,
}) => {
  void consoleErrors;
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('dialog', (d) => void d.dismiss().then(() => errors.push(`dialog: ${d.message()}`)));
  await page.goto('/');
  await page.getByRole('button', { name: 'Lessons' }).click();
  const panel = panelOf(page);
  await panel.getByLabel('Lesson file').setInputFiles({
    name: 'hostile.md',
    mimeType: 'text/markdown',
    buffer: Buffer.from(HOSTILE),
  });
  const heading = panel.getByRole('heading', { name: /A hostile lesson <script>/ });
  await expect(heading).toBeVisible();
  await panel.getByLabel('Two').check();
  await panel.getByRole('button', { name: 'Answer' }).click();
  await expect(panel.getByText('✓ Right.')).toBeVisible();

  // A reload (or a closed tab) brings the same lesson back, open where it was, answer kept;
  // it is parsed and sanitised again, so it still runs nothing.
  await page.reload();
  await expect(heading).toBeVisible();
  await expect(panel.getByText('✓ Right.')).toBeVisible();
  expect(await panel.locator('script, iframe, svg, [onerror], [onload], [onmouseover]').count()).toBe(0);
  await panel.getByRole('button', { name: '← All lessons' }).click();
  const mine = panel.getByRole('button', { name: /^Your lesson: A hostile lesson/ });
  await expect(mine).toBeVisible();

  // Removed: gone from the list, and still gone after a reload.
  await panel.getByRole('button', { name: /^Remove your lesson A hostile lesson/ }).click();
  await expect(mine).toHaveCount(0);
  await page.reload();
  await page.getByRole('button', { name: 'Lessons' }).click();
  await expect(panel.getByRole('button', { name: /^Figure 3 — the mobile-initiated/ })).toBeVisible();
  await expect(mine).toHaveCount(0);

  // A saved file that no longer parses (edited storage) is named in a notice and dropped; the course works.
  await page.evaluate(() =>
    localStorage.setItem(
      'fmip-lab:custom-lesson:v1',
      JSON.stringify({ source: 'old.md', text: '---\ntitle: x\n---\n' }),
    ),
  );
  await page.reload();
  await page.getByRole('button', { name: 'Lessons' }).click();
  await expect(panel.getByRole('status')).toContainText('The lesson file old.md saved in this browser no longer opens');
  expect(await page.evaluate(() => localStorage.getItem('fmip-lab:custom-lesson:v1'))).toBeNull();
  await panel.getByRole('button', { name: /^Figure 3 — the mobile-initiated/ }).click();
  await expect(panel.getByRole('heading', { name: /^Step 1 of 5/ })).toBeVisible();
  await page.waitForTimeout(300); // let any (removed) handler have its chance to run
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(errors).toEqual([]);
});

test('a malformed lesson shows its errors with line numbers and leaves the current lesson and progress alone', async ({
  page,
  consoleErrors,
}) => {
  void consoleErrors;
  await page.goto(`/#lesson=${L2}&step=5`);
  const panel = panelOf(page);
  await expect(panel.getByRole('heading', { name: /^Step 5 of 5: NA or F-NA/ })).toBeVisible();
  // Some progress to keep: the step's question answered.
  await panel.getByLabel(/Because the MN had already received the F-BACK/).check();
  await panel.getByRole('button', { name: 'Answer' }).click();
  await expect(panel.getByText('✓ Right.')).toBeVisible();
  const bad = [
    '---',
    'title: Broken',
    "sections: ['3.1']",
    'goals: [one]',
    'steps:',
    '  - id: a',
    '    title: A',
    '    setup: { scenario: fig3 }',
    '    checks:',
    '      - { id: c1, text: T, kind: maybe }',
    '      - { id: c2, text: T, kind: sent, msg: F-BUU }',
    '---',
    '',
  ].join('\n');
  // Matched on the path: a glob like '**/teacher/broken.md' also matches the page's own URL
  // '/?lesson=/teacher/broken.md', and would serve the markdown as the page (unless the service
  // worker happened to be serving navigations by then).
  await page.route(
    (url) => url.pathname === '/teacher/broken.md',
    (r) => r.fulfill({ body: bad, contentType: 'text/markdown' }),
  );
  await panel.getByRole('button', { name: '← All lessons' }).click();
  const before = await panel.locator('.course').innerText();
  expect(before).toContain('1 of 5 steps done');
  await panel
    .getByLabel('Lesson file')
    .setInputFiles({ name: 'broken.md', mimeType: 'text/markdown', buffer: Buffer.from(bad) });
  const alert = panel.getByRole('alert');
  await expect(alert).toContainText('The lesson file broken.md was not opened');
  await expect(alert).toContainText('line 10, steps[0].checks[0].kind');
  await expect(alert).toContainText('unknown check kind "maybe"');
  await expect(alert).toContainText('line 11, steps[0].checks[1].msg');
  await expect(alert).toContainText('unknown message name "F-BUU"');
  // Bad YAML: its line.
  await panel.getByLabel('Lesson file').setInputFiles({
    name: 'yaml.md',
    mimeType: 'text/markdown',
    buffer: Buffer.from('---\ntitle: x\nsteps: [\n  - id: a\n---\n'),
  });
  await expect(alert).toContainText('The lesson file yaml.md was not opened');
  await expect(alert).toContainText(/line \d+: YAML/);
  // Dropped on the panel: the same validation.
  const dropped = await page.evaluateHandle((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'dropped.md', { type: 'text/markdown' }));
    return dt;
  }, bad);
  await panel.dispatchEvent('drop', { dataTransfer: dropped });
  await expect(alert).toContainText('The lesson file dropped.md was not opened');
  await expect(alert).toContainText('line 10, steps[0].checks[0].kind');
  // The course, the progress and the lesson are untouched.
  expect(await panel.locator('.course').innerText()).toBe(before);
  await panel.getByRole('button', { name: /^Figure 3 — the mobile-initiated/ }).click();
  await expect(panel.getByRole('heading', { name: /^Step 5 of 5/ })).toBeVisible();
  await expect(panel.getByText('✓ Right.')).toBeVisible();

  // The same file from a same-origin URL parameter; another origin is refused by name.
  await page.goto('/?lesson=/teacher/broken.md');
  // The Lessons panel loads on demand, then fetches the file: slow on a loaded machine.
  await expect(panelOf(page).getByRole('alert')).toContainText('line 10, steps[0].checks[0].kind', {
    timeout: 20_000,
  });
  await page.goto('/?lesson=https://example.com/x.md');
  await expect(panelOf(page).getByRole('status')).toContainText('is not this site');
  // A bad deep link is named.
  await page.goto('/#lesson=99-nothing&step=1');
  await expect(panelOf(page).getByRole('status')).toContainText('The link names no lesson of the course: "99-nothing"');
  await page.goto(`/#lesson=${L2}&step=9`);
  await expect(panelOf(page).getByRole('status')).toContainText('step "9" is not a step of lesson');
});

test('keyboard alone takes lesson 2; predictions and checks are announced politely', async ({
  page,
  consoleErrors,
}) => {
  void consoleErrors;
  await page.goto('/');
  const press = async (name: string | RegExp, key = 'Enter') =>
    page
      .getByRole('button', { name, exact: typeof name === 'string' })
      .first()
      .press(key);
  await press('Lessons');
  const panel = panelOf(page);
  await panel.getByRole('button', { name: /^Figure 3 — the mobile-initiated/ }).press('Enter');
  await press('Next step');
  // "Move to cell" by keyboard: the select and the button.
  const cell = page.getByLabel('Move to cell');
  await cell.focus();
  await page.keyboard.press('ArrowDown'); // oAR
  await page.keyboard.press('ArrowDown'); // nAR
  await expect(cell).toHaveValue('nAR');
  await press('Move MN');
  await page.getByLabel('Speed').focus();
  await page.getByLabel('Speed').selectOption({ label: 'Real time' });
  await press('Play', ' ');
  await expect(panel.getByText('The lab is paused before the next message.', { exact: true })).toBeVisible({
    timeout: 20_000,
  });
  await expect(page.getByTestId('lesson-announcer')).toHaveAttribute('aria-live', 'polite');
  // The lesson panel, with its prediction form open, has no accessibility violations axe can find.
  const axe = await new AxeBuilder({ page }).include('#lessons-pane').analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  for (const [label, value] of [
    ['Message', 'F-BU'],
    ['From', 'MN'],
    ['To', 'oAR'],
  ] as const) {
    await panel.getByLabel(label).focus();
    await panel.getByLabel(label).selectOption(value);
  }
  await press('Check my prediction');
  await expect(page.getByTestId('lesson-announcer')).toContainText('Right: F-BU from MN to oAR');
  await press('Next step');
  await press('Play', ' ');
  await expect(check(page, 'no-loss')).toHaveClass(/passed/, { timeout: 20_000 });
  await expect(page.getByTestId('lesson-announcer')).toContainText('Check passed');
  // The number question: typed, and Enter submits it.
  await press('Next step');
  const l3 = await page
    .getByRole('region', { name: 'Measures' })
    .locator('tbody tr')
    .first()
    .locator('td[data-col="l3"]')
    .innerText();
  const answer = panel.getByLabel(/Your answer/);
  await answer.focus();
  await answer.pressSequentially(l3.replace(/[^\d.]/g, ''));
  await answer.press('Enter');
  await expect(panel.getByText(/✓ Right: you said/)).toBeVisible();
  await press('Next step');
  await panel.getByLabel(/Because the MN had already received the F-BACK/).press('Space');
  await press('Answer');
  await expect(panel.getByText('✓ Right.')).toBeVisible();
  // The whole lesson is done.
  await expect(panel.getByText('5 of 5 steps done')).toBeVisible();
  // "Reset lesson" asks first, and the question has the focus on its safe answer.
  await press('Reset lesson');
  await expect(panel.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(panel.getByText('✓ Right.')).toBeVisible();
});

test('the last step of a lesson says so and offers the next lesson', async ({ page, consoleErrors }) => {
  await page.goto(`/#lesson=${L2}&step=5`);
  const panel = panelOf(page);
  await expect(panel.getByRole('heading', { name: /^Step 5 of 5/ })).toBeVisible();
  await expect(panel.getByRole('button', { name: 'Next step' })).toBeDisabled();
  await expect(panel).toContainText(
    /That was the last step of this lesson( \(steps done: \d of 5\)|, and every step is done ✓)\./,
  );
  await panel.getByRole('button', { name: /^Next lesson: Figure 1/ }).click();
  await expect(panel.getByRole('heading', { name: /^Step 1 of \d+/ })).toBeVisible();
  await expect(page).toHaveURL(/#lesson=03-figure1-network-initiated&step=1$/);
  await expect(panel).not.toContainText('That was the last step');
  expect(consoleErrors).toEqual([]);
});
