// The new ICMP options of draft §5.4. All use Neighbor Discovery framing (RFC 2461 §4.6):
// Type, Length in units of 8 octets (never 0), the option padded to a multiple of 8 octets.
// Where the draft's own length fields disagree with that framing (Lifetime "Length: 8",
// NAACK "MUST be set to 4"), see docs/draft-inconsistencies.md for the reading taken.
import {
  OPT_IP_ADDRESS,
  OPT_LLA,
  OPT_LIFETIME,
  OPT_NAACK,
  OPT_HO_CAPS,
  OPT_SLLA,
  OPT_TLLA,
  OPT_PREFIX_INFO,
  LIFETIME_SUBTYPE_TUNNEL,
  NAACK_SUBTYPE,
  PI_L,
  PI_A,
} from './codepoints';
import { copy16, copy6, zero8 } from './mem';
import { O_TYPE, O_SUB, O_PLEN, O_A, O_B, O_DATA, OPT_REC, OPT_MAX, LLA_LEN } from './desc';
import { ST_OK, ST_BAD_OPTION_LENGTH, ST_TOO_MANY_OPTIONS, ST_BAD_FIELD } from './status';

// §5.4.1 IP Address Option
//  |     Type      |    Length     |   Sub-Type    | Prefix Length |
//  |                           Reserved                            |
//  |                     IPv6 Address (16 octets)                  |
export const IPADDR_SUBTYPE: i32 = 2;
export const IPADDR_PREFIX_LEN: i32 = 3;
export const IPADDR_RESERVED: i32 = 4;
export const IPADDR_ADDRESS: i32 = 8;
export const IPADDR_LEN: i32 = IPADDR_ADDRESS + 16; // 24 octets: Length 3

export function emitIpAddressOption(p: usize, subType: u8, prefixLen: u8, addr: usize): i32 {
  store<u8>(p, OPT_IP_ADDRESS);
  store<u8>(p + 1, <u8>(IPADDR_LEN >> 3));
  store<u8>(p + IPADDR_SUBTYPE, subType);
  store<u8>(p + IPADDR_PREFIX_LEN, prefixLen);
  store<u32>(p + IPADDR_RESERVED, 0);
  copy16(p + IPADDR_ADDRESS, addr);
  return IPADDR_LEN;
}

// §5.4.2 Link-layer Address option
//  |     Type      |    Length     |   Sub-Type    |     LLA ...
export const LLA_SUBTYPE: i32 = 2;
export const LLA_ADDRESS: i32 = 3;

// Length of an LLA option carrying `llaLen` octets, padded to 8.
export function llaOptionLen(llaLen: i32): i32 {
  return (LLA_ADDRESS + llaLen + 7) & ~7;
}

export function emitLlaOption(p: usize, subType: u8, lla: usize, llaLen: i32): i32 {
  const len = llaOptionLen(llaLen);
  // clear the whole option first (it is a multiple of 8), then write the address into it
  zero8(p, len);
  store<u8>(p, OPT_LLA);
  store<u8>(p + 1, <u8>(len >> 3));
  store<u8>(p + LLA_SUBTYPE, subType);
  if (llaLen == LLA_LEN) copy6(p + LLA_ADDRESS, lla);
  else memory.copy(p + LLA_ADDRESS, lla, llaLen);
  return len;
}

// §5.4.3 Lifetime Option
//  |     Type      |    Length     |   Subtype     |   Reserved    |
//  |                           Lifetime                            |
export const LIFETIME_SUBTYPE: i32 = 2;
export const LIFETIME_RESERVED: i32 = 3;
export const LIFETIME_VALUE: i32 = 4;
export const LIFETIME_LEN: i32 = LIFETIME_VALUE + 4; // 8 octets: Length 1

export function emitLifetimeOption(p: usize, lifetime: u32): i32 {
  store<u8>(p, OPT_LIFETIME);
  store<u8>(p + 1, <u8>(LIFETIME_LEN >> 3));
  store<u8>(p + LIFETIME_SUBTYPE, LIFETIME_SUBTYPE_TUNNEL);
  store<u8>(p + LIFETIME_RESERVED, 0);
  store<u32>(p + LIFETIME_VALUE, bswap<u32>(lifetime));
  return LIFETIME_LEN;
}

// §5.4.4 Neighbor Advertisement Acknowledgement, padded to 8 octets (Length 1, see
// docs/draft-inconsistencies.md: the draft says "MUST be set to 4").
//  |     Type      |    Length     |   Sub-Type    |     Status    |  + 4 octets of padding
export const NAACK_SUBTYPE_OFF: i32 = 2;
export const NAACK_STATUS: i32 = 3;
export const NAACK_LEN: i32 = 8;

