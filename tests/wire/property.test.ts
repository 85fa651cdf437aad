// Property tests (fast-check): for every message and option, emit then parse gives back the
// value (wasm codec and reference decoder alike), and the reference decoder is a differential
// oracle for the wasm parser on random valid and randomly damaged packets: same verdict, same
// status, same offset.
import { describe, expect, it, beforeAll } from 'vitest';
import fc from 'fast-check';
import { loadCodec, type Codec } from '../../core/wire/codec.ts';
import { decode, fields } from '../../core/wire/reference.ts';
import { BY_KIND, arbMessage, arbMutation, mutate } from './arbitraries.ts';

let codec: Codec;
beforeAll(async () => {
  codec = await loadCodec();
});

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
  it('agree on random bytes behind a valid-looking IPv6 header', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(58, 60, 17, 41, 0),
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
      fc.property(arbMessage, arbMutation, (msg, muts) => {
        const bytes = mutate(codec.emit(msg), muts);
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
