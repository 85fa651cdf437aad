// The mobile node role: standard Mobile IPv6 and the anticipated fast handover of §3.1.
// All of the MN's transitions live here; `phase` is a discriminated union and every transition
// cites the draft (or [MIPv6] / RFC 2461–2462 for the standard parts).
import type { Message } from '../wire/types.ts';
import type { MnConfig } from './config.ts';
import { joinPrefixIid, prefix64 } from '../wire/addr.ts';
import type { TimerId } from '../sim/kernel.ts';
import type { Net } from './net.ts';
import { ALL_NODES, bu, fbu, fna, na, nsDad, optAddress, optLla, optNaack, optPrefix, rs, rtSolPr } from './build.ts';
import { capabilitySol, hoCapsOf, mnAfterNotice, outcome, HOCAPS_TUNNEL, type Mechanism } from './caps.ts';

export interface Target {
  cell: string;
  router: string;
  lla: string;
}

export type MnPhase =
  | { p: 'attached' }
  | { p: 'soliciting'; target: Target; id: number; tries: number; timer: TimerId }
  | { p: 'prepared'; target: Target }
  | { p: 'moving' }
  | { p: 'announcing'; timer: TimerId; tries: number }
  | { p: 'detecting' }
  | { p: 'dad'; addr: string; timer: TimerId }
  | { p: 'binding'; coa: string }
  | { p: 'detached' };

/** What the MN learned for the fast handover under way (§3.1). */
interface Prep {
  nar: string;
  narLla: string;
  nCoA: string;
  /** Address being re-bound by the F-BU (the oCoA / aCoA) and the router it is sent to (oAR or aAR). */
  oCoA: string;
  fbuTo: string;
  fbuSeq: number;
  fbuSent: boolean;
  fbuTries: number;
  /** F-BACK status received, if any. */
  fback?: number;
}

export class MobileNode {
  readonly name: string;
  phase: MnPhase = { p: 'detached' };
  /** Router whose link we are on ('' when detached). */
  ar = '';
  /** The address used as source now (CoA); the nCoA only once confirmed (§3.1.3). */
  coa = '';
  readonly home: string;
  readonly lla: string;
  private prep: Prep | undefined;
  private fbuSeq = 0;
  private buSeq = 0;
  private rtId = 0;
  /** §6.1.2: after ping-pong the MN reverts to standard MIPv6. */
  private fastOff = false;
  /** The last fast handover's oAR and oCoA, until its BU to the HA is acknowledged (§6.1.2). */
  private lastHo: { oar: string; oCoA: string } | undefined;
  private lost = new Map<string, number>();
  /** Any fault injected at all (`loses` is asked for every packet delivered: no map lookup when none). */
  private readonly faulty: boolean;
  /** BETH §3.5.2: the aAR and aCoA whose BET the MN tears down once its nCoA is bound. */
  private bethTeardown: { address: string; coa: string; ha?: boolean; cn?: boolean } | undefined;
  /** Addresses the MN has confirmed for use as a source (for the model-based tests). */
  readonly confirmed = new Set<string>();

  constructor(
    private readonly net: Net,
    readonly spec: MnConfig,
  ) {
    this.name = spec.name;
    this.home = spec.home;
    this.lla = spec.lla;
    this.rtId = net.rng.int(0, 0xffff);
    this.fbuSeq = net.rng.int(0, 0x7fff);
    for (const l of spec.loseFirst) this.lost.set(l.msg, l.count);
    this.faulty = this.lost.size > 0;
  }

  loses(kind: string): boolean {
    if (!this.faulty) return false;
    const n = this.lost.get(kind) ?? 0;
    if (n <= 0) return false;
    this.lost.set(kind, n - 1);
    return true;
  }

  get fast(): boolean {
    return (this.spec.mode === 'fast' || (this.spec.mode === 'beth' && this.mech === 'anticipated')) && !this.fastOff;
  }

  /** §4: a BETH-capable MN's mechanism with its current AR (from the capability exchange or a boundary notice). */
  mech: Mechanism = 'beth';
  private capsId = 0;
  private capsTimer: TimerId = 0;
  /** The router the capability exchange under way is with. */
  private capsAr = '';
  /**
   * What each AR answered in the §4.1 exchange with it (its Handover Capabilities code; undefined:
   * no answer, §4.2). The MN knows an AR's capabilities only from this — and from a boundary notice
   * (§4.3), which changes `mech` — never from the routers' configuration.
   */
  private readonly arCodes = new Map<string, number | undefined>();

