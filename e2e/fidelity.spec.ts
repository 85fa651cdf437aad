// What the page shows is the scenario as written (issue 9): each figure picked in a fresh profile
// runs its own modes; a changed mode is marked as a departure, and "Back to the scenario as
// written" gives the figure's ladder back exactly; "Run to end" shows the whole figure at once;
// the inspector says why (or that no reason was recorded) and reads like Wireshark's.
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures.ts';
import { arrowNames } from './helpers.ts';

/** Runs the scenario's script to its end and returns the ladder's arrows (their accessible names). */
async function runToEnd(page: Page): Promise<string[]> {
  await expect(page.getByRole('slider', { name: /Mobile node MN/ })).toBeVisible();
  await page.getByRole('button', { name: 'Run to end' }).click();
  await expect(page.getByRole('button', { name: 'Run to end' })).toBeDisabled({ timeout: 30_000 });
  return (await arrowNames(page)).filter((n) => !n.includes('in flight'));
}

test('figures run as written; a changed mode is a marked departure, and going back restores the ladder exactly', async ({
  browser,
}) => {
  // Five whole runs of a figure (each a few seconds of engine time on a loaded machine).
  test.setTimeout(240_000);
  // A fresh profile, as a new student's browser (and the remembered settings of the previous
  // figure must not change the next one).
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
  page.on('pageerror', (e) => errors.push(String(e)));

  // Figure 1 (network-initiated, §3.1.3): no RtSolPr; the oAR starts with PrRtAdv and HI.
  await page.goto('/?scenario=fig1&seed=1');
  const fig1 = await runToEnd(page);
  expect(
    fig1.some((n) => n.startsWith('RtSolPr')),
    fig1.join(' | '),
  ).toBe(false);
  expect(fig1.some((n) => /^PrRtAdv\b.* from oAR to MN/.test(n))).toBe(true);
  expect(fig1.some((n) => /^HI\b.* from oAR to nAR/.test(n))).toBe(true);
  await expect(page.getByRole('status', { name: 'What-if run' })).toHaveCount(0);

  // Figure 2, picked from the scenario control: the stateful HI carries the S flag (§3.1.4).
  await page.getByLabel('Scenario').selectOption('fig2');
  const fig2 = await runToEnd(page);
  expect(
    fig2.some((n) => /^HI \[[^\]]*S[^\]]*\] from oAR to nAR/.test(n)),
    fig2.join(' | '),
  ).toBe(true);
  expect(fig2.some((n) => n.startsWith('RtSolPr'))).toBe(false);

  // Figure 7 (tunnel-based, §3.3): HI/HACK with H, no F-BU, no RtSolPr, no BU.
  await page.getByLabel('Scenario').selectOption('fig7');
  await expect(page.getByLabel('Handover mode')).toHaveValue('beth');
  const fig7 = await runToEnd(page);
  expect(
    fig7.some((n) => /^HI \[[^\]]*H[^\]]*\] from oAR to nAR/.test(n)),
    fig7.join(' | '),
  ).toBe(true);
  for (const msg of ['F-BU', 'BU ', 'F-BACK'])
    expect(
      fig7.some((n) => n.startsWith(msg)),
      `${msg} in Figure 7: ${fig7.join(' | ')}`,
    ).toBe(false);
  // No RtSolPr or PrRtAdv at all: the figure begins after the §4.1 capability exchange (I-34).
  expect(fig7.filter((n) => n.startsWith('RtSolPr') || n.startsWith('PrRtAdv'))).toEqual([]);

  // What if: the anticipated mode over Figure 7 — marked, and the F-BU appears.
  await page.getByLabel('Handover mode').selectOption('anticipated-mobile-stateless');
  const mark = page.getByRole('status', { name: 'What-if run' });
  await expect(mark).toContainText(/^Figure 7, run in anticipated mode .*: not the draft's figure\./);
  // The scenario's description is of Figure 7 as written, and says what this run sets otherwise.
  await expect(page.getByRole('form', { name: 'Controls' })).toContainText(
    'The scenario as written (this run sets the handover mode differently): ',
  );
  const whatIf = await runToEnd(page);
  expect(whatIf.some((n) => n.startsWith('F-BU'))).toBe(true);

  // Back to the scenario as written: the mark goes, and the ladder is Figure 7's again, exactly.
  await mark.getByRole('button', { name: 'Back to the scenario as written' }).click();
  await expect(mark).toHaveCount(0);
  await expect(page.getByLabel('Handover mode')).toHaveValue('beth');
  await expect(page.getByRole('form', { name: 'Controls' })).not.toContainText('The scenario as written (');
  expect(await runToEnd(page)).toEqual(fig7);

  // Opening the lab again (no URL parameters) remembers Figure 7 as written, not the mode tried on it.
  await page.goto('/');
  await expect(page.getByLabel('Scenario')).toHaveValue('fig7');
  await expect(page.getByLabel('Handover mode')).toHaveValue('beth');
  await expect(page.getByRole('status', { name: 'What-if run' })).toHaveCount(0);
  expect(errors, 'console errors on the page').toEqual([]);
  await context.close();
});

