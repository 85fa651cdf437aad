// The kernel (issue 4 "Kernel"): integer µs clock, (time, sequence) order, cancellable timers,
// one seeded random source, fingerprints.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Fingerprint, Kernel, Rng } from '../../core/sim/kernel.ts';

describe('kernel', () => {
  it('runs events in time order and ties first-in first-out', () => {
    const k = new Kernel(2);
    const seen: string[] = [];
    k.at(30, () => seen.push('c30'));
    k.at(10, () => seen.push('a10'));
    k.at(10, () => seen.push('b10'));
    k.at(20, () => {
      seen.push('x20');
      k.after(0, () => seen.push('y20')); // same time, scheduled later: runs after
      k.after(10, () => seen.push('z30')); // ties with c30, scheduled later: after it
    });
    k.runUntil(100);
    expect(seen).toEqual(['a10', 'b10', 'x20', 'y20', 'c30', 'z30']);
    expect(k.now).toBe(100);
  });

  it('cancels pending timers, and a stale id never cancels a reused slot', () => {
    const k = new Kernel(1);
    const seen: number[] = [];
    const a = k.at(5, () => seen.push(5));
    k.at(6, () => seen.push(6));
    k.cancel(a);
    k.runUntil(10);
    expect(seen).toEqual([6]);
    const b = k.at(20, () => seen.push(20)); // reuses a freed slot
    k.cancel(a); // the old handle must not hit the new event
    k.runUntil(30);
    expect(seen).toEqual([6, 20]);
    expect(b).not.toBe(a);
  });

  it('refuses non-integer or past times', () => {
    const k = new Kernel();
    k.runUntil(50);
    expect(() => k.at(49, () => {})).toThrow(RangeError);
    expect(() => k.at(50.5, () => {})).toThrow(RangeError);
  });

  it('stays ordered under a random hold model (heap invariant)', () => {
    const k = new Kernel(4);
    const rng = new Rng(7);
    let last = -1;
    let ok = true;
    const hold = () => {
      if (k.now < last) ok = false;
      last = k.now;
      k.after(rng.int(0, 1000), hold);
    };
    for (let i = 0; i < 200; i++) k.at(rng.int(0, 1000), hold);
    for (let i = 0; i < 20_000; i++) k.step();
    expect(ok).toBe(true);
    expect(k.pending).toBe(200);
  });

  it('ties stay first-in first-out across the wheel and the heap (events beyond 32.8 ms, then nearer)', () => {
    const k = new Kernel();
    const seen: string[] = [];
    k.at(100_000, () => seen.push('far-1')); // beyond the window: in the heap
    k.at(100_000, () => seen.push('far-2'));
    k.at(90_000, () => {
      k.at(100_000, () => seen.push('near-3')); // now in the window: after the two older ones
      k.after(0, () => seen.push('now-90'));
    });
    k.runUntil(200_000);
    expect(seen).toEqual(['now-90', 'far-1', 'far-2', 'near-3']);
  });

  it('an event earlier than the window (moved on by a cancelled event) still runs first, in order', () => {
    const k = new Kernel();
    const seen: string[] = [];
    const x = k.at(50_000, () => seen.push('cancelled'));
    k.at(60_000, () => seen.push('b'));
    k.cancel(x);
    expect(k.peek()).toBe(60_000); // the window has passed 50,000 without running anything
    k.at(10, () => seen.push('a')); // now is still 0
    k.at(10, () => seen.push('a2'));
    k.runUntil(100_000);
    expect(seen).toEqual(['a', 'a2', 'b']);
  });

  it('same order as a plain sorted queue for random delays, cancellations and time slices', () => {
    // A reference: every event with its (time, sequence); the next is the smallest pair.
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 120_000 }), fc.boolean(), fc.integer({ min: 0, max: 3 })), {
          minLength: 1,
          maxLength: 300,
        }),
        fc.integer({ min: 1, max: 90_000 }),
        (plan, slice) => {
          const k = new Kernel(2);
          const got: number[] = [];
          const ref: { t: number; s: number; id: number; dead: boolean }[] = [];
          const ids: number[] = [];
          let seq = 0;
          let n = 0;
          const schedule = (at: number, kids: number) => {
            const id = n++;
            const s = seq++;
            ref.push({ t: at, s, id, dead: false });
            ids[id] = k.at(at, () => {
              got.push(id);
              // each event may schedule a few more, some cancelled right away
              for (let c = 0; c < kids && n < 600; c++) {
                const [d, cancel] = plan[(id + c) % plan.length]!;
                const child = n;
                schedule(k.now + d, 0);
                if (cancel) {
                  k.cancel(ids[child]!);
                  ref.find((r) => r.id === child)!.dead = true;
                }
              }
            });
          };
          plan.forEach(([d, , kids]) => schedule(d, kids));
          for (let t = 0; t < 400_000; t += slice) k.runUntil(t);
          k.runUntil(Infinity);
          // replay the reference with the same children (ids are deterministic)
          const want: number[] = [];
          const q = ref.slice();
          // the reference order is (time, sequence) over everything that was scheduled and not cancelled
          q.sort((a, b) => a.t - b.t || a.s - b.s);
          for (const r of q) if (!r.dead) want.push(r.id);
          expect(got).toEqual(want);
        },
      ),
      { numRuns: 200, seed: 11 },
    );
  });

  it('the random source replays from a seed', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const xa = Array.from({ length: 5 }, () => a.int(0, 1_000_000));
    expect(Array.from({ length: 5 }, () => b.int(0, 1_000_000))).toEqual(xa);
    expect(Array.from({ length: 5 }, () => c.int(0, 1_000_000))).not.toEqual(xa);
  });

  it('fingerprints depend on the content and the order of events', () => {
    const f = (xs: string[]) => {
      const fp = new Fingerprint();
      xs.forEach((x) => fp.add(x));
      return fp.value;
    };
    expect(f(['a', 'b'])).toBe(f(['a', 'b']));
    expect(f(['a', 'b'])).not.toBe(f(['b', 'a']));
    expect(f(['ab'])).not.toBe(f(['a', 'b']));
  });
});
