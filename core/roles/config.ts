// What each node is configured with: the only knowledge a role has besides what it receives
// (messages, layer-2 triggers). The engine (core/engine/world.ts) builds one of these per node
// from the scenario; a role never sees the scenario itself (eslint.config.js forbids it), so an AR
// cannot read another router's settings or an MN's, and an MN cannot read the routers'.
// The shapes are structural copies of the scenario's fields (core/scenario/schema.ts), so the
// world passes its specs in and TypeScript checks that they still agree.

/** The protocol timers and counts a node runs with (docs/scenarios.md `timers`). */
export interface NodeTimers {
  /** Router Advertisement interval bounds (Mobile IPv6: 30–70 ms). */
  raMinUs: number;
  raMaxUs: number;
  /** Movement detection of standard MIPv6: wait for an RA, or solicit one with an RS. */
  movementDetection: 'ra' | 'rs';
  /** Delay of a solicited RA (random in [0, max]). */
  rsReplyMaxUs: number;
  /** Duplicate Address Detection time. */
  dadUs: number;
  /** How long the nAR defends a validated nCoA (§5.2.2). */
  defendUs: number;
  /** Access-link round-trip time assumed for retransmissions; 0 = unknown (100 ms floor, §5.1.1). */
  accessRttUs: number;
  rtSolPrResends: number;
  hiResends: number;
  fbackWaitUs: number;
  fbuResends: number;
  /** Temporary tunnel lifetime, seconds (HI Lifetime option, §3.1.1, §6.1.2). */
  tunnelLifetimeS: number;
  /** Binding lifetime sent in BUs, seconds. */
  bindingLifetimeS: number;
}

/** An access router's own capabilities and settings (the scenario's `routers[i].caps`). */
export interface ArCaps {
  fast: boolean;
  stateful: boolean;
  buffer: boolean;
  bufferPackets: number;
  neighbors: string[] | null;
  hackCode: number | null;
  occupied: string[];
  poolExhausted: boolean;
  linkUpDelivers: boolean;
  loseFirst: { msg: string; count: number }[];
  beth: boolean;
  triggers: { st: boolean; tt: boolean; ld: boolean; lu: boolean };
  betLifetimeS: number;
  betPlacement: number;
  betRenew: boolean;
  betGrant: boolean;
}

/**
 * One row of an AR's neighbour table: an attachment point this AR may hand an MN over to, and the
 * AR that serves it. §3.1: the oAR resolves the new attachment point's identifier (its link-layer
 * address, the RtSolPr's New Attachment Point option, §5.1.1) to the nAR's address and prefix —
 * configured information, as the draft gives no protocol for it (§3.1.1 case 1: an AP missing
 * here is "unknown", PrRtAdv code 2). The neighbour's capabilities are configured in the same row:
 * §4 defines the capability exchange between an MN and its AR only, and §4.3 says the boundary
 * ARs "must be able to determine what the handover capabilities of the ARs are on the other side.
 * Exactly how this is done is outside the scope of this document" (docs/draft-inconsistencies.md
 * I-35: the lab configures them).
 */
export interface ApNeighbor {
  /** The attachment point's link-layer address (the key: what the RtSolPr / L2-ST names). */
  apLla: string;
  /** The AR serving that attachment point: its name (for the trace), address, LLA and /64. */
  router: { name: string; address: string; lla: string; prefix: string };
  /** That AR's capabilities, as far as a neighbour needs them (§3.1.3/§3.1.4, §5.2.1, §4.3). */
  caps: { fast: boolean; stateful: boolean; buffer: boolean; beth: boolean };
}

/** Everything an access router is configured with. */
export interface ArConfig {
  name: string;
  /** Its own link-layer address and prefix ("2001:db8:1::/64"; its address is prefix::1). */
  lla: string;
  prefix: string;
  caps: ArCaps;
  timers: NodeTimers;
  /** The oAR also sends the F-BACK on the old link (§3.1.3 MAY). */
  fbackOnOldLink: boolean;
  /**
   * The attachment points it knows (its own cells and those of its configured neighbours,
   * `caps.neighbors`; all routers when that is null). Its own cells map to itself.
   */
  aps: ApNeighbor[];
}

/** Everything a mobile node is configured with. */
export interface MnConfig {
  name: string;
  lla: string;
  /** Interface identifier, "::a:b:c:d". */
  iid: string;
  home: string;
  mode: 'fast' | 'mipv6' | 'beth';
  /** Who has the predictive information (§3.1): the MN, or the oAR (the MN then waits for PrRtAdv). */
  initiation: 'mobile' | 'network';
  loseFirst: { msg: string; count: number }[];
  fbuAfterMove: boolean;
  obtainNcoaAfterUs: number | null;
  interfaces: 1 | 2;
  capabilitiesKnown: boolean;
  timers: NodeTimers;
  /** The radio's lead time and layer-2 handover duration the MN's move deadline allows for (§6.1.2). */
  radio: { leadUs: number; l2HandoverUs: number };
  /** [MIPv6]: the MN is configured with its home agent, and with the correspondent it binds. */
  haAddress: string;
  cnAddress: string;
  bindCn: boolean;
}
