// ICMPv6 messages of the draft. The fixed part of each message, then its options in the order
// the draft mandates.
import { emitIpv6, IP6_HEADER_LEN, IP6_SRC, IP6_DST } from './ipv6';
import { pseudoChecksum } from './checksum';
import { emitIpAddressOption, emitLlaOption, emitLifetimeOption } from './options';
import { ICMP6_HI, NH_ICMPV6, IPADDR_OLD_COA, IPADDR_NEW_COA, LLA_MN } from './codepoints';

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
