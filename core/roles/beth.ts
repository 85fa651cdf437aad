// Tunnel-based handover (BETH, §3.2–§3.5): the access router's side. One `BethRouter` per access
// router; the router role (ar.ts) delegates to it the layer-2 triggers of Table 1 and the HI /
// HACK / HTT that carry H, T or R. Per MN (keyed by its link-layer address) the router keeps:
//   - `ho`:     a handover under way, as source (the AR the MN is leaving) or target (nAR),
//   - `anchor`: the network end of a BET (the MN's CoA is ours, the MN is elsewhere: we are its aAR),
//   - `serving`: the MN is on our link with a CoA of another AR (the radio end of the BET).
// Every transition cites the draft. Pure logic over the narrow `Net` interface: no I/O of its own.
import type { HACK, HI, Message, NdOption } from '../wire/types.ts';
import type { TimerId } from '../sim/kernel.ts';
import type { Net } from './net.ts';
import type { NodeTimers } from './config.ts';
import { prefix64 } from '../wire/addr.ts';
import { optAddress, optLifetime, optLla, ra } from './build.ts';

/** Table 1: which layer-2 triggers this router gets (§3.2.1). */
export interface Triggers {
  st: boolean;
  tt: boolean;
  ld: boolean;
  lu: boolean;
}

export interface BethConfig {
  triggers: Triggers;
  /** The BET lifetime this router offers or requests, seconds (§3.3 step 2, §3.4.1). 0xffffffff = until cancelled. */
  lifetimeS: number;
  /**
   * When an aAR places the BET to the nAR (§3.4 "two timing extremes"): 0 = at the earliest, on
   * sending the HACK(t) (and it keeps tunnelling to the oAR too until the HI(r): duplicates);
   * 1 = at the latest, on the HI(r) (losses); in between, that fraction of `placementSpanUs`.
   */
  placement: number;
  placementSpanUs: number;
  /** As the serving AR: ask the aAR to renew before the BET expires (§3.4.1); off = let it expire. */
  renew: boolean;
  /** As the aAR: grant renewals (false = answer HACK(r) with lifetime 0, §3.5.1 sub-case 1). */
  grantRenewal: boolean;
  /** How long before expiry the serving AR renews and tells the MN to get a nCoA when refused (§3.5.1). */
  renewLeadUs: number;
  /**
   * As the nAR: hold the packets the BET brings before the MN's L2-LU and send them at arrival —
   * the lab's "smoothing" (§3.3: "techniques to smooth handover ... outside the scope"), the same
   * bounded buffer as the HI's U flag (§5.2.1).
   */
  buffer: boolean;
}

export const DEFAULT_BETH: BethConfig = {
  triggers: { st: true, tt: true, ld: true, lu: true },
  lifetimeS: 10,
  placement: 1,
  placementSpanUs: 20_000,
  renew: true,
  grantRenewal: true,
  renewLeadUs: 1_000_000,
  buffer: true,
};

export const INFINITE_LIFETIME = 0xffffffff;

type Bicast = (node: string, addr: string, peer: string, on: boolean) => void;
/** Optional data-plane feature: also tunnel `addr` to a second peer (the §3.4 duplicates). */
function bicast(net: Net): Bicast | undefined {
  return (net.fwd as { bicast?: Bicast }).bicast?.bind(net.fwd);
}

/** §3.4.1: "MUST be the shorter of the two lifetime values in the HI/HACK exchange" (0 = refused). */
export function negotiate(offer: number, answer: number): number {
  return Math.min(offer >>> 0, answer >>> 0);
}

/** §3.4.1: what an HI(r) means to the AR that receives it. */
export function classifyRenewal(
  lifetimeS: number,
  fromAnchor: boolean,
  remainingS: number,
): 'immediate' | 'eventual' | 'extension' {
  if (lifetimeS === 0) return 'immediate'; // "Immediate termination MUST occur when the HI contains a zero lifetime"
  if (fromAnchor && lifetimeS < remainingS) return 'eventual'; // "HI originates with aAR unsolicited ... shorter"
  return 'extension'; // "HI originates with the MN's current AR and it contains a nonzero lifetime"
}

export function lifetimeUs(s: number): number {
  return s === INFINITE_LIFETIME ? Number.MAX_SAFE_INTEGER : s * 1_000_000;
}

interface Peer {
  name: string;
  address: string;
  lla: string;
  prefix: string;
}

type Ho =
  /** Source side: HI(H) or HTT sent, waiting for the HACK (§3.3 step 2a, §3.4 step 2a). */
  | { p: 'src-wait'; peer: Peer; id: number; timer: TimerId; tries: number; coa: string; anchor: Peer | null }
  /** Source side: HACK (or HTT reply) received; the BET is placed at L2-LD, or was on the HACK (§3.3). */
  | { p: 'src-ready'; peer: Peer; coa: string; lifetimeS: number; anchor: Peer | null }
  /** Target side: HI(T) sent to the oAR, or to the aAR in a three-party handover (§3.3 step 2b, §3.4 step 3). */
  | {
      p: 'tgt-wait';
      peer: Peer;
      id: number;
      timer: TimerId;
      tries: number;
      three: boolean;
      /** Three-party: the aCoA the HTT named, already routed here for the BET (§3.4 step 3). */
      coa?: string;
    }
  /** Target side: the BET's far end agreed; waiting for L2-LU (§3.3 step 4b, §3.4 step 5a). */
  | { p: 'tgt-ready'; anchor: Peer; coa: string; lifetimeS: number; special: boolean };

interface Anchor {
  coa: string;
  /** The AR at the radio end of the BET. */
  peer: Peer;
  /** µs, absolute. */
  expires: number;
  expiry: TimerId;
  /** §3.4 placement: BET to `pending` not yet moved (three-party, before the HI(r)). */
  pending?: { peer: Peer; timer: TimerId; lifetimeS: number };
}

interface Serving {
  coa: string;
  anchor: Peer;
  expires: number;
  renew: TimerId;
  expiry: TimerId;
  renewId?: number;
}

export class BethRouter {
  private readonly ho = new Map<string, Ho>();
  readonly anchors = new Map<string, Anchor>();
  readonly serving = new Map<string, Serving>();
  private seq: number;
  /** MNs the router has told to obtain a nCoA (§3.5.1), for tests and the trace. */
  readonly toldToMove = new Set<string>();
  /** §8.2.1: L2-TT triggers not yet matched by an arrival (MN LLA → time), and mismatches found. */
  private readonly announced = new Map<string, number>();
  /** The HACK each recent HI(H) / HI(T) / HTT got, by sender and identifier: a resend gets it again. */
  private readonly answered = new Map<string, { hack: HACK; t: number }>();
  readonly mismatches: string[] = [];

  constructor(
    private readonly net: Net,
    readonly name: string,
    readonly address: string,
    readonly lla: string,
    readonly linkLocal: string,
    readonly prefix: string,
    readonly cfg: BethConfig,
    private readonly timers: Pick<NodeTimers, 'accessRttUs' | 'hiResends'>,
  ) {
    this.seq = net.rng.int(0, 0x7fff) | 0x8000; // distinct from the §3.1 HI identifiers' space in traces
  }

