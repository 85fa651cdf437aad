// Bad input: every parser takes untrusted bytes and answers with a status; each status below
// is produced by a packet built to provoke it, and the wasm parser and the reference decoder
// give the same answer. Also: unrecognised ICMP options are skipped (§5.1.1–§5.1.3 "Receivers
// MUST silently ignore any options they do not recognize") and unknown destination options
// follow the action in their two high bits (RFC 2460 §4.2).
import { describe, expect, it, beforeAll } from 'vitest';
import { loadCodec, EmitError, type Codec } from '../../core/wire/codec.ts';
import { decode } from '../../core/wire/reference.ts';
import type { Message, ParseResult } from '../../core/wire/types.ts';
import { SAMPLES, OAR, NAR, OCOA } from '../../core/wire/samples.ts';
import { vec, a, fillChecksum } from './helpers.ts';

let codec: Codec;
beforeAll(async () => {
  codec = await loadCodec();
});

const S = (k: string): Message => SAMPLES[k] as Message;
/** Both parsers, which must agree; returns the wasm answer. */
function both(b: Uint8Array): ParseResult {
  const r = codec.parse(b);
  expect(decode(b)).toEqual(r);
  return r;
}
const status = (b: Uint8Array): string => {
  const r = both(b);
  return r.ok ? 'ok' : r.status;
};
/** Emit, edit the ICMPv6 message bytes (offset 0 = ICMP type), fix the checksum. */
function icmpEdit(msg: Message, edit: (icmp: Uint8Array) => Uint8Array): Uint8Array {
  const p = codec.emit(msg);
  const body = edit(p.slice(40));
  const out = new Uint8Array(40 + body.length);
  out.set(p.subarray(0, 40));
  out.set(body, 40);
  out[4] = body.length >> 8;
  out[5] = body.length & 255;
  return fillChecksum(out, 58, 42);
}
const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};
const destOpts = (dst: string, rows: [string, string][]): Uint8Array => {
  const body = vec(rows);
  return concat(
    vec([
      ['6000 0000', 'v6'],
      [body.length.toString(16).padStart(4, '0') + '3c40', 'len, nh 60, hop 64'],
      [a(OCOA), 'src'],
      [a(dst), 'dst'],
    ]),
    body,
  );
};

describe('IPv6 framing', () => {
  it('Truncated: shorter than the IPv6 header, or than its Payload Length', () => {
    const hi = codec.emit(S('HI'));
    expect(both(hi.slice(0, 39))).toEqual({ ok: false, status: 'Truncated', offset: 0 });
    expect(both(hi.slice(0, hi.length - 1))).toEqual({ ok: false, status: 'Truncated', offset: 4 });
  });
  it('BadLength: bytes beyond the Payload Length', () => {
    expect(status(concat(codec.emit(S('HI')), new Uint8Array(1)))).toBe('BadLength');
  });
  it('BadVersion: version 4 in the first nibble', () => {
    const b = codec.emit(S('HI'));
    b[0] = 0x40;
    expect(status(b)).toBe('BadVersion');
  });
  it('UnknownNextHeader: TCP (6) is not part of the lab', () => {
    const b = codec.emit(S('HI'));
    b[6] = 6;
    expect(both(b)).toEqual({ ok: false, status: 'UnknownNextHeader', offset: 6 });
  });
  it('TooDeep: five nested RFC 2473 tunnels', () => {
    let b = codec.emit(S('DATA'));
    for (let i = 0; i < 5; i++) b = codec.encapsulate(OAR, NAR, b);
    expect(both(b)).toEqual({ ok: false, status: 'TooDeep', offset: 160 });
    // four are fine
    let c = codec.emit(S('DATA'));
    for (let i = 0; i < 4; i++) c = codec.encapsulate(OAR, NAR, c);
    expect(status(c)).toBe('ok');
  });
});