// §5.4.5 Handover Capabilities, padded to 8 octets (Length 1; the draft says "Length: 4").
//  |     Type      |    Length     |      Code       |   Reserved  |  + 4 octets of padding
export const HOCAPS_CODE: i32 = 2;
export const HOCAPS_LEN: i32 = 8;

// RFC 2461 §4.6.1 Source/Target Link-layer Address
//  |     Type      |    Length     |    Link-Layer Address ...
export const SLLA_ADDRESS: i32 = 2;
export const SLLA_LEN: i32 = (SLLA_ADDRESS + LLA_LEN + 7) & ~7; // 8 octets for a 6-octet address

// RFC 2461 §4.6.2 Prefix Information
//  |     Type      |    Length     | Prefix Length |L|A| Reserved1 |
//  |                         Valid Lifetime                        |
//  |                       Preferred Lifetime                      |
//  |                           Reserved2                           |
//  |                            Prefix (16)                        |
export const PI_PREFIX_LEN: i32 = 2;
export const PI_FLAGS: i32 = 3;
export const PI_VALID: i32 = 4;
export const PI_PREFERRED: i32 = 8;
export const PI_RESERVED2: i32 = 12;
export const PI_PREFIX: i32 = 16;
export const PI_LEN: i32 = PI_PREFIX + 16; // 32 octets: Length 4

// A bit per option type, for the per-message sets of valid options.
export const M_SLLA: u32 = 1;
export const M_TLLA: u32 = 2;
export const M_PI: u32 = 4;
export const M_IPADDR: u32 = 8;
export const M_LLA: u32 = 16;
export const M_LIFETIME: u32 = 32;
export const M_NAACK: u32 = 64;
export const M_HOCAPS: u32 = 128;

export function optionBit(type: u8): u32 {
  switch (type) {
    case OPT_SLLA:
      return M_SLLA;
    case OPT_TLLA:
      return M_TLLA;
    case OPT_PREFIX_INFO:
      return M_PI;
    case OPT_IP_ADDRESS:
      return M_IPADDR;
    case OPT_LLA:
      return M_LLA;
    case OPT_LIFETIME:
      return M_LIFETIME;
    case OPT_NAACK:
      return M_NAACK;
    case OPT_HO_CAPS:
      return M_HOCAPS;
  }
  return 0;
}

// Where a parse stopped, as an offset from the start of the packet (for `errorOffset()`).
export let errorOffset: i32 = 0;
export function setErrorOffset(v: i32): void {
  errorOffset = v;
}

// Parses the ND-framed options at `p` (`len` octets, `base` = their offset in the packet) into
// option records at `recs`. Options not in `valid` — unknown types, and known ones the message
// does not carry (§5.4.2: "MUST be silently ignored if attached to other ND messages") — are
// skipped, as §5.1.1/§5.1.2/§5.1.3 require ("Receivers MUST silently ignore any options they do
// not recognize"). Stops at the first framing error; a Length of 0 is an error (RFC 2461 §4.6).
// Returns the status; the record count is in `parsedCount`.
export let parsedCount: i32 = 0;
export function parseNdOptions(p: usize, len: i32, base: i32, valid: u32, recs: usize): i32 {
  let off: i32 = 0;
  let n: i32 = 0;
  while (off < len) {
    errorOffset = base + off;
    if (len - off < 2) return ST_BAD_OPTION_LENGTH;
    const type = load<u8>(p + off);
    const olen = (<i32>load<u8>(p + off + 1)) << 3;
    if (olen == 0 || olen > len - off) return ST_BAD_OPTION_LENGTH;
    const bit = optionBit(type);
    if ((bit & valid) != 0) {
      if (n >= OPT_MAX) return ST_TOO_MANY_OPTIONS;
      const r = recs + <usize>(n * OPT_REC);
      const o = p + off;
      zero8(r, OPT_REC);
      store<u8>(r + O_TYPE, type);
      const st = parseOne(o, olen, type, r);
      if (st != ST_OK) return st;
      n++;
    }
    off += olen;
  }
  parsedCount = n;
  return ST_OK;
}

