// Whole packets: the IPv6 header, then the message by next header — ICMPv6 (icmpv6.ts),
// destination options (destopts.ts), UDP (udp.ts) or IPv6 (tunnel.ts, unwrapped up to TUN_MAX
// times), optionally behind an Authentication Header (RFC 2402, §8: walked over and recorded,
// not verified). emitPacket / parsePacket are the codec's two entry points.
import {
  IP6_HEADER_LEN,
  IP6_VER_TC_FLOW,
  IP6_PAYLOAD_LEN,
  IP6_NEXT_HEADER,
  IP6_HOP_LIMIT,
  IP6_SRC,
  IP6_DST,
  emitIpv6,
} from './ipv6';
import { copy16, zero8 } from './mem';
import { emitIcmp, parseIcmp } from './icmpv6';
import { emitDestOpts, parseDestOpts } from './destopts';
import { emitUdp, parseUdp } from './udp';
import { errorOffset, setErrorOffset } from './options';
import { NH_ICMPV6, NH_DSTOPTS, NH_UDP, NH_IPV6, NH_AH } from './codepoints';
import { AH_NEXT_HEADER, AH_PAYLOAD_LEN, AH_SPI, AH_SEQ, AH_ICV } from './auth';
import {
  D_KIND,
  D_HOP,
  D_TUN,
  D_AUTH,
  D_AUTH_SPI,
  D_AUTH_SEQ,
  D_SRC,
  D_DST,
  D_TUNNELS,
  TUN_REC,
  TUN_MAX,
  K_FBU,
  K_FBACK,
  K_BU,
  K_BACK,
  K_DATA,
} from './desc';
import {
  ST_OK,
  ST_TRUNCATED,
  ST_BAD_VERSION,
  ST_BAD_LENGTH,
  ST_UNKNOWN_NEXT_HEADER,
  ST_TOO_DEEP,
  ST_UNKNOWN_TYPE,
  ST_BAD_FIELD,
} from './status';

// Tunnel stack record: outer src (16), outer dst (16), hop limit.
export const TR_SRC: i32 = 0;
export const TR_DST: i32 = 16;
export const TR_HOP: i32 = 32;

// Emits the message at `d` (with its tunnel stack) at `out`; `room` octets are available.
// Returns the packet length or -status.
export function emitPacket(out: usize, room: i32, d: usize): i32 {
  const depth = <i32>load<u8>(d + D_TUN);
  if (depth > TUN_MAX) return -ST_TOO_DEEP;
  const inner = out + <usize>(depth * IP6_HEADER_LEN);
  const kind = load<u8>(d + D_KIND);
  let len: i32;
  if (kind == K_DATA) len = emitUdp(inner, d, room - depth * IP6_HEADER_LEN);
  else if (kind == K_FBU || kind == K_FBACK || kind == K_BU || kind == K_BACK) len = emitDestOpts(inner, d);
  else if (kind >= 1 && kind < K_FBU) len = emitIcmp(inner, d);
  else return -ST_UNKNOWN_TYPE;
  if (len < 0) return len;
  for (let i = depth - 1; i >= 0; i--) {
    const t = d + D_TUNNELS + <usize>(i * TUN_REC);
    const h = out + <usize>(i * IP6_HEADER_LEN);
    emitIpv6(h, len, NH_IPV6, load<u8>(t + TR_HOP), t + TR_SRC, t + TR_DST);
    len += IP6_HEADER_LEN;
  }
  return len;
}

