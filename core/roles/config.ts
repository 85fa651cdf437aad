// What each node is configured with: the only knowledge a role has besides what it receives
// (messages, layer-2 triggers). The engine (core/engine/world.ts) builds one of these per node
// from the scenario; a role never sees the scenario itself (eslint.config.js forbids it), so an AR
// cannot read another router's settings or an MN's, and an MN cannot read the routers'.
// The scenario names ArCaps and NodeTimers as its RouterCaps and Timers (core/scenario/types.ts):
// one definition of what a router and a node are configured with.

/** The protocol timers and counts a node runs with (docs/scenarios.md `timers`). */
export interface NodeTimers {
  /** Router Advertisement interval bounds (Mobile IPv6: 30–70 ms). */
  raMinUs: number;
  raMaxUs: number;
  /** Movement detection of standard MIPv6: wait for an RA, or solicit one with an RS. */
  movementDetection: 'ra' | 'rs';
  /** Delay of a solicited RA (random in [0, max]). */
  rsReplyMaxUs: number;
  /** Duplicate Address Detection time (RetransTimer × DupAddrDetectTransmits; 1 s). */
  dadUs: number;
  /** How long the nAR defends a validated nCoA (§5.2.2, default 1 s). */
  defendUs: number;
  /** Round-trip time over the access link assumed for retransmission timers; 0 = unknown (100 ms floor). */
  accessRttUs: number;
  /** RtSolPr resends (§5.1.1: once or at most twice). */
  rtSolPrResends: number;
  /** HI resends (§5.2.1: up to 4). */
  hiResends: number;
  /** Wait for the F-BACK after arriving on the nAR before resending the F-BU (§6.1.1 "X sec"). */
  fbackWaitUs: number;
  /** F-BU resends when no F-BACK came (§3.1.8: one more time). */
  fbuResends: number;
  /** Temporary tunnel lifetime, seconds (HI Lifetime option, §3.1.1, §6.1.2). */
  tunnelLifetimeS: number;
  /** Binding lifetime sent in BUs, seconds. */
  bindingLifetimeS: number;
}

/** An access router's own capabilities and settings (the scenario's `routers[i].caps`). */
export interface ArCaps {
  /** Speaks the fast handover protocol (§3.1); false = a standard Mobile IPv6 router. */
  fast: boolean;
  /** Allocates nCoAs statefully (HI with S, §3.1.4) instead of validating proposed ones (§3.1.3). */
  stateful: boolean;
  /** Honours the HI's U flag by buffering packets for the arriving MN (§5.2.1). */
  buffer: boolean;
  /** Buffer bound, packets per MN. */
  bufferPackets: number;
  /** ARs this router knows as neighbours (their prefix and LLA, §3.1.1); default: all. */
  neighbors: string[] | null;
  /** Forces the HACK code this router answers with when it is the nAR (§5.2.2), e.g. 128. */
  hackCode: number | null;
  /** Addresses already in use on this router's link: a proposed nCoA equal to one is a duplicate (§6.1.1). */
  occupied: string[];
  /** Stateful pool exhausted: HACK code 4 (§5.2.2). */
  poolExhausted: boolean;
  /** The router delivers on the nAR as soon as the L2-LU trigger says the MN arrived (§3.1.1 MAY). */
  linkUpDelivers: boolean;
  /** Fault injection: silently lose the first `count` messages of kind `msg` this router receives. */
  loseFirst: { msg: string; count: number }[];
  /** Tunnel-based handover, BETH (§3.2–§3.5); core/roles/beth.ts. */
  beth: boolean;
  /** Table 1 layer-2 triggers this router gets (§3.2.1: at least one of st / tt when beth). */
  triggers: { st: boolean; tt: boolean; ld: boolean; lu: boolean };
  /** BET lifetime offered / requested, seconds (§3.3 step 2, §3.4.1). */
  betLifetimeS: number;
  /** As aAR: BET placement between the §3.4 extremes, 0 earliest (HACK(t)) … 1 latest (HI(r)). */
  betPlacement: number;
  /** As the serving AR: renew the BET before it expires (§3.4.1). */
  betRenew: boolean;
  /** As aAR: grant renewals (false: HACK(r) lifetime 0, §3.5.1 sub-case 1). */
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
