// The engine: a world of access routers, a home agent, a correspondent node and mobile nodes,
// driven by the kernel. It implements the roles' `Net` interface and wires the parts, each its
// own module under core/engine/: naming (naming.ts: node records, who owns an address), routing
// (routing.ts: shortest paths, the data plane's nodes and tables at the start), the packet pool
// (packet.ts), links (links.ts: wired and radio hops), the data path (datapath.ts: what each node
// does with a packet, the data plane's decisions carried out), the control plane's forwarding
// changes (forwarding.ts), a pure role's actions (effects.ts), §8 security (security.ts), layer
// 2 (layer2.ts: positions → link-layer events, over core/radio.ts), traffic (traffic.ts), the
// tracer (tracer.ts: the trace, core/trace.ts) and the live state (live.ts). It keeps what ties
// them: the roles, the Net calls they make (a message built and sent, a timer, a phase change
// checked against its machine's table), a delivered message handed to its role, and the run.
//
// Every message is built with the packet core's codec (`emit`) when it is originated and parsed
// with its `parse` when it is delivered; data packets are built from per-flow templates in the
// packet core (`flowEmit`). Every packet carries its bytes. Forwarding is the packet core's data
// plane (core/wire/dataplane.ts): each router, the HA and the CN is a data-plane node whose tables
// (addresses, neighbor cache with the §7 states, host and prefix routes, RFC 2473 tunnels,
// oCoA→nCoA and source bindings with lifetimes, per-neighbor buffers) the roles edit through
// `Forwarding`. The MN is a host: it accepts packets for its addresses and unwraps tunnels
// addressed to it.
import { transitionRow } from '../roles/machines.ts';
import type { Message } from '../wire/types.ts';
import { DATA_PORT } from '../wire/types.ts';
import type { Codec } from '../wire/codec.ts';
import { DataPlane } from '../wire/dataplane.ts';
import { parseLla } from '../wire/addr.ts';
import type { Micros, TraceRecord } from '../trace.ts';
import { whyOf } from '../trace.ts';
import { Kernel, Rng, type TimerId } from '../sim/kernel.ts';
import type { AttackSpec, Scenario } from '../scenario/schema.ts';
import { bestCell, Mobility, type Cell } from '../radio.ts';
import { Layer2 } from './layer2.ts';
import { LiveView, type LiveState } from './live.ts';
import type { Milestone, Net } from '../roles/net.ts';
import { AccessRouter } from '../roles/ar.ts';
import { MobileNode, type Target } from '../roles/mn.ts';
import { HomeAgent } from '../roles/ha.ts';
import { Correspondent } from '../roles/cn.ts';
import { innermost } from '../roles/build.ts';
import { Measures } from '../measures.ts';
import { arConfigOf, mnConfigOf } from './configs.ts';
import { Tracer } from './tracer.ts';
import { controlPkt, PacketPool, type Pkt } from './packet.ts';
import { attackMessage, Security } from './security.ts';
import { ControlPlane } from './forwarding.ts';
import { perform, type TimerHost } from './effects.ts';
import type { Action } from '../roles/actions.ts';
import { mobileRecord, Names, type MobileState, type RouterInfo, type RouterState } from './naming.ts';
import { emptyTopology, setupDataPlane, type Topology, type WiredLink } from './routing.ts';
import { Links } from './links.ts';
import { DataPath } from './datapath.ts';
import { Traffic } from './traffic.ts';

export type { LiveState } from './live.ts';
export type { MobileState, RouterState } from './naming.ts';
export type { Handle } from './forwarding.ts';

export interface WorldOptions {
  seed: number;
  /** Keep trace records (off for the campus benchmark: measures only). */
  trace?: boolean;
  /** Called with each record as it happens. */
  onRecord?: (r: TraceRecord) => void;
  /** Keep data flows' per-hop decisions (core/engine/hopcache.ts); off only to check that it changes nothing. */
  hopCache?: boolean;
}

