// The engine: a world of access routers, a home agent, a correspondent node and mobile nodes,
// driven by the kernel. It implements the roles' `Net` interface: it moves packets over wired
// and radio links, keeps each node's forwarding state, turns positions into link-layer events
// (core/engine/layer2.ts, over core/radio.ts), generates traffic and writes the trace (core/trace.ts) and the measures.
//
// Every message is built with the packet core's codec (`emit`) when it is originated and parsed
// with its `parse` when it is delivered; data packets are built from per-flow templates in the
// packet core (`flowEmit`). Every packet carries its bytes. Forwarding is the packet core's data
// plane (core/wire/dataplane.ts): each router, the HA and the CN is a data-plane node whose tables
// (addresses, neighbor cache with the §7 states, host and prefix routes, RFC 2473 tunnels,
// oCoA→nCoA and source bindings with lifetimes, per-neighbor buffers) the roles edit through
// `Forwarding`; `forward()` asks the data plane what to do with a packet and carries it out. The
// MN is a host: it accepts packets for its addresses and unwraps tunnels addressed to it.
import { transitionRow } from '../roles/machines.ts';
import type { Message } from '../wire/types.ts';
import { DATA_PORT } from '../wire/types.ts';
import type { Codec } from '../wire/codec.ts';
import { DataPlane, type DropReason } from '../wire/dataplane.ts';
import { statusName } from '../wire/codec.ts';
import { formatIPv6, joinPrefixIid, parseLla, prefix64 } from '../wire/addr.ts';
import { D_U16B, D_U32A } from '../wire/layout.ts';
import type { Micros, TraceRecord } from '../trace.ts';
import { whyOf, type Why } from '../trace.ts';
import { BUFFER_U, DATA_DOWN_COA, DATA_DOWN_HOME, DATA_UP, dropWhy, MN_DECAP, rxWhy } from './why.ts';
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
import { data, innermost } from '../roles/build.ts';
import { Measures, type PerMn } from '../measures.ts';
import { arConfigOf, mnConfigOf } from './configs.ts';
import { Tracer } from './tracer.ts';
import { EMPTY, PacketPool, type Pkt } from './packet.ts';
import { attackMessage, Security } from './security.ts';
import { ControlPlane } from './forwarding.ts';
import { perform, type TimerHost } from './effects.ts';
import type { Action } from '../roles/actions.ts';
import { HopCache } from './hopcache.ts';

export type { LiveState } from './live.ts';

export interface WorldOptions {
  seed: number;
  /** Keep trace records (off for the campus benchmark: measures only). */
  trace?: boolean;
  /** Called with each record as it happens. */
  onRecord?: (r: TraceRecord) => void;
  /** Keep data flows' per-hop decisions (core/engine/hopcache.ts); off only to check that it changes nothing. */
  hopCache?: boolean;
}

interface WiredLink {
  a: string;
  b: string;
  delayUs: number;
  bps: number;
  busy: [number, number];
}

export interface RouterState {
  role: AccessRouter;
  cells: Cell[];
  /** Its data-plane node. */
  id: number;
}

/** A wired port of a data-plane node (port 0 of a router is its access link). */
interface Port {
  next: string;
  nextId: number;
  link: WiredLink;
  dir: 0 | 1;
}

export type { Handle } from './forwarding.ts';

export interface MobileState {
  role: MobileNode;
  mob: Mobility;
  cell: Cell | null;
  up: boolean;
  /** L2 handover in progress towards this cell. */
  switching: boolean;
  predicted: Cell | null;
  predictedAt: number;
  /** §3.5.2 second interface: the first interface's cell, still up after the home address moved (make-before-break). */
  old: Cell | null;
  busy: number;
  /** The MN's link-layer address as two numbers (first four octets, last two) and as one key. */
  llaHi: number;
  llaLo: number;
  /** Where the CN sends this MN's stream (its binding, §3.1 route optimisation), until the CN gets a BU for this home address. */
  cnDst: string | undefined;
  /** The MN's record in the measures (no lookup by name per data packet). */
  meas: PerMn;
  /** The last `learn` of this MN's source address at a router (see forwardAt). */
  learnAr: AccessRouter | null;
  learnGen: number;
  learnSrc: string;
  /**
   * The data plane's last `learnAt` of this MN's data packets that found (or made) its entry
   * REACHABLE: at which node, that node's table generation after it, for which source. While all
   * three hold, the entry is still so and `learnAt` would answer 0 again (see forwardAt).
   */
  dpLearnId: number;
  dpLearnGen: number;
  dpLearnSrc: string;
  /** `cell` as last seen by World.cellRouter, its router and that router's data-plane node (read per packet without reading the cell). */
  memoCell: Cell | null;
  memoRouter: string | undefined;
  memoId: number;
}

const MAX_HOPS = 64;

