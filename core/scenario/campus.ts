// The campus of the engine's benchmark (bench/campus.ts, issue 4 / 14): a G × G grid of access
// routers 100 m apart (radius 75 m), neighbouring ARs linked, the HA and the CN one wired hop from
// every AR; N mobile nodes on random waypoints at 5–15 m/s with a 20 ms voice stream each way.
// Deterministic for a seed (the kernel's Rng). The tests build small ones (a 3 × 3 grid, a few MNs)
// to check that a run without a trace keeps the measures of a traced one.
import { Rng } from '../sim/kernel.ts';

export interface CampusOptions {
  /** Routers per side (10: the benchmark's 100 routers). */
  grid?: number;
  mns: number;
  durationUs: number;
  seed: number;
}

/** A campus scenario object (unvalidated: give it to validateScenario / resolveScenario). */
export function campus({ grid = 10, mns, durationUs, seed }: CampusOptions): Record<string, unknown> {
  const rng = new Rng(seed);
  const routers = [];
  const links = [];
  const G = grid;
  const S = 100; // spacing, m
  for (let i = 0; i < G; i++)
    for (let j = 0; j < G; j++) {
      const n = i * G + j;
      routers.push({
        name: `AR${n}`,
        x: 50 + j * S,
        y: 50 + i * S,
        radius: 75,
        lla: `02:00:00:01:${(n >> 8).toString(16).padStart(2, '0')}:${(n & 0xff).toString(16).padStart(2, '0')}`,
        prefix: `2001:db8:${(0x100 + n).toString(16)}::/64`,
      });
      // neighbouring ARs are linked (HI/HACK, forwarding); the HA and the CN reach every AR in one
      // wired hop (a flat campus core, its switching folded into the link delay)
      if (j > 0) links.push({ a: `AR${n - 1}`, b: `AR${n}`, delayUs: 1000, bandwidthBps: 1e9 });
      if (i > 0) links.push({ a: `AR${n - G}`, b: `AR${n}`, delayUs: 1000, bandwidthBps: 1e9 });
      links.push({ a: 'HA', b: `AR${n}`, delayUs: 5000, bandwidthBps: 10e9 });
      links.push({ a: 'CN', b: `AR${n}`, delayUs: 10000, bandwidthBps: 10e9 });
    }
  const mobiles = [];
  const traffic = [];
  const W = G * S;
  for (let m = 0; m < mns; m++) {
    const path = [];
    let t = 0;
    let x = 50 + rng.int(0, W - 100);
    let y = 50 + rng.int(0, W - 100);
    path.push({ t, x, y });
    while (t < durationUs) {
      const nx = 50 + rng.int(0, W - 100);
      const ny = 50 + rng.int(0, W - 100);
      const speed = 5 + rng.next() * 10; // m/s
      t += Math.max(1, Math.round((Math.hypot(nx - x, ny - y) / speed) * 1e6));
      path.push({ t, x: nx, y: ny });
      x = nx;
      y = ny;
    }
    const name = `MN${m}`;
    mobiles.push({
      name,
      x: path[0]!.x,
      y: path[0]!.y,
      lla: `02:00:00:02:${(m >> 8).toString(16).padStart(2, '0')}:${(m & 0xff).toString(16).padStart(2, '0')}`,
      iid: `::1:${(m + 1).toString(16)}`,
      mode: 'fast',
      initiation: m % 2 ? 'mobile' : 'network',
      path,
    });
    traffic.push({ dir: 'down', mn: name, intervalUs: 20000, payloadBytes: 160, startUs: rng.int(0, 19999) });
    traffic.push({ dir: 'up', mn: name, intervalUs: 20000, payloadBytes: 160, startUs: rng.int(0, 19999) });
  }
  return {
    id: `campus-${mns}`,
    title: 'campus',
    durationUs,
    width: W,
    height: W,
    routers,
    links,
    mobiles,
    traffic,
    radio: { tickUs: 20000 },
  };
}
