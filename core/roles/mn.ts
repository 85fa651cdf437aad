// The mobile node role: standard Mobile IPv6 and the anticipated fast handover of §3.1, as a pure
// step (issue 10): `mnStep(state, input, now, view) → (state, actions)`. The input is the run's
// start, a message, a named timer, a layer-2 trigger or predictive information; the actions
// (core/roles/actions.ts) are carried out by the engine (core/engine/effects.ts) in order. `phase`
// is a discriminated union (mn-state.ts) and every transition cites the draft (or [MIPv6] /
// RFC 2461–2462 for the standard parts): the fast handover is mn-fast.ts, standard Mobile IPv6,
// the §4 capability exchange and the BETH MN mn-mipv6.ts. `MobileNode` is the node.
import type { Message } from '../wire/types.ts';
import type { MnConfig } from './config.ts';
import { joinPrefixIid, prefix64 } from '../wire/addr.ts';
import type { TimerId } from '../sim/kernel.ts';
import type { Net } from './net.ts';
import type { Step, Timer, TimerHost } from './actions.ts';
import { ALL_NODES, bu, fna, na, optNaack, optPrefix } from './build.ts';
import { hoCapsOf, outcome, type Mechanism } from './caps.ts';
import {
  dadTimer,
  fastOn,
  fbackWait,
  MnCtx,
  rtSolPrRetry,
  type MnInput,
  type MnPhase,
  type MnState,
  type MnView,
  type Target,
} from './mn-state.ts';
import {
  bethArrive,
  bethAt,
  bethBackFrom,
  confirm,
  detect,
  exchangeCaps,
  obtainNcoa,
  onCapabilities,
  onCapsTimeout,
  onDadDone,
  onNA,
  onObtainTimer,
  sendBUs,
  startDad,
} from './mn-mipv6.ts';
import {
  afterConfirmation,
  armFbackWait,
  onFback,
  onFbackWait,
  onMoveDeadline,
  onPredict,
  onPrRtAdv,
  onRtSolPrRetry,
  sendFbu,
} from './mn-fast.ts';

export type { MnInput, MnPhase, MnState, MnView, Target } from './mn-state.ts';

/** The MN's state before its first step; `rtId0`, `fbuSeq0`: the random starts of its RtSolPr identifiers and F-BU sequence numbers. */
export function mnInit(cfg: MnConfig, rtId0: number, fbuSeq0: number): MnState {
  return {
    cfg,
    phase: { p: 'detached' },
    ar: '',
    coa: '',
    prep: undefined,
    prepGen: 0,
    fbuSeq: fbuSeq0,
    buSeq: 0,
    rtId: rtId0,
    fastOff: false,
    lastHo: undefined,
    bethTeardown: undefined,
    confirmed: new Set(),
    mech: 'beth',
    capsId: 0,
    capsAr: '',
    arCodes: new Map(),
  };
}

/** One step of the MN. `now` is unused: its deadlines are the timers it arms. */
export function mnStep(s: MnState, input: MnInput, now: number, view: MnView): Step<MnState> {
  void now;
  const c = new MnCtx(s, view);
  switch (input.on) {
    case 'start':
      start(c, input.ar, input.arCode);
      break;
    case 'message':
      onMessage(c, input.msg);
      break;
    case 'timer':
      onTimer(c, input.timer);
      break;
    case 'predict':
      onPredict(c, input.target);
      break;
    case 'link-down':
      onLinkDown(c);
      break;
    case 'link-up':
      onLinkUp(c, input.cell);
      break;
  }
  return { state: s, actions: c.out };
}

function onTimer(c: MnCtx, t: Timer): void {
  switch (t.name) {
    case 'caps-wait':
      return onCapsTimeout(c);
    case 'RtSolPr-retry':
      return onRtSolPrRetry(c, t.id ?? -1);
    case 'move-deadline':
      return onMoveDeadline(c, t.key, t.id ?? -1);
    case 'F-BACK-wait':
      return onFbackWait(c, t.id ?? -1);
    case 'DAD':
      return onDadDone(c, t.key);
    case 'obtain-nCoA':
      return onObtainTimer(c, t.key);
  }
}

