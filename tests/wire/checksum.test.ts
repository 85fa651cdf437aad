// The Internet checksum (RFC 1071): the scalar and the SIMD (v128) sums give the same answer as a
// plain reference on every length and content, and a known vector checks the reference itself.
import { describe, expect, it, beforeAll } from 'vitest';
import fc from 'fast-check';
import { loadPacketCore, type PacketCore } from '../../core/wasm.ts';

let core: PacketCore;
beforeAll(async () => {
  core = await loadPacketCore();
});

function reference(b: Uint8Array): number {
  let s = 0;
  for (let i = 0; i < b.length; i += 2) s += ((b[i] ?? 0) << 8) | (b[i + 1] ?? 0);
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return ~s & 0xffff;
}

describe('checksum', () => {
  it("the reference gives RFC 1071 §3's example sum (00 01 f2 03 f4 f5 f6 f7 → ~0xddf2)", () => {
    expect(reference(Uint8Array.of(0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7))).toBe(~0xddf2 & 0xffff);
  });
  it('scalar and SIMD agree with the reference on any bytes, odd lengths included', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4000 }), (b) => {
        new Uint8Array(core.memory.buffer).set(b, core.pktIn());
        const want = reference(b);
        expect(core.checksumLoop(b.length, 1, 0) & 0xffff).toBe(want);
        expect(core.checksumLoop(b.length, 1, 1) & 0xffff).toBe(want);
      }),
      { numRuns: 500, seed: 9 },
    );
  });
  it("agree on a full 64 KiB of 0xff (the lanes' worst case)", () => {
    const b = new Uint8Array(65536).fill(0xff);
    new Uint8Array(core.memory.buffer).set(b, core.pktIn());
    expect(core.checksumLoop(65536, 1, 1) & 0xffff).toBe(reference(b));
    expect(core.checksumLoop(65536, 1, 0) & 0xffff).toBe(reference(b));
  });
});
