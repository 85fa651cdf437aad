// The TypeScript reference decoder: an independent reading of the same wire formats, written
// from the draft's diagrams without the wasm core. Two uses:
//  - `decode(bytes)`: the differential oracle the tests compare the wasm parser against (same
//    ParseResult, same status, same offset, on valid and on broken packets);
//  - `fields(bytes)`: the packet inspector's field list (layer, name, value, offset, length),
//    which never throws: a broken packet shows its fields up to the problem, and the problem
//    inline on the field where decoding stopped.
// It checks exactly what assembly/ checks, in the same order (docs/wire-formats.md). An IPsec
// Authentication Header (RFC 2402, §8) after an IPv6 header is walked over, shown as its own
// layer ('AH') and recorded as `auth: { spi, seq }` — never verified here (no keys: auth.ts).
// The ICMPv6 messages and their Neighbor Discovery options are decoded in reference-icmp.ts; this
// file walks the IPv6 header chain (AH, Destination Options with the mobility options, UDP).
import type { AuthInfo, Field, Message, ParseResult } from './types.ts';
import * as C from './codepoints.ts';
import { Stop, pseudoSum, Walker, icmp, type Base } from './reference-icmp.ts';

function optionHead(w: Walker, layer: string, at: number): void {
  const t = w.u8(at);
  w.field(layer, 'Option Type', `${t} (0x${t.toString(16)})`, at, 1);
  w.field(layer, 'Option Length', `${w.u8(at + 1)} octets`, at + 1, 1);
}

/** A (F-)BU sub-option's Type and Length octets ([MIPv6] sub-options, §5.3.1). */
function subOptionHead(w: Walker, layer: string, at: number): void {
  const t = w.u8(at);
  const name = t === C.SUBOPT_UNIQUE_ID ? 'Unique Identifier' : t === C.SUBOPT_ALT_COA ? 'Alternate CoA' : 'unknown';
  w.field(layer, 'Sub-option Type', `${t} (${name})`, at, 1);
  w.field(layer, 'Sub-option Length', `${w.u8(at + 1)} octets`, at + 1, 1);
}

