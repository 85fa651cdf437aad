// The reference decoder's ICMPv6 part (core/wire/reference.ts is the whole): the byte walker and
// its field list, the checksum, and the ICMPv6 messages with their Neighbor Discovery options —
// RtSolPr, PrRtAdv, HI, HACK (§5.1, §5.2), F-NA (§5.3.3), RS, RA, NS, NA (RFC 2461) and the
// draft's own options (§5.4) — checked exactly as assembly/ checks them, in the same order.
import type { AuthInfo, Field, Message, NdOption, ParseStatus } from './types.ts';
import { formatIPv6, formatLla } from './addr.ts';
import * as C from './codepoints.ts';

export class Stop {
  constructor(
    readonly status: ParseStatus,
    readonly offset: number,
  ) {}
}

/** RFC 1071 over `b[from, to)` plus the IPv6 pseudo-header of the header at `ip`. */
export function pseudoSum(b: Uint8Array, ip: number, nh: number, from: number, to: number): number {
  let s = 0;
  for (let i = ip + 8; i < ip + 40; i += 2) s += ((b[i] ?? 0) << 8) | (b[i + 1] ?? 0);
  const len = to - from;
  s += (len >>> 16) + (len & 0xffff) + nh;
  for (let i = from; i < to; i += 2) s += ((b[i] ?? 0) << 8) | (i + 1 < to ? (b[i + 1] ?? 0) : 0);
  while (s > 0xffff) s = (s & 0xffff) + Math.floor(s / 0x10000);
  return ~s & 0xffff;
}

export class Walker {
  readonly out: Field[] = [];
  constructor(readonly b: Uint8Array) {}
  u8(i: number): number {
    return this.b[i] ?? 0;
  }
  u16(i: number): number {
    return (this.u8(i) << 8) | this.u8(i + 1);
  }
  u32(i: number): number {
    return ((this.u8(i) << 24) >>> 0) + (this.u8(i + 1) << 16) + (this.u8(i + 2) << 8) + this.u8(i + 3);
  }
  ip(i: number): string {
    return formatIPv6(this.b, i);
  }
  field(layer: string, name: string, value: string | number, offset: number, length: number): void {
    this.out.push({ layer, name, value: String(value), offset, length });
  }
}

const ND_KINDS: Record<number, Message['kind']> = {
  [C.ICMP6_RTSOLPR]: 'RtSolPr',
  [C.ICMP6_PRRTADV]: 'PrRtAdv',
  [C.ICMP6_FNA]: 'F-NA',
  [C.ICMP6_HI]: 'HI',
  [C.ICMP6_HACK]: 'HACK',
  [C.ICMP6_RS]: 'RS',
  [C.ICMP6_RA]: 'RA',
  [C.ICMP6_NS]: 'NS',
  [C.ICMP6_NA]: 'NA',
};
// Where the options start (the fixed part's length) per ICMPv6 message.
const OPTIONS_AT: Record<string, number> = { 'F-NA': 40, RA: 16, NS: 24, NA: 24 };
// "Valid Options" of §5.1–§5.2 and RFC 2461 §4 (§5.4.5 for Handover Capabilities).
const VALID: Record<string, number[]> = {
  RtSolPr: [C.OPT_SLLA, C.OPT_LLA, C.OPT_HO_CAPS],
  PrRtAdv: [C.OPT_SLLA, C.OPT_LLA, C.OPT_HO_CAPS, C.OPT_PREFIX_INFO, C.OPT_IP_ADDRESS],
  'F-NA': [C.OPT_TLLA],
  HI: [C.OPT_LLA, C.OPT_IP_ADDRESS, C.OPT_LIFETIME],
  HACK: [C.OPT_IP_ADDRESS, C.OPT_LIFETIME, C.OPT_LLA],
  RS: [C.OPT_SLLA, C.OPT_HO_CAPS],
  RA: [C.OPT_SLLA, C.OPT_PREFIX_INFO, C.OPT_NAACK, C.OPT_HO_CAPS],
  NS: [C.OPT_SLLA],
  NA: [C.OPT_TLLA],
};
const OPTION_NAMES: Record<number, string> = {
  [C.OPT_SLLA]: 'Source link-layer address',
  [C.OPT_TLLA]: 'Target link-layer address',
  [C.OPT_PREFIX_INFO]: 'Prefix Information',
  [C.OPT_IP_ADDRESS]: 'IP Address (§5.4.1)',
  [C.OPT_LLA]: 'Link-layer Address (§5.4.2)',
  [C.OPT_LIFETIME]: 'Lifetime (§5.4.3)',
  [C.OPT_NAACK]: 'NAACK (§5.4.4)',
  [C.OPT_HO_CAPS]: 'Handover Capabilities (§5.4.5)',
};

