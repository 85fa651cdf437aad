// The console as a student uses it (issue 11): typing into the terminal in real Chromium drives the
// same session as the mouse. Fixed seed; the console pauses the run on load, so nothing waits on chance.
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures.ts';
import { FIG3, arrowNames, dragToNar, handoverDone, upToCnBack } from './helpers.ts';
import { Console } from '../core/console/console.ts';
import { LabSession } from '../core/console/lab-session.ts';

const terminal = (page: Page) => page.getByRole('group', { name: 'Console' });
// What the terminal holds, read from xterm's accessibility tree (screenReaderMode): its painted
// rows (.xterm-rows) stop updating while the terminal is scrolled out of view, which under load
// left the fresh-clone CI reading a stale screen after the move had printed its line.
const screen = (page: Page) => terminal(page).locator('.xterm-accessibility-tree');

async function type(page: Page, line: string): Promise<void> {
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
  // xterm paints its rows only while the terminal is on screen: keep it there to read them.
  await terminal(page).scrollIntoViewIfNeeded();
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
  await expect(screen(page)).toContainText('MN moved from', { timeout: 20_000 });
  await type(page, 'goto end');
  await expect(screen(page)).toContainText('at 3500.000 ms');
  await handoverDone(page);
  expect(upToCnBack(await arrowNames(page))).toEqual(dragged);
  expect(consoleErrors).toEqual([]);
});

test('a move typed while load runs is run after it, and the console stays in view all along', async ({
  page,
  consoleErrors,
}) => {
  // Typed ahead, as a student types: the move waits for the load, then runs. While the new run
  // loads, the world pane keeps its drawing (dimmed): it fell to one line of text and grew back,
  // which moved the console 250 px down, out of its drawer's view — the student saw their command
  // and no answer (and xterm stops painting a terminal out of view; session 8's "hang").
  await page.goto(FIG3);
  await expect(page.getByRole('button', { name: 'Run to end' })).toBeEnabled();
  await focusConsole(page);
  await terminal(page).scrollIntoViewIfNeeded();
  await page.keyboard.type('load fig3');
  await page.keyboard.press('Enter');
  await page.keyboard.type('move MN nAR');
  await page.keyboard.press('Enter');
  // How much of the terminal is in view (inside its scrolling drawer and the window), sampled
  // until the move's answer is on screen.
  const seen = await page.evaluate(async () => {
    const term = document.querySelector('[role="group"][aria-label="Console"]')!;
    const tree = term.querySelector('.xterm-accessibility-tree')!;
    let scroller: Element | null = term.parentElement;
    while (scroller && !/(auto|scroll)/.test(getComputedStyle(scroller).overflowY)) scroller = scroller.parentElement;
    let least = Infinity;
    for (let i = 0; i < 1500 && !tree.textContent?.includes('MN moved from'); i++) {
      const r = term.getBoundingClientRect();
      const s = scroller?.getBoundingClientRect() ?? { top: 0, bottom: innerHeight };
      least = Math.min(least, Math.min(r.bottom, s.bottom, innerHeight) - Math.max(r.top, s.top, 0));
      await new Promise((f) => setTimeout(f, 20));
    }
    return { least, text: tree.textContent ?? '' };
  });
  expect(seen.text).toContain('loaded fig3');
  expect(seen.text).toContain('MN moved from');
  // At 1280×720 about 200 px of it (its last rows under the drawer's edge) stays in view the whole
  // time; before, it went down to 148 px, or out of view entirely (−35 px).
  expect(seen.least).toBeGreaterThan(170);
  expect(consoleErrors).toEqual([]);
});

