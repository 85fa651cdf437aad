// §8 security: the AH stand-in (core/wire/auth.ts over assembly/auth.ts). The ICV is HMAC-SHA-256
// truncated to 96 bits, so the hash itself is checked first against RFC 4231's vectors and Node's
// crypto; then the AH of RFC 2402 as §5.2.1/§5.2.2/§8.2.2 (HI, HACK, HTT) and §8.1 (F-BU) need it:
// round trips, every kind of tampering rejected with a status, anti-replay, and real tshark.
import { describe, expect, it, beforeAll } from 'vitest';
import { createHash, createHmac } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { loadCodec, type Codec } from '../../core/wire/codec.ts';
import { authFor, newSa, hasAuth, labKey, AH_LEN, NH_AH, type Authenticator } from '../../core/wire/auth.ts';
import { writePcap } from '../../core/wire/pcap.ts';
import { SAMPLES } from '../../core/wire/samples.ts';
import type { Message } from '../../core/wire/types.ts';

let codec: Codec;
let auth: Authenticator;
const hexOf = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const fill = (v: number, n: number): Uint8Array => new Uint8Array(n).fill(v);

beforeAll(async () => {
  codec = await loadCodec();
  auth = authFor(codec.core);
});

// The messages §8 says must be authenticated: HI, HACK, HTT (§8.2.2) and the F-BU (§8.1).
const SIGNED = ['HI', 'HACK', 'HI-H', 'HACK-R', 'HTT-HI', 'HTT-HACK', 'F-BU'] as const;
const sample = (k: string): Uint8Array => codec.emit(SAMPLES[k] as Message);

describe('HMAC-SHA-256 in the packet core', () => {
  // RFC 4231 §4.2–§4.8, the HMAC-SHA-256 lines.
  const cases: [string, Uint8Array, Uint8Array, string][] = [
    ['1', fill(0x0b, 20), bytes('Hi There'), 'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7'],
    [
      '2',
      bytes('Jefe'),
      bytes('what do ya want for nothing?'),
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    ],
    ['3', fill(0xaa, 20), fill(0xdd, 50), '773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe'],
    [
      '4',
      Uint8Array.from({ length: 25 }, (_, i) => i + 1),
      fill(0xcd, 50),
      '82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b',
    ],
    [
      '6',
      fill(0xaa, 131),
      bytes('Test Using Larger Than Block-Size Key - Hash Key First'),
      '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54',
    ],
    [
      '7',
      fill(0xaa, 131),
      bytes(
        'This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.',
      ),
      '9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2',
    ],
  ];
  it.each(cases)('RFC 4231 test case %s', (_n, key, data, want) => {
    expect(hexOf(auth.hmac(key, data))).toBe(want);
  });
  it('RFC 4231 test case 5: output truncated to 128 bits (truncation is how the AH uses it)', () => {
    expect(hexOf(auth.hmac(fill(0x0c, 20), bytes('Test With Truncation')).subarray(0, 16))).toBe(
      'a3b6167473100ee06e0c796c2955552b',
    );
  });
  it('SHA-256 and HMAC agree with Node crypto on random keys and data (block boundaries included)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.uint8Array({ maxLength: 300 }), (key, data) => {
        expect(hexOf(auth.sha256(data))).toBe(createHash('sha256').update(data).digest('hex'));
        expect(hexOf(auth.hmac(key, data))).toBe(createHmac('sha256', key).update(data).digest('hex'));
      }),
      { numRuns: 300, seed: 4231 },
    );
  });
});