function validCode(kind: string, code: number): boolean {
  if (kind === 'PrRtAdv') return code <= 2;
  if (kind === 'HACK') return code <= 4 || (code >= 128 && code <= 130);
  return code === 0;
}

function parseOption(w: Walker, o: number, olen: number, type: number): NdOption {
  const bad = (st: ParseStatus): never => {
    throw new Stop(st, o);
  };
  const L = 'Option';
  switch (type) {
    case C.OPT_SLLA:
    case C.OPT_TLLA: {
      if (olen !== 8) bad('BadOptionLength');
      const lla = formatLla(w.b, o + 2);
      w.field(L, 'Link-layer address', lla, o + 2, 6);
      return type === C.OPT_SLLA ? { type: 'SLLA', lla } : { type: 'TLLA', lla };
    }
    case C.OPT_PREFIX_INFO: {
      if (olen !== 32) bad('BadOptionLength');
      const fl = w.u8(o + 3);
      const v: NdOption = {
        type: 'PrefixInfo',
        prefixLength: w.u8(o + 2),
        L: (fl & C.PI_L) !== 0,
        A: (fl & C.PI_A) !== 0,
        validLifetime: w.u32(o + 4),
        preferredLifetime: w.u32(o + 8),
        prefix: w.ip(o + 16),
      };
      w.field(L, 'Prefix Length', v.prefixLength, o + 2, 1);
      w.field(L, 'Flags L|A', `L=${+v.L} A=${+v.A}`, o + 3, 1);
      w.field(L, 'Valid Lifetime', v.validLifetime, o + 4, 4);
      w.field(L, 'Preferred Lifetime', v.preferredLifetime, o + 8, 4);
      w.field(L, 'Prefix', v.prefix, o + 16, 16);
      return v;
    }
    case C.OPT_IP_ADDRESS: {
      if (olen !== 24) bad('BadOptionLength');
      const v: NdOption = { type: 'IPAddress', subType: w.u8(o + 2), prefixLength: w.u8(o + 3), address: w.ip(o + 8) };
      w.field(
        L,
        'Sub-Type',
        `${v.subType} (${['?', 'old CoA', 'new CoA', 'aAR address', 'home address'][v.subType] ?? '?'})`,
        o + 2,
        1,
      );
      w.field(L, 'Prefix Length', v.prefixLength, o + 3, 1);
      w.field(L, 'IPv6 Address', v.address, o + 8, 16);
      return v;
    }
    case C.OPT_LLA: {
      if (olen !== 16) bad('BadOptionLength');
      const v: NdOption = { type: 'LLA', subType: w.u8(o + 2), lla: formatLla(w.b, o + 3) };
      w.field(
        L,
        'Sub-Type',
        `${v.subType} (${['?', 'new AP', 'MN', 'proxied originator'][v.subType] ?? '?'})`,
        o + 2,
        1,
      );
      w.field(L, 'LLA', v.lla, o + 3, 6);
      return v;
    }
    case C.OPT_LIFETIME: {
      if (olen !== 8) bad('BadOptionLength');
      if (w.u8(o + 2) !== C.LIFETIME_SUBTYPE_TUNNEL) bad('BadField');
      const v: NdOption = { type: 'Lifetime', lifetime: w.u32(o + 4) };
      // §5.4.3: Type, Length, Subtype, Reserved, then the four-octet Lifetime.
      w.field(L, 'Sub-Type', `${w.u8(o + 2)} (tunnel lifetime)`, o + 2, 1);
      w.field(L, 'Lifetime', v.lifetime, o + 4, 4);
      return v;
    }
    case C.OPT_NAACK: {
      if (olen !== 8) bad('BadOptionLength');
      if (w.u8(o + 2) !== C.NAACK_SUBTYPE) bad('BadField');
      const v: NdOption = { type: 'NAACK', status: w.u8(o + 3) };
      w.field(L, 'Sub-Type', w.u8(o + 2), o + 2, 1);
      w.field(L, 'Status', v.status, o + 3, 1);
      return v;
    }
    default: {
      if (olen !== 8) bad('BadOptionLength');
      const v: NdOption = { type: 'HoCaps', code: w.u8(o + 2) };
      w.field(L, 'Code', v.code, o + 2, 1);
      return v;
    }
  }
}