describe('ICMPv6 messages', () => {
  it('BadChecksum: one bit flipped in an HI (RFC 2463 §2.3)', () => {
    const b = codec.emit(S('HI'));
    b[60] = (b[60] ?? 0) ^ 1;
    expect(both(b)).toEqual({ ok: false, status: 'BadChecksum', offset: 40 });
  });
  it('UnknownType: ICMPv6 type 200', () => {
    expect(status(icmpEdit(S('HI'), (m) => ((m[0] = 200), m)))).toBe('UnknownType');
  });
  it('BadCode: HACK code 5 (§5.2.2 defines 0–4 and 128–130), PrRtAdv code 3 (§5.1.2)', () => {
    expect(status(icmpEdit(S('HACK'), (m) => ((m[1] = 5), m)))).toBe('BadCode');
    expect(status(icmpEdit(S('HACK'), (m) => ((m[1] = 131), m)))).toBe('BadCode');
    expect(status(icmpEdit(S('HACK'), (m) => ((m[1] = 130), m)))).toBe('ok');
    expect(status(icmpEdit(S('PrRtAdv'), (m) => ((m[1] = 3), m)))).toBe('BadCode');
  });
  it('BadHopLimit: an RA forwarded by a router (hop limit 64, RFC 2461 §6.1.2)', () => {
    const b = codec.emit({ ...S('RA'), hopLimit: 64 } as Message);
    expect(status(b)).toBe('BadHopLimit');
  });
  it('BadFlags: HI with S and H (§5.2.1 "Unset if the H, T, or R bit are set"), H with R', () => {
    expect(status(icmpEdit(S('HI-H'), (m) => ((m[6] = 0xa0), m)))).toBe('BadFlags');
    expect(status(icmpEdit(S('HI-H'), (m) => ((m[6] = 0x28), m)))).toBe('BadFlags');
    expect(() =>
      codec.emit({ ...S('HI'), flags: { S: true, U: false, H: true, T: false, R: false } } as Message),
    ).toThrow(EmitError);
  });
  it('BadOptionLength: an option of Length 0, and one running past the message', () => {
    expect(status(icmpEdit(S('HI'), (m) => ((m[9] = 0), m)))).toBe('BadOptionLength');
    expect(status(icmpEdit(S('HI'), (m) => ((m[9] = 30), m)))).toBe('BadOptionLength');
    // the IP Address option must be Length 3 (§5.4.1)
    expect(
      status(icmpEdit(S('HACK'), (m) => concat(m.slice(0, 9), Uint8Array.of(4), m.slice(10), new Uint8Array(8)))),
    ).toBe('BadOptionLength');
  });
  it('MissingOption: HI with H but no Lifetime (§5.2.1), F-NA without TLLA (§5.1.3), RtSolPr without the new AP LLA (§5.1.1)', () => {
    expect(status(icmpEdit(S('HI-H'), (m) => m.slice(0, m.length - 8)))).toBe('MissingOption');
    expect(status(icmpEdit(S('F-NA'), (m) => m.slice(0, 40)))).toBe('MissingOption');
    expect(() => codec.emit({ ...S('RtSolPr'), options: [] } as Message)).toThrow('MissingOption');
  });
  it('BadOptionOrder: new CoA before old CoA in an HI (§5.2.1 "in the indicated order")', () => {
    const hi = S('HI') as Extract<Message, { kind: 'HI' }>;
    const swapped = { ...hi, options: [hi.options[0]!, hi.options[2]!, hi.options[1]!] };
    expect(() => codec.emit(swapped)).toThrow('BadOptionOrder');
    expect(status(icmpEdit(hi, (m) => concat(m.slice(0, 24), m.slice(48, 72), m.slice(24, 48))))).toBe(
      'BadOptionOrder',
    );
  });
  it('BadField: Lifetime sub-type 2, NAACK sub-type 1, HI carrying a new-AP LLA', () => {
    expect(status(icmpEdit(S('HI-H'), (m) => ((m[m.length - 6] = 2), m)))).toBe('BadField');
    expect(status(icmpEdit(S('RA'), (m) => ((m[m.length - 6] = 1), m)))).toBe('BadField');
    expect(status(icmpEdit(S('HI'), (m) => ((m[10] = 1), m)))).toBe('BadField');
  });
  it('TooManyOptions: 33 options', () => {
    const ra = S('RA') as Extract<Message, { kind: 'RA' }>;
    expect(() =>
      codec.emit({ ...ra, options: new Array(33).fill({ type: 'SLLA', lla: '02:00:00:00:00:01' }) }),
    ).toThrow('TooManyOptions');
    const one = Uint8Array.of(1, 1, 2, 0, 0, 0, 0, 1);
    const b = icmpEdit(ra, (m) => concat(m.slice(0, 16), ...new Array<Uint8Array>(33).fill(one)));
    expect(status(b)).toBe('TooManyOptions');
  });
  it('unrecognised ICMP options are skipped, wherever they are', () => {
    const unknown = Uint8Array.of(250, 2, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14);
    const b = icmpEdit(S('HI'), (m) => concat(m.slice(0, 24), unknown, m.slice(24)));
    expect(both(b)).toEqual({ ok: true, msg: S('HI') });
  });
  it('§5.4.2: an LLA option attached to a standard ND message is silently ignored', () => {
    const lla = Uint8Array.of(231, 2, 1, 2, 0, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0);
    const b = icmpEdit(S('RS'), (m) => concat(m, lla));
    expect(both(b)).toEqual({ ok: true, msg: S('RS') });
  });
});