export class World implements Net {
  readonly kernel = new Kernel(4096);
  readonly rng: Rng;
  readonly sc: Scenario;
  readonly measures: Measures;
  readonly cells: Cell[] = [];
  private readonly trace: boolean;
  private readonly codec: Codec;
  /** The trace and its fingerprint (core/engine/tracer.ts). */
  readonly tracer: Tracer;
  /** §8: which messages carry an AH, the security associations, the attacks (core/engine/security.ts). */
  private readonly security: Security;
  /** The control side of forwarding (core/engine/forwarding.ts). */
  private readonly ctl: ControlPlane;
  /** The roles' forwarding requests (Net.fwd): the control plane. */
  readonly fwd: ControlPlane;
  /** Packets in flight and the slots of the packet core's pool (core/engine/packet.ts). */
  private readonly pool: PacketPool;
  /** Node records and who owns each address (core/engine/naming.ts). */
  private readonly names = new Names();
  private readonly routers = new Map<string, RouterState>();
  private readonly routerInfo: Map<string, RouterInfo> = this.names.routerInfo;
  private readonly mobiles: Map<string, MobileState> = this.names.mobiles;
  private readonly links: WiredLink[] = [];
  /** The data plane's nodes and wired ports (core/engine/routing.ts). */
  private readonly topo: Topology = emptyTopology();
  private readonly ha: HomeAgent;
  /** The MNs' movement and the layer-2 events it causes (core/engine/layer2.ts). */
  private readonly layer2: Layer2;
  /** The tables of every node now (core/engine/live.ts). */
  private readonly view: LiveView;
  private readonly cn: Correspondent;
  /** Wired and radio hops (core/engine/links.ts). */
  private readonly hops: Links;
  /** What each node does with a packet (core/engine/datapath.ts). */
  private readonly path: DataPath;
  /** The scenario's flows (core/engine/traffic.ts). */
  private readonly traffic: Traffic;
  /** The data plane (one per world: it lives in this world's packet core instance). */
  readonly dp: DataPlane;
  /** Conservation counters: every packet is delivered, dropped, buffered or in flight. */
  readonly count = { sent: 0, delivered: 0, dropped: 0, inFlight: 0, buffered: 0, authRejected: 0 };
  /** Model-check observations (read by tests). */
  readonly violations: string[] = [];

