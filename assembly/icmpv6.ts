// ICMPv6 messages of the draft. The fixed part of each message, then its options in the order
// the draft mandates.
import { emitIpv6, IP6_HEADER_LEN, IP6_SRC, IP6_DST } from './ipv6';
import { copy16 } from './mem';
import { pseudoChecksum } from './checksum';
import {
  emitIpAddressOption,
  emitLlaOption,
  emitLifetimeOption,
  parseNdOptions,
  emitNdOptions,
  parsedCount,
  setErrorOffset,
  M_SLLA,
  M_TLLA,
  M_PI,
  M_IPADDR,
  M_LLA,
  M_LIFETIME,
  M_NAACK,
  M_HOCAPS,
} from './options';
import {
  ICMP6_RTSOLPR,
  ICMP6_PRRTADV,
  ICMP6_FNA,
  ICMP6_HI,
  ICMP6_HACK,
  ICMP6_RS,
  ICMP6_RA,
  ICMP6_NS,
  ICMP6_NA,
  NH_ICMPV6,
  IPADDR_OLD_COA,
  IPADDR_NEW_COA,
  IPADDR_AAR,
  IPADDR_HOME,
  LLA_NEW_AP,
  LLA_MN,
  LLA_PROXIED_ORIGINATOR,
  OPT_IP_ADDRESS,
  OPT_LLA,
  OPT_LIFETIME,
  OPT_TLLA,
  HI_S,
  HI_U,
  HI_H,
  HI_T,
  HI_R,
  HACK_H,
  HACK_T,
  HACK_R,
  RA_M,
  RA_O,
  NA_R,
  NA_S,
  NA_O,
} from './codepoints';
import {
  D_KIND,
  D_HOP,
  D_CODE,
  D_FLAGS,
  D_ID,
  D_NOPT,
  D_U32A,
  D_U32B,
  D_U16A,
  D_U8A,
  D_SRC,
  D_DST,
  D_ADDR1,
  D_ADDR2,
  D_OPTS,
  O_TYPE,
  O_SUB,
  OPT_REC,
  K_RTSOLPR,
  K_PRRTADV,
  K_FNA,
  K_HI,
  K_HACK,
  K_RS,
  K_RA,
  K_NS,
  K_NA,
} from './desc';
import {
  ST_OK,
  ST_TRUNCATED,
  ST_BAD_CHECKSUM,
  ST_UNKNOWN_TYPE,
  ST_BAD_CODE,
  ST_BAD_HOP_LIMIT,
  ST_BAD_FLAGS,
  ST_MISSING_OPTION,
  ST_BAD_OPTION_ORDER,
  ST_BAD_FIELD,
} from './status';

// ICMPv6 header, RFC 2463 §2.1
//  |     Type      |     Code      |          Checksum             |
export const ICMP_TYPE: i32 = 0;
export const ICMP_CODE: i32 = 1;
export const ICMP_CHECKSUM: i32 = 2;

// §5.2.1 Handover Initiate (HI)
//  |     Type      |    Code       |          Checksum             |
//  |        Identifier             |S|U|H|T|R|     Reserved        |
//  |   Options...
export const HI_IDENTIFIER: i32 = 4;
export const HI_FLAGS: i32 = 6;
export const HI_OPTIONS: i32 = 8;

// Which options an HI carries (bit set = present).
export const HI_OPT_MN_LLA: u32 = 1;
export const HI_OPT_OLD_COA: u32 = 2;
export const HI_OPT_NEW_COA: u32 = 4;
export const HI_OPT_LIFETIME: u32 = 8;

// Field values an HI is built from, written by the caller into PARAMS:
export const HIP_SRC: i32 = 0; // IPv6 source: the AR sending the HI
export const HIP_DST: i32 = 16; // IPv6 destination: the AR it is sent to
export const HIP_OLD_COA: i32 = 32;
export const HIP_NEW_COA: i32 = 48;
export const HIP_MN_LLA: i32 = 64; // up to 16 octets
export const HIP_MN_LLA_MAX: i32 = 16;

