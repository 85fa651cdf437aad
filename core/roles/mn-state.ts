// The mobile node's state, inputs and step context (core/roles/mn.ts is the step; mn-fast.ts the
// anticipated fast handover of §3.1, mn-mipv6.ts standard Mobile IPv6 and the BETH MN). The step
// reads only this state, what the MN is configured with (`MnConfig`), its input and `MnView` — the
// routers it knows by name or prefix, and the run's seeded random stream — and writes its actions
// into `MnCtx.out`.
import type { Message } from '../wire/types.ts';
import type { MnConfig } from './config.ts';
import type { Action, Timer } from './actions.ts';
import type { Milestone } from './net.ts';
import type { Rng } from '../sim/kernel.ts';
import type { Mechanism } from './caps.ts';

export interface Target {
  cell: string;
  router: string;
  lla: string;
}

export type RouterInfo = { name: string; address: string; lla: string; prefix: string };

/** The MN's phase; its timers are named by data (mn-state.ts timers), not held here. */
export type MnPhase =
  | { p: 'attached' }
  | { p: 'soliciting'; target: Target; id: number; tries: number }
  | { p: 'prepared'; target: Target }
  | { p: 'moving' }
  | { p: 'announcing'; tries: number }
  | { p: 'detecting' }
  | { p: 'dad'; addr: string }
  | { p: 'binding'; coa: string }
  | { p: 'detached' };

/** What the MN learned for the fast handover under way (§3.1). */
export interface Prep {
  /** Tells this handover from a later one when one of its timers fires (`move-deadline`, `F-BACK-wait`). */
  gen: number;
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

/** Everything the MN holds between steps; the step updates it in place (one owner, the MobileNode). */
export interface MnState {
  readonly cfg: MnConfig;
  phase: MnPhase;
  /** Router whose link we are on ('' when detached). */
  ar: string;
  /** The address used as source now (CoA); the nCoA only once confirmed (§3.1.3). */
  coa: string;
  prep: Prep | undefined;
  prepGen: number;
  fbuSeq: number;
  buSeq: number;
  rtId: number;
  /** §6.1.2: after ping-pong the MN reverts to standard MIPv6. */
  fastOff: boolean;
  /** The last fast handover's oAR and oCoA, until its BU to the HA is acknowledged (§6.1.2). */
  lastHo: { oar: string; oCoA: string } | undefined;
  /** BETH §3.5.2: the aAR and aCoA whose BET the MN tears down once its nCoA is bound. */
  bethTeardown: { address: string; coa: string; ha?: boolean; cn?: boolean } | undefined;
  /** Addresses the MN has confirmed for use as a source (for the model-based tests). */
  readonly confirmed: Set<string>;
  /** §4: a BETH-capable MN's mechanism with its current AR (from the capability exchange or a boundary notice). */
  mech: Mechanism;
  capsId: number;
  /** The router the capability exchange under way is with. */
  capsAr: string;
  /**
   * What each AR answered in the §4.1 exchange with it (its Handover Capabilities code; undefined:
   * no answer, §4.2). The MN knows an AR's capabilities only from this — and from a boundary notice
   * (§4.3), which changes `mech` — never from the routers' configuration.
   */
  readonly arCodes: Map<string, number | undefined>;
}

/** What the step may read besides its state: the routers by name or by an address's /64, and the seeded random stream. */
export interface MnView {
  readonly rng: Rng;
  routerByName(name: string): RouterInfo | undefined;
  routerOfPrefix(addr: string): RouterInfo | undefined;
}

/** An input of the MN's step: the run's start, a message, a timer, a layer-2 trigger or predictive information. */
export type MnInput =
  /** The scenario starts with the MN registered at `ar`; `arCode`: the §4.1 outcome it holds (null: no answer). */
  | { on: 'start'; ar: string; arCode?: number | null }
  | { on: 'message'; msg: Message }
  | { on: 'timer'; timer: Timer }
  /** Predictive information at the MN (mobile-initiated, §3.1.6). */
  | { on: 'predict'; target: Target }
  | { on: 'link-down' }
  | { on: 'link-up'; cell: Target };

export const capsWait: Timer = { name: 'caps-wait', key: 'caps' };
export const rtSolPrRetry = (id: number): Timer => ({ name: 'RtSolPr-retry', key: 'RtSolPr', id });
export const fbackWait = (gen: number): Timer => ({ name: 'F-BACK-wait', key: 'F-BU', id: gen });
export const dadTimer = (addr: string): Timer => ({ name: 'DAD', key: addr });
export const obtainNcoaTimer = (router: string): Timer => ({ name: 'obtain-nCoA', key: router });
export const moveDeadline = (anchor: string, gen: number): Timer => ({ name: 'move-deadline', key: anchor, id: gen });

/** One step's context: the state, the view, and the actions written so far, in order. */
export class MnCtx {
  readonly out: Action[] = [];
  constructor(
    readonly s: MnState,
    readonly view: MnView,
  ) {}

  get spec(): MnConfig {
    return this.s.cfg;
  }
  send(msg: Message, why: string): void {
    this.out.push({ do: 'send', msg, why });
  }
  arm(timer: Timer, delayUs: number): void {
    this.out.push({ do: 'arm', timer, delayUs });
  }
  cancel(timer: Timer): void {
    this.out.push({ do: 'cancel', timer });
  }
  own(addr: string): void {
    this.out.push({ do: 'own', addr });
  }
  disown(addr: string): void {
    this.out.push({ do: 'disown', addr });
  }
  mark(what: Milestone, detail?: string): void {
    this.out.push({ do: 'mark', what, detail });
  }
  go(next: MnPhase, why: string): void {
    this.out.push({ do: 'state', machine: 'MN', from: this.s.phase.p, to: next.p, why });
    this.s.phase = next;
  }
  setMech(m: Mechanism, why: string): void {
    if (m === this.s.mech) return;
    this.out.push({ do: 'state', machine: 'MN-mechanism', from: this.s.mech, to: m, why });
    this.s.mech = m;
  }
  router(name: string): RouterInfo {
    return this.view.routerByName(name)!;
  }
  /** The CoA's own router: the oAR, or the anchor AR after a handover that kept the oCoA (§3.1.7). */
  anchor(): RouterInfo | undefined {
    return this.view.routerOfPrefix(this.s.coa);
  }
  /** Fast handover on (§3.1): the mode asks for it, the §4 exchange did not rule it out, no ping-pong (§6.1.2). */
  get fast(): boolean {
    return fastOn(this.s);
  }
}

export function fastOn(s: MnState): boolean {
  const mode = s.cfg.mode;
  return (mode === 'fast' || (mode === 'beth' && s.mech === 'anticipated')) && !s.fastOff;
}
