// Destination options (RFC 2460 §4.6): the F-BU (§5.3.1) and F-BACK (§5.3.2) of the draft, the
// [MIPv6] draft-12 Binding Update / Acknowledgement, and the Home Address option, in a
// Destination Options header followed by No Next Header (59).
//
// Destination Options header, RFC 2460 §4.6
//  |  Next Header  |  Hdr Ext Len  |                               |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
//  |                            Options                            |
// Hdr Ext Len is in 8-octet units, not counting the first 8 octets.
import { emitIpv6, IP6_HEADER_LEN, IP6_DST } from './ipv6';
import { setErrorOffset } from './options';
import {
  NH_DSTOPTS,
  NH_NONE,
  DOPT_PAD1,
  DOPT_PADN,
  DOPT_FBU,
  DOPT_FBACK,
  DOPT_BU,
  DOPT_BACK,
  DOPT_HOME_ADDRESS,
  SUBOPT_PAD1,
  SUBOPT_UNIQUE_ID,
  SUBOPT_ALT_COA,
  FBU_A,
  BU_A,
  BU_H,
  BU_R,
  BU_D,
} from './codepoints';
import {
  D_KIND,
  D_CODE,
  D_FLAGS,
  D_ID,
  D_U32A,
  D_U32B,
  D_U16A,
  D_U8A,
  D_U8B,
  D_SRC,
  D_DST,
  D_ADDR1,
  D_ADDR2,
  D_HOP,
  K_FBU,
  K_FBACK,
  K_BU,
  K_BACK,
} from './desc';
import {
  ST_OK,
  ST_TRUNCATED,
  ST_BAD_LENGTH,
  ST_BAD_ALIGNMENT,
  ST_UNKNOWN_TYPE,
  ST_BAD_OPTION_LENGTH,
  ST_MISSING_OPTION,
  ST_UNKNOWN_NEXT_HEADER,
  ST_UNKNOWN_OPTION_DISCARD,
  ST_UNKNOWN_OPTION_ICMP,
  ST_BAD_FIELD,
} from './status';

export const DOH_NEXT_HEADER: i32 = 0;
export const DOH_LEN: i32 = 1;
export const DOH_OPTIONS: i32 = 2;

// [MIPv6] Home Address option: alignment 8n+6
//  |  Option Type  | Option Length |
//  |                       Home Address (16)                       |
export const HAO_ADDRESS: i32 = 2;
export const HAO_LEN: i32 = HAO_ADDRESS + 16;

// §5.3.1 F-BU (alignment 4n+2) and [MIPv6] draft-12 BU, the same layout; the F-BU's first
// octet is drawn "Reserved", we read its high bit as the A bit (docs/draft-inconsistencies.md):
//                                  |  Option Type  | Option Length |
//  |  Flags/Rsvd   | Prefix Length |        Sequence Number        |
//  |                            Lifetime                           |
//  |   Sub-Options...
// Option Length = 8 + the sub-options.
export const BU_FLAGS: i32 = 2;
export const BU_PREFIX_LEN: i32 = 3;
export const BU_SEQUENCE: i32 = 4;
export const BU_LIFETIME: i32 = 6;
export const BU_SUBOPTIONS: i32 = 10;
export const BU_MIN_DATA: i32 = BU_SUBOPTIONS - 2; // 8

// §5.3.2 F-BACK (alignment 4n+3); [MIPv6] draft-12 BA adds Refresh (Option Length 11 + subs):
//                                                  |  Option Type  |
//  | Option Length |    Status     |        Sequence Number        |
//  |                            Lifetime                           |
//  |                     Refresh (BA only)                         |
export const BA_STATUS: i32 = 2;
export const BA_SEQUENCE: i32 = 3;
export const BA_LIFETIME: i32 = 5;
export const BA_REFRESH: i32 = 9;
export const FBACK_MIN_DATA: i32 = BA_REFRESH - 2; // 7
export const BACK_MIN_DATA: i32 = BA_REFRESH + 4 - 2; // 11

// Sub-options ([MIPv6] draft-12): Unique Identifier (length 2), Alternate CoA (length 16).
export const UID_LEN: i32 = 4;
export const ACOA_LEN: i32 = 18;

// Writes `n` octets of padding at `p`: Pad1 for one octet, PadN otherwise (RFC 2460 §4.2).
// (Sub-options use the same numbers: Pad1 0, PadN 1.)
function pad(p: usize, n: i32): void {
  if (n == 0) return;
  if (n == 1) {
    store<u8>(p, DOPT_PAD1);
    return;
  }
  store<u8>(p, DOPT_PADN);
  store<u8>(p + 1, <u8>(n - 2));
  memory.fill(p + 2, 0, n - 2);
}
// Pads from `off` (relative to the header start `h`) to the next offset ≡ rem (mod m).
function padTo(h: usize, off: i32, m: i32, rem: i32): i32 {
  const need = (rem - (off % m) + m) % m;
  pad(h + off, need);
  return off + need;
}

function isMulticast(a: usize): bool {
  return load<u8>(a) == 0xff;
}

