// The lab as a learner uses it (issue 6): drag or keyboard through Figure 3, rewind with the
// timeline, open the HI in the inspector, export the ladder and the capture, survive an engine
// crash and a reload. Fixed seeds and web-first assertions only: nothing waits on chance.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test, expect } from './fixtures.ts';

import {
  FIG3,
  arrowNames,
  dragToNar,
  expectFigure3Order,
  handoverDone,
  paused,
  upToCnBack,
  pauseRun,
} from './helpers.ts';

test('Figure 3 by dragging: the ladder shows its messages in order; stepping moves through them', async ({
  page,
  consoleErrors,
}) => {
  await page.goto(FIG3);
  await dragToNar(page);
  await handoverDone(page);
  const names = await arrowNames(page);
  expectFigure3Order(names);
  // §3.1.3: the oAR's forwarding tunnel, drawn where its packets go: oAR → nAR, then to the MN.
  await expect(
    page
      .getByRole('group', { name: /Topology/ })
      .getByRole('img', { name: /^Forwarding tunnel .*: from oAR through nAR to MN$/ }),
  ).toBeVisible();
  // Layer-2 triggers drawn as the figure draws them, on the MN's lifeline.
  const ladder = page.getByRole('group', { name: 'Message ladder' });
  await expect(ladder.getByRole('img', { name: 'Disconnect (L2-LD) at MN' })).toBeVisible();
  await expect(ladder.getByRole('img', { name: 'Connect (L2-LU) at MN' })).toBeVisible();
  // Every arrow leaves from a lifeline and the trigger labels are not cut off at the left edge.
  const geometry = await ladder.evaluate((svg) => {
    const lifelines = [...svg.querySelectorAll('line.lifeline')].map((l) => Number(l.getAttribute('x1')));
    // An arrow is a polyline (straight, or through the router that held it): its first point.
    const starts = [...svg.querySelectorAll('g.arrow > polyline.stroke')].map((l) =>
      Number((l.getAttribute('points') ?? '').split(/[ ,]/)[0]),
    );
    const labels = [...svg.querySelectorAll('g.l2 text')].map((t) => (t as SVGTextElement).getBBox().x);
    return { lifelines, starts, labels };
  });
  expect(geometry.starts.length).toBeGreaterThan(0);
  for (const x of geometry.starts) expect(geometry.lifelines.some((l) => Math.abs(l - x) < 0.5)).toBe(true);
  for (const x of geometry.labels) expect(x).toBeGreaterThanOrEqual(0);

  // Rewind: step back until the HACK has not yet happened; the ladder follows the cursor.
  const hack = ladder.getByRole('button', { name: /^HACK code 0 from nAR to oAR, sent [\d.]+ ms$/ });
  const back = page.getByRole('button', { name: 'Previous event' });
  const fwd = page.getByRole('button', { name: 'Next event' });
  await expect(hack).toBeVisible();
  for (let i = 0; i < 40 && (await hack.count()) > 0; i++) await back.click();
  await expect(hack).toHaveCount(0);
  await expect(page.getByTestId('run-state')).toHaveText(/^Rewound: engine at/);
  // The HI is in flight or sent at this instant; one step forward brings the HACK back.
  await expect(ladder.getByRole('button', { name: /^HI\b.* from oAR to nAR/ })).toBeVisible();
  await fwd.click();
  await expect(hack).toBeVisible();
  // Stepping back once more removes it again: the cursor lands on the event before.
  await back.click();
  await expect(hack).toHaveCount(0);
  expect(consoleErrors).toEqual([]);
});

test('the same handover with the keyboard alone gives the same ladder', async ({ page, consoleErrors }) => {
  await page.goto(FIG3);
  await dragToNar(page);
  await handoverDone(page);
  const dragged = (await arrowNames(page)).filter((n) => !n.includes('in flight'));

  await page.goto(FIG3);
  await paused(page, async () => {
    const mn = page.getByRole('slider', { name: /Mobile node MN/ });
    await mn.focus();
    // 100 m → 350 m in 10 m steps: the arrow keys move the MN as a drag does.
    for (let i = 0; i < 25; i++) await page.keyboard.press('ArrowRight');
  });
  await handoverDone(page);
  const keyed = (await arrowNames(page)).filter((n) => !n.includes('in flight'));
  expectFigure3Order(keyed);
  // Compare up to the CN's binding acknowledgement (what follows depends on how long we watch).
  expect(upToCnBack(keyed)).toEqual(upToCnBack(dragged));
  expect(consoleErrors).toEqual([]);
});

