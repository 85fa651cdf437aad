// Tunnel-based handover (BETH, §3.2–§3.5): its configuration, state, inputs, timers and the step's
// context (core/roles/beth.ts is the step; beth-serving.ts the AR the MN is leaving and the BET's
// radio end, beth-target.ts the AR it is coming to, beth-anchor.ts the BET's network end). The step
// reads only this state, what the router is configured with (`BethConfig`), its input and
// `BethView` — the routers it knows by address, and the address an MN on its link uses — and writes
// its actions into `BethCtx.out`. Its timers are named by data (`Timer`, the bottom of this file).
import type { HACK, HI, Message, NdOption } from '../wire/types.ts';
import type { NodeTimers } from './config.ts';
import type { Action, Timer } from './actions.ts';
import type { Milestone, NcState } from './net.ts';
import { prefix64 } from '../wire/addr.ts';

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

/** Another access router, as this one knows it (by its address: `BethView.peerOf`). */
export interface Peer {
  name: string;
  address: string;
  lla: string;
  prefix: string;
}

/**
 * The HI an entry waiting for its HACK sends, and resends on its retry timer (§5.2.1): rebuilt at
 * each send, so a home address learned meanwhile goes into the resend too (`hiMsg`).
 */
export type PendingHi =
  | { f: 'H' | 'T'; dst: string; coa: string | undefined; lifetimeS: number; why: string }
  /** §3.4 step 2a / §5.2.3: the HTT (H and T set) naming the MN's aAR. */
  | { f: 'HTT'; dst: string; coa: string; lifetimeS: number; anchor: Peer; why: string };

/** One MN's handover at this router. The waiting phases' retry timer is `hiRetry(mnLla, id)`. */
export type Ho =
  /** Source side: HI(H) or HTT sent, waiting for the HACK (§3.3 step 2a, §3.4 step 2a). */
  | { p: 'src-wait'; peer: Peer; id: number; hi: PendingHi; tries: number; coa: string; anchor: Peer | null }
  /** Source side: HACK (or HTT reply) received; the BET is placed at L2-LD, or was on the HACK (§3.3). */
  | { p: 'src-ready'; peer: Peer; coa: string; lifetimeS: number; anchor: Peer | null }
  /** Target side: HI(T) sent to the oAR, or to the aAR in a three-party handover (§3.3 step 2b, §3.4 step 3). */
  | {
      p: 'tgt-wait';
      peer: Peer;
      id: number;
      hi: PendingHi;
      tries: number;
      three: boolean;
      /** Three-party: the aCoA the HTT named, already routed here for the BET (§3.4 step 3). */
      coa?: string;
    }
  /** Target side: the BET's far end agreed; waiting for L2-LU (§3.3 step 4b, §3.4 step 5a). */
  | { p: 'tgt-ready'; anchor: Peer; coa: string; lifetimeS: number; special: boolean };

/** The BET's network end: the MN's CoA is ours and the MN is elsewhere (we are its aAR). */
export interface Anchor {
  coa: string;
  /** The AR at the radio end of the BET. */
  peer: Peer;
  /** µs, absolute. */
  expires: number;
  /** `BET-lifetime`, when the lifetime is finite. */
  expiry?: Timer;
  /** §3.4 placement: BET to `pending.peer` not yet moved (three-party, before the HI(r)); `timer`: `BET-placement`. */
  pending?: { peer: Peer; timer?: Timer; lifetimeS: number };
}

/** The BET's radio end: the MN is on our link with a CoA of another AR. */
export interface Serving {
  coa: string;
  anchor: Peer;
  expires: number;
  /** `BET-renew` and `BET-end`, once armed (a cancelled one stays named here, as it was). */
  renew?: Timer;
  expiry?: Timer;
  /** The identifier of our HI(R) asking the anchor to renew (§3.4.1). */
  renewId?: number;
}

/**
 * Everything the BETH machine holds between steps, per MN (keyed by its link-layer address). The
 * step updates it in place and hands it back (one owner, the `BethRouter` node), as the AR's does.
 */
