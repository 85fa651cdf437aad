// Model-based random tests (issue 4): random movements, modes and seeds over the two-cell and
// three-cell worlds; after each run, the invariants the draft and the lab rely on.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { run, variant } from './helpers.ts';
import type { TraceRecord } from '../../core/trace.ts';

const point = fc.record({ x: fc.integer({ min: 20, max: 500 }), y: fc.integer({ min: 60, max: 240 }) });
const scenarioArb = fc.record({
  base: fc.constantFrom('fig3', 'fig1', 'fig2', 'mipv6', 'err-ncoa-invalid', 'fig4'),
  points: fc.array(point, { minLength: 2, maxLength: 5 }),
  seed: fc.integer({ min: 0, max: 0xffff }),
  leadUs: fc.integer({ min: 0, max: 400_000 }),
  l2Us: fc.integer({ min: 0, max: 200_000 }),
});

function build(a: { base: string; points: { x: number; y: number }[]; seed: number; leadUs: number; l2Us: number }) {
  return variant(a.base, (s) => {
    const step = 2_400_000 / a.points.length;
    s.mobiles[0].path = [
      { t: 0, x: s.mobiles[0].x, y: s.mobiles[0].y },
      ...a.points.map((p, i) => ({ t: Math.round((i + 1) * step), x: p.x, y: p.y })),
    ];
    s.durationUs = 3_000_000;
    s.radio = { ...(s.radio ?? {}), leadUs: a.leadUs, l2HandoverUs: a.l2Us };
  });
}

function checkInvariants(
  recs: TraceRecord[],
  count: { sent: number; delivered: number; dropped: number; inFlight: number; buffered: number },
  violations: string[],
) {
  // Conservation: every packet sent is delivered, dropped with a reason, or still in flight / buffered.
  expect(count.sent).toBe(count.delivered + count.dropped + count.inFlight + count.buffered);
  const tx = new Set<number>();
  const ends = new Map<number, number>();
  for (const r of recs) {
    if (r.kind === 'tx') tx.add(r.pkt);
    if (r.kind === 'rx' || (r.kind === 'drop' && r.pkt !== undefined)) ends.set(r.pkt!, (ends.get(r.pkt!) ?? 0) + 1);
    if (r.kind === 'drop') expect(r.reason.length).toBeGreaterThan(0);
  }
  for (const [pkt, n] of ends) {
    expect(n).toBe(1); // one end per packet
    expect(tx.has(pkt)).toBe(true);
  }
  // No forwarding loop: no hop-limit drop, and no packet forwarded by one node more than twice.
  expect(violations.filter((v) => v.startsWith('hop limit'))).toEqual([]);
  const visits = new Map<string, number>();
  for (const r of recs)
    if (r.kind === 'fwd') {
      const k = `${r.pkt}@${r.node}`;
      visits.set(k, (visits.get(k) ?? 0) + 1);
    }
  for (const [, n] of visits) expect(n).toBeLessThanOrEqual(2); // once outer, at most once more after decap
  // No tunnel outlives its lifetime: every encapsulation at an AR happens within a live tunnel's lifetime.
  const ups: { node: string; peer: string; t: number; life: number; down?: number }[] = [];
  for (const r of recs) {
    if (r.kind === 'tunnel' && r.action === 'up')
      ups.push({ node: r.node, peer: r.peer, t: r.t, life: (r.lifetime ?? 0) * 1e6 });
    if (r.kind === 'tunnel' && r.action === 'down') {
      const u = [...ups].reverse().find((x) => x.node === r.node && x.peer === r.peer && x.down === undefined);
      if (u) u.down = r.t;
    }
    if (r.kind === 'encap' && r.node !== 'HA' && !(r.kind === 'encap' && r.msg === 'F-BACK')) {
      const live = ups.some(
        (u) =>
          u.node === r.node &&
          u.peer === r.peer &&
          u.t <= r.t &&
          r.t <= u.t + u.life &&
          (u.down === undefined || r.t <= u.down),
      );
      expect(live, `encap at ${r.node} to ${r.peer} at ${r.t} outside any tunnel's lifetime`).toBe(true);
    }
  }
  // No forwarding by the oAR before the F-BU (§3.1.1, §3.1.3): a (non-reverse) tunnel comes up only after an F-BU there.
  for (const [i, r] of recs.entries()) {
    if (r.kind !== 'tunnel' || r.action !== 'up' || r.type.endsWith('reverse')) continue;
    const fbuBefore = recs.slice(0, i).some((x) => x.kind === 'rx' && x.msg === 'F-BU' && x.node === r.node);
    expect(fbuBefore, `tunnel at ${r.node} without an F-BU`).toBe(true);
  }
}

describe('model-based: random movements and seeds', () => {
  it('conservation, no loops, tunnels within lifetime, no forwarding before the F-BU, nCoA unused until confirmed', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (a) => {
        const w = await run(build(a), a.seed);
        checkInvariants(w.records, w.count, w.violations);
        // §3.1.3: "the MN MUST NOT use the nCoA address as a source address until" it is confirmed.
        expect(w.violations.filter((v) => v.includes('unconfirmed'))).toEqual([]);
        // and the BUs that complete a handover bind only confirmed addresses
        const mn = w.mobile('MN')!;
        for (const r of w.records)
          if (r.kind === 'rx' && r.msg === 'BACK' && r.node === 'MN')
            expect(mn.confirmed.has(mn.coa) || mn.phase.p !== 'attached').toBe(true);
      }),
      { numRuns: 20, seed: 20240601, endOnFailure: true },
    );
  });

  it('live dragging: jumps between cells keep the same invariants', async () => {
    const { Lab } = await import('../../core/lab.ts');
    const { loadPacketCore } = await import('../../core/wasm.ts');
    const core = await loadPacketCore();
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            dt: fc.integer({ min: 1_000, max: 400_000 }),
            x: fc.integer({ min: 0, max: 520 }),
            y: fc.integer({ min: 0, max: 300 }),
          }),
          { minLength: 1, maxLength: 6 },
        ),
        fc.integer({ min: 0, max: 1000 }),
        async (moves, seed) => {
          const lab = new Lab(core, seed, 'fig3');
          const recs: TraceRecord[] = [];
          let t = 0;
          for (const m of moves) {
            t += m.dt;
            recs.push(...lab.advance(t));
            recs.push(...lab.move('MN', m.x, m.y));
          }
          recs.push(...lab.advance(t + 1_500_000));
          for (let i = 1; i < recs.length; i++) expect(recs[i]!.t).toBeGreaterThanOrEqual(recs[i - 1]!.t); // records in order
          checkInvariants(recs, lab.world.count, lab.world.violations);
        },
      ),
      { numRuns: 12, seed: 7, endOnFailure: true },
    );
  });
});