  private state(mn: string, machine: string, from: string, to: string, why: string): void {
    this.net.state(this.name, `BETH-${machine}:${mn}`, from, to, why);
  }
  private setHo(mn: string, next: Ho | undefined, why: string): void {
    const from = this.ho.get(mn)?.p ?? 'idle';
    if (next) this.ho.set(mn, next);
    else this.ho.delete(mn);
    this.state(mn, 'ho', from, next?.p ?? 'idle', why);
  }
  private nextId(): number {
    return (this.seq = ((this.seq + 1) & 0xffff) | 0x8000);
  }
  private retryUs(): number {
    return Math.max(2 * this.timers.accessRttUs, 100_000);
  }
  private ownsCoa(coa: string): boolean {
    return prefix64(coa) === prefix64(this.address);
  }

  /** The BETH machines and their states now (the engine's live state, World.live). */
  machines(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [lla, h] of this.ho) out[`BETH-ho:${lla}`] = h.p;
    for (const [lla, a] of this.anchors) out[`BETH-anchor:${lla}`] = `to ${a.peer.name}`;
    for (const lla of this.serving.keys()) out[`BETH-serving:${lla}`] = 'serving';
    for (const m of this.mismatches) out[`BETH-security:${m.split('→')[1]}`] = 'mismatch';
    return out;
  }

  /** Is this router doing BETH for the MN (so the §3.1 code leaves it alone)? */
  handles(mnLla: string): boolean {
    return this.ho.has(mnLla) || this.anchors.has(mnLla) || this.serving.has(mnLla);
  }
  /** Tunnel state this router holds for an MN: for the "nothing lingers" checks. */
  holds(mnLla: string): boolean {
    return this.handles(mnLla);
  }

  // ------------------------------------------------------------------ messages this router sends

  private hiMsg(
    dst: string,
    id: number,
    f: 'H' | 'T' | 'R',
    mnLla: string,
    coa: string | undefined,
    lifetimeS: number,
  ): HI {
    // §5.2.1 order: LLA of MN, [home address], old CoA, Lifetime. H: LLA + home address + oCoA + Lifetime
    // (§3.3 step 2a; the home address is our IP Address sub-type 4, docs/draft-inconsistencies.md);
    // T: LLA + Lifetime ("Neither the MN's home address nor the MN's oCoA are sent", step 2b); R: LLA + oCoA + Lifetime.
    const options: NdOption[] = [{ type: 'LLA', subType: 2, lla: mnLla }];
    if (f === 'H') options.push({ type: 'IPAddress', subType: 4, prefixLength: 64, address: this.homeOf(mnLla) });
    if (coa && f !== 'T') options.push({ type: 'IPAddress', subType: 1, prefixLength: 64, address: coa });
    options.push({ type: 'Lifetime', lifetime: lifetimeS >>> 0 });
    return {
      kind: 'HI',
      src: this.address,
      dst,
      hopLimit: 255,
      identifier: id,
      flags: { S: false, U: false, H: f === 'H', T: f === 'T', R: f === 'R' },
      options,
    };
  }
  private hackMsg(
    dst: string,
    id: number,
    f: 'H' | 'T' | 'R',
    lifetimeS: number,
    coa?: string,
    code: 0 | 128 = 0,
    mnLla?: string,
  ): HACK {
    // §5.2.2 order: Lifetime, [home address], then the oCoA (present when T or R is set). §3.3 step 3a: a
    // HACK(T) carries the MN's home address too (sub-type 4; '::' when the MN is unknown here: a refusal).
    const options: NdOption[] = [{ type: 'Lifetime', lifetime: lifetimeS >>> 0 }];
    if (f === 'T')
      options.push({ type: 'IPAddress', subType: 4, prefixLength: 64, address: mnLla ? this.homeOf(mnLla) : '::' });
    if (coa && f !== 'H') options.push({ type: 'IPAddress', subType: 1, prefixLength: 64, address: coa });
    return {
      kind: 'HACK',
      src: this.address,
      dst,
      hopLimit: 255,
      code,
      identifier: id,
      flags: { H: f === 'H', T: f === 'T', R: f === 'R' },
      options,
    };
  }
  /** §5.2.3: HTT = H and T set; aAR's address, the MN's LLA, the aAR's LLA (then Lifetime and the aCoA). */
  private httOptions(anchor: Peer, mnLla: string, lifetimeS: number, coa: string): NdOption[] {
    return [
      { type: 'IPAddress', subType: 3, prefixLength: 64, address: anchor.address },
      { type: 'LLA', subType: 2, lla: mnLla },
      { type: 'LLA', subType: 3, lla: anchor.lla },
      { type: 'Lifetime', lifetime: lifetimeS >>> 0 },
      { type: 'IPAddress', subType: 1, prefixLength: 64, address: coa },
    ];
  }

  /**
   * The MN's home address for the HI(H) / HACK(T) (§3.3 steps 2a/3a). The draft does not say how an AR
   * learns it (docs/draft-inconsistencies.md I-36); this router knows it from what it has seen: the
   * home address in an HI(H) or HACK(T) it received for the MN (§3.3 steps 2a/3a), or the Home
   * Address of the MN's BU to its home agent that came in on its access link ([MIPv6]; `learnHome`).
   * '::' for an MN it has seen neither for (e.g. the forged L2-TT of §8).
   */
  private homeOf(mnLla: string): string {
    return this.homes.get(mnLla) ?? '::';
  }
  /** MN link-layer address → home address, from what this router received (`homeOf`). */
  private readonly homes = new Map<string, string>();
  /** The MN's home address, seen in a message this router received (see `homeOf`). */
  learnHome(mnLla: string, home: string | undefined): void {
    if (mnLla && home && home !== '::') this.homes.set(mnLla, home);
  }

  private armRetry(mn: string, send: () => void, tries: number, onGiveUp: () => void, id: number): TimerId {
    return this.net.timer(this.name, 'BETH-HI-retry', this.retryUs(), () => {
      const h = this.ho.get(mn);
      if (!h || (h.p !== 'src-wait' && h.p !== 'tgt-wait') || h.id !== id) return;
      if (tries < this.timers.hiResends) {
        // §5.2.1: "the Handover Initiate SHOULD be resent up to 4 times".
        send();
        h.tries = tries + 1;
        h.timer = this.armRetry(mn, send, tries + 1, onGiveUp, id);
        return;
      }
      onGiveUp();
    });
  }

  // ------------------------------------------------------------------ layer-2 triggers (Table 1)

  /**
   * L2-ST at this router: the MN `mnLla`, attached here with CoA `coa`, is about to move to the
   * AR `peer` (§3.3 step 1a, §3.4 step 1a). Returns false when the trigger is not available.
   */
  onSourceTrigger(mnLla: string, coa: string, peer: Peer): boolean {
    if (!this.cfg.triggers.st) return false;
    const cur = this.ho.get(mnLla);
    if (cur && (cur.p === 'src-wait' || cur.p === 'src-ready') && cur.peer.name === peer.name) return true;
    const serving = this.serving.get(mnLla);
    const anchor = serving ? serving.anchor : null;
    if (!serving && !this.ownsCoa(coa) && prefix64(coa) !== prefix64(peer.address)) {
      // Nothing to hand over: the MN is here with another AR's CoA but no BET brings it here (it
      // arrived where the aAR did not predict, §6.1.2 erroneous movement). A two-party HI(H) is for
      // "a CoA associated with oAR's subnet" (§3.3) and an HTT needs the aAR a BET names (§3.4 step
      // 2a). Sent anyway, the nAR took us for the MN's aAR: it reverse-tunnelled to us, dropped the
      // aAR's BET state, and de-tunnelled the aAR's packets back to it (soak case 317). (Towards
      // the CoA's own router the HI(H) still goes: it brings the MN home, §3.4 step 6.)
      this.state(
        mnLla,
        'ho',
        'idle',
        'idle',
        `L2-ST: no BET serves the MN here and ${coa} is not ours: nothing to hand over (§3.3, §3.4 step 2a, §6.1.2)`,
      );
      return true;
    }
    const id = this.nextId();
    // What is left of our own BET (whole seconds, rounded up: a BET still up is never offered as 0).
    const lifetime = serving
      ? Math.min(this.cfg.lifetimeS, Math.max(1, Math.ceil((serving.expires - this.net.now) / 1e6)))
      : this.cfg.lifetimeS;
    let send: () => void;
    if (anchor && anchor.name !== peer.name) {
      // §3.4 step 2a: "The oAR MUST send HTT to nAR containing the IP address of aAR and two LLAs".
      send = () =>
        this.net.send(
          this.name,
          {
            kind: 'HI',
            src: this.address,
            dst: peer.address,
            hopLimit: 255,
            identifier: id,
            flags: { S: false, U: false, H: true, T: true, R: false },
            options: this.httOptions(anchor, mnLla, lifetime, coa),
          },
          "L2-ST for an MN anchored elsewhere: the HTT gives the nAR the aAR's address and both LLAs (§3.4 step 2a, §5.2.3) [I-24]",
        );
    } else {
      // §3.3 step 2a: "If oAR is sending the HI, the H bit MUST be set" (Lifetime, oCoA, the MN's LLA).
      // (Two-party also when the peer is the MN's own aAR: it recognises itself, §3.4 step 6.)
      send = () =>
        this.net.send(
          this.name,
          this.hiMsg(peer.address, id, 'H', mnLla, coa, lifetime),
          "L2-ST: the source trigger starts the BET with HI(H): lifetime, oCoA and the MN's LLA (§3.3 step 2a) [I-22]",
        );
    }
    send();
    const timer = this.armRetry(
      mnLla,
      send,
      0,
      () => this.setHo(mnLla, undefined, 'no HACK after the resends: no tunnel-based handover (§5.2.1)'),
      id,
    );
    const htt = anchor !== null && anchor.name !== peer.name;
    this.setHo(
      mnLla,
      { p: 'src-wait', peer, id, timer, tries: 0, coa, anchor },
      htt ? 'L2-ST: HTT sent (§3.4 step 2a)' : 'L2-ST: HI(H) sent (§3.3 step 2a)',
    );
    return true;
  }

  /** L2-TT at this router: the MN `mnLla` is about to arrive from the AR `peer` (§3.3 step 1b). */
  onTargetTrigger(mnLla: string, peer: Peer): boolean {
    if (!this.cfg.triggers.tt) return false;
    this.announced.set(mnLla, this.net.now);
    const cur = this.ho.get(mnLla);
    if (cur && (cur.p === 'tgt-wait' || cur.p === 'tgt-ready')) return true;
    const id = this.nextId();
    // §3.3 step 2b: "the T bit MUST BE set"; Lifetime and the MN's LLA only ("neither are known").
    const send = () =>
      this.net.send(
        this.name,
        this.hiMsg(peer.address, id, 'T', mnLla, undefined, this.cfg.lifetimeS),
        "L2-TT: the target trigger asks the oAR with HI(T): lifetime and the MN's LLA only (§3.3 step 2b)",
      );
    send();
    const timer = this.armRetry(
      mnLla,
      send,
      0,
      () => this.setHo(mnLla, undefined, 'no HACK after the resends (§5.2.1)'),
      id,
    );
    this.setHo(mnLla, { p: 'tgt-wait', peer, id, timer, tries: 0, three: false }, 'L2-TT: HI(T) sent (§3.3 step 2b)');
    return true;
  }

  /** L2-LD at this router: the MN left its link (§3.3 step 4a, §3.4 step 4). */
  onLinkDown(mnLla: string): void {
    if (!this.cfg.triggers.ld) return;
    const h = this.ho.get(mnLla);
    if (h?.p === 'src-ready') this.startTunnelling(mnLla, h, 'L2-LD');
  }

  /** L2-LU at this router: the MN's layer 2 is up here (§3.3 step 4b, §3.3 step 6, §3.4 step 5a / 6). */
  onLinkUp(mnLla: string): boolean {
    this.checkTrigger(mnLla);
    const h = this.ho.get(mnLla);
    if (h?.p === 'tgt-ready') {
      if (this.cfg.triggers.lu) this.deliver(mnLla, h, 'L2-LU');
      return true;
    }
    // §3.3 step 6: the L2 handover failed / the MN came back: cancel the BET with HI(R), lifetime 0.
    const a = this.anchors.get(mnLla);
    if (h?.p === 'src-ready' || h?.p === 'src-wait' || (a && !this.serving.has(mnLla))) {
      const peer = h && (h.p === 'src-ready' || h.p === 'src-wait') ? h.peer : a!.peer;
      const coa = h && (h.p === 'src-ready' || h.p === 'src-wait') ? h.coa : a!.coa;
      if (h?.p === 'src-wait') this.net.cancel(this.name, 'BETH-HI-retry', h.timer);
      this.net.send(
        this.name,
        this.hiMsg(peer.address, this.nextId(), 'R', mnLla, coa, 0),
        'the MN is back on the old link: HI(R) with lifetime 0 cancels the BET (§3.3 step 6)',
      );
      // The router knows the MN by its link-layer address; the world names it for the measures.
      this.net.markLla(mnLla, 'pingpong');
      if (a) this.dropAnchor(mnLla, 'ping-pong: MN back on the old link, BET cancelled (§3.3 step 6)');
      this.setHo(mnLla, undefined, 'ping-pong: HI(R) lifetime 0 sent; delivering on the old link (§3.3 step 6)');
      return true;
    }
    return this.serving.has(mnLla) || this.anchors.has(mnLla);
  }

  /**
   * §8.2.1: "the L2 trigger mechanism MUST NOT allow a third party to substitute the MN or AR L2
   * addresses"; the nAR matches the station that arrives against the one the trigger announced.
   */
  private checkTrigger(arrived: string): void {
    if (this.announced.delete(arrived)) return;
    for (const [lla, at] of this.announced) {
      if (this.net.now - at > 2_000_000) {
        this.announced.delete(lla);
        continue;
      }
      this.announced.delete(lla);
      this.mismatches.push(`${lla}→${arrived}`);
      // "If the nAR detects a mismatch, it should initiate security measures": no service on the trigger's word.
      this.state(
        arrived,
        'security',
        'trigger',
        'mismatch',
        `L2-TT named ${lla} but ${arrived} arrived: tampered layer-2 trigger (§8.2.1)`,
      );
      this.forget(lla, 'tampered trigger: handover state dropped (§8.2.1)');
      return;
    }
  }

  // ------------------------------------------------------------------ the BET's two ends

  /** Source side: place the forward tunnel and, in three-party, tell the aAR (§3.3 step 4a, §3.4 step 4b). */
  private startTunnelling(mnLla: string, h: Extract<Ho, { p: 'src-ready' }>, why: string): void {
    this.setHo(
      mnLla,
      undefined,
      h.lifetimeS === 0
        ? `${why}: no tunnel service (lifetime 0, §3.3 step 3a)`
        : !h.anchor && !this.ownsCoa(h.coa)
          ? `${why}: not our CoA, its own router delivers it (§3.2, §3.4 step 6)`
          : `${why}: BET placed (§3.3 step 4a)`,
    );
    if (h.anchor) {
      // §3.4 step 4b: "The oAR MUST exchange a HI/HACK pair with aAR with a Lifetime option having value zero."
      // (Also when the nAR is the aAR itself: "The AR MUST still exchange the HI/HACK with oAR", step 6.)
      this.net.send(
        this.name,
        this.hiMsg(h.anchor.address, this.nextId(), 'R', mnLla, h.coa, 0),
        'the MN moved to a third AR: the oAR ends its part with the aAR, HI(R) lifetime 0 (§3.4 step 4b)',
      );
      this.dropServing(mnLla, 'moved to a third AR: reverse tunnel to the aAR ends (§3.2 teardown 3)');
      return;
    }
    if (h.lifetimeS === 0) return; // refused: no tunnel service (§3.3 step 3a)
    // Only the CoA's own router anchors a BET: two-party handover is "when MN is using a CoA
    // associated with oAR's subnet" (§3.3) and "the network end of the BET remains anchored at aAR"
    // (§3.2). An AR that lost its serving state (the MN came back after an L2-LD, §6.1.2 erroneous
    // movement) and then handed the MN to its aAR would otherwise tunnel the aAR's own address back
    // to it — and once the aAR tunnels to us again, the packets circle between the two.
    if (!this.ownsCoa(h.coa)) return;
    // §3.3 forward tunnel: "MUST be established by oAR when oAR begins tunneling packets with MN's oCoA".
    this.placeAnchor(mnLla, h.coa, h.peer, h.lifetimeS, why);
  }

  private placeAnchor(mnLla: string, coa: string, peer: Peer, lifetimeS: number, why: string): void {
    const old = this.anchors.get(mnLla);
    if (old) {
      this.net.cancel(this.name, 'BET-lifetime', old.expiry);
      if (old.pending) this.net.cancel(this.name, 'BET-placement', old.pending.timer);
    }
    this.dropServing(mnLla, 'the MN left: this router now anchors the BET');
    const us = lifetimeUs(lifetimeS);
    this.net.fwd.tunnelTo(this.name, coa, peer.address, us, `BET ${why} (§3.3)`, 'bet');
    this.net.fwd.hostRoute(this.name, coa, false);
    const expiry = this.armAnchorExpiry(mnLla, us);
    this.anchors.set(mnLla, { coa, peer, expires: this.net.now + us, expiry });
    this.state(
      mnLla,
      'anchor',
      old ? `to ${old.peer.name}` : 'none',
      `to ${peer.name}`,
      `${why}: BET ${coa} → ${peer.name}, ${lifetimeS} s`,
    );
  }

  private armAnchorExpiry(mnLla: string, us: number): TimerId {
    if (us >= Number.MAX_SAFE_INTEGER / 2) return 0;
    return this.net.timer(this.name, 'BET-lifetime', us, () => {
      // §3.4.1: "If no such signal is received, the aAR MUST terminate the BET when the lifetime expires".
      this.dropAnchor(mnLla, 'BET lifetime expired, not renewed (§3.4.1)');
    });
  }

  dropAnchor(mnLla: string, why: string): void {
    const a = this.anchors.get(mnLla);
    if (!a) return;
    this.net.cancel(this.name, 'BET-lifetime', a.expiry);
    if (a.pending) this.net.cancel(this.name, 'BET-placement', a.pending.timer);
    this.anchors.delete(mnLla);
    this.net.fwd.untunnel(this.name, a.coa, why);
    this.state(mnLla, 'anchor', `to ${a.peer.name}`, 'none', why);
  }

  /** Target side at L2-LU: deliver to the MN and tunnel its packets back (§3.3 step 4b, §3.4 step 5a). */
  private deliver(mnLla: string, h: Extract<Ho, { p: 'tgt-ready' }>, why: string): void {
    this.setHo(mnLla, undefined, `${why}: delivering (§3.3 step 4b)`);
    if (h.special) {
      // §3.4 step 6: nAR = aAR — "the aAR MUST begin routing packets directly to MN and the tunnel to nAR MUST be torn down".
      this.dropAnchor(mnLla, 'MN back on its anchor: direct delivery, BET torn down (§3.4 step 6)');
      this.net.fwd.nc(this.name, h.coa, mnLla, 'REACHABLE');
      this.net.fwd.flush(this.name, h.coa);
      return;
    }
    const us = lifetimeUs(h.lifetimeS);
    this.net.fwd.hostRoute(this.name, h.coa, true);
    this.net.fwd.nc(this.name, h.coa, mnLla, 'REACHABLE');
    // §3.3 reverse tunnel: "MUST be established by nAR when nAR begins tunneling packets from the MN with oCoA".
    this.net.fwd.reverseTunnel(
      this.name,
      h.coa,
      h.anchor.address,
      us,
      'the MN arrived: its packets go back through the BET (§3.3 step 4b)',
      'bet-reverse',
    );
    this.net.fwd.flush(this.name, h.coa);
    this.net.fwd.buffer(this.name, h.coa, false);
    this.startServing(mnLla, h.coa, h.anchor, us);
  }

  private startServing(mnLla: string, coa: string, anchor: Peer, us: number): void {
    const old = this.serving.get(mnLla);
    if (old) {
      this.net.cancel(this.name, 'BET-renew', old.renew);
      this.net.cancel(this.name, 'BET-end', old.expiry);
    }
    const s: Serving = { coa, anchor, expires: this.net.now + us, renew: 0, expiry: 0 };
    this.serving.set(mnLla, s);
    this.armServingTimers(mnLla, s);
    this.state(
      mnLla,
      'serving',
      old ? 'serving' : 'none',
      'serving',
      `MN on our link with ${coa}, BET to ${anchor.name}`,
    );
  }

  private armServingTimers(mnLla: string, s: Serving): void {
    this.net.cancel(this.name, 'BET-renew', s.renew);
    this.net.cancel(this.name, 'BET-end', s.expiry);
    const left = s.expires - this.net.now;
    if (left >= Number.MAX_SAFE_INTEGER / 2) return;
    const lead = Math.min(this.cfg.renewLeadUs, Math.floor(left / 2));
    s.renew = this.net.timer(this.name, 'BET-renew', Math.max(0, left - lead), () => {
      if (this.serving.get(mnLla) !== s) return;
      if (this.cfg.renew) {
        // §3.4.1: "Prior to the lifetime of a BET expiring, the MN's current AR MUST signal the aAR to either renew or terminate".
        s.renewId = this.nextId();
        this.net.send(
          this.name,
          this.hiMsg(s.anchor.address, s.renewId, 'R', mnLla, s.coa, this.cfg.lifetimeS),
          "the BET's lifetime is ending: the serving AR asks the aAR to renew, HI(R) (§3.4.1)",
        );
      } else this.tellMnToMove(mnLla, s, 'BET end of life pending, no renewal (§3.5.1)');
    });
    s.expiry = this.net.timer(this.name, 'BET-end', left, () => {
      if (this.serving.get(mnLla) !== s) return;
      this.dropServing(mnLla, 'BET lifetime over (§3.4.1)');
    });
  }

  dropServing(mnLla: string, why: string): void {
    const s = this.serving.get(mnLla);
    if (!s) return;
    this.net.cancel(this.name, 'BET-renew', s.renew);
    this.net.cancel(this.name, 'BET-end', s.expiry);
    this.serving.delete(mnLla);
    const un = (this.net.fwd as { unreverse?: (node: string, src: string, why: string) => void }).unreverse;
    if (un) un.call(this.net.fwd, this.name, s.coa, why);
    else this.net.fwd.reverseTunnel(this.name, s.coa, s.anchor.address, 0, why, 'bet-reverse');
    this.net.fwd.nc(this.name, s.coa, mnLla, null);
    // Until the aAR has stopped tunnelling here (its HI/HACK(r) is a round trip away, or it keeps the old
    // end briefly, §3.4), packets still arriving through the BET are dropped here, not routed back into
    // it: the host route stays, with no neighbour, for the HI retry budget (§5.2.1).
    this.net.fwd.hostRoute(this.name, s.coa, true);
    this.net.timer(this.name, 'BET-exit-grace', this.retryUs() * (this.timers.hiResends + 1), () => {
      if (!this.serving.has(mnLla) && this.ho.get(mnLla)?.p !== 'tgt-ready')
        this.net.fwd.hostRoute(this.name, s.coa, false);
    });
    this.state(mnLla, 'serving', 'serving', 'none', why);
  }

  /** §3.5.1: "The current AR MUST initiate the process of nCoA establishment by ... sending a Router Advertisement". */
  private tellMnToMove(mnLla: string, s: Serving, why: string): void {
    if (this.toldToMove.has(mnLla)) return;
    this.toldToMove.add(mnLla);
    this.state(mnLla, 'serving', 'serving', 'serving', why);
    this.net.sendOnLink(
      this.name,
      mnLla,
      ra(this.linkLocal, s.coa, this.lla, this.prefix),
      `${why}: the current AR's RA tells the MN to obtain a nCoA (§3.5.1)`,
    );
  }

  // ------------------------------------------------------------------ HI / HACK / HTT with H, T or R

  /** Is this one of ours (BETH flags)? The §3.1 code handles the others. */
  static isBeth(m: Message): boolean {
    return (m.kind === 'HI' || m.kind === 'HACK') && (m.flags.H || m.flags.T || m.flags.R);
  }

  onMessage(
    m: Message,
    peerOf: (addr: string) => Peer | undefined,
    attachedCoa: (mnLla: string) => string | undefined,
  ): void {
    if (m.kind === 'HI') return this.onHI(m, peerOf, attachedCoa);
    if (m.kind === 'HACK') return this.onHACK(m, peerOf);
  }

  private onHI(
    m: HI,
    peerOf: (a: string) => Peer | undefined,
    attachedCoa: (mnLla: string) => string | undefined,
  ): void {
    const peer = peerOf(m.src);
    if (!peer) return;
    const mnLla = optLla(m, 'LLA', 2) ?? '';
    const offered = optLifetime(m) ?? 0;
    const f = m.flags;
    // §3.3 step 2a: an HI(H) carries the MN's home address (sub-type 4, I-22): remembered for later HIs/HACKs.
    if (f.H && !f.T) this.learnHome(mnLla, optAddress(m, 4));
    // A resent HI(H), HI(T) or HTT this router already answered: its HACK was lost, so the same
    // HACK again, and nothing else — the first one already moved the state on (§5.2.1 resends,
    // §5.2.2 "MUST respond"; ar.ts does the same for §3.1). Deciding afresh would answer from the
    // new state: an aAR that has already moved the BET to the asking nAR refused it (code 128),
    // and that nAR gave up while the BET still came to it, looping its packets back (soak case 313).
    if (!f.R) {
      const done = this.answered.get(this.answerKey(m));
      if (done && this.net.now - done.t <= this.answerKeepUs()) {
        this.net.send(
          this.name,
          done.hack,
          'a resent HI this router already answered: the same HACK again (§5.2.1, §5.2.2)',
        );
        return;
      }
    }
    if (f.H && f.T) {
      // §3.4 step 2a/3: HTT from the oAR — "enough information for nAR to perform a target trigger handover with aAR".
      const aarAddr = optAddress(m, 3) ?? '';
      const aCoA = optAddress(m, 1) ?? '';
      const aar = peerOf(aarAddr);
      this.reply(
        m,
        this.hackMsg(m.src, m.identifier, 'H', negotiate(this.cfg.lifetimeS, offered)),
        'HTT from the oAR: acknowledged with HACK(H); the nAR does a target-trigger handover with the aAR (§3.4 step 2a) [I-24]',
      );
      if (!aar) return;
      return this.targetWithAnchor(mnLla, aar, aCoA, offered);
    }
    if (f.H) {
      // §3.3 step 3b: "If nAR is sending the HACK, the H bit MUST be set."
      const coa = optAddress(m, 1) ?? '';
      const life = negotiate(this.cfg.lifetimeS, offered);
      const a = this.anchors.get(mnLla);
      // Also for a CoA of our own subnet with no BET left (a resent HI(H) after the first one brought
      // the MN home): our own address is delivered here, never tunnelled back (§3.2, §3.4 step 6).
      const special = (a !== undefined && a.coa === coa) || this.ownsCoa(coa);
      this.reply(
        m,
        this.hackMsg(m.src, m.identifier, 'H', life),
        'HI(H) from the oAR: the nAR answers with the H bit and the shorter lifetime (§3.3 step 3b, §3.4.1)',
      );
      if (life === 0) return;
      // §3.4 step 6 when the MN returns to its own anchor; §3.3 otherwise. No L2-LU: "MAY use the L2-TT as L2-LU"/HACK.
      this.expect(
        mnLla,
        { p: 'tgt-ready', anchor: peer, coa, lifetimeS: life, special },
        special
          ? 'HI(H) from the oAR for a MN we anchor: nAR = aAR (§3.4 step 6)'
          : 'HI(H): expecting the MN (§3.3 step 3b)',
      );
      return;
    }
    if (f.T) {
      // Received by the oAR (two-party, §3.3 step 3a / three-party HTT reply, §3.4 step 2b) or by the aAR (§3.4 step 3).
      const a = this.anchors.get(mnLla);
      const s = this.serving.get(mnLla);
      if (a && !s && peer.name !== a.peer.name) {
        // We anchor this MN, which is elsewhere: the nAR performs a target-trigger handover with us (§3.4 step 3).
        const life = negotiate(this.cfg.lifetimeS, offered);
        this.reply(
          m,
          this.hackMsg(m.src, m.identifier, 'T', life, a.coa, 0, mnLla),
          'HI(T) from the nAR for an MN this router anchors: HACK(T) with the aCoA (§3.4 step 3)',
        );
        if (life > 0) this.schedulePlacement(mnLla, a, peer, life);
        return;
      }
      const coa = s?.coa ?? attachedCoa(mnLla);
      // An MN this router does not know (§8.2.1: perhaps a forged trigger): refuse, code 128, oCoA unspecified.
      if (!coa)
        return this.reply(
          m,
          this.hackMsg(m.src, m.identifier, 'T', 0, '::', 128),
          'HI(T) for an MN this router does not know (a forged trigger?): refused, code 128 (§3.3 step 3a, §8.2.1)',
        );
      if (s && s.anchor.name !== peer.name) {
        // §3.4 step 2b: "The oAR MUST responds with HTT containing the IP address of aAR and two LLAs".
        const life = negotiate(this.cfg.lifetimeS, offered);
        this.reply(
          m,
          {
            kind: 'HACK',
            src: this.address,
            dst: m.src,
            hopLimit: 255,
            code: 0,
            identifier: m.identifier,
            flags: { H: true, T: true, R: false },
            options: this.httOptions(s.anchor, mnLla, life, s.coa),
          },
          'HI(T) for an MN anchored elsewhere: the oAR answers with the HTT (§3.4 step 2b, §5.2.3) [I-24]',
        );
        this.sourceReady(
          mnLla,
          { p: 'src-ready', peer, coa: s.coa, lifetimeS: life, anchor: s.anchor },
          'HI(T) answered with HTT (§3.4 step 2b)',
        );
        return;
      }
      // §3.3 step 3a: "If oAR is sending the HACK, the T bit MUST be set" (Lifetime, home address, oCoA; the
      // LLA the step also lists has no place in §5.2.2's HACK: docs/draft-inconsistencies.md).
      const life = negotiate(this.cfg.lifetimeS, offered);
      this.reply(
        m,
        this.hackMsg(m.src, m.identifier, 'T', life, coa, 0, mnLla),
        'HI(T) from the nAR: HACK(T) with the lifetime, home address and oCoA (§3.3 step 3a) [I-22]',
      );
      this.sourceReady(
        mnLla,
        { p: 'src-ready', peer, coa, lifetimeS: life, anchor: s ? s.anchor : null },
        'HI(T) answered: HACK(T) (§3.3 step 3a)',
      );
      return;
    }
    if (f.R) return this.onRenewal(m, peer, mnLla, offered);
  }

  private answerKey(m: HI): string {
    return `${m.src} ${m.identifier} ${m.flags.H ? 'H' : ''}${m.flags.T ? 'T' : ''}`;
  }
  /** How long a resend of an HI can still come: the sender's whole retry budget (§5.2.1). */
  private answerKeepUs(): number {
    return this.retryUs() * (this.timers.hiResends + 1);
  }
  /** Sends the HACK (or HTT) answering `hi` and keeps it for that HI's resends. */
  private reply(hi: HI, hack: HACK, why: string): void {
    const now = this.net.now;
    for (const [k, a] of this.answered) if (now - a.t > this.answerKeepUs()) this.answered.delete(k);
    this.answered.set(this.answerKey(hi), { hack, t: now });
    this.net.send(this.name, hack, why);
  }

  /** §3.4 "two timing extremes": earliest on the HACK(t), latest on the HI(r). */
  private schedulePlacement(mnLla: string, a: Anchor, to: Peer, life: number): void {
    if (a.pending) this.net.cancel(this.name, 'BET-placement', a.pending.timer);
    const p = Math.max(0, Math.min(1, this.cfg.placement));
    if (p >= 1) {
      a.pending = { peer: to, timer: 0, lifetimeS: life };
      this.state(
        mnLla,
        'anchor',
        `to ${a.peer.name}`,
        `to ${a.peer.name}`,
        `HACK(t) sent; BET to ${to.name} waits for the HI(r) (§3.4 extreme 2)`,
      );
      return;
    }
    const delay = Math.round(p * this.cfg.placementSpanUs);
    const move = () => {
      const cur = this.anchors.get(mnLla);
      if (cur !== a) return;
      // §3.4 extreme 1: "aAR MAY establish the BET [with nAR] after sending the HACK(t)";
      // "aAR MAY continue tunnel service with oAR ... until the HI is received": duplicates.
      const oldPeer = a.peer;
      // The service to the oAR is the old BET continued, so it ends with that BET's lifetime at the
      // latest: "the aAR MUST terminate the BET when the lifetime expires" (§3.4.1).
      const oldLeftUs = a.expires - this.net.now;
      this.placeAnchor(mnLla, a.coa, to, life, `placement ${p} after HACK(t)`);
      const b = bicast(this.net);
      if (!b || oldLeftUs <= 0) return;
      b(this.name, a.coa, oldPeer.address, true);
      // Never longer than the oAR's HI(r) can take with its resends (§5.2.1): duplicates, not a lingering copy.
      this.net.timer(this.name, 'BET-bicast', Math.min(this.retryUs() * (this.timers.hiResends + 1), oldLeftUs), () =>
        b(this.name, a.coa, oldPeer.address, false),
      );
    };
    if (delay === 0) {
      a.pending = undefined;
      move();
    } else a.pending = { peer: to, timer: this.net.timer(this.name, 'BET-placement', delay, move), lifetimeS: life };
  }

  private expect(mnLla: string, next: Extract<Ho, { p: 'tgt-ready' }>, why: string): void {
    const cur = this.ho.get(mnLla);
    if (cur && (cur.p === 'tgt-wait' || cur.p === 'src-wait')) this.net.cancel(this.name, 'BETH-HI-retry', cur.timer);
    if (!next.special) this.awaitBet(mnLla, next.coa, this.cfg.triggers.lu ? 'INCOMPLETE' : 'REACHABLE');
    this.setHo(mnLla, next, why);
    // §3.2.1 "nAR MAY use the L2-TT as L2-LU": without an L2-LU trigger, deliver as soon as the BET is agreed.
    if (!this.cfg.triggers.lu) this.deliver(mnLla, next, 'no L2-LU trigger: HACK as L2-LU (§3.2.1)');
  }

  /** The nAR's end of a BET to come: a host route for the CoA to the access link, held or dropped there till the MN is up. */
  private awaitBet(mnLla: string, coa: string, state: 'INCOMPLETE' | 'REACHABLE'): void {
    this.net.fwd.hostRoute(this.name, coa, true);
    this.net.fwd.nc(this.name, coa, mnLla, state);
    if (this.cfg.buffer)
      this.net.fwd.buffer(
        this.name,
        coa,
        true,
        'the nAR holds what the BET brings until the MN arrives: smoothing (§3.3, §5.2.1)',
      );
  }
  /** A three-party HI(T) that came to nothing: the route `awaitBet` made goes (unless we serve the MN by now). */
  private unawaitBet(mnLla: string, h: Ho | undefined): void {
    if (h?.p !== 'tgt-wait' || !h.coa || this.serving.has(mnLla)) return;
    this.net.fwd.hostRoute(this.name, h.coa, false);
    this.net.fwd.nc(this.name, h.coa, mnLla, null);
    this.net.fwd.buffer(this.name, h.coa, false);
    this.net.fwd.flush(this.name, h.coa); // what was held for it goes nowhere: dropped, traced
  }

  private sourceReady(mnLla: string, next: Extract<Ho, { p: 'src-ready' }>, why: string): void {
    this.setHo(mnLla, next, why);
    // §3.3: "In the absence of optimal L2 trigger information, the HACK MUST act as the trigger for BET placement."
    if (!this.cfg.triggers.ld) this.startTunnelling(mnLla, next, 'no L2-LD trigger: HACK');
  }

  /** nAR side of a three-party handover: target-trigger HI/HACK with the aAR (§3.4 step 3). */
  private targetWithAnchor(mnLla: string, aar: Peer, aCoA: string, offered: number): void {
    const a = this.anchors.get(mnLla);
    if (aar.address === this.address || (a && a.coa === aCoA)) {
      // §3.4 step 3/6: "check its routing tables to see whether it is already tunneling for MN. If so, Step 6".
      this.expect(
        mnLla,
        { p: 'tgt-ready', anchor: aar, coa: aCoA, lifetimeS: negotiate(this.cfg.lifetimeS, offered), special: true },
        'HTT: we are the aAR (§3.4 step 6)',
      );
      return;
    }
    const id = this.nextId();
    const send = () =>
      this.net.send(
        this.name,
        this.hiMsg(aar.address, id, 'T', mnLla, undefined, this.cfg.lifetimeS),
        'HTT: the nAR asks the aAR with HI(T) (§3.4 step 3)',
      );
    send();
    const timer = this.armRetry(
      mnLla,
      send,
      0,
      () => {
        this.unawaitBet(mnLla, this.ho.get(mnLla));
        this.setHo(mnLla, undefined, 'aAR never answered (§5.2.1)');
      },
      id,
    );
    // §3.4 step 3: the aAR "MAY place the BET to nAR upon transmission of the HACK", so its packets can
    // come before that HACK does (or instead of it, when it is lost and our HI is resent). The HTT named
    // the aCoA: route it to our access link now. Routed by prefix, the de-tunnelled packets went back to
    // the aAR, which tunnelled them here again, until the hop limit (soak cases 1618, 1753).
    const coa = aCoA || undefined;
    if (coa) this.awaitBet(mnLla, coa, 'INCOMPLETE');
    this.setHo(
      mnLla,
      { p: 'tgt-wait', peer: aar, id, timer, tries: 0, three: true, coa },
      'HTT: HI(T) to the aAR (§3.4 step 3)',
    );
  }

  private onHACK(m: HACK, peerOf: (a: string) => Peer | undefined): void {
    const peer = peerOf(m.src);
    if (!peer) return;
    const life = optLifetime(m) ?? 0;
    if (m.flags.R) return this.onRenewalAck(m, peer, life);
    const entry = [...this.ho.entries()].find(
      ([, h]) => (h.p === 'src-wait' || h.p === 'tgt-wait') && h.id === m.identifier,
    );
    if (!entry) return; // late duplicate
    const [mnLla, h] = entry;
    // §3.3 step 3a: a HACK(T) carries the MN's home address (sub-type 4, I-22).
    if (m.flags.T && !m.flags.H) this.learnHome(mnLla, optAddress(m, 4));
    if (h.p === 'src-wait') {
      this.net.cancel(this.name, 'BETH-HI-retry', h.timer);
      // §3.4.1: the lifetime "MUST be the shorter of the two lifetime values in the HI/HACK exchange".
      const offered = h.anchor ? this.cfg.lifetimeS : this.cfg.lifetimeS;
      const lifetimeS = m.code >= 128 ? 0 : negotiate(offered, life);
      this.sourceReady(
        mnLla,
        { p: 'src-ready', peer: h.peer, coa: h.coa, lifetimeS, anchor: h.anchor },
        `HACK: BET lifetime ${lifetimeS} s (§3.4.1)`,
      );
      return;
    }
    if (h.p !== 'tgt-wait') return;
    // Target side.
    this.net.cancel(this.name, 'BETH-HI-retry', h.timer);
    if (m.flags.H && m.flags.T) {
      // §3.4 step 2b: the oAR answered our HI(T) with an HTT: go to the aAR.
      const aarAddr = optAddress(m, 3) ?? '';
      const aar = peerOf(aarAddr);
      this.setHo(mnLla, undefined, 'HTT from the oAR: the MN is anchored elsewhere, ask its aAR (§3.4 step 2b)');
      if (aar) this.targetWithAnchor(mnLla, aar, optAddress(m, 1) ?? '', life);
      return;
    }
    const coa = optAddress(m, 1) ?? '';
    const lifetimeS = m.code >= 128 ? 0 : negotiate(this.cfg.lifetimeS, life);
    if (lifetimeS === 0 || !coa) {
      this.unawaitBet(mnLla, h);
      this.setHo(mnLla, undefined, 'HACK(T) refused tunnel service (lifetime 0, §3.3 step 3a)');
      return;
    }
    const special = this.anchors.get(mnLla)?.coa === coa || this.ownsCoa(coa);
    this.expect(
      mnLla,
      { p: 'tgt-ready', anchor: peer, coa, lifetimeS, special },
      h.three ? 'HACK(T) from the aAR (§3.4 step 3)' : 'HACK(T) from the oAR (§3.3 step 3a)',
    );
  }

  /** HI with R: renewal, eventual or immediate termination (Figure 12, §3.4.1), cancel (§3.3 step 6, §3.4 step 4b). */
  private onRenewal(m: HI, peer: Peer, mnLla: string, lifetime: number): void {
    const a = this.anchors.get(mnLla);
    const s = this.serving.get(mnLla);
    const h = this.ho.get(mnLla);
    if (a) {
      const hs = this.ho.get(mnLla);
      if (lifetime === 0 && hs?.p === 'tgt-ready' && hs.special && peer.name === a.peer.name) {
        // §3.4 step 6: nAR = aAR. The aAR "need not gate old tunnel tear down ... on this exchange", but the oAR
        // has just ended its service: tunnelling there any longer would only bounce packets back. Direct
        // delivery starts at L2-LU.
        this.dropAnchor(mnLla, 'HI(r) from the oAR: its service ended; direct delivery at L2-LU (§3.4 step 6)');
        this.net.send(
          this.name,
          this.hackMsg(m.src, m.identifier, 'R', 0, a.coa),
          'HI(r) from the oAR while the MN returns to its anchor: acknowledged, lifetime 0 (§3.4 step 6)',
        );
        return;
      }
      if (lifetime === 0 && a.pending && peer.name === a.peer.name) {
        // §3.4 step 4b: "If aAR has not already placed a BET to nAR, it MUST do so immediately upon receipt of the HI."
        const { peer: to, lifetimeS } = a.pending;
        this.net.cancel(this.name, 'BET-placement', a.pending.timer);
        // The lifetime agreed with the nAR in the HI(t)/HACK(t) exchange (§3.4.1), not the old BET's.
        this.placeAnchor(mnLla, a.coa, to, lifetimeS, 'HI(r) from the oAR');
        this.net.send(
          this.name,
          this.hackMsg(m.src, m.identifier, 'R', 0, a.coa),
          'HI(r) from the oAR: the aAR places the BET to the nAR now and acknowledges (§3.4 step 4b)',
        );
        return;
      }
      if (lifetime === 0 && peer.name !== a.peer.name) {
        // §3.4 step 4b after an earliest placement: the oAR's service is already over; stop the duplicates.
        bicast(this.net)?.(this.name, a.coa, peer.address, false);
        this.net.send(
          this.name,
          this.hackMsg(m.src, m.identifier, 'R', 0, a.coa),
          'HI(r) from the oAR after an earliest placement: duplicates stop, acknowledged (§3.4 step 4b)',
        );
        return;
      }
      if (peer.name !== a.peer.name) return;
      if (lifetime === 0) {
        // §3.4.1 immediate termination; §3.3 step 6 ping-pong cancel from the serving side.
        this.dropAnchor(mnLla, 'HI(R) lifetime 0: immediate termination (§3.4.1)');
        this.net.send(
          this.name,
          this.hackMsg(m.src, m.identifier, 'R', 0, a.coa),
          'HI(R) lifetime 0: immediate termination, acknowledged (§3.4.1)',
        );
        return;
      }
      // Extension request from the MN's current AR (§3.4.1): grant the shorter of the two, or refuse.
      const grant = this.cfg.grantRenewal ? negotiate(this.cfg.lifetimeS, lifetime) : 0;
      this.net.send(
        this.name,
        this.hackMsg(m.src, m.identifier, 'R', grant, a.coa),
        `${grant > 0 ? `renewal granted for ${grant} s` : 'renewal refused: lifetime 0'} (§3.4.1, §3.5.1)`,
      );
      if (grant > 0) {
        this.net.cancel(this.name, 'BET-lifetime', a.expiry);
        const us = lifetimeUs(grant);
        a.expires = this.net.now + us;
        a.expiry = this.armAnchorExpiry(mnLla, us);
        this.net.fwd.tunnelTo(this.name, a.coa, a.peer.address, us, `BET renewed ${grant} s (§3.4.1)`, 'bet');
        this.state(mnLla, 'anchor', `to ${a.peer.name}`, `to ${a.peer.name}`, `renewed for ${grant} s (§3.4.1)`);
      } else
        this.state(
          mnLla,
          'anchor',
          `to ${a.peer.name}`,
          `to ${a.peer.name}`,
          'renewal refused: BET ends at its lifetime (§3.5.1 sub-case 1)',
        );
      return;
    }
    if (s && peer.name === s.anchor.name) {
      const kind = classifyRenewal(lifetime, true, (s.expires - this.net.now) / 1e6);
      this.net.send(
        this.name,
        this.hackMsg(m.src, m.identifier, 'R', lifetime, s.coa),
        'HI(R) from the aAR: acknowledged with the same lifetime (§3.4.1)',
      );
      if (kind === 'immediate')
        return this.dropServing(mnLla, 'HI(R) lifetime 0 from the aAR: immediate termination (§3.4.1)');
      if (kind === 'eventual') {
        // §3.4.1 eventual termination; §3.5.1 sub-case 2: tell the MN to obtain a nCoA.
        s.expires = this.net.now + lifetimeUs(lifetime);
        this.armServingTimers(mnLla, s);
        this.net.fwd.reverseTunnel(
          this.name,
          s.coa,
          s.anchor.address,
          lifetimeUs(lifetime),
          'eventual termination: the BET ends at the shorter lifetime (§3.4.1)',
          'bet-reverse',
        );
        this.tellMnToMove(mnLla, s, `eventual termination in ${lifetime} s from the aAR (§3.4.1, §3.5.1)`);
      }
      return;
    }
    if (h?.p === 'tgt-ready' && peer.name === h.anchor.name && lifetime === 0) {
      // §3.3 step 6: the oAR cancels the BET: the MN is not coming.
      this.net.fwd.hostRoute(this.name, h.coa, false);
      this.net.fwd.nc(this.name, h.coa, mnLla, null);
      this.net.fwd.buffer(this.name, h.coa, false);
      this.net.fwd.flush(this.name, h.coa); // what was held for it goes nowhere: dropped, traced
      this.setHo(mnLla, undefined, 'HI(R) lifetime 0: handover cancelled, ping-pong (§3.3 step 6)');
      this.net.send(
        this.name,
        this.hackMsg(m.src, m.identifier, 'R', 0, h.coa),
        'HI(R) lifetime 0 from the oAR: the handover is cancelled, acknowledged (§3.3 step 6)',
      );
      return;
    }
    this.net.send(
      this.name,
      this.hackMsg(m.src, m.identifier, 'R', 0, optAddress(m, 1)),
      'HI(R) for a BET this router does not hold: acknowledged with lifetime 0 (§3.4.1)',
    );
  }

  private onRenewalAck(m: HACK, peer: Peer, life: number): void {
    for (const [mnLla, s] of this.serving) {
      if (s.renewId !== m.identifier || peer.name !== s.anchor.name) continue;
      s.renewId = undefined;
      if (life === 0) {
        // §3.5.1 sub-case 1: "BET end of life is pending and aAR has refused a request to extend".
        this.tellMnToMove(mnLla, s, 'renewal refused by the aAR (§3.5.1)');
        return;
      }
      const granted = negotiate(this.cfg.lifetimeS, life);
      s.expires = this.net.now + lifetimeUs(granted);
      this.net.fwd.reverseTunnel(
        this.name,
        s.coa,
        s.anchor.address,
        lifetimeUs(granted),
        `BET renewed for ${granted} s (§3.4.1)`,
        'bet-reverse',
      );
      this.armServingTimers(mnLla, s);
      this.state(mnLla, 'serving', 'serving', 'serving', `BET renewed for ${granted} s (§3.4.1)`);
      return;
    }
  }

  /**
   * §3.5.2: the MN got a nCoA and sent the aAR a BU (Home Address = aCoA, lifetime 0): tear the BET
   * down and tell the serving AR (HI(R), lifetime 0). Returns whether this router anchored it.
   */
  onBindingUpdate(coa: string, lifetime: number): boolean {
    if (lifetime !== 0) return false;
    for (const [mnLla, a] of this.anchors) {
      if (a.coa !== coa) continue;
      this.net.send(
        this.name,
        this.hiMsg(a.peer.address, this.nextId(), 'R', mnLla, a.coa, 0),
        "the MN's BU with its nCoA: the aAR tears the BET down and tells the serving AR, HI(R) lifetime 0 (§3.5.2)",
      );
      this.dropAnchor(mnLla, 'BU from the MN with its nCoA: BET torn down (§3.5.2, §3.2 teardown 2)');
      return true;
    }
    return false;
  }

  /** The MN is gone for good (e.g. it detached or went dormant without a BU): drop what we hold. */
  forget(mnLla: string, why: string): void {
    const h = this.ho.get(mnLla);
    if (h && (h.p === 'src-wait' || h.p === 'tgt-wait')) this.net.cancel(this.name, 'BETH-HI-retry', h.timer);
    this.unawaitBet(mnLla, h);
    if (h) this.setHo(mnLla, undefined, why);
    this.dropServing(mnLla, why);
    this.dropAnchor(mnLla, why);
  }
}