  /**
   * Does this router do tunnel-based handover, as far as the MN knows? Its §4.1 answer said so
   * (code 2). A router it never exchanged with: `unknown`.
   */
  private bethAt(router: string, unknown: boolean): boolean {
    return this.arCodes.has(router) ? this.arCodes.get(router) === HOCAPS_TUNNEL : unknown;
  }

  private setMech(m: Mechanism, why: string): void {
    if (m === this.mech) return;
    this.net.state(this.name, 'MN-mechanism', this.mech, m, why);
    this.mech = m;
  }

  /** §4.1 step 1: RtSolPr to the current AR naming the AR's own LLA, with our Handover Capabilities. */
  private exchangeCaps(): void {
    const r = this.router(this.ar);
    const id = (this.capsId = (this.capsId + 1) & 0xffff) || 1;
    this.capsAr = this.ar;
    this.net.send(
      this.name,
      capabilitySol(this.coa, r.address, id, this.lla, r.lla, HOCAPS_TUNNEL),
      'after attaching, the MN asks its AR which handover mechanisms it supports (§4.1 step 1)',
    );
    this.net.cancel(this.name, 'caps-wait', this.capsTimer);
    this.capsTimer = this.net.timer(this.name, 'caps-wait', Math.max(2 * this.spec.timers.accessRttUs, 100_000), () => {
      // §4.2: "If the MN does not receive a reply to a RtSolPr, it MUST discontinue performing fast handover".
      this.arCodes.set(this.capsAr, undefined);
      this.setMech('mipv6', 'capability RtSolPr unanswered: standard Mobile IPv6 (§4.2)');
    });
  }

  /** A PrRtAdv with the Handover Capabilities extension: the reply of §4.1 or a boundary notice of §4.3. */
  private onCapabilities(m: Extract<Message, { kind: 'PrRtAdv' }>, code: number): void {
    if (m.identifier !== 0 && m.identifier === this.capsId) {
      this.net.cancel(this.name, 'caps-wait', this.capsTimer);
      this.arCodes.set(this.capsAr, code);
      // §4.1: the three outcomes. The exchange asks for no handover: no F-BU follows ("MUST NOT issue a F-BU").
      this.setMech(outcome('beth', code), `capability exchange: AR code ${code} (§4.1)`);
      return;
    }
    // §4.3.1 / §4.3.2: the boundary AR announces the next area's capability.
    this.setMech(mnAfterNotice(this.mech, 'beth', code, false), `boundary notice: next AR code ${code} (§4.3)`);
  }

  private go(next: MnPhase, why: string): void {
    this.net.state(this.name, 'MN', this.phase.p, next.p, why);
    this.phase = next;
  }

  private router(name: string) {
    return this.net.routerByName(name)!;
  }

  /** The CoA's own router: the oAR, or the anchor AR after a handover that kept the oCoA (§3.1.7). */
  private anchor(): { name: string; address: string; lla: string; prefix: string } | undefined {
    return this.net.routerOfPrefix(this.coa);
  }

  /** The scenario starts with the MN registered at `ar` (binding already in place). */
  start(ar: string, arCode?: number | null): void {
    this.ar = ar;
    this.coa = joinPrefixIid(this.router(ar).prefix, this.spec.iid);
    this.confirmed.add(this.coa);
    this.net.own(this.name, this.coa);
    this.net.own(this.name, this.home);
    this.go({ p: 'attached' }, 'initial attachment, binding in place');
    if (this.spec.mode !== 'beth') return;
    // `arCode` given: the run begins after the §4.1 exchange (scenario `capabilitiesKnown`), whose
    // outcome the MN already holds; null: the AR would not have answered (§4.2).
    if (arCode !== undefined) {
      this.arCodes.set(ar, arCode ?? undefined);
      this.setMech(
        outcome('beth', arCode ?? undefined),
        `capability exchange before the run: AR code ${arCode ?? 'none'} (§4.1)`,
      );
    } else this.exchangeCaps();
  }

  // ---------------------------------------------------------------- layer-2 inputs

