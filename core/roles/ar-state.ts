// The access router's state, inputs and step context (core/roles/ar.ts is the step; ar-oar.ts the
// oAR's and anchor's side, ar-nar.ts the nAR's and the link's). The step reads only this state,
// what the router is configured with (`ArConfig`), its input and `ArView` — reads of its own
// node's data plane and of its BETH machine — and writes its actions into `ArCtx.out`.
import type { HackCode, Message } from '../wire/types.ts';
import type { ApNeighbor, ArConfig } from './config.ts';
import type { Action, Timer } from './actions.ts';
import type { NcState } from './net.ts';
import type { Rng } from '../sim/kernel.ts';
import type { CapsTable } from './caps.ts';

export type RouterInfo = { name: string; address: string; lla: string; prefix: string };

/** The oAR's (or aAR's) side of one MN's handover. Its timers are named by the MN (`Handover.mnLla`). */
export type OarPhase =
  | { p: 'idle' }
  | { p: 'awaiting-hack'; hiId: number; tries: number; stateful: boolean; prId: number }
  | { p: 'prepared'; code: HackCode }
  | { p: 'failed'; why: string }
  | { p: 'forwarding'; valid: boolean; routed: boolean };

/** The nAR's side (`oCoA`: the one the HI named, whose host route the defence period's end removes). */
export type NarPhase =
  | { p: 'idle' }
  | { p: 'expecting'; addr: string; valid: boolean; oCoA: string }
  | { p: 'arrived'; addr: string; valid: boolean };

export interface Handover {
  mnLla: string;
  oCoA: string;
  nCoA?: string;
  nar?: RouterInfo;
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

/**
 * Everything the router holds between steps. The step updates it in place and hands it back (one
 * owner, the AccessRouter node; the engine's per-packet `learn` writes `attached` without a step),
 * so a step costs no copy of the tables on the campus's hot path.
 */
export interface ArState {
  readonly cfg: ArConfig;
  readonly name: string;
  readonly address: string;
  readonly linkLocal: string;
  readonly ho: Map<string, Handover>;
  /** §4.1/§4.2: what each MN said it supports; MNs found to be standard-only. */
  readonly caps: CapsTable;
  readonly standardOnly: Set<string>;
  hiSeq: number;
  /** MNs on the access link now (lla → address they use). */
  readonly attached: Map<string, string>;
  /** Counts the changes to `attached`: the engine skips a `learn` that could change nothing (its per-packet fast path). */
  attachedGen: number;
  /** Fault injection of the scenario: lose the first N of a kind. */
  readonly lost: Map<string, number>;
}

/** What the step may read besides its state: its own node's data plane, its BETH machine, and the run's seeded random stream. */
export interface ArView {
  readonly rng: Rng;
  ncLookup(addr: string): { lla: string; state: NcState } | undefined;
  hasTunnel(addr: string): boolean;
  /** Is the MN with this LLA waiting for a Router Advertisement (movement detection)? */
  listening(mnLla: string): boolean;
  /** Does this router's BETH machine carry a BET for the MN (§3.3)? */
  bethHandles(mnLla: string): boolean;
  readonly hasBeth: boolean;
}

/** An input of the AR's step: a message (with the sender's link-layer address), a timer, a layer-2 trigger. */
export type ArInput =
  | { on: 'message'; msg: Message; fromLla: string | undefined }
  | { on: 'timer'; timer: Timer }
  | { on: 'ra-start' }
  | { on: 'link-up'; mnLla: string }
  | { on: 'link-down'; mnLla: string }
  /** L2-ST at the oAR (network-initiated, §3.1.2): the MN will move to `apLla`. */
  | { on: 'source-trigger'; mnLla: string; apLla: string }
  /** §4.3: the MN crosses out of this BETH area's boundary AR towards `apLla`, whose area speaks `code`. */
  | { on: 'beth-boundary'; mnLla: string; coa: string; apLla: string; code: number }
  /** §3.5.2: this router's BETH machine tore a BET down on the MN's BU (lifetime 0): acknowledge it. */
  | { on: 'bet-torn'; msg: Extract<Message, { kind: 'BU' }> };

/** One step's context: the state, the view, and the actions written so far, in order. */
export class ArCtx {
  readonly out: Action[] = [];
  /** The tunnels this step made or removed, so a later read in the same step sees them (`hasTunnel`). */
  private tunnels: Map<string, boolean> | undefined;
  constructor(
    readonly st: ArState,
    readonly view: ArView,
  ) {}

