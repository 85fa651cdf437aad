// UDP (RFC 768; checksum mandatory over IPv6, RFC 2460 §8.1) carrying the lab's data streams.
//  |          Source Port          |       Destination Port        |
//  |            Length             |           Checksum            |
//  |                      Sequence Number (ours)                   |
//  |   zero payload ...
import { emitIpv6, IP6_HEADER_LEN, IP6_SRC, IP6_DST } from './ipv6';
import { pseudoChecksum } from './checksum';
import { setErrorOffset } from './options';
import { NH_UDP } from './codepoints';
import { D_KIND, D_HOP, D_U32A, D_U32B, D_U16A, D_U16B, D_SRC, D_DST, K_DATA } from './desc';
import { ST_OK, ST_TRUNCATED, ST_BAD_LENGTH, ST_BAD_CHECKSUM, ST_BAD_FIELD, ST_NO_SPACE } from './status';

export const UDP_SRC_PORT: i32 = 0;
export const UDP_DST_PORT: i32 = 2;
export const UDP_LENGTH: i32 = 4;
export const UDP_CHECKSUM: i32 = 6;
export const UDP_SEQ: i32 = 8;
export const UDP_HEADER_LEN: i32 = UDP_SEQ;
export const DATA_MIN_PAYLOAD: i32 = 4;

// Emits the DATA packet at `d` at `out`, with at most `room` octets available.
export function emitUdp(out: usize, d: usize, room: i32): i32 {
  const plen = <i32>load<u32>(d + D_U32B);
  if (plen < DATA_MIN_PAYLOAD || plen > 0xffff - UDP_HEADER_LEN) return -ST_BAD_FIELD;
  const len = UDP_HEADER_LEN + plen;
  if (IP6_HEADER_LEN + len > room) return -ST_NO_SPACE;
  const u = out + IP6_HEADER_LEN;
  store<u16>(u + UDP_SRC_PORT, bswap<u16>(load<u16>(d + D_U16A)));
  store<u16>(u + UDP_DST_PORT, bswap<u16>(load<u16>(d + D_U16B)));
  store<u16>(u + UDP_LENGTH, bswap<u16>(<u16>len));
  store<u16>(u + UDP_CHECKSUM, 0);
  store<u32>(u + UDP_SEQ, bswap<u32>(load<u32>(d + D_U32A)));
  memory.fill(u + UDP_SEQ + 4, 0, plen - 4);
  emitIpv6(out, len, NH_UDP, load<u8>(d + D_HOP), d + D_SRC, d + D_DST);
  let ck = pseudoChecksum(out + IP6_SRC, out + IP6_DST, NH_UDP, u, len);
  if (ck == 0) ck = 0xffff; // RFC 768: a computed 0 is sent as all ones
  store<u16>(u + UDP_CHECKSUM, bswap<u16>(ck));
  return IP6_HEADER_LEN + len;
}

export function parseUdp(pkt: usize, off: i32, len: i32, d: usize): i32 {
  const u = pkt + off;
  setErrorOffset(off);
  if (len < UDP_HEADER_LEN) return ST_TRUNCATED;
  setErrorOffset(off + UDP_LENGTH);
  if (<i32>bswap<u16>(load<u16>(u + UDP_LENGTH)) != len) return ST_BAD_LENGTH;
  setErrorOffset(off + UDP_CHECKSUM);
  // RFC 2460 §8.1: a zero UDP checksum is invalid over IPv6.
  if (load<u16>(u + UDP_CHECKSUM) == 0) return ST_BAD_CHECKSUM;
  if (pseudoChecksum(pkt + IP6_SRC, pkt + IP6_DST, NH_UDP, u, len) != 0) return ST_BAD_CHECKSUM;
  setErrorOffset(off + UDP_SEQ);
  if (len < UDP_HEADER_LEN + DATA_MIN_PAYLOAD) return ST_BAD_LENGTH;
  store<u8>(d + D_KIND, K_DATA);
  store<u16>(d + D_U16A, bswap<u16>(load<u16>(u + UDP_SRC_PORT)));
  store<u16>(d + D_U16B, bswap<u16>(load<u16>(u + UDP_DST_PORT)));
  store<u32>(d + D_U32A, bswap<u32>(load<u32>(u + UDP_SEQ)));
  store<u32>(d + D_U32B, <u32>(len - UDP_HEADER_LEN));
  return ST_OK;
}