function parseOne(o: usize, olen: i32, type: u8, r: usize): i32 {
  switch (type) {
    case OPT_SLLA:
    case OPT_TLLA: {
      if (olen != SLLA_LEN) return ST_BAD_OPTION_LENGTH;
      copy6(r + O_DATA, o + SLLA_ADDRESS);
      return ST_OK;
    }
    case OPT_PREFIX_INFO: {
      if (olen != PI_LEN) return ST_BAD_OPTION_LENGTH;
      store<u8>(r + O_PLEN, load<u8>(o + PI_PREFIX_LEN));
      store<u8>(r + O_SUB, load<u8>(o + PI_FLAGS) & (PI_L | PI_A));
      store<u32>(r + O_A, bswap<u32>(load<u32>(o + PI_VALID)));
      store<u32>(r + O_B, bswap<u32>(load<u32>(o + PI_PREFERRED)));
      copy16(r + O_DATA, o + PI_PREFIX);
      return ST_OK;
    }
    case OPT_IP_ADDRESS: {
      if (olen != IPADDR_LEN) return ST_BAD_OPTION_LENGTH;
      store<u8>(r + O_SUB, load<u8>(o + IPADDR_SUBTYPE));
      store<u8>(r + O_PLEN, load<u8>(o + IPADDR_PREFIX_LEN));
      copy16(r + O_DATA, o + IPADDR_ADDRESS);
      return ST_OK;
    }
    case OPT_LLA: {
      if (olen != llaOptionLen(LLA_LEN)) return ST_BAD_OPTION_LENGTH;
      store<u8>(r + O_SUB, load<u8>(o + LLA_SUBTYPE));
      copy6(r + O_DATA, o + LLA_ADDRESS);
      return ST_OK;
    }
    case OPT_LIFETIME: {
      if (olen != LIFETIME_LEN) return ST_BAD_OPTION_LENGTH;
      if (load<u8>(o + LIFETIME_SUBTYPE) != LIFETIME_SUBTYPE_TUNNEL) return ST_BAD_FIELD;
      store<u32>(r + O_A, bswap<u32>(load<u32>(o + LIFETIME_VALUE)));
      return ST_OK;
    }
    case OPT_NAACK: {
      if (olen != NAACK_LEN) return ST_BAD_OPTION_LENGTH;
      if (load<u8>(o + NAACK_SUBTYPE_OFF) != NAACK_SUBTYPE) return ST_BAD_FIELD;
      store<u8>(r + O_SUB, load<u8>(o + NAACK_STATUS));
      return ST_OK;
    }
    case OPT_HO_CAPS: {
      if (olen != HOCAPS_LEN) return ST_BAD_OPTION_LENGTH;
      store<u8>(r + O_SUB, load<u8>(o + HOCAPS_CODE));
      return ST_OK;
    }
  }
  return ST_BAD_FIELD;
}

// Emits `n` option records at `recs` as ND options at `p`. Every byte is written (padding and
// reserved fields zero). Returns the octets written, or -status for a record the message cannot
// carry (not in `valid`) or a value the format cannot hold.
export function emitNdOptions(p: usize, recs: usize, n: i32, valid: u32): i32 {
  let off: i32 = 0;
  for (let i = 0; i < n; i++) {
    const r = recs + <usize>(i * OPT_REC);
    const type = load<u8>(r + O_TYPE);
    if ((optionBit(type) & valid) == 0) return -ST_BAD_FIELD;
    const o = p + off;
    switch (type) {
      case OPT_SLLA:
      case OPT_TLLA: {
        store<u8>(o, type);
        store<u8>(o + 1, <u8>(SLLA_LEN >> 3));
        copy6(o + SLLA_ADDRESS, r + O_DATA);
        off += SLLA_LEN;
        break;
      }
      case OPT_PREFIX_INFO: {
        store<u8>(o, type);
        store<u8>(o + 1, <u8>(PI_LEN >> 3));
        store<u8>(o + PI_PREFIX_LEN, load<u8>(r + O_PLEN));
        store<u8>(o + PI_FLAGS, load<u8>(r + O_SUB) & (PI_L | PI_A));
        store<u32>(o + PI_VALID, bswap<u32>(load<u32>(r + O_A)));
        store<u32>(o + PI_PREFERRED, bswap<u32>(load<u32>(r + O_B)));
        store<u32>(o + PI_RESERVED2, 0);
        copy16(o + PI_PREFIX, r + O_DATA);
        off += PI_LEN;
        break;
      }
      case OPT_IP_ADDRESS:
        off += emitIpAddressOption(o, load<u8>(r + O_SUB), load<u8>(r + O_PLEN), r + O_DATA);
        break;
      case OPT_LLA:
        off += emitLlaOption(o, load<u8>(r + O_SUB), r + O_DATA, LLA_LEN);
        break;
      case OPT_LIFETIME:
        off += emitLifetimeOption(o, load<u32>(r + O_A));
        break;
      case OPT_NAACK: {
        store<u8>(o, type);
        store<u8>(o + 1, <u8>(NAACK_LEN >> 3));
        store<u8>(o + NAACK_SUBTYPE_OFF, NAACK_SUBTYPE);
        store<u8>(o + NAACK_STATUS, load<u8>(r + O_SUB));
        store<u32>(o + 4, 0);
        off += NAACK_LEN;
        break;
      }
      case OPT_HO_CAPS: {
        store<u8>(o, type);
        store<u8>(o + 1, <u8>(HOCAPS_LEN >> 3));
        store<u8>(o + HOCAPS_CODE, load<u8>(r + O_SUB));
        store<u8>(o + 3, 0);
        store<u32>(o + 4, 0);
        off += HOCAPS_LEN;
        break;
      }
    }
  }
  return off;
}
