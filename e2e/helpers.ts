// Shared steps of the browser tests: Figure 3's page, moving the MN with virtual time stopped,
// waiting for the handover to complete, and the order Figure 3 requires of the ladder.
import type { Locator, Page } from '@playwright/test';
import { expect } from './fixtures.ts';

export const FIG3 = '/?scenario=fig3&mode=anticipated-mobile-stateless&seed=1';

export async function arrowNames(page: Page): Promise<string[]> {
  return page
    .getByRole('group', { name: 'Message ladder' })
    .locator('g.arrow')
    .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
}

/** Runs at real time so the test does not wait on slow motion. */
export async function realTime(page: Page): Promise<void> {
  await page.getByLabel('Speed').selectOption({ label: 'Real time' });
}

/** Waits until the handover of Figure 3 has completed: the MN's binding at the CN is acknowledged. */
export async function handoverDone(page: Page): Promise<void> {
  await expect(page.getByRole('button', { name: /^BACK( status 0)? from CN to MN, sent [\d.]+ ms$/ })).toBeVisible({
    timeout: 20_000,
  });
}

/**
 * Virtual time stands still while the test moves the MN, then runs at real time. A drag made
 * while playing happens over as much virtual time as the machine takes to deliver its mouse
 * steps (0.8–1.7 s here under load): the MN then crosses the cell so slowly that its predicted
 * move misses the deadline and the handover falls back (§6.1.2) — the right protocol, but not a
 * fixed input. Paused, the whole move is one instant of the run, whatever the machine's load.
 */
export async function paused(page: Page, moveMn: () => Promise<void>): Promise<void> {
  await page.getByRole('button', { name: 'Pause' }).click();
  await moveMn();
  await realTime(page);
  await page.getByRole('button', { name: 'Play' }).click();
}

export async function dragToNar(page: Page): Promise<void> {
  await paused(page, () => dragMn(page));
}

/**
 * The element's box once it is in view and has stopped moving (the MN still glides for a frame
 * after Pause, and a notice can shift the page): a drag must start on it, as a student's would.
 * In view first: clicking a button below the fold (Pause, at 1280×720) scrolls the page, which
 * can leave the MN above the viewport, where a mouse cannot reach it.
 */
export async function settledBox(page: Page, el: Locator) {
  await el.scrollIntoViewIfNeeded();
  let box = await el.boundingBox();
  for (let i = 0; i < 40; i++) {
    await page.waitForTimeout(50);
    const next = await el.boundingBox();
    if (box && next && next.x === box.x && next.y === box.y) return next;
    box = next;
  }
  return box;
}

export async function dragMn(page: Page): Promise<void> {
  const mn = page.getByRole('slider', { name: /Mobile node MN/ });
  await expect(mn).toBeVisible();
  const start = await settledBox(page, mn);
  const box = await page.getByRole('group', { name: /Topology/ }).boundingBox();
  if (!box || !start) throw new Error('topology not laid out');
  await page.mouse.move(start.x + start.width / 2, start.y + start.height / 2);
  await page.mouse.down();
  // Figure 3's world is 520 m wide; the nAR's cell is centred at 350 m.
  await page.mouse.move(box.x + (box.width * 350) / 520, start.y + start.height / 2, { steps: 20 });
  await page.mouse.up();
  // The drag reached the MN: it stands where it was dropped (else the scripted path would carry it
  // on and the handover would happen with no move of the student's).
  await expect(mn, 'the drag moved the MN into the nAR’s cell').toHaveAttribute('aria-valuenow', /^3[4-5]\d$/);
}

/** The index of the first arrow whose name starts with `msg` (its label, flags and code included). */
export function at(names: string[], msg: string, ends: string): number {
  const i = names.findIndex((n) => (n.startsWith(`${msg} `) || n === msg) && n.includes(` from ${ends}`));
  expect(i, `${msg} from ${ends} on the ladder: ${names.join(' | ')}`).toBeGreaterThanOrEqual(0);
  return i;
}

