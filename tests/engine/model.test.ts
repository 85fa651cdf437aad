// Model-based random tests (issue 4): random movements, modes and seeds over the two-cell and
// three-cell worlds; after each run, the invariants the draft and the lab rely on.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { run, variant } from './helpers.ts';
import type { TraceRecord } from '../../core/trace.ts';
import type { World } from '../../core/engine/world.ts';
import { invariantViolations, viewOf } from '../invariants.ts';

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

/** The invariants of tests/invariants.ts (shared with the BETH model test and `npm run soak`). */
function checkInvariants(w: World, recs: readonly TraceRecord[] = w.records) {
  expect(invariantViolations(viewOf(w, recs))).toEqual([]);
}

describe('model-based: random movements and seeds', () => {
  it('conservation, no loops, tunnels within lifetime, no forwarding before the F-BU, nCoA unused until confirmed', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (a) => {
        const w = await run(build(a), a.seed);
        checkInvariants(w);
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
          checkInvariants(lab.world, recs);
        },
      ),
      { numRuns: 12, seed: 7, endOnFailure: true },
    );
  });
});