// Builds an IPv6 packet carrying an HI at `out`; returns its length.
// The options follow §5.2.1's mandated order: MN's LLA, old CoA, new CoA, Lifetime.
export function emitHI(
  out: usize,
  params: usize,
  identifier: u16,
  flags: u8,
  present: u32,
  llaLen: i32,
  prefixLen: u8,
  lifetime: u32,
): i32 {
  const icmp = out + IP6_HEADER_LEN;
  store<u8>(icmp + ICMP_TYPE, ICMP6_HI);
  store<u8>(icmp + ICMP_CODE, 0);
  store<u16>(icmp + ICMP_CHECKSUM, 0);
  store<u16>(icmp + HI_IDENTIFIER, bswap<u16>(identifier));
  // The low three bits of the flags byte and the byte after it are Reserved: zero.
  store<u8>(icmp + HI_FLAGS, flags & 0xf8);
  store<u8>(icmp + HI_FLAGS + 1, 0);
  let off: i32 = HI_OPTIONS;
  if (present & HI_OPT_MN_LLA) off += emitLlaOption(icmp + off, LLA_MN, params + HIP_MN_LLA, llaLen);
  if (present & HI_OPT_OLD_COA) off += emitIpAddressOption(icmp + off, IPADDR_OLD_COA, prefixLen, params + HIP_OLD_COA);
  if (present & HI_OPT_NEW_COA) off += emitIpAddressOption(icmp + off, IPADDR_NEW_COA, prefixLen, params + HIP_NEW_COA);
  if (present & HI_OPT_LIFETIME) off += emitLifetimeOption(icmp + off, lifetime);
  // §5.2.1: Hop Limit 255.
  emitIpv6(out, off, NH_ICMPV6, 255, params + HIP_SRC, params + HIP_DST);
  const ck = pseudoChecksum(out + IP6_SRC, out + IP6_DST, NH_ICMPV6, icmp, off);
  store<u16>(icmp + ICMP_CHECKSUM, bswap<u16>(ck));
  return IP6_HEADER_LEN + off;
}

// §5.1.1 RtSolPr and §5.1.2 PrRtAdv (same fixed part)
//  |     Type      |     Code      |          Checksum             |
//  |          Identifier           |           Reserved            |
//  |   Options ...
export const RTSOLPR_IDENTIFIER: i32 = 4;
export const RTSOLPR_RESERVED: i32 = 6;
export const RTSOLPR_OPTIONS: i32 = 8;

// §5.1.3 F-NA
//  |     Type      |     Code      |          Checksum             |
//  |R|S|O|                     Reserved                            |
//  |                            NewCOA (16)                        |
//  |                            OldCOA (16)                        |
//  |   Options ...
export const FNA_FLAGS: i32 = 4;
export const FNA_NEW_COA: i32 = 8;
export const FNA_OLD_COA: i32 = FNA_NEW_COA + 16;
export const FNA_OPTIONS: i32 = FNA_OLD_COA + 16;

// §5.2.2 HACK
//  |     Type      |    Code       |          Checksum             |
//  |        Identifier             |H|T|R|       Reserved          |
//  |    Options...
export const HACK_IDENTIFIER: i32 = 4;
export const HACK_FLAGS: i32 = 6;
export const HACK_OPTIONS: i32 = 8;

// RFC 2461 §4.1 Router Solicitation
//  |     Type      |     Code      |          Checksum             |
//  |                            Reserved                           |
export const RS_RESERVED: i32 = 4;
export const RS_OPTIONS: i32 = 8;

// RFC 2461 §4.2 Router Advertisement
//  |     Type      |     Code      |          Checksum             |
//  | Cur Hop Limit |M|O|  Reserved |       Router Lifetime         |
//  |                         Reachable Time                        |
//  |                          Retrans Timer                        |
export const RA_CUR_HOP: i32 = 4;
export const RA_FLAGS: i32 = 5;
export const RA_ROUTER_LIFETIME: i32 = 6;
export const RA_REACHABLE: i32 = 8;
export const RA_RETRANS: i32 = 12;
export const RA_OPTIONS: i32 = 16;

// RFC 2461 §4.3 / §4.4 Neighbor Solicitation / Advertisement
//  |     Type      |     Code      |          Checksum             |
//  |R|S|O|                     Reserved (NA; all Reserved in NS)   |
//  |                       Target Address (16)                     |
export const NS_FLAGS: i32 = 4;
export const NS_TARGET: i32 = 8;
export const NS_OPTIONS: i32 = NS_TARGET + 16;