  constructor(sc: Scenario, codec: Codec, opts: WorldOptions) {
    this.sc = sc;
    this.codec = codec;
    this.rng = new Rng(opts.seed);
    this.trace = opts.trace ?? true;
    this.pool = new PacketPool(codec);
    this.tracer = new Tracer(
      this.kernel,
      this.trace,
      opts.onRecord,
      (a) => this.names.nodeOf(a),
      (p) => this.pool.bytesOf(p as Pkt),
    );
    this.security = new Security(codec.core, sc.security.associations, sc.security.attacks, (n) => this.routers.has(n));
    // The data plane's tables live in the packet core instance (one world per instance, ownCore).
    this.dp = new DataPlane(codec.core);
    coreOwner.set(codec.core, this);
    this.ctl = new ControlPlane({
      kernel: this.kernel,
      dp: this.dp,
      dpId: this.topo.dpId,
      dpAddress: this.topo.dpAddress,
      tracer: this.tracer,
      haName: sc.ha.name,
      bufferCap: (n) => this.routers.get(n)!.role.spec.caps.bufferPackets,
      expect: (a, lla) => this.expect(a, lla),
      drop: (n, p, reason) => this.path.drop(n, p, reason),
      onward: (n, p, lla) => this.path.onward(n, p, lla),
      count: this.count,
    });
    this.fwd = this.ctl;
    this.measures = new Measures(
      Math.ceil(sc.durationUs / Math.max(100, Math.min(...sc.traffic.map((t) => t.intervalUs), 20_000))) + 8,
      sc.traffic.length,
    );
    this.layer2 = new Layer2({
      kernel: this.kernel,
      sc,
      cells: this.cells,
      mobiles: this.mobiles,
      routers: this.routers,
      routerInfo: this.routerInfo,
      measures: this.measures,
      trace: this.trace,
      emit: (r) => this.tracer.emit(r),
      ownCore: () => this.ownCore(),
    });

    // Routers and their cells (an AP bridged to a router is a cell of that router, §3.1.1 case 2).
    const names = this.names;
    for (const r of sc.routers) {
      if (r.apOf) continue;
      const role = new AccessRouter(this, arConfigOf(sc, r));
      this.routers.set(r.name, { role, cells: [], id: -1 });
      this.routerInfo.set(r.name, { name: r.name, address: role.address, lla: r.lla, prefix: r.prefix });
      names.addNode(r.name, [role.address, role.linkLocal], [role.address]);
    }
    for (const r of sc.routers) {
      const owner = r.apOf ?? r.name;
      const c: Cell = { name: r.name, router: owner, x: r.x, y: r.y, radius: r.radius, lla: r.lla };
      this.cells.push(c);
      this.routers.get(owner)!.cells.push(c);
    }
    this.ha = new HomeAgent(sc.ha.name, sc.ha.address);
    names.addNode(sc.ha.name, [sc.ha.address], [sc.ha.homePrefix.split('/')[0]!, sc.ha.address]);
    this.cn = new Correspondent(sc.cn.name, sc.cn.address);
    names.addNode(sc.cn.name, [sc.cn.address], [sc.cn.address]);
    for (const l of sc.links) this.links.push({ a: l.a, b: l.b, delayUs: l.delayUs, bps: l.bandwidthBps });
    setupDataPlane(this.topo, this.dp, this.routers, sc.ha, sc.cn, this.links, names.prefixOwner);
    this.view = new LiveView({
      kernel: this.kernel,
      mobiles: this.mobiles,
      routers: this.routers,
      ha: this.ha,
      cn: this.cn,
      dp: this.dp,
      dpId: this.topo.dpId,
      bindings: this.ctl.bindings,
      sourceBindings: this.ctl.sourceBindings,
      buffering: this.ctl.buffering,
    });
    this.hops = new Links({
      kernel: this.kernel,
      count: this.count,
      measures: this.measures,
      airBandwidthBps: sc.radio.airBandwidthBps,
      airDelayUs: sc.radio.airDelayUs,
      dpId: this.topo.dpId,
      routerById: this.topo.routerById,
      busy: this.topo.busy, // (made by setupDataPlane, above)
    });
    this.path = new DataPath({
      kernel: this.kernel,
      codec,
      dp: this.dp,
      topo: this.topo,
      names,
      ctl: this.ctl,
      pool: this.pool,
      tracer: this.tracer,
      security: this.security,
      links: this.hops,
      measures: this.measures,
      count: this.count,
      violations: this.violations,
      cnName: sc.cn.name,
      flows: sc.traffic.length,
      trace: this.trace,
      hopCache: opts.hopCache ?? true,
      toRole: (node, m, fromLla, mn) => this.toRole(node, m, fromLla, mn),
    });
    this.hops.ends = this.path;

    for (const m of sc.mobiles) {
      const role = new MobileNode(this, mnConfigOf(sc, m));
      const mob = new Mobility(m.path, m.x, m.y, sc.radio.predict);
      const s = mobileRecord(role, parseLla(m.lla), this.measures.handle(m.name), mob);
      names.addMobile(m.name, m.lla, m.home, s);
    }
    this.traffic = new Traffic({
      kernel: this.kernel,
      specs: sc.traffic,
      mobiles: this.mobiles,
      cn: this.cn,
      cnAddress: sc.cn.address,
      cnId: this.topo.cnId,
      dp: this.dp,
      pool: this.pool,
      path: this.path,
      links: this.hops,
      measures: this.measures,
      count: this.count,
      tracer: this.tracer,
      trace: this.trace,
      violations: this.violations,
    });
  }

  get now(): Micros {
    return this.kernel.now;
  }
  /** The trace records (empty when the trace is off). */
  get records(): TraceRecord[] {
    return this.tracer.records;
  }
  get fingerprint() {
    return this.tracer.fingerprint;
  }

  /** Puts every MN on its initial cell with its binding in place; starts RAs, ticks and traffic. */
  start(): void {
    for (const s of this.mobiles.values()) {
      const p = s.mob.at(0);
      const c = bestCell(this.cells, p.x, p.y);
      if (!c) continue; // the MN starts detached (its initial phase)
      s.cell = c;
      s.up = true;
      const rs = this.routers.get(c.router)!;
      rs.role.onLinkUp(s.role.lla);
      // The run may begin after the MN's §4.1 capability exchange (Figures 7–12 do not draw it).
      const code = s.role.spec.capabilitiesKnown ? (rs.role.exchangedBefore(s.role.lla) ?? null) : undefined;
      s.role.start(c.router, code);
      rs.role.learn(s.role.lla, s.role.coa);
      // The binding in place came from a BU the MN sent through this AR: what that left here.
      rs.role.sawBindingUpdate(s.role.lla, s.role.home);
      this.dp.setNeighbor(rs.id, s.role.coa, { state: 'REACHABLE', link: 0, lla: s.role.lla });
      this.tracer.neighbor(c.router, s.role.coa, s.role.lla, 'REACHABLE', 'the MN starts attached here');
      const start = { on: 'start' as const, home: s.role.home, coa: s.role.coa };
      perform(this, this.ha.name, this.ha.step(start, this.now));
      if (this.sc.bindCn) perform(this, this.cn.name, this.cn.step(start, this.now));
    }
    for (const r of this.routers.values()) r.role.startRa();
    for (const a of this.sc.security.attacks) if (a.forge !== 'L2-TT') this.kernel.at(a.atUs, () => this.attack(a));
    this.layer2.armTick();
    this.traffic.start();
  }

