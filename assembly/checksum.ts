// The Internet checksum (RFC 1071) and the IPv6 pseudo-header of RFC 2460 §8.1, used by ICMPv6
// (RFC 2463 §2.3) and UDP.

// One's-complement sum of `len` bytes at `ptr`, as big-endian 16-bit words, added to `acc`.
// Not folded: the caller folds once at the end.
export function sum16(ptr: usize, len: i32, acc: u64): u64 {
  let i: i32 = 0;
  // Eight bytes at a time: load as little-endian u64, swap to network order, add the four
  // 16-bit halves. The u64 accumulator cannot overflow for packets under 2^47 bytes.
  while (i + 8 <= len) {
    const v = bswap<u64>(load<u64>(ptr + <usize>i));
    acc += (v >> 48) + ((v >> 32) & 0xffff) + ((v >> 16) & 0xffff) + (v & 0xffff);
    i += 8;
  }
  while (i + 2 <= len) {
    acc += ((<u64>load<u8>(ptr + <usize>i)) << 8) | (<u64>load<u8>(ptr + <usize>i + 1));
    i += 2;
  }
  if (i < len) acc += (<u64>load<u8>(ptr + <usize>i)) << 8;
  return acc;
}

export function fold(acc: u64): u16 {
  while (acc >> 16) acc = (acc & 0xffff) + (acc >> 16);
  return <u16>acc;
}

// Checksum of an upper-layer payload at `ptr` (length `len`) with the pseudo-header built from
// the source and destination addresses at `src` and `dst` (16 bytes each) and next header `nh`.
// The checksum field inside the payload must be zero when emitting; when verifying over a
// packet whose checksum is in place the result is 0.
export function pseudoChecksum(src: usize, dst: usize, nh: u8, ptr: usize, len: i32): u16 {
  let acc: u64 = sum16(src, 16, 0);
  acc = sum16(dst, 16, acc);
  acc += <u64>((<u32>len) >> 16) + <u64>((<u32>len) & 0xffff) + <u64>nh;
  acc = sum16simd(ptr, len, acc);
  return ~fold(acc);
}

// The same sum with 128-bit SIMD loads. One's-complement addition is byte-order independent
// (RFC 1071 §2(B)): we add little-endian 16-bit lanes, fold, then swap the two bytes once.
// u32 lanes take at most 2 × 0xffff per 16-byte step, so we spill them to the u64 every
// 16384 steps (256 KiB), long before they could overflow.
export function sum16simd(ptr: usize, len: i32, acc: u64): u64 {
  const n16 = len & ~15;
  let le: u64 = 0;
  let i: i32 = 0;
  while (i < n16) {
    let lanes = i32x4.splat(0);
    const stop = min<i32>(n16, i + 16384 * 16);
    while (i < stop) {
      lanes = i32x4.add(lanes, i32x4.extadd_pairwise_i16x8_u(v128.load(ptr + <usize>i)));
      i += 16;
    }
    le +=
      <u64>(<u32>i32x4.extract_lane(lanes, 0)) +
      <u64>(<u32>i32x4.extract_lane(lanes, 1)) +
      <u64>(<u32>i32x4.extract_lane(lanes, 2)) +
      <u64>(<u32>i32x4.extract_lane(lanes, 3));
  }
  acc += <u64>bswap<u16>(fold(le));
  return sum16(ptr + <usize>n16, len - n16, acc);
}

// The whole checksum of `len` bytes (no pseudo-header), scalar and SIMD: exported for the
// test that proves them equal and for the throughput benchmark.
export function checksumScalar(ptr: usize, len: i32): u16 {
  return ~fold(sum16(ptr, len, 0));
}
export function checksumSimd(ptr: usize, len: i32): u16 {
  return ~fold(sum16simd(ptr, len, 0));
}