// §5.2.1 / §5.2.2 / §5.2.3 option order; the home address (sub-type 4) only where §3.3 steps
// 2a/3a put it: HI with H, HACK with T (not in an HTT), just before the old CoA.
function rankOf(kind: string, htt: boolean, flags: Record<string, boolean>, o: NdOption): number {
  const ip = o.type === 'IPAddress' ? o.subType : -1;
  const lla = o.type === 'LLA' ? o.subType : -1;
  if (htt) {
    if (ip === 3) return 0;
    if (lla === 2) return 1;
    if (lla === 3) return 2;
    if (o.type === 'Lifetime') return 3;
    if (ip === 1) return 4;
    return -1;
  }
  if (kind === 'HI') {
    if (lla === 2) return 0;
    if (ip === C.IPADDR_HOME) return flags.H ? 1 : -1;
    if (ip === 1) return 2;
    if (ip === 2) return 3;
    if (o.type === 'Lifetime') return 4;
    return -1;
  }
  if (ip === 2) return 0;
  if (o.type === 'Lifetime') return 1;
  if (ip === C.IPADDR_HOME) return flags.T ? 2 : -1;
  if (ip === 1) return 3;
  return -1;
}

// §5.1.1, §5.1.2, §5.1.3, §5.2.1–§5.2.3: mandated sub-types, order and presence.
function checkOptions(kind: string, flags: Record<string, boolean>, opts: NdOption[]): ParseStatus | null {
  if (kind === 'HI' || kind === 'HACK') {
    const htt = !!flags.H && !!flags.T;
    let last = -1;
    let seen = 0;
    for (const o of opts) {
      const r = rankOf(kind, htt, flags, o);
      if (r < 0) return 'BadField';
      if (r <= last) return 'BadOptionOrder';
      last = r;
      seen |= 1 << r;
    }
    let need = 0;
    if (htt) need = 0b1111;
    else if (kind === 'HI') {
      if (flags.H || flags.T || flags.R) need |= 0b10001; // LLA of MN, Lifetime
      if (flags.H || flags.R) need |= 0b00100; // old CoA
      if (flags.H) need |= 0b00010; // §3.3 step 2a: home address
    } else {
      if (flags.H || flags.T || flags.R) need |= 0b0010; // Lifetime
      if (flags.T || flags.R) need |= 0b1000; // old CoA
      if (flags.T) need |= 0b0100; // §3.3 step 3a: home address
    }
    return (seen & need) === need ? null : 'MissingOption';
  }
  for (const o of opts) {
    if (kind === 'RtSolPr' && o.type === 'LLA' && o.subType !== 1) return 'BadField';
    if (kind === 'PrRtAdv' && o.type === 'LLA' && o.subType !== 3) return 'BadField';
    if (kind === 'PrRtAdv' && o.type === 'IPAddress' && o.subType !== 2) return 'BadField';
  }
  if (kind === 'RtSolPr' && !opts.some((o) => o.type === 'LLA')) return 'MissingOption';
  if (kind === 'F-NA' && !opts.some((o) => o.type === 'TLLA')) return 'MissingOption';
  return null;
}

export type Base = { src: string; dst: string; hopLimit: number; auth?: AuthInfo };