// Emits the F-BU, F-BACK, BU or BACK described at `d` as a whole IPv6 packet at `out`.
export function emitDestOpts(out: usize, d: usize): i32 {
  const kind = load<u8>(d + D_KIND);
  const h = out + IP6_HEADER_LEN;
  store<u8>(h + DOH_NEXT_HEADER, NH_NONE);
  let off: i32 = DOH_OPTIONS;
  if (kind == K_FBU || kind == K_BU) {
    const present = load<u8>(d + D_U8B);
    // §5.3.1: an F-BU MUST be accompanied by a Home Address option, and MUST carry the
    // Alternate Care-of Address sub-option.
    if (kind == K_FBU && (present & 2) == 0) return -ST_MISSING_OPTION;
    off = padTo(h, off, 8, 6); // Home Address option: 8n+6
    store<u8>(h + off, DOPT_HOME_ADDRESS);
    store<u8>(h + off + 1, <u8>(HAO_LEN - 2));
    memory.copy(h + off + HAO_ADDRESS, d + D_ADDR1, 16);
    off += HAO_LEN;
    off = padTo(h, off, 4, 2); // F-BU / BU: 4n+2
    const o = off;
    store<u8>(h + o, kind == K_FBU ? DOPT_FBU : DOPT_BU);
    const fl = load<u8>(d + D_FLAGS) & (kind == K_FBU ? FBU_A : BU_A | BU_H | BU_R | BU_D);
    store<u8>(h + o + BU_FLAGS, fl);
    store<u8>(h + o + BU_PREFIX_LEN, load<u8>(d + D_U8A));
    store<u16>(h + o + BU_SEQUENCE, bswap<u16>(load<u16>(d + D_ID)));
    store<u32>(h + o + BU_LIFETIME, bswap<u32>(load<u32>(d + D_U32A)));
    off = o + BU_SUBOPTIONS;
    if (present & 1) {
      off = padTo(h, off, 2, 0); // Unique Identifier: 2n
      store<u8>(h + off, SUBOPT_UNIQUE_ID);
      store<u8>(h + off + 1, 2);
      store<u16>(h + off + 2, bswap<u16>(load<u16>(d + D_U16A)));
      off += UID_LEN;
    }
    if (present & 2) {
      off = padTo(h, off, 8, 6); // Alternate Care-of Address: 8n+6
      store<u8>(h + off, SUBOPT_ALT_COA);
      store<u8>(h + off + 1, 16);
      memory.copy(h + off + 2, d + D_ADDR2, 16);
      off += ACOA_LEN;
    }
    store<u8>(h + o + 1, <u8>(off - o - 2));
  } else if (kind == K_FBACK || kind == K_BACK) {
    off = padTo(h, off, 4, 3); // 4n+3
    const o = off;
    store<u8>(h + o, kind == K_FBACK ? DOPT_FBACK : DOPT_BACK);
    store<u8>(h + o + 1, <u8>(kind == K_FBACK ? FBACK_MIN_DATA : BACK_MIN_DATA));
    store<u8>(h + o + BA_STATUS, load<u8>(d + D_CODE));
    store<u16>(h + o + BA_SEQUENCE, bswap<u16>(load<u16>(d + D_ID)));
    store<u32>(h + o + BA_LIFETIME, bswap<u32>(load<u32>(d + D_U32A)));
    off = o + BA_REFRESH;
    if (kind == K_BACK) {
      store<u32>(h + o + BA_REFRESH, bswap<u32>(load<u32>(d + D_U32B)));
      off += 4;
    }
  } else return -ST_UNKNOWN_TYPE;
  off = padTo(h, off, 8, 0);
  store<u8>(h + DOH_LEN, <u8>((off >> 3) - 1));
  emitIpv6(out, off, NH_DSTOPTS, load<u8>(d + D_HOP), d + D_SRC, d + D_DST);
  return IP6_HEADER_LEN + off;
}

// Parses the sub-options of a BU / F-BU in [p, p+len): framing, known lengths; unknown ones
// are skipped. Records presence in D_U8B.
function parseBuSubOptions(p: usize, len: i32, base: i32, d: usize): i32 {
  let off: i32 = 0;
  let present: u8 = 0;
  while (off < len) {
    setErrorOffset(base + off);
    const t = load<u8>(p + off);
    if (t == SUBOPT_PAD1) {
      off++;
      continue;
    }
    if (len - off < 2) return ST_BAD_OPTION_LENGTH;
    const sl = <i32>load<u8>(p + off + 1);
    if (sl + 2 > len - off) return ST_BAD_OPTION_LENGTH;
    if (t == SUBOPT_UNIQUE_ID) {
      if (sl != UID_LEN - 2) return ST_BAD_OPTION_LENGTH;
      store<u16>(d + D_U16A, bswap<u16>(load<u16>(p + off + 2)));
      present |= 1;
    } else if (t == SUBOPT_ALT_COA) {
      if (sl != ACOA_LEN - 2) return ST_BAD_OPTION_LENGTH;
      memory.copy(d + D_ADDR2, p + off + 2, 16);
      present |= 2;
    }
    off += sl + 2;
  }
  store<u8>(d + D_U8B, present);
  return ST_OK;
}

