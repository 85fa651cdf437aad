// Random scenarios for the soak (issue 15): `npm run soak -- N` (scripts/soak.ts) runs N of them,
// tests/soak.test.ts a few hundred in CI. Each one draws, from its own seed: 2–4 routers in a row
// with random capabilities (fast or standard-only, stateless or stateful, buffering, nCoAs in use,
// exhausted pools, refusals, BETH with random Table 1 triggers, lifetimes, placement, renewal and
// grant policies, security associations), the MN's mode (fast / standard Mobile IPv6 / BETH),
// initiation, movement and speed, radio lead and layer-2 handover times, lost messages at the
// routers and the MN, and the engine's seed. Every run is checked with tests/invariants.ts.
import { runScenario } from '../core/engine/run.ts';
import { validateScenario } from '../core/scenario/schema.ts';
import { Rng } from '../core/sim/kernel.ts';
import { invariantViolations, viewOf } from './invariants.ts';

const ROUTER_MSGS = ['HI', 'HACK', 'F-BU', 'RtSolPr', 'F-NA', 'BU', 'HTT'];
const MN_MSGS = ['PrRtAdv', 'F-BACK', 'RA', 'BACK', 'NA'];

export interface SoakCase {
  index: number;
  seed: number;
  mode: string;
  scenario: Record<string, unknown>;
}

export function randomCase(index: number, baseSeed = 0x50a4): SoakCase {
  const rng = new Rng((baseSeed * 0x9e3779b1 + index * 0x85ebca6b) | 0);
  const pick = <T>(xs: readonly T[]): T => xs[rng.int(0, xs.length - 1)]!;
  const chance = (p: number) => rng.next() < p;
  const mode = pick(['fast', 'fast', 'mipv6', 'beth', 'beth'] as const);
  const n = rng.int(2, 4);
  const names = Array.from({ length: n }, (_, i) => `R${i + 1}`);
  const lose = (msgs: readonly string[]) => (chance(0.3) ? [{ msg: pick(msgs), count: rng.int(1, 3) }] : []);
  const routers = names.map((name, i) => {
    const stateful = chance(0.3);
    const caps: Record<string, unknown> =
      mode === 'beth'
        ? {
            beth: true,
            triggers: (() => {
              const t = { st: chance(0.6), tt: chance(0.6), ld: chance(0.7), lu: chance(0.7) };
              if (!t.st && !t.tt) t.st = true; // §3.2.1: at least one of L2-ST / L2-TT
              return t;
            })(),
            betLifetimeS: rng.int(1, 5),
            betPlacement: pick([0, 0.5, 1]),
            betRenew: chance(0.6),
            betGrant: chance(0.7),
          }
        : {
            fast: i === 0 || chance(0.85),
            stateful,
            buffer: chance(0.7),
            occupied: chance(0.15) ? [`2001:db8:${i + 1}::10`] : [],
            poolExhausted: stateful && chance(0.15),
            ...(chance(0.08) ? { hackCode: 128 } : {}),
            linkUpDelivers: chance(0.3),
          };
    caps.loseFirst = lose(ROUTER_MSGS);
    return {
      name,
      x: 100 + 200 * i,
      y: 150,
      radius: rng.int(105, 140),
      lla: `02:00:00:00:0${i + 1}:01`,
      prefix: `2001:db8:${i + 1}::/64`,
      caps,
    };
  });
  const links: Record<string, unknown>[] = [];
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) links.push({ a: names[i], b: names[j], delayUs: rng.int(500, 5000) * (j - i) });
  // Each router's own link to the core is its shortest way there (as in every lab topology). (This
  // once also hid a loop: the engine reverse-tunnelled any packet from the oCoA, transit ones
  // included; since issue 15's soak a reverse tunnel takes only what the MN sent on the access link,
  // §3.1.5, §3.3. The generator keeps the shape so that the recorded cases stay the same.)
  const core = rng.int(2000, 20000);
  for (const r of names) links.push({ a: 'HA', b: r, delayUs: core + rng.int(0, 400) });
  links.push({ a: 'CN', b: 'HA', delayUs: rng.int(2000, 30000) });
  // Movement: up to four legs at random speeds, anywhere along the row of cells (and back).
  let t = 0;
  const maxX = 100 + 200 * (n - 1) + 60;
  const path = [{ t: 0, x: 100, y: 150 }];
  for (let k = rng.int(1, 4); k > 0; k--) {
    t += rng.int(150, 1500) * 1000;
    path.push({ t, x: rng.int(40, maxX), y: rng.int(120, 180) });
  }
  const fast = mode === 'fast';
  const scenario = {
    id: `soak-${index}`,
    durationUs: t + 3_000_000,
    width: maxX + 100,
    height: 300,
    routers,
    links,
    mobiles: [
      {
        name: 'MN',
        x: 100,
        y: 150,
        lla: '02:00:00:00:00:10',
        iid: '::10',
        mode,
        initiation: pick(['mobile', 'network'] as const),
        path,
        loseFirst: lose(MN_MSGS),
        fbuAfterMove: fast && chance(0.15),
      },
    ],
    traffic: [
      { dir: 'down', mn: 'MN', intervalUs: rng.int(10, 50) * 1000 },
      { dir: 'up', mn: 'MN', intervalUs: rng.int(10, 50) * 1000 },
    ],
    timers: { tunnelLifetimeS: rng.int(1, 5) },
    radio: { leadUs: rng.int(2, 400) * 1000, l2HandoverUs: rng.int(0, 200) * 1000, predict: pick(['path', 'heading']) },
    security: { associations: mode !== 'mipv6' && chance(0.2), attacks: [] },
  };
  return { index, seed: rng.int(0, 0xffff), mode, scenario };
}

export interface SoakResult {
  case: SoakCase;
  /** Invariant violations, or the validation errors of a case the generator got wrong. */
  problems: string[];
}

/** Runs one case; never throws: an engine exception is a problem like any violation. */
export async function soakOne(c: SoakCase): Promise<SoakResult> {
  const v = validateScenario(c.scenario);
  if (!v.ok) return { case: c, problems: v.errors.map((e) => `invalid scenario: ${e.path}: expected ${e.expected}`) };
  try {
    const w = await runScenario(c.scenario, { seed: c.seed, trace: true });
    return { case: c, problems: invariantViolations(viewOf(w)) };
  } catch (e) {
    return { case: c, problems: [`engine threw: ${(e as Error).stack ?? String(e)}`] };
  }
}