function destOpts(w: Walker, ip: number, h: number, len: number, base: Base): Message {
  const L = 'DestOpts';
  if (len < 8) throw new Stop('Truncated', h);
  w.field(L, 'Next Header', w.u8(h), h, 1);
  const total = (w.u8(h + 1) + 1) * 8;
  w.field(L, 'Hdr Ext Len', `${w.u8(h + 1)} (${total} octets)`, h + 1, 1);
  if (total > len) throw new Stop('Truncated', h + 1);
  if (total < len) throw new Stop('BadLength', h + 1);
  let kind: 'F-BU' | 'BU' | 'F-BACK' | 'BACK' | null = null;
  let home: string | null = null;
  let flags = 0;
  let plen = 0;
  let seq = 0;
  let life = 0;
  let status = 0;
  let refresh = 0;
  let uid: number | undefined;
  let acoa: string | undefined;
  let o = 2;
  // Padding is there to align the option after it (RFC 2460 §4.2; [MIPv6]'s 8n+6, 4n+2, 4n+3):
  // shown in that option's layer, so the header reads as one group and each option as its own.
  const pads: Field[] = [];
  const claimPads = (layer: string) => {
    for (const p of pads) p.layer = layer;
    pads.length = 0;
  };
  while (o < total) {
    const at = h + o;
    const t = w.u8(at);
    if (t === C.DOPT_PAD1) {
      w.field(L, 'Pad1', '', at, 1);
      pads.push(w.out[w.out.length - 1]!);
      o++;
      continue;
    }
    if (total - o < 2) throw new Stop('BadOptionLength', at);
    const ol = w.u8(at + 1);
    if (ol + 2 > total - o) throw new Stop('BadOptionLength', at);
    if (t === C.DOPT_PADN) {
      w.field(L, 'PadN', `${ol + 2} octets`, at, ol + 2);
      pads.push(w.out[w.out.length - 1]!);
    } else if (t === C.DOPT_HOME_ADDRESS) {
      if (o % 8 !== 6) throw new Stop('BadAlignment', at);
      if (ol < 16) throw new Stop('BadOptionLength', at);
      home = w.ip(at + 2);
      claimPads('Home Address option');
      optionHead(w, 'Home Address option', at);
      w.field('Home Address option', 'Home Address', home, at + 2, 16);
    } else if (t === C.DOPT_FBU || t === C.DOPT_BU) {
      if (o % 4 !== 2) throw new Stop('BadAlignment', at);
      if (ol < 8) throw new Stop('BadOptionLength', at);
      if (kind) throw new Stop('BadField', at);
      kind = t === C.DOPT_FBU ? 'F-BU' : 'BU';
      const LL = kind;
      flags = w.u8(at + 2) & (kind === 'F-BU' ? C.FBU_A : C.BU_A | C.BU_H | C.BU_R | C.BU_D);
      plen = w.u8(at + 3);
      seq = w.u16(at + 4);
      life = w.u32(at + 6);
      claimPads(LL);
      optionHead(w, LL, at);
      w.field(LL, 'Flags', flags.toString(2).padStart(8, '0'), at + 2, 1);
      w.field(LL, 'Prefix Length', plen, at + 3, 1);
      w.field(LL, 'Sequence Number', seq, at + 4, 2);
      w.field(LL, 'Lifetime', life, at + 6, 4);
      let s = at + 10;
      const end = at + 2 + ol;
      while (s < end) {
        const st = w.u8(s);
        if (st === C.SUBOPT_PAD1) {
          w.field(LL, 'Pad1 (sub-option)', '', s, 1);
          s++;
          continue;
        }
        if (end - s < 2) throw new Stop('BadOptionLength', s);
        const sl = w.u8(s + 1);
        if (sl + 2 > end - s) throw new Stop('BadOptionLength', s);
        if (st === C.SUBOPT_PADN) w.field(LL, 'PadN (sub-option)', `${sl + 2} octets`, s, sl + 2);
        else subOptionHead(w, LL, s);
        if (st === C.SUBOPT_UNIQUE_ID) {
          if (sl !== 2) throw new Stop('BadOptionLength', s);
          uid = w.u16(s + 2);
          w.field(LL, 'Unique Identifier', uid, s + 2, 2);
        } else if (st === C.SUBOPT_ALT_COA) {
          if (sl !== 16) throw new Stop('BadOptionLength', s);
          acoa = w.ip(s + 2);
          w.field(LL, 'Alternate Care-of Address', acoa, s + 2, 16);
        }
        s += sl + 2;
      }
    } else if (t === C.DOPT_FBACK || t === C.DOPT_BACK) {
      if (o % 4 !== 3) throw new Stop('BadAlignment', at);
      if (ol < (t === C.DOPT_FBACK ? 7 : 11)) throw new Stop('BadOptionLength', at);
      if (kind) throw new Stop('BadField', at);
      kind = t === C.DOPT_FBACK ? 'F-BACK' : 'BACK';
      claimPads(kind);
      optionHead(w, kind, at);
      status = w.u8(at + 2);
      seq = w.u16(at + 3);
      life = w.u32(at + 5);
      w.field(kind, 'Status', status, at + 2, 1);
      w.field(kind, 'Sequence Number', seq, at + 3, 2);
      w.field(kind, 'Lifetime', life, at + 5, 4);
      if (kind === 'BACK') {
        refresh = w.u32(at + 9);
        w.field(kind, 'Refresh', refresh, at + 9, 4);
      }
    } else {
      // RFC 2460 §4.2: the two high bits say what to do with an unrecognised option.
      const action = t >> 6;
      w.field(L, 'Unknown option', `type 0x${t.toString(16)} action ${action}`, at, ol + 2);
      if (action === 1) throw new Stop('UnknownOptionDiscard', at);
      if (action === 2) throw new Stop('UnknownOptionIcmp', at);
      if (action === 3) throw new Stop(w.u8(ip + 24) === 0xff ? 'UnknownOptionDiscard' : 'UnknownOptionIcmp', at);
    }
    o += ol + 2;
  }
  if (w.u8(h) !== C.NH_NONE) throw new Stop('UnknownNextHeader', h);
  if (!kind) throw new Stop('UnknownType', h);
  if ((kind === 'F-BU' || kind === 'BU') && home === null) throw new Stop('MissingOption', h);
  if (kind === 'F-BU' && acoa === undefined) throw new Stop('MissingOption', h);
  const extra: { uniqueId?: number; altCoA?: string } = {};
  if (uid !== undefined) extra.uniqueId = uid;
  if (acoa !== undefined) extra.altCoA = acoa;
  switch (kind) {
    case 'F-BU':
      return {
        kind,
        ...base,
        homeAddress: home ?? '::',
        prefixLength: plen,
        sequence: seq,
        lifetime: life,
        ack: (flags & C.FBU_A) !== 0,
        ...extra,
        altCoA: acoa ?? '::',
      };
    case 'BU':
      return {
        kind,
        ...base,
        homeAddress: home ?? '::',
        flags: { A: !!(flags & C.BU_A), H: !!(flags & C.BU_H), R: !!(flags & C.BU_R), D: !!(flags & C.BU_D) },
        prefixLength: plen,
        sequence: seq,
        lifetime: life,
        ...extra,
      };
    case 'F-BACK':
      return { kind, ...base, status, sequence: seq, lifetime: life };
    default:
      return { kind: 'BACK', ...base, status, sequence: seq, lifetime: life, refresh };
  }
}