describe('addAuth / verifyAuth (RFC 2402 AH after the IPv6 header)', () => {
  const key = (): Uint8Array => labKey(auth, 'oAR<->nAR');

  it.each(SIGNED)('%s: AH inserted, chain and length fixed, verifies, strips back to the exact original bytes', (k) => {
    const plain = sample(k);
    const sa = newSa(0x1001, key());
    const signed = auth.addAuth(plain, sa);
    expect(signed.length).toBe(plain.length + AH_LEN);
    const dv = new DataView(signed.buffer);
    expect(dv.getUint16(4)).toBe(plain.length - 40 + AH_LEN); // IPv6 Payload Length
    expect(signed[6]).toBe(NH_AH); // IPv6 Next Header = AH
    expect(signed[40]).toBe(plain[6]); // AH Next Header = what followed (58 ICMPv6, 60 dest. options)
    expect(signed[41]).toBe(4); // Payload Len: 6 words - 2
    expect(dv.getUint16(42)).toBe(0); // Reserved
    expect(dv.getUint32(44)).toBe(0x1001); // SPI
    expect(dv.getUint32(48)).toBe(1); // first Sequence Number is 1 (§3.3.2)
    expect(hasAuth(signed)).toBe(true);
    const rx = newSa(0x1001, key());
    const r = auth.verifyAuth(signed, [rx]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(hexOf(r.packet)).toBe(hexOf(plain));
    const parsed = codec.parse(r.packet);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.msg.kind).toBe((SAMPLES[k] as Message).kind);
    // The codec alone reads through the AH and reports it, unverified: SPI and Sequence Number.
    expect(codec.parse(signed)).toEqual({ ok: true, msg: { ...SAMPLES[k], auth: { spi: 0x1001, seq: 1 } } });
  });

  it('an unsigned packet is NoAuth', () => {
    const plain = sample('HI');
    expect(auth.verifyAuth(plain, [newSa(0x1001, key())])).toEqual({ ok: false, status: 'NoAuth' });
  });

  it('the wrong key gives BadIcv; an SPI the receiver does not hold gives UnknownSpi', () => {
    const signed = auth.addAuth(sample('HI'), newSa(0x1001, key()));
    expect(auth.verifyAuth(signed, [newSa(0x1001, labKey(auth, 'attacker'))])).toMatchObject({
      ok: false,
      status: 'BadIcv',
    });
    expect(auth.verifyAuth(signed, [newSa(0x2002, key())])).toMatchObject({
      ok: false,
      status: 'UnknownSpi',
      spi: 0x1001,
    });
  });

  it('mutable fields (traffic class, flow label, hop limit) may change en route: still valid (RFC 2402 §3.3.3.1.2)', () => {
    const signed = auth.addAuth(sample('F-BU'), newSa(0x1001, key()));
    signed[0] = 0x6f; // traffic class high nibble
    signed[1] = 0xff;
    signed[2] = 0x12; // flow label
    signed[7] = 17; // hop limit decremented by routers
    expect(auth.verifyAuth(signed, [newSa(0x1001, key())]).ok).toBe(true);
  });

  it('any change to an immutable octet is rejected with a status, never accepted (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SIGNED), fc.nat(), fc.integer({ min: 1, max: 255 }), (k, pos, x) => {
        const signed = auth.addAuth(sample(k), newSa(0x1001, key()));
        const mutable = new Set([1, 2, 3, 7]); // traffic class / flow label low bits, hop limit
        const i = pos % signed.length;
        fc.pre(!mutable.has(i) && !(i === 0 && (x & 0xf0) === 0)); // byte 0: only the version nibble is immutable
        signed[i] = signed[i]! ^ x;
        const r = auth.verifyAuth(signed, [newSa(0x1001, key())]);
        expect(r.ok).toBe(false);
        if (!r.ok) expect(['BadIcv', 'UnknownSpi', 'NoAuth', 'BadLength', 'Replay', 'Truncated']).toContain(r.status);
      }),
      { numRuns: 400, seed: 2402 },
    );
  });

  it('a forged F-BU (attacker without the key, its own ICV) is BadIcv; replaying a genuine one is Replay', () => {
    const mnSa = newSa(0x3003, labKey(auth, 'MN<->oAR'));
    const arView = newSa(0x3003, labKey(auth, 'MN<->oAR'));
    const genuine = auth.addAuth(sample('F-BU'), mnSa);
    const forged = auth.addAuth(sample('F-BU'), newSa(0x3003, labKey(auth, 'guess')));
    expect(auth.verifyAuth(forged, [arView])).toMatchObject({ ok: false, status: 'BadIcv' });
    expect(auth.verifyAuth(genuine, [arView]).ok).toBe(true);
    expect(auth.verifyAuth(genuine, [arView])).toMatchObject({ ok: false, status: 'Replay' });
  });

  it('anti-replay window: late packets inside the 32-packet window pass once, older ones are Replay (RFC 2402 §3.4.3)', () => {
    const tx = newSa(0x1001, key());
    const rx = newSa(0x1001, key());
    const pkts = Array.from({ length: 40 }, () => auth.addAuth(sample('HACK'), tx));
    expect(auth.verifyAuth(pkts[39]!, [rx]).ok).toBe(true); // seq 40
    expect(auth.verifyAuth(pkts[10]!, [rx]).ok).toBe(true); // seq 11: 29 behind, inside
    expect(auth.verifyAuth(pkts[10]!, [rx])).toMatchObject({ status: 'Replay' });
    expect(auth.verifyAuth(pkts[5]!, [rx])).toMatchObject({ status: 'Replay' }); // seq 6: 34 behind, outside
    // A forged packet with a fresh sequence number must not move the window.
    const forged = auth.addAuth(sample('HACK'), { ...newSa(0x1001, labKey(auth, 'x')), seq: 99 });
    expect(auth.verifyAuth(forged, [rx])).toMatchObject({ status: 'BadIcv' });
    expect(rx.replay.top).toBe(40);
  });

  it('random and truncated bytes never throw: always a status', () => {
    const rx = newSa(0x1001, key());
    const signed = auth.addAuth(sample('HTT-HI'), newSa(0x1001, key()));
    for (let n = 0; n < signed.length; n++) {
      const r = auth.verifyAuth(signed.subarray(0, n), [rx]);
      expect(r.ok).toBe(false);
    }
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 120 }), (b) => {
        if (b.length > 6) b[6] = NH_AH;
        const r = auth.verifyAuth(b, [rx]);
        expect(r.ok).toBe(false);
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  it('the packet core refuses to sign a packet whose IPv6 Payload Length disagrees with its bytes; the SA does not advance', () => {
    const sa = newSa(0x1001, key());
    const bad = sample('HI').slice();
    new DataView(bad.buffer).setUint16(4, bad.length); // 40 too many
    expect(() => auth.addAuth(bad, sa)).toThrow(/BadLength/);
    expect(sa.seq).toBe(0);
    const good = auth.addAuth(sample('HI'), sa);
    expect(new DataView(good.buffer).getUint32(48)).toBe(1); // the refused packet used no sequence number
  });

  it('a packet with a bad ICV is handed back untouched: the receiver window stays where it was', () => {
    const tx = newSa(0x1001, key());
    const rx = newSa(0x1001, key());
    const signed = auth.addAuth(sample('HI'), tx);
    const forged = signed.slice();
    forged[forged.length - 1] = (forged[forged.length - 1] ?? 0) ^ 1;
    const before = forged.slice();
    expect(auth.verifyAuth(forged, [rx])).toMatchObject({ ok: false, status: 'BadIcv' });
    expect(forged).toEqual(before);
    expect(rx.replay).toEqual({ top: 0, bitmap: 0 });
    expect(auth.verifyAuth(signed, [rx])).toMatchObject({ ok: true, seq: 1 });
  });
});

