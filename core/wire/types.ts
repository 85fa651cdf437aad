// Message value types of the packet core: what the wasm codec (codec.ts) emits and parses, and
// what the TypeScript reference decoder (reference.ts) produces independently.
//
// Every message is a whole IPv6 packet: `src`/`dst` are canonical IPv6 text (RFC 5952, e.g.
// '2001:db8:1::10'), `hopLimit` the IPv6 Hop Limit. Link-layer addresses are 6-octet IEEE 802
// addresses written 'aa:bb:cc:dd:ee:ff' (the lab's links are Ethernet-like, RFC 2464).
// Field names follow draft-ietf-mobileip-fast-mipv6-04 (§5) and RFC 2461 for standard ND.
import type { StatusName } from '../../build/status.ts';

/** An ND / §5.4 option, in wire order inside `options`. */
export type NdOption =
  /** RFC 2461 §4.6.1 Source Link-layer Address (type 1). */
  | { type: 'SLLA'; lla: string }
  /** RFC 2461 §4.6.1 Target Link-layer Address (type 2). */
  | { type: 'TLLA'; lla: string }
  /** RFC 2461 §4.6.2 Prefix Information (type 3): L = on-link, A = autonomous. */
  | {
      type: 'PrefixInfo';
      prefixLength: number;
      L: boolean;
      A: boolean;
      validLifetime: number;
      preferredLifetime: number;
      prefix: string;
    }
  /**
   * §5.4.1 IP Address option. subType 1 old CoA, 2 new CoA; our extensions (docs/codepoints.md):
   * 3 aAR address (HTT, §5.2.3), 4 the MN's home address (HI(H), HACK(T), §3.3 steps 2a/3a).
   */
  | { type: 'IPAddress'; subType: number; prefixLength: number; address: string }
  /** §5.4.2 LLA option. subType 1 new attachment point, 2 MN, 3 proxied originator (also aAR in HTT). */
  | { type: 'LLA'; subType: number; lla: string }
  /** §5.4.3 Lifetime option (sub-type 1), seconds; 0 cancels, 0xffffffff is infinity. */
  | { type: 'Lifetime'; lifetime: number }
  /** §5.4.4 NAACK (sub-type 0): status 0 nCoA valid, 1 oCoA valid, 128 LLA unrecognized. */
  | { type: 'NAACK'; status: number }
  /** §5.4.5 Handover Capabilities: code 0 anticipated, 2 tunnel-based, 3 standard MIPv6 only. */
  | { type: 'HoCaps'; code: number };

export type NdOptionType = NdOption['type'];

/**
 * §8: the packet carried an IPsec Authentication Header (RFC 2402) after its IPv6 header. What
 * the parser read — SPI and Sequence Number — not a verdict: the ICV is checked only by
 * core/wire/auth.ts `verifyAuth`, which holds the keys. Parse-only: `emit` refuses a message
 * with `auth` (sign with `addAuth` instead).
 */
export interface AuthInfo {
  spi: number;
  seq: number;
}

interface Ip6 {
  src: string;
  dst: string;
  hopLimit: number;
  /** Present only when the packet had an AH (parse); see AuthInfo. */
  auth?: AuthInfo;
}

/** §5.1.1 Router Solicitation for Proxy. Code 0. */
export interface RtSolPr extends Ip6 {
  kind: 'RtSolPr';
  identifier: number;
  options: NdOption[];
}
/** §5.1.2 Proxy Router Advertisement. code 0 (prefix/nCoA follow), 1 (no CoA change), 2 (unknown AP). */
export interface PrRtAdv extends Ip6 {
  kind: 'PrRtAdv';
  code: 0 | 1 | 2;
  identifier: number;
  options: NdOption[];
}
/** §5.1.3 Fast Neighbor Advertisement: flags R|S|O as in an NA, then NewCOA and OldCOA. */
export interface FNA extends Ip6 {
  kind: 'F-NA';
  flags: { R: boolean; S: boolean; O: boolean };
  newCoA: string;
  oldCoA: string;
  options: NdOption[];
}
export interface HiFlags {
  S: boolean;
  U: boolean;
  H: boolean;
  T: boolean;
  R: boolean;
}
/** §5.2.1 Handover Initiate (and §5.2.3 HTT when H and T are both set). Code 0. */
export interface HI extends Ip6 {
  kind: 'HI';
  identifier: number;
  flags: HiFlags;
  options: NdOption[];
}
export type HackCode = 0 | 1 | 2 | 3 | 4 | 128 | 129 | 130;
/** §5.2.2 Handover Acknowledgement (and §5.2.3 HTT reply when H and T are both set). */
export interface HACK extends Ip6 {
  kind: 'HACK';
  code: HackCode;
  identifier: number;
  flags: { H: boolean; T: boolean; R: boolean };
  options: NdOption[];
}
/** RFC 2461 §4.1 Router Solicitation. */
export interface RS extends Ip6 {
  kind: 'RS';
  options: NdOption[];
}
/** RFC 2461 §4.2 Router Advertisement (carries the NAACK of §5.4.4 after an F-NA). */
export interface RA extends Ip6 {
  kind: 'RA';
  curHopLimit: number;
  flags: { M: boolean; O: boolean };
  routerLifetime: number;
  reachableTime: number;
  retransTimer: number;
  options: NdOption[];
}
/** RFC 2461 §4.3 Neighbor Solicitation (DAD: src '::', no SLLA). */
export interface NS extends Ip6 {
  kind: 'NS';
  target: string;
  options: NdOption[];
}
/** RFC 2461 §4.4 Neighbor Advertisement. */
export interface NA extends Ip6 {
  kind: 'NA';
  flags: { R: boolean; S: boolean; O: boolean };
  target: string;
  options: NdOption[];
}

