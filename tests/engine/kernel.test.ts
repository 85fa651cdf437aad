// The kernel (issue 4 "Kernel"): integer µs clock, (time, sequence) order, cancellable timers,
// one seeded random source, fingerprints.
import { describe, expect, it } from 'vitest';
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
