// Property tests (fast-check): for every message and option, emit then parse gives back the
// value (wasm codec and reference decoder alike), and the reference decoder is a differential
// oracle for the wasm parser on random valid and randomly damaged packets: same verdict, same
// status, same offset.
import { describe, expect, it, beforeAll } from 'vitest';
import fc from 'fast-check';
import { loadCodec, type Codec } from '../../core/wire/codec.ts';
import { decode, fields } from '../../core/wire/reference.ts';
import { authFor, newSa, type Authenticator } from '../../core/wire/auth.ts';
import { BY_KIND, arbMessage, arbMutation, arbPlain, mutate } from './arbitraries.ts';

let codec: Codec;
let auth: Authenticator;
beforeAll(async () => {
  codec = await loadCodec();
  auth = authFor(codec.core);
});
/** §8: the packet signed with an AH (RFC 2402) under an SA with this SPI, its sequence number set. */
const signed = (bytes: Uint8Array, spi: number, seq: number): Uint8Array =>
  auth.addAuth(bytes, { ...newSa(spi, new Uint8Array(32).fill(7)), seq: seq - 1 });
const arbSpi = fc.integer({ min: 256, max: 0xffffffff });
const arbSeq = fc.integer({ min: 1, max: 0xffffffff });

describe('emit then parse gives back the value', () => {
  for (const [kind, arb] of Object.entries(BY_KIND)) {
    it(kind, () => {
      fc.assert(
        fc.property(arb, (msg) => {
          const bytes = codec.emit(msg);
          expect(codec.parse(bytes)).toEqual({ ok: true, msg });
          expect(decode(bytes)).toEqual({ ok: true, msg });
        }),
        { numRuns: 300, seed: 3 },
      );
    });
  }
  it('any message behind an AH (§8): the same value plus auth { spi, seq }, wasm and reference alike', () => {
    fc.assert(
      fc.property(arbPlain, arbSpi, arbSeq, (msg, spi, seq) => {
        const bytes = signed(codec.emit(msg), spi, seq);
        const want = { ok: true, msg: { ...msg, auth: { spi, seq } } };
        expect(codec.parse(bytes)).toEqual(want);
        expect(decode(bytes)).toEqual(want);
      }),
      { numRuns: 500, seed: 8 },
    );
  });
  it('tunnelled messages (RFC 2473, up to 3 deep)', () => {
    fc.assert(
      fc.property(arbMessage, (msg) => {
        expect(codec.parse(codec.emit(msg))).toEqual({ ok: true, msg });
      }),
      { numRuns: 500, seed: 4 },
    );
  });
});

describe('differential: wasm parser vs TypeScript reference decoder', () => {
  it('agree on damaged packets (verdict, status and offset)', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(arbMessage, arbMutation, (msg, muts) => {
        const bytes = mutate(codec.emit(msg), muts);
        const r = codec.parse(bytes);
        seen.add(r.ok ? 'ok' : r.status);
        expect(r).toEqual(decode(bytes));
      }),
      { numRuns: 4000, seed: 5 },
    );
    // The damage must reach well past the checksum for the comparison to mean anything.
    for (const s of ['ok', 'Truncated', 'BadLength', 'BadChecksum', 'BadVersion', 'UnknownNextHeader'])
      expect(seen).toContain(s);
    expect(seen.size).toBeGreaterThanOrEqual(10);
  });
  it('agree on damaged AH-protected packets (§8), the AH itself included', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(arbPlain, arbSpi, arbMutation, (msg, spi, muts) => {
        const bytes = mutate(signed(codec.emit(msg), spi, 1), muts);
        const r = codec.parse(bytes);
        seen.add(r.ok ? 'ok' : `${r.status}@${r.offset !== undefined && r.offset >= 40 && r.offset < 64 ? 'AH' : 'x'}`);
        expect(r).toEqual(decode(bytes));
      }),
      { numRuns: 3000, seed: 9 },
    );
    // The damage reaches the AH's own checks and the message behind it.
    for (const s of ['ok', 'Truncated@AH', 'BadLength@AH', 'UnknownNextHeader@AH']) expect(seen).toContain(s);
  });
  it('agree on random bytes behind a valid-looking IPv6 header', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(58, 60, 17, 41, 51, 0),
        fc.uint8Array({ maxLength: 120 }),
        fc.integer({ min: 0, max: 255 }),
        (nh, body, hop) => {
          const b = new Uint8Array(40 + body.length);
          b[0] = 0x60;
          b[4] = body.length >> 8;
          b[5] = body.length & 255;
          b[6] = nh;
          b[7] = hop;
          b.set(body, 40);
          expect(codec.parse(b)).toEqual(decode(b));
        },
      ),
      { numRuns: 3000, seed: 6 },
    );
  });
  it('fields() never throws and flags the problem where decoding stopped', () => {
    fc.assert(
      fc.property(arbMessage, fc.boolean(), arbMutation, (msg, ah, muts) => {
        const plain = codec.emit(msg);
        const bytes = mutate(ah && msg.kind !== 'TUNNEL' ? signed(plain, 0x1001, 1) : plain, muts);
        const f = fields(bytes);
        const r = decode(bytes);
        const problems = f.filter((x) => x.problem);
        if (r.ok) expect(problems).toEqual([]);
        else expect(problems).toEqual([expect.objectContaining({ problem: r.status, offset: r.offset })]);
      }),
      { numRuns: 1000, seed: 7 },
    );
  });
});