// Per message kind: ICMPv6 type, where the options start, and which options it carries
// (the "Valid Options" lists of §5.1–§5.2 and RFC 2461 §4; §5.4.5 for Handover Capabilities).
export function icmpTypeOf(kind: u8): u8 {
  switch (kind) {
    case K_RTSOLPR:
      return ICMP6_RTSOLPR;
    case K_PRRTADV:
      return ICMP6_PRRTADV;
    case K_FNA:
      return ICMP6_FNA;
    case K_HI:
      return ICMP6_HI;
    case K_HACK:
      return ICMP6_HACK;
    case K_RS:
      return ICMP6_RS;
    case K_RA:
      return ICMP6_RA;
    case K_NS:
      return ICMP6_NS;
    case K_NA:
      return ICMP6_NA;
  }
  return 0;
}
export function kindOfIcmpType(type: u8): u8 {
  switch (type) {
    case ICMP6_RTSOLPR:
      return K_RTSOLPR;
    case ICMP6_PRRTADV:
      return K_PRRTADV;
    case ICMP6_FNA:
      return K_FNA;
    case ICMP6_HI:
      return K_HI;
    case ICMP6_HACK:
      return K_HACK;
    case ICMP6_RS:
      return K_RS;
    case ICMP6_RA:
      return K_RA;
    case ICMP6_NS:
      return K_NS;
    case ICMP6_NA:
      return K_NA;
  }
  return 0;
}
function optionsAt(kind: u8): i32 {
  switch (kind) {
    case K_FNA:
      return FNA_OPTIONS;
    case K_RA:
      return RA_OPTIONS;
    case K_NS:
    case K_NA:
      return NS_OPTIONS;
  }
  return 8;
}
function validOptions(kind: u8): u32 {
  switch (kind) {
    case K_RTSOLPR:
      return M_SLLA | M_LLA | M_HOCAPS;
    case K_PRRTADV:
      return M_SLLA | M_LLA | M_HOCAPS | M_PI | M_IPADDR;
    case K_FNA:
      return M_TLLA;
    case K_HI:
      return M_LLA | M_IPADDR | M_LIFETIME;
    case K_HACK:
      return M_IPADDR | M_LIFETIME | M_LLA;
    case K_RS:
      return M_SLLA | M_HOCAPS;
    case K_RA:
      return M_SLLA | M_PI | M_NAACK | M_HOCAPS;
    case K_NS:
      return M_SLLA;
    case K_NA:
      return M_TLLA;
  }
  return 0;
}
// The ND messages: RFC 2461 §6.1 / §7.1.1 (and the draft's "Hop Limit 255" for §5.1) make
// a receiver discard them unless the hop limit is 255 (proof they were not forwarded).
function isNd(kind: u8): bool {
  return kind != K_HI && kind != K_HACK;
}
function validCode(kind: u8, code: u8): bool {
  if (kind == K_PRRTADV) return code <= 2; // §5.1.2: codes 0, 1, 2
  if (kind == K_HACK) return code <= 4 || (code >= 128 && code <= 130); // §5.2.2
  return code == 0;
}

// §5.2.1 / §5.2.2: S and U only when none of H, T, R; H, T, R alone ("all other bits are
// unset"), or H and T together, which makes the message an HTT (§5.2.3).
function validHandoverFlags(kind: u8, flags: u8): bool {
  if (kind == K_HI) {
    const htr = flags & (HI_H | HI_T | HI_R);
    if (htr == 0) return true;
    if ((flags & (HI_S | HI_U)) != 0) return false;
    return htr == HI_H || htr == HI_T || htr == HI_R || htr == (HI_H | HI_T);
  }
  const htr = flags & (HACK_H | HACK_T | HACK_R);
  return htr == 0 || htr == HACK_H || htr == HACK_T || htr == HACK_R || htr == (HACK_H | HACK_T);
}

