// What a lab world is made of: the scenario's types, after validation (every default filled in),
// and the defaults. The file format and its validation: schema.ts; documented in docs/scenarios.md.
// A router's caps and the timers are what a node is configured with (core/roles/config.ts, the
// roles' side of the boundary that forbids them the scenario): one definition, named here too.
import type { ArCaps, NodeTimers } from '../roles/config.ts';

export type RouterCaps = ArCaps;
export type Timers = NodeTimers;

export interface RouterSpec {
  name: string;
  x: number;
  y: number;
  radius: number;
  /** Link-layer address, six octets "02:00:00:00:01:01". */
  lla: string;
  /** "2001:db8:1::/64"; the router's own address is prefix::1. */
  prefix: string;
  /** This cell is an access point bridged to router `apOf` (same router, same prefix: §3.1.1 case 2). */
  apOf: string | null;
  caps: RouterCaps;
}

export interface LinkSpec {
  a: string;
  b: string;
  delayUs: number;
  bandwidthBps: number;
}

export interface PathPoint {
  t: number;
  x: number;
  y: number;
}

export interface MobileSpec {
  name: string;
  x: number;
  y: number;
  lla: string;
  /** Interface identifier, the low 64 bits as "::a:b:c:d" text (e.g. "::10"). */
  iid: string;
  /** Home address. */
  home: string;
  /** 'fast' runs the draft's anticipated handover; 'mipv6' standard Mobile IPv6 only. */
  mode: 'fast' | 'mipv6' | 'beth';
  /** Who has the predictive information (§3.1): the MN (mobile-initiated) or the oAR (network-initiated). */
  initiation: 'mobile' | 'network';
  /** Scripted movement: piecewise-linear, times in µs, ascending. */
  path: PathPoint[];
  /** Fault injection on the MN's receiver: lose the first `count` messages of kind `msg`. */
  loseFirst: { msg: string; count: number }[];
  /** Send the F-BU only after arriving on the new link (§3.1.3 "If this is not possible"). */
  fbuAfterMove: boolean;
  /** BETH: the MN decides to obtain a nCoA this long after arriving on a router that is not its CoA's (§3.5.2); null = never by itself. */
  obtainNcoaAfterUs: number | null;
  /** Radio interfaces: 2 = a second one that hands over make-before-break (§3.5.2 last paragraph). */
  interfaces: 1 | 2;
  /**
   * A BETH MN: the run begins after its §4.1 capability exchange with its first AR ("when an MN
   * ... comes up", like the binding already in place), so the first RtSolPr/PrRtAdv pair is not
   * in the trace — Figures 7–12 start there and do not draw it (docs/draft-inconsistencies.md
   * I-34). false: the MN exchanges at the start (the §4 mosaic shows it). Later exchanges, after
   * each new CoA, happen either way. No effect on an MN of another mode.
   */
  capabilitiesKnown: boolean;
}

/** A forged message or trigger of the attacker scenarios (§8). */
export interface AttackSpec {
  node: string;
  atUs: number;
  forge: 'F-BU' | 'HI' | 'L2-TT';
  victim: string;
  to: string;
  lla: string | null;
}

export interface SecuritySpec {
  /** Security associations MN–AR and AR–AR: AH on HI/HACK/HTT, authenticated F-BU and BU (§8). */
  associations: boolean;
  attacks: AttackSpec[];
}

export interface TrafficSpec {
  /** 'CN->MN' or 'MN->CN' streams; `mn` names the mobile. */
  dir: 'down' | 'up';
  mn: string;
  intervalUs: number;
  payloadBytes: number;
  startUs: number;
  stopUs: number;
}

export interface RadioParams {
  /** How long before the layer-2 handover the predictive information arrives (§3.1). */
  leadUs: number;
  /** Layer-2 handover duration (link down to link up). */
  l2HandoverUs: number;
  /** Radio model sampling period. */
  tickUs: number;
  /** One-way air delay and bandwidth of the access links. */
  airDelayUs: number;
  airBandwidthBps: number;
  /** The oAR also sends the F-BACK on the old link (§3.1.3 MAY). */
  fbackOnOldLink: boolean;
  /** Where the predictive information comes from: the scripted path ('path', exact) or the current heading ('heading'). */
  predict: 'path' | 'heading';
}

export interface Scenario {
  id: string;
  title: string;
  description: string;
  durationUs: number;
  width: number;
  height: number;
  routers: RouterSpec[];
  ha: { name: string; address: string; homePrefix: string };
  cn: { name: string; address: string };
  links: LinkSpec[];
  mobiles: MobileSpec[];
  traffic: TrafficSpec[];
  timers: Timers;
  radio: RadioParams;
  /** Also send the BU to the correspondent node (route optimisation). */
  bindCn: boolean;
  security: SecuritySpec;
}

export const DEFAULT_TIMERS: Timers = {
  raMinUs: 30_000,
  raMaxUs: 70_000,
  movementDetection: 'ra',
  rsReplyMaxUs: 0,
  dadUs: 1_000_000,
  defendUs: 1_000_000,
  accessRttUs: 0,
  rtSolPrResends: 2,
  hiResends: 4,
  fbackWaitUs: 100_000,
  fbuResends: 1,
  tunnelLifetimeS: 3,
  bindingLifetimeS: 60,
};

export const DEFAULT_RADIO: RadioParams = {
  leadUs: 200_000,
  l2HandoverUs: 50_000,
  tickUs: 5_000,
  airDelayUs: 1_000,
  airBandwidthBps: 11_000_000,
  fbackOnOldLink: true,
  predict: 'path',
};