  /** Predictive information at the MN (mobile-initiated, §3.1.6). */
  onPredict(t: Target): void {
    if (!this.fast || this.spec.initiation !== 'mobile') return;
    if (t.router === this.ar && t.cell === this.ar) return;
    if (this.phase.p !== 'attached' && this.phase.p !== 'dad' && this.phase.p !== 'binding') return;
    const r = this.router(this.ar);
    const id = (this.rtId = (this.rtId + 1) & 0xffff);
    // §3.1.6: "The MN MUST send a RtSolPr message to the oAR", naming the new attachment point's LLA.
    this.net.send(
      this.name,
      rtSolPr(this.coa, r.address, id, this.lla, t.lla),
      `${this.spec.interfaces === 2 ? 'the second interface detected an AR' : 'the MN has predictive information'}: RtSolPr naming the new attachment point (§3.1.6, §5.1.1)`,
    );
    this.go(
      { p: 'soliciting', target: t, id, tries: 0, timer: this.armRtSolPr(t, id, 0) },
      this.spec.interfaces === 2
        ? 'AR detected on the second interface: RtSolPr on the active one, naming it (§3.5.2, §3.1.6)'
        : 'predictive information: RtSolPr sent (§3.1.6)',
    );
  }

  private armRtSolPr(t: Target, id: number, tries: number): TimerId {
    // §5.1.1: wait no less than 2 × RTT over the access link, or 100 ms if unknown.
    const wait = Math.max(2 * this.spec.timers.accessRttUs, 100_000);
    return this.net.timer(this.name, 'RtSolPr-retry', wait, () => {
      if (this.phase.p !== 'soliciting' || this.phase.id !== id) return;
      if (tries < this.spec.timers.rtSolPrResends) {
        // §5.1.1: "it SHOULD resend it once or at most twice (after the same waiting time)".
        this.net.send(
          this.name,
          rtSolPr(this.coa, this.router(this.ar).address, id, this.lla, t.lla),
          'no PrRtAdv within 2 × RTT: the RtSolPr is resent (§5.1.1)',
        );
        this.go(
          { p: 'soliciting', target: t, id, tries: tries + 1, timer: this.armRtSolPr(t, id, tries + 1) },
          `RtSolPr resent (${tries + 1}, §5.1.1)`,
        );
      } else {
        // §4.2: no reply to a RtSolPr — revert to standard Mobile IPv6 for this handover.
        this.go({ p: 'attached' }, 'no PrRtAdv after the resends: standard MIPv6 (§4.2, §5.1.1)');
        this.net.mark(this.name, 'fallback', 'RtSolPr unanswered');
      }
    });
  }

  /** L2-LD at the MN. */
  onLinkDown(): void {
    const ph = this.phase;
    if (ph.p === 'soliciting') {
      this.net.cancel(this.name, 'RtSolPr-retry', ph.timer);
      // §5.1.1: "If the PrRtAdv is not received by the time the MN disconnects from oAR, Fast Handover can not be performed".
      this.prep = undefined;
      this.net.mark(this.name, 'fallback', 'disconnected before the PrRtAdv');
    }
    if (ph.p === 'prepared' && this.prep && !this.prep.fbuSent && !this.spec.fbuAfterMove) this.prep = undefined;
    if (ph.p === 'dad') this.net.cancel(this.name, 'DAD', ph.timer);
    if (ph.p === 'announcing') this.net.cancel(this.name, 'F-BACK-wait', ph.timer);
    this.ar = '';
    this.go({ p: 'moving' }, 'L2-LD: link down');
  }

