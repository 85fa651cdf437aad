// The ladder's rules: arrows from a message's tx to its rx (the trace contract), labels as the
// draft writes them, layer-2 triggers as the figures draw them, losses marked, data grouped in
// bands, everything cut at the time cursor; and the timeline's event stepping.
import { describe, expect, it } from 'vitest';
import {
  ROW_PX,
  COL,
  LEFT,
  LadderIndex,
  layoutLadder,
  intersects,
  labelBox,
  type Arrow,
} from '../../core/views/ladder.ts';
import { arrowLines, headBox, placeOn, type Box } from '../../core/views/ladder-text.ts';

/** The placement rule (placeOn) over a set of arrows in send order, each clear of the labels before it and every head. */
function placeLabels(arrows: readonly Arrow[]): { label: string; labelX: number; labelY: number }[] {
  const lines = arrowLines(arrows);
  const taken: Box[] = arrows.filter((a) => !a.lost).map(headBox);
  return arrows.map((a) => {
    const { x, y, box } = placeOn(a.label, a, taken, lines, a.pkt)!;
    taken.push(box);
    return { label: a.label, labelX: x, labelY: y };
  });
}
import { messageLabel } from '../../core/views/vocabulary.ts';
import { nextTime, prevTime, stepTimes } from '../../app/timeline/events.ts';
import type { PacketFields, TraceRecord } from '../../core/trace.ts';

const pkt = (
  pktId: number,
  msg: string,
  from: string,
  to: string,
  extra: Partial<PacketFields> = {},
): PacketFields => ({
  pkt: pktId,
  msg,
  from,
  to,
  hex: '',
  ...extra,
});

// A Figure-3-shaped trace: RtSolPr, PrRtAdv + HI, HACK, an F-BU lost once, a data stream, L2 triggers.
const T: TraceRecord[] = [
  { t: 1000, kind: 'l2', node: 'MN', trigger: 'L2-ST' },
  { t: 1000, kind: 'tx', node: 'MN', ...pkt(1, 'RtSolPr', 'MN', 'oAR') },
  { t: 2000, kind: 'rx', node: 'oAR', ...pkt(1, 'RtSolPr', 'MN', 'oAR') },
  { t: 2000, kind: 'tx', node: 'oAR', ...pkt(2, 'PrRtAdv', 'oAR', 'MN', { code: 0 }) },
  { t: 2000, kind: 'tx', node: 'oAR', ...pkt(3, 'HI', 'oAR', 'nAR', { flags: 'U' }) },
  { t: 3000, kind: 'rx', node: 'MN', ...pkt(2, 'PrRtAdv', 'oAR', 'MN', { code: 0 }) },
  { t: 3000, kind: 'tx', node: 'MN', ...pkt(4, 'F-BU', 'MN', 'oAR') },
  { t: 3500, kind: 'drop', node: 'MN', pkt: 4, msg: 'F-BU', reason: 'radio loss' },
  { t: 4000, kind: 'rx', node: 'nAR', ...pkt(3, 'HI', 'oAR', 'nAR', { flags: 'U' }) },
  { t: 4000, kind: 'tx', node: 'nAR', ...pkt(5, 'HACK', 'nAR', 'oAR', { code: 0 }) },
  { t: 5000, kind: 'tx', node: 'CN', ...pkt(10, 'DATA', 'CN', 'MN') },
  { t: 6000, kind: 'rx', node: 'oAR', ...pkt(5, 'HACK', 'nAR', 'oAR', { code: 0 }) },
  { t: 25000, kind: 'tx', node: 'CN', ...pkt(11, 'DATA', 'CN', 'MN') },
  { t: 30000, kind: 'rx', node: 'MN', ...pkt(10, 'DATA', 'CN', 'MN') },
  { t: 40000, kind: 'l2', node: 'MN', trigger: 'L2-LD' },
  { t: 45000, kind: 'drop', node: 'oAR', pkt: 11, msg: 'DATA', reason: 'no route' },
  { t: 90000, kind: 'l2', node: 'MN', trigger: 'L2-LU' },
];

describe('labels', () => {
  it('name the message as the draft does, with flags and code or status', () => {
    expect(messageLabel({ msg: 'HI', flags: 'SU' })).toBe('HI [S,U]');
    expect(messageLabel({ msg: 'HACK', code: 128 })).toBe('HACK code 128');
    expect(messageLabel({ msg: 'PrRtAdv', code: 2 })).toBe('PrRtAdv code 2');
    expect(messageLabel({ msg: 'F-BACK', status: 1 })).toBe('F-BACK status 1');
    expect(messageLabel({ msg: 'RtSolPr', flags: '' })).toBe('RtSolPr');
  });
});

