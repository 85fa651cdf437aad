// Model-based random tests of tunnel-based handover: random movements across three BETH cells,
// random Table 1 trigger availability, random BET lifetimes and renewal policies, random seeds.
// Invariants: packet conservation; no forwarding loop; the BET lifetime never exceeds either
// side's offer (§3.4.1); no tunnel state lingers after the MN leaves or a lifetime ends (§3.2,
// §3.4.1, §3.5.2 "This assures that no tunnel state lingers on the ARs after the MN has disappeared").
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { run, decode, bethHeld, lifetimeOf } from './helpers.ts';
import type { World } from '../../core/engine/world.ts';
import { prefix64 } from '../../core/wire/addr.ts';
import { invariantViolations, viewOf } from '../invariants.ts';

const MN_LLA = '02:00:00:00:00:10';
const NAMES = ['R1', 'R2', 'R3'];

const arbTriggers = fc
  .record({ st: fc.boolean(), tt: fc.boolean(), ld: fc.boolean(), lu: fc.boolean() })
  .map((t) => (t.st || t.tt ? t : { ...t, st: true })); // §3.2.1: at least one of L2-ST / L2-TT
const arbRouter = fc.record({
  triggers: arbTriggers,
  betLifetimeS: fc.integer({ min: 1, max: 5 }),
  betPlacement: fc.constantFrom(0, 0.5, 1),
  betRenew: fc.boolean(),
  betGrant: fc.boolean(),
});
const arbPath = fc.array(fc.record({ dt: fc.integer({ min: 300, max: 1500 }), x: fc.integer({ min: 40, max: 560 }) }), {
  minLength: 1,
  maxLength: 4,
});

function scenario(
  routers: { triggers: object; betLifetimeS: number; betPlacement: number; betRenew: boolean; betGrant: boolean }[],
  path: { dt: number; x: number }[],
  renewAllowed: boolean,
) {
  let t = 0;
  const pts = [{ t: 0, x: 100, y: 150 }, ...path.map((p) => ({ t: (t += p.dt * 1000), x: p.x, y: 150 }))];
  const still = 2_000_000 + 5 * 1_000_000 + 1_500_000; // longest lifetime, plus DAD and the binding round trips
  return {
    id: 'beth-random',
    durationUs: t + still,
    routers: routers.map((r, i) => ({
      name: NAMES[i],
      x: 100 + 200 * i,
      y: 150,
      radius: 120,
      lla: `02:00:00:00:0${i + 1}:01`,
      prefix: `2001:db8:${i + 1}::/64`,
      caps: { beth: true, ...r, betRenew: renewAllowed && r.betRenew },
    })),
    links: [
      { a: 'R1', b: 'R2', delayUs: 2000 },
      { a: 'R2', b: 'R3', delayUs: 2000 },
      { a: 'R1', b: 'R3', delayUs: 3000 },
      ...NAMES.map((n) => ({ a: 'HA', b: n, delayUs: 10000 })),
      { a: 'CN', b: 'HA', delayUs: 15000 },
    ],
    mobiles: [{ name: 'MN', x: 100, y: 150, lla: MN_LLA, iid: '::10', mode: 'beth', initiation: 'network', path: pts }],
    traffic: [
      { dir: 'down', mn: 'MN', intervalUs: 20000 },
      { dir: 'up', mn: 'MN', intervalUs: 20000 },
    ],
  };
}

const offer = (w: World, name: string) => w.sc.routers.find((r) => r.name === name)!.caps.betLifetimeS;

async function invariants(w: World): Promise<void> {
  // Packet conservation, no forwarding loop, tunnels within their lifetimes, every BET within both
  // offers and torn down or renewed in time (tests/invariants.ts, shared with `npm run soak`).
  expect(invariantViolations(viewOf(w))).toEqual([]);
  // §3.4.1: "MUST be the shorter of the two lifetime values": every HACK within both offers.
  for (const r of w.records) {
    if (r.kind === 'tx' && r.msg === 'HACK' && r.flags && NAMES.includes(r.to)) {
      const l = lifetimeOf(await decode(r));
      if (l !== undefined) expect(l).toBeLessThanOrEqual(Math.min(offer(w, r.node), offer(w, r.to)));
    }
  }
  // Nothing lingers: tunnel state only where the MN's CoA is anchored and towards where the MN is.
  const mn = w.mobile('MN')!;
  const anchor = NAMES.find((n) => prefix64(`2001:db8:${NAMES.indexOf(n) + 1}::1`) === prefix64(mn.coa));
  for (const t of w.tunnelsAt()) {
    expect(t.node).toBe(anchor);
    expect(t.addr).toBe(mn.coa);
    expect(mn.ar).not.toBe(anchor);
  }
  for (const n of bethHeld(w, MN_LLA)) expect([anchor, mn.ar]).toContain(n);
  for (const n of NAMES) {
    const b = w.router(n)!.beth!;
    for (const a of b.anchors.values()) expect(a.expires).toBeGreaterThan(w.now);
    for (const s of b.serving.values()) expect(s.expires).toBeGreaterThan(w.now);
  }
}

describe('BETH model-based (fast-check)', () => {
  it('any movement, triggers, lifetimes, placement and renewal policy: conservation, no loop, lifetimes within both offers, state only on the anchor chain', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(arbRouter, { minLength: 3, maxLength: 3 }),
        arbPath,
        fc.integer({ min: 1, max: 1000 }),
        async (routers, path, seed) => {
          await invariants(await run(scenario(routers, path, true), seed));
        },
      ),
      { numRuns: 12, seed: 3402 },
    );
  });
  it('no renewal anywhere: once the lifetimes have ended, no router holds any tunnel or BETH state for the MN', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(arbRouter, { minLength: 3, maxLength: 3 }),
        arbPath,
        fc.integer({ min: 1, max: 1000 }),
        async (routers, path, seed) => {
          const w = await run(scenario(routers, path, false), seed);
          await invariants(w);
          expect(w.tunnelsAt()).toEqual([]);
          expect(bethHeld(w, MN_LLA)).toEqual([]);
        },
      ),
      { numRuns: 10, seed: 3512 },
    );
  });
});
