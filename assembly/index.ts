// The packet core's exports: functions and numbers only (raw bindings, no runtime).
// Packets cross the boundary through the static buffers of memory.ts.
import { PKT_IN, PKT_OUT, PARAMS, PKT_SIZE, PARAMS_SIZE } from './memory';
import { emitHI, HIP_MN_LLA_MAX } from './icmpv6';
import { pseudoChecksum } from './checksum';
import { IP6_HEADER_LEN, IP6_SRC, IP6_DST, IP6_PAYLOAD_LEN, IP6_NEXT_HEADER } from './ipv6';

export function pktIn(): usize {
  return PKT_IN;
}
export function pktOut(): usize {
  return PKT_OUT;
}
export function params(): usize {
  return PARAMS;
}
export function pktSize(): i32 {
  return PKT_SIZE;
}
export function paramsSize(): i32 {
  return PARAMS_SIZE;
}

// Build an HI into PKT_OUT from the field values in PARAMS; returns the packet length,
// or -1 when the MN's link-layer address is longer than the option can carry here.
export function buildHI(identifier: u32, flags: u32, present: u32, llaLen: i32, prefixLen: u32, lifetime: u32): i32 {
  if (llaLen < 0 || llaLen > HIP_MN_LLA_MAX) return -1;
  return emitHI(PKT_OUT, PARAMS, <u16>identifier, <u8>flags, present, llaLen, <u8>prefixLen, lifetime);
}

// Verify the upper-layer checksum of the IPv6 packet in PKT_IN (no extension headers):
// returns 1 when it is good, 0 when bad, -1 when the packet is too short for its header.
export function verifyChecksum(len: i32): i32 {
  if (len < IP6_HEADER_LEN) return -1;
  const plen = <i32>bswap<u16>(load<u16>(PKT_IN + IP6_PAYLOAD_LEN));
  if (IP6_HEADER_LEN + plen > len) return -1;
  const nh = load<u8>(PKT_IN + IP6_NEXT_HEADER);
  return pseudoChecksum(PKT_IN + IP6_SRC, PKT_IN + IP6_DST, nh, PKT_IN + IP6_HEADER_LEN, plen) == 0 ? 1 : 0;
}