/**
 * The other figures, each picked from the scenario control and run to its end: the messages the
 * draft's figure draws, in its order (a subsequence of the ladder's arrows, by accessible name),
 * and none of the messages it does not draw.
 */
const FIGURES: { id: string; order: RegExp[]; none: string[] }[] = [
  {
    // Figure 3 (§3.1.1): RtSolPr, PrRtAdv, F-BU, F-BACK on the MN's side; HI(U)/HACK between the ARs;
    // an NA on the new link, since the F-BACK came first (I-31); then the BU home ([MIPv6]).
    id: 'fig3',
    order: [
      /^RtSolPr from MN to oAR/,
      /^PrRtAdv\b.* from oAR to MN/,
      /^F-BU \[A\] from MN to oAR/,
      /^F-BACK\b.* from oAR to MN/,
      /^NA \[O\] from MN to nAR/,
      /^BU \[A,H\] from MN to HA/,
    ],
    none: ['HI [S', 'F-NA'],
  },
  {
    // Figure 4 (§3.2): the MN already moved aAR → oAR keeping the aAR's CoA; moving on to the nAR,
    // its F-BU goes to the aAR, which answers and tunnels to the nAR; NA on the new link (I-31).
    id: 'fig4',
    order: [
      /^RtSolPr from MN to oAR/,
      /^HI \[U\] from oAR to nAR/,
      /^F-BU \[A\] from MN to aAR/,
      /^F-BACK\b.* from aAR to MN/,
      /^NA \[O\] from MN to nAR/,
    ],
    none: ['HI [S'],
  },
  {
    // Figure 8 (§3.3): the nAR's L2-TT: HI(T) to the oAR, HACK(T) back; nothing over the air.
    id: 'fig8',
    order: [/^HI \[T\] from nAR to oAR/, /^HACK \[T\].* from oAR to nAR/],
    none: ['RtSolPr', 'PrRtAdv', 'F-BU', 'F-BACK', 'BU ', 'F-NA'],
  },
  {
    // Figure 10 (§3.4): HI(H)/HACK(H) aAR–oAR, HTT to the nAR, HI(t)/HACK(t) nAR–aAR, HI(r)/HACK(r).
    id: 'fig10',
    order: [
      /^HI \[H\] from aAR to oAR/,
      /^HTT \[H,T\] from oAR to nAR/,
      /^HI \[T\] from nAR to aAR/,
      /^HACK \[T\].* from aAR to nAR/,
      /^HI \[R\] from oAR to aAR/,
      /^HACK \[R\].* from aAR to oAR/,
    ],
    none: ['RtSolPr', 'PrRtAdv', 'F-BU', 'F-BACK', 'F-NA'],
  },
  {
    // Figure 11 (§3.4 step 2b): the nAR's HI(t) to the oAR is answered by an HTT (I-33 item 3).
    id: 'fig11',
    order: [
      /^HI \[T\] from nAR to oAR/,
      /^HTT \[H,T\] from oAR to nAR/,
      /^HI \[T\] from nAR to aAR/,
      /^HI \[R\] from oAR to aAR/,
    ],
    none: ['RtSolPr', 'PrRtAdv', 'F-BU', 'F-BACK', 'F-NA'],
  },
  {
    // Figure 12 (§3.4.1): AR1, the MN's current AR, renews with AR2: HI(r), HACK(r).
    id: 'fig12',
    order: [/^HI \[R\] from AR1 to AR2/, /^HACK \[R\].* from AR2 to AR1/],
    none: ['RtSolPr', 'PrRtAdv', 'F-BU', 'F-BACK', 'F-NA'],
  },
];