// The position an option must take in an HI, HACK or HTT ("MUST contain the following
// options in the indicated order"), or -1 when the message cannot carry it.
//   HI   (§5.2.1): LLA of MN, [home address], old CoA, new CoA, Lifetime
//   HACK (§5.2.2): new CoA, Lifetime, [home address], old CoA
//   HTT  (§5.2.3): aAR's IP address, LLA of MN, LLA of aAR, then Lifetime (H, T set), old CoA
// The home address (IP Address sub-type 4, our code point) is the one §3.3 steps 2a/3a put in
// the HI(H) and the HACK(T) only, "besides" the oCoA and before it as §3.3 lists them; §5 has no
// place for it, so anywhere else it is a field the format forbids.
function handoverRank(kind: u8, htt: bool, flags: u8, type: u8, sub: u8): i32 {
  // one switch on (type, sub-type); the Lifetime option matches whatever its sub-type octet
  const key = type == OPT_LIFETIME ? (<u32>OPT_LIFETIME) << 8 : ((<u32>type) << 8) | (<u32>sub);
  if (htt) {
    switch (key) {
      case ((<u32>OPT_IP_ADDRESS) << 8) | IPADDR_AAR:
        return 0;
      case ((<u32>OPT_LLA) << 8) | LLA_MN:
        return 1;
      case ((<u32>OPT_LLA) << 8) | LLA_PROXIED_ORIGINATOR:
        return 2;
      case (<u32>OPT_LIFETIME) << 8:
        return 3;
      case ((<u32>OPT_IP_ADDRESS) << 8) | IPADDR_OLD_COA:
        return 4;
    }
    return -1;
  }
  if (kind == K_HI) {
    switch (key) {
      case ((<u32>OPT_LLA) << 8) | LLA_MN:
        return 0;
      case ((<u32>OPT_IP_ADDRESS) << 8) | IPADDR_HOME:
        return (flags & HI_H) != 0 ? 1 : -1;
      case ((<u32>OPT_IP_ADDRESS) << 8) | IPADDR_OLD_COA:
        return 2;
      case ((<u32>OPT_IP_ADDRESS) << 8) | IPADDR_NEW_COA:
        return 3;
      case (<u32>OPT_LIFETIME) << 8:
        return 4;
    }
    return -1;
  }
  switch (key) {
    case ((<u32>OPT_IP_ADDRESS) << 8) | IPADDR_NEW_COA:
      return 0;
    case (<u32>OPT_LIFETIME) << 8:
      return 1;
    case ((<u32>OPT_IP_ADDRESS) << 8) | IPADDR_HOME:
      return (flags & HACK_T) != 0 ? 2 : -1;
    case ((<u32>OPT_IP_ADDRESS) << 8) | IPADDR_OLD_COA:
      return 3;
  }
  return -1;
}

// Checks the options of a message (records at `recs`) against what the draft mandates for it:
// sub-types, order and presence. Shared by emit and parse so both accept exactly the same set.
export function checkOptions(kind: u8, flags: u8, recs: usize, n: i32): i32 {
  if (kind == K_HI || kind == K_HACK) {
    const htt =
      kind == K_HI ? (flags & (HI_H | HI_T)) == (HI_H | HI_T) : (flags & (HACK_H | HACK_T)) == (HACK_H | HACK_T);
    let last: i32 = -1;
    let seen: u32 = 0;
    for (let i = 0; i < n; i++) {
      const r = recs + <usize>(i * OPT_REC);
      const rank = handoverRank(kind, htt, flags, load<u8>(r + O_TYPE), load<u8>(r + O_SUB));
      if (rank < 0) return ST_BAD_FIELD;
      if (rank <= last) return ST_BAD_OPTION_ORDER;
      last = rank;
      seen |= 1 << rank;
    }
    let need: u32 = 0;
    if (htt) need = 0b1111;
    else if (kind == K_HI) {
      // §5.2.1: LLA of MN "MUST be present if the H, T, or R bits are set"; old CoA "MUST be
      // Present if the H or R bits are set"; Lifetime "Present if the H, T, or R bits are set".
      // §3.3 step 2a: with H, also "an IP address option containing the MN's home address".
      if ((flags & (HI_H | HI_T | HI_R)) != 0) need |= 0b10001;
      if ((flags & (HI_H | HI_R)) != 0) need |= 0b00100;
      if ((flags & HI_H) != 0) need |= 0b00010;
    } else {
      // §5.2.2: Lifetime if H, T or R; old CoA if T or R. §3.3 step 3a: the home address with T.
      if ((flags & (HACK_H | HACK_T | HACK_R)) != 0) need |= 0b0010;
      if ((flags & (HACK_T | HACK_R)) != 0) need |= 0b1000;
      if ((flags & HACK_T) != 0) need |= 0b0100;
    }
    return (seen & need) == need ? ST_OK : ST_MISSING_OPTION;
  }
  let haveNewAp = false;
  let haveTlla = false;
  for (let i = 0; i < n; i++) {
    const r = recs + <usize>(i * OPT_REC);
    const type = load<u8>(r + O_TYPE);
    const sub = load<u8>(r + O_SUB);
    if (kind == K_RTSOLPR && type == OPT_LLA) {
      // §5.1.1: the New Attachment Point LLA (sub-type 1).
      if (sub != LLA_NEW_AP) return ST_BAD_FIELD;
      haveNewAp = true;
    }
    if (kind == K_PRRTADV) {
      // §5.1.2: the proxied originator's LLA (sub-type 3) and the New CoA option.
      if (type == OPT_LLA && sub != LLA_PROXIED_ORIGINATOR) return ST_BAD_FIELD;
      if (type == OPT_IP_ADDRESS && sub != IPADDR_NEW_COA) return ST_BAD_FIELD;
    }
    if (type == OPT_TLLA) haveTlla = true;
  }
  // §5.1.1: the New Attachment Point LLA "MUST be included in all RtSolPr messages".
  if (kind == K_RTSOLPR && !haveNewAp) return ST_MISSING_OPTION;
  // §5.1.3: the Target link-layer address "MUST be included in all F-NAs".
  if (kind == K_FNA && !haveTlla) return ST_MISSING_OPTION;
  return ST_OK;
}

