// Builders of the message values the roles send (core/wire/types.ts), with the options in the
// order the draft mandates (§5.1–§5.4). Pure functions: no I/O.
import type {
  BACK,
  BU,
  DATA,
  FBACK,
  FBU,
  FNA,
  HACK,
  HackCode,
  HI,
  Message,
  NA,
  NdOption,
  NS,
  PrRtAdv,
  RA,
  RS,
  RtSolPr,
} from '../wire/types.ts';
import { parseLla, solicitedNode } from '../wire/addr.ts';
import type { Action } from './actions.ts';

/** RFC 4291 §2.7.1: the link-local all-nodes and all-routers multicast groups. */
export const ALL_NODES = 'ff02::1';
export const ALL_ROUTERS = 'ff02::2';

/** Link-local address of a router or MN from its LLA (modified EUI-64, RFC 4291). */
export function linkLocal(lla: string): string {
  const b = parseLla(lla);
  const g = [((b[0]! ^ 2) << 8) | b[1]!, (b[2]! << 8) | 0xff, 0xfe00 | b[3]!, (b[4]! << 8) | b[5]!];
  return `fe80::${g.map((x) => x.toString(16)).join(':')}`;
}

/** §5.1.1: RtSolPr with the MN's SLLA and the New Attachment Point LLA (MUST be present). */
export function rtSolPr(src: string, dst: string, identifier: number, mnLla: string, newApLla: string): RtSolPr {
  return {
    kind: 'RtSolPr',
    src,
    dst,
    hopLimit: 255,
    identifier,
    options: [
      { type: 'SLLA', lla: mnLla },
      { type: 'LLA', subType: 1, lla: newApLla },
    ],
  };
}

/** §5.1.2: PrRtAdv. Code 0 carries the nAR's LLA, its prefix and (if known) the nCoA; codes 1 and 2 carry nothing. */
export function prRtAdv(
  src: string,
  dst: string,
  identifier: number,
  code: 0 | 1 | 2,
  oarLla: string,
  nar?: { lla: string; prefix: string },
  nCoA?: string,
): PrRtAdv {
  const options: NdOption[] = [{ type: 'SLLA', lla: oarLla }];
  if (code === 0 && nar) {
    options.push({ type: 'LLA', subType: 3, lla: nar.lla });
    options.push({
      type: 'PrefixInfo',
      prefixLength: 64,
      L: true,
      A: true,
      validLifetime: 2592000,
      preferredLifetime: 604800,
      prefix: nar.prefix.split('/')[0]!,
    });
    if (nCoA) options.push({ type: 'IPAddress', subType: 2, prefixLength: 64, address: nCoA });
  }
  return { kind: 'PrRtAdv', src, dst, hopLimit: 255, code, identifier, options };
}

/** §5.2.1: HI — options in the mandated order: MN LLA, oCoA, nCoA, Lifetime. */
export function hi(
  src: string,
  dst: string,
  identifier: number,
  flags: { S: boolean; U: boolean },
  mnLla: string,
  oCoA: string,
  nCoA: string | undefined,
  lifetimeS: number,
): HI {
  const options: NdOption[] = [
    { type: 'LLA', subType: 2, lla: mnLla },
    { type: 'IPAddress', subType: 1, prefixLength: 64, address: oCoA },
  ];
  if (nCoA) options.push({ type: 'IPAddress', subType: 2, prefixLength: 64, address: nCoA });
  options.push({ type: 'Lifetime', lifetime: lifetimeS });
  return {
    kind: 'HI',
    src,
    dst,
    hopLimit: 255,
    identifier,
    flags: { S: flags.S, U: flags.U, H: false, T: false, R: false },
    options,
  };
}

/** §5.2.2: HACK — nCoA first (stateful), then Lifetime. */
export function hack(
  src: string,
  dst: string,
  identifier: number,
  code: HackCode,
  nCoA: string | undefined,
  lifetimeS: number,
): HACK {
  const options: NdOption[] = [];
  if (nCoA) options.push({ type: 'IPAddress', subType: 2, prefixLength: 64, address: nCoA });
  options.push({ type: 'Lifetime', lifetime: lifetimeS });
  return { kind: 'HACK', src, dst, hopLimit: 255, code, identifier, flags: { H: false, T: false, R: false }, options };
}

/** §5.3.1: F-BU: Home Address option = the address being re-bound (oCoA), Alternate CoA = nCoA. */
export function fbu(
  src: string,
  dst: string,
  homeAddress: string,
  altCoA: string,
  sequence: number,
  lifetime: number,
): FBU {
  return { kind: 'F-BU', src, dst, hopLimit: 64, homeAddress, ack: true, prefixLength: 64, sequence, lifetime, altCoA };
}

/** §5.3.2: F-BACK. */
export function fback(src: string, dst: string, status: number, sequence: number, lifetime: number): FBACK {
  return { kind: 'F-BACK', src, dst, hopLimit: 64, status, sequence, lifetime };
}