test('the prompt follows the cursor, also when a new run ends where the last one did', async ({
  page,
  consoleErrors,
}) => {
  await page.goto(FIG3);
  await focusConsole(page);
  const lastPrompt = async () =>
    [...((await screen(page).textContent()) ?? '').matchAll(/fig3 ([\d.]+) ms>/g)].at(-1)?.[1];
  await type(page, 'load fig3');
  await expect(screen(page)).toContainText('loaded fig3', { timeout: 20_000 });
  await page.getByRole('button', { name: 'Run to end' }).click();
  await terminal(page).scrollIntoViewIfNeeded();
  await expect.poll(lastPrompt).toBe('3500.000');
  // A new run starts at 0 and ends at the same 3.5 s: the prompt says so each time.
  await focusConsole(page);
  await type(page, 'load fig3');
  await expect.poll(lastPrompt).toBe('0.000');
  await page.getByRole('button', { name: 'Run to end' }).click();
  await terminal(page).scrollIntoViewIfNeeded();
  await expect.poll(lastPrompt).toBe('3500.000');
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

test('one session: show reads the page\u2019s cursor; show tunnels inside the handover and after it; set marks a what-if run', async ({
  page,
  consoleErrors,
}) => {
  await page.goto(FIG3);
  await focusConsole(page);
  await type(page, 'load fig3');
  await type(page, 'move MN nAR');
  // The move is 25 drag-sized steps through the engine's worker: on a loaded machine it takes a while.
  await expect(screen(page)).toContainText('MN moved from', { timeout: 20_000 });
  // Inside the handover (the MN between links): the oAR tunnels the oCoA to the nCoA (§3.1.3).
  await type(page, 'goto 1000');
  await type(page, 'clear');
  await type(page, 'show tunnels');
  await expect(screen(page)).toContainText(/oAR +MN +tunnel +2001:db8:1::10 +2001:db8:2::10 +3 s/);
  // The console's goto moved the page's cursor.
  await expect(page.getByLabel('Time cursor')).toContainText('1000');
  // After the handover, the tunnel's lifetime is over.
  await type(page, 'goto end');
  await type(page, 'clear');
  await type(page, 'show tunnels');
  await expect(screen(page)).toContainText('no tunnels at 3500.000 ms');
  // The page's own time slider moves the same cursor: show reads the table there.
  await page.getByRole('slider', { name: 'Time' }).fill('4000');
  await focusConsole(page);
  await type(page, 'clear');
  await type(page, 'show neighbors nAR');
  await expect(screen(page)).toContainText('nAR neighbor cache (§7) at 4.000 ms');
  await expect(screen(page)).toContainText(/2001:db8:2::10 +02:00:00:00:00:10 +INCOMPLETE/);
  // inspect opens the packet in the page's inspector (packet #4 is the oAR's HI).
  await type(page, 'inspect 4');
  await expect(page.getByRole('region', { name: 'Packet inspector' }).getByRole('heading')).toHaveText(
    /^HI \[U\] — oAR → nAR$/,
  );
  // export svg draws the page's ladder at the cursor and downloads it, as the Export button does.
  const download = page.waitForEvent('download');
  await type(page, 'export svg');
  const svg = await download;
  expect(svg.suggestedFilename()).toBe('ladder-fig3.svg');
  // The ladder up to the cursor (4 ms): the HI is on it, the binding updates of later are not.
  const drawn = readFileSync(await svg.path(), 'utf8');
  expect(drawn).toContain('HI [U]');
  expect(drawn).not.toMatch(/>BU \[A\]</);
  expect(drawn).toMatch(/>F-BU \[A\]</);
  // With the export button's title: the scenario, its mode as written, the seed.
  expect(drawn).toMatch(/<title>fig3: as written \(anticipated-mobile-stateless\), seed 1<\/title>/);
  await expect(screen(page)).toContainText('downloaded ladder-fig3.svg');
  // A what-if change from the console goes through the page's settings: the banner says so.
  await type(page, 'set wired-delay 5');
  await expect(screen(page)).toContainText('what if wired-delay 5 ms');
  await expect(page.getByRole('status', { name: 'What-if run' })).toContainText('wired link delay 5 ms');
  await expect(page.getByLabel(/Wired link delay/)).toHaveValue('5');
  await type(page, 'reset');
  await expect(page.getByRole('status', { name: 'What-if run' })).toHaveCount(0);
  expect(consoleErrors).toEqual([]);
});

test('the page prints what npm run sim -- --script prints for the same commands', async ({ page, consoleErrors }) => {
  // The same commands through the console in Node (core/console/lab-session.ts, as `--script` runs them).
  const node = new Console(await LabSession.create());
  const setup = ['load fig3', 'move MN nAR'];
  for (const l of setup) await node.run(l);
  const observe = [
    'goto next HACK',
    'show neighbors nAR',
    'show buffers',
    'tcpdump -i nAR -r -v msg HI',
    'goto end',
    'show bindings',
    'show nodes',
  ];
  await page.goto(FIG3);
  await focusConsole(page);
  for (const l of setup) await type(page, l);
  await expect(screen(page)).toContainText('MN moved from', { timeout: 20_000 });
  // The screen wraps long lines at its width: compare the characters, spaces aside.
  const squash = (x: string) => x.replace(/\s+/g, '');
  for (const l of observe) {
    const expected = squash((await node.run(l)).lines.join(''));
    await type(page, 'clear');
    await type(page, l);
    await expect.poll(async () => squash((await screen(page).textContent()) ?? '')).toContain(expected);
  }
  expect(consoleErrors).toEqual([]);
});

test('a long line breaks between words, so a section number is never split across rows', async ({
  page,
  consoleErrors,
}) => {
  const node = new Console(await LabSession.create());
  for (const l of ['load fig3', 'goto end']) await node.run(l);
  const why = (await node.run('why 4')).lines;
  await page.goto(FIG3);
  await focusConsole(page);
  for (const l of ['load fig3', 'goto end', 'clear', 'why 4']) await type(page, l);
  await expect(screen(page)).toContainText('(§3.1.3)', { timeout: 20_000 });
  const rows = await screen(page).locator(':scope > div').allTextContents();
  // The terminal's width in columns: its first row is the banner, cut at the width.
  const cols = await page.evaluate(() => {
    const r = document.querySelector('.xterm-rows > div');
    return r ? (r.textContent ?? '').length : 0;
  });
  // The line is longer than the terminal is wide: it must wrap, and each word stays on one row.
  expect(Math.max(...why.map((l) => l.length))).toBeGreaterThan(cols);
  for (const w of why.join(' ').split(/\s+/).filter(Boolean))
    expect(
      rows.some((r) => r.includes(w)),
      `"${w}" whole on one row`,
    ).toBe(true);
  expect(consoleErrors).toEqual([]);
});