function udp(w: Walker, ip: number, u: number, len: number, base: Base): Message {
  const L = 'UDP';
  if (len < 8) throw new Stop('Truncated', u);
  w.field(L, 'Source Port', w.u16(u), u, 2);
  w.field(L, 'Destination Port', w.u16(u + 2), u + 2, 2);
  w.field(L, 'Length', w.u16(u + 4), u + 4, 2);
  w.field(
    L,
    'Checksum',
    '0x' +
      w
        .u16(u + 6)
        .toString(16)
        .padStart(4, '0'),
    u + 6,
    2,
  );
  if (w.u16(u + 4) !== len) throw new Stop('BadLength', u + 4);
  if (w.u16(u + 6) === 0) throw new Stop('BadChecksum', u + 6);
  if (pseudoSum(w.b, ip, C.NH_UDP, u, u + len) !== 0) throw new Stop('BadChecksum', u + 6);
  if (len < 12) throw new Stop('BadLength', u + 8);
  w.field('DATA', 'Sequence Number', w.u32(u + 8), u + 8, 4);
  return { kind: 'DATA', ...base, srcPort: w.u16(u), dstPort: w.u16(u + 2), seq: w.u32(u + 8), payloadLength: len - 8 };
}

// RFC 2402 §2: the Authentication Header after the IPv6 header at `ip` (payload `plen` octets).
//  | Next Header | Payload Len | RESERVED (16) | SPI (32) | Sequence Number (32) | ICV ... |
// Payload Len counts 4-octet units minus 2; over IPv6 the AH is a multiple of 8 octets (§2.2)
// and holds some ICV after its 12 fixed octets. SPI 0 "MUST NOT be sent on the wire" (§2.4).
function ah(w: Walker, ip: number, plen: number): { len: number; nh: number; auth: AuthInfo } {
  const a = ip + 40;
  const L = 'AH';
  if (plen < 12) throw new Stop('Truncated', a);
  const nh = w.u8(a);
  const len = (w.u8(a + 1) + 2) * 4;
  w.field(L, 'Next Header', nh, a, 1);
  w.field(L, 'Payload Len', `${w.u8(a + 1)} (${len} octets)`, a + 1, 1);
  if (len <= 12 || len % 8 !== 0) throw new Stop('BadLength', a + 1);
  if (len > plen) throw new Stop('Truncated', a + 1);
  w.field(L, 'Reserved', w.u16(a + 2), a + 2, 2);
  const spi = w.u32(a + 4);
  w.field(L, 'SPI', `${spi} (0x${spi.toString(16).padStart(8, '0')})`, a + 4, 4);
  if (spi === 0) throw new Stop('BadField', a + 4);
  const seq = w.u32(a + 8);
  w.field(L, 'Sequence Number', seq, a + 8, 4);
  const icv = Array.from(w.b.subarray(a + 12, a + len), (x) => x.toString(16).padStart(2, '0')).join('');
  // Shown, not checked: verifying needs the security association's key (core/wire/auth.ts).
  w.field(L, 'ICV (not verified here)', icv, a + 12, len - 12);
  return { len, nh, auth: { spi, seq } };
}

