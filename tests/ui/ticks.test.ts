// The time axis's ticks (core/views/ladder.ts timeTicks) search only where a tick can still fall;
// this checks that they are exactly the ticks of the plain search that tries every round time of
// every step (the definition, kept here as the reference), over random monotone axes: linear,
// stretched (the ladder's log gaps) and piecewise with flat and steep stretches.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { timeTicks, tickText, type Tick } from '../../core/views/ladder.ts';

const STEPS = [10_000_000, 5_000_000, 1_000_000, 500_000, 100_000, 50_000, 10_000, 5000, 1000, 500, 100];

function reference(yOf: (t: number) => number, t0: number, t1: number, minGap = 28): Tick[] {
  if (!(t1 >= t0)) return [];
  const out = new Map<number, number>();
  for (const s of STEPS) {
    if ((t1 - t0) / s > 20_000) break;
    for (let t = Math.ceil(t0 / s) * s; t <= t1; t += s) {
      if (out.has(t)) continue;
      const y = yOf(t);
      if (y - yOf(t - s) >= minGap && yOf(t + s) - y >= minGap) out.set(t, y);
    }
  }
  return [...out].sort((a, b) => a[0] - b[0]).map(([t, y]) => ({ t, y, text: tickText(t) }));
}

/** A monotone axis through the given (time step, px per ms) pieces. */
function piecewise(pieces: [number, number][]): (t: number) => number {
  const ts = [0];
  const ys = [36];
  for (const [dt, rate] of pieces) {
    ts.push(ts.at(-1)! + dt);
    ys.push(ys.at(-1)! + (dt / 1000) * rate);
  }
  const last = pieces.at(-1)?.[1] ?? 1;
  return (t) => {
    if (t <= 0) return 36 + (t / 1000) * (pieces[0]?.[1] ?? 1);
    let i = 1;
    while (i < ts.length && ts[i]! < t) i++;
    if (i === ts.length) return ys.at(-1)! + ((t - ts.at(-1)!) / 1000) * last;
    return ys[i - 1]! + ((t - ts[i - 1]!) / (ts[i]! - ts[i - 1]!)) * (ys[i]! - ys[i - 1]!);
  };
}

describe('timeTicks', () => {
  it('equals the plain search on linear and stretched axes', () => {
    const gap = (g: number) => (g <= 0 ? 0 : 14 + 16 * Math.log2(1 + g / 1000));
    const events = [0, 1_500_000, 1_505_000, 1_506_200, 1_507_300, 1_508_000, 1_700_000, 1_755_000, 3_500_000];
    const stretched = (t: number) => {
      let y = 44;
      let at = 0;
      for (const e of events) {
        if (e >= t) return y + gap(t - at);
        y += gap(e - at);
        at = e;
      }
      return y + gap(t - at);
    };
    for (const [yOf, t0, t1] of [
      [(t: number) => 36 + (t / 1000) * 2, 0, 1_000_000],
      [(t: number) => (t / 1000) * 0.05, 0, 60_000_000],
      [stretched, 0, 3_500_000],
      [stretched, 1_400_000, 1_800_000],
    ] as const)
      for (const g of [20, 28, 36]) expect(timeTicks(yOf, t0, t1, g)).toEqual(reference(yOf, t0, t1, g));
  });

  it('equals the plain search on random monotone axes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 100, max: 2_000_000 }), fc.double({ min: 0, max: 400, noNaN: true })), {
          minLength: 1,
          maxLength: 12,
        }),
        fc.integer({ min: 0, max: 3_000_000 }),
        fc.integer({ min: 0, max: 3_000_000 }),
        fc.integer({ min: 8, max: 40 }),
        (pieces, a, len, g) => {
          const yOf = piecewise(pieces);
          expect(timeTicks(yOf, a, a + len, g)).toEqual(reference(yOf, a, a + len, g));
        },
      ),
      { numRuns: 300 },
    );
  });
});
