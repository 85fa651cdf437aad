// The access router role: oAR, nAR and aAR of §3.1, and a standard router for Mobile IPv6, as a
// pure step (issue 10): `arStep(state, input, now, view) → (state, actions)`. The input is a
// message, a named timer or a layer-2 trigger; the actions (core/roles/actions.ts) are carried out
// by the engine (core/engine/effects.ts) in order. Per MN (keyed by its link-layer address) the
// router keeps one `Handover` whose oAR and nAR phases are discriminated unions (ar-state.ts);
// every transition cites the draft. The oAR's and anchor's side is ar-oar.ts, the nAR's and the
// link's ar-nar.ts. `AccessRouter` is the node: its state between steps, and its BETH machine
// (core/roles/beth.ts), the router's second step, which it hands BETH's messages, triggers and BUs.
import type { Message } from '../wire/types.ts';
import type { ArConfig } from './config.ts';
import { joinPrefixIid } from '../wire/addr.ts';
import type { TimerId } from '../sim/kernel.ts';
import type { Net } from './net.ts';
import type { Step, Timer, TimerHost } from './actions.ts';
import { ALL_NODES, linkLocal, ra } from './build.ts';
import { BethRouter, bethConfigOf, bethIdentityOf, isBeth } from './beth.ts';
import { CapsTable, codeOf, isCapabilityExchange } from './caps.ts';
import { ArCtx, learnAddress, RA_TIMER, type ArInput, type ArState, type ArView, type Handover } from './ar-state.ts';
import {
  ackBU,
  bethBoundary,
  onBU,
  onCapabilities,
  onFBU,
  onHACK,
  onHiRetry,
  onRtSolPr,
  onSourceTrigger,
  onTunnelExpiry,
  route,
  unansweredPrRtAdv,
} from './ar-oar.ts';
import { arrive, onDefendOver, onFNA, onHI, onNA, onNS, onRS, solicitedRa } from './ar-nar.ts';

export type { ArInput, ArState, ArView } from './ar-state.ts';

/** A standard-only router (§4) does not know the draft's messages: it ignores them. */
export function ignores(cfg: ArConfig, m: Message): boolean {
  return (
    !cfg.caps.fast &&
    (m.kind === 'RtSolPr' || m.kind === 'HI' || m.kind === 'HACK' || m.kind === 'F-BU' || m.kind === 'F-NA')
  );
}

/** The router's state before its first step; `hiSeq0` is the HI identifiers' random start (§5.2.1). */
export function arInit(cfg: ArConfig, hiSeq0: number): ArState {
  const lost = new Map<string, number>();
  for (const l of cfg.caps.loseFirst) lost.set(l.msg, l.count);
  return {
    cfg,
    name: cfg.name,
    address: joinPrefixIid(cfg.prefix, '::1'),
    linkLocal: linkLocal(cfg.lla),
    ho: new Map(),
    caps: new CapsTable(),
    standardOnly: new Set(),
    hiSeq: hiSeq0,
    attached: new Map(),
    attachedGen: 0,
    lost,
  };
}

/** One step of the access router. `now` is unused: its deadlines are the timers it arms. */
export function arStep(st: ArState, input: ArInput, now: number, view: ArView): Step<ArState> {
  void now;
  const c = new ArCtx(st, view);
  switch (input.on) {
    case 'message':
      onMessage(c, input.msg, input.fromLla);
      break;
    case 'timer':
      onTimer(c, input.timer);
      break;
    case 'ra-start':
      c.arm(RA_TIMER, { min: c.T.raMinUs, max: c.T.raMaxUs });
      break;
    case 'link-up':
      onLinkUp(c, input.mnLla);
      break;
    case 'link-down':
      onLinkDown(c, input.mnLla);
      break;
    case 'source-trigger':
      onSourceTrigger(c, input.mnLla, input.apLla);
      break;
    case 'beth-boundary':
      bethBoundary(c, input.mnLla, input.coa, input.apLla, input.code);
      break;
    case 'bet-torn':
      // §3.5.2: the MN's BU to the aAR (Home Address = aCoA, lifetime 0) tears the BET down.
      ackBU(
        c,
        input.msg,
        "the MN's BU (Home Address = aCoA, lifetime 0) tore the BET down: acknowledged (§3.5.2) [I-27]",
      );
      break;
  }
  return { state: st, actions: c.out };
}

function onMessage(c: ArCtx, m: Message, fromLla: string | undefined): void {
  if (ignores(c.spec, m)) return;
  switch (m.kind) {
    case 'RtSolPr':
      if (isCapabilityExchange(m, c.spec.lla)) return onCapabilities(c, m, fromLla);
      return onRtSolPr(c, m, fromLla);
    case 'HI':
      return onHI(c, m);
    case 'HACK':
      return onHACK(c, m);
    case 'F-BU':
      return onFBU(c, m);
    case 'F-NA':
      return onFNA(c, m);
    case 'NA':
      return onNA(c, m, fromLla);
    case 'RS':
      return onRS(c, fromLla);
    case 'BU':
      return onBU(c, m);
    case 'NS':
      return onNS(c, m, fromLla);
    default:
      return; // RA, PrRtAdv, F-BACK, BACK, DATA are not for a router's control plane
  }
}