export class World implements Net {
  readonly kernel = new Kernel(4096);
  readonly rng: Rng;
  readonly sc: Scenario;
  readonly measures: Measures;
  readonly cells: Cell[] = [];
  private readonly trace: boolean;
  private readonly hopCache: boolean;
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
  private readonly routers = new Map<string, RouterState>();
  private readonly routerInfo = new Map<string, { name: string; address: string; lla: string; prefix: string }>();
  private readonly prefixOwner = new Map<string, string>();
  private readonly owners = new Map<string, string>();
  private readonly expectHints = new Map<string, string>();
  private readonly mobiles = new Map<string, MobileState>();
  private readonly mnByLla = new Map<string, MobileState>();
  private readonly links: WiredLink[] = [];
  private readonly nextHop = new Map<string, Map<string, { next: string; link: WiredLink; dir: 0 | 1 }>>();
  private readonly ha: HomeAgent;
  /** The MNs' movement and the layer-2 events it causes (core/engine/layer2.ts). */
  private readonly layer2: Layer2;
  /** The tables of every node now (core/engine/live.ts). */
  private readonly view: LiveView;
  private readonly cn: Correspondent;
  private pktSeq = 0;
  private flowSeq: number[] = [];
  /** The data plane (one per world: it lives in this world's packet core instance). */
  readonly dp: DataPlane;
  private readonly mem: Uint8Array;
  private readonly dv: DataView;
  private readonly pPar: number;
  private readonly slotSize: number;
  private readonly dpId = new Map<string, number>();
  private readonly dpName: string[] = [];
  private readonly dpAddress: string[] = [];
  private readonly routerById: (RouterState | undefined)[] = [];
  private cnId = -1;
  private readonly ports: Port[][] = [];
  private readonly mnByLlaKey = new Map<number, MobileState>();
  /** The MNs by the last two octets of their link-layer address (checked against the first four), before `mnByLlaKey`. */
  private readonly mnByLlaLo: (MobileState | undefined)[] = new Array<MobileState | undefined>(65536);
  private readonly mnByHome = new Map<string, MobileState>();
  private readonly pDec: number;
  /** Records of delivered data packets, reused by trafficTick. */
  private readonly pktPool: Pkt[] = [];
  /** Per traffic flow: the template the packet core holds (rebuilt when an address changes). */
  private readonly flows: {
    src: string;
    dst: string;
    msg: Message;
    s: MobileState;
    okSrc: string;
    /** The scenario's traffic entry, copied here (one object read per packet). */
    down: boolean;
    stopUs: number;
    intervalUs: number;
    mn: string;
    /** Moves on when the template is rebuilt (Pkt.tpl). */
    tpl: number;
  }[] = [];
  /**
   * The hop cache (core/engine/hopcache.ts): per data flow, its last FORWARD / DELIVER at the CN
   * and at the last other node, kept while the node's tables and the flow's template are
   * unchanged. So a campus's voice packets ask the data plane once per change at a router, not at
   * every hop, and every decision is the one it would have made.
   */
  private readonly hc: HopCache<MobileState>;
  /** The data-plane nodes' generations, in wasm memory. */
  private readonly nodeGen: Uint32Array;
  /** Conservation counters: every packet is delivered, dropped, buffered or in flight. */
  readonly count = { sent: 0, delivered: 0, dropped: 0, inFlight: 0, buffered: 0, authRejected: 0 };
  /** Model-check observations (read by tests). */
  readonly violations: string[] = [];