describe('layoutLadder', () => {
  const full = layoutLadder(T, { cursor: 100_000, stretch: true });

  it('draws a lifeline per node in the canonical order (MN, oAR, nAR, …, CN)', () => {
    expect(full.nodes).toEqual(['MN', 'oAR', 'nAR', 'CN']);
    expect(new LadderIndex().nodesAt(0, ['HA', 'MN', 'nAR', 'aAR', 'oAR', 'X'])).toEqual([
      'MN',
      'oAR',
      'nAR',
      'aAR',
      'HA',
      'X',
    ]);
  });

  it('draws one arrow per signalling message, in send order, from sender to receiver', () => {
    expect(full.arrows.map((a) => a.name)).toEqual([
      'RtSolPr from MN to oAR, sent 1.000 ms',
      'PrRtAdv code 0 from oAR to MN, sent 2.000 ms',
      'HI [U] from oAR to nAR, sent 2.000 ms',
      'F-BU from MN to oAR, sent 3.000 ms, lost at MN (radio loss)',
      'HACK code 0 from nAR to oAR, sent 4.000 ms',
    ]);
    const hi = full.arrows[2]!;
    expect(hi.x1).toBeGreaterThan(hi.x0);
    // Slanted by its flight time: it lands lower than it left.
    expect(hi.y1).toBeGreaterThan(hi.y0);
  });

  it('marks layer-2 triggers with the words of the figures', () => {
    expect(full.marks.map((m) => `${m.word}/${m.trigger}`)).toEqual([
      'Source trigger/L2-ST',
      'Disconnect/L2-LD',
      'Connect/L2-LU',
    ]);
  });

  it('draws every arrow, band and mark on the lifelines of its nodes', () => {
    for (const a of full.arrows) expect(a.x0).toBe(full.xOf(a.from));
    for (const m of full.marks) expect(m.x).toBe(full.xOf(m.node));
    for (const b of full.bands) expect(b.points.startsWith(`${full.xOf(b.from)},`)).toBe(true);
    // lifelines are spread over the width, in order
    const xs = full.nodes.map((n) => full.xOf(n));
    expect(xs).toEqual([...xs].sort((p, q) => p - q));
    expect(xs.at(-1)!).toBeLessThan(full.width);
  });

  it("moves apart the labels of arrows that would write over each other (Figure 3's two F-BACKs)", () => {
    const arrow = (pkt: number, label: string, x0: number, x1: number, y0: number): Arrow => ({
      pkt,
      msg: label,
      label,
      name: label,
      from: 'oAR',
      to: 'MN',
      t0: 0,
      t1: null,
      lost: null,
      tunnelled: false,
      via: null,
      x0,
      y0,
      x1,
      y1: y0 + 20,
    });
    const [a, b, c] = placeLabels([
      arrow(1, 'F-BACK status 0', 228, 108, 300),
      arrow(2, 'F-BACK status 0', 228, 140, 300),
      arrow(3, 'HI [U]', 228, 348, 100),
    ]);
    // above the arrow where the label spans it, as the figures write them
    expect(a!.labelY).toBeLessThan(300);
    // the second F-BACK's label does not write over the first's
    expect(intersects(labelBox(a!.label, a!.labelX, a!.labelY), labelBox(b!.label, b!.labelX, b!.labelY))).toBe(false);
    // far from the others: where the figures put it, above the middle of the arrow, its box
    // clear of the slanted line where it spans it (the line at the box's left edge is y 106.8)
    expect(c!.labelX).toBe(288);
    const box = labelBox(c!.label, c!.labelX, c!.labelY);
    expect(box.y1).toBeLessThan(100 + ((box.x0 - 228) / 120) * 20);
    expect(box.y1).toBeGreaterThan(95);
  });

  it('leaves room left of the first lifeline for a trigger label, as the figures write them', () => {
    // The MN is the first lifeline; "Source trigger" at 10 px is about 6 px a character.
    for (const m of full.marks) expect(m.x - 10 - 6 * m.word.length).toBeGreaterThanOrEqual(0);
  });

  it("writes the labels of a stream's two directions in different places, each nearer its sender", () => {
    const data = (pkt: number, t: number, from: string, to: string): TraceRecord[] => [
      { t, kind: 'tx', node: from, pkt, msg: 'DATA', from, to, hex: '' },
      { t: t + 2000, kind: 'rx', node: to, pkt, msg: 'DATA', from, to, hex: '' },
    ];
    const l = layoutLadder([...data(1, 1000, 'CN', 'MN'), ...data(2, 1000, 'MN', 'CN')], {
      cursor: 10_000,
      stretch: false,
      known: ['MN', 'oAR', 'CN'],
    });
    expect(l.bands).toHaveLength(2);
    const [a, b] = l.bands as [(typeof l.bands)[0], (typeof l.bands)[0]];
    expect(Math.abs(a.labelX - b.labelX)).toBeGreaterThan(20);
    for (const band of [a, b]) {
      const from = l.nodes.indexOf(band.from);
      const to = l.nodes.indexOf(band.to);
      const mid = (from + to) / 2;
      // the label's column position lies on the sender's side of the middle
      const col = (band.labelX - LEFT) / COL - 0.5;
      expect(Math.sign(col - mid)).toBe(Math.sign(from - mid));
    }
  });

  it('groups data packets in a band per stream and marks the lost one', () => {
    expect(full.bands).toHaveLength(1);
    expect(full.bands[0]).toMatchObject({ stream: 'DATA CN>MN', count: 2, delivered: 1, lost: 1 });
    expect(full.losses.map((l) => l.name)).toEqual(['DATA CN to MN lost at oAR (no route)']);
  });

  it('shows only what happened up to the cursor; a message under way is in flight', () => {
    const mid = layoutLadder(T, { cursor: 3000, stretch: true });
    expect(mid.arrows.map((a) => a.name)).toEqual([
      'RtSolPr from MN to oAR, sent 1.000 ms',
      'PrRtAdv code 0 from oAR to MN, sent 2.000 ms',
      'HI [U] from oAR to nAR, sent 2.000 ms, in flight',
      'F-BU from MN to oAR, sent 3.000 ms, in flight',
    ]);
    expect(mid.marks).toHaveLength(1);
    expect(mid.bands).toHaveLength(0);
  });

  it("draws a message in flight toward the router that will hold it, not its final destination (Figure 3's F-BACK to the nCoA)", () => {
    // §3.1.3: the oAR sends one F-BACK to the nCoA (routed to the nAR, which buffers it until the
    // MN attaches, §5.2.1) and a copy on the old link. Scrubbed to between the send and the hold,
    // the first must head for the nAR, and the two F-BACKs must not lie on one line.
    const F: TraceRecord[] = [
      { t: 1000, kind: 'tx', node: 'oAR', ...pkt(7, 'F-BACK', 'oAR', 'MN', { status: 0 }) },
      { t: 1000, kind: 'tx', node: 'oAR', ...pkt(8, 'F-BACK', 'oAR', 'MN', { status: 0 }) },
      { t: 2000, kind: 'rx', node: 'MN', ...pkt(8, 'F-BACK', 'oAR', 'MN', { status: 0 }) },
      { t: 3000, kind: 'buffer', node: 'nAR', reason: 'HI U flag (§5.2.1)', ...pkt(7, 'F-BACK', 'oAR', 'MN') },
      { t: 9000, kind: 'fwd', node: 'nAR', next: 'MN', ...pkt(7, 'F-BACK', 'oAR', 'MN') },
      { t: 10_000, kind: 'rx', node: 'MN', ...pkt(7, 'F-BACK', 'oAR', 'MN', { status: 0 }) },
    ];
    const ix = new LadderIndex().append(F);
    const at = ix.view({ cursor: 1500, stretch: true, known: ['MN', 'oAR', 'nAR'] });
    const x = at.xOf;
    const toNcoa = at.arrows.find((a) => a.pkt === 7)!;
    const copy = at.arrows.find((a) => a.pkt === 8)!;
    expect(toNcoa.name).toContain('in flight');
    expect(toNcoa.x1).toBeGreaterThan(x('oAR')); // toward the nAR, right of the oAR
    expect(toNcoa.x1).toBeLessThan(x('nAR'));
    expect(copy.x1).toBeLessThan(x('oAR')); // toward the MN
    // Once held, it is drawn to the nAR and waits there; released, it goes on to the MN.
    const held = ix.view({ cursor: 5000, stretch: true, known: ['MN', 'oAR', 'nAR'] }).arrows.find((a) => a.pkt === 7)!;
    expect(held.x1).toBe(x('nAR'));
    expect(held.name).toContain('buffered at nAR');
    expect(held.release).toBeNull();
    // Released at Connect, it goes on to the MN: that stretch is labelled too, beside itself.
    const done = ix.view({ cursor: 20_000, stretch: true, known: ['MN', 'oAR', 'nAR'] }).arrows;
    const on = done.find((a) => a.pkt === 7)!;
    expect(on.release).not.toBeNull();
    expect(on.release!.x).toBeGreaterThan(x('MN'));
    expect(on.release!.x).toBeLessThan(x('nAR'));
    expect(on.release!.y).toBeGreaterThan(on.labelY);
    expect(done.find((a) => a.pkt === 8)!.release).toBeNull();
  });

  it('time scales are monotone; stretching keeps a 1 ms flight readable beside a 1 s wait', () => {
    const times = [0, 1000, 2000, 1_002_000];
    // The stretched axis is anchored on events: a layer-2 trigger at each of these times.
    const ix = new LadderIndex().append(
      times.map((t): TraceRecord => ({ t, kind: 'l2', node: 'MN', trigger: 'L2-LD' })),
    );
    for (const stretch of [true, false]) {
      const y = ix.scaleAt(Infinity, stretch, 2);
      let prev = -Infinity;
      for (let t = 0; t <= 1_100_000; t += 997) {
        expect(y(t)).toBeGreaterThanOrEqual(prev);
        prev = y(t);
      }
    }
    const s = ix.scaleAt(Infinity, true, 2);
    const l = ix.scaleAt(Infinity, false, 2);
    expect(s(1000) - s(0)).toBeGreaterThan(20);
    // Linear: two events 1 ms apart get a row (ROW_PX), not 2 px; the 1 s wait keeps its 2 px per ms.
    expect(l(1000) - l(0)).toBe(ROW_PX);
    expect(l(1_002_000) - l(2000)).toBe(2000);
    expect(s(1_002_000) - s(2000)).toBeLessThan(l(1_002_000) - l(2000));
  });
});

