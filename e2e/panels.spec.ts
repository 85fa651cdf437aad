// The measures panel beside standard Mobile IPv6, and the inspector on a broken packet.
import { test, expect } from './fixtures.ts';
import { FIG3, dragToNar, handoverDone } from './helpers.ts';

test('measures: the fast handover next to standard Mobile IPv6 on the same movement, lower latency and loss', async ({
  page,
  consoleErrors,
}) => {
  await page.goto(FIG3);
  await dragToNar(page);
  await handoverDone(page);
  const measures = page.getByRole('region', { name: 'Measures' });
  const fast = measures.getByRole('row', { name: /^#1 \(this mode\)/ }).getByRole('cell');
  const mipv6 = measures.getByRole('row', { name: /^#1 \(standard MIPv6\)/ }).getByRole('cell');
  // Columns: layer 2, signalling before link down, link up to binding, DAD, L3 latency, lost, buffered, tunnelled.
  const ms = (t: string) => Number(/^([\d.]+) ms$/.exec(t)?.[1] ?? NaN);
  // Standard MIPv6 completes later (movement detection, then DAD, §1): wait for its figures.
  await expect(mipv6.nth(4)).toHaveText(/^[\d.]+ ms$/, { timeout: 20_000 });
  await page.getByRole('button', { name: 'Pause' }).click();
  const f = await fast.allTextContents();
  const m = await mipv6.allTextContents();
  // The same layer-2 handover in both runs (the same movement, the page's 50 ms).
  expect(f[0]).toBe('50.0 ms');
  expect(m[0]).toBe('50.0 ms');
  // §3.1: the fast handover signals before the link goes down; MIPv6 has nothing to show there.
  expect(ms(f[1]!)).toBeGreaterThan(0);
  expect(m[1]).toBe('—');
  // MIPv6 pays DAD after link up (1 s); the fast handover's nCoA was checked in advance (§3.1.3).
  expect(m[3]).toBe('1000.0 ms');
  expect(f[3]).toBe('—');
  expect(ms(f[2]!)).toBeLessThan(ms(m[2]!));
  // What a user of the stream feels: the gap in received data, and the packets lost.
  expect(ms(f[4]!)).toBeLessThan(ms(m[4]!));
  expect(Number(f[5])).toBeLessThan(Number(m[5]));
  // The nAR buffered for the MN (HI U flag, §5.2.1) and the oAR tunnelled to it (§3.1.3).
  expect(Number(f[6])).toBeGreaterThan(0);
  expect(Number(f[7])).toBeGreaterThan(0);
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
