// IPv6 header, RFC 2460 §3.
//
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |Version| Traffic Class |           Flow Label                  |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |         Payload Length        |  Next Header  |   Hop Limit   |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                       Source Address (16)                     |
//  |                    Destination Address (16)                   |
import { copy16 } from './mem';

export const IP6_VER_TC_FLOW: i32 = 0;
export const IP6_PAYLOAD_LEN: i32 = 4;
export const IP6_NEXT_HEADER: i32 = 6;
export const IP6_HOP_LIMIT: i32 = 7;
export const IP6_SRC: i32 = 8;
export const IP6_DST: i32 = IP6_SRC + 16;
export const IP6_HEADER_LEN: i32 = IP6_DST + 16;

// Writes every byte of a 40-byte IPv6 header at `p`. Traffic class and flow label are zero.
export function emitIpv6(p: usize, payloadLen: i32, nextHeader: u8, hopLimit: u8, src: usize, dst: usize): void {
  store<u32>(p + IP6_VER_TC_FLOW, bswap<u32>(0x60000000));
  store<u16>(p + IP6_PAYLOAD_LEN, bswap<u16>(<u16>payloadLen));
  store<u8>(p + IP6_NEXT_HEADER, nextHeader);
  store<u8>(p + IP6_HOP_LIMIT, hopLimit);
  copy16(p + IP6_SRC, src);
  copy16(p + IP6_DST, dst);
}