test('figures 3, 4, 8, 10, 11 and 12 as drawn: their messages in order, none they do not draw', async ({ browser }) => {
  test.setTimeout(240_000);
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto('/');
  for (const f of FIGURES) {
    await page.getByLabel('Scenario').selectOption(f.id);
    const names = await runToEnd(page);
    let at = 0;
    for (const re of f.order) {
      const i = names.findIndex((n, k) => k >= at && re.test(n));
      expect(i, `${f.id}: ${re} after arrow ${at} in ${names.join(' | ')}`).toBeGreaterThanOrEqual(0);
      at = i + 1;
    }
    for (const msg of f.none)
      expect(
        names.filter((n) => n.startsWith(msg)),
        `${f.id} draws no ${msg}`,
      ).toEqual([]);
    await expect(page.getByRole('status', { name: 'What-if run' })).toHaveCount(0);
  }
  expect(errors).toEqual([]);
  await context.close();
});

test('the inspector: why, flags bit by bit, reserved bytes named, hex pairs with an ASCII column', async ({
  page,
  consoleErrors,
}) => {
  test.setTimeout(120_000);
  await page.goto('/?scenario=fig3&seed=1');
  await runToEnd(page);
  await page
    .getByRole('group', { name: 'Message ladder' })
    .getByRole('button', { name: /^HI\b.* from oAR to nAR, sent [\d.]+ ms$/ })
    .click();
  const inspector = page.getByRole('region', { name: 'Packet inspector' });
  await expect(inspector.getByRole('heading')).toContainText('HI');
  // The engine's reason, with its sections (core/engine/why.ts records one on every send).
  await expect(inspector.getByRole('note', { name: 'Why' })).toHaveText(/^Why: .+ \(§[\d.]+(, §[\d.]+)*\)/);
  // §5.2.1: the U flag bit by bit (Figure 3's HI asks the nAR to buffer).
  const icmp = inspector.getByRole('table', { name: 'ICMPv6 message fields' });
  await expect(icmp).toContainText('.1.. .... = U: buffer (§5.2.1)');
  await expect(icmp).toContainText('0... .... = S: stateful nCoA (assigned by the nAR, §3.1.4) (not set)');
  // Byte 47, after the flags, is the HI's reserved octet: it belongs to a named field.
  await inspector.getByRole('button', { name: 'byte 47: 00' }).click();
  await expect(icmp.getByRole('button', { name: /^Reserved: 00 \(zero\)$/ })).toHaveAttribute('aria-pressed', 'true');
  // Hex pairs, offsets and the ASCII column.
  const hex = inspector.getByRole('group', { name: 'Packet bytes' });
  await expect(hex).toContainText('0000  60 00 00 00 00 50 3a ff  20 01 0d b8 00 01 00 00  `....P:. .......0010  ');
  expect(consoleErrors).toEqual([]);
});

