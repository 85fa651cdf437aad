// The console as a student uses it (issue 11): typing into the terminal in real Chromium drives the
// same session as the mouse. Fixed seed; the console pauses the run on load, so nothing waits on chance.
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures.ts';
import { FIG3, arrowNames, dragToNar, handoverDone, upToCnBack } from './helpers.ts';

const terminal = (page: Page) => page.getByRole('group', { name: 'Console' });
const screen = (page: Page) => terminal(page).locator('.xterm-rows');

async function type(page: Page, line: string): Promise<void> {
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}

async function focusConsole(page: Page): Promise<void> {
  await page.getByRole('textbox', { name: /^Console command line/ }).focus();
}

test('load, move, goto end in the console gives the same ladder as dragging', async ({ page, consoleErrors }) => {
  await page.goto(FIG3);
  await dragToNar(page);
  await handoverDone(page);
  const dragged = upToCnBack(await arrowNames(page));

  await page.goto(FIG3);
  await focusConsole(page);
  await type(page, 'load fig3');
  await expect(screen(page)).toContainText('loaded fig3');
  await type(page, 'move MN nAR');
  await expect(screen(page)).toContainText('MN moved from');
  await type(page, 'goto end');
  await expect(screen(page)).toContainText('at 3500.000 ms');
  await handoverDone(page);
  expect(upToCnBack(await arrowNames(page))).toEqual(dragged);
  expect(consoleErrors).toEqual([]);
});

test('tcpdump, Ctrl-C, Tab completion, a bad command, and leaving with Escape then Tab', async ({
  page,
  consoleErrors,
}) => {
  await page.goto(FIG3);
  await focusConsole(page);
  // Tab completes `sh` to `show`.
  await page.keyboard.type('sh');
  await page.keyboard.press('Tab');
  await expect(screen(page)).toContainText('> show');
  await page.keyboard.press('Control+U');
  // A bad command: one error line, what was wrong and what would be right.
  await type(page, 'move MN nAR2');
  await expect(screen(page)).toContainText('move: no cell "nAR2"; cells: oAR, nAR');
  await type(page, 'load fig3');
  await type(page, 'move MN nAR');
  await type(page, 'tcpdump -i nAR msg HI');
  await expect(screen(page)).toContainText('listening on nAR, filter "msg HI"');
  // tcpdump owns the terminal: the page's own Play button runs the same session.
  await page.getByRole('button', { name: 'Play' }).click();
  await focusConsole(page);
  await expect(screen(page)).toContainText(/nAR In +IP6 2001:db8:1::1 > 2001:db8:2::1: ICMP6 HI \[U\]/);
  await page.keyboard.press('Control+C');
  await expect(screen(page)).toContainText('1 packet captured');
  // The prompt is back: commands run again.
  await type(page, 'pause');
  await expect(screen(page)).toContainText('paused at');
  // Escape then Tab leaves the terminal.
  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  const inside = await page.evaluate(() => !!document.activeElement?.closest('.xterm'));
  expect(inside).toBe(false);
  expect(consoleErrors).toEqual([]);
});