/**
 * §5.3.1 Fast Binding Update: a Destination Options header (next header 59) holding a Home
 * Address option (mandatory) and the F-BU option with its sub-options. `ack` is the A bit we read
 * into the F-BU's first ("Reserved") octet, see docs/draft-inconsistencies.md.
 */
export interface FBU extends Ip6 {
  kind: 'F-BU';
  homeAddress: string;
  ack: boolean;
  prefixLength: number;
  sequence: number;
  lifetime: number;
  /** Unique Identifier sub-option, when present. */
  uniqueId?: number;
  /** Alternate Care-of Address sub-option: the nCoA; mandatory in every F-BU (§5.3.1). */
  altCoA: string;
}
/** §5.3.2 Fast Binding Acknowledgement: status <128 accepted (0, 1), >=128 rejected (128–131). */
export interface FBACK extends Ip6 {
  kind: 'F-BACK';
  status: number;
  sequence: number;
  lifetime: number;
}
/** [MIPv6] draft-ietf-mobileip-ipv6-12 Binding Update destination option (+ Home Address option). */
export interface BU extends Ip6 {
  kind: 'BU';
  homeAddress: string;
  flags: { A: boolean; H: boolean; R: boolean; D: boolean };
  prefixLength: number;
  sequence: number;
  lifetime: number;
  uniqueId?: number;
  altCoA?: string;
}
/** [MIPv6] draft-12 Binding Acknowledgement destination option. */
export interface BACK extends Ip6 {
  kind: 'BACK';
  status: number;
  sequence: number;
  lifetime: number;
  refresh: number;
}
/**
 * The UDP port of the lab's first data stream (stream i uses DATA_PORT + i, down and up alike).
 * Stock Wireshark leaves 40000–40999 as plain UDP ("Data"); the earlier 5000/5001 were decoded as
 * other protocols (issue 15, checked with `tshark -G decodes` and tests/wire/tshark.test.ts).
 */
export const DATA_PORT = 40000;

/**
 * A data-stream packet: UDP whose payload starts with a 32-bit sequence number (big-endian) the
 * engine uses to count loss and reordering; the rest of the payload is zero. payloadLength >= 4.
 */
export interface DATA extends Ip6 {
  kind: 'DATA';
  srcPort: number;
  dstPort: number;
  seq: number;
  payloadLength: number;
}
/** RFC 2473 IPv6-in-IPv6: an outer IPv6 header (next header 41) around a whole inner packet. */
export interface TUNNEL extends Ip6 {
  kind: 'TUNNEL';
  inner: Message;
}

export type Message = RtSolPr | PrRtAdv | FNA | HI | HACK | RS | RA | NS | NA | FBU | FBACK | BU | BACK | DATA | TUNNEL;

export type MessageKind = Message['kind'];

/** §5.2.3: an HI or HACK with both H and T set is a Handover To Third. */
export function isHTT(msg: Message): boolean {
  return (msg.kind === 'HI' || msg.kind === 'HACK') && msg.flags.H && msg.flags.T;
}

/**
 * Why a parser rejected a packet (numeric in wasm, the same names in the reference decoder): every
 * status of assembly/status.ts but Ok (build/status.ts, generated from it).
 */
export type ParseStatus = Exclude<StatusName, 'Ok'>;

export type ParseResult = { ok: true; msg: Message } | { ok: false; status: ParseStatus; offset?: number };

/** One decoded field for the packet inspector (reference.ts `fields()`). */
export interface Field {
  layer: string;
  name: string;
  value: string;
  offset: number;
  length: number;
  problem?: string;
}
