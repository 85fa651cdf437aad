// Tunnel-based handover (BETH, §3.2–§3.5): the access router's second machine, as a pure step
// (issue 10): `bethStep(state, input, now, view) → (state, actions)`. The input is a HI / HACK /
// HTT that carries H, T or R, a named timer, a layer-2 trigger of Table 1 or the MN's BU with its
// nCoA (§3.5.2); the actions (core/roles/actions.ts) are carried out by the engine
// (core/engine/effects.ts) in order. Per MN (keyed by its link-layer address) the router keeps
// (beth-state.ts):
//   - `ho`:      a handover under way, as source (the AR the MN is leaving) or target (nAR),
//   - `anchor`:  the network end of a BET (the MN's CoA is ours, the MN is elsewhere: we are its aAR),
//   - `serving`: the MN is on our link with a CoA of another AR (the radio end of the BET).
// The AR serving the MN is beth-serving.ts, the AR it is coming to beth-target.ts, the anchor
// beth-anchor.ts; every transition cites the draft and is a row of its machine's table
// (core/roles/machines.ts: BETH-ho, BETH-anchor, BETH-serving, BETH-security). `BethRouter` is the
// node: its state between steps and the kernel ids of its armed timers. The access router
// (ar.ts) hands it its messages, triggers and BUs.
import type { HACK, HI, Message } from '../wire/types.ts';
import type { TimerId } from '../sim/kernel.ts';
import type { ArConfig, NodeTimers } from './config.ts';
import { joinPrefixIid } from '../wire/addr.ts';
import type { Net } from './net.ts';
import type { Step, Timer, TimerHost } from './actions.ts';
import { linkLocal, optAddress, optLifetime, optLla } from './build.ts';
import {
  answerKey,
  BET_END,
  BET_LIFETIME,
  BET_PLACEMENT,
  BET_RENEW,
  BethCtx,
  bethInit,
  DEFAULT_BETH,
  learnHome,
  type Anchor,
  type BethConfig,
  type BethIdentity,
  type BethInput,
  type BethState,
  type BethView,
  type Peer,
  type Serving,
} from './beth-state.ts';
import {
  anchoredFor,
  anchorRenewal,
  anchorTargetHi,
  onAnchorExpiry,
  onBicastOff,
  onBindingUpdate,
  onPlacementTimer,
} from './beth-anchor.ts';
import {
  answerTargetHi,
  backOnOldLink,
  onEndTimer,
  onExitGrace,
  onLinkDown,
  onRenewalAck,
  onRenewTimer,
  onSourceTrigger,
  servingRenewal,
  sourceHack,
} from './beth-serving.ts';
import {
  arrived,
  checkTrigger,
  onHiH,
  onHtt,
  onTargetTrigger,
  targetCancel,
  targetHack,
  unawaitBet,
} from './beth-target.ts';

export {
  classifyRenewal,
  DEFAULT_BETH,
  INFINITE_LIFETIME,
  lifetimeUs,
  negotiate,
  type BethConfig,
  type BethInput,
  type BethState,
  type BethView,
  type Triggers,
} from './beth-state.ts';
export { bethInit } from './beth-state.ts';

/** What a BETH router is configured with, from its AR's configuration (its capabilities, docs/scenarios.md). */
export function bethConfigOf(c: ArConfig): BethConfig {
  const k = c.caps;
  return {
    ...DEFAULT_BETH,
    triggers: k.triggers,
    lifetimeS: k.betLifetimeS,
    placement: k.betPlacement,
    renew: k.betRenew,
    grantRenewal: k.betGrant,
    buffer: k.buffer,
  };
}

/** The router's names and addresses, as its AR has them (ar.ts `arInit`). */
export function bethIdentityOf(c: ArConfig): BethIdentity {
  return {
    name: c.name,
    address: joinPrefixIid(c.prefix, '::1'),
    lla: c.lla,
    linkLocal: linkLocal(c.lla),
    prefix: c.prefix,
  };
}

/** Is this one of ours (BETH flags)? The §3.1 code (ar.ts) handles the others. */
export function isBeth(m: Message): m is HI | HACK {
  return (m.kind === 'HI' || m.kind === 'HACK') && (m.flags.H || m.flags.T || m.flags.R);
}

/** One step of the BETH machine. */
export function bethStep(st: BethState, input: BethInput, now: number, view: BethView): Step<BethState> {
  const c = new BethCtx(st, now, view);
  switch (input.on) {
    case 'message':
      if (input.msg.kind === 'HI') onHI(c, input.msg);
      else onHACK(c, input.msg);
      break;
    case 'timer':
      onTimer(c, input.timer);
      break;
    case 'source-trigger':
      onSourceTrigger(c, input.mnLla, input.coa, input.peer);
      break;
    case 'target-trigger':
      onTargetTrigger(c, input.mnLla, input.peer);
      break;
    case 'link-up':
      // L2-LU at this router (§3.3 step 4b, §3.3 step 6, §3.4 step 5a / 6); first the §8.2.1 check.
      checkTrigger(c, input.mnLla);
      if (!arrived(c, input.mnLla)) backOnOldLink(c, input.mnLla);
      break;
    case 'link-down':
      onLinkDown(c, input.mnLla);
      break;
    case 'binding-update':
      onBindingUpdate(c, input.coa, input.lifetime);
      break;
    case 'home':
      learnHome(st, input.mnLla, input.home);
      break;
  }
  return { state: st, actions: c.out };
}