/** The scenario starts with the MN registered at `ar` (binding already in place). */
function start(c: MnCtx, ar: string, arCode?: number | null): void {
  const s = c.s;
  s.ar = ar;
  s.coa = joinPrefixIid(c.router(ar).prefix, c.spec.iid);
  s.confirmed.add(s.coa);
  c.own(s.coa);
  c.own(c.spec.home);
  c.go({ p: 'attached' }, 'initial attachment, binding in place');
  if (c.spec.mode !== 'beth') return;
  // `arCode` given: the run begins after the §4.1 exchange (scenario `capabilitiesKnown`), whose
  // outcome the MN already holds; null: the AR would not have answered (§4.2).
  if (arCode !== undefined) {
    s.arCodes.set(ar, arCode ?? undefined);
    c.setMech(
      outcome('beth', arCode ?? undefined),
      `capability exchange before the run: AR code ${arCode ?? 'none'} (§4.1)`,
    );
  } else exchangeCaps(c);
}

/** L2-LD at the MN. */
function onLinkDown(c: MnCtx): void {
  const s = c.s;
  const ph = s.phase;
  if (ph.p === 'soliciting') {
    c.cancel(rtSolPrRetry(ph.id));
    // §5.1.1: "If the PrRtAdv is not received by the time the MN disconnects from oAR, Fast Handover can not be performed".
    s.prep = undefined;
    c.mark('fallback', 'disconnected before the PrRtAdv');
  }
  if (ph.p === 'prepared' && s.prep && !s.prep.fbuSent && !c.spec.fbuAfterMove) s.prep = undefined;
  if (ph.p === 'dad') c.cancel(dadTimer(ph.addr));
  if (ph.p === 'announcing') c.cancel(fbackWait(0));
  s.ar = '';
  c.go({ p: 'moving' }, 'L2-LD: link down');
}