describe('LadderIndex (the page appends the trace as it arrives and draws a window of it)', () => {
  const names = (l: { arrows: { name: string }[] }) => l.arrows.map((a) => a.name);

  it('appending in any chunks draws the same ladder as the whole trace at once', () => {
    const whole = layoutLadder(T, { cursor: 100_000, stretch: true });
    for (let cut = 0; cut <= T.length; cut++) {
      const ix = new LadderIndex().append(T.slice(0, cut)).append(T.slice(cut));
      const v = ix.view({ cursor: 100_000, stretch: true });
      expect(names(v)).toEqual(names(whole));
      expect(v.arrows.map((a) => [a.y0, a.y1])).toEqual(whole.arrows.map((a) => [a.y0, a.y1]));
      expect(v.bands).toEqual(whole.bands);
      expect(v.height).toBe(whole.height);
    }
  });

  it('what is already drawn stays put as the cursor moves on (the axis only grows below it)', () => {
    const ix = new LadderIndex().append(T);
    const early = ix.view({ cursor: 6000, stretch: true });
    const late = ix.view({ cursor: 100_000, stretch: true });
    const hack = (l: typeof early) => l.arrows.find((a) => a.msg === 'HACK')!;
    expect(hack(late).y1).toBe(hack(early).y1);
    // A finished arrow is the same object from frame to frame: nothing for the page to redraw.
    expect(hack(late)).toBe(hack(early));
  });

  it('a window lays out only what crosses the visible range, including a message flying through it', () => {
    const ix = new LadderIndex().append(T);
    const all = ix.view({ cursor: 100_000, stretch: true });
    const yOf = all.yOf;
    // From just after the HI's send to just before its arrival: the HI crosses; the RtSolPr is above.
    const w = ix.view({ cursor: 100_000, stretch: true }, { yMin: yOf(2500), yMax: yOf(3500) });
    expect(names(w)).toContain('HI [U] from oAR to nAR, sent 2.000 ms');
    expect(names(w)).not.toContain('RtSolPr from MN to oAR, sent 1.000 ms');
    expect(w.marks).toHaveLength(0);
    // The layer-2 marks far below: only "Disconnect" in a window around 40 ms.
    const w2 = ix.view({ cursor: 100_000, stretch: true }, { yMin: yOf(39_000), yMax: yOf(41_000) });
    expect(w2.marks.map((m) => m.word)).toEqual(['Disconnect']);
    expect(w2.height).toBe(all.height);
  });
});

describe('timeline steps', () => {
  it('step through signalling events and layer-2 triggers, not data packets', () => {
    const steps = stepTimes(T);
    expect(steps).toEqual([1000, 2000, 3000, 3500, 4000, 6000, 40000, 90000]);
    expect(nextTime(steps, 2000)).toBe(3000);
    expect(nextTime(steps, 90000)).toBeNull();
    expect(prevTime(steps, 3000)).toBe(2000);
    expect(prevTime(steps, 2500)).toBe(2000);
    expect(prevTime(steps, 1000)).toBe(0);
  });
});