  get T() {
    return this.st.cfg.timers;
  }
  get spec() {
    return this.st.cfg;
  }

  send(msg: Message, why: string): void {
    this.out.push({ do: 'send', msg, why });
  }
  onLink(mnLla: string, msg: Message, why: string): void {
    this.out.push({ do: 'send-link', mnLla, msg, why });
  }
  tunnelled(msg: Message, peer: string, why: string): void {
    this.out.push({ do: 'send-tunnelled', msg, peer, why });
  }
  state(machine: string, from: string, to: string, why: string): void {
    this.out.push({ do: 'state', machine, from, to, why });
  }
  arm(timer: Timer, delayUs: number | { min: number; max: number }): void {
    this.out.push({ do: 'arm', timer, delayUs });
  }
  cancel(timer: Timer): void {
    this.out.push({ do: 'cancel', timer });
  }
  tunnelTo(addr: string, peer: string, lifetimeUs: number, why: string): void {
    (this.tunnels ??= new Map()).set(addr, lifetimeUs > 0);
    this.out.push({ do: 'tunnel', addr, peer, lifetimeUs, why });
  }
  untunnel(addr: string, why: string): void {
    (this.tunnels ??= new Map()).set(addr, false);
    this.out.push({ do: 'untunnel', addr, why });
  }
  hasTunnel(addr: string): boolean {
    return this.tunnels?.get(addr) ?? this.view.hasTunnel(addr);
  }
  reverse(src: string, peer: string, lifetimeUs: number, why: string): void {
    this.out.push({ do: 'reverse', src, peer, lifetimeUs, why });
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

  // ------------------------------------------------------------ the state's small helpers

  entry(mnLla: string): Handover {
    let h = this.st.ho.get(mnLla);
    if (!h) {
      h = { mnLla, oCoA: '', oar_: { p: 'idle' }, nar_: { p: 'idle' } };
      this.st.ho.set(mnLla, h);
    }
    return h;
  }
  setOar(h: Handover, next: OarPhase, why: string): void {
    this.state(`oAR:${h.mnLla}`, h.oar_.p, next.p, why);
    h.oar_ = next;
  }
  setNar(h: Handover, next: NarPhase, why: string): void {
    this.state(`nAR:${h.mnLla}`, h.nar_.p, next.p, why);
    h.nar_ = next;
  }
  /** Record what address an attached MN uses (from its traffic or its F-NA/NA). */
  learn(mnLla: string, addr: string): void {
    learnAddress(this.st, mnLla, addr);
  }
  /** Retransmission wait: max(2 × RTT, 100 ms) (§5.1.1, §5.2.1). */
  retryUs(rttUs: number): number {
    return Math.max(2 * rttUs, 100_000);
  }
  /** The row of the configured neighbour table for an attachment point (config.ts `ApNeighbor`, §3.1). */
  apRow(apLla: string): ApNeighbor | undefined {
    for (const a of this.spec.aps) if (a.apLla === apLla) return a;
    return undefined;
  }
  /** The configured capabilities of the neighbour AR with this name (the table's rows, §3.1.3–§3.1.4, §5.2.1). */
  neighborCaps(name: string): ApNeighbor['caps'] | undefined {
    for (const a of this.spec.aps) if (a.router.name === name) return a.caps;
    return undefined;
  }
}

/** Called for every packet from an attached MN: one lookup, and a write only when the address changes. */
export function learnAddress(st: ArState, mnLla: string, addr: string): void {
  const cur = st.attached.get(mnLla);
  if (cur !== undefined && cur !== addr) {
    st.attached.set(mnLla, addr);
    st.attachedGen++;
  }
}

/** The timers of one MN's handover at this router (named as the trace names them). */
export const hiRetry = (mnLla: string, hiId: number): Timer => ({ name: 'HI-retry', key: mnLla, id: hiId });
export const defendTimer = (mnLla: string): Timer => ({ name: 'defend', key: mnLla });
export const tunnelLifetime = (mnLla: string): Timer => ({ name: 'tunnel-lifetime', key: mnLla });
/** The periodic RA's timer: unnamed in the trace (it would fill it), see ar.ts. */
export const RA_TIMER: Timer = { name: '', key: 'RA' };
export const rsReply = (mnLla: string): Timer => ({ name: 'RS-reply', key: mnLla });