test("the inspector at 1400×900: an F-BU's destination options one header, each option's octets named, values on one line", async ({
  page,
  consoleErrors,
}) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto('/?scenario=fig3&seed=1');
  await runToEnd(page);
  await page
    .getByRole('group', { name: 'Message ladder' })
    .getByRole('button', { name: /^F-BU \[A\] from MN to oAR, sent/ })
    .click();
  const inspector = page.getByRole('region', { name: 'Packet inspector' });
  // The Home Address option's type and length (c9 10) are its own fields, not "Reserved (not zero)".
  const home = inspector.getByRole('table', { name: 'Home Address option fields' });
  await expect(home).toContainText('Option Type');
  await expect(home).toContainText('201 (0xc9)');
  await expect(inspector).not.toContainText('(not zero)');
  await expect(inspector.getByRole('table', { name: /^Destination Options header/ })).toHaveCount(1);
  // In this pane the fields take its width and the dump goes under them: an address is one line.
  const addr = home.getByRole('row').filter({ hasText: 'Home Address' }).last().locator('td');
  const box = (await addr.boundingBox())!;
  expect(box.height).toBeLessThan(24);
  const hex = (await inspector.getByRole('group', { name: 'Packet bytes' }).boundingBox())!;
  expect(hex.y).toBeGreaterThan(box.y);
  expect(consoleErrors).toEqual([]);
});

// The flags bit by bit fit the inspector's pane: at 1280×720 its ~515 px pane scrolled them
// sideways (each line was one unbreakable run of up to 69 characters). Each bit is a row of its
// own under the Flags field; its pattern stays one piece and its meaning wraps beside it.
for (const [w, h] of [
  [1280, 720],
  [1400, 900],
  [390, 844],
] as const)
  test(`the inspector's flag bits fit its pane at ${w}×${h}, pattern on one line, text at least 11 px`, async ({
    page,
    consoleErrors,
  }) => {
    test.setTimeout(90_000);
    await page.setViewportSize({ width: w, height: h });
    await page.goto('/?scenario=fig3&seed=1');
    await runToEnd(page);
    await page
      .getByRole('group', { name: 'Message ladder' })
      .getByRole('button', { name: /^HI\b.* from oAR to nAR, sent [\d.]+ ms$/ })
      .click();
    const inspector = page.getByRole('region', { name: 'Packet inspector' });
    const icmp = inspector.getByRole('table', { name: 'ICMPv6 message fields' });
    // The longest line of the lab: the HI's S bit (§5.2.1).
    await expect(icmp).toContainText('0... .... = S: stateful nCoA (assigned by the nAR, §3.1.4) (not set)');
    const m = await inspector.evaluate((el) => {
      const pane = el.getBoundingClientRect();
      const sideways: string[] = [];
      for (let e: Element | null = el; e; e = e.parentElement)
        if (e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible')
          sideways.push(`${e.tagName}.${e.className} ${e.scrollWidth} > ${e.clientWidth}`);
      const bits = [...el.querySelectorAll('tr.bits')].map((row) => {
        const r = row.getBoundingClientRect();
        const pattern = row.querySelector('.pattern')!;
        const p = pattern.getBoundingClientRect();
        return {
          text: row.textContent!,
          right: r.right,
          // One line of text is under 1.6 of its font size high ('normal' line height), two are over 2.
          patternLines: p.height < 1.6 * parseFloat(getComputedStyle(pattern).fontSize) ? 1 : 2,
          px: parseFloat(getComputedStyle(pattern).fontSize),
        };
      });
      return { right: pane.right, sideways, bits, docWidth: document.documentElement.scrollWidth };
    });
    expect(m.sideways, 'nothing from the inspector up scrolls sideways').toEqual([]);
    // The bytes too: whole rows with their ASCII column, never cut at the pane's edge (16 a row
    // where they fit, else 8).
    const dump = await inspector.getByRole('group', { name: 'Packet bytes' }).evaluate((el) => ({
      fits: el.scrollWidth <= el.clientWidth + 1,
      first: el.querySelector('.row')!.querySelectorAll('.byte').length,
    }));
    expect(dump.fits, 'the hex dump fits its pane').toBe(true);
    // Sixteen where they fit at 11 px or more (1400 and 1280), eight on a phone.
    expect(dump.first).toBe(w === 390 ? 8 : 16);
    expect(m.docWidth).toBeLessThanOrEqual(w);
    expect(m.bits.length).toBe(5);
    for (const b of m.bits) {
      expect(b.right, b.text).toBeLessThanOrEqual(m.right);
      expect(b.patternLines, `${b.text}: its bit pattern on one line`).toBe(1);
      expect(b.px).toBeGreaterThanOrEqual(11);
    }
    expect(consoleErrors).toEqual([]);
  });
