// The new ICMP options of draft §5.4. All use Neighbor Discovery framing (RFC 2461 §4.6):
// Type, Length in units of 8 octets (never 0), the option padded to a multiple of 8 octets.
// Where the draft's own length fields disagree with that framing (Lifetime "Length: 8",
// NAACK "MUST be set to 4"), see docs/draft-inconsistencies.md for the reading taken.
import { OPT_IP_ADDRESS, OPT_LLA, OPT_LIFETIME, LIFETIME_SUBTYPE_TUNNEL } from './codepoints';

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
  memory.copy(p + IPADDR_ADDRESS, addr, 16);
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
  store<u8>(p, OPT_LLA);
  store<u8>(p + 1, <u8>(len >> 3));
  store<u8>(p + LLA_SUBTYPE, subType);
  memory.copy(p + LLA_ADDRESS, lla, llaLen);
  memory.fill(p + LLA_ADDRESS + llaLen, 0, len - LLA_ADDRESS - llaLen);
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