function onTimer(c: ArCtx, t: Timer): void {
  // The handover timers are named by the MN's LLA (or `anchor:<aCoA>`, §3.1.7), whose entry armed them.
  const h: Handover | undefined = c.st.ho.get(t.key);
  switch (t.name) {
    case RA_TIMER.name:
      // Unsolicited RAs to all nodes, every MinRtrAdvInterval..MaxRtrAdvInterval ([MIPv6] 30–70 ms).
      // Modelling choice: an RA is simulated only towards MNs that are detecting movement (the only ones
      // that act on it); the others would ignore it. Keeps the trace and the campus readable and fast.
      // The timer has no name in the trace, which it would fill.
      if (c.st.attached.size > 0)
        for (const lla of c.st.attached.keys())
          if (c.view.listening(lla))
            c.onLink(
              lla,
              ra(c.st.linkLocal, ALL_NODES, c.spec.lla, c.spec.prefix),
              'periodic Router Advertisement to an MN detecting movement ([MIPv6], RFC 2461 §6.2.4)',
            );
      c.arm(RA_TIMER, { min: c.T.raMinUs, max: c.T.raMaxUs });
      return;
    case 'RS-reply':
      return solicitedRa(c, t.key);
    case 'defend':
      if (h) onDefendOver(c, h);
      return;
    case 'HI-retry':
      if (h) onHiRetry(c, h, t.id ?? -1);
      return;
    case 'tunnel-lifetime':
      if (h) onTunnelExpiry(c, h);
      return;
  }
}

/** L2-LD: the MN left the access link. */
function onLinkDown(c: ArCtx, mnLla: string): void {
  const st = c.st;
  const h = st.ho.get(mnLla);
  if (
    h &&
    h.oar_.p === 'prepared' &&
    !h.pendingFbu &&
    !st.standardOnly.has(mnLla) &&
    st.caps.of(mnLla) === undefined &&
    unansweredPrRtAdv(c, h, mnLla)
  ) {
    // §4.2: a standard MN "will not ... respond to a [PrRtAdv] with a F-BU": suppress from now on.
    st.standardOnly.add(mnLla);
    c.state(`caps:${mnLla}`, 'unknown', 'mipv6', 'PrRtAdv never answered by an F-BU: standard-only MN (§4.2)');
  }
  st.attached.delete(mnLla);
  st.attachedGen++;
  if (c.view.hasBeth) c.out.push({ do: 'beth', on: 'link-down', mnLla });
  if (h && h.oar_.p === 'forwarding' && !h.oar_.routed) {
    // §3.1.3 MAY: the routing change waited for the MN's disconnection (L2-LD, §3.2.1).
    route(c, h, h.oar_.valid, c.T.tunnelLifetimeS * 1_000_000);
    c.setOar(h, { ...h.oar_, routed: true }, 'L2-LD: routing change now (§3.1.3)');
  }
}

/** L2-LU at this router: the MN's layer 2 is up on our link. */
function onLinkUp(c: ArCtx, mnLla: string): void {
  c.st.attached.set(mnLla, '');
  c.st.attachedGen++;
  if (c.view.hasBeth) c.out.push({ do: 'beth', on: 'link-up', mnLla });
  const h = c.st.ho.get(mnLla);
  if (h && h.nar_.p === 'expecting' && c.spec.caps.linkUpDelivers) {
    // §3.1.1: "a similar (but optional) trigger on the AR side MAY allow the nAR to detect the arrival
    // of a MN, and therefore change the MN's neighbor cache state to REACHABLE"; SHOULD begin forwarding.
    arrive(c, h, 'L2-LU trigger (§3.1.1)');
  }
}

/** The router node: its state between steps, its BETH machine, and the kernel ids of its armed timers. */
export class AccessRouter implements TimerHost {
  state: ArState;
  /** Tunnel-based handover (§3.2–§3.5) when the router does it: core/roles/beth.ts. */
  readonly beth: BethRouter | undefined;
  readonly armed = new Map<string, TimerId>();
  private readonly view: ArView;
  /** The scenario's fault injection (the state's map, asked per packet delivered). */
  private readonly lost: Map<string, number>;

