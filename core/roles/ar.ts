// The access router role: oAR, nAR and aAR of §3.1, and a standard router for Mobile IPv6.
// All of the AR's transitions live here. Per MN (keyed by its link-layer address) the router
// keeps one `Handover` whose `phase` is a discriminated union; every transition cites the draft.
import type { HackCode, Message } from '../wire/types.ts';
import type { ApNeighbor, ArConfig } from './config.ts';
import { iidOf, joinPrefixIid, prefix64 } from '../wire/addr.ts';
import type { TimerId } from '../sim/kernel.ts';
import type { Net } from './net.ts';
import { ALL_NODES, fback, hack, hi, linkLocal, optAddress, optLifetime, optLla, prRtAdv, ra } from './build.ts';
import { BethRouter, DEFAULT_BETH } from './beth.ts';
import {
  capabilityAdv,
  CapsTable,
  codeOf,
  hoCapsOf,
  isCapabilityExchange,
  mechanismOf,
  HOCAPS_MIPV6_ONLY,
} from './caps.ts';

/** The oAR's (or aAR's) side of one MN's handover. */
type OarPhase =
  | { p: 'idle' }
  | { p: 'awaiting-hack'; hiId: number; tries: number; timer: TimerId; stateful: boolean; prId: number }
  | { p: 'prepared'; code: HackCode }
  | { p: 'failed'; why: string }
  | { p: 'forwarding'; valid: boolean; expiry: TimerId; routed: boolean };

/** The nAR's side. */
type NarPhase =
  | { p: 'idle' }
  | { p: 'expecting'; addr: string; valid: boolean; defend: TimerId }
  | { p: 'arrived'; addr: string; valid: boolean };

interface Handover {
  mnLla: string;
  oCoA: string;
  nCoA?: string;
  nar?: { name: string; address: string; lla: string; prefix: string };
  oar?: string;
  oar_: OarPhase;
  nar_: NarPhase;
  /** F-BU received before the HACK: its F-BACK waits (§5.3.2 MUST NOT before the HACK). */
  pendingFbu?: { src: string; seq: number; lifetime: number; nCoA: string };
  hiIdIn?: number;
  lastCode?: HackCode;
  /** The oAR started this handover on a trigger (§3.1.2), not on the MN's RtSolPr (§3.1.6). */
  unsolicited?: boolean;
}

export class AccessRouter {
  readonly name: string;
  readonly address: string;
  readonly linkLocal: string;
  private readonly ho = new Map<string, Handover>();
  /** §4.1/§4.2: what each MN said it supports; MNs found to be standard-only. */
  readonly caps = new CapsTable();
  readonly standardOnly = new Set<string>();
  private hiSeq = 0;
  /** MNs on the access link now (lla → address they use). */
  readonly attached = new Map<string, string>();
  /** Counts the changes to `attached`: the engine skips a `learn` that could change nothing (its per-packet fast path). */
  attachedGen = 0;
  private lost = new Map<string, number>();
  /** Tunnel-based handover (§3.2–§3.5) when the router does it: core/roles/beth.ts. */
  readonly beth: BethRouter | undefined;

  constructor(
    private readonly net: Net,
    readonly spec: ArConfig,
  ) {
    this.name = spec.name;
    this.address = joinPrefixIid(spec.prefix, '::1');
    this.linkLocal = linkLocal(spec.lla);
    this.hiSeq = net.rng.int(0, 0xffff);
    const c = spec.caps;
    this.beth = c.beth
      ? new BethRouter(
          net,
          spec.name,
          this.address,
          spec.lla,
          this.linkLocal,
          spec.prefix,
          {
            ...DEFAULT_BETH,
            triggers: c.triggers,
            lifetimeS: c.betLifetimeS,
            placement: c.betPlacement,
            renew: c.betRenew,
            grantRenewal: c.betGrant,
            buffer: c.buffer,
          },
          spec.timers,
        )
      : undefined;
    for (const l of spec.caps.loseFirst) this.lost.set(l.msg, l.count);
  }

