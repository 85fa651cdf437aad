// Issue 9's legend filter, time axis and packet list, as pure functions of the layout: the filter
// changes what the ladder draws (and the labels are laid out again from the filtered set, still
// never overlapping), the ticks fall on round times and never crowd, the packet list is the
// filtered set of packets sent, in send order.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../core/engine/run.ts';
import { builtinIds } from '../../core/scenario/builtin.ts';
import {
  LadderIndex,
  arrowSegments,
  crosses,
  headBox,
  intersects,
  labelBoxes,
  passes,
  timeTicks,
  tickText,
  type LadderFilter,
} from '../../core/views/ladder.ts';
import type { TraceRecord } from '../../core/trace.ts';

async function trace(id: string): Promise<TraceRecord[]> {
  return (await runScenario(id, { seed: 1, trace: true })).records;
}

describe('the filter', () => {
  it('hides data, hides BU/BACK (not F-BU/F-BACK), or keeps one node’s messages', () => {
    const m = (msg: string, from = 'MN', to = 'oAR') => ({ msg, from, to });
    expect(passes({ hideData: true }, m('DATA', 'CN', 'MN'))).toBe(false);
    expect(passes({ hideData: true }, m('F-BU'))).toBe(true);
    expect(passes({ hideBindings: true }, m('BU', 'MN', 'HA'))).toBe(false);
    expect(passes({ hideBindings: true }, m('BACK', 'HA', 'MN'))).toBe(false);
    expect(passes({ hideBindings: true }, m('F-BU'))).toBe(true);
    expect(passes({ hideBindings: true }, m('F-BACK', 'oAR', 'MN'))).toBe(true);
    expect(passes({ node: 'nAR' }, m('HI', 'oAR', 'nAR'))).toBe(true);
    expect(passes({ node: 'nAR' }, m('F-BU', 'MN', 'oAR'))).toBe(false);
    expect(passes({ node: 'nAR' }, { msg: 'F-BU', from: 'MN', to: 'oAR', lostAt: 'nAR' })).toBe(true);
    expect(passes(undefined, m('DATA'))).toBe(true);
  });

  it('Figure 3: hiding binding updates removes exactly the BU and BACK arrows', async () => {
    const records = await trace('fig3');
    const end = records.at(-1)!.t;
    const index = new LadderIndex().append(records);
    const all = index.view({ cursor: end, stretch: true });
    const noBu = index.view({ cursor: end, stretch: true, filter: { hideBindings: true } });
    const msgs = (l: typeof all) => l.arrows.map((a) => a.msg);
    expect(msgs(all)).toContain('BU');
    expect(msgs(noBu)).not.toContain('BU');
    expect(msgs(noBu)).not.toContain('BACK');
    expect(msgs(noBu)).toEqual(msgs(all).filter((m) => m !== 'BU' && m !== 'BACK'));
    const noData = index.view({ cursor: end, stretch: true, filter: { hideData: true } });
    expect(all.bands.some((b) => b.msg === 'DATA')).toBe(true);
    expect(noData.bands.some((b) => b.msg === 'DATA')).toBe(false);
    const onlyNar = index.view({ cursor: end, stretch: true, filter: { node: 'nAR' } });
    expect(onlyNar.arrows.length).toBeGreaterThan(0);
    for (const a of onlyNar.arrows) expect([a.from, a.to, a.lost?.node, a.via?.node]).toContain('nAR');
    // The F-BACK the nAR holds for the nCoA (§3.1.3) is the nAR's too.
    expect(onlyNar.arrows.some((a) => a.msg === 'F-BACK' && a.via?.node === 'nAR')).toBe(true);
    for (const m of onlyNar.marks) expect(m.node).toBe('nAR');
  });

  it('the packet list is the filtered packets sent up to the cursor, in send order', async () => {
    const records = await trace('fig3');
    const index = new LadderIndex().append(records);
    const end = records.at(-1)!.t;
    const sent = records.filter((r): r is TraceRecord & { kind: 'tx' } => r.kind === 'tx');
    expect(index.rows(end).map((r) => r.pkt)).toEqual(sent.map((r) => r.pkt));
    const half = sent[Math.floor(sent.length / 2)]!.t;
    expect(index.rows(half).every((r) => r.t <= half)).toBe(true);
    expect(index.rows(half).length).toBe(sent.filter((r) => r.t <= half).length);
    const noData = index.rows(end, { hideData: true });
    expect(noData.length).toBe(sent.filter((r) => r.msg !== 'DATA').length);
    // Back to no filter: the cache starts again, the same rows.
    expect(index.rows(end).length).toBe(sent.length);
    const hi = index.rows(end).find((r) => r.msg === 'HI')!;
    expect(hi).toMatchObject({ from: 'oAR', to: 'nAR', node: 'oAR' });
    expect(index.sentAt(hi.pkt)).toBe(hi.t);
  });
});