  /** L2-LU at the MN on a router's link (§3.1.1: "The MN MUST receive a Layer 2 trigger when it attaches to the nAR"). */
  onLinkUp(cell: Target): void {
    this.ar = cell.router;
    if (this.spec.mode === 'beth' && this.mech === 'beth') return this.bethArrive(cell);
    if (this.spec.mode === 'beth') {
      // Out of the BETH area with the aCoA: once the new CoA is bound, tear the BET down (§3.5.2).
      const a = this.anchor();
      if (a && a.name !== cell.router && this.bethAt(a.name, false))
        this.bethTeardown ??= { address: a.address, coa: this.coa };
      // §4.3.1: into a standard-only area, "issue an IPv6 Solicitation for Router Advertisement as soon as it gets the L2-LU".
      if (this.mech === 'mipv6' && !this.prep) return this.obtainNcoa('standard-only area: RS at L2-LU (§4.3.1)');
    }
    const p = this.prep;
    const anchor = this.anchor();
    if (p && p.fback !== undefined && p.fback >= 128) {
      // F-BACK rejected the fast handover: standard MIPv6 at the new router.
      this.prep = undefined;
      this.net.mark(this.name, 'fallback', `F-BACK status ${p.fback}`);
    }
    const back = this.lastHo;
    if (
      back &&
      cell.router === back.oar &&
      (this.phase.p === 'binding' || this.phase.p === 'announcing' || this.phase.p === 'moving')
    ) {
      // §6.1.2: "A MN returning to the oAR before updating the necessary bindings in the nAR MUST send a
      // Binding Update with Home Address equal to the MN's oCoA and a lifetime of zero, to the oAR."
      const o = this.router(back.oar);
      this.net.send(
        this.name,
        bu(back.oCoA, o.address, back.oCoA, back.oCoA, (this.buSeq = (this.buSeq + 1) & 0xffff), 0, false),
        'back on the oAR before the bindings were updated: BU, Home Address = oCoA, lifetime 0, to the oAR (§6.1.2)',
      );
      this.fastOff = true; // "SHOULD NOT make any attempt to use any of the fast handover mechanisms"
      this.prep = undefined;
      this.lastHo = undefined;
      this.net.mark(this.name, 'pingpong');
      if (this.phase.p === 'announcing') this.net.cancel(this.name, 'F-BACK-wait', this.phase.timer);
      const old = this.coa;
      this.coa = back.oCoA;
      this.confirmed.add(back.oCoA);
      this.net.own(this.name, back.oCoA);
      if (old !== back.oCoA) this.net.disown(this.name, old);
      this.sendBUs('ping-pong: back on the oAR with the oCoA, BU lifetime 0 to the oAR (§6.1.2)');
      return;
    }
    if (anchor && cell.router === anchor.name) {
      if (p && p.fbuSent) {
        // §6.1.2: back on the oAR before updating the bindings: BU, Home Address = oCoA, lifetime 0, to the oAR.
        this.net.send(
          this.name,
          bu(this.coa, anchor.address, this.coa, this.coa, ++this.buSeq & 0xffff, 0, false),
          'back on the oAR before the bindings were updated: BU, Home Address = oCoA, lifetime 0, to the oAR (§6.1.2)',
        );
        this.fastOff = true;
        this.net.mark(this.name, 'pingpong');
      }
      this.prep = undefined;
      this.go({ p: 'attached' }, p ? 'back on the oAR: ping-pong (§6.1.2)' : "back on the CoA's own router");
      this.net.send(
        this.name,
        na(this.coa, ALL_NODES, this.coa, this.lla, false),
        "back on the CoA's own router: a standard NA announces it (RFC 2461 §7.2.6, §6.1.2)",
      );
      return;
    }
    if (this.prep && this.fast && cell.router === this.prep.nar) {
      const q = this.prep;
      this.lastHo = { oar: q.fbuTo, oCoA: q.oCoA };
      if (!q.fbuSent) this.sendFbu(q, 'the F-BU could not go from the old link: it is sent from the new one (§3.1.3)'); // §3.1.3: "If this is not possible, the F-BU MUST be sent after the MN connects to the nAR."
      if (q.fback === 0) {
        // §3.1.1: "it MUST either send a standard NA if it has already received the F-B[ACK]".
        this.net.send(
          this.name,
          na(q.nCoA, ALL_NODES, q.nCoA, this.lla, false),
          'the MN sent a standard NA, not an F-NA, because it already had the F-BACK (§3.1.1) [I-31]',
        );
        this.confirm(q.nCoA, 'F-BACK received before the move (§3.1.3)');
        return;
      }
      // §3.1.1/§5.1.3: "or a F-NA if it has not" — with both CoAs and the LLA.
      this.net.send(
        this.name,
        fna(this.coa, ALL_NODES, q.nCoA, q.oCoA, this.lla),
        'on the nAR without the F-BACK: the F-NA announces the MN with both CoAs (§3.1.1, §5.1.3) [I-31]',
      );
      const timer = this.armFbackWait(q, 0);
      this.go({ p: 'announcing', timer, tries: 0 }, 'on the nAR: F-NA sent (§3.1.8)');
      return;
    }
    if (this.prep && cell.router !== this.prep.nar) {
      // §6.1.2 erroneous movement: on the wrong AR — a BU to the oAR supersedes the binding; standard MIPv6 here.
      const o = this.net.routerByName(this.prep.fbuTo);
      if (o && this.prep.fbuSent)
        this.net.send(
          this.name,
          bu(this.coa, o.address, this.prep.oCoA, this.prep.oCoA, ++this.buSeq & 0xffff, 0, false),
          "on the wrong AR: a BU to the oAR (Home Address = oCoA, lifetime 0) supersedes the F-BU's binding (§6.1.2)",
        );
      this.prep = undefined;
      this.net.mark(this.name, 'wrong-ar', cell.router);
    }
    this.detect();
  }

