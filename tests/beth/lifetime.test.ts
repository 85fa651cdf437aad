// §3.4.1 BET lifetime rules as pure functions (the engine tests show them in runs).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { classifyRenewal, negotiate, lifetimeUs, INFINITE_LIFETIME } from '../../core/roles/beth.ts';

describe('§3.4.1 lifetime negotiation', () => {
  it('"MUST be the shorter of the two lifetime values": never more than either offer', () => {
    fc.assert(
      fc.property(fc.nat({ max: 0xffffffff }), fc.nat({ max: 0xffffffff }), (a, b) => {
        const n = negotiate(a, b);
        expect(n).toBeLessThanOrEqual(a);
        expect(n).toBeLessThanOrEqual(b);
        expect([a, b]).toContain(n);
      }),
      { numRuns: 200, seed: 341 },
    );
  });
  it('zero from either side refuses the service; 0xffffffff ("until cancelled") only when both say so', () => {
    expect(negotiate(0, 30)).toBe(0);
    expect(negotiate(30, 0)).toBe(0);
    expect(negotiate(INFINITE_LIFETIME, 30)).toBe(30);
    expect(negotiate(INFINITE_LIFETIME, INFINITE_LIFETIME)).toBe(INFINITE_LIFETIME);
    expect(lifetimeUs(INFINITE_LIFETIME)).toBe(Number.MAX_SAFE_INTEGER);
    expect(lifetimeUs(0xffff)).toBe(65535 * 1e6); // 0xffff of §3.4.1 is an ordinary finite value here
  });
  it('HI(R): zero is immediate; shorter from the aAR is eventual; from the current AR, an extension', () => {
    expect(classifyRenewal(0, true, 10)).toBe('immediate');
    expect(classifyRenewal(0, false, 10)).toBe('immediate');
    expect(classifyRenewal(3, true, 10)).toBe('eventual');
    expect(classifyRenewal(30, true, 10)).toBe('extension');
    expect(classifyRenewal(3, false, 10)).toBe('extension');
  });
});