function walk(w: Walker): Message {
  const b = w.b;
  const outer: { src: string; dst: string; hopLimit: number }[] = [];
  let off = 0;
  for (;;) {
    const L = outer.length ? `IPv6 (inner ${outer.length})` : 'IPv6';
    if (b.length - off < 40) throw new Stop('Truncated', off);
    const ver = w.u8(off) >> 4;
    w.field(L, 'Version', ver, off, 1);
    if (ver !== 6) throw new Stop('BadVersion', off);
    const plen = w.u16(off + 4);
    const nh = w.u8(off + 6);
    const hop = w.u8(off + 7);
    const ip = { src: w.ip(off + 8), dst: w.ip(off + 24), hopLimit: hop };
    w.field(L, 'Payload Length', plen, off + 4, 2);
    w.field(L, 'Next Header', nh, off + 6, 1);
    w.field(L, 'Hop Limit', hop, off + 7, 1);
    w.field(L, 'Source Address', ip.src, off + 8, 16);
    w.field(L, 'Destination Address', ip.dst, off + 24, 16);
    if (off + 40 + plen > b.length) throw new Stop('Truncated', off + 4);
    if (off + 40 + plen < b.length) throw new Stop('BadLength', off + 4);
    if (nh === C.NH_IPV6) {
      // RFC 2473 IPv6-in-IPv6: unwrap (at most 4 levels).
      if (outer.length === 4) throw new Stop('TooDeep', off);
      outer.push(ip);
      off += 40;
      continue;
    }
    let at = off + 40;
    let upper = nh;
    let nhAt = off + 6;
    const base: Base = ip;
    if (nh === C.NH_AH) {
      // §8: HI, HACK, HTT, F-BU (and the §3.5.2 BU) carry an AH right after the IPv6 header.
      const h = ah(w, off, plen);
      base.auth = h.auth;
      upper = h.nh;
      nhAt = at;
      at += h.len;
    }
    const len = off + 40 + plen - at;
    let msg: Message;
    if (upper === C.NH_ICMPV6) msg = icmp(w, off, at, len, base);
    else if (upper === C.NH_DSTOPTS) msg = destOpts(w, off, at, len, base);
    else if (upper === C.NH_UDP) msg = udp(w, off, at, len, base);
    else throw new Stop('UnknownNextHeader', nhAt); // also an AH before a tunnel, or a second AH
    for (let i = outer.length - 1; i >= 0; i--) {
      const o = outer[i] as { src: string; dst: string; hopLimit: number };
      msg = { kind: 'TUNNEL', ...o, inner: msg };
    }
    return msg;
  }
}

/** Decodes a whole IPv6 packet; the same answer as the wasm codec's `parse`. */
export function decode(bytes: Uint8Array): ParseResult {
  try {
    return { ok: true, msg: walk(new Walker(bytes)) };
  } catch (e) {
    if (e instanceof Stop) return { ok: false, status: e.status, offset: e.offset };
    throw e;
  }
}

/** The inspector's field list: never throws; the problem, if any, is on the last field. */
export function fields(bytes: Uint8Array): Field[] {
  const w = new Walker(bytes);
  try {
    walk(w);
  } catch (e) {
    const status = e instanceof Stop ? e.status : 'BadField';
    const offset = e instanceof Stop ? e.offset : 0;
    const at = [...w.out].reverse().find((f) => f.offset === offset);
    if (at) at.problem = status;
    else
      w.out.push({
        layer: 'error',
        name: 'problem',
        value: status,
        offset,
        length: Math.max(0, bytes.length - offset),
        problem: status,
      });
  }
  return w.out;
}