function onTimer(c: BethCtx, t: Timer): void {
  switch (t.name) {
    case 'BETH-HI-retry':
      return onHiRetry(c, t);
    case BET_LIFETIME:
      return onAnchorExpiry(c, t);
    case BET_PLACEMENT:
      return onPlacementTimer(c, t);
    case 'BET-bicast':
      return onBicastOff(c, t);
    case BET_RENEW:
      return onRenewTimer(c, t);
    case BET_END:
      return onEndTimer(c, t);
    case 'BET-exit-grace':
      return onExitGrace(c, t);
  }
}

/** `BETH-HI-retry` fired: §5.2.1 "the Handover Initiate SHOULD be resent up to 4 times", then give up. */
function onHiRetry(c: BethCtx, t: Timer): void {
  const mnLla = t.key;
  const h = c.st.ho.get(mnLla);
  if (!h || (h.p !== 'src-wait' && h.p !== 'tgt-wait') || h.id !== t.id) return; // an earlier HI's timer
  if (h.tries < c.st.timers.hiResends) {
    c.sendHi(mnLla, h.id, h.hi);
    h.tries++;
    c.arm(t, c.retryUs());
    return;
  }
  if (h.p === 'src-wait') c.setHo(mnLla, undefined, 'no HACK after the resends: no tunnel-based handover (§5.2.1)');
  else if (h.three) {
    unawaitBet(c, mnLla, h);
    c.setHo(mnLla, undefined, 'aAR never answered (§5.2.1)');
  } else c.setHo(mnLla, undefined, 'no HACK after the resends (§5.2.1)');
}

function onHI(c: BethCtx, m: HI): void {
  const peer = c.view.peerOf(m.src);
  if (!peer) return;
  const mnLla = optLla(m, 'LLA', 2) ?? '';
  const offered = optLifetime(m) ?? 0;
  const f = m.flags;
  // §3.3 step 2a: an HI(H) carries the MN's home address (sub-type 4, I-22): remembered for later HIs/HACKs.
  if (f.H && !f.T) learnHome(c.st, mnLla, optAddress(m, 4));
  // A resent HI(H), HI(T) or HTT this router already answered: its HACK was lost, so the same
  // HACK again, and nothing else — the first one already moved the state on (§5.2.1 resends,
  // §5.2.2 "MUST respond"; ar.ts does the same for §3.1). Deciding afresh would answer from the
  // new state: an aAR that has already moved the BET to the asking nAR refused it (code 128),
  // and that nAR gave up while the BET still came to it, looping its packets back (soak case 313).
  if (!f.R) {
    const done = c.st.answered.get(answerKey(m));
    if (done && c.now - done.t <= c.retryBudgetUs()) {
      c.send(done.hack, 'a resent HI this router already answered: the same HACK again (§5.2.1, §5.2.2)');
      return;
    }
  }
  if (f.H && f.T) return onHtt(c, m, mnLla, offered);
  if (f.H) return onHiH(c, m, peer, mnLla, offered);
  if (f.T) {
    // Received by the aAR (§3.4 step 3), or by the oAR (two-party, §3.3 step 3a / three-party HTT reply, §3.4 step 2b).
    if (!anchorTargetHi(c, m, peer, mnLla, offered)) answerTargetHi(c, m, peer, mnLla, offered);
    return;
  }
  if (f.R) onRenewal(c, m, peer, mnLla, offered);
}

/** HI with R: renewal, eventual or immediate termination (Figure 12, §3.4.1), cancel (§3.3 step 6, §3.4 step 4b). */
function onRenewal(c: BethCtx, m: HI, peer: Peer, mnLla: string, lifetime: number): void {
  const a = c.st.anchors.get(mnLla);
  if (a) return anchorRenewal(c, m, peer, mnLla, lifetime, a);
  const s = c.st.serving.get(mnLla);
  if (s && peer.name === s.anchor.name) return servingRenewal(c, m, mnLla, lifetime, s);
  if (targetCancel(c, m, peer, mnLla, lifetime)) return;
  c.send(
    c.hackMsg(m.src, m.identifier, 'R', 0, optAddress(m, 1)),
    'HI(R) for a BET this router does not hold: acknowledged with lifetime 0 (§3.4.1)',
  );
}