test('the inspector shows the HI: its fields, its flags, a good checksum, bytes linked to fields', async ({
  page,
  consoleErrors,
}) => {
  await page.goto(FIG3);
  await dragToNar(page);
  const hi = page.getByRole('button', { name: /^HI\b.* from oAR to nAR, sent [\d.]+ ms$/ });
  await expect(hi).toBeVisible();
  // Paused, the ladder stops scrolling after the cursor, so the arrow stays put under the pointer.
  await page.getByRole('button', { name: 'Pause' }).click();
  await hi.click();
  const inspector = page.getByRole('region', { name: 'Packet inspector' });
  await expect(inspector.getByRole('heading')).toContainText('HI');
  await expect(inspector).toContainText('Defined in §5.2.1');
  await expect(inspector).toContainText('checksum good');
  const icmp = inspector.getByRole('table', { name: 'ICMPv6 message fields' });
  await expect(icmp.getByRole('button', { name: /^Type: 173 \(HI\)$/ })).toBeVisible();
  // §5.2.1: the S/U/H/T/R flags, shown as the set letters ('-' when none).
  await expect(icmp.getByRole('button', { name: /^Flags: ([SUHTR]+|-)$/ })).toBeVisible();
  await expect(icmp.getByRole('button', { name: /^Identifier: \d+$/ })).toBeVisible();
  await expect(icmp.getByRole('button', { name: /^Checksum: 0x[0-9a-f]{4}$/ })).toBeVisible();
  await expect(inspector.getByRole('table', { name: 'IPv6 header fields' })).toBeVisible();
  // Options of §5.4: the MN's link-layer address and its old CoA.
  await expect(
    inspector.getByRole('table', { name: /^Option 1: Link-layer Address \(§5\.4\.2\) fields$/ }),
  ).toBeVisible();
  await expect(inspector.getByRole('table', { name: /^Option 2: IP Address \(§5\.4\.1\) fields$/ })).toBeVisible();
  // Bytes → field: byte 40 is the ICMPv6 Type.
  await inspector.getByRole('button', { name: 'byte 40: ad' }).click();
  await expect(icmp.getByRole('button', { name: /^Type: 173/ })).toHaveAttribute('aria-pressed', 'true');
  // Field → bytes: the checksum lights bytes 42 and 43.
  await icmp.getByRole('button', { name: /^Checksum/ }).click();
  await expect(inspector.locator('.byte.lit')).toHaveCount(2);
  expect(consoleErrors).toEqual([]);
});

test('exports: the ladder as a valid SVG with its labels, the run as a pcap tshark reads cleanly', async ({
  page,
  consoleErrors,
}, testInfo) => {
  await page.goto(FIG3);
  await dragToNar(page);
  await handoverDone(page);
  await pauseRun(page);

  const [svgDl] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export ladder (SVG)' }).click(),
  ]);
  const svgPath = testInfo.outputPath('ladder.svg');
  await svgDl.saveAs(svgPath);
  const svg = readFileSync(svgPath, 'utf8');
  // Well-formed SVG per the browser's own XML parser, with the ladder's labels.
  const parsed = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    return {
      error: doc.getElementsByTagName('parsererror').length,
      root: doc.documentElement.nodeName,
      ns: doc.documentElement.namespaceURI,
      texts: [...doc.getElementsByTagName('text')].map((t) => t.textContent ?? ''),
    };
  }, svg);
  expect(parsed.error).toBe(0);
  expect(parsed.root).toBe('svg');
  expect(parsed.ns).toBe('http://www.w3.org/2000/svg');
  for (const label of ['RtSolPr', 'HACK code 0', 'F-BU', 'MN', 'oAR', 'nAR'])
    expect(parsed.texts.some((t) => t.startsWith(label))).toBe(true);
  expect(parsed.texts.some((t) => /^PrRtAdv code \d$/.test(t))).toBe(true);
  expect(parsed.texts.some((t) => /^HI\b/.test(t))).toBe(true);
  // Its title says what ran (scenario, mode, seed), and it has the page's time axis.
  expect(parsed.texts.some((t) => /^fig3: .*anticipated-mobile-stateless.*, seed 1$/.test(t))).toBe(true);
  expect(parsed.texts.some((t) => /^\d+(\.\d+)? m?s$/.test(t))).toBe(true);

  const [pcapDl] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export capture (pcap)' }).click(),
  ]);
  const pcapPath = testInfo.outputPath('run.pcap');
  await pcapDl.saveAs(pcapPath);
  const tshark = (args: string[]) =>
    execFileSync('tshark', ['-r', pcapPath, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const all = tshark(['-T', 'fields', '-e', 'frame.number']).trim().split('\n');
  expect(all.length).toBeGreaterThan(20);
  // No malformed packet, no bad checksum.
  expect(tshark(['-Y', '_ws.malformed || icmpv6.checksum.status == 0']).trim()).toBe('');
  // The HI is in it, with its ICMPv6 type.
  expect(tshark(['-Y', 'icmpv6.type == 173', '-T', 'fields', '-e', 'icmpv6.type']).trim()).not.toBe('');
  expect(consoleErrors).toEqual([]);
});
