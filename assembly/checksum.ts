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
// packet whose checksum is in place the result is 0. Sums in the little-endian domain (see
// sumLE) and swaps once at the end; the addresses, contiguous in an IPv6 header, are one block.
export function pseudoChecksum(src: usize, dst: usize, nh: u8, ptr: usize, len: i32): u16 {
  let acc: u64 = dst == src + 16 ? sumLE(src, 32) : sumLE(src, 16) + sumLE(dst, 16);
  acc += sumLE(ptr, len);
  // the pseudo-header's length and next header are big-endian words: swap them into the LE domain
  acc += <u64>bswap<u16>(<u16>((<u32>len) >> 16)) + <u64>bswap<u16>(<u16>len) + <u64>bswap<u16>(<u16>nh);
  return ~bswap<u16>(fold(acc));
}

// One's-complement partial sum of `len` bytes taken as little-endian 16-bit words (RFC 1071
// §2(B): the sum is byte-order independent, so the caller swaps the folded result once), with
// 128-bit SIMD loads, then 32-bit words (§2(C): wider words fold to the same sum), then the
// tail. A trailing odd byte is the high byte of a big-endian word: the low byte here.
export function sumLE(ptr: usize, len: i32): u64 {
  let acc: u64 = 0;
  let i: i32 = 0;
  const n16 = len & ~15;
  while (i < n16) {
    let lanes = i32x4.splat(0);
    const stop = min<i32>(n16, i + 16384 * 16);
    while (i < stop) {
      lanes = i32x4.add(lanes, i32x4.extadd_pairwise_i16x8_u(v128.load(ptr + <usize>i)));
      i += 16;
    }
    acc +=
      <u64>(<u32>i32x4.extract_lane(lanes, 0)) +
      <u64>(<u32>i32x4.extract_lane(lanes, 1)) +
      <u64>(<u32>i32x4.extract_lane(lanes, 2)) +
      <u64>(<u32>i32x4.extract_lane(lanes, 3));
  }
  while (i + 4 <= len) {
    acc += <u64>load<u32>(ptr + <usize>i);
    i += 4;
  }
  if (i + 2 <= len) {
    acc += <u64>load<u16>(ptr + <usize>i);
    i += 2;
  }
  if (i < len) acc += <u64>load<u8>(ptr + <usize>i);
  return acc;
}

// The whole checksum of `len` bytes (no pseudo-header), scalar and SIMD: exported for the
// test that proves them equal and for the throughput benchmark.
export function checksumScalar(ptr: usize, len: i32): u16 {
  return ~fold(sum16(ptr, len, 0));
}
export function checksumSimd(ptr: usize, len: i32): u16 {
  return ~bswap<u16>(fold(sumLE(ptr, len)));
}