/** L2-LU at the MN on a router's link (§3.1.1: "The MN MUST receive a Layer 2 trigger when it attaches to the nAR"). */
function onLinkUp(c: MnCtx, cell: Target): void {
  const s = c.s;
  s.ar = cell.router;
  if (c.spec.mode === 'beth' && s.mech === 'beth') return bethArrive(c, cell);
  if (c.spec.mode === 'beth') {
    // Out of the BETH area with the aCoA: once the new CoA is bound, tear the BET down (§3.5.2).
    const a = c.anchor();
    if (a && a.name !== cell.router && bethAt(c, a.name, false)) s.bethTeardown ??= { address: a.address, coa: s.coa };
    // §4.3.1: into a standard-only area, "issue an IPv6 Solicitation for Router Advertisement as soon as it gets the L2-LU".
    if (s.mech === 'mipv6' && !s.prep) return obtainNcoa(c, 'standard-only area: RS at L2-LU (§4.3.1)');
  }
  const p = s.prep;
  const anchor = c.anchor();
  if (p && p.fback !== undefined && p.fback >= 128) {
    // F-BACK rejected the fast handover: standard MIPv6 at the new router.
    s.prep = undefined;
    c.mark('fallback', `F-BACK status ${p.fback}`);
  }
  const back = s.lastHo;
  if (
    back &&
    cell.router === back.oar &&
    (s.phase.p === 'binding' || s.phase.p === 'announcing' || s.phase.p === 'moving')
  ) {
    // §6.1.2: "A MN returning to the oAR before updating the necessary bindings in the nAR MUST send a
    // Binding Update with Home Address equal to the MN's oCoA and a lifetime of zero, to the oAR."
    const o = c.router(back.oar);
    c.send(
      bu(back.oCoA, o.address, back.oCoA, back.oCoA, (s.buSeq = (s.buSeq + 1) & 0xffff), 0, false),
      'back on the oAR before the bindings were updated: BU, Home Address = oCoA, lifetime 0, to the oAR (§6.1.2)',
    );
    s.fastOff = true; // "SHOULD NOT make any attempt to use any of the fast handover mechanisms"
    s.prep = undefined;
    s.lastHo = undefined;
    c.mark('pingpong');
    if (s.phase.p === 'announcing') c.cancel(fbackWait(0));
    const old = s.coa;
    s.coa = back.oCoA;
    s.confirmed.add(back.oCoA);
    c.own(back.oCoA);
    if (old !== back.oCoA) c.disown(old);
    sendBUs(c, 'ping-pong: back on the oAR with the oCoA, BU lifetime 0 to the oAR (§6.1.2)');
    return;
  }
  if (anchor && cell.router === anchor.name) {
    if (p && p.fbuSent) {
      // §6.1.2: back on the oAR before updating the bindings: BU, Home Address = oCoA, lifetime 0, to the oAR.
      c.send(
        bu(s.coa, anchor.address, s.coa, s.coa, ++s.buSeq & 0xffff, 0, false),
        'back on the oAR before the bindings were updated: BU, Home Address = oCoA, lifetime 0, to the oAR (§6.1.2)',
      );
      s.fastOff = true;
      c.mark('pingpong');
    }
    s.prep = undefined;
    c.go({ p: 'attached' }, p ? 'back on the oAR: ping-pong (§6.1.2)' : "back on the CoA's own router");
    c.send(
      na(s.coa, ALL_NODES, s.coa, c.spec.lla, false),
      "back on the CoA's own router: a standard NA announces it (RFC 2461 §7.2.6, §6.1.2)",
    );
    return;
  }
  if (s.prep && c.fast && cell.router === s.prep.nar) {
    const q = s.prep;
    s.lastHo = { oar: q.fbuTo, oCoA: q.oCoA };
    if (!q.fbuSent) sendFbu(c, q, 'the F-BU could not go from the old link: it is sent from the new one (§3.1.3)'); // §3.1.3: "If this is not possible, the F-BU MUST be sent after the MN connects to the nAR."
    if (q.fback === 0) {
      // §3.1.1: "it MUST either send a standard NA if it has already received the F-B[ACK]".
      c.send(
        na(q.nCoA, ALL_NODES, q.nCoA, c.spec.lla, false),
        'the MN sent a standard NA, not an F-NA, because it already had the F-BACK (§3.1.1) [I-31]',
      );
      confirm(c, q.nCoA, 'F-BACK received before the move (§3.1.3)');
      return;
    }
    // §3.1.1/§5.1.3: "or a F-NA if it has not" — with both CoAs and the LLA.
    c.send(
      fna(s.coa, ALL_NODES, q.nCoA, q.oCoA, c.spec.lla),
      'on the nAR without the F-BACK: the F-NA announces the MN with both CoAs (§3.1.1, §5.1.3) [I-31]',
    );
    armFbackWait(c, q);
    c.go({ p: 'announcing', tries: 0 }, 'on the nAR: F-NA sent (§3.1.8)');
    return;
  }
  if (s.prep && cell.router !== s.prep.nar) {
    // §6.1.2 erroneous movement: on the wrong AR — a BU to the oAR supersedes the binding; standard MIPv6 here.
    const o = c.view.routerByName(s.prep.fbuTo);
    if (o && s.prep.fbuSent)
      c.send(
        bu(s.coa, o.address, s.prep.oCoA, s.prep.oCoA, ++s.buSeq & 0xffff, 0, false),
        "on the wrong AR: a BU to the oAR (Home Address = oCoA, lifetime 0) supersedes the F-BU's binding (§6.1.2)",
      );
    s.prep = undefined;
    c.mark('wrong-ar', cell.router);
  }
  detect(c);
}

function onMessage(c: MnCtx, m: Message): void {
  switch (m.kind) {
    case 'PrRtAdv':
      if (c.spec.mode === 'beth' && hoCapsOf(m) !== undefined) return onCapabilities(c, m, hoCapsOf(m)!);
      return onPrRtAdv(c, m);
    case 'F-BACK':
      return onFback(c, m);
    case 'RA':
      return onRA(c, m);
    case 'BACK':
      return onBACK(c, m);
    case 'NA':
      return onNA(c, m);
    default:
      return;
  }
}

function onRA(c: MnCtx, m: Extract<Message, { kind: 'RA' }>): void {
  const s = c.s;
  const ph = s.phase;
  const naack = optNaack(m);
  if (naack !== undefined) {
    if (ph.p !== 'announcing' || !s.prep) return;
    c.cancel(fbackWait(s.prep.gen));
    // §3.1.8/§5.4.4: the nAR's RA with NAACK answers the F-NA.
    afterConfirmation(c, naack, 'NAACK');
    return;
  }
  // §3.5.1: the current AR's RA to our (a)CoA: the BET is ending, "start the process of nCoA establishment".
  if (c.spec.mode === 'beth' && ph.p === 'attached' && m.dst === s.coa)
    return obtainNcoa(c, 'the current AR says the BET ends (§3.5.1)');
  if (ph.p !== 'detecting') return;
  const prefix = optPrefix(m);
  if (!prefix) return;
  if (prefix64(prefix) === prefix64(s.coa)) {
    c.go({ p: 'attached' }, 'RA: same prefix, no movement');
    return;
  }
  // [MIPv6] movement detected: a new prefix; form the nCoA (RFC 2462) and run DAD.
  startDad(c, joinPrefixIid(`${prefix}/64`, c.spec.iid), 'RA with a new prefix: movement detected');
}