describe('the time axis', () => {
  it('linear: round times, evenly spaced, at least the gap apart', () => {
    const ticks = timeTicks((t) => 36 + (t / 1000) * 2, 0, 1_000_000, 36);
    expect(ticks[0]!.t).toBe(0);
    const steps = new Set(ticks.slice(1).map((k, i) => k.t - ticks[i]!.t));
    expect([...steps]).toEqual([50_000]);
    for (let i = 1; i < ticks.length; i++) expect(ticks[i]!.y - ticks[i - 1]!.y).toBeGreaterThanOrEqual(36);
    expect(ticks.map((k) => k.text).slice(0, 3)).toEqual(['0 ms', '50 ms', '100 ms']);
  });

  it('stretched (log of the gaps): fine ticks where stretched, never crowded', () => {
    const yOf = (t: number) => 36 + 60 * Math.log2(1 + t / 1000);
    const ticks = timeTicks(yOf, 0, 3_000_000, 30);
    for (let i = 1; i < ticks.length; i++) {
      expect(ticks[i]!.t).toBeGreaterThan(ticks[i - 1]!.t);
      expect(ticks[i]!.y - ticks[i - 1]!.y).toBeGreaterThanOrEqual(30);
    }
    // Sub-10 ms ticks near the start (stretched), whole seconds at the end (compressed).
    expect(ticks.some((k) => k.t > 0 && k.t < 10_000)).toBe(true);
    expect(ticks.at(-1)!.t % 1_000_000).toBe(0);
    expect(ticks.at(-1)!.t).toBeGreaterThanOrEqual(2_000_000);
  });

  it('writes times as they read', () => {
    expect(tickText(0)).toBe('0 ms');
    expect(tickText(2500)).toBe('2.5 ms');
    expect(tickText(200_000)).toBe('200 ms');
    expect(tickText(1_000_000)).toBe('1 s');
    expect(tickText(2_250_000)).toBe('2.25 s');
  });

  it('a laid-out ladder has ticks inside it, below the heads', async () => {
    const records = await trace('fig3');
    const end = records.at(-1)!.t;
    for (const stretch of [true, false]) {
      const l = new LadderIndex().append(records).view({ cursor: end, stretch });
      expect(l.ticks.length).toBeGreaterThan(3);
      for (const k of l.ticks) {
        expect(k.t).toBeLessThanOrEqual(end);
        expect(k.y).toBeLessThanOrEqual(l.height);
      }
      expect(l.axisX).toBeGreaterThan(l.xOf(l.nodes.at(-1)!));
      expect(l.axisX).toBeLessThan(l.width);
    }
  });
});

describe('filtered layouts over every built-in scenario', () => {
  const filters: LadderFilter[] = [{ hideData: true }, { hideBindings: true }, { node: 'MN' }, { node: 'nAR' }];
  for (const id of builtinIds())
    it(`${id}: with each filter, no label overlaps another label, an arrowhead or a line`, async () => {
      const records = await trace(id);
      const end = records.at(-1)?.t ?? 0;
      const index = new LadderIndex().append(records);
      const problems: string[] = [];
      for (const filter of filters) {
        const l = index.view({ cursor: end, stretch: true, filter });
        const labels = labelBoxes(l);
        for (let i = 0; i < labels.length; i++)
          for (let j = i + 1; j < labels.length; j++)
            if (intersects(labels[i]!.box, labels[j]!.box))
              problems.push(`${JSON.stringify(filter)}: "${labels[i]!.what}" over "${labels[j]!.what}"`);
        for (const a of l.arrows)
          if (!a.lost)
            for (const lb of labels)
              if (intersects(lb.box, headBox(a)))
                problems.push(`${JSON.stringify(filter)}: "${lb.what}" over the head of "${a.name}"`);
        for (const a of l.arrows)
          for (const seg of arrowSegments(a))
            for (const lb of labels)
              if (crosses(seg, lb.box))
                problems.push(`${JSON.stringify(filter)}: "${lb.what}" on the line of "${a.name}"`);
        for (const a of l.arrows) expect(passes(filter, { ...a, lostAt: a.lost?.node, via: a.via?.node })).toBe(true);
      }
      expect(problems.slice(0, 5)).toEqual([]);
    });
});