describe('home address in HI(H) / HACK(T) (§3.3 steps 2a/3a; IP Address sub-type 4)', () => {
  const hoa = (addr: string): Uint8Array =>
    vec([
      ['e6 03 04 40 00000000', 'IP Address, Sub-Type 4 = home'],
      [a(addr), ''],
    ]);
  it('MissingOption: an HI(H) or a HACK(T) without it (§3.3 "MUST contain")', () => {
    // HI(H): options start at 8; LLA 16 octets, then the home address option (24).
    expect(status(icmpEdit(S('HI-H'), (m) => concat(m.slice(0, 24), m.slice(48))))).toBe('MissingOption');
    // HACK(T): Lifetime 8 octets, then the home address option.
    expect(status(icmpEdit(S('HACK-T'), (m) => concat(m.slice(0, 16), m.slice(40))))).toBe('MissingOption');
    const noHome = {
      ...S('HACK-T'),
      options: (S('HACK-T') as { options: unknown[] }).options.filter((_, i) => i !== 1),
    };
    expect(() => codec.emit(noHome as Message)).toThrow('MissingOption');
  });
  it('BadOptionOrder: the home address after the oCoA (§3.3 lists it first)', () => {
    expect(
      status(icmpEdit(S('HI-H'), (m) => concat(m.slice(0, 24), m.slice(48, 72), m.slice(24, 48), m.slice(72)))),
    ).toBe('BadOptionOrder');
  });
  it('BadField: a home address anywhere else — HI(S/U), HI(T), HACK(R), HTT — §5 has no place for it', () => {
    expect(status(icmpEdit(S('HI'), (m) => concat(m.slice(0, 24), hoa(OCOA), m.slice(24))))).toBe('BadField');
    const hiT = { ...S('HI-H'), flags: { S: false, U: false, H: false, T: true, R: false } } as Message;
    expect(() => codec.emit(hiT)).toThrow('BadField');
    expect(status(icmpEdit(S('HI-H'), (m) => ((m[6] = 0x10), m)))).toBe('BadField'); // the HI(H) bytes with T
    expect(status(icmpEdit(S('HACK-R'), (m) => concat(m.slice(0, 16), hoa(OCOA), m.slice(16))))).toBe('BadField');
    expect(status(icmpEdit(S('HTT-HI'), (m) => concat(m, hoa(OCOA))))).toBe('BadField');
  });
});