  /** BETH at L2-LU (§3.3 step 4c): keep the CoA, send nothing at layer 3; maybe decide to get a nCoA (§3.5.2). */
  private bethArrive(cell: Target): void {
    const anchor = this.anchor();
    // `mech` is 'beth': no boundary notice said the area ends here (§4.3), so unless this AR once
    // answered the MN's exchange without code 2, the MN takes it to do BETH like the last one.
    if (anchor && anchor.name !== cell.router && !this.bethAt(cell.router, true)) {
      // §4.3.1: out of the BETH area — "SHOULD issue an IPv6 Solicitation for Router Advertisement as
      // soon as it gets the L2-LU trigger"; the BET to the old area is torn down once the nCoA is bound.
      return this.obtainNcoa('L2-LU on a router without BETH: standard MIPv6 (§4.3.1)');
    }
    this.go(
      { p: 'attached' },
      anchor && anchor.name === cell.router
        ? "BETH: back on the CoA's own router"
        : 'BETH: L2-LU, CoA kept, no layer-3 signalling (§3.2, §3.3 step 4c)',
    );
    const after = this.spec.obtainNcoaAfterUs;
    if (after !== null && anchor && anchor.name !== cell.router) {
      this.net.timer(this.name, 'obtain-nCoA', after, () => {
        if (this.ar === cell.router && this.phase.p === 'attached')
          this.obtainNcoa('MN decision: time to obtain a nCoA (§3.5.2)');
      });
    }
  }

  /** §3.5.2: "The MN MUST send a Solicitation for Router Advertisement to the current AR", then [MIPv6]. */
  private obtainNcoa(why: string): void {
    const a = this.anchor();
    if (a && a.name !== this.ar && this.bethAt(a.name, false))
      this.bethTeardown ??= { address: a.address, coa: this.coa };
    this.net.send(this.name, rs(this.coa, this.lla), `${why}: Router Solicitation to the current AR (§3.5.2, §4.3.1)`);
    this.go({ p: 'detecting' }, `${why}: RS sent`);
  }

  /** Standard MIPv6 movement detection: wait for an RA, or solicit one ([MIPv6], §4.3.1). */
  private detect(): void {
    this.go(
      { p: 'detecting' },
      this.spec.timers.movementDetection === 'rs'
        ? 'movement detection: RS sent'
        : 'movement detection: waiting for an RA',
    );
    if (this.spec.timers.movementDetection === 'rs')
      this.net.send(
        this.name,
        rs(this.coa, this.lla),
        'movement detection: a Router Solicitation for an RA from the new router ([MIPv6], RFC 2461 §6.3.7)',
      );
  }

  private armFbackWait(q: Prep, tries: number): TimerId {
    return this.net.timer(this.name, 'F-BACK-wait', this.spec.timers.fbackWaitUs, () => {
      if (this.phase.p !== 'announcing' || this.prep !== q) return;
      if (tries < this.spec.timers.fbuResends) {
        // §3.1.8/§3.1.9/§6.1.1: no F-BACK — the MN MUST retransmit the F-BU (source: the unconfirmed nCoA).
        // The source stays the oCoA: §3.1.3's MUST NOT outranks §6.1.1's SHOULD (docs/draft-inconsistencies.md).
        this.sendFbu(q, 'no F-BACK within the wait: the F-BU is resent, from the oCoA (§3.1.8, §6.1.1) [I-15]');
        this.go(
          { p: 'announcing', timer: this.armFbackWait(q, tries + 1), tries: tries + 1 },
          `F-BU resent (${tries + 1}, §3.1.8)`,
        );
      } else {
        // §3.1.5: nCoA establishment failed — obtain one the standard way.
        this.prep = undefined;
        this.net.mark(this.name, 'fallback', 'no F-BACK after the resends');
        this.detect();
      }
    });
  }

  private sendFbu(q: Prep, why: string, src = this.coa): void {
    const to = this.router(q.fbuTo);
    q.fbuSeq = this.fbuSeq = (this.fbuSeq + 1) & 0xffff; // §5.3.1: each F-BU uses a greater sequence number
    q.fbuSent = true;
    this.net.send(
      this.name,
      fbu(src, to.address, q.oCoA, q.nCoA, q.fbuSeq, this.spec.timers.tunnelLifetimeS),
      `${why}`,
    );
  }

  // ---------------------------------------------------------------- messages

