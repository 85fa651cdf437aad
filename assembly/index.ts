// The packet core's exports: functions and numbers only (raw bindings, no runtime).
// Packets cross the boundary through the static buffers of memory.ts.
import { PKT_IN, PKT_OUT, PARAMS, SCRATCH, PKT_SIZE, PARAMS_SIZE, POOL } from './memory';
export { POOL_SLOTS, POOL_SLOT_SIZE } from './memory';
import { emitHI, HIP_MN_LLA_MAX } from './icmpv6';
import { pseudoChecksum, checksumScalar as ckScalar, checksumSimd as ckSimd } from './checksum';
import { IP6_HEADER_LEN, IP6_SRC, IP6_DST, IP6_PAYLOAD_LEN, IP6_NEXT_HEADER } from './ipv6';
import { emitPacket, parsePacket } from './packet';
import { errorOffset as errOff } from './options';
import { encapsulate } from './tunnel';
import { D_SRC, D_DST, D_HOP, D_SIZE } from './desc';
import { ST_TRUNCATED, ST_NO_SPACE } from './status';
export * from './dataplane';
export * from './auth';

export function pktIn(): usize {
  return PKT_IN;
}
export function pktOut(): usize {
  return PKT_OUT;
}
export function params(): usize {
  return PARAMS;
}
export function poolPtr(): usize {
  return POOL;
}
export function pktSize(): i32 {
  return PKT_SIZE;
}
export function paramsSize(): i32 {
  return PARAMS_SIZE;
}
export function descSize(): i32 {
  return D_SIZE;
}

// Build an HI into PKT_OUT from the field values in PARAMS; returns the packet length,
// or -1 when the MN's link-layer address is longer than the option can carry here.
// (The walking skeleton's entry point; the codec's `emit` supersedes it.)
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

// The codec. emit: the descriptor in PARAMS → a whole packet in PKT_OUT; returns its length,
// or -status. parse: `len` octets in PKT_IN → the descriptor in PARAMS; returns the status
// (0 = Ok), and errorOffset() the offset in the packet where parsing stopped.
export function emit(): i32 {
  return emitPacket(PKT_OUT, PKT_SIZE, PARAMS);
}
export function parse(len: i32): i32 {
  if (len < 0 || len > PKT_SIZE) return ST_TRUNCATED;
  return parsePacket(PKT_IN, len, PARAMS);
}
// `parse` of the `len` octets at `pkt` (a slot of the engine's POOL), in place.
export function parseAt(pkt: usize, len: i32): i32 {
  if (len < 0 || len > PKT_SIZE) return ST_TRUNCATED;
  return parsePacket(pkt, len, PARAMS);
}
export function errorOffset(): i32 {
  return errOff;
}

// RFC 2473: wraps the `len` octets in PKT_IN in an outer header from PARAMS' src, dst and hop
// limit, into PKT_OUT. Returns the new length or -status.
export function encap(len: i32): i32 {
  if (len < 0 || len + IP6_HEADER_LEN > PKT_SIZE) return -ST_NO_SPACE;
  return encapsulate(PKT_OUT, PKT_IN, len, PARAMS + D_SRC, PARAMS + D_DST, load<u8>(PARAMS + D_HOP));
}

// Benchmarks that stay inside the module: `n` round trips (emit the descriptor in PARAMS,
// checksum included, then parse it back into SCRATCH). Returns the number that failed.
export function roundTrip(n: i32): i32 {
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const len = emitPacket(PKT_OUT, PKT_SIZE, PARAMS);
    if (len < 0 || parsePacket(PKT_OUT, len, SCRATCH) != 0) bad++;
  }
  return bad;
}

// Checksum of `len` octets of PKT_IN, scalar or SIMD, `n` times (throughput benchmark and the
// test that both give the same answer). Returns the last checksum.
export function checksumLoop(len: i32, n: i32, simd: i32): i32 {
  let c: u16 = 0;
  for (let i = 0; i < n; i++) c = simd ? ckSimd(PKT_IN, len) : ckScalar(PKT_IN, len);
  return c;
}