/** The order Figure 3 and §3.1.3/§3.1.6 require. */
export function expectFigure3Order(names: string[]): void {
  const rtsolpr = at(names, 'RtSolPr', 'MN to oAR');
  const prrtadv = at(names, 'PrRtAdv', 'oAR to MN');
  const hi = at(names, 'HI', 'oAR to nAR');
  const hack = at(names, 'HACK', 'nAR to oAR');
  const fbu = at(names, 'F-BU', 'MN to oAR');
  const fback = at(names, 'F-BACK', 'oAR to MN');
  // §3.1.6: the RtSolPr triggers the PrRtAdv; the oAR sends the HI (§3.1.3, "at the same time").
  expect(rtsolpr).toBeLessThan(prrtadv);
  expect(rtsolpr).toBeLessThan(hi);
  // §5.2.2: the HACK answers the HI; the MN sends the F-BU after the PrRtAdv.
  expect(hi).toBeLessThan(hack);
  expect(prrtadv).toBeLessThan(fbu);
  // §3.1.3: the F-BACK answers the F-BU, and comes only once the HACK is in.
  expect(fbu).toBeLessThan(fback);
  expect(hack).toBeLessThan(fback);
  // After "Connect" the MN announces itself to the nAR (F-NA, or an NA if the F-BACK came on the old link).
  const announce = names.findIndex((n) => /^(F-NA|NA)\b.* from MN to nAR/.test(n));
  expect(announce, `F-NA or NA from MN to nAR after the F-BACK: ${names.join(' | ')}`).toBeGreaterThan(fback);
}

/** The ladder up to the CN's binding acknowledgement (what follows depends on how long we watch). */
export function upToCnBack(names: string[]): string[] {
  // Without the send times: two runs of the same handover by different inputs differ in when.
  const done = names.filter((n) => !n.includes('in flight')).map((n) => n.replace(/, sent [\d.]+ ms/, ''));
  return done.slice(0, done.findIndex((n) => /^BACK\b.* from CN to MN$/.test(n)) + 1);
}

/** The ladder's lifelines (their names over the drawing) that lie inside its pane, left to right. */
export const lifelinesInView = (scope: import('@playwright/test').Frame | import('@playwright/test').Locator) =>
  scope
    .locator('.scroller')
    .first()
    .evaluate((sc) => {
      const view = sc.getBoundingClientRect();
      return [...sc.querySelectorAll('.heads .head')]
        .filter((h) => {
          const b = h.getBoundingClientRect();
          return b.left >= view.left && b.right <= view.right;
        })
        .map((h) => h.textContent);
    });

/**
 * Pauses the run if it still plays. Played at real time after a move, Figure 3's run stops by
 * itself at its scenario's end (3.5 s): on a loaded machine the waits before a pause can outlast
 * that, and a click on "Pause" then finds the button already turned into "Play".
 */
export async function pauseRun(page: Page): Promise<void> {
  const pause = page.getByRole('button', { name: 'Pause' });
  const play = page.getByRole('button', { name: 'Play' });
  await expect(pause.or(play)).toBeVisible();
  if (await pause.isVisible()) await pause.click({ timeout: 2_000 }).catch(() => undefined);
  await expect(play).toBeVisible();
}

/** "Run to end" once the lab is up: the whole scenario's figure on the ladder, the run paused at its end. */
export async function runToEnd(page: Page): Promise<void> {
  await expect(page.getByRole('slider', { name: /Mobile node MN/ })).toBeVisible();
  await page.getByRole('button', { name: 'Run to end' }).click();
  await expect(page.getByRole('button', { name: 'Run to end' })).toBeDisabled({ timeout: 30_000 });
}

/** The three sizes the lab is looked at in (the guide's screenshots). */
export const SHOT_SIZES = [
  [1400, 900],
  [1280, 720],
  [390, 844],
] as const;

/**
 * With SHOTS_DIR set, screenshots of the page at each size with `target` scrolled into view, as
 * `${name}-WxH.png` (for looking at, not asserted); without it, nothing. The caller sets the size back.
 */
export async function shots(
  page: Page,
  name: string,
  target: Locator,
  sizes: readonly (readonly [number, number])[] = SHOT_SIZES,
): Promise<void> {
  const dir = process.env.SHOTS_DIR;
  if (!dir) return;
  for (const [w, h] of sizes) {
    await page.setViewportSize({ width: w, height: h });
    await target.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${dir}/${name}-${w}x${h}.png` });
  }
}