/** §5.1.3: F-NA with NewCOA, OldCOA and the MN's LLA (Target LLA, MUST be included). */
export function fna(src: string, dst: string, newCoA: string, oldCoA: string, lla: string): FNA {
  return {
    kind: 'F-NA',
    src,
    dst,
    hopLimit: 255,
    flags: { R: false, S: false, O: true },
    newCoA,
    oldCoA,
    options: [{ type: 'TLLA', lla }],
  };
}

export function rs(src: string, lla: string): RS {
  return { kind: 'RS', src, dst: ALL_ROUTERS, hopLimit: 255, options: src === '::' ? [] : [{ type: 'SLLA', lla }] };
}

/** RFC 2461 RA with the router's prefix; with a NAACK (§5.4.4) when answering an F-NA. */
export function ra(src: string, dst: string, lla: string, prefix: string, naack?: number): RA {
  const options: NdOption[] = [
    { type: 'SLLA', lla },
    {
      type: 'PrefixInfo',
      prefixLength: 64,
      L: true,
      A: true,
      validLifetime: 2592000,
      preferredLifetime: 604800,
      prefix: prefix.split('/')[0]!,
    },
  ];
  if (naack !== undefined) options.push({ type: 'NAACK', status: naack });
  return {
    kind: 'RA',
    src,
    dst,
    hopLimit: 255,
    curHopLimit: 64,
    flags: { M: false, O: false },
    routerLifetime: 1800,
    reachableTime: 0,
    retransTimer: 0,
    options,
  };
}

/** DAD probe (RFC 2462): src ::, to the solicited-node multicast of the target. */
export function nsDad(target: string): NS {
  return { kind: 'NS', src: '::', dst: solicitedNode(target), hopLimit: 255, target, options: [] };
}

/** Neighbor Advertisement (the MN announcing itself when it already has the F-BACK, §3.1.1). */
export function na(src: string, dst: string, target: string, lla: string, solicited: boolean): NA {
  return {
    kind: 'NA',
    src,
    dst,
    hopLimit: 255,
    flags: { R: false, S: solicited, O: true },
    target,
    options: [{ type: 'TLLA', lla }],
  };
}

export function bu(
  src: string,
  dst: string,
  homeAddress: string,
  coa: string,
  sequence: number,
  lifetime: number,
  home: boolean,
): BU {
  return {
    kind: 'BU',
    src,
    dst,
    hopLimit: 64,
    homeAddress,
    flags: { A: true, H: home, R: false, D: false },
    prefixLength: 64,
    sequence,
    lifetime,
    altCoA: coa,
  };
}

export function back(src: string, dst: string, status: number, sequence: number, lifetime: number): BACK {
  return { kind: 'BACK', src, dst, hopLimit: 64, status, sequence, lifetime, refresh: lifetime };
}

/**
 * [MIPv6]: the BACK a BU with the A flag asks of the node it registers with (the HA, the CN),
 * status 0, to the CoA it bound; none when the BU did not ask.
 */
export function backIfAsked(from: string, m: BU, coa: string): Action | undefined {
  if (!m.flags.A) return undefined;
  return {
    do: 'send',
    msg: back(from, coa, 0, m.sequence, m.lifetime),
    why: 'the BU asked for an acknowledgement (A flag) ([MIPv6])',
  };
}

export function data(src: string, dst: string, port: number, seq: number, payloadLength: number): DATA {
  return {
    kind: 'DATA',
    src,
    dst,
    hopLimit: 64,
    srcPort: port,
    dstPort: port,
    seq,
    payloadLength: Math.max(4, payloadLength),
  };
}

/** The innermost message of a (possibly tunnelled) packet. */
export function innermost(m: Message): Message {
  while (m.kind === 'TUNNEL') m = m.inner;
  return m;
}

export function optAddress(m: { options: NdOption[] }, subType: number): string | undefined {
  for (const o of m.options) if (o.type === 'IPAddress' && o.subType === subType) return o.address;
  return undefined;
}
export function optLla(m: { options: NdOption[] }, type: 'SLLA' | 'TLLA' | 'LLA', subType = 0): string | undefined {
  for (const o of m.options) if (o.type === type && (o.type !== 'LLA' || o.subType === subType)) return o.lla;
  return undefined;
}
export function optLifetime(m: { options: NdOption[] }): number | undefined {
  for (const o of m.options) if (o.type === 'Lifetime') return o.lifetime;
  return undefined;
}
export function optPrefix(m: { options: NdOption[] }): string | undefined {
  for (const o of m.options) if (o.type === 'PrefixInfo') return o.prefix;
  return undefined;
}
export function optNaack(m: { options: NdOption[] }): number | undefined {
  for (const o of m.options) if (o.type === 'NAACK') return o.status;
  return undefined;
}