function flagMask(kind: u8): u8 {
  switch (kind) {
    case K_HI:
      return HI_S | HI_U | HI_H | HI_T | HI_R;
    case K_HACK:
      return HACK_H | HACK_T | HACK_R;
    case K_FNA:
    case K_NA:
      return NA_R | NA_S | NA_O;
    case K_RA:
      return RA_M | RA_O;
  }
  return 0;
}

// Emits the ICMPv6 message described at `d` (desc.ts) as a whole IPv6 packet at `out`.
// Returns its length, or -status.
export function emitIcmp(out: usize, d: usize): i32 {
  const kind = load<u8>(d + D_KIND);
  const type = icmpTypeOf(kind);
  if (type == 0) return -ST_UNKNOWN_TYPE;
  const code = load<u8>(d + D_CODE);
  if (!validCode(kind, code)) return -ST_BAD_CODE;
  const flags = load<u8>(d + D_FLAGS) & flagMask(kind);
  if ((kind == K_HI || kind == K_HACK) && !validHandoverFlags(kind, flags)) return -ST_BAD_FLAGS;
  const n = <i32>load<u16>(d + D_NOPT);
  const recs = d + D_OPTS;
  const st = checkOptions(kind, flags, recs, n);
  if (st != ST_OK) return -st;
  const icmp = out + IP6_HEADER_LEN;
  const at = optionsAt(kind);
  store<u8>(icmp + ICMP_TYPE, type);
  store<u8>(icmp + ICMP_CODE, code);
  store<u16>(icmp + ICMP_CHECKSUM, 0);
  // reserved fields are zero (every fixed part is 8, 16, 24 or 40 octets: 4 + a multiple of 4)
  for (let i = 4; i < at; i += 4) store<u32>(icmp + <usize>i, 0);
  switch (kind) {
    case K_RTSOLPR:
    case K_PRRTADV:
    case K_HI:
    case K_HACK:
      store<u16>(icmp + RTSOLPR_IDENTIFIER, bswap<u16>(load<u16>(d + D_ID)));
      store<u8>(icmp + HI_FLAGS, flags);
      break;
    case K_FNA:
      store<u8>(icmp + FNA_FLAGS, flags);
      copy16(icmp + FNA_NEW_COA, d + D_ADDR1);
      copy16(icmp + FNA_OLD_COA, d + D_ADDR2);
      break;
    case K_RA:
      store<u8>(icmp + RA_CUR_HOP, load<u8>(d + D_U8A));
      store<u8>(icmp + RA_FLAGS, flags);
      store<u16>(icmp + RA_ROUTER_LIFETIME, bswap<u16>(load<u16>(d + D_U16A)));
      store<u32>(icmp + RA_REACHABLE, bswap<u32>(load<u32>(d + D_U32A)));
      store<u32>(icmp + RA_RETRANS, bswap<u32>(load<u32>(d + D_U32B)));
      break;
    case K_NS:
    case K_NA:
      store<u8>(icmp + NS_FLAGS, flags);
      copy16(icmp + NS_TARGET, d + D_ADDR1);
      break;
  }
  const olen = emitNdOptions(icmp + at, recs, n, validOptions(kind));
  if (olen < 0) return olen;
  const len = at + olen;
  emitIpv6(out, len, NH_ICMPV6, load<u8>(d + D_HOP), d + D_SRC, d + D_DST);
  const ck = pseudoChecksum(out + IP6_SRC, out + IP6_DST, NH_ICMPV6, icmp, len);
  store<u16>(icmp + ICMP_CHECKSUM, bswap<u16>(ck));
  return IP6_HEADER_LEN + len;
}