/** The ICMPv6 message at `p` (`len` octets) of the IPv6 header at `ip`. */
export function icmp(w: Walker, ip: number, p: number, len: number, base: Base): Message {
  const L = 'ICMPv6';
  if (len < 4) throw new Stop('Truncated', p);
  const type = w.u8(p);
  const kind = ND_KINDS[type];
  w.field(L, 'Type', kind ? `${type} (${kind})` : type, p, 1);
  w.field(L, 'Code', w.u8(p + 1), p + 1, 1);
  w.field(
    L,
    'Checksum',
    '0x' +
      w
        .u16(p + 2)
        .toString(16)
        .padStart(4, '0'),
    p + 2,
    2,
  );
  if (pseudoSum(w.b, ip, C.NH_ICMPV6, p, p + len) !== 0) throw new Stop('BadChecksum', p);
  if (!kind) throw new Stop('UnknownType', p);
  const at = OPTIONS_AT[kind] ?? 8;
  if (len < at) throw new Stop('Truncated', p);
  const code = w.u8(p + 1);
  if (!validCode(kind, code)) throw new Stop('BadCode', p + 1);
  if (kind !== 'HI' && kind !== 'HACK' && base.hopLimit !== 255) throw new Stop('BadHopLimit', p);
  const fb = w.u8(p + 4);
  const f6 = w.u8(p + 6);
  let flags: Record<string, boolean> = {};
  const id = w.u16(p + 4);
  switch (kind) {
    case 'RtSolPr':
    case 'PrRtAdv':
      w.field(L, 'Identifier', id, p + 4, 2);
      break;
    case 'HI':
      w.field(L, 'Identifier', id, p + 4, 2);
      flags = { S: !!(f6 & C.HI_S), U: !!(f6 & C.HI_U), H: !!(f6 & C.HI_H), T: !!(f6 & C.HI_T), R: !!(f6 & C.HI_R) };
      break;
    case 'HACK':
      w.field(L, 'Identifier', id, p + 4, 2);
      flags = { H: !!(f6 & C.HACK_H), T: !!(f6 & C.HACK_T), R: !!(f6 & C.HACK_R) };
      break;
    case 'F-NA':
    case 'NA':
      flags = { R: !!(fb & C.NA_R), S: !!(fb & C.NA_S), O: !!(fb & C.NA_O) };
      break;
    case 'RA':
      flags = { M: !!(w.u8(p + 5) & C.RA_M), O: !!(w.u8(p + 5) & C.RA_O) };
      break;
  }
  const setFlags = Object.entries(flags)
    .filter(([, v]) => v)
    .map(([k]) => k)
    .join('');
  if (kind === 'HI' || kind === 'HACK') {
    w.field(L, 'Flags', setFlags || '-', p + 6, 1);
    const F = flags;
    const htr = [F.H, F.T, F.R].filter(Boolean).length;
    const ok = kind === 'HI' && (F.S || F.U) ? htr === 0 : htr <= 1 || (htr === 2 && F.H && F.T);
    if (!ok) throw new Stop('BadFlags', p + 6);
  }
  if (kind === 'F-NA') {
    w.field(L, 'Flags', setFlags || '-', p + 4, 1);
    w.field(L, 'NewCOA', w.ip(p + 8), p + 8, 16);
    w.field(L, 'OldCOA', w.ip(p + 24), p + 24, 16);
  } else if (kind === 'RA') {
    w.field(L, 'Cur Hop Limit', w.u8(p + 4), p + 4, 1);
    w.field(L, 'Flags', setFlags || '-', p + 5, 1);
    w.field(L, 'Router Lifetime', w.u16(p + 6), p + 6, 2);
    w.field(L, 'Reachable Time', w.u32(p + 8), p + 8, 4);
    w.field(L, 'Retrans Timer', w.u32(p + 12), p + 12, 4);
  } else if (kind === 'NS' || kind === 'NA') {
    if (kind === 'NA') w.field(L, 'Flags', setFlags || '-', p + 4, 1);
    w.field(L, 'Target Address', w.ip(p + 8), p + 8, 16);
  }
  // Options (RFC 2461 §4.6 framing); unknown ones and those the message does not carry are
  // skipped ("Receivers MUST silently ignore any options they do not recognize").
  const options: NdOption[] = [];
  const valid = VALID[kind] ?? [];
  let o = p + at;
  const end = p + len;
  while (o < end) {
    if (end - o < 2) throw new Stop('BadOptionLength', o);
    const t = w.u8(o);
    const olen = w.u8(o + 1) * 8;
    w.field('Option', 'Type', `${t} (${OPTION_NAMES[t] ?? 'unknown'})`, o, 1);
    w.field('Option', 'Length', `${w.u8(o + 1)} (${olen} octets)`, o + 1, 1);
    if (olen === 0 || olen > end - o) throw new Stop('BadOptionLength', o);
    if (valid.includes(t)) {
      if (options.length >= 32) throw new Stop('TooManyOptions', o);
      options.push(parseOption(w, o, olen, t));
    } else {
      w.field('Option', 'skipped', OPTION_NAMES[t] ? 'not valid in this message' : 'unrecognised', o, olen);
    }
    o += olen;
  }
  const st = checkOptions(kind, flags, options);
  if (st) throw new Stop(st, p + at);
  const F = flags as never as { S: boolean; U: boolean; H: boolean; T: boolean; R: boolean; O: boolean; M: boolean };
  switch (kind) {
    case 'RtSolPr':
      return { kind, ...base, identifier: id, options };
    case 'PrRtAdv':
      return { kind, ...base, code: code as 0, identifier: id, options };
    case 'F-NA':
      return { kind, ...base, flags: { R: F.R, S: F.S, O: F.O }, newCoA: w.ip(p + 8), oldCoA: w.ip(p + 24), options };
    case 'HI':
      return { kind, ...base, identifier: id, flags: { S: F.S, U: F.U, H: F.H, T: F.T, R: F.R }, options };
    case 'HACK':
      return { kind, ...base, code: code as 0, identifier: id, flags: { H: F.H, T: F.T, R: F.R }, options };
    case 'RS':
      return { kind, ...base, options };
    case 'RA':
      return {
        kind,
        ...base,
        curHopLimit: w.u8(p + 4),
        flags: { M: F.M, O: F.O },
        routerLifetime: w.u16(p + 6),
        reachableTime: w.u32(p + 8),
        retransTimer: w.u32(p + 12),
        options,
      };
    case 'NS':
      return { kind, ...base, target: w.ip(p + 8), options };
    default:
      return { kind: 'NA', ...base, flags: { R: F.R, S: F.S, O: F.O }, target: w.ip(p + 8), options };
  }
}

/**
 * A destination option's Type and Option Length octets (RFC 2460 §4.2), in the option's own layer,
 * so the inspector names them instead of taking them for padding.
 */