  onMessage(m: Message): void {
    switch (m.kind) {
      case 'PrRtAdv':
        if (this.spec.mode === 'beth' && hoCapsOf(m) !== undefined) return this.onCapabilities(m, hoCapsOf(m)!);
        return this.onPrRtAdv(m);
      case 'F-BACK':
        return this.onFback(m);
      case 'RA':
        return this.onRA(m);
      case 'BACK':
        return this.onBACK(m);
      case 'NA':
        return this.onNA(m);
      default:
        return;
    }
  }

  /** §5.1.2. */
  private onPrRtAdv(m: Extract<Message, { kind: 'PrRtAdv' }>): void {
    const ph = this.phase;
    if (ph.p === 'soliciting') {
      if (m.identifier !== ph.id) return; // §5.1.1: the Identifier matches replies to the solicitation
      this.net.cancel(this.name, 'RtSolPr-retry', ph.timer);
    } else if (!(ph.p === 'attached' || ph.p === 'dad' || ph.p === 'binding') || !this.fast) return;
    if (m.code === 1) {
      // §5.1.2 code 1: the new attachment point is under the same router: no CoA change.
      this.net.mark(this.name, 'same-ar');
      this.go({ p: 'attached' }, 'PrRtAdv code 1: same router, no CoA change (§5.1.2)');
      return;
    }
    if (m.code === 2) {
      // §5.1.2 code 2: "The MN MUST give up its attempt to perform fast handover"; normal MIPv6 instead.
      this.prep = undefined;
      this.net.mark(this.name, 'fallback', 'PrRtAdv code 2');
      this.go({ p: 'attached' }, 'PrRtAdv code 2: fast handover abandoned, standard MIPv6 (§5.1.2)');
      return;
    }
    const narLla = optLla(m, 'LLA', 3);
    const prefix = optPrefix(m);
    // The nAR is the router the PrRtAdv names by its LLA and prefix (§5.1.2); the world's registry
    // only gives it its name (the MN compares it with the router of the L2-LU's cell).
    const nar = prefix ? this.net.routerOfPrefix(prefix) : undefined;
    if (!nar || !prefix || nar.lla !== narLla) return;
    // §5.1.2: use the New CoA option if present, else the prefix with the Interface ID.
    const nCoA = optAddress(m, 2) ?? joinPrefixIid(`${prefix}/64`, this.spec.iid);
    const anchor = this.anchor();
    if (!anchor) return;
    const target: Target = ph.p === 'soliciting' ? ph.target : { cell: nar.name, router: nar.name, lla: nar.lla };
    // F-BU to the oAR, or to the anchor AR when the MN still uses the aCoA (§3.1.7, Figure 4).
    this.prep = {
      nar: nar.name,
      narLla: nar.lla,
      nCoA,
      oCoA: this.coa,
      fbuTo: anchor.name,
      fbuSeq: 0,
      fbuSent: false,
      fbuTries: 0,
    };
    if (ph.p === 'dad') this.net.cancel(this.name, 'DAD', ph.timer);
    this.go({ p: 'prepared', target }, `PrRtAdv code 0: nCoA ${nCoA} (§3.1.3)`);
    // §3.1.3: "If permitted by Layer 2 conditions at the time of handover, the F-BU SHOULD be sent to the oAR
    // while the MN is still connected to the oAR" — "as the last message before the Layer 2 handover" (§3.1.1).
    if (this.spec.interfaces === 2) {
      // §3.5.2: "Upon receipt of the PrRtAdv, the MN proceeds to configure its IP stack so that its home
      // address is on the new interface, then it does F-BU and F-NA" — both from the new interface
      // (onLinkUp), the first one still up: no layer-2 break.
      this.net.secondInterfaceUp(this.name, target);
      return;
    }
    if (!this.spec.fbuAfterMove)
      this.sendFbu(
        this.prep,
        'PrRtAdv received: the F-BU goes from the old link, the last message before the layer-2 handover (§3.1.1, §3.1.3)',
      );
    const q = this.prep;
    const wait = 2 * this.spec.radio.leadUs + this.spec.radio.l2HandoverUs + 100_000;
    this.net.timer(this.name, 'move-deadline', wait, () => {
      if (this.prep !== q || this.phase.p !== 'prepared' || this.ar !== anchor.name) return;
      // §6.1.2 erroneous movement: the predicted move did not happen; a BU to the oAR supersedes the binding
      // (Home Address = oCoA, lifetime 0) so it stops forwarding. Nothing is recovered from the nAR.
      if (q.fbuSent)
        this.net.send(
          this.name,
          bu(this.coa, anchor.address, q.oCoA, q.oCoA, (this.buSeq = (this.buSeq + 1) & 0xffff), 0, false),
          "the predicted movement did not happen: a BU to the oAR (Home Address = oCoA, lifetime 0) cancels the F-BU's binding (§6.1.2)",
        );
      this.prep = undefined;
      this.net.mark(this.name, 'wrong-ar', 'movement aborted');
      this.go({ p: 'attached' }, 'predicted movement did not happen: binding cancelled (§6.1.2)');
    });
  }