export interface BethState {
  readonly cfg: BethConfig;
  readonly name: string;
  readonly address: string;
  readonly lla: string;
  readonly linkLocal: string;
  readonly prefix: string;
  readonly timers: Pick<NodeTimers, 'accessRttUs' | 'hiResends'>;
  /** A handover under way, as source (the AR the MN is leaving) or target (nAR). */
  readonly ho: Map<string, Ho>;
  /** The network end of a BET (the MN's CoA is ours, the MN is elsewhere: we are its aAR). */
  readonly anchors: Map<string, Anchor>;
  /** The MN is on our link with a CoA of another AR (the radio end of the BET). */
  readonly serving: Map<string, Serving>;
  /** The last HI identifier used (0x8000–0xffff, apart from the §3.1 HIs' in traces). */
  seq: number;
  /** Counts the timers armed: each one's `id`, so a timer of an earlier entry is told apart. */
  gen: number;
  /** MNs the router has told to obtain a nCoA (§3.5.1), for tests and the trace. */
  readonly toldToMove: Set<string>;
  /** §8.2.1: L2-TT triggers not yet matched by an arrival (MN LLA → time). */
  readonly announced: Map<string, number>;
  /** The HACK each recent HI(H) / HI(T) / HTT got, by sender and identifier: a resend gets it again. */
  readonly answered: Map<string, { hack: HACK; t: number }>;
  /** MN link-layer address → home address, from what this router received (`homeOf`). */
  readonly homes: Map<string, string>;
  /** §8.2.1 mismatches found: "announced→arrived". */
  readonly mismatches: string[];
}

export interface BethIdentity {
  name: string;
  address: string;
  lla: string;
  linkLocal: string;
  prefix: string;
}

/** The machine's state before its first step; `seq0` is its HI identifiers' random start (§5.2.1). */
export function bethInit(
  id: BethIdentity,
  cfg: BethConfig,
  timers: Pick<NodeTimers, 'accessRttUs' | 'hiResends'>,
  seq0: number,
): BethState {
  return {
    cfg,
    ...id,
    timers: { accessRttUs: timers.accessRttUs, hiResends: timers.hiResends },
    ho: new Map(),
    anchors: new Map(),
    serving: new Map(),
    seq: seq0,
    gen: 0,
    toldToMove: new Set(),
    announced: new Map(),
    answered: new Map(),
    homes: new Map(),
    mismatches: [],
  };
}

/** What the step may read besides its state: the routers it knows by address, and its own link. */
export interface BethView {
  /** The router whose own address this is, if any. */
  peerOf(addr: string): Peer | undefined;
  /** The address the MN with this LLA uses on our access link, if it is here and has sent one. */
  attachedCoa(mnLla: string): string | undefined;
}

/** An input of the BETH step: a message with H, T or R, a named timer, a layer-2 trigger (Table 1), a BU. */
export type BethInput =
  | { on: 'message'; msg: HI | HACK }
  | { on: 'timer'; timer: Timer }
  /** L2-ST: the MN `mnLla`, here with `coa`, is about to move to `peer` (§3.3 step 1a, §3.4 step 1a). */
  | { on: 'source-trigger'; mnLla: string; coa: string; peer: Peer }
  /** L2-TT: the MN is about to arrive from `peer` (§3.3 step 1b). */
  | { on: 'target-trigger'; mnLla: string; peer: Peer }
  | { on: 'link-up'; mnLla: string }
  | { on: 'link-down'; mnLla: string }
  /** §3.5.2: a BU with lifetime 0 whose Home Address is `coa` (the MN's aCoA) came in. */
  | { on: 'binding-update'; coa: string; lifetime: number }
  /** The MN's home address, seen in its BU to its home agent ([MIPv6], I-36): no action. */
  | { on: 'home'; mnLla: string; home: string };

/** One step's context: the state, now, the view, and the actions written so far, in order. */
export class BethCtx {
  readonly out: Action[] = [];
  constructor(
    readonly st: BethState,
    readonly now: number,
    readonly view: BethView,
  ) {}

  get cfg(): BethConfig {
    return this.st.cfg;
  }