describe('tshark decodes AH-protected handover messages', () => {
  it('no malformed packet, no warning; AH fields and the inner ICMPv6 checksum are good', () => {
    const found = spawnSync('tshark', ['-v'], { encoding: 'utf8' });
    if (found.error || found.status !== 0)
      throw new Error('tshark is not installed: apt-get install -y tshark (required, not skipped)');
    const sa = newSa(0x1001, labKey(auth, 'oAR<->nAR'));
    const frames = SIGNED.map((k, i) => ({ tUs: i * 1000, bytes: auth.addAuth(sample(k), sa) }));
    const dir = mkdtempSync(join(tmpdir(), 'fmip-ah-'));
    const file = join(dir, 'ah.pcap');
    writeFileSync(file, writePcap(frames));
    const bad = spawnSync('tshark', ['-r', file, '-Y', '_ws.malformed || _ws.expert.severity >= warning'], {
      encoding: 'utf8',
    });
    expect(bad.status, bad.stderr).toBe(0);
    expect(bad.stdout).toBe('');
    const f = spawnSync(
      'tshark',
      [
        '-r',
        file,
        '-T',
        'fields',
        '-e',
        'ah.spi',
        '-e',
        'ah.sequence',
        '-e',
        'ah.icv',
        '-e',
        'icmpv6.checksum.status',
        '-e',
        'ipv6.dstopts.nxt',
      ],
      {
        encoding: 'utf8',
      },
    );
    expect(f.status, f.stderr).toBe(0);
    const rows = f.stdout
      .trimEnd()
      .split('\n')
      .map((l) => l.split('\t'));
    expect(rows).toHaveLength(SIGNED.length);
    rows.forEach(([spi, seq, icv, ck], i) => {
      expect(Number(spi)).toBe(0x1001);
      expect(Number(seq)).toBe(i + 1);
      expect((icv ?? '').replace(/:/g, '')).toBe(hexOf(frames[i]!.bytes.subarray(52, 64)));
      if (SIGNED[i] !== 'F-BU') expect(ck, SIGNED[i]).toBe('1'); // checksum unaffected by the AH
    });
  });
});