  /** §5.3.2 / §6.1.1. */
  private onFback(m: Extract<Message, { kind: 'F-BACK' }>): void {
    const q = this.prep;
    if (!q || m.sequence !== q.fbuSeq) {
      if (q && q.fbuSent) return;
      return;
    }
    const first = q.fback === undefined;
    q.fback = m.status;
    if (!first) return; // the copy on the other path (old link / tunnel)
    const ph = this.phase;
    if (ph.p === 'announcing') {
      this.net.cancel(this.name, 'F-BACK-wait', ph.timer);
      this.afterConfirmation(m.status, 'F-BACK');
    }
    // On the old link: remembered; acted on at L2-LU (§3.1.1).
  }

  /** Status from an F-BACK or a NAACK decides which address the MN uses on the nAR. */
  private afterConfirmation(status: number, via: string): void {
    const q = this.prep!;
    if (status === 0) {
      // §3.1.1: no response to the F-BU — "It MUST also re-send the F-BU in order to start the forwarding of packets from oAR."
      if (via === 'NAACK' && q.fback === undefined)
        this.sendFbu(
          q,
          'NAACK 0 but no F-BACK yet: the F-BU is sent again to start the forwarding from the oAR (§3.1.1)',
        );
      this.confirm(q.nCoA, `${via} status 0: nCoA confirmed (§3.1.3, §5.4.4)`);
    } else if (status === 1 || (via === 'F-BACK' && status < 128)) {
      // §6.1.1 / §5.4.4 status 1: keep the oCoA (reverse tunnel, §3.1.5) and obtain a nCoA at the nAR.
      this.prep = undefined;
      this.net.mark(this.name, 'fallback', `${via} status ${status}: oCoA kept`);
      this.startDad(this.freshNCoA(), `${via} status ${status}: oCoA kept, DAD for a new nCoA (§6.1.1)`);
    } else {
      // §5.4.4 NAACK 128: "MUST NOT use the nCoA or the oCoA and SHOULD start immediately the process of acquiring a nCoA".
      this.prep = undefined;
      this.net.mark(this.name, 'fallback', `${via} status ${status}`);
      this.startDad(
        joinPrefixIid(this.router(this.ar).prefix, this.spec.iid),
        `${via} status ${status}: acquire a nCoA (§5.4.4)`,
      );
    }
  }

  private freshNCoA(): string {
    const r = this.router(this.ar);
    return joinPrefixIid(
      r.prefix,
      `::${this.net.rng.int(0x100, 0xfffe).toString(16)}:${this.net.rng.int(1, 0xfffe).toString(16)}`,
    );
  }

  /** The nCoA is confirmed: use it as source, complete with a BU to the HA (§3.1.8). */
  private confirm(nCoA: string, why: string): void {
    this.prep = undefined;
    this.confirmed.add(nCoA);
    this.net.own(this.name, nCoA);
    const old = this.coa;
    this.coa = nCoA;
    this.net.mark(this.name, 'confirmed');
    this.sendBUs(why);
    if (old !== nCoA) this.net.disown(this.name, old);
  }

  private sendBUs(why: string): void {
    const sc = this.spec;
    this.buSeq = (this.buSeq + 1) & 0xffff;
    // §3.1.8: "To complete the process of establishing the nCoA on the nAR, the MN MUST send a BU to its HA."
    this.net.send(
      this.name,
      bu(this.coa, sc.haAddress, this.home, this.coa, this.buSeq, sc.timers.bindingLifetimeS, true),
      `${why}: the BU to the HA completes the nCoA (§3.1.8, [MIPv6])`,
    );
    if (sc.bindCn)
      this.net.send(
        this.name,
        bu(this.coa, sc.cnAddress, this.home, this.coa, this.buSeq, sc.timers.bindingLifetimeS, false),
        `${why}: the BU to the CN keeps route optimisation ([MIPv6])`,
      );
    this.go({ p: 'binding', coa: this.coa }, why);
  }

