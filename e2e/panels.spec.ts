// The measures panel beside standard Mobile IPv6, and the inspector on a broken packet.
import { test, expect } from './fixtures.ts';
import { FIG3, dragToNar, handoverDone, pauseRun } from './helpers.ts';

test('measures: the fast handover next to standard Mobile IPv6 on the same movement, lower latency and loss', async ({
  page,
  consoleErrors,
}) => {
  await page.goto(FIG3);
  await dragToNar(page);
  await handoverDone(page);
  const measures = page.getByRole('region', { name: 'Measures' });
  const fastRow = measures.getByRole('row', { name: /^#1 \(this mode\)/ });
  const mipv6Row = measures.getByRole('row', { name: /^#1 \(standard MIPv6\)/ });
  const cell = (row: typeof fastRow, col: string) => row.locator(`td[data-col="${col}"]`);
  const ms = (t: string) => Number(/^([\d.]+) ms$/.exec(t)?.[1] ?? NaN);
  const count = (t: string) => t.split(' / ').map(Number) as [number, number];
  // Standard MIPv6 completes later (movement detection, then DAD, §1): until then it says so.
  await expect(cell(mipv6Row, 'total')).toHaveText(/^[\d.]+ ms$/, { timeout: 20_000 });
  await pauseRun(page);
  const f = async (c: string) => (await cell(fastRow, c).textContent())!;
  const m = async (c: string) => (await cell(mipv6Row, c).textContent())!;
  // The same layer-2 handover in both runs (the same movement, the page's 50 ms).
  expect(await f('l2')).toBe('50.0 ms');
  expect(await m('l2')).toBe('50.0 ms');
  // §3.1: the fast handover signals before the link goes down; MIPv6 has no such signalling.
  expect(ms(await f('signalling'))).toBeGreaterThan(0);
  expect(await m('signalling')).toBe('none');
  // MIPv6 detects its move and pays DAD after link up (1 s); the fast handover's nCoA was checked
  // in advance (§3.1.3) and the MN knew its new router from the PrRtAdv.
  expect(await m('dad')).toBe('1000.0 ms');
  expect(await f('dad')).toBe('none');
  expect(ms(await m('detection'))).toBeGreaterThan(0);
  expect(await f('detection')).toBe('none');
  expect(ms(await f('total'))).toBeLessThan(ms(await m('total')));
  // What a user of the stream feels: the gap in received data, and the packets lost on the way.
  expect(ms(await f('l3'))).toBeLessThan(ms(await m('l3')));
  // Two different numbers, both named: the MN's phases (its signalling on the old link included)
  // against the gap the traffic sees, which that early signalling does not lengthen (§3.1).
  expect(ms(await f('l3'))).toBeLessThan(ms(await f('total')));
  await expect(measures.getByRole('columnheader', { name: 'Phases total' })).toBeVisible();
  // The two totals lead the table: in view in its pane at this size (1280×720) without scrolling
  // it sideways — the columns a lesson asks about were off to the right.
  const table = measures.getByRole('region', { name: 'Handover figures' });
  const pane = (await table.boundingBox())!;
  for (const c of ['l3', 'total']) {
    const box = (await cell(fastRow, c).boundingBox())!;
    expect(box.x + box.width, `${c} column inside the table's view`).toBeLessThanOrEqual(pane.x + pane.width);
  }
  expect(await table.evaluate((el) => el.scrollLeft)).toBe(0);
  await expect(measures.locator('p.read')).toContainText('L3 latency is the gap the traffic sees');
  expect(count(await f('lost'))[0]).toBeLessThan(count(await m('lost'))[0]);
  // The nAR buffered for the MN (HI U flag, §5.2.1) and the oAR tunnelled to it (§3.1.3).
  expect(Number(await f('buffered'))).toBeGreaterThan(0);
  expect(Number(await f('tunnelled'))).toBeGreaterThan(0);
  // The picture: one stacked bar per row, named with its parts, the fast one shorter.
  const bars = measures.getByRole('group', { name: 'Latency budget per handover' }).getByRole('img');
  await expect(bars).toHaveCount(2);
  await expect(bars.first()).toHaveAccessibleName(/^#1 \(this mode\): Signalling [\d.]+ ms, Layer 2 50\.0 ms, Binding/);
  await expect(bars.nth(1)).toHaveAccessibleName(
    /Movement detection [\d.]+ ms, DAD 1000\.0 ms, Binding [\d.]+ ms; phases total/,
  );
  const widths = await bars.evaluateAll((gs) => gs.map((g) => (g as SVGGraphicsElement).getBBox().width));
  expect(widths[0]!).toBeLessThan(widths[1]!);
  expect(consoleErrors).toEqual([]);
});

test('the inspector shows a broken packet with its problem inline', async ({ page, consoleErrors }) => {
  await page.goto(`${FIG3}&testhooks=1`);
  await dragToNar(page);
  const hi = page.getByRole('button', { name: /^HI\b.* from oAR to nAR, sent [\d.]+ ms$/ });
  await expect(hi).toBeVisible();
  await page.getByRole('button', { name: 'Pause' }).click();
  await hi.click();
  const inspector = page.getByRole('region', { name: 'Packet inspector' });
  await expect(inspector).toContainText('checksum good');
  // The HI's own bytes, from the hex dump.
  const bytes = await inspector
    .getByRole('group', { name: 'Packet bytes' })
    .getByRole('button')
    .evaluateAll((els) => els.map((e) => /: ([0-9a-f]{2})$/.exec(e.getAttribute('aria-label') ?? '')![1]!));
  expect(bytes.length).toBeGreaterThan(48);
  const open = (hex: string) =>
    page.evaluate((h) => (window as unknown as { fmipLab: { inspect(h: string): void } }).fmipLab.inspect(h), hex);

  // One bit flipped in the ICMPv6 checksum (bytes 42–43): the packet still opens, fields and all.
  const flipped = [...bytes];
  flipped[43] = (parseInt(flipped[43]!, 16) ^ 1).toString(16).padStart(2, '0');
  await open(flipped.join(''));
  await expect(inspector.getByRole('heading')).toContainText('raw bytes');
  await expect(inspector).toContainText('checksum bad');
  await expect(inspector.getByRole('note', { name: 'Problem' })).toHaveText('⚠ BadChecksum');
  await expect(inspector.getByRole('button', { name: /, problem: BadChecksum$/ })).toBeVisible();
  await expect(inspector.getByRole('table', { name: 'IPv6 header fields' })).toBeVisible();

  // Cut short: the IPv6 header promises more payload than there is.
  await open(bytes.slice(0, 46).join(''));
  await expect(inspector).toContainText('46 bytes');
  await expect(inspector.getByRole('note', { name: 'Problem' })).toHaveText(/^⚠ (Truncated|BadLength)$/);
  await expect(inspector.getByRole('table', { name: 'IPv6 header fields' })).toBeVisible();
  expect(consoleErrors).toEqual([]);
});

test('the tunnel-based mode (BETH): the same drag hands the MN over with a BET between the routers', async ({
  page,
  consoleErrors,
}) => {
  await page.goto('/?scenario=fig3&mode=beth&seed=1');
  await expect(page.getByLabel('Handover mode')).toHaveValue('beth');
  await dragToNar(page);
  // §3.3: the HI asks for a BET (H flag) and the HACK grants it.
  const ladder = page.getByRole('group', { name: 'Message ladder' });
  await expect(ladder.getByRole('button', { name: /^HI \[.*H.*\] from oAR to nAR, sent [\d.]+ ms$/ })).toBeVisible();
  await expect(
    ladder.getByRole('button', { name: /^HACK \[.*H.*\] code 0 from nAR to oAR, sent [\d.]+ ms$/ }),
  ).toBeVisible();
  // The BET, drawn as one (not as a temporary forwarding tunnel), between the two routers.
  const world = page.getByRole('group', { name: /Topology/ });
  await expect(world.getByRole('img', { name: /^BET .*: between oAR and nAR$/ }).first()).toBeVisible();
  await expect(world.getByRole('img', { name: /^Forwarding tunnel/ })).toHaveCount(0);
  expect(consoleErrors).toEqual([]);
});
