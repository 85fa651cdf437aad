// core/views/budget.ts: the latency budget of each handover, from the MN's own phase records
// (issue 9, "Measures as a picture"): layer 2, movement detection, DAD, signalling, binding.
import { describe, expect, it } from 'vitest';
import { BUDGET_PARTS, handoverBudgets } from '../../core/views/budget.ts';
import { builtinIds } from '../../core/scenario/builtin.ts';
import type { TraceRecord } from '../../core/trace.ts';
import { run } from '../engine/helpers.ts';

const at = (recs: readonly TraceRecord[], p: (r: TraceRecord) => boolean): number => recs.find(p)!.t;
const l2 = (trigger: string) => (r: TraceRecord) => r.kind === 'l2' && r.node === 'MN' && r.trigger === trigger;
const rx = (msg: string, from?: string) => (r: TraceRecord) =>
  r.kind === 'rx' && r.node === 'MN' && r.msg === msg && (from === undefined || r.from === from);
const tx = (msg: string) => (r: TraceRecord) => r.kind === 'tx' && r.node === 'MN' && r.msg === msg;

describe('the latency budget', () => {
  it('Figure 3: the fast signalling on the old link, layer 2, the binding; no detection, no DAD (§3.1)', async () => {
    const w = await run('fig3');
    const [h] = handoverBudgets(w.records, Infinity);
    const ld = at(w.records, l2('L2-LD'));
    const lu = at(w.records, l2('L2-LU'));
    // RtSolPr → PrRtAdv, then the F-BU until its F-BACK; the wait for the move is not latency.
    const signalling = at(w.records, rx('F-BACK')) - at(w.records, tx('RtSolPr'));
    expect(h!.parts).toEqual({
      signalling,
      l2: lu - ld,
      detection: null,
      dad: null,
      binding: at(w.records, rx('BACK', 'HA')) - lu,
    });
    expect(h!.done).toBe(true);
  });

  it('standard Mobile IPv6: layer 2, then the RA, a whole DAD, and the binding; no fast signalling', async () => {
    const w = await run('mipv6');
    const [h] = handoverBudgets(w.records, Infinity);
    const lu = at(w.records, l2('L2-LU'));
    const ra = w.records.find((r) => r.t >= lu && rx('RA')(r))!.t;
    const bu = w.records.find((r) => r.t >= lu && tx('BU')(r))!.t;
    expect(h!.parts.signalling).toBeNull();
    expect(h!.parts.detection).toBe(ra - lu);
    expect(h!.parts.dad).toBe(1_000_000); // RFC 2462's one RetransTimer for the one NS
    expect(h!.parts.binding).toBe(at(w.records, rx('BACK', 'HA')) - bu);
  });

  it('a tunnel-based handover (Figure 10) costs the MN its layer-2 time only (§3.4)', async () => {
    const w = await run('fig10');
    for (const h of handoverBudgets(w.records, Infinity)) {
      expect(h.parts).toEqual({ signalling: null, l2: 50_000, detection: null, dad: null, binding: null });
    }
  });

  it('says "pending" for what is still being measured, and counts the part under way to the cursor', async () => {
    const w = await run('mipv6');
    const ld = at(w.records, l2('L2-LD'));
    const [h] = handoverBudgets(w.records, ld + 10_000);
    // Everything after the link-down may still come (the MN's mode is not the budget's guess).
    expect(h!.parts).toEqual({
      signalling: 'pending',
      l2: 'pending',
      detection: 'pending',
      dad: 'pending',
      binding: 'pending',
    });
    expect(h!.totalUs).toBe(10_000);
    expect(h!.done).toBe(false);
    // Before the link goes down there is no handover to show.
    expect(handoverBudgets(w.records, ld - 1)).toEqual([]);
  });

  it('over every built-in scenario: stretches in time order, never overlapping, summing to the total', async () => {
    for (const id of builtinIds()) {
      const w = await run(id);
      const end = w.records[w.records.length - 1]!.t;
      for (const h of handoverBudgets(w.records, end)) {
        let t = -Infinity;
        let sum = 0;
        h.segments.forEach((s, i) => {
          expect(s.start, `${id} #${h.n} ${s.part}`).toBeGreaterThanOrEqual(t);
          // Only the last stretch may still be under way when the run ends (err-pingpong's binding).
          if (s.end === null) expect(i, `${id} #${h.n} ${s.part}`).toBe(h.segments.length - 1);
          t = s.end ?? end;
          sum += t - s.start;
        });
        expect(h.totalUs, id).toBe(sum);
        if (h.segments.every((s) => s.end !== null)) {
          const parts = BUDGET_PARTS.map((p) => h.parts[p]).filter((v) => typeof v === 'number');
          expect(
            parts.reduce((a, b) => a + b, 0),
            id,
          ).toBe(sum);
        }
        expect(h.parts.l2, `${id} #${h.n}`).not.toBeNull();
      }
    }
  });
});
