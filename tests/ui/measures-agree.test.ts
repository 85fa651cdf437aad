// The page's Measures (app/measures/measures.ts, folded from the trace at the cursor) and the
// engine's own (core/measures.ts, counted live; what sweeps, the CSV and the campus bench report)
// say the same of every handover of every built-in scenario, run to its end: a student who reads
// Figure 10's table and then exports a sweep's CSV sees one number, not two.
//
// Before the windows were shared, a run with two handovers (Figures 4, 10, 11, ping-pong) counted
// the data between the first link-down and the second one twice on the page (Figure 10's first
// handover said 78 tunnelled packets, the engine 63), and the engine did not count the bicast copy
// of an early BET placement (§3.4) as tunnelled.
import { describe, expect, it } from 'vitest';
import { measureHandovers } from '../../core/views/measures.ts';
import { builtinIds } from '../../core/scenario/builtin.ts';
import { codec } from '../../core/engine/run.ts';
import { fromHex, type TraceRecord } from '../../core/trace.ts';
import type { Message } from '../../core/wire/types.ts';
import { run } from '../engine/helpers.ts';

/** §3.5.2 make-before-break: the second interface comes up before the first goes down, so the
 * engine's handover has no link-down while the page (which delimits handovers by the MN's L2-LD)
 * sees one only when the old interface finally leaves. Nothing is lost or tunnelled in either. */
const MAKE_BEFORE_BREAK = new Set(['second-iface']);

function dataSeq(m: Message): string | undefined {
  if (m.kind === 'TUNNEL') return dataSeq(m.inner);
  return m.kind === 'DATA' ? `${m.dstPort}:${m.seq}` : undefined;
}

describe('the page’s measures and the engine’s agree', () => {
  it('on every built-in scenario: layer-2 time, L3 latency, lost, buffered and tunnelled, handover by handover', async () => {
    const c = await codec();
    let compared = 0;
    for (const id of builtinIds()) {
      const w = await run(id);
      const live = w.measures.handovers.filter((h) => h.mn === 'MN');
      const page = measureHandovers(w.records, Infinity, 'MN');
      if (MAKE_BEFORE_BREAK.has(id)) {
        expect(
          live.every((h) => h.l2DownUs === undefined && h.lost === 0 && h.tunnelled === 0),
          id,
        ).toBe(true);
        expect(
          page.every((h) => h.lost === 0 && h.tunnelled === 0),
          id,
        ).toBe(true);
        continue;
      }
      const withLd = live.filter((h) => h.l2DownUs !== undefined);
      expect(page.length, `${id}: handovers`).toBe(withLd.length);
      withLd.forEach((h, i) => {
        const p = page[i]!;
        const at = `${id} handover ${i + 1}`;
        expect(p.l2Us, `${at}: l2`).toBe(h.l2Us ?? null);
        expect(p.lost, `${at}: lost`).toBe(h.lost);
        expect(p.buffered, `${at}: buffered`).toBe(h.buffered);
        expect(p.tunnelled, `${at}: tunnelled`).toBe(h.tunnelled);
        if (p.l3LatencyUs === (h.l3LatencyUs ?? null)) return;
        // The one reading that differs: the engine's latency ends at the first *new* data packet on
        // the new link; the page's at the first one received, which may be a copy of a packet the
        // MN already had (the bicast of an early BET placement, §3.4). Prove it is such a copy.
        const mine = w.records.filter(
          (r): r is Extract<TraceRecord, { kind: 'rx' }> => r.kind === 'rx' && r.node === 'MN' && r.msg === 'DATA',
        );
        const firstAfter = mine.find((r) => r.t >= p.start + (p.l2Us ?? 0));
        expect(firstAfter, `${at}: the page's first packet after link-up`).toBeDefined();
        const parsed = c.parse(fromHex(firstAfter!.hex!));
        expect(parsed.ok, at).toBe(true);
        const key = parsed.ok ? dataSeq(parsed.msg) : undefined;
        const earlier = mine
          .filter((r) => r.t < firstAfter!.t)
          .map((r) => {
            const q = c.parse(fromHex(r.hex!));
            return q.ok ? dataSeq(q.msg) : undefined;
          });
        expect(earlier, `${at}: ${key} was received before (a duplicate)`).toContain(key);
        expect(p.l3LatencyUs!, at).toBeLessThan(h.l3LatencyUs!);
      });
      compared += withLd.length;
    }
    expect(compared).toBeGreaterThan(30);
  });
});