describe('Authentication Header (RFC 2402; §5.2.1, §8.2.2)', () => {
  /** `p` with a 24-octet AH after its IPv6 header (Next Header = what followed, SPI 0x1001, seq 1), edited. */
  const withAh = (p: Uint8Array, edit: (ah: Uint8Array) => void = () => {}, ahLen = 24): Uint8Array => {
    const ah = new Uint8Array(ahLen);
    ah[0] = p[6] ?? 0;
    ah[1] = ahLen / 4 - 2;
    ah.set([0, 0, 0x10, 0x01, 0, 0, 0, 1], 4);
    edit(ah);
    const out = concat(p.subarray(0, 40), ah, p.subarray(40));
    out[6] = 51;
    out[4] = (out.length - 40) >> 8;
    out[5] = (out.length - 40) & 255;
    return out;
  };
  it('an AH of any 8n length (16, 24, 32 octets) is walked over; SPI and sequence recorded', () => {
    for (const n of [16, 24, 32])
      expect(both(withAh(codec.emit(S('HACK-T')), undefined, n))).toEqual({
        ok: true,
        msg: { ...S('HACK-T'), auth: { spi: 0x1001, seq: 1 } },
      });
    expect(both(withAh(codec.emit(S('F-BU'))))).toMatchObject({
      ok: true,
      msg: { kind: 'F-BU', auth: { spi: 0x1001 } },
    });
    expect(both(withAh(codec.emit(S('DATA'))))).toMatchObject({ ok: true, msg: { kind: 'DATA', auth: { seq: 1 } } });
  });
  it('Truncated: fewer than its 12 fixed octets, or a Payload Len running past the packet', () => {
    const b = withAh(codec.emit(S('HI')));
    const short = concat(b.subarray(0, 50));
    short[4] = 0;
    short[5] = 10;
    expect(both(short)).toEqual({ ok: false, status: 'Truncated', offset: 40 });
    expect(both(withAh(codec.emit(S('HI')), (ah) => (ah[1] = 40)))).toEqual({
      ok: false,
      status: 'Truncated',
      offset: 41,
    });
  });
  it('BadLength: Payload Len 1 (12 octets, no ICV) or 3 (20 octets, not a multiple of 8 over IPv6, §2.2)', () => {
    for (const pl of [0, 1, 3])
      expect(both(withAh(codec.emit(S('HI')), (ah) => (ah[1] = pl)))).toEqual({
        ok: false,
        status: 'BadLength',
        offset: 41,
      });
  });
  it('BadField: SPI 0, which "MUST NOT be sent on the wire" (§2.4)', () => {
    expect(both(withAh(codec.emit(S('HI')), (ah) => ah.fill(0, 4, 8)))).toEqual({
      ok: false,
      status: 'BadField',
      offset: 44,
    });
  });
  it('UnknownNextHeader: an AH before a tunnel, before another AH, or before TCP — at the AH Next Header', () => {
    for (const nh of [41, 51, 6])
      expect(both(withAh(codec.emit(S('HI')), (ah) => (ah[0] = nh)))).toEqual({
        ok: false,
        status: 'UnknownNextHeader',
        offset: 40,
      });
  });
  it('a problem in the message behind the AH is reported at its offset in the whole packet', () => {
    const b = withAh(codec.emit(S('HI')));
    b[74] = (b[74] ?? 0) ^ 1; // 40 + 24 + 10: a bit of the HI's LLA option: the ICMPv6 checksum no longer matches
    expect(both(b)).toEqual({ ok: false, status: 'BadChecksum', offset: 64 });
    const c = withAh(icmpEdit(S('HACK'), (m) => ((m[1] = 5), m)));
    expect(both(c)).toEqual({ ok: false, status: 'BadCode', offset: 65 });
  });
});