  send(msg: Message, why: string): void {
    this.out.push({ do: 'send', msg, why });
  }
  onLink(mnLla: string, msg: Message, why: string): void {
    this.out.push({ do: 'send-link', mnLla, msg, why });
  }
  /** A change of one of the MN's machines, `BETH-<machine>:<MN's LLA>` (core/roles/machines.ts). */
  state(mnLla: string, machine: string, from: string, to: string, why: string): void {
    this.out.push({ do: 'state', machine: `BETH-${machine}:${mnLla}`, from, to, why });
  }
  arm(timer: Timer, delayUs: number): void {
    this.out.push({ do: 'arm', timer, delayUs });
  }
  /** Cancels a timer this state names (none: nothing, as a timer never armed has nothing to cancel). */
  cancel(timer: Timer | undefined): void {
    if (timer) this.out.push({ do: 'cancel', timer });
  }
  /** A new timer's data, with a generation of its own. */
  timer(name: string, key: string): Timer {
    return { name, key, id: ++this.st.gen };
  }
  bet(addr: string, peer: string, lifetimeUs: number, why: string): void {
    this.out.push({ do: 'tunnel', addr, peer, lifetimeUs, why, type: 'bet' });
  }
  untunnel(addr: string, why: string): void {
    this.out.push({ do: 'untunnel', addr, why });
  }
  betReverse(src: string, peer: string, lifetimeUs: number, why: string): void {
    this.out.push({ do: 'reverse', src, peer, lifetimeUs, why, type: 'bet-reverse' });
  }
  unreverse(src: string, peer: string, why: string): void {
    this.out.push({ do: 'unreverse', src, peer, why });
  }
  bicast(addr: string, peer: string, on: boolean): void {
    this.out.push({ do: 'bicast', addr, peer, on });
  }
  hostRoute(addr: string, on: boolean, why?: string): void {
    this.out.push({ do: 'host-route', addr, on, why });
  }
  nc(addr: string, lla: string, state: NcState | null, why?: string): void {
    this.out.push({ do: 'nc', addr, lla, state, why });
  }
  buffer(addr: string, on: boolean, why?: string): void {
    this.out.push({ do: 'buffer', addr, on, why });
  }
  flush(addr: string): void {
    this.out.push({ do: 'flush', addr });
  }
  markLla(mnLla: string, what: Milestone): void {
    this.out.push({ do: 'mark-lla', mnLla, what });
  }

  // ------------------------------------------------------------ the state's small helpers

  setHo(mnLla: string, next: Ho | undefined, why: string): void {
    const from = this.st.ho.get(mnLla)?.p ?? 'idle';
    if (next) this.st.ho.set(mnLla, next);
    else this.st.ho.delete(mnLla);
    this.state(mnLla, 'ho', from, next?.p ?? 'idle', why);
  }
  nextId(): number {
    return (this.st.seq = ((this.st.seq + 1) & 0xffff) | 0x8000);
  }
  /** Retransmission wait: max(2 × RTT, 100 ms) (§5.2.1). */
  retryUs(): number {
    return Math.max(2 * this.st.timers.accessRttUs, 100_000);
  }
  /** How long a resend of an HI can still come: the sender's whole retry budget (§5.2.1). */
  retryBudgetUs(): number {
    return this.retryUs() * (this.st.timers.hiResends + 1);
  }
  ownsCoa(coa: string): boolean {
    return prefix64(coa) === prefix64(this.st.address);
  }

  // ------------------------------------------------------------ messages this router sends

  /**
   * The MN's home address for the HI(H) / HACK(T) (§3.3 steps 2a/3a). The draft does not say how an
   * AR learns it (docs/draft-inconsistencies.md I-36); this router knows it from what it has seen:
   * the home address in an HI(H) or HACK(T) it received for the MN (§3.3 steps 2a/3a), or the Home
   * Address of the MN's BU to its home agent that came in on its access link ([MIPv6]; `learnHome`).
   * '::' for an MN it has seen neither for (e.g. the forged L2-TT of §8).
   */
  homeOf(mnLla: string): string {
    return this.st.homes.get(mnLla) ?? '::';
  }