  // ------------------------------------------------------------------ Net: registry (core/engine/naming.ts)

  own(node: string, addr: string): void {
    this.names.own(node, addr);
  }
  disown(node: string, addr: string): void {
    this.names.disown(node, addr);
  }
  /** The nAR validated or allocated an address the MN will use: name it in the trace. */
  expect(addr: string, mnLla: string): void {
    this.names.expect(addr, mnLla);
  }
  listening(mnLla: string): boolean {
    // Asked for each attached MN at each router's RA (every 30–70 ms): the small map of detecting MNs first.
    if (!this.detecting.has(mnLla)) return false;
    return this.names.mobileByLla(mnLla)?.role.phase.p === 'detecting';
  }
  /** MNs in the movement-detection phase, by link-layer address (a count, should two share one); kept by `state`. */
  private readonly detecting = new Map<string, number>();
  routerOfPrefix(addr: string) {
    return this.names.routerOfPrefix(addr);
  }
  routerByName(name: string) {
    return this.routerInfo.get(name);
  }

  // ------------------------------------------------------------------ Net: trace

  state(node: string, machine: string, from: string, to: string, why: string): void {
    if (machine === 'MN' && (from === 'detecting') !== (to === 'detecting')) {
      // Every MN phase change comes through here (MobileNode.go): keep the detecting MNs for `listening`.
      const lla = this.mobiles.get(node)?.role.lla;
      if (lla !== undefined) {
        const n = (this.detecting.get(lla) ?? 0) + (to === 'detecting' ? 1 : -1);
        if (n > 0) this.detecting.set(lla, n);
        else this.detecting.delete(lla);
      }
    }
    const w = whyOf(why);
    // Model check: every transition a role takes is a row of its machine's table (core/roles/machines.ts).
    if (!transitionRow(machine, from, to, w.section))
      this.violations.push(`${node}: ${machine} ${from} → ${to} is not a row of its table (${why}) at ${this.now}`);
    this.tracer.state(node, machine, from, to, w);
  }

  /** Net: a role's node hands its step's actions here (core/engine/effects.ts). */
  perform(node: string, actions: readonly Action[], host?: TimerHost): void {
    perform(this, node, actions, host);
  }
  timer(node: string, name: string, delayUs: number, fn: () => void): TimerId {
    this.tracer.timer(node, name, 'set');
    return this.kernel.after(delayUs, () => {
      this.tracer.timer(node, name, 'fired');
      fn();
    });
  }
  cancel(node: string, name: string, id: TimerId): void {
    if (!id) return;
    this.kernel.cancel(id);
    this.tracer.timer(node, name, 'cancelled');
  }

  mark(mn: string, what: Milestone, detail?: string): void {
    this.measures.mark(mn, this.now, what);
    void detail;
  }

  markLla(mnLla: string, what: Milestone, detail?: string): void {
    this.mark(this.names.mobileByLla(mnLla)?.role.name ?? mnLla, what, detail);
  }

  // ------------------------------------------------------------------ Net: sending (the one place a message's bytes are made)

  private build(node: string, msg: Message, why: string): Pkt {
    const inner = innermost(msg);
    let target = this.names.nodeOf(inner.dst);
    let bytes = this.codec.emit(msg);
    // §8: a message that changes routing carries the AH of its sender → receiver association.
    if (msg === inner) bytes = this.security.seal(bytes, inner, node, target);
    if (inner.dst.startsWith('ff02:') && this.mobiles.has(node))
      target = this.mobiles.get(node)!.cell?.router ?? target;
    const mn = this.mobiles.has(node) ? node : this.mobiles.has(target) ? target : this.mnOfMsg(inner);
    return controlPkt(node, msg, bytes, target, mn, ++this.pool.seq, this.trace ? whyOf(why) : undefined);
  }
  private mnOfMsg(m: Message): string {
    if (m.kind === 'HI' || m.kind === 'HACK') {
      for (const o of m.options)
        if (o.type === 'LLA' && o.subType === 2) return this.names.mobileByLla(o.lla)?.role.name ?? '';
    }
    return '';
  }