// Parses the ICMPv6 message of the IPv6 packet at `pkt` (payload at `off`, `len` octets) into
// the descriptor at `d` (whose src, dst and hop limit the caller has filled). Returns a status.
export function parseIcmp(pkt: usize, off: i32, len: i32, d: usize): i32 {
  const icmp = pkt + off;
  setErrorOffset(off);
  if (len < 4) return ST_TRUNCATED;
  if (pseudoChecksum(pkt + IP6_SRC, pkt + IP6_DST, NH_ICMPV6, icmp, len) != 0) return ST_BAD_CHECKSUM;
  const kind = kindOfIcmpType(load<u8>(icmp + ICMP_TYPE));
  if (kind == 0) return ST_UNKNOWN_TYPE;
  const at = optionsAt(kind);
  if (len < at) return ST_TRUNCATED;
  const code = load<u8>(icmp + ICMP_CODE);
  setErrorOffset(off + ICMP_CODE);
  if (!validCode(kind, code)) return ST_BAD_CODE;
  setErrorOffset(off);
  if (isNd(kind) && load<u8>(d + D_HOP) != 255) return ST_BAD_HOP_LIMIT;
  store<u8>(d + D_KIND, kind);
  store<u8>(d + D_CODE, code);
  let flags: u8 = 0;
  switch (kind) {
    case K_RTSOLPR:
    case K_PRRTADV:
    case K_HI:
    case K_HACK:
      store<u16>(d + D_ID, bswap<u16>(load<u16>(icmp + RTSOLPR_IDENTIFIER)));
      flags = load<u8>(icmp + HI_FLAGS) & flagMask(kind); // reserved bits ignored
      break;
    case K_FNA:
      flags = load<u8>(icmp + FNA_FLAGS) & flagMask(kind);
      copy16(d + D_ADDR1, icmp + FNA_NEW_COA);
      copy16(d + D_ADDR2, icmp + FNA_OLD_COA);
      break;
    case K_RA:
      store<u8>(d + D_U8A, load<u8>(icmp + RA_CUR_HOP));
      flags = load<u8>(icmp + RA_FLAGS) & flagMask(kind);
      store<u16>(d + D_U16A, bswap<u16>(load<u16>(icmp + RA_ROUTER_LIFETIME)));
      store<u32>(d + D_U32A, bswap<u32>(load<u32>(icmp + RA_REACHABLE)));
      store<u32>(d + D_U32B, bswap<u32>(load<u32>(icmp + RA_RETRANS)));
      break;
    case K_NS:
    case K_NA:
      flags = load<u8>(icmp + NS_FLAGS) & flagMask(kind);
      copy16(d + D_ADDR1, icmp + NS_TARGET);
      break;
  }
  store<u8>(d + D_FLAGS, flags);
  setErrorOffset(off + HI_FLAGS);
  if ((kind == K_HI || kind == K_HACK) && !validHandoverFlags(kind, flags)) return ST_BAD_FLAGS;
  const recs = d + D_OPTS;
  const st = parseNdOptions(icmp + at, len - at, off + at, validOptions(kind), recs);
  if (st != ST_OK) return st;
  const n = parsedCount;
  store<u16>(d + D_NOPT, <u16>n);
  setErrorOffset(off + at);
  return checkOptions(kind, flags, recs, n);
}
