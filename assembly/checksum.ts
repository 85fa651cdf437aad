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
    acc += (<u64>load<u8>(ptr + <usize>i) << 8) | <u64>load<u8>(ptr + <usize>i + 1);
    i += 2;
  }
  if (i < len) acc += <u64>load<u8>(ptr + <usize>i) << 8;
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
  acc += <u64>(<u32>len >> 16) + <u64>(<u32>len & 0xffff) + <u64>nh;
  acc = sum16(ptr, len, acc);
  return ~fold(acc);
}