  /** The router's machines and their states now (the engine's live state, World.live). */
  machines(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const h of this.ho.values()) {
      out[`oAR:${h.mnLla}`] = h.oar_.p;
      out[`nAR:${h.mnLla}`] = h.nar_.p;
    }
    for (const lla of this.standardOnly) out[`caps:${lla}`] = 'mipv6';
    if (this.beth) Object.assign(out, this.beth.machines());
    return out;
  }

  /** Fault injection of the scenario: lose the first N of a kind (a lossy path). */
  loses(kind: string): boolean {
    // Asked for every packet delivered: most scenarios inject no fault, so no map lookup then.
    if (this.lost.size === 0) return false;
    const n = this.lost.get(kind) ?? 0;
    if (n <= 0) return false;
    this.lost.set(kind, n - 1);
    return true;
  }

  private get T() {
    return this.spec.timers;
  }
  /** Retransmission wait: max(2 × RTT, 100 ms) (§5.1.1, §5.2.1). */
  private retryUs(rttUs: number): number {
    return Math.max(2 * rttUs, 100_000);
  }

  private entry(mnLla: string): Handover {
    let h = this.ho.get(mnLla);
    if (!h) {
      h = { mnLla, oCoA: '', oar_: { p: 'idle' }, nar_: { p: 'idle' } };
      this.ho.set(mnLla, h);
    }
    return h;
  }
  private setOar(h: Handover, next: OarPhase, why: string): void {
    this.net.state(this.name, `oAR:${h.mnLla}`, h.oar_.p, next.p, why);
    h.oar_ = next;
  }
  private setNar(h: Handover, next: NarPhase, why: string): void {
    this.net.state(this.name, `nAR:${h.mnLla}`, h.nar_.p, next.p, why);
    h.nar_ = next;
  }

  /** The row of the configured neighbour table for an attachment point (config.ts `ApNeighbor`, §3.1). */
  private apRow(apLla: string): ApNeighbor | undefined {
    for (const a of this.spec.aps) if (a.apLla === apLla) return a;
    return undefined;
  }
  /** The configured capabilities of the neighbour AR with this name (the table's rows, §3.1.3–§3.1.4, §5.2.1). */
  private neighborCaps(name: string): ApNeighbor['caps'] | undefined {
    for (const a of this.spec.aps) if (a.router.name === name) return a.caps;
    return undefined;
  }

  /**
   * Which router serves a new attachment point LLA; undefined = unknown (§3.1.1 case 1): not in
   * the neighbour table this AR is configured with, or a neighbour that does not speak the fast
   * handover protocol (its capability is configured in the same row, §4.3).
   */
  private neighborByApLla(
    apLla: string,
  ): { name: string; address: string; lla: string; prefix: string } | 'self' | undefined {
    if (apLla === this.spec.lla) return 'self';
    const row = this.apRow(apLla);
    if (!row) return undefined;
    if (row.router.name === this.name) return 'self';
    if (!row.caps.fast) return undefined;
    return row.router;
  }

  // ---------------------------------------------------------------- periodic RAs (MIPv6 movement detection)

  startRa(): void {
    const next = this.net.rng.int(this.T.raMinUs, this.T.raMaxUs);
    this.net.timer(this.name, '', next, () => {
      // Unsolicited RAs to all nodes, every MinRtrAdvInterval..MaxRtrAdvInterval ([MIPv6] 30–70 ms).
      // Modelling choice: an RA is simulated only towards MNs that are detecting movement (the only ones
      // that act on it); the others would ignore it. Keeps the trace and the campus readable and fast.
      if (this.attached.size > 0)
        for (const lla of this.attached.keys())
          if (this.net.listening(lla))
            this.net.sendOnLink(
              this.name,
              lla,
              ra(this.linkLocal, ALL_NODES, this.spec.lla, this.spec.prefix),
              'periodic Router Advertisement to an MN detecting movement ([MIPv6], RFC 2461 §6.2.4)',
            );
      this.startRa();
    });
  }

  // ---------------------------------------------------------------- link-layer triggers

  /** L2-ST at the oAR (network-initiated, §3.1.2): the oAR knows where the MN will go. */
  onSourceTrigger(mnLla: string, apLla: string): void {
    const oCoA = this.attached.get(mnLla);
    if (!oCoA) return;
    if (this.standardOnly.has(mnLla)) {
      // §4.2: "the AR MUST suppress any further fast handover signaling" for a standard-only MN.
      this.net.state(
        this.name,
        `caps:${mnLla}`,
        'mipv6',
        'mipv6',
        'standard-only MN: fast signalling suppressed (§4.2)',
      );
      return;
    }
    this.startHandover(mnLla, oCoA, apLla, 0, oCoA, true);
  }

  /** §4.3: the boundary AR of a BETH area tells the MN what the next AR supports, and hands it over. */
  bethBoundary(mnLla: string, coa: string, apLla: string, code: number): void {
    this.net.sendOnLink(
      this.name,
      mnLla,
      capabilityAdv(this.linkLocal, coa, 0, this.spec.lla, code),
      "the boundary AR tells the MN the next area's handover capabilities (§4.3)",
    );
    // §4.3.2: into an anticipated area the MN "MUST immediately switch to performing anticipated handover":
    // the boundary AR starts it (network-initiated, Figure 1). §4.3.1: into a standard-only area, the notice alone.
    if (code !== HOCAPS_MIPV6_ONLY) this.startHandover(mnLla, coa, apLla, 0, coa, true);
  }

  /**
   * §4.2: "a standard MN ... will not respond to a [PrRtAdv] with a F-BU". Only a PrRtAdv this AR
   * sent unsolicited — a handover it started on an L2-ST (§3.1.2) or at a §4.3 boundary — asks for
   * that answer; an MN that sent a RtSolPr has shown it is fast. An MN this AR carries a BET for
   * does tunnel-based handover (§3.3), so no answer does not make it standard.
   */
  private unansweredPrRtAdv(h: Handover, mnLla: string): boolean {
    return (h.unsolicited ?? false) && !(this.beth?.handles(mnLla) ?? false);
  }
  /** L2-LD: the MN left the access link. */
  onLinkDown(mnLla: string): void {
    const gone = this.ho.get(mnLla);
    if (
      gone &&
      gone.oar_.p === 'prepared' &&
      !gone.pendingFbu &&
      !this.standardOnly.has(mnLla) &&
      this.caps.of(mnLla) === undefined &&
      this.unansweredPrRtAdv(gone, mnLla)
    ) {
      // §4.2: a standard MN "will not ... respond to a [PrRtAdv] with a F-BU": suppress from now on.
      this.standardOnly.add(mnLla);
      this.net.state(
        this.name,
        `caps:${mnLla}`,
        'unknown',
        'mipv6',
        'PrRtAdv never answered by an F-BU: standard-only MN (§4.2)',
      );
    }
    this.attached.delete(mnLla);
    this.attachedGen++;
    this.beth?.onLinkDown(mnLla);
    const h = this.ho.get(mnLla);
    if (h && h.oar_.p === 'forwarding' && !h.oar_.routed) {
      // §3.1.3 MAY: the routing change waited for the MN's disconnection (L2-LD, §3.2.1).
      this.route(h, h.oar_.valid, this.T.tunnelLifetimeS * 1_000_000);
      this.setOar(h, { ...h.oar_, routed: true }, 'L2-LD: routing change now (§3.1.3)');
    }
  }

  /** L2-LU at this router: the MN's layer 2 is up on our link. */
  onLinkUp(mnLla: string): void {
    this.attached.set(mnLla, '');
    this.attachedGen++;
    this.beth?.onLinkUp(mnLla);
    const h = this.ho.get(mnLla);
    if (h && h.nar_.p === 'expecting' && this.spec.caps.linkUpDelivers) {
      // §3.1.1: "a similar (but optional) trigger on the AR side MAY allow the nAR to detect the arrival
      // of a MN, and therefore change the MN's neighbor cache state to REACHABLE"; SHOULD begin forwarding.
      this.arrive(h, 'L2-LU trigger (§3.1.1)');
    }
  }

  /**
   * A BU from an MN on this access link to its home agent ([MIPv6]: its Home Address option names the
   * home address): the only way a router sees an MN's home address before any BETH message carries it,
   * which the BETH handover needs for its HI(H) / HACK(T) (§3.3 steps 2a/3a, I-36). At the run's start
   * the world replays the registration already in place (like the §4.1 exchange, `exchangedBefore`).
   */
  sawBindingUpdate(mnLla: string, home: string): void {
    this.beth?.learnHome(mnLla, home);
  }

  /** Record what address an attached MN uses (from its traffic or its F-NA/NA). */
  learn(mnLla: string, addr: string): void {
    // Called for every packet from an attached MN: one lookup, and a write only when the address changes.
    const cur = this.attached.get(mnLla);
    if (cur !== undefined && cur !== addr) {
      this.attached.set(mnLla, addr);
      this.attachedGen++;
    }
  }

  // ---------------------------------------------------------------- messages

  /** The router whose own address this is (BETH peers). */
  private peerOf(addr: string): { name: string; address: string; lla: string; prefix: string } | undefined {
    const r = this.net.routerOfPrefix(addr);
    return r && r.address === addr ? r : undefined;
  }

  onMessage(m: Message, fromLla: string | undefined): void {
    // A standard-only router (§4) does not know the draft's messages: it ignores them.
    if (
      !this.spec.caps.fast &&
      (m.kind === 'RtSolPr' || m.kind === 'HI' || m.kind === 'HACK' || m.kind === 'F-BU' || m.kind === 'F-NA')
    )
      return;
    // HI / HACK / HTT with H, T or R belong to tunnel-based handover (§3.3, §3.4, §5.2).
    if (this.beth && BethRouter.isBeth(m))
      return this.beth.onMessage(
        m,
        (a) => this.peerOf(a),
        (lla) => this.attached.get(lla) || undefined,
      );
    switch (m.kind) {
      case 'RtSolPr':
        if (isCapabilityExchange(m, this.spec.lla)) return this.onCapabilities(m, fromLla);
        return this.onRtSolPr(m, fromLla);
      case 'HI':
        return this.onHI(m);
      case 'HACK':
        return this.onHACK(m);
      case 'F-BU':
        return this.onFBU(m);
      case 'F-NA':
        return this.onFNA(m);
      case 'NA':
        return this.onNA(m, fromLla);
      case 'RS':
        return this.onRS(fromLla);
      case 'BU':
        return this.onBU(m);
      case 'NS':
        return this.onNS(m, fromLla);
      default:
        return; // RA, PrRtAdv, F-BACK, BACK, DATA are not for a router's control plane
    }
  }

  /**
   * The run begins after the §4.1 exchange with this MN (scenario `capabilitiesKnown`): what the
   * exchange would have left here — the MN asked for tunnel-based handover — and the code this AR
   * would have answered (undefined: a standard-only AR, which does not answer, §4.2).
   */
  exchangedBefore(mnLla: string): number | undefined {
    if (!this.spec.caps.fast) return undefined;
    this.caps.learn(mnLla, 'beth');
    return codeOf(this.beth ? 'beth' : 'anticipated');
  }

  /** §4.1: a RtSolPr naming this AR itself is a capability exchange, not a handover request. */
  private onCapabilities(m: Extract<Message, { kind: 'RtSolPr' }>, fromLla: string | undefined): void {
    const mnLla = optLla(m, 'SLLA') ?? fromLla ?? '';
    const code = hoCapsOf(m);
    const mine = this.beth ? 'beth' : 'anticipated';
    this.caps.learn(mnLla, code === undefined ? 'anticipated' : (mechanismOf(code) ?? 'anticipated'));
    // §4.1 step 2: "The current AR MUST respond with a PrRtAdv including its link layer address ... and a Handover Capabilities Extension".
    this.net.sendOnLink(
      this.name,
      mnLla,
      capabilityAdv(this.linkLocal, m.src, m.identifier, this.spec.lla, codeOf(mine)),
      'capability exchange: the AR answers with its own LLA and its Handover Capabilities (§4.1 step 2)',
    );
  }

  /** §5.1.1/§3.1.6: the MN asks for information on the attachment point it wants to move to. */
  private onRtSolPr(m: Extract<Message, { kind: 'RtSolPr' }>, fromLla: string | undefined): void {
    const mnLla = optLla(m, 'SLLA') ?? fromLla ?? '';
    const apLla = optLla(m, 'LLA', 1);
    if (!apLla) return; // §5.1.1: the New Attachment Point option MUST be included
    const oCoA = m.src;
    if (mnLla) this.learn(mnLla, oCoA);
    const h = this.entry(mnLla);
    // A retransmitted RtSolPr for a handover already under way: answer again, do not restart (§5.1.1).
    if (h.oar_.p !== 'idle' && h.oar_.p !== 'failed' && h.nar?.lla === apLla && h.oCoA === oCoA) {
      if (h.oar_.p === 'awaiting-hack' && h.oar_.stateful) return; // PrRtAdv follows the HACK (§3.1.4)
      this.net.sendOnLink(
        this.name,
        mnLla,
        prRtAdv(this.linkLocal, oCoA, m.identifier, 0, this.spec.lla, h.nar, h.nCoA),
        'the RtSolPr was resent: the same PrRtAdv again, the handover is already under way (§5.1.1)',
      );
      return;
    }
    this.startHandover(mnLla, oCoA, apLla, m.identifier, oCoA);
  }

  /** Common to §3.1.2 (L2-ST) and §3.1.6 (RtSolPr). */
  private startHandover(
    mnLla: string,
    oCoA: string,
    apLla: string,
    prId: number,
    dst: string,
    unsolicited = false,
  ): void {
    const target = this.neighborByApLla(apLla);
    if (target === 'self') {
      // §5.1.2 code 1: the new attachment point is under this same router; no CoA change.
      this.net.sendOnLink(
        this.name,
        mnLla,
        prRtAdv(this.linkLocal, dst, prId, 1, this.spec.lla),
        'the new attachment point is under this same router: code 1, no CoA change (§5.1.2)',
      );
      return;
    }
    if (!target && this.knowsBeth(mnLla)) {
      // §4.3.1: into a standard-only area the boundary AR's PrRtAdv carries the Handover Capabilities code 3.
      const row = this.apRow(apLla);
      if (row && !row.caps.fast)
        this.net.sendOnLink(
          this.name,
          mnLla,
          capabilityAdv(this.linkLocal, dst, prId, this.spec.lla, HOCAPS_MIPV6_ONLY),
          'into a standard-only area: Handover Capabilities code 3 (§4.3.1)',
        );
    }
    if (!target) {
      // §3.1.1 case 1 / §5.1.2 code 2: the new attachment point is unknown.
      this.net.sendOnLink(
        this.name,
        mnLla,
        prRtAdv(this.linkLocal, dst, prId, 2, this.spec.lla),
        'the new attachment point is unknown to this router: code 2 (§3.1.1, §5.1.2)',
      );
      return;
    }
    const h = this.entry(mnLla);
    if (h.oar_.p === 'forwarding') this.net.fwd.untunnel(this.name, h.oCoA, 'new handover');
    h.oCoA = oCoA;
    h.nar = target;
    h.pendingFbu = undefined;
    // Network-initiated (L2-ST, §3.1.2): the PrRtAdv goes unsolicited; an F-BU answering it is what
    // tells a fast MN from a standard one (§4.2).
    h.unsolicited = unsolicited;
    // §3.1.4: whether the nAR assigns the nCoA is configured in the neighbour table's row.
    const stateful = this.neighborCaps(target.name)?.stateful ?? false;
    // §3.1.3: stateless — the oAR MUST construct the nCoA from the MN's interface ID (the oCoA's
    // low 64 bits) and the nAR's prefix.
    h.nCoA = stateful ? undefined : joinPrefixIid(target.prefix, oCoA);
    const hiId = (this.hiSeq = (this.hiSeq + 1) & 0xffff);
    this.sendHI(h, hiId, stateful);
    const timer = this.armHiRetry(h, hiId, 0, stateful, prId);
    this.setOar(
      h,
      { p: 'awaiting-hack', hiId, tries: 0, timer, stateful, prId },
      stateful ? 'HI(S) sent; PrRtAdv after HACK (§3.1.4)' : 'HI sent with PrRtAdv (§3.1.3)',
    );
    // §3.1.3: stateless — PrRtAdv "at the same time" as the HI (MAY precede the HACK, §3.1.1).
    if (!stateful)
      this.net.sendOnLink(
        this.name,
        mnLla,
        prRtAdv(this.linkLocal, dst, prId, 0, this.spec.lla, target, h.nCoA),
        'stateless: the PrRtAdv goes with the HI, carrying the nCoA the oAR formed (§3.1.3)',
      );
  }

  /**
   * Does this MN run tunnel-based handover (BETH), as far as this AR knows? From the §4.1 exchange
   * (the MN's RtSolPr asked for it, `caps`), or because this AR already carries a BET for it (§3.3:
   * it serves, anchors or hands it over). Not from the MN's configuration: a router has none.
   */
  private knowsBeth(mnLla: string): boolean {
    return this.caps.of(mnLla) === 'beth' || (this.beth?.handles(mnLla) ?? false);
  }

  private sendHI(h: Handover, hiId: number, stateful: boolean): void {
    const nar = h.nar!;
    // §5.2.1 U: ask the nAR to buffer when its row says it can.
    const U = this.neighborCaps(nar.name)?.buffer ?? false;
    this.net.send(
      this.name,
      hi(this.address, nar.address, hiId, { S: stateful, U }, h.mnLla, h.oCoA, h.nCoA, this.T.tunnelLifetimeS),
      `${stateful ? 'stateful: the nAR is to assign the nCoA (S flag)' : 'the oAR proposes the nCoA it formed'}${U ? '; U: the nAR is to buffer' : ''} (§3.1.3, §5.2.1)`,
    );
  }

  private armHiRetry(h: Handover, hiId: number, tries: number, stateful: boolean, prId: number): TimerId {
    return this.net.timer(this.name, 'HI-retry', this.retryUs(this.T.accessRttUs), () => {
      if (h.oar_.p !== 'awaiting-hack' || h.oar_.hiId !== hiId) return;
      if (tries < this.T.hiResends) {
        // §5.2.1: "the Handover Initiate SHOULD be resent up to 4 times".
        this.sendHI(h, hiId, stateful);
        const timer = this.armHiRetry(h, hiId, tries + 1, stateful, prId);
        this.setOar(
          h,
          { p: 'awaiting-hack', hiId, tries: tries + 1, timer, stateful, prId },
          `HI resent (${tries + 1}/${this.T.hiResends}, §5.2.1)`,
        );
        return;
      }
      // §5.2.1: "Failure to receive an Handover Acknowledgement means that no fast handover can be performed."
      this.setOar(h, { p: 'failed', why: 'no HACK' }, 'HI unanswered: no fast handover (§5.2.1)');
      if (stateful)
        this.net.sendOnLink(
          this.name,
          h.mnLla,
          prRtAdv(this.linkLocal, h.oCoA, prId, 2, this.spec.lla),
          'the HI went unanswered after its resends: code 2, no fast handover (§5.2.1, §5.1.2)',
        );
      if (h.pendingFbu) this.answerFbu(h, h.pendingFbu.src, h.pendingFbu.seq, h.pendingFbu.lifetime);
    });
  }

  /** §5.2.2 at the oAR. */
  private onHACK(m: Extract<Message, { kind: 'HACK' }>): void {
    const h = [...this.ho.values()].find((x) => x.oar_.p === 'awaiting-hack' && x.oar_.hiId === m.identifier);
    if (!h || h.oar_.p !== 'awaiting-hack') return; // a late duplicate
    this.net.cancel(this.name, 'HI-retry', h.oar_.timer);
    const { stateful, prId } = h.oar_;
    if (m.code >= 128) {
      // §5.2.2: handover not accepted (128–130).
      this.setOar(h, { p: 'failed', why: `HACK ${m.code}` }, `HACK code ${m.code}: handover refused (§5.2.2)`);
      if (stateful)
        this.net.sendOnLink(
          this.name,
          h.mnLla,
          prRtAdv(this.linkLocal, h.oCoA, prId, 2, this.spec.lla),
          'the nAR refused the handover in its HACK: code 2 to the MN (§5.2.2, §5.1.2)',
        );
    } else {
      if (stateful) {
        // §3.1.4: the nAR returned the nCoA; the PrRtAdv carries it (HI/HACK MUST complete first, §3.1.1).
        h.nCoA = optAddress(m, 2) ?? (h.nar ? joinPrefixIid(h.nar.prefix, iidOf(h.oCoA) ?? '::1') : h.nCoA);
        this.net.sendOnLink(
          this.name,
          h.mnLla,
          prRtAdv(this.linkLocal, h.oCoA, prId, 0, this.spec.lla, h.nar, h.nCoA),
          'stateful: the HACK returned the nCoA; the PrRtAdv carries it now (§3.1.4)',
        );
      }
      // §3.1.3: "Upon receipt of the HACK ... the oAR MUST prepare to forward"; no routing change before the F-BU.
      this.setOar(h, { p: 'prepared', code: m.code }, `HACK code ${m.code}: prepared, waiting for the F-BU (§3.1.3)`);
    }
    if (h.pendingFbu) {
      const f = h.pendingFbu;
      h.pendingFbu = undefined;
      this.answerFbu(h, f.src, f.seq, f.lifetime);
    }
  }

  /** §3.1.3 / §5.3.1 at the oAR, or the aAR of §3.1.7. */
  private onFBU(m: Extract<Message, { kind: 'F-BU' }>): void {
    const addr = m.homeAddress;
    const h = [...this.ho.values()].find((x) => x.oCoA === addr && x.oar_.p !== 'idle');
    if (m.lifetime === 0) {
      // §5.3.1: lifetime 0 deletes any existing binding and creates none.
      if (h) this.cancelForwarding(h, 'F-BU with lifetime 0 (§5.3.1)');
      this.net.send(
        this.name,
        fback(this.address, m.src, 0, m.sequence, 0),
        'an F-BU with lifetime 0: the binding is deleted and none created (§5.3.1)',
      );
      return;
    }
    if (!h) {
      // §3.1.7: the anchor AR receives the F-BU of an MN it already tunnels for (BT-1); it moves the tunnel.
      if (this.net.fwd.hasTunnel(this.name, addr) || this.isAnchorFor(addr)) return this.threeParty(m);
      // no HI/HACK for this MN: nothing to bind to
      this.net.send(
        this.name,
        fback(this.address, m.src, 128, m.sequence, 0),
        'an F-BU with no HI/HACK for this MN: nothing to bind, status 128 (§5.3.2) [I-32]',
      );
      return;
    }
    if (h.oar_.p === 'forwarding' && h.nCoA !== m.altCoA) {
      // §3.1.7: the MN moved on before completing the nCoA; as anchor, move the tunnel to its new nCoA.
      this.net.cancel(this.name, 'tunnel-lifetime', h.oar_.expiry);
      this.setOar(h, { p: 'idle' }, 'F-BU from further on: three-party handover (§3.1.7)');
      return this.threeParty(m);
    }
    h.nCoA = m.altCoA;
    this.answerFbu(h, m.src, m.sequence, m.lifetime);
  }

  private isAnchorFor(addr: string): boolean {
    return prefix64(addr) === prefix64(this.address) && !this.attachedAddr(addr);
  }
  private attachedAddr(addr: string): boolean {
    for (const a of this.attached.values()) if (a === addr) return true;
    return false;
  }

  /** The F-BU rules: no F-BACK before the HACK; then forward or tunnel, and the F-BACK to the nCoA or tunnelled. */
  private answerFbu(h: Handover, src: string, seq: number, lifetime: number): void {
    const ph = h.oar_;
    switch (ph.p) {
      case 'awaiting-hack':
        // §5.3.2: "The Fast Binding Acknowledgement MUST NOT be send to the MN before the oAR receives a HACK".
        h.pendingFbu = { src, seq, lifetime, nCoA: h.nCoA ?? '' };
        this.net.state(
          this.name,
          `oAR:${h.mnLla}`,
          'awaiting-hack',
          'awaiting-hack',
          'F-BU before HACK: F-BACK held (§5.3.2)',
        );
        return;
      case 'idle':
      case 'failed':
        // No fast handover possible (§5.2.1): reject the F-BU.
        this.net.send(
          this.name,
          fback(this.address, src, 128, seq, 0),
          'no fast handover possible (the HI failed or was refused): the F-BU is rejected, status 128 (§5.2.1, §5.3.2) [I-32]',
        );
        return;
      case 'forwarding':
        // A resent F-BU (§3.1.8): acknowledge again, the binding stands.
        this.sendFback(h, ph.valid, seq);
        return;
      case 'prepared': {
        const valid = ph.code === 0 || ph.code === 3;
        const lifeUs = Math.min(lifetime, this.T.tunnelLifetimeS) * 1_000_000;
        // §3.1.3: "Upon receipt of the F-BU and providing the HACK has also been received, the oAR MUST either
        // forward packets ... to the nCoA, if it was validated, or ... tunnel packets to the MN's oCoA at the nAR.
        // Additionally, and if the link layer supports such indications, the oAR MAY delay the routing change
        // until it determines that the MN has disconnected" — done here when the MN is still on the link (L2-LD).
        const routed = !this.attached.has(h.mnLla);
        if (routed) this.route(h, valid, lifeUs);
        const expiry = this.armTunnelExpiry(h, lifeUs);
        // §3.1.5: when !valid the oAR routes the MN's reverse-tunnelled packets out as if they
        // originated on its subnet — nothing to set up here (the nAR's reverse tunnel ends at us).
        this.setOar(
          h,
          { p: 'forwarding', valid, expiry, routed },
          valid ? 'F-BU: forwarding to the nCoA (§3.1.3)' : 'F-BU: tunnelling to the nAR (§3.1.5)',
        );
        this.sendFback(h, valid, seq);
        return;
      }
    }
  }

  private route(h: Handover, valid: boolean, lifeUs: number): void {
    this.net.fwd.tunnelTo(
      this.name,
      h.oCoA,
      valid ? h.nCoA! : h.nar!.address,
      lifeUs,
      valid ? 'forward oCoA to nCoA (§3.1.3)' : 'tunnel oCoA to nAR (§3.1.5)',
    );
  }

  private sendFback(h: Handover, valid: boolean, seq: number): void {
    // §6.1.1: status 1 when the nCoA was not validated but the nAR accepts the MN.
    const status = valid ? 0 : 1;
    const life = this.T.tunnelLifetimeS;
    if (valid)
      this.net.send(
        this.name,
        fback(this.address, h.nCoA!, status, seq, life),
        'the nCoA is valid: the F-BACK goes to the nCoA and forwarding starts (§3.1.3, §5.3.2)',
      );
    // §5.3.2: "MUST be sent with the MN's [oCoA] tunneled to the nAR" when the nCoA was not validated.
    else
      this.net.sendTunnelled(
        this.name,
        fback(this.address, h.oCoA, status, seq, life),
        h.nar!.address,
        'the nCoA was not validated: the F-BACK goes to the oCoA, tunnelled to the nAR (§5.3.2)',
      );
    // §3.1.3/§5.3.2: "MAY also be sent to the MN on the old link".
    if (this.spec.fbackOnOldLink && this.attached.has(h.mnLla))
      this.net.sendOnLink(
        this.name,
        h.mnLla,
        fback(this.address, h.oCoA, status, seq, life),
        'the MN is still on the old link: a copy of the F-BACK there (§3.1.3, §5.3.2)',
      );
  }

  /**
   * §6.1.2: "temporary tunnels have short lifetimes" — when this one's runs out, the tunnel for the
   * handover's oCoA goes and the oAR (or anchor, §3.1.7) is idle again. One timer for both.
   */
  private armTunnelExpiry(h: Handover, lifeUs: number): TimerId {
    return this.net.timer(this.name, 'tunnel-lifetime', lifeUs, () => {
      if (h.oar_.p === 'forwarding') {
        this.net.fwd.untunnel(this.name, h.oCoA, 'lifetime expired (§6.1.2)');
        this.setOar(h, { p: 'idle' }, 'tunnel lifetime expired (§6.1.2)');
      }
    });
  }

  private cancelForwarding(h: Handover, why: string): void {
    if (h.oar_.p === 'forwarding') {
      this.net.cancel(this.name, 'tunnel-lifetime', h.oar_.expiry);
      this.net.fwd.untunnel(this.name, h.oCoA, why);
    }
    this.setOar(h, { p: 'idle' }, why);
  }

  /** §3.1.7 (Figure 4): the aAR moves the tunnel end from the oAR to the MN's nCoA. */
  private threeParty(m: Extract<Message, { kind: 'F-BU' }>): void {
    const aCoA = m.homeAddress;
    const h = this.entry(`anchor:${aCoA}`);
    h.oCoA = aCoA;
    h.nCoA = m.altCoA;
    const life = this.T.tunnelLifetimeS;
    // The F-BACK over the old tunnel (to the aCoA, through the oAR: Figure 4's "+++") and to the nCoA.
    this.net.send(
      this.name,
      fback(this.address, aCoA, 0, m.sequence, life),
      'three-party handover: the F-BACK through the old tunnel to the aCoA (§3.1.7)',
    );
    this.net.fwd.tunnelTo(
      this.name,
      aCoA,
      m.altCoA,
      life * 1_000_000,
      'three-party: tunnel moved to the nCoA (§3.1.7)',
    );
    this.net.send(
      this.name,
      fback(this.address, m.altCoA, 0, m.sequence, life),
      "three-party handover: the F-BACK to the MN's nCoA (§3.1.7)",
    );
    const expiry = this.armTunnelExpiry(h, life * 1_000_000); // h.oCoA is the aCoA
    this.setOar(
      h,
      { p: 'forwarding', valid: true, expiry, routed: true },
      'anchor: F-BU moves BT to the nCoA (§3.1.7)',
    );
  }

  /** §6.1.2: the MN came back; a BU with Home Address = oCoA and lifetime 0 drops the tunnel. */
  private onBU(m: Extract<Message, { kind: 'BU' }>): void {
    if (m.lifetime !== 0) return;
    if (this.beth?.onBindingUpdate(m.homeAddress, 0)) {
      // §3.5.2: the MN's BU to the aAR (Home Address = aCoA, lifetime 0) tears the BET down.
      this.ackBU(m, "the MN's BU (Home Address = aCoA, lifetime 0) tore the BET down: acknowledged (§3.5.2) [I-27]");
      return;
    }
    for (const h of this.ho.values()) {
      if (h.oCoA === m.homeAddress && h.oar_.p !== 'idle') {
        // "SHOULD drop that tunnel; i.e.: stop forwarding packets for this MN and start delivering packets directly"
        this.cancelForwarding(h, 'BU lifetime 0: ping-pong, tunnel dropped (§6.1.2)');
      }
    }
    if (this.net.fwd.hasTunnel(this.name, m.homeAddress))
      this.net.fwd.untunnel(this.name, m.homeAddress, 'BU lifetime 0 (§6.1.2)');
    this.ackBU(
      m,
      'a BU with Home Address = oCoA and lifetime 0: the tunnel is dropped and the BU acknowledged (§6.1.2)',
    );
  }

  /** The BACK (status 0, lifetime 0) to a BU with lifetime 0 ([MIPv6]; §3.5.2, §6.1.2). */
  private ackBU(m: Extract<Message, { kind: 'BU' }>, why: string): void {
    this.net.send(
      this.name,
      {
        kind: 'BACK',
        src: this.address,
        dst: m.src,
        hopLimit: 64,
        status: 0,
        sequence: m.sequence,
        lifetime: 0,
        refresh: 0,
      },
      why,
    );
  }

  /** §3.1.3/§5.2.2/§7 at the nAR. */
  private onHI(m: Extract<Message, { kind: 'HI' }>): void {
    const mnLla = optLla(m, 'LLA', 2) ?? '';
    const oCoA = optAddress(m, 1) ?? '';
    const proposed = optAddress(m, 2);
    const lifetime = optLifetime(m) ?? this.T.tunnelLifetimeS;
    const h = this.entry(mnLla);
    // A resent HI we already answered: answer the same again (§5.2.2 MUST respond).
    if (h.hiIdIn === m.identifier && h.nar_.p !== 'idle' && h.oar === m.src) {
      this.net.send(
        this.name,
        hack(this.address, m.src, m.identifier, this.lastCode(h), h.nar_.valid ? h.nCoA : undefined, lifetime),
        'a resent HI this router already answered: the same HACK again (§5.2.2)',
      );
      return;
    }
    h.hiIdIn = m.identifier;
    h.oar = m.src;
    h.oCoA = oCoA;
    const forced = this.spec.caps.hackCode;
    let code: HackCode;
    let nCoA: string | undefined;
    if (forced !== null && forced >= 128) {
      // §5.2.2: "The new access router can always refuse the handover".
      this.net.send(
        this.name,
        hack(this.address, m.src, m.identifier, forced as HackCode, undefined, 0),
        `the nAR refuses the handover: code ${forced} (§5.2.2)`,
      );
      return;
    }
    if (m.flags.S) {
      // §5.2.2: S set — allocate and return the nCoA, code 3; code 4 when none can be assigned.
      if (this.spec.caps.poolExhausted || forced === 4) code = 4;
      else {
        code = 3;
        nCoA = this.allocate();
      }
    } else if (!proposed || prefix64(proposed) !== prefix64(this.address))
      code = 1; // not valid on this subnet
    else if (this.inUse(proposed) || forced === 2)
      code = 2; // §3.1.3: "being used by another node"
    else if (forced === 1) code = 1;
    else {
      code = 0;
      nCoA = proposed;
    }
    const valid = code === 0 || code === 3;
    h.nCoA = nCoA;
    // §6.1.2: the MN comes back to a router that still tunnels its old address away — drop that tunnel,
    // or the two temporary tunnels form the circular tunnel (routing loop) the section warns about.
    for (const a of [nCoA, oCoA]) {
      if (a && this.net.fwd.hasTunnel(this.name, a)) {
        for (const x of this.ho.values())
          if (x.oCoA === a && x.oar_.p === 'forwarding')
            this.cancelForwarding(x, 'the MN returns: its address is on-link again (§6.1.2)');
        this.net.fwd.untunnel(this.name, a, 'the MN returns: its address is on-link again (§6.1.2)');
      }
    }
    if (valid) {
      // §3.1.3/§7: add the nCoA to the Neighbor Cache (INCOMPLETE) and defend it for a short time (1 s, §5.2.2).
      this.net.fwd.nc(this.name, nCoA!, mnLla, 'INCOMPLETE');
    } else {
      // §3.1.3/§5.2.2/§7: not valid — host route for the oCoA to the mobility interface; NC entry for the oCoA.
      this.net.fwd.hostRoute(this.name, oCoA, true);
      this.net.fwd.nc(this.name, oCoA, mnLla, 'INCOMPLETE');
      // §3.1.5: "the nAR MUST tunnel packets from the MN with the source address being oCoA back to oAR".
      // Not when the oCoA is of our own subnet (the MN comes back to its CoA's router, §6.1.2): here
      // it is topologically correct already, and the oAR — which reverse-tunnels that oCoA to us —
      // would send every upstream packet straight back (a circular tunnel, §6.1.2).
      if (prefix64(oCoA) !== prefix64(this.address))
        this.net.fwd.reverseTunnel(
          this.name,
          oCoA,
          m.src,
          lifetime * 1_000_000,
          'nCoA not valid: packets from the oCoA go back to the oAR (§3.1.5)',
        );
    }
    const addr = valid ? nCoA! : oCoA;
    // §5.2.1 U flag: "The destination SHOULD buffer any packets towards the node".
    if (m.flags.U && this.spec.caps.buffer)
      this.net.fwd.buffer(this.name, addr, true, 'the nAR buffers: the HI asked with the U flag (§5.2.1)');
    if (h.nar_.p === 'expecting') this.net.cancel(this.name, 'defend', h.nar_.defend);
    const defend = this.net.timer(this.name, 'defend', this.T.defendUs, () => {
      if (h.nar_.p !== 'expecting') return;
      // The MN did not arrive within the defence period: forget it (§5.2.2 "for a short period of time").
      this.net.fwd.nc(this.name, addr, mnLla, null);
      this.net.fwd.buffer(this.name, addr, false);
      if (!valid) this.net.fwd.hostRoute(this.name, oCoA, false);
      this.setNar(h, { p: 'idle' }, 'defence period over, MN did not arrive (§5.2.2)');
    });
    this.setNar(
      h,
      { p: 'expecting', addr, valid, defend },
      valid ? `nCoA ${nCoA} valid, defended (§3.1.3)` : `nCoA not valid (code ${code}), host route for oCoA (§3.1.3)`,
    );
    h.lastCode = code;
    this.net.send(
      this.name,
      hack(this.address, m.src, m.identifier, code, m.flags.S ? nCoA : undefined, lifetime),
      `the HI answered with code ${code}${code === 0 ? ': the proposed nCoA is valid' : code === 3 ? ': the nAR assigned the nCoA' : code === 4 ? ': no address to assign' : ': the nCoA is not valid, host route for the oCoA'} (§3.1.3, §5.2.2)`,
    );
  }

  private lastCode(h: Handover): HackCode {
    return h.lastCode ?? 0;
  }

  private inUse(addr: string): boolean {
    if (this.spec.caps.occupied.includes(addr)) return true;
    for (const a of this.attached.values()) if (a === addr) return true;
    for (const h of this.ho.values()) if (h.nar_.p !== 'idle' && h.nCoA === addr) return true;
    return false;
  }

  private allocate(): string {
    for (;;) {
      const iid = `::${this.net.rng.int(0x100, 0xfffe).toString(16)}:${this.net.rng.int(1, 0xfffe).toString(16)}`;
      const a = joinPrefixIid(this.spec.prefix, iid);
      if (!this.inUse(a)) return a;
    }
  }

  /** The MN is on our link and reachable: §7 REACHABLE, send what is queued. */
  private arrive(h: Handover, why: string): void {
    if (h.nar_.p !== 'expecting') return;
    const { addr, valid } = h.nar_;
    this.net.cancel(this.name, 'defend', h.nar_.defend);
    this.net.fwd.nc(this.name, addr, h.mnLla, 'REACHABLE');
    this.setNar(h, { p: 'arrived', addr, valid }, why);
    // §7: "It sends any packet queued for the neighbor."
    this.net.fwd.flush(this.name, addr);
    this.net.fwd.buffer(this.name, addr, false);
  }

  /** §3.1.8 / §5.1.3 / §5.4.4: the F-NA announces the MN; answer with an RA carrying a NAACK. */
  private onFNA(m: Extract<Message, { kind: 'F-NA' }>): void {
    const lla = optLla(m, 'TLLA') ?? '';
    const h = this.ho.get(lla);
    // §5.1.3: check the oCoA mapping first, then the nCoA.
    const byO = this.net.fwd.ncLookup(this.name, m.oldCoA);
    const byN = this.net.fwd.ncLookup(this.name, m.newCoA);
    if (byO && byO.lla === lla) {
      this.learn(lla, m.oldCoA);
      if (h) this.arrive(h, 'F-NA: oCoA mapping found, REACHABLE (§3.1.8, §7)');
      else this.net.fwd.nc(this.name, m.oldCoA, lla, 'REACHABLE');
      // §5.4.4: "If the oCoA is valid, the RA MUST use the oCoA as destination address".
      this.raNaack(
        lla,
        m.oldCoA,
        1,
        'F-NA: the oCoA is known here, so the RA with NAACK goes to the oCoA (§3.1.8, §5.4.4) [I-18]',
      );
    } else if (byN && byN.lla === lla) {
      this.learn(lla, m.newCoA);
      if (h) this.arrive(h, 'F-NA: nCoA mapping found, REACHABLE (§3.1.8, §7)');
      else this.net.fwd.nc(this.name, m.newCoA, lla, 'REACHABLE');
      // §5.4.4: "If the nCoA is valid, the RA MUST use the nCoA as the destination address".
      this.raNaack(
        lla,
        m.newCoA,
        0,
        'F-NA: the nCoA mapping is known, so the RA with NAACK 0 goes to the nCoA (§3.1.8, §5.4.4) [I-18]',
      );
    } else {
      // §3.1.8: "If there is no mapping available for either address, the nAR MUST send a RA to the MN
      // using the oCoA as the destination address" with NAACK 128 (LLA unrecognized, §5.4.4).
      this.raNaack(
        lla,
        m.oldCoA,
        128,
        'F-NA: no mapping for either address: RA with NAACK 128 to the oCoA (§3.1.8, §5.4.4) [I-18]',
      );
    }
  }

  /** §3.1.8 / §5.4.4: the RA with a NAACK option (status `code`) answering an F-NA, to `dst` on the MN's link. */
  private raNaack(lla: string, dst: string, code: number, why: string): void {
    this.net.sendOnLink(this.name, lla, ra(this.linkLocal, dst, this.spec.lla, this.spec.prefix, code), why);
  }

  /** §3.1.1/§7: a standard NA from an MN that already has its F-BACK: REACHABLE, deliver. */
  private onNA(m: Extract<Message, { kind: 'NA' }>, fromLla: string | undefined): void {
    const lla = optLla(m, 'TLLA') ?? fromLla ?? '';
    const h = this.ho.get(lla);
    const e = this.net.fwd.ncLookup(this.name, m.target);
    if (e && e.lla === lla) {
      this.learn(lla, m.target);
      if (h) this.arrive(h, 'NA: REACHABLE (§3.1.1, §7)');
      else this.net.fwd.nc(this.name, m.target, lla, 'REACHABLE');
    } else if (prefix64(m.target) === prefix64(this.address)) {
      this.learn(lla, m.target);
      this.net.fwd.nc(this.name, m.target, lla, 'REACHABLE');
    }
  }

  /** RFC 2461 §6.2.6: answer a solicitation with an RA (after a random delay). */
  private onRS(fromLla: string | undefined): void {
    if (!fromLla) return;
    const delay = this.T.rsReplyMaxUs > 0 ? this.net.rng.int(0, this.T.rsReplyMaxUs) : 0;
    const send = () =>
      this.net.sendOnLink(
        this.name,
        fromLla,
        ra(this.linkLocal, ALL_NODES, this.spec.lla, this.spec.prefix),
        'a Router Solicitation is answered with an RA (RFC 2461 §6.2.6)',
      );
    if (delay === 0) send();
    else this.net.timer(this.name, 'RS-reply', delay, send);
  }

  /** DAD (RFC 2462): defend addresses in use on the link (the "occupied" ones stand for other hosts). */
  private onNS(m: Extract<Message, { kind: 'NS' }>, fromLla: string | undefined): void {
    if (m.src !== '::' || !fromLla) return;
    const e = this.net.fwd.ncLookup(this.name, m.target);
    if (this.spec.caps.occupied.includes(m.target) || (e && e.lla !== fromLla)) {
      this.net.sendOnLink(
        this.name,
        fromLla,
        {
          kind: 'NA',
          src: m.target,
          dst: ALL_NODES,
          hopLimit: 255,
          flags: { R: false, S: false, O: true },
          target: m.target,
          options: [{ type: 'TLLA', lla: '02:00:5e:00:00:01' }],
        },
        'DAD: the address is in use on this link and is defended (RFC 2462 §5.4)',
      );
    }
  }
}