// Parses the Destination Options header at `off` of the packet at `pkt` (`len` octets of IPv6
// payload) into the descriptor `d`. Returns a status; unknown options follow the action in their
// two high bits (RFC 2460 §4.2): 00 skip, 01 discard, 10 discard + ICMP Parameter Problem,
// 11 the same unless the destination is multicast.
export function parseDestOpts(pkt: usize, off: i32, len: i32, d: usize): i32 {
  const h = pkt + off;
  setErrorOffset(off);
  if (len < 8) return ST_TRUNCATED;
  const total = (<i32>load<u8>(h + DOH_LEN) + 1) << 3;
  setErrorOffset(off + DOH_LEN);
  if (total > len) return ST_TRUNCATED;
  if (total < len) return ST_BAD_LENGTH;
  let kind: u8 = 0;
  let haveHao = false;
  let o: i32 = DOH_OPTIONS;
  while (o < total) {
    setErrorOffset(off + o);
    const t = load<u8>(h + o);
    if (t == DOPT_PAD1) {
      o++;
      continue;
    }
    if (total - o < 2) return ST_BAD_OPTION_LENGTH;
    const ol = <i32>load<u8>(h + o + 1);
    if (ol + 2 > total - o) return ST_BAD_OPTION_LENGTH;
    if (t == DOPT_PADN) {
      // nothing
    } else if (t == DOPT_HOME_ADDRESS) {
      if (o % 8 != 6) return ST_BAD_ALIGNMENT;
      if (ol < HAO_LEN - 2) return ST_BAD_OPTION_LENGTH;
      memory.copy(d + D_ADDR1, h + o + HAO_ADDRESS, 16);
      haveHao = true;
    } else if (t == DOPT_FBU || t == DOPT_BU) {
      if (o % 4 != 2) return ST_BAD_ALIGNMENT;
      if (ol < BU_MIN_DATA) return ST_BAD_OPTION_LENGTH;
      if (kind != 0) return ST_BAD_FIELD; // one mobility option per packet
      kind = t == DOPT_FBU ? K_FBU : K_BU;
      const fl = load<u8>(h + o + BU_FLAGS) & (kind == K_FBU ? FBU_A : BU_A | BU_H | BU_R | BU_D);
      store<u8>(d + D_FLAGS, fl);
      store<u8>(d + D_U8A, load<u8>(h + o + BU_PREFIX_LEN));
      store<u16>(d + D_ID, bswap<u16>(load<u16>(h + o + BU_SEQUENCE)));
      store<u32>(d + D_U32A, bswap<u32>(load<u32>(h + o + BU_LIFETIME)));
      const st = parseBuSubOptions(h + o + BU_SUBOPTIONS, ol + 2 - BU_SUBOPTIONS, off + o + BU_SUBOPTIONS, d);
      if (st != ST_OK) return st;
    } else if (t == DOPT_FBACK || t == DOPT_BACK) {
      if (o % 4 != 3) return ST_BAD_ALIGNMENT;
      if (ol < (t == DOPT_FBACK ? FBACK_MIN_DATA : BACK_MIN_DATA)) return ST_BAD_OPTION_LENGTH;
      if (kind != 0) return ST_BAD_FIELD;
      kind = t == DOPT_FBACK ? K_FBACK : K_BACK;
      store<u8>(d + D_CODE, load<u8>(h + o + BA_STATUS));
      store<u16>(d + D_ID, bswap<u16>(load<u16>(h + o + BA_SEQUENCE)));
      store<u32>(d + D_U32A, bswap<u32>(load<u32>(h + o + BA_LIFETIME)));
      if (kind == K_BACK) store<u32>(d + D_U32B, bswap<u32>(load<u32>(h + o + BA_REFRESH)));
      // §5.3.2: no sub-options are defined for the F-BACK; any present are skipped.
    } else {
      const action = t >> 6;
      if (action == 1) return ST_UNKNOWN_OPTION_DISCARD;
      if (action == 2) return ST_UNKNOWN_OPTION_ICMP;
      if (action == 3) return isMulticast(pkt + IP6_DST) ? ST_UNKNOWN_OPTION_DISCARD : ST_UNKNOWN_OPTION_ICMP;
    }
    o += ol + 2;
  }
  setErrorOffset(off);
  if (load<u8>(h + DOH_NEXT_HEADER) != NH_NONE) return ST_UNKNOWN_NEXT_HEADER;
  if (kind == 0) return ST_UNKNOWN_TYPE;
  store<u8>(d + D_KIND, kind);
  // §5.3.1: "Any packet that includes a Fast Binding Update option MUST also include a Home
  // Address option", and the Alternate Care-of Address sub-option "MUST be present".
  if (kind == K_FBU || kind == K_BU) {
    if (!haveHao) return ST_MISSING_OPTION;
    if (kind == K_FBU && (load<u8>(d + D_U8B) & 2) == 0) return ST_MISSING_OPTION;
  }
  return ST_OK;
}