  /** RFC 2462 DAD before using a self-made CoA. */
  private startDad(addr: string, why: string): void {
    this.net.send(this.name, nsDad(addr), `${why}: DAD for the address before using it (RFC 2462 §5.4)`);
    const timer = this.net.timer(this.name, 'DAD', this.spec.timers.dadUs, () => {
      if (this.phase.p !== 'dad' || this.phase.addr !== addr) return;
      this.confirmed.add(addr);
      this.net.own(this.name, addr);
      const old = this.coa;
      this.coa = addr;
      if (old !== addr && prefix64(old) === prefix64(addr)) this.net.disown(this.name, old);
      this.sendBUs('DAD done: BU to the HA and CN ([MIPv6])');
    });
    this.go({ p: 'dad', addr, timer }, why);
  }

  /** An NA for the address under DAD: a duplicate; try another interface identifier. */
  private onNA(m: Extract<Message, { kind: 'NA' }>): void {
    const ph = this.phase;
    if (ph.p === 'dad' && m.target === ph.addr) {
      this.net.cancel(this.name, 'DAD', ph.timer);
      this.startDad(this.freshNCoA(), 'DAD: address in use, another one (RFC 2462)');
    }
  }

  private onRA(m: Extract<Message, { kind: 'RA' }>): void {
    const ph = this.phase;
    const naack = optNaack(m);
    if (naack !== undefined) {
      if (ph.p !== 'announcing' || !this.prep) return;
      this.net.cancel(this.name, 'F-BACK-wait', ph.timer);
      // §3.1.8/§5.4.4: the nAR's RA with NAACK answers the F-NA.
      this.afterConfirmation(naack, 'NAACK');
      return;
    }
    // §3.5.1: the current AR's RA to our (a)CoA: the BET is ending, "start the process of nCoA establishment".
    if (this.spec.mode === 'beth' && ph.p === 'attached' && m.dst === this.coa)
      return this.obtainNcoa('the current AR says the BET ends (§3.5.1)');
    if (ph.p !== 'detecting') return;
    const prefix = optPrefix(m);
    if (!prefix) return;
    if (prefix64(prefix) === prefix64(this.coa)) {
      this.go({ p: 'attached' }, 'RA: same prefix, no movement');
      return;
    }
    // [MIPv6] movement detected: a new prefix; form the nCoA (RFC 2462) and run DAD.
    this.startDad(joinPrefixIid(`${prefix}/64`, this.spec.iid), 'RA with a new prefix: movement detected');
  }

  private onBACK(m: Extract<Message, { kind: 'BACK' }>): void {
    const ph = this.phase;
    this.bethBackFrom(m);
    if (ph.p !== 'binding' || m.src !== this.spec.haAddress) return;
    if (m.status >= 128) return;
    this.lastHo = undefined;
    this.go({ p: 'attached' }, 'BACK from the HA: handover complete ([MIPv6], §3.1.8)');
    this.net.mark(this.name, 'completed');
    // §4.1: after the CoA acquisition, the capability exchange with the (new) current AR.
    if (this.spec.mode === 'beth') this.exchangeCaps();
  }

  /**
   * §3.5.2: "When the MN has completed obtaining a nCoA, it SHOULD wait until it has received the last
   * BACK from the nodes to which it has sent a BU before sending a binding update to the aAR"; then
   * "the MN MUST send the BU, suitably authenticated, to the [aAR] to initiate tunnel tear-down".
   */
  private bethBackFrom(m: Extract<Message, { kind: 'BACK' }>): void {
    const t = this.bethTeardown;
    if (!t || m.status >= 128 || this.phase.p === 'dad' || this.phase.p === 'detecting') return;
    const sc = this.spec;
    if (m.src === sc.haAddress) t.ha = true;
    else if (m.src === sc.cnAddress) t.cn = true;
    else return;
    if (!t.ha || (sc.bindCn && !t.cn)) return;
    this.bethTeardown = undefined;
    this.buSeq = (this.buSeq + 1) & 0xffff;
    this.net.send(
      this.name,
      bu(this.coa, t.address, t.coa, this.coa, this.buSeq, 0, false),
      'all BACKs for the nCoA are in: the BU to the aAR tears the BET down (§3.5.2) [I-27]',
    );
  }

  /** The MN's machines and their states now (the engine's live state, World.live). */
  machines(): Record<string, string> {
    return { MN: this.phase.p, 'MN-mechanism': this.mech };
  }
}
