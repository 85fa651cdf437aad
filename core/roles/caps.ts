// Interoperability of handover mechanisms (§4): the Handover Capabilities extension (§5.4.5)
// carried by RtSolPr and PrRtAdv, the three outcomes of the initial exchange (§4.1), signalling
// suppression for standard-only MNs (§4.2) and the transitions between coverage areas (§4.3).
// Pure functions: the roles (ar.ts, mn.ts) call them and send what they decide.
import type { NdOption, PrRtAdv, RtSolPr } from '../wire/types.ts';
import { optLla } from './build.ts';

/** §5.4.5 codes. (No code 1 is defined; docs/draft-inconsistencies.md.) */
export const HOCAPS_ANTICIPATED = 0;
export const HOCAPS_TUNNEL = 2;
export const HOCAPS_MIPV6_ONLY = 3;

/** What a node supports. 'beth' means tunnel-based AND anticipated (see `codeOf`). */
export type Mechanism = 'beth' | 'anticipated' | 'mipv6';

/**
 * The code a node advertises. §4.1 outcome 3 ("the AR replies that it is capable of tunnel-based
 * handover, then the network MUST use anticipated") implies a tunnel-based AR also does
 * anticipated handover: code 2 reads "tunnel-based, and anticipated".
 */
export function codeOf(m: Mechanism): number {
  return m === 'beth' ? HOCAPS_TUNNEL : m === 'anticipated' ? HOCAPS_ANTICIPATED : HOCAPS_MIPV6_ONLY;
}
export function mechanismOf(code: number): Mechanism | undefined {
  if (code === HOCAPS_TUNNEL) return 'beth';
  if (code === HOCAPS_ANTICIPATED) return 'anticipated';
  if (code === HOCAPS_MIPV6_ONLY) return 'mipv6';
  return undefined;
}

export function hoCapsOf(m: { options: NdOption[] }): number | undefined {
  for (const o of m.options) if (o.type === 'HoCaps') return o.code;
  return undefined;
}

/**
 * §4.1: "The AR recognizes that the RtSolPr is an exchange of handover capabilities information
 * and not a request for handover by the fact that the current AR's own link layer address is
 * included in the RtSolPr."
 */
export function isCapabilityExchange(m: RtSolPr, arLla: string): boolean {
  return optLla(m, 'LLA', 1) === arLla;
}

/** §4.1's three outcomes: what the pair does, given what the MN asked and what the AR answered. */
export function outcome(mnWants: Mechanism, arCode: number | undefined): Mechanism {
  const ar = arCode === undefined ? undefined : mechanismOf(arCode);
  // §4.2: "If the MN does not receive a reply to a RtSolPr, it MUST ... revert to the standard Mobile IPv6".
  if (ar === undefined || ar === 'mipv6' || mnWants === 'mipv6') return 'mipv6';
  // 1. both tunnel-based → "the network will perform tunnel-based handover on behalf of the MN".
  if (mnWants === 'beth' && ar === 'beth') return 'beth';
  // 2. MN tunnel-based, AR anticipated only → "the MN MUST use anticipated handover".
  // 3. MN anticipated, AR tunnel-capable → "the network MUST use anticipated handover".
  return 'anticipated';
}

/**
 * §4.3: what the boundary AR tells an MN about to move from `here` to `next`.
 * - into a standard-only area (§4.3.1): a PrRtAdv for the nAR with code 3 — the MN then solicits an
 *   RA on L2-LU;
 * - from tunnel-based into anticipated (§4.3.2): PrRtAdv with the nAR's capability; the MN "MUST
 *   immediately switch to performing anticipated handover";
 * - from anticipated into tunnel-based (§4.3.2): capability included; the MN MAY switch.
 * Returns undefined when nothing changes.
 */
export function boundaryNotice(
  here: Mechanism,
  next: Mechanism,
): { code: number; mnMust: Mechanism | 'may-switch' } | undefined {
  if (here === next) return undefined;
  if (next === 'mipv6') return { code: HOCAPS_MIPV6_ONLY, mnMust: 'mipv6' };
  if (here === 'beth' && next === 'anticipated') return { code: HOCAPS_ANTICIPATED, mnMust: 'anticipated' };
  if (here === 'anticipated' && next === 'beth') return { code: HOCAPS_TUNNEL, mnMust: 'may-switch' };
  // From a standard-only area into a fast area (§4.3.1 second paragraph): the boundary AR announces
  // itself (its own LLA) after the standard handover; the MN MUST NOT send an F-BU in response.
  return { code: codeOf(next), mnMust: next === 'beth' ? 'may-switch' : 'anticipated' };
}

/** The MN's side of §4.3.1/§4.3.2 on a capability notice: the mechanism it uses from now on. */
export function mnAfterNotice(current: Mechanism, mnCaps: Mechanism, code: number, prefersBeth: boolean): Mechanism {
  const ar = mechanismOf(code);
  if (!ar || ar === 'mipv6') return 'mipv6';
  if (mnCaps === 'mipv6') return 'mipv6';
  if (ar === 'anticipated') return 'anticipated';
  // ar is tunnel-capable: "MAY perform tunnel-based handover, or it MAY perform anticipated".
  return mnCaps === 'beth' && prefersBeth ? 'beth' : current === 'mipv6' ? 'anticipated' : current;
}

/** §4.1 step 2 / §4.3: the capability PrRtAdv (the AR's own LLA, its code). */
export function capabilityAdv(src: string, dst: string, identifier: number, arLla: string, code: number): PrRtAdv {
  return {
    kind: 'PrRtAdv',
    src,
    dst,
    hopLimit: 255,
    code: 1,
    identifier,
    options: [
      { type: 'SLLA', lla: arLla },
      { type: 'HoCaps', code },
    ],
  };
}

/** §4.1 step 1: the MN's capability RtSolPr naming the current AR's own LLA. */
export function capabilitySol(
  src: string,
  dst: string,
  identifier: number,
  mnLla: string,
  arLla: string,
  code: number,
): RtSolPr {
  return {
    kind: 'RtSolPr',
    src,
    dst,
    hopLimit: 255,
    identifier,
    options: [
      { type: 'SLLA', lla: mnLla },
      { type: 'LLA', subType: 1, lla: arLla },
      { type: 'HoCaps', code },
    ],
  };
}

/**
 * §4.2: the AR side of signalling suppression. An MN that never did the capability exchange (no
 * RtSolPr with the extension after attaching) is treated as standard-only: "the AR MUST suppress
 * any further fast handover signaling".
 */
export class CapsTable {
  private readonly known = new Map<string, Mechanism>();
  learn(mnLla: string, m: Mechanism): void {
    this.known.set(mnLla, m);
  }
  /** Standard-only (or never announced): no PrRtAdv, no HI for this MN. */
  suppress(mnLla: string): boolean {
    const m = this.known.get(mnLla);
    return m === undefined || m === 'mipv6';
  }
  of(mnLla: string): Mechanism | undefined {
    return this.known.get(mnLla);
  }
}