function onHACK(c: BethCtx, m: HACK): void {
  const peer = c.view.peerOf(m.src);
  if (!peer) return;
  const life = optLifetime(m) ?? 0;
  if (m.flags.R) return onRenewalAck(c, m, peer, life);
  for (const [mnLla, h] of c.st.ho) {
    if ((h.p !== 'src-wait' && h.p !== 'tgt-wait') || h.id !== m.identifier) continue;
    // §3.3 step 3a: a HACK(T) carries the MN's home address (sub-type 4, I-22).
    if (m.flags.T && !m.flags.H) learnHome(c.st, mnLla, optAddress(m, 4));
    if (h.p === 'src-wait') return sourceHack(c, m, mnLla, h, life);
    return targetHack(c, m, peer, mnLla, h, life);
  }
  // no entry waits for it: a late duplicate
}

/** The BETH machines and their states now (the engine's live state, World.live). */
export function bethMachines(st: BethState): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [lla, h] of st.ho) out[`BETH-ho:${lla}`] = h.p;
  for (const [lla, a] of st.anchors) out[`BETH-anchor:${lla}`] = `to ${a.peer.name}`;
  for (const lla of st.serving.keys()) out[`BETH-serving:${lla}`] = 'serving';
  for (const m of st.mismatches) out[`BETH-security:${m.split('→')[1]}`] = 'mismatch';
  return out;
}

/** Is this router doing BETH for the MN (so the §3.1 code leaves it alone)? */
export function bethHandles(st: BethState, mnLla: string): boolean {
  return st.ho.has(mnLla) || st.anchors.has(mnLla) || st.serving.has(mnLla);
}

/** The BETH machine of one access router: its state between steps, and the kernel ids of its armed timers. */
export class BethRouter implements TimerHost {
  state: BethState;
  readonly armed = new Map<string, TimerId>();
  private readonly view: BethView;

  /**
   * `attachedCoa`: the address an MN on the router's access link uses (the AR's own table). The
   * HI identifiers' random start is drawn here, after the AR's (the run's draws keep their order).
   */
  constructor(
    private readonly net: Net,
    id: BethIdentity,
    cfg: BethConfig,
    timers: Pick<NodeTimers, 'accessRttUs' | 'hiResends'>,
    attachedCoa: (mnLla: string) => string | undefined,
  ) {
    // Distinct from the §3.1 HI identifiers' space in traces.
    this.state = bethInit(id, cfg, timers, net.rng.int(0, 0x7fff) | 0x8000);
    this.view = {
      peerOf: (addr) => {
        const r = net.routerOfPrefix(addr);
        return r && r.address === addr ? r : undefined;
      },
      attachedCoa,
    };
  }

  get anchors(): ReadonlyMap<string, Anchor> {
    return this.state.anchors;
  }
  get serving(): ReadonlyMap<string, Serving> {
    return this.state.serving;
  }
  /** §8.2.1 mismatches found: "announced→arrived". */
  get mismatches(): readonly string[] {
    return this.state.mismatches;
  }
  /** MNs the router has told to obtain a nCoA (§3.5.1). */
  get toldToMove(): ReadonlySet<string> {
    return this.state.toldToMove;
  }

  private run(input: BethInput): void {
    const r = bethStep(this.state, input, this.net.now, this.view);
    this.state = r.state;
    this.net.perform(this.state.name, r.actions, this);
  }
  fire(t: Timer): void {
    this.run({ on: 'timer', timer: t });
  }

  /** L2-ST at this router (§3.3 step 1a, §3.4 step 1a). */
  onSourceTrigger(mnLla: string, coa: string, peer: Peer): void {
    this.run({ on: 'source-trigger', mnLla, coa, peer });
  }
  /** L2-TT at this router (§3.3 step 1b). */
  onTargetTrigger(mnLla: string, peer: Peer): void {
    this.run({ on: 'target-trigger', mnLla, peer });
  }
  onLinkUp(mnLla: string): void {
    this.run({ on: 'link-up', mnLla });
  }
  onLinkDown(mnLla: string): void {
    this.run({ on: 'link-down', mnLla });
  }
  onMessage(m: HI | HACK): void {
    this.run({ on: 'message', msg: m });
  }
  /** §3.5.2: a BU (lifetime 0) for the aCoA: tears down the BET this router anchors for it. Returns whether it did. */
  onBindingUpdate(coa: string, lifetime: number): boolean {
    if (lifetime !== 0 || anchoredFor(this.state.anchors, coa) === undefined) return false;
    this.run({ on: 'binding-update', coa, lifetime });
    return true;
  }
  /** The MN's home address, seen in its BU to its home agent (I-36). */
  learnHome(mnLla: string, home: string): void {
    this.run({ on: 'home', mnLla, home });
  }

  machines(): Record<string, string> {
    return bethMachines(this.state);
  }
  handles(mnLla: string): boolean {
    return bethHandles(this.state, mnLla);
  }
  /** Tunnel state this router holds for an MN: for the "nothing lingers" checks. */
  holds(mnLla: string): boolean {
    return bethHandles(this.state, mnLla);
  }
}