describe('destination options', () => {
  const fbackBody: [string, string][] = [['1e 07 00 0001 0000000a', 'F-BACK']];
  it('BadAlignment: an F-BU at 4n+3 instead of 4n+2 (§5.3.1), a Home Address option at 8n+2', () => {
    expect(
      status(
        destOpts(OAR, [
          ['3b 01 00', 'nh 59, len 1, Pad1'],
          ['de 08 80 00 0001 00000001', 'F-BU at offset 3'],
          ['01 01 00', 'PadN'],
        ]),
      ),
    ).toBe('BadAlignment');
    expect(
      status(
        destOpts(OAR, [
          ['3b 02', 'nh 59, len 2'],
          ['c9 10' + a(OCOA), 'HAO at offset 2'],
          ['01 02 0000', 'PadN'],
        ]),
      ),
    ).toBe('BadAlignment');
  });
  it('MissingOption: an F-BU without a Home Address option (§5.3.1 "MUST also include")', () => {
    expect(
      status(
        destOpts(OAR, [
          ['3b 04', 'len 4 (40)'],
          ['de 20 80 00 0001 00000001', 'F-BU at 2, length 32'],
          ['01 04 00000000', 'PadN sub-option, 6'],
          ['04 10' + a(OCOA), 'ACoA'],
          ['01 02 0000', 'PadN'],
        ]),
      ),
    ).toBe('MissingOption');
  });
  it('MissingOption: an F-BU without the Alternate Care-of Address sub-option (§5.3.1)', () => {
    const fbu = codec.emit(S('F-BU'));
    // turn the Alternate CoA sub-option (type 4) into an unknown sub-option (type 9): skipped
    fbu[40 + 46] = 9;
    expect(status(fbu)).toBe('MissingOption');
    expect(() => codec.emit({ ...S('BU'), kind: 'F-BU', ack: false } as unknown as Message)).toThrow('MissingOption');
  });
  it('UnknownType: a Destination Options header with nothing but padding', () => {
    expect(status(destOpts(OAR, [['3b 00 01 04 00000000', 'PadN only']]))).toBe('UnknownType');
  });
  it('unknown option, action 00: skipped; the F-BACK after it is read', () => {
    const r = both(
      destOpts(OCOA, [
        ['3b 01', 'nh 59, len 1'],
        ['1d 00', 'unknown 0x1D (00: skip), empty'],
        ['00 00 00', 'Pad1 ×3'],
        ...fbackBody,
      ]),
    );
    expect(r.ok && r.msg.kind === 'F-BACK' && r.msg.sequence === 1).toBe(true);
  });
  it('unknown option, action 01: discard; 10: discard + ICMP; 11: ICMP unless multicast', () => {
    const withType = (t: string, dst: string): Uint8Array =>
      destOpts(dst, [['3b 01', ''], [t + ' 00', 'unknown option'], ['00 00 00', 'Pad1 ×3'], ...fbackBody]);
    expect(both(withType('5d', OAR))).toEqual({ ok: false, status: 'UnknownOptionDiscard', offset: 42 });
    expect(both(withType('9d', OAR))).toEqual({ ok: false, status: 'UnknownOptionIcmp', offset: 42 });
    expect(both(withType('dd', OAR))).toEqual({ ok: false, status: 'UnknownOptionIcmp', offset: 42 });
    expect(both(withType('dd', 'ff02::1'))).toEqual({ ok: false, status: 'UnknownOptionDiscard', offset: 42 });
  });
  it('BadOptionLength: an option running past the header; a Unique Identifier of length 3', () => {
    expect(status(destOpts(OAR, [['3b 00 01 07 00000000', 'PadN claiming 9 octets']]))).toBe('BadOptionLength');
    const fbu = codec.emit(S('F-BU'));
    fbu[40 + 37] = 3;
    expect(status(fbu)).toBe('BadOptionLength');
  });
  it('BadField: two mobility options in one header', () => {
    expect(
      status(
        destOpts(OCOA, [
          ['3b 03 00', 'len 3, Pad1'],
          ['1e 07 00 0001 0000000a', 'F-BACK at 3'],
          ['01 01 00', 'PadN 3'],
          ['1e 07 00 0001 0000000a', 'F-BACK again at 15'],
          ['01 06 000000000000', 'PadN 8'],
        ]),
      ),
    ).toBe('BadField');
  });
  it('UnknownNextHeader: a mobility option piggybacked on UDP is not supported', () => {
    const b = codec.emit(S('F-BACK'));
    b[40] = 17;
    expect(status(b)).toBe('UnknownNextHeader');
  });
});

describe('UDP', () => {
  it('BadChecksum: wrong, or zero (RFC 2460 §8.1)', () => {
    const b = codec.emit(S('DATA'));
    b[60] = (b[60] ?? 0) ^ 0x80;
    expect(status(b)).toBe('BadChecksum');
    const z = codec.emit(S('DATA'));
    z[46] = 0;
    z[47] = 0;
    expect(both(z)).toEqual({ ok: false, status: 'BadChecksum', offset: 46 });
  });
  it('BadLength: UDP Length disagrees with the IPv6 Payload Length', () => {
    const b = codec.emit(S('DATA'));
    b[45] = (b[45] ?? 0) - 1;
    expect(both(b)).toEqual({ ok: false, status: 'BadLength', offset: 44 });
  });
  it('NoSpace: a datagram that would not fit the 64 KiB output buffer', () => {
    expect(() => codec.emit({ ...S('DATA'), payloadLength: 65527 } as Message)).toThrow('NoSpace');
  });
});
