// Standard Mobile IPv6 against the fast handover on the same movement (issue 4 "Tests"): the fast
// handover's latency and loss are lower, and each agrees with a latency budget computed from the
// scenario's parameters.
import { describe, expect, it } from 'vitest';
import { run, variant } from './helpers.ts';
import { resolveScenario } from '../../core/engine/run.ts';

/** One-way delay between two wired nodes along the shortest path (the scenarios' routing). */
function pathDelay(sc: ReturnType<typeof resolveScenario>, a: string, b: string): number {
  const dist = new Map<string, number>([[a, 0]]);
  const frontier = [a];
  while (frontier.length) {
    const u = frontier.shift()!;
    for (const l of sc.links) {
      const v = l.a === u ? l.b : l.b === u ? l.a : undefined;
      if (v === undefined) continue;
      const d = dist.get(u)! + l.delayUs;
      if (d < (dist.get(v) ?? Infinity)) {
        dist.set(v, d);
        frontier.push(v);
      }
    }
  }
  return dist.get(b)!;
}

describe('standard Mobile IPv6 vs fast handover, same movement', () => {
  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: fast is faster and loses less; both match their budgets`, async () => {
      const fast = await run('fig3', seed);
      const std = await run('mipv6', seed);
      const sc = resolveScenario('mipv6');
      const f = fast.measures.handovers[0]!;
      const m = std.measures.handovers[0]!;
      expect(f.kind).toBe('fast');
      expect(m.kind).toBe('mipv6');
      expect(f.l3LatencyUs!).toBeLessThan(m.l3LatencyUs!);
      expect(f.lost).toBeLessThan(m.lost);
      const T = sc.timers;
      const R = sc.radio;
      const interval = sc.traffic[0]!.intervalUs;
      const air = R.airDelayUs + 1_000; // one-way air delay plus serialisation of a packet at 11 Mb/s (< 1 ms)
      const l2 = R.l2HandoverUs;
      // MIPv6 budget ≈ L2 + movement detection (wait for the next RA, ≤ raMax) + DAD + BU to the
      // CN (route optimisation: the first packet on the new path follows the CN's binding) + CN→MN,
      // measured from the last packet on the old path (≤ one packet interval before the link went down).
      const bu = air + pathDelay(sc, 'nAR', 'CN');
      const back = pathDelay(sc, 'CN', 'nAR') + air;
      const lo = l2 + T.dadUs + bu + back - interval;
      const hi = l2 + T.raMaxUs + T.dadUs + bu + interval + back + interval;
      expect(m.l3LatencyUs!).toBeGreaterThanOrEqual(lo);
      expect(m.l3LatencyUs!).toBeLessThanOrEqual(hi);
      // Fast budget ≈ L2 + the NA/F-NA on the new link + delivery of the nAR's buffer (§7), from the last
      // packet on the old path: at least the L2 time, at most L2 + one interval + a few air hops.
      expect(f.l3LatencyUs!).toBeGreaterThanOrEqual(l2);
      expect(f.l3LatencyUs!).toBeLessThanOrEqual(l2 + interval + 3 * air);
      // Loss: MIPv6 loses about every downstream packet of its latency, both directions; fast only the
      // upstream packets sent during the L2 outage.
      expect(m.lost).toBeGreaterThanOrEqual(Math.floor((m.l3LatencyUs! - 2 * interval) / interval));
      expect(f.lost).toBeLessThanOrEqual(Math.ceil(l2 / interval) + 1);
      expect(f.buffered).toBeGreaterThan(0);
    });
  }

  it('the budget follows the parameters: a longer DAD lengthens only standard MIPv6', async () => {
    const slow = (id: string) => variant(id, (s) => (s.timers = { ...(s.timers ?? {}), dadUs: 1_500_000 }));
    const f = (await run(slow('fig3'))).measures.handovers[0]!;
    const m = (await run(slow('mipv6'))).measures.handovers[0]!;
    const m0 = (await run('mipv6')).measures.handovers[0]!;
    expect(m.l3LatencyUs! - m0.l3LatencyUs!).toBeGreaterThan(400_000);
    expect(f.l3LatencyUs!).toBeLessThan(100_000);
  });
});