  constructor(sc: Scenario, codec: Codec, opts: WorldOptions) {
    this.sc = sc;
    this.codec = codec;
    this.rng = new Rng(opts.seed);
    this.trace = opts.trace ?? true;
    this.hopCache = opts.hopCache ?? true;
    this.pool = new PacketPool(codec);
    this.tracer = new Tracer(
      this.kernel,
      this.trace,
      opts.onRecord,
      (a) => this.nodeOf(a),
      (p) => this.pool.bytesOf(p as Pkt),
    );
    this.security = new Security(codec.core, sc.security.associations, sc.security.attacks, (n) => this.routers.has(n));
    // The data plane's tables live in the packet core instance (one world per instance, ownCore).
    this.dp = new DataPlane(codec.core);
    coreOwner.set(codec.core, this);
    this.ctl = new ControlPlane({
      kernel: this.kernel,
      dp: this.dp,
      dpId: this.dpId,
      dpAddress: this.dpAddress,
      tracer: this.tracer,
      haName: sc.ha.name,
      bufferCap: (n) => this.routers.get(n)!.role.spec.caps.bufferPackets,
      expect: (a, lla) => this.expect(a, lla),
      drop: (n, p, reason) => this.drop(n, p, reason),
      onward: (n, p, lla) => this.onward(n, p, lla),
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
    for (const r of sc.routers) {
      if (r.apOf) continue;
      const role = new AccessRouter(this, arConfigOf(sc, r));
      this.routers.set(r.name, { role, cells: [], id: -1 });
      this.routerInfo.set(r.name, { name: r.name, address: role.address, lla: r.lla, prefix: r.prefix });
      this.prefixOwner.set(prefix64(role.address), r.name);
      this.owners.set(role.address, r.name);
      this.owners.set(role.linkLocal, r.name);
    }
    for (const r of sc.routers) {
      const owner = r.apOf ?? r.name;
      const c: Cell = { name: r.name, router: owner, x: r.x, y: r.y, radius: r.radius, lla: r.lla };
      this.cells.push(c);
      this.routers.get(owner)!.cells.push(c);
    }
    this.ha = new HomeAgent(sc.ha.name, sc.ha.address);
    this.owners.set(sc.ha.address, sc.ha.name);
    this.prefixOwner.set(prefix64(sc.ha.homePrefix.split('/')[0]!), sc.ha.name);
    this.prefixOwner.set(prefix64(sc.ha.address), sc.ha.name);
    this.cn = new Correspondent(sc.cn.name, sc.cn.address);
    this.owners.set(sc.cn.address, sc.cn.name);
    this.prefixOwner.set(prefix64(sc.cn.address), sc.cn.name);
    for (const l of sc.links)
      this.links.push({ a: l.a, b: l.b, delayUs: l.delayUs, bps: l.bandwidthBps, busy: [0, 0] });
    this.computeRoutes();
    this.mem = this.pool.mem;
    this.slotSize = this.pool.slotSize;
    this.pPar = codec.core.params() >>> 0;
    this.pDec = codec.core.decisionPtr() >>> 0;
    this.dv = new DataView(codec.core.memory.buffer);
    this.setupDataPlane();
    this.view = new LiveView({
      kernel: this.kernel,
      mobiles: this.mobiles,
      routers: this.routers,
      ha: this.ha,
      cn: this.cn,
      dp: this.dp,
      dpId: this.dpId,
      bindings: this.ctl.bindings,
      sourceBindings: this.ctl.sourceBindings,
      buffering: this.ctl.buffering,
    });
    const nf = sc.traffic.length * 2;
    this.hc = new HopCache<MobileState>(nf);
    this.nodeGen = new Uint32Array(codec.core.memory.buffer, codec.core.nodeGenPtr() >>> 0, 1024);

    for (const m of sc.mobiles) {
      const role = new MobileNode(this, mnConfigOf(sc, m));
      const b = parseLla(m.lla);
      const llaHi = ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
      const llaLo = (b[4]! << 8) | b[5]!;
      // Fields in the order a data packet reads them: an object's properties lie in the order they
      // are created, so the hot ones share its first cache lines (campus speed, issue 14).
      const s: MobileState = {
        role,
        up: false,
        cell: null,
        memoCell: null,
        memoRouter: undefined,
        memoId: -1,
        old: null,
        busy: 0,
        meas: this.measures.handle(m.name),
        cnDst: undefined,
        dpLearnId: -1,
        dpLearnGen: 0,
        dpLearnSrc: '',
        learnAr: null,
        learnGen: -1,
        learnSrc: '',
        llaHi,
        llaLo,
        mob: new Mobility(m.path, m.x, m.y, sc.radio.predict),
        switching: false,
        predicted: null,
        predictedAt: 0,
      };
      this.mobiles.set(m.name, s);
      if (!this.mnByLlaLo[llaLo]) this.mnByLlaLo[llaLo] = s;
      this.mnByHome.set(m.home, s);
      this.mnByLla.set(m.lla, s);
      this.mnByLlaKey.set(llaHi * 65536 + llaLo, s);
      this.owners.set(m.home, m.name);
    }
    sc.traffic.forEach((t) => {
      this.flowSeq.push(0);
      this.flows.push({
        s: this.mobiles.get(t.mn)!,
        stopUs: t.stopUs,
        down: t.dir === 'down',
        src: '',
        dst: '',
        intervalUs: t.intervalUs,
        tpl: 0,
        mn: t.mn,
        okSrc: '',
        msg: { kind: 'RS', src: '::', dst: '::', hopLimit: 0, options: [] },
      });
    });
  }

  /**
   * The data plane's nodes and tables at the start: each router, the HA and the CN with its
   * addresses and a tunnel exit for any entry point (RFC 2473 decapsulation); each router's /64
   * on-link on its access link (port 0); the wired neighbors; a route to every other node's
   * prefix via the first hop of the shortest path (computeRoutes).
   */
  private setupDataPlane(): void {
    const dp = this.dp;
    const add = (name: string, addrs: string[]): number => {
      const id = dp.createNode();
      if (id < 0) throw new Error(`scenario too large for the data plane: no node for ${name}`);
      this.dpId.set(name, id);
      this.dpName[id] = name;
      this.dpAddress[id] = addrs[0]!;
      for (const a of addrs) dp.addAddress(id, a);
      dp.addTunnel(id, { local: addrs[0]!, remote: '::' });
      this.ports[id] = [];
      return id;
    };
    for (const [name, r] of this.routers) {
      r.id = add(name, [r.role.address, r.role.linkLocal]);
      this.routerById[r.id] = r;
      dp.setPrefixRoute(r.id, `${prefix64(r.role.address)}::`, 64, { link: 0 });
    }
    add(this.sc.ha.name, [this.sc.ha.address]);
    this.cnId = add(this.sc.cn.name, [this.sc.cn.address]);
    // Wired ports: 1.. in the order of the scenario's links.
    for (const l of this.links) {
      const a = this.dpId.get(l.a);
      const b = this.dpId.get(l.b);
      if (a === undefined || b === undefined) continue;
      const pa = this.ports[a]!;
      const ka = Math.max(1, pa.length);
      pa[ka] = { next: l.b, nextId: b, link: l, dir: 0 };
      dp.setNeighbor(a, this.dpAddress[b]!, { state: 'REACHABLE', link: ka, lla: wiredLla(b), isRouter: true });
      const pb = this.ports[b]!;
      const kb = Math.max(1, pb.length);
      pb[kb] = { next: l.a, nextId: a, link: l, dir: 1 };
      dp.setNeighbor(b, this.dpAddress[a]!, { state: 'REACHABLE', link: kb, lla: wiredLla(a), isRouter: true });
    }
    for (const [name, id] of this.dpId) {
      const hops = this.nextHop.get(name);
      if (!hops) continue;
      for (const [p, owner] of this.prefixOwner) {
        if (owner === name) continue;
        const hop = hops.get(owner);
        if (!hop) continue;
        const port = this.ports[id]!.findIndex((x) => x !== undefined && x.link === hop.link);
        dp.setPrefixRoute(id, `${p}::`, 64, { link: port, via: this.dpAddress[this.dpId.get(hop.next)!]! });
      }
    }
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

  // ------------------------------------------------------------------ setup

  private computeRoutes(): void {
    const adj = new Map<string, { v: string; link: WiredLink; dir: 0 | 1 }[]>();
    for (const l of this.links) {
      if (!adj.has(l.a)) adj.set(l.a, []);
      if (!adj.has(l.b)) adj.set(l.b, []);
      adj.get(l.a)!.push({ v: l.b, link: l, dir: 0 });
      adj.get(l.b)!.push({ v: l.a, link: l, dir: 1 });
    }
    // Dijkstra by delay (+1 per hop, so ties prefer fewer hops) from every node; O(n^2) selection,
    // fine for 100s of nodes, over arrays by node index (the campus's 102 nodes: a million steps at
    // the world's start). The selection scans the nodes in the order they were first reached and
    // takes the first of the least distance, so ties go as they did over a Map of distances.
    const names = [...adj.keys()];
    const index = new Map(names.map((n, i) => [n, i]));
    const edges = names.map((n) => adj.get(n)!.map((e) => ({ v: index.get(e.v)!, e })));
    const n = names.length;
    const dist = new Float64Array(n);
    const done = new Uint8Array(n);
    const order = new Int32Array(n);
    for (let src = 0; src < n; src++) {
      dist.fill(Infinity);
      done.fill(0);
      dist[src] = 0;
      order[0] = src;
      let reached = 1;
      const hop: ({ next: string; link: WiredLink; dir: 0 | 1 } | undefined)[] = new Array(n);
      const first = new Map<string, { next: string; link: WiredLink; dir: 0 | 1 }>();
      for (;;) {
        let u = -1;
        let best = Infinity;
        for (let k = 0; k < reached; k++) {
          const x = order[k]!;
          if (done[x] === 0 && dist[x]! < best) {
            best = dist[x]!;
            u = x;
          }
        }
        if (u < 0) break;
        done[u] = 1;
        for (const { v, e } of edges[u]!) {
          const nd = best + e.link.delayUs + 1;
          if (nd < dist[v]!) {
            if (dist[v] === Infinity) order[reached++] = v;
            dist[v] = nd;
            const h = u === src ? { next: e.v, link: e.link, dir: e.dir } : hop[u]!;
            hop[v] = h;
            first.set(names[v]!, h);
          }
        }
      }
      this.nextHop.set(names[src]!, first);
    }
  }

  /** Puts every MN on its initial cell with its binding in place; starts RAs, ticks and traffic. */
  start(): void {
    for (const [name, s] of this.mobiles) {
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
      void name;
    }
    for (const r of this.routers.values()) r.role.startRa();
    for (const a of this.sc.security.attacks) if (a.forge !== 'L2-TT') this.kernel.at(a.atUs, () => this.attack(a));
    this.layer2.armTick();
    this.sc.traffic.forEach((t, i) => {
      this.kernel.at(t.startUs, () => this.trafficTick(i));
    });
  }

  // ------------------------------------------------------------------ Net: registry

  own(node: string, addr: string): void {
    this.owners.set(addr, node);
    this.expectHints.delete(addr);
  }
  disown(node: string, addr: string): void {
    if (this.owners.get(addr) === node) this.owners.delete(addr);
  }
  /** The nAR validated or allocated an address the MN will use: name it in the trace. */
  expect(addr: string, mnLla: string): void {
    const s = this.mnByLla.get(mnLla);
    if (s && !this.owners.has(addr)) this.expectHints.set(addr, s.role.name);
  }
  listening(mnLla: string): boolean {
    // Asked for each attached MN at each router's RA (every 30–70 ms): the small map of detecting MNs first.
    if (!this.detecting.has(mnLla)) return false;
    return this.mnByLla.get(mnLla)?.role.phase.p === 'detecting';
  }
  /** MNs in the movement-detection phase, by link-layer address (a count, should two share one); kept by `state`. */
  private readonly detecting = new Map<string, number>();
  routerOfPrefix(addr: string) {
    const n = this.prefixOwner.get(prefix64(addr));
    return n ? this.routerInfo.get(n) : undefined;
  }
  routerByName(name: string) {
    return this.routerInfo.get(name);
  }
  private nodeOf(addr: string): string {
    return (
      this.owners.get(addr) ??
      this.expectHints.get(addr) ??
      this.mnByIid(addr) ??
      this.prefixOwner.get(prefix64(addr)) ??
      addr
    );
  }
  private readonly byIid = new Map<string, string>();
  private mnByIid(addr: string): string | undefined {
    if (this.byIid.size === 0)
      for (const s of this.mobiles.values()) this.byIid.set(joinPrefixIid('::/64', s.role.spec.iid), s.role.name);
    return this.byIid.get(joinPrefixIid('::/64', addr));
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
    this.mark(this.mnByLla.get(mnLla)?.role.name ?? mnLla, what, detail);
  }

  private rec(kind: 'tx' | 'rx', node: string, p: Pkt, why: Why | undefined): void {
    if (this.trace) this.tracer.packet(kind, node, p, why);
  }

  // ------------------------------------------------------------------ Wire: the one place bytes are made and read

  private build(node: string, msg: Message, why: string): Pkt {
    const inner = innermost(msg);
    let target = this.nodeOf(inner.dst);
    let bytes = this.codec.emit(msg);
    // §8: a message that changes routing carries the AH of its sender → receiver association.
    if (msg === inner) bytes = this.security.seal(bytes, inner, node, target);
    const len = bytes.length;
    if (inner.dst.startsWith('ff02:') && this.mobiles.has(node))
      target = this.mobiles.get(node)!.cell?.router ?? target;
    const mn = this.mobiles.has(node) ? node : this.mobiles.has(target) ? target : this.mnOfMsg(inner);
    return {
      hopId: -1,
      own: bytes,
      off: -1,
      len,
      flow: -1,
      data: msg.kind === 'DATA',
      tpl: -1,
      hops: 0,
      msg,
      hopMn: null,
      meas: null,
      origin: node,
      mn,
      hopTo: '',
      target,
      id: ++this.pktSeq,
      why: this.trace ? whyOf(why) : undefined,
    };
  }
  private mnOfMsg(m: Message): string {
    if (m.kind === 'HI' || m.kind === 'HACK') {
      for (const o of m.options)
        if (o.type === 'LLA' && o.subType === 2) return this.mnByLla.get(o.lla)?.role.name ?? '';
    }
    if (m.kind === 'HACK') return '';
    return '';
  }
  /** Parse at delivery: the role gets what the bytes say, not what the sender meant. */
  private parseForDelivery(p: Pkt, node: string): Message | string {
    let bytes = this.pool.bytesOf(p);
    // §8: verify the AH against the receiver's security associations before anything reads the message.
    const opened = this.security.open(bytes, node);
    if (typeof opened === 'string') {
      this.count.authRejected++;
      return opened;
    }
    if (opened) bytes = opened;
    const r = this.codec.parse(bytes);
    if (!r.ok) return `malformed (${r.status})`;
    if (!opened && this.security.needsAuth(r.msg, node)) {
      // §5.2.1/§5.2.2/§8.2.2 (HI, HACK, HTT) and §8.1 (F-BU): no AH, no effect on routing.
      this.count.authRejected++;
      return 'unauthenticated: AH NoAuth (§8)';
    }
    return r.msg;
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

  // ------------------------------------------------------------------ Net: sending

  send(node: string, msg: Message, why: string): void {
    const p = this.build(node, msg, why);
    this.originate(node, p);
  }

  private originate(node: string, p: Pkt): void {
    this.count.sent++;
    this.rec('tx', node, p, p.why);
    const s = this.mobiles.get(node);
    if (s) this.mnTransmit(s, p);
    else this.forward(node, p, false, undefined);
  }

  sendOnLink(ar: string, mnLla: string, msg: Message, why: string): void {
    const p = this.build(ar, msg, why);
    const s = this.mnByLla.get(mnLla);
    if (s) p.target = s.role.name;
    p.mn = s?.role.name ?? '';
    this.count.sent++;
    this.rec('tx', ar, p, p.why);
    if (!s) return this.drop(ar, p, 'no such neighbour');
    this.airDown(ar, s, p);
  }

  sendTunnelled(node: string, msg: Message, peer: string, why: string): void {
    const p = this.build(node, msg, why);
    this.count.sent++;
    this.rec('tx', node, p, p.why);
    this.pool.encap(p, this.routerInfo.get(node)?.address ?? '::', peer);
    this.tracer.encap(node, peer, p, p.why);
    this.forward(node, p, false, undefined);
  }

  private drop(node: string, p: Pkt, reason: string): void {
    this.count.dropped++;
    if (this.trace) this.tracer.dropped(node, reason, p, dropWhy(reason));
    if (p.flow >= 0) this.measures.dataLostAt(this.flows[p.flow]!.s.meas);
    this.pool.release(p);
  }

  private deliver(node: string, p: Pkt, fromLla: string | undefined, mn: MobileState | null = null): void {
    if (p.flow >= 0) return this.deliverData(node, p, mn);
    const m = this.parseForDelivery(p, node);
    if (typeof m === 'string') return this.drop(node, p, m);
    this.count.delivered++;
    this.rec('rx', node, p, this.trace ? rxWhy(m, this.mobiles.has(node)) : undefined);
    this.pool.release(p);
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
      if (m.kind === 'DATA') this.measures.dataRxUp(p.mn, m.dstPort - DATA_PORT, m.seq);
      // A BU may change where the CN sends this home address's stream: trafficTick asks again.
      if (m.kind === 'BU') {
        const o = this.mnByHome.get(m.homeAddress);
        if (o) o.cnDst = undefined;
      }
      return perform(this, node, this.cn.step({ on: 'message', msg: m }, this.now));
    }
  }

  /** A data packet reaches its end: the packet core parses it (checksum included); the measures read its sequence number. */
  private deliverData(node: string, p: Pkt, mn: MobileState | null): void {
    const core = this.codec.core;
    let st: number;
    if (p.own === null) st = core.parseAt(p.off, p.len);
    else {
      this.pool.loadIn(p);
      st = core.parse(p.len);
    }
    if (st !== 0) return this.drop(node, p, `malformed (${statusName(st)})`);
    const d = this.pPar;
    const dv = this.dv;
    const seq = dv.getUint32(d + D_U32A, true);
    const port = dv.getUint16(d + D_U16B, true);
    this.count.delivered++;
    this.rec('rx', node, p, this.trace ? rxWhy(p.msg, mn !== null) : undefined);
    this.pool.release(p);
    if (mn) this.measures.dataRxAt(mn.meas, port - DATA_PORT, seq, this.now);
    else if (node === this.cn.name) this.measures.dataRxUpAt(p.meas!, port - DATA_PORT, seq);
    // The packet has ended and nothing refers to it any more (the kernel, the held queues and the
    // trace keep no reference to a delivered packet): its record serves the flows' next packets.
    if (this.pktPool.length < 4096) {
      p.own = null;
      p.hopMn = null;
      p.meas = null;
      this.pktPool.push(p);
    }
  }

  // ------------------------------------------------------------------ links

  private wiredHop(node: string, next: Port, p: Pkt): void {
    const l = next.link;
    const start = Math.max(this.now, l.busy[next.dir]);
    const txUs = Math.ceil((p.len * 8 * 1e6) / l.bps);
    l.busy[next.dir] = start + txUs;
    if (p.flow < 0) this.measures.signalling(p.mn, p.len, false);
    this.count.inFlight++;
    p.hopTo = next.next;
    p.hopId = next.nextId;
    this.kernel.atCall(start + txUs + l.delayUs, this.onWired, p);
  }
  // Per-hop events: long-lived handlers with the packet as the argument (no closure per packet).
  private readonly onWired = (p: Pkt): void => {
    this.count.inFlight--;
    this.forwardAt(p.hopId, p, null);
  };
  private readonly onAirDown = (p: Pkt): void => {
    this.count.inFlight--;
    const s = p.hopMn!;
    if (!this.onLink(s, p.hopTo)) return this.drop(s.role.name, p, 'link lost in flight');
    this.mnReceive(s, p);
  };
  private readonly onAirUp = (p: Pkt): void => {
    this.count.inFlight--;
    const s = p.hopMn!;
    if (!this.onLink(s, p.hopTo)) return this.drop(p.hopTo, p, 'link lost in flight');
    // The MN's BU to its HA as it reaches the AR: the router sees the MN's home address ([MIPv6]),
    // which BETH's HI(H) / HACK(T) carry (§3.3 steps 2a/3a, I-36). Control packets only (flow < 0).
    if (p.flow < 0 && p.msg.kind === 'BU' && p.msg.flags.H)
      this.routerById[p.hopId]?.role.sawBindingUpdate(s.role.lla, p.msg.homeAddress);
    this.forwardAt(p.hopId, p, s);
  };

  /** The MN the data plane's last decision names as the next hop (by its link-layer address), if any. */
  private mnOfNextHop(): MobileState | undefined {
    const dv = this.dv;
    const d = this.pDec + 48;
    const hi = dv.getUint32(d, false);
    const lo = dv.getUint16(d + 4, false);
    const s = this.mnByLlaLo[lo];
    if (s !== undefined && s.llaHi === hi) return s;
    return this.mnByLlaKey.get(hi * 65536 + lo);
  }

  /** Is the MN's layer 2 up on this router's link (its active interface, or a first one still up, §3.5.2)? */
  private onLink(s: MobileState, router: string): boolean {
    return s.up && (this.cellRouter(s) === router || s.old?.router === router);
  }
  /** `s.cell?.router`, kept on the MN's record while its cell is the same (a cell's router never changes). */
  private cellRouter(s: MobileState): string | undefined {
    const c = s.cell;
    if (c !== s.memoCell) {
      s.memoCell = c;
      s.memoRouter = c?.router;
      s.memoId = c ? (this.dpId.get(c.router) ?? -1) : -1;
    }
    return s.memoRouter;
  }

  private airDown(ar: string, s: MobileState, p: Pkt): void {
    if (!this.onLink(s, ar)) return this.drop(ar, p, 'link down: MN not on this link');
    const txUs = Math.ceil((p.len * 8 * 1e6) / this.sc.radio.airBandwidthBps);
    const start = Math.max(this.now, s.busy);
    s.busy = start + txUs;
    if (p.flow < 0) this.measures.signalling(p.mn || s.role.name, p.len, true);
    this.count.inFlight++;
    p.hopTo = ar;
    p.hopMn = s;
    this.kernel.atCall(start + txUs + this.sc.radio.airDelayUs, this.onAirDown, p);
  }

  private mnTransmit(s: MobileState, p: Pkt): void {
    if (!s.up || !s.cell) return this.drop(s.role.name, p, 'MN has no link');
    const ar = this.cellRouter(s)!;
    const txUs = Math.ceil((p.len * 8 * 1e6) / this.sc.radio.airBandwidthBps);
    if (p.flow < 0) this.measures.signalling(s.role.name, p.len, true);
    this.count.inFlight++;
    p.hopTo = ar;
    p.hopId = s.memoId;
    p.hopMn = s;
    this.kernel.atCall(this.now + txUs + this.sc.radio.airDelayUs, this.onAirUp, p);
  }

  private mnReceive(s: MobileState, p: Pkt): void {
    const name = s.role.name;
    for (;;) {
      const m = p.msg;
      if (m.kind === 'TUNNEL') {
        if (!this.mnAccepts(s, m.dst)) return this.drop(name, p, 'tunnel not for this MN');
        this.pool.decap(p);
        this.tracer.decap(name, m.src, p, MN_DECAP);
        continue;
      }
      if (!this.mnAccepts(s, m.dst)) return this.drop(name, p, 'not addressed to this MN');
      if (s.role.loses(m.kind)) return this.drop(name, p, 'lost on the radio (scenario fault)');
      return this.deliver(name, p, undefined, s);
    }
  }

  private mnAccepts(s: MobileState, addr: string): boolean {
    const r = s.role;
    // The common cases first (a data packet to the CoA or the home address); the result is the same in any order.
    if (addr === r.coa || addr === r.home || addr.startsWith('ff02:') || r.confirmed.has(addr)) return true;
    // The nCoA the PrRtAdv gave (receiving on it is allowed; sending from it is not, §3.1.3).
    return joinPrefixIid(`${addr}/64`, r.spec.iid) === addr || this.expectHints.get(addr) === r.name;
  }

  // ------------------------------------------------------------------ forwarding (the data plane's decisions)

  /**
   * What a node does with a packet: the data plane decides (deliver, forward, encap, decap,
   * buffer or drop with its reason) and this carries it out. ONE place for every node.
   */
  private forward(node: string, p: Pkt, fromAir: boolean, fromLla: string | undefined): void {
    const id = this.dpId.get(node);
    if (id === undefined) return this.drop(node, p, 'NoNode: not a data-plane node');
    this.forwardAt(id, p, fromAir ? (fromLla === undefined ? null : (this.mnByLla.get(fromLla) ?? null)) : null);
  }

  /** `forward` by data-plane node id; `from` is the MN when the packet came over the air from it. */
  private forwardAt(id: number, p: Pkt, from: MobileState | null): void {
    const node = this.dpName[id]!;
    const r = this.routerById[id];
    const dp = this.dp;
    let fromAir = from !== null;
    const fromLla = from?.role.lla;
    // The node whose tunnel this packet just came out of (RFC 2473 exit), if any.
    let tunnelFrom: string | null = null;
    for (let guard = 0; guard < 8; guard++) {
      if (this.ctl.bicasts > 0) this.bicastCopy(node, p);
      const pooled = p.own === null;
      if (!pooled) this.pool.loadIn(p);
      if (r && fromAir && from) {
        // A packet from the MN: its on-link source is a neighbor (§7: an INCOMPLETE entry stays so).
        // A voice packet like the last one of its MN at this node, the node's tables unchanged since:
        // its entry is still REACHABLE with this address (0), no need to ask.
        const src = p.msg.src;
        let learnt: number;
        if (
          p.flow >= 0 &&
          pooled &&
          from.dpLearnId === id &&
          from.dpLearnGen === this.nodeGen[id] &&
          from.dpLearnSrc === src &&
          this.hopCache
        )
          learnt = 0;
        else {
          learnt = pooled ? dp.learnAt(id, 0, from.llaHi, from.llaLo, p.off) : dp.learn(id, 0, from.llaHi, from.llaLo);
          if (p.flow >= 0 && pooled && (learnt === 0 || learnt === 1)) {
            from.dpLearnId = id;
            from.dpLearnGen = this.nodeGen[id]!; // after the call: a change it made itself counts
            from.dpLearnSrc = src;
          } else from.dpLearnId = -1;
        }
        if (learnt === 1 && this.trace)
          this.tracer.neighbor(
            node,
            p.msg.src,
            from.role.lla,
            'REACHABLE',
            'a packet from the MN on the access link (RFC 2461 §7.3.3)',
          );
        if (learnt === 0 || learnt === 1) {
          // The same source from the same MN to the same router, and the router's list of attached MNs
          // unchanged since: `learn` would change nothing (the common case: every voice packet).
          const role = r.role;
          if (learnt === 1 || from.learnAr !== role || from.learnGen !== role.attachedGen || from.learnSrc !== src) {
            role.learn(from.role.lla, src);
            from.learnAr = role;
            from.learnGen = role.attachedGen;
            from.learnSrc = src;
          }
        }
      }
      // One call: the data plane reads the packet from its slot and writes what it becomes back.
      // Reverse tunnels (source bindings) take only what the MN sent on the access link (§3.1.5, §3.3).
      // A data packet of a flow whose decision here is kept (hopCache) needs no new one.
      let act: number;
      let hc = -1;
      let cached = false;
      if (this.hopCache && pooled && p.flow >= 0 && p.data) {
        hc = 2 * p.flow + (id === this.cnId ? 0 : 1);
        const hop = this.mem[p.off + IP6_HOP_LIMIT]!;
        const key = hop | (fromAir ? 256 : 0);
        act = this.hc.lookup(hc, id, this.nodeGen[id]!, p.tpl, key);
        if (act !== 0) {
          cached = true;
          // what processSlot writes for a forward: the hop limit, one less (RFC 2460 §3)
          if (act === ACT_FORWARD) this.mem[p.off + IP6_HOP_LIMIT] = hop - 1;
        } else {
          dp.setFromAccess(fromAir);
          act = dp.processSlot(id, this.now, p.off, p.len, this.slotSize);
          if (act === ACT_FORWARD || act === ACT_DELIVER) {
            const link = dp.lastLink();
            const mn = act === ACT_FORWARD && link === 0 && r ? (this.mnOfNextHop() ?? null) : null;
            // the generation after the call: a change it made itself counts
            this.hc.store(hc, id, this.nodeGen[id]!, p.tpl, key, act, link, mn);
          } else this.hc.forget(hc);
        }
      } else {
        dp.setFromAccess(fromAir);
        act = pooled ? dp.processSlot(id, this.now, p.off, p.len, this.slotSize) : dp.processRaw(id, this.now, p.len);
      }
      switch (act) {
        case ACT_DELIVER: {
          if (r && r.role.loses(innermost(p.msg).kind)) return this.drop(node, p, 'lost on the way (scenario fault)');
          return this.deliver(node, p, fromLla);
        }
        case ACT_DECAP: {
          // RFC 2473 §3.2: the exit point removes the outer header; the inner packet is processed again.
          const outer = p.msg;
          this.pool.takeOutput(p, dp.lastLength());
          if (outer.kind === 'TUNNEL') p.msg = outer.inner;
          p.data = p.msg.kind === 'DATA';
          if (this.trace) this.tracer.decap(node, outer.src, p, rxWhy(outer, false));
          tunnelFrom = this.nodeOf(outer.src);
          fromAir = false;
          continue;
        }
        case ACT_FORWARD:
        case ACT_ENCAP: {
          if (act === ACT_ENCAP) {
            // Into a source binding's tunnel, or a binding's encapsulation from this node to the peer.
            const tid = dp.lastTunnel();
            const h =
              tid >= 0
                ? this.ctl.sourceBindings.get(`${node}|${p.msg.src}`)
                : this.ctl.bindings.get(`${node}|${p.msg.dst}`);
            const remote = tid >= 0 ? this.ctl.tunnelById.get(tid)!.remote : h!.peer;
            if (p.flow >= 0) this.measures.tunnelled(p.mn);
            this.pool.takeOutput(p, dp.lastLength());
            p.msg = { kind: 'TUNNEL', src: this.dpAddress[id]!, dst: remote, hopLimit: 64, inner: p.msg };
            p.data = false;
            this.tracer.encap(node, remote, p, h?.why);
          } else if (!cached) this.pool.takeOutput(p, dp.lastLength()); // (kept: the same octets, one hop on)
          const link = cached ? this.hc.link(hc) : dp.lastLink();
          if (link === 0 && r) {
            // The access link: the neighbor's link-layer address names the MN.
            const s = cached ? this.hc.mn(hc) : this.mnOfNextHop();
            if (!s) return this.drop(node, p, 'NeighborUnreachable: no such neighbour on the link');
            if (!this.onLink(s, node)) return this.drop(node, p, 'link down: MN not on this link');
            if (this.trace && p.origin !== node) this.tracer.forwarded(node, s.role.name, p);
            return this.airDown(node, s, p);
          }
          const port = this.ports[id]![link];
          if (!port) return this.drop(node, p, `NoRoute: no link ${link}`);
          // §6.1.2 "circular tunnels" / §3.3: a packet out of a tunnel is for the MN here (or, reverse,
          // for the world beyond). Routed straight back to the tunnel's entry — a nAR that never got
          // the HACK (lost) has no host route for the oCoA, so its prefix route points back at the
          // oAR, which tunnels it again — it would circle until the hop limit: drop it once instead.
          if (act === ACT_FORWARD && tunnelFrom !== null && port.next === tunnelFrom)
            return this.drop(
              node,
              p,
              `NoRoute: out of the tunnel from ${tunnelFrom} and routed back to it (circular tunnel, §6.1.2)`,
            );
          if (++p.hops > MAX_HOPS) {
            this.violations.push(`hop limit: packet ${p.id}`);
            return this.drop(node, p, 'hop limit exceeded (forwarding loop)');
          }
          if (this.trace && p.origin !== node) this.tracer.forwarded(node, port.next, p);
          return this.wiredHop(node, port, p);
        }
        case ACT_BUFFER: {
          // §5.2.1 (HI with U): the data plane holds the bytes; the trace identity waits here in the same order.
          const addr = formatIPv6(this.mem, this.dp.decisionPtr() + 32);
          const why = this.ctl.hold(node, addr, p);
          this.count.buffered++;
          if (p.flow >= 0) this.measures.buffered(p.mn);
          this.tracer.buffered(node, p, why ?? BUFFER_U);
          this.pool.release(p); // the data plane holds the bytes now
          p.own = EMPTY;
          this.ctl.queueRecord(node, id, addr);
          return;
        }
        default:
          return this.drop(node, p, this.dropReason(dp.lastReason()));
      }
    }
    this.drop(node, p, 'tunnel nesting too deep');
  }

  /** The data plane's named reason, with what it means here. */
  private dropReason(r: DropReason): string {
    switch (r) {
      case 'NeighborUnreachable':
        return this.dp.lastNeighborState() === 'INCOMPLETE'
          ? 'NeighborUnreachable: neighbour INCOMPLETE (MN not arrived, §7)'
          : 'NeighborUnreachable: no neighbour cache entry';
      case 'NoRoute':
        return 'NoRoute: no route (at the HA: no binding for the home address)';
      case 'HopLimit':
        this.violations.push(`hop limit reached at ${this.now}`);
        return 'HopLimit: hop limit exceeded (forwarding loop)';
      case 'BufferFull':
        return 'BufferFull: buffer full (§5.2.1)';
      case 'TunnelExpired':
        return 'TunnelExpired: tunnel lifetime over (§6.1.2)';
      default:
        return r;
    }
  }

  /** §3.4: the aAR keeps tunnelling to the oAR too after an early BET placement: a copy goes there. */
  private bicastCopy(node: string, p: Pkt): void {
    const h = this.ctl.bindings.get(`${node}|${p.msg.dst}`);
    if (!h || !h.also || h.expires <= this.now) return;
    const c: Pkt = { ...p, id: ++this.pktSeq, own: this.pool.bytesOf(p).slice(), off: -1 };
    this.count.sent++;
    if (c.flow >= 0) this.measures.tunnelled(c.mn); // the copy is tunnelled too (the page counts it)
    this.pool.encap(c, this.dpAddress[this.dpId.get(node)!]!, h.also);
    if (this.trace) this.tracer.encap(node, h.also, c, BICAST);
    const also = h.also;
    h.also = undefined; // the copy is not copied again at this node
    this.forward(node, c, false, undefined);
    h.also = also;
  }

  /** A packet the control plane releases from a buffer (the §7 flush) goes on: to the MN if it is on the link, else routed. */
  private onward(node: string, p: Pkt, lla: string | undefined): void {
    const s = lla === undefined ? undefined : this.mnByLla.get(lla);
    if (s && this.onLink(s, node)) {
      if (this.trace && p.origin !== node) this.tracer.forwarded(node, s.role.name, p);
      this.airDown(node, s, p);
    } else this.forward(node, p, false, undefined);
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

  // ------------------------------------------------------------------ traffic

  private trafficTick(i: number): void {
    const f = this.flows[i]!;
    if (this.now > f.stopUs) return;
    const s = f.s;
    const seq = this.flowSeq[i]!;
    this.flowSeq[i] = seq + 1;
    const down = f.down;
    const src = down ? this.sc.cn.address : s.role.coa;
    const dst = down ? (s.cnDst ??= this.cn.destinationFor(s.role.home)) : this.sc.cn.address;
    // The fast path: the packet core keeps the flow's template and patches the sequence number
    // and checksum; the template is rebuilt only when an address changes (a handover).
    if (f.src !== src || f.dst !== dst) {
      f.src = src;
      f.dst = dst;
      f.msg = data(src, dst, DATA_PORT + i, 0, this.sc.traffic[i]!.payloadBytes);
      if (this.dp.flowSet(i, f.msg) < 0) throw new Error(`traffic ${i}: cannot build its data packets`);
      f.tpl++;
    }
    let off = this.pool.alloc();
    let n = -1;
    if (off >= 0) {
      n = this.dp.flowEmitTo(i, seq, off, this.slotSize);
      if (n < 0) {
        this.pool.free(off);
        off = -1;
      }
    }
    let own: Uint8Array | null = null;
    if (off < 0) {
      // no free slot, or a packet bigger than a slot: its bytes in their own array
      n = this.dp.flowEmit(i, seq);
      own = this.mem.slice(this.pool.pIn, this.pool.pIn + n);
    }
    const msg: Message = this.trace ? { ...(f.msg as Extract<Message, { kind: 'DATA' }>), seq } : f.msg;
    const origin = down ? this.cn.name : f.mn;
    const target = down ? f.mn : this.cn.name;
    // A data packet's record comes from those delivered before (no allocation per packet in the steady state).
    let p = this.pktPool.pop();
    if (p === undefined)
      p = {
        hopId: -1,
        own,
        off,
        len: n,
        flow: i,
        data: true,
        tpl: f.tpl,
        hops: 0,
        msg,
        hopMn: null,
        meas: s.meas,
        origin,
        mn: f.mn,
        hopTo: '',
        target,
        id: 0,
        why: undefined,
      };
    else {
      p.msg = msg;
      p.own = own;
      p.off = off;
      p.len = n;
      p.origin = origin;
      p.target = target;
      p.mn = f.mn;
      p.flow = i;
      p.hops = 0;
      p.hopTo = '';
      p.hopId = -1;
      p.hopMn = null;
      p.tpl = f.tpl;
      p.data = true;
      p.meas = s.meas;
    }
    p.id = ++this.pktSeq;
    this.measures.totals.dataSent++;
    // originate(), without looking the node up by name
    this.count.sent++;
    if (this.trace) this.rec('tx', origin, p, down ? (dst === s.role.home ? DATA_DOWN_HOME : DATA_DOWN_COA) : DATA_UP);
    if (down) this.forwardAt(this.cnId, p, null);
    else {
      // once confirmed, an address stays confirmed (MobileNode.confirmed only grows)
      if (f.okSrc !== src) {
        this.checkSource(s, src);
        if (s.role.confirmed.has(src)) f.okSrc = src;
      }
      this.mnTransmit(s, p);
    }
    if (this.now + f.intervalUs <= f.stopUs) this.kernel.atCall(this.now + f.intervalUs, this.onTick, i);
  }
  private readonly onTick = (i: number): void => this.trafficTick(i);

  /** Model check: the MN never uses an unconfirmed nCoA as a source (§3.1.3). */
  private checkSource(s: MobileState, src: string): void {
    if (!s.role.confirmed.has(src))
      this.violations.push(`${s.role.name} used unconfirmed source ${src} at ${this.now}`);
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

// The data plane's action codes (assembly/dataplane.ts ACT_*).
const ACT_DELIVER = 1;
const ACT_FORWARD = 2;
const ACT_ENCAP = 3;
const ACT_DECAP = 4;
const ACT_BUFFER = 5;
/** RFC 2460 §3: the hop limit octet of the IPv6 header. */
const IP6_HOP_LIMIT = 7;

/** A link-layer address for a wired interface of data-plane node `id` (only the tables see it). */
function wiredLla(id: number): string {
  return `02:00:5e:10:${((id >> 8) & 0xff).toString(16).padStart(2, '0')}:${(id & 0xff).toString(16).padStart(2, '0')}`;
}

const coreOwner = new WeakMap<object, World>();

const BICAST: Why = {
  text: 'a copy to the old peer: the aAR keeps its tunnel service until the HI(r)',
  section: '§3.4',
};
