// IPv6-in-IPv6 encapsulation, RFC 2473 (the draft's [TUNL]): the BET of §3.2–§3.5 and the
// temporary forwarding tunnels of §3.1 / §6.1.2.
//
//  +----------------------------------//-----+
//  | Outer IPv6 Header | Inner IPv6 Packet   |   outer Next Header = 41,
//  +----------------------------------//-----+   outer Payload Length = inner total length
//
// RFC 2473 §3.1: the entry point prepends the outer header; its source is the entry point, its
// destination the exit point; §3.3 the inner hop limit is decremented by the entry point as a
// forwarding node (the data plane does that). Traffic class and flow label of the outer header
// are zero here; no Tunnel Encapsulation Limit option is sent (§4.1.1 "MAY").
import { emitIpv6, IP6_HEADER_LEN } from './ipv6';
import { NH_IPV6 } from './codepoints';

export const TUNNEL_OVERHEAD: i32 = IP6_HEADER_LEN;

// Writes the outer header at `out` for an inner packet of `innerLen` octets that is (already)
// at `out + 40`, or copies it there from `inner`. Returns the encapsulated length.
export function encapsulate(out: usize, inner: usize, innerLen: i32, src: usize, dst: usize, hopLimit: u8): i32 {
  if (inner != out + IP6_HEADER_LEN) memory.copy(out + IP6_HEADER_LEN, inner, innerLen);
  emitIpv6(out, innerLen, NH_IPV6, hopLimit, src, dst);
  return IP6_HEADER_LEN + innerLen;
}