// The Authentication Header (RFC 2402 §2) as an extension header, at `a` octets into the
// `plen`-octet payload of the IPv6 header at `h`:
//  | Next Header   |  Payload Len  |          RESERVED             |
//  |                 Security Parameters Index (SPI)               |
//  |                    Sequence Number Field                      |
//  |                Authentication Data (variable)                 |
// Payload Len counts 4-octet units minus 2; over IPv6 the header is a multiple of 8 octets
// (§2.2), at least the 12 fixed octets plus some ICV. The SPI and Sequence Number go into the
// descriptor; the ICV is not checked here (that needs the keys: core/wire/auth.ts verifyAuth).
// Returns the AH's length, or -status with errorOffset set relative to `h`.
function walkAh(h: usize, plen: i32, d: usize): i32 {
  const a = h + IP6_HEADER_LEN;
  setErrorOffset(IP6_HEADER_LEN);
  if (plen < AH_ICV) return -ST_TRUNCATED;
  const ahLen = (<i32>load<u8>(a + AH_PAYLOAD_LEN) + 2) << 2;
  setErrorOffset(IP6_HEADER_LEN + AH_PAYLOAD_LEN);
  if (ahLen <= AH_ICV || (ahLen & 7) != 0) return -ST_BAD_LENGTH;
  if (ahLen > plen) return -ST_TRUNCATED;
  // RFC 2402 §2.4: SPI 0 "MUST NOT be sent on the wire".
  setErrorOffset(IP6_HEADER_LEN + AH_SPI);
  const spi = bswap<u32>(load<u32>(a + AH_SPI));
  if (spi == 0) return -ST_BAD_FIELD;
  store<u8>(d + D_AUTH, 1);
  store<u32>(d + D_AUTH_SPI, spi);
  store<u32>(d + D_AUTH_SEQ, bswap<u32>(load<u32>(a + AH_SEQ)));
  return ahLen;
}

// Parses the `len` octets at `pkt` into `d`. Returns a status; errorOffset() says where.
export function parsePacket(pkt: usize, len: i32, d: usize): i32 {
  // the tunnel stack and option records are written before they are read; clear the rest
  zero8(d, D_TUNNELS);
  let off: i32 = 0;
  let depth: i32 = 0;
  while (true) {
    setErrorOffset(off);
    const h = pkt + <usize>off;
    if (len - off < IP6_HEADER_LEN) return ST_TRUNCATED;
    if (load<u8>(h + IP6_VER_TC_FLOW) >> 4 != 6) return ST_BAD_VERSION;
    const plen = <i32>bswap<u16>(load<u16>(h + IP6_PAYLOAD_LEN));
    setErrorOffset(off + IP6_PAYLOAD_LEN);
    if (off + IP6_HEADER_LEN + plen > len) return ST_TRUNCATED;
    if (off + IP6_HEADER_LEN + plen < len) return ST_BAD_LENGTH;
    const nh = load<u8>(h + IP6_NEXT_HEADER);
    if (nh == NH_IPV6) {
      setErrorOffset(off);
      if (depth == TUN_MAX) return ST_TOO_DEEP;
      const t = d + D_TUNNELS + <usize>(depth * TUN_REC);
      copy16(t + TR_SRC, h + IP6_SRC);
      copy16(t + TR_DST, h + IP6_DST);
      store<u8>(t + TR_HOP, load<u8>(h + IP6_HOP_LIMIT));
      depth++;
      off += IP6_HEADER_LEN;
      continue;
    }
    store<u8>(d + D_TUN, <u8>depth);
    store<u8>(d + D_HOP, load<u8>(h + IP6_HOP_LIMIT));
    copy16(d + D_SRC, h + IP6_SRC);
    copy16(d + D_DST, h + IP6_DST);
    let at: i32 = IP6_HEADER_LEN;
    let nhAt: i32 = IP6_NEXT_HEADER;
    let upper = nh;
    if (nh == NH_AH) {
      // §8: HI, HACK, HTT, F-BU (and the §3.5.2 BU) carry an AH right after the IPv6 header.
      const ahLen = walkAh(h, plen, d);
      if (ahLen < 0) {
        setErrorOffset(errorOffset + off);
        return -ahLen;
      }
      nhAt = at + AH_NEXT_HEADER;
      upper = load<u8>(h + <usize>nhAt);
      at += ahLen;
    }
    let st: i32;
    if (upper == NH_ICMPV6) st = parseIcmp(h, at, plen + IP6_HEADER_LEN - at, d);
    else if (upper == NH_DSTOPTS) st = parseDestOpts(h, at, plen + IP6_HEADER_LEN - at, d);
    else if (upper == NH_UDP) st = parseUdp(h, at, plen + IP6_HEADER_LEN - at, d);
    else {
      // also an AH before a tunnelled packet or a second AH: the lab never sends them
      setErrorOffset(off + nhAt);
      return ST_UNKNOWN_NEXT_HEADER;
    }
    if (st != ST_OK) setErrorOffset(errorOffset + off);
    return st;
  }
  return ST_OK;
}