  hiMsg(dst: string, id: number, f: 'H' | 'T' | 'R', mnLla: string, coa: string | undefined, lifetimeS: number): HI {
    // §5.2.1 order: LLA of MN, [home address], old CoA, Lifetime. H: LLA + home address + oCoA + Lifetime
    // (§3.3 step 2a; the home address is our IP Address sub-type 4, docs/draft-inconsistencies.md);
    // T: LLA + Lifetime ("Neither the MN's home address nor the MN's oCoA are sent", step 2b); R: LLA + oCoA + Lifetime.
    const options: NdOption[] = [{ type: 'LLA', subType: 2, lla: mnLla }];
    if (f === 'H') options.push({ type: 'IPAddress', subType: 4, prefixLength: 64, address: this.homeOf(mnLla) });
    if (coa && f !== 'T') options.push({ type: 'IPAddress', subType: 1, prefixLength: 64, address: coa });
    options.push({ type: 'Lifetime', lifetime: lifetimeS >>> 0 });
    return {
      kind: 'HI',
      src: this.st.address,
      dst,
      hopLimit: 255,
      identifier: id,
      flags: { S: false, U: false, H: f === 'H', T: f === 'T', R: f === 'R' },
      options,
    };
  }
  hackMsg(
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
      src: this.st.address,
      dst,
      hopLimit: 255,
      code,
      identifier: id,
      flags: { H: f === 'H', T: f === 'T', R: f === 'R' },
      options,
    };
  }
  /** §5.2.3: HTT = H and T set; aAR's address, the MN's LLA, the aAR's LLA (then Lifetime and the aCoA). */
  httOptions(anchor: Peer, mnLla: string, lifetimeS: number, coa: string): NdOption[] {
    return [
      { type: 'IPAddress', subType: 3, prefixLength: 64, address: anchor.address },
      { type: 'LLA', subType: 2, lla: mnLla },
      { type: 'LLA', subType: 3, lla: anchor.lla },
      { type: 'Lifetime', lifetime: lifetimeS >>> 0 },
      { type: 'IPAddress', subType: 1, prefixLength: 64, address: coa },
    ];
  }
  /** Sends the HACK (or HTT) answering `hi` and keeps it for that HI's resends (§5.2.1, §5.2.2). */
  reply(hi: HI, hack: HACK, why: string): void {
    const now = this.now;
    const answered = this.st.answered;
    for (const [k, a] of answered) if (now - a.t > this.retryBudgetUs()) answered.delete(k);
    answered.set(answerKey(hi), { hack, t: now });
    this.send(hack, why);
  }
  /** Sends (or resends) the HI a waiting entry is waiting on (§5.2.1). */
  sendHi(mnLla: string, id: number, hi: PendingHi): void {
    if (hi.f === 'HTT')
      this.send(
        {
          kind: 'HI',
          src: this.st.address,
          dst: hi.dst,
          hopLimit: 255,
          identifier: id,
          flags: { S: false, U: false, H: true, T: true, R: false },
          options: this.httOptions(hi.anchor, mnLla, hi.lifetimeS, hi.coa),
        },
        hi.why,
      );
    else this.send(this.hiMsg(hi.dst, id, hi.f, mnLla, hi.coa, hi.lifetimeS), hi.why);
  }
}

/** The key an answered HI is kept under: its sender, identifier and H/T flags. */
export function answerKey(m: HI): string {
  return `${m.src} ${m.identifier} ${m.flags.H ? 'H' : ''}${m.flags.T ? 'T' : ''}`;
}

/** The MN's home address, seen in a message this router received (see `BethCtx.homeOf`). */
export function learnHome(st: BethState, mnLla: string, home: string | undefined): void {
  if (mnLla && home && home !== '::') st.homes.set(mnLla, home);
}

// ------------------------------------------------------------ the timers, named as the trace names them

/** No HACK yet: resend the HI `id` (§5.2.1); the generation is the HI's identifier. */
export const hiRetry = (mnLla: string, id: number): Timer => ({ name: 'BETH-HI-retry', key: mnLla, id });
export const BET_LIFETIME = 'BET-lifetime';
export const BET_PLACEMENT = 'BET-placement';
export const BET_RENEW = 'BET-renew';
export const BET_END = 'BET-end';
/** The §3.4 duplicates to the old peer stop: keyed by the aCoA and that peer's address. */
export const bicastOff = (coa: string, peer: string, id: number): Timer => ({
  name: 'BET-bicast',
  key: `${coa} ${peer}`,
  id,
});
/** The host route a serving AR keeps after its BET ends (`dropServing`): keyed by the MN and its CoA. */
export const exitGrace = (mnLla: string, coa: string, id: number): Timer => ({
  name: 'BET-exit-grace',
  key: `${mnLla} ${coa}`,
  id,
});
/** The two parts of a two-part key (`bicastOff`, `exitGrace`). */
export function keyParts(t: Timer): [string, string] {
  const i = t.key.indexOf(' ');
  return [t.key.slice(0, i), t.key.slice(i + 1)];
}