  constructor(
    private readonly net: Net,
    readonly spec: ArConfig,
  ) {
    this.state = arInit(spec, net.rng.int(0, 0xffff));
    this.lost = this.state.lost;
    const c = spec.caps;
    this.beth = c.beth
      ? new BethRouter(
          net,
          bethIdentityOf(spec),
          bethConfigOf(spec),
          spec.timers,
          (lla) => this.state.attached.get(lla) || undefined,
        )
      : undefined;
    const name = spec.name;
    const beth = this.beth;
    this.view = {
      get rng() {
        return net.rng;
      },
      ncLookup: (a) => net.fwd.ncLookup(name, a),
      hasTunnel: (a) => net.fwd.hasTunnel(name, a),
      listening: (lla) => net.listening(lla),
      bethHandles: (lla) => beth?.handles(lla) ?? false,
      hasBeth: beth !== undefined,
    };
  }

  get name(): string {
    return this.state.name;
  }
  get address(): string {
    return this.state.address;
  }
  get linkLocal(): string {
    return this.state.linkLocal;
  }
  /** MNs on the access link now (lla → address they use). */
  get attached(): ReadonlyMap<string, string> {
    return this.state.attached;
  }
  /**
   * Counts the changes to `attached`: the engine skips a `learn` that could change nothing (its
   * per-packet fast path). A plain copy of the state's, refreshed after every step and `learn`.
   */
  attachedGen = 0;

  private run(input: ArInput): void {
    const r = arStep(this.state, input, this.net.now, this.view);
    this.state = r.state;
    this.attachedGen = r.state.attachedGen;
    this.net.perform(this.name, r.actions, this);
  }
  fire(t: Timer): void {
    this.run({ on: 'timer', timer: t });
  }
  bethInput(on: 'link-up' | 'link-down', mnLla: string): void {
    if (on === 'link-up') this.beth?.onLinkUp(mnLla);
    else this.beth?.onLinkDown(mnLla);
  }

  /** The router's machines and their states now (the engine's live state, World.live). */
  machines(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const h of this.state.ho.values()) {
      out[`oAR:${h.mnLla}`] = h.oar_.p;
      out[`nAR:${h.mnLla}`] = h.nar_.p;
    }
    for (const lla of this.state.standardOnly) out[`caps:${lla}`] = 'mipv6';
    if (this.beth) Object.assign(out, this.beth.machines());
    return out;
  }

  /** Fault injection of the scenario: lose the first N of a kind (a lossy path). */
  loses(kind: string): boolean {
    // Asked for every packet delivered: most scenarios inject no fault, so no map lookup then.
    const lost = this.lost;
    if (lost.size === 0) return false;
    const n = lost.get(kind) ?? 0;
    if (n <= 0) return false;
    lost.set(kind, n - 1);
    return true;
  }

  /** Periodic RAs (MIPv6 movement detection), from the run's start. */
  startRa(): void {
    this.run({ on: 'ra-start' });
  }
  /** L2-ST at the oAR (network-initiated, §3.1.2). */
  onSourceTrigger(mnLla: string, apLla: string): void {
    this.run({ on: 'source-trigger', mnLla, apLla });
  }
  /** §4.3: the boundary AR of a BETH area tells the MN what the next AR supports, and hands it over. */
  bethBoundary(mnLla: string, coa: string, apLla: string, code: number): void {
    this.run({ on: 'beth-boundary', mnLla, coa, apLla, code });
  }
  onLinkDown(mnLla: string): void {
    this.run({ on: 'link-down', mnLla });
  }
  onLinkUp(mnLla: string): void {
    this.run({ on: 'link-up', mnLla });
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

  /** Record what address an attached MN uses (from its traffic): no step, the engine's per-packet fast path. */
  learn(mnLla: string, addr: string): void {
    learnAddress(this.state, mnLla, addr);
    this.attachedGen = this.state.attachedGen;
  }

  /**
   * The run begins after the §4.1 exchange with this MN (scenario `capabilitiesKnown`): what the
   * exchange would have left here — the MN asked for tunnel-based handover — and the code this AR
   * would have answered (undefined: a standard-only AR, which does not answer, §4.2).
   */
  exchangedBefore(mnLla: string): number | undefined {
    if (!this.spec.caps.fast) return undefined;
    this.state.caps.learn(mnLla, 'beth');
    return codeOf(this.beth ? 'beth' : 'anticipated');
  }

  onMessage(m: Message, fromLla: string | undefined): void {
    if (ignores(this.spec, m)) return;
    // HI / HACK / HTT with H, T or R belong to tunnel-based handover (§3.3, §3.4, §5.2).
    if (this.beth && isBeth(m)) return this.beth.onMessage(m);
    // §3.5.2: a BU (lifetime 0) with the aCoA this router anchors a BET for tears the BET down first.
    if (m.kind === 'BU' && m.lifetime === 0 && this.beth?.onBindingUpdate(m.homeAddress, 0))
      return this.run({ on: 'bet-torn', msg: m });
    this.run({ on: 'message', msg: m, fromLla });
  }
}