  /** An attack of the scenario (§8, core/engine/security.ts): the attacker node sends its forged message. */
  private attack(a: AttackSpec): void {
    const f = attackMessage(a, {
      mobile: (n) => {
        const s = this.mobiles.get(n);
        return s && { coa: s.role.coa, lla: s.role.lla, router: s.cell?.router };
      },
      router: (n) => this.routerInfo.get(n),
    });
    if (f) this.send(a.node, f.msg, f.why);
  }

  send(node: string, msg: Message, why: string): void {
    const p = this.build(node, msg, why);
    this.count.sent++;
    if (this.trace) this.tracer.packet('tx', node, p, p.why);
    const s = this.mobiles.get(node);
    if (s) this.hops.mnTransmit(s, p);
    else this.path.forward(node, p, false, undefined);
  }

  sendOnLink(ar: string, mnLla: string, msg: Message, why: string): void {
    const p = this.build(ar, msg, why);
    const s = this.names.mobileByLla(mnLla);
    if (s) p.target = s.role.name;
    p.mn = s?.role.name ?? '';
    this.count.sent++;
    if (this.trace) this.tracer.packet('tx', ar, p, p.why);
    if (!s) return this.path.drop(ar, p, 'no such neighbour');
    this.hops.airDown(ar, s, p);
  }

  sendTunnelled(node: string, msg: Message, peer: string, why: string): void {
    const p = this.build(node, msg, why);
    this.count.sent++;
    if (this.trace) this.tracer.packet('tx', node, p, p.why);
    this.pool.encap(p, this.routerInfo.get(node)?.address ?? '::', peer);
    this.tracer.encap(node, peer, p, p.why);
    this.path.forward(node, p, false, undefined);
  }

  /** A message the data path delivered (parsed, its AH checked) to `node`: its role's turn. */
  private toRole(node: string, m: Message, fromLla: string | undefined, mn: string): void {
    const s = this.mobiles.get(node);
    if (s) {
      if (m.kind === 'DATA') this.measures.dataRx(node, m.dstPort - DATA_PORT, m.seq, this.now);
      s.role.onMessage(m);
      return;
    }
    const r = this.routers.get(node);
    if (r) return r.role.onMessage(m, fromLla);
    if (node === this.ha.name) return perform(this, node, this.ha.step({ on: 'message', msg: m }, this.now));
    if (node === this.cn.name) {
      if (m.kind === 'DATA') this.measures.dataRxUp(mn, m.dstPort - DATA_PORT, m.seq);
      // A BU may change where the CN sends this home address's stream: the traffic asks again.
      if (m.kind === 'BU') {
        const o = this.names.mobileByHome(m.homeAddress);
        if (o) this.traffic.cnBindingChanged(o);
      }
      return perform(this, node, this.cn.step({ on: 'message', msg: m }, this.now));
    }
  }

  // ------------------------------------------------------------------ radio (core/engine/layer2.ts)

  /** Live movement input (dragging) at the current virtual time. */
  move(node: string, x: number, y: number): void {
    this.layer2.move(node, x, y);
  }

  /** §3.5.2: the MN's second interface becomes the active one (Layer2.secondInterfaceUp). */
  secondInterfaceUp(mn: string, t: Target): void {
    this.layer2.secondInterfaceUp(mn, t);
  }

  // ------------------------------------------------------------------ running

  runUntil(t: Micros): void {
    this.ownCore();
    this.kernel.runUntil(t);
  }

  /** The data plane's tables live in the packet core instance: one live world per instance. */
  private ownCore(): void {
    if (coreOwner.get(this.codec.core) !== this)
      throw new Error(
        "this world's packet core now belongs to a newer world: give each concurrent world its own core (loadPacketCore)",
      );
  }

  /** Snapshot for model-based tests: active tunnels with their expiry (core/engine/live.ts). */
  tunnelsAt(): { node: string; addr: string; expires: number }[] {
    return this.view.tunnelsAt();
  }
  /** The engine's state now (core/engine/live.ts): what core/state.ts `stateAt` must reproduce. */
  live(): LiveState {
    return this.view.live();
  }

  mobile(name: string): MobileNode | undefined {
    return this.mobiles.get(name)?.role;
  }
  router(name: string): AccessRouter | undefined {
    return this.routers.get(name)?.role;
  }
  mobileNames(): string[] {
    return [...this.mobiles.keys()];
  }
}

const coreOwner = new WeakMap<object, World>();