function onBACK(c: MnCtx, m: Extract<Message, { kind: 'BACK' }>): void {
  const s = c.s;
  const ph = s.phase;
  bethBackFrom(c, m);
  if (ph.p !== 'binding' || m.src !== c.spec.haAddress) return;
  if (m.status >= 128) return;
  s.lastHo = undefined;
  c.go({ p: 'attached' }, 'BACK from the HA: handover complete ([MIPv6], §3.1.8)');
  c.mark('completed');
  // §4.1: after the CoA acquisition, the capability exchange with the (new) current AR.
  if (c.spec.mode === 'beth') exchangeCaps(c);
}

/** The MN node: its state between steps and the kernel ids of its armed timers. */
export class MobileNode implements TimerHost {
  state: MnState;
  readonly name: string;
  readonly home: string;
  readonly lla: string;
  readonly armed = new Map<string, TimerId>();
  private lost = new Map<string, number>();
  /** Any fault injected at all (`loses` is asked for every packet delivered: no map lookup when none). */
  private readonly faulty: boolean;
  private readonly view: MnView;

  constructor(
    private readonly net: Net,
    readonly spec: MnConfig,
  ) {
    this.name = spec.name;
    this.home = spec.home;
    this.lla = spec.lla;
    const rtId = net.rng.int(0, 0xffff);
    const fbuSeq = net.rng.int(0, 0x7fff);
    this.state = mnInit(spec, rtId, fbuSeq);
    this.phase = this.state.phase;
    this.mech = this.state.mech;
    this.confirmed = this.state.confirmed;
    for (const l of spec.loseFirst) this.lost.set(l.msg, l.count);
    this.faulty = this.lost.size > 0;
    this.view = {
      get rng() {
        return net.rng;
      },
      routerByName: (n) => net.routerByName(n),
      routerOfPrefix: (a) => net.routerOfPrefix(a),
    };
  }

  // Copies of the state's fields the engine reads per packet (the traffic's source address, the
  // model check's confirmed set, `listening` per RA): plain fields, refreshed after every step.
  phase: MnPhase;
  /** Router whose link we are on ('' when detached). */
  ar = '';
  /** The address used as source now (CoA); the nCoA only once confirmed (§3.1.3). */
  coa = '';
  /** Addresses the MN has confirmed for use as a source (for the model-based tests). */
  readonly confirmed: ReadonlySet<string>;
  /** §4: a BETH-capable MN's mechanism with its current AR. */
  mech: Mechanism;
  get fast(): boolean {
    return fastOn(this.state);
  }

  loses(kind: string): boolean {
    if (!this.faulty) return false;
    const n = this.lost.get(kind) ?? 0;
    if (n <= 0) return false;
    this.lost.set(kind, n - 1);
    return true;
  }

  private run(input: MnInput): void {
    const r = mnStep(this.state, input, this.net.now, this.view);
    const st = (this.state = r.state);
    this.phase = st.phase;
    this.ar = st.ar;
    this.coa = st.coa;
    this.mech = st.mech;
    this.net.perform(this.name, r.actions, this);
  }
  fire(t: Timer): void {
    this.run({ on: 'timer', timer: t });
  }

  /** The scenario starts with the MN registered at `ar` (binding already in place). */
  start(ar: string, arCode?: number | null): void {
    this.run({ on: 'start', ar, arCode });
  }
  /** Predictive information at the MN (mobile-initiated, §3.1.6). */
  onPredict(t: Target): void {
    this.run({ on: 'predict', target: t });
  }
  /** L2-LD at the MN. */
  onLinkDown(): void {
    this.run({ on: 'link-down' });
  }
  /** L2-LU at the MN on a router's link. */
  onLinkUp(cell: Target): void {
    this.run({ on: 'link-up', cell });
  }
  onMessage(m: Message): void {
    this.run({ on: 'message', msg: m });
  }

  /** The MN's machines and their states now (the engine's live state, World.live). */
  machines(): Record<string, string> {
    return { MN: this.state.phase.p, 'MN-mechanism': this.state.mech };
  }
}
