// The engine: a world of access routers, a home agent, a correspondent node and mobile nodes,
// driven by the kernel. It implements the roles' `Net` interface: it moves packets over wired
// and radio links, keeps each node's forwarding state, turns positions into link-layer events
// (core/radio.ts), generates traffic and writes the trace (core/trace.ts) and the measures.
//
// Every message is built with the packet core's codec (`emit`) when it is originated and parsed
// with its `parse` when it is delivered; tunnelling uses the codec's `encapsulate`. All of that
// goes through `Wire` below: ONE place. Forwarding decisions go through `forward()`: ONE place per
// node, where the packet core's data plane (core/wire/dataplane.ts) plugs in when it lands.
import type { Message } from '../wire/types.ts';
import { isHTT } from '../wire/types.ts';
import type { Codec } from '../wire/codec.ts';
import type { Micros, PacketFields, TraceRecord } from '../trace.ts';
import { toHex } from '../trace.ts';
import { Fingerprint, Kernel, Rng, type TimerId } from '../sim/kernel.ts';
import type { Scenario } from '../scenario/schema.ts';
import { joinPrefixIid, prefix64 } from '../scenario/schema.ts';
import { bestCell, covers, Mobility, type Cell } from '../radio.ts';
import type { Forwarding, NcState, Net } from '../roles/net.ts';
import { AccessRouter } from '../roles/ar.ts';
import { MobileNode, type Target } from '../roles/mn.ts';
import { HomeAgent } from '../roles/ha.ts';
import { Correspondent } from '../roles/cn.ts';
import { data, fbu, innermost } from '../roles/build.ts';
import { authFor, hasAuth, labKey, newSa, type Authenticator, type SecurityAssociation } from '../wire/auth.ts';
import type { AttackSpec } from '../scenario/schema.ts';
import { Measures } from '../measures.ts';

export interface WorldOptions {
  seed: number;
  /** Keep trace records (off for the campus benchmark: measures only). */
  trace?: boolean;
  /** 'all' (default): every packet as bytes through the codec. 'control': data packets travel as values. */
  bytes?: 'all' | 'control';
  /** Called with each record as it happens. */
  onRecord?: (r: TraceRecord) => void;
}

/** A packet in flight: bytes are authoritative; `msg` is their decoded value. */
interface Pkt {
  id: number;
  msg: Message;
  bytes: Uint8Array | null;
  len: number;
  origin: string;
  target: string;
  mn: string;
  /** Index of the traffic flow for DATA, -1 otherwise. */
  flow: number;
  hops: number;
}

interface WiredLink {
  a: string;
  b: string;
  delayUs: number;
  bps: number;
  busy: [number, number];
}

interface RouterState {
  role: AccessRouter;
  cells: Cell[];
  tunnels: Map<string, { peer: string; expires: number; also?: string }>;
  reverse: Map<string, { peer: string; expires: number }>;
  host: Set<string>;
  nc: Map<string, { lla: string; state: NcState }>;
  buffering: Set<string>;
  buffers: Map<string, Pkt[]>;
}

interface MobileState {
  role: MobileNode;
  mob: Mobility;
  cell: Cell | null;
  up: boolean;
  /** L2 handover in progress towards this cell. */
  switching: boolean;
  predicted: Cell | null;
  predictedAt: number;
  busy: number;
}

const MAX_HOPS = 64;

export class World implements Net {
  readonly kernel = new Kernel(4096);
  readonly rng: Rng;
  readonly sc: Scenario;
  readonly records: TraceRecord[] = [];
  readonly fingerprint = new Fingerprint();
  readonly measures: Measures;
  readonly fwd: Forwarding;
  readonly cells: Cell[] = [];
  private readonly trace: boolean;
  private readonly allBytes: boolean;
  private readonly onRecord?: (r: TraceRecord) => void;
  private readonly codec: Codec;
  /** §8: the AH stand-in and the security associations, one per (sender, receiver) pair. */
  private readonly auth: Authenticator;
  private readonly sas = new Map<string, SecurityAssociation>();
  private readonly attackers = new Set<string>();
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
  private readonly haBindings = new Map<string, { coa: string; expires: number }>();
  private readonly cn: Correspondent;
  private pktSeq = 0;
  private flowSeq: number[] = [];
  private tickArmed = false;
  private readonly dataTemplateLen: number[] = [];
  /** Conservation counters: every packet is delivered, dropped, buffered or in flight. */
  readonly count = { sent: 0, delivered: 0, dropped: 0, inFlight: 0, buffered: 0, authRejected: 0 };
  /** Model-check observations (read by tests). */
  readonly violations: string[] = [];

  constructor(sc: Scenario, codec: Codec, opts: WorldOptions) {
    this.sc = sc;
    this.codec = codec;
    this.auth = authFor(codec.core);
    for (const a of sc.security.attacks) this.attackers.add(a.node);
    this.rng = new Rng(opts.seed);
    this.trace = opts.trace ?? true;
    this.allBytes = (opts.bytes ?? 'all') === 'all';
    this.onRecord = opts.onRecord;
    this.measures = new Measures(Math.ceil(sc.durationUs / Math.max(100, Math.min(...sc.traffic.map((t) => t.intervalUs), 20_000))) + 8);
    this.fwd = this.makeForwarding();

    // Routers and their cells (an AP bridged to a router is a cell of that router, §3.1.1 case 2).
    for (const r of sc.routers) {
      if (r.apOf) continue;
      const role = new AccessRouter(this, r);
      this.routers.set(r.name, { role, cells: [], tunnels: new Map(), reverse: new Map(), host: new Set(), nc: new Map(), buffering: new Set(), buffers: new Map() });
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
    this.ha = new HomeAgent(this, sc.ha.name, sc.ha.address);
    this.owners.set(sc.ha.address, sc.ha.name);
    this.prefixOwner.set(prefix64(sc.ha.homePrefix.split('/')[0]!), sc.ha.name);
    this.prefixOwner.set(prefix64(sc.ha.address), sc.ha.name);
    this.cn = new Correspondent(this, sc.cn.name, sc.cn.address);
    this.owners.set(sc.cn.address, sc.cn.name);
    this.prefixOwner.set(prefix64(sc.cn.address), sc.cn.name);
    for (const l of sc.links) this.links.push({ a: l.a, b: l.b, delayUs: l.delayUs, bps: l.bandwidthBps, busy: [0, 0] });
    this.computeRoutes();

    for (const m of sc.mobiles) {
      const role = new MobileNode(this, m);
      const s: MobileState = { role, mob: new Mobility(m.path, m.x, m.y, sc.radio.predict), cell: null, up: false, switching: false, predicted: null, predictedAt: 0, busy: 0 };
      this.mobiles.set(m.name, s);
      this.mnByLla.set(m.lla, s);
      this.owners.set(m.home, m.name);
    }
    sc.traffic.forEach((t, i) => {
      this.flowSeq.push(0);
      this.dataTemplateLen.push(48 + Math.max(4, t.payloadBytes));
      void i;
    });
  }

  get now(): Micros {
    return this.kernel.now;
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
    for (const src of adj.keys()) {
      // Dijkstra by delay (+1 per hop, so ties prefer fewer hops); O(n^2) selection, fine for 100s of nodes.
      const dist = new Map<string, number>([[src, 0]]);
      const first = new Map<string, { next: string; link: WiredLink; dir: 0 | 1 }>();
      const done = new Set<string>();
      for (;;) {
        let u: string | undefined;
        let best = Infinity;
        for (const [n, d] of dist) if (!done.has(n) && d < best) ((best = d), (u = n));
        if (u === undefined) break;
        done.add(u);
        for (const e of adj.get(u)!) {
          const nd = best + e.link.delayUs + 1;
          if (nd < (dist.get(e.v) ?? Infinity)) {
            dist.set(e.v, nd);
            first.set(e.v, u === src ? { next: e.v, link: e.link, dir: e.dir } : first.get(u)!);
          }
        }
      }
      this.nextHop.set(src, first);
    }
  }

  /** Puts every MN on its initial cell with its binding in place; starts RAs, ticks and traffic. */
  start(): void {
    for (const [name, s] of this.mobiles) {
      const p = s.mob.at(0);
      const c = bestCell(this.cells, p.x, p.y);
      if (!c) {
        s.role.phase = { p: 'detached' };
        continue;
      }
      s.cell = c;
      s.up = true;
      const rs = this.routers.get(c.router)!;
      rs.role.onLinkUp(s.role.lla);
      s.role.start(c.router);
      rs.role.learn(s.role.lla, s.role.coa);
      rs.nc.set(s.role.coa, { lla: s.role.lla, state: 'REACHABLE' });
      this.haBindings.set(s.role.home, { coa: s.role.coa, expires: Infinity });
      if (this.sc.bindCn) this.cn.bindings.set(s.role.home, s.role.coa);
      void name;
    }
    for (const r of this.routers.values()) r.role.startRa();
    for (const a of this.sc.security.attacks) if (a.forge !== 'L2-TT') this.kernel.at(a.atUs, () => this.attack(a));
    this.armTick();
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
    return this.mnByLla.get(mnLla)?.role.phase.p === 'detecting';
  }
  routerOfPrefix(addr: string) {
    const n = this.prefixOwner.get(prefix64(addr));
    return n ? this.routerInfo.get(n) : undefined;
  }
  routerByName(name: string) {
    return this.routerInfo.get(name);
  }
  private nodeOf(addr: string): string {
    return this.owners.get(addr) ?? this.expectHints.get(addr) ?? this.mnByIid(addr) ?? this.prefixOwner.get(prefix64(addr)) ?? addr;
  }
  private readonly byIid = new Map<string, string>();
  private mnByIid(addr: string): string | undefined {
    if (this.byIid.size === 0) for (const s of this.mobiles.values()) this.byIid.set(joinPrefixIid('::/64', s.role.spec.iid), s.role.name);
    return this.byIid.get(joinPrefixIid('::/64', addr));
  }

  // ------------------------------------------------------------------ Net: trace

  private emit(r: TraceRecord): void {
    if (!this.trace) return;
    this.records.push(r);
    this.fingerprint.add(`${r.t}|${r.kind}|${r.node}|${'msg' in r ? r.msg : ''}|${'hex' in r ? r.hex : ''}|${'reason' in r ? r.reason : ''}|${'to' in r ? r.to : ''}|${'trigger' in r ? r.trigger : ''}`);
    this.onRecord?.(r);
  }

  state(node: string, machine: string, from: string, to: string, why: string): void {
    if (this.trace) this.emit({ t: this.now, kind: 'state', node, machine, from, to, why });
  }

  timer(node: string, name: string, delayUs: number, fn: () => void): TimerId {
    const traced = name !== '';
    if (traced && this.trace) this.emit({ t: this.now, kind: 'timer', node, name, action: 'set' });
    return this.kernel.after(delayUs, () => {
      if (traced && this.trace) this.emit({ t: this.now, kind: 'timer', node, name, action: 'fired' });
      fn();
    });
  }
  cancel(node: string, name: string, id: TimerId): void {
    if (!id) return;
    this.kernel.cancel(id);
    if (name !== '' && this.trace) this.emit({ t: this.now, kind: 'timer', node, name, action: 'cancelled' });
  }

  mark(mn: string, what: 'confirmed' | 'completed' | 'fallback' | 'pingpong' | 'wrong-ar' | 'same-ar', detail?: string): void {
    this.measures.mark(mn, this.now, what);
    void detail;
  }

  private packetFields(p: Pkt): PacketFields {
    const m = innermost(p.msg);
    // §5.2.3: an HI or HACK with both H and T set is named HTT.
    const f: PacketFields = { pkt: p.id, msg: isHTT(m) ? 'HTT' : m.kind, from: p.origin, to: p.target, flags: flagsOf(m), hex: p.bytes ? toHex(p.bytes) : '' };
    if (m.kind === 'PrRtAdv' || m.kind === 'HACK') f.code = m.code;
    if (m.kind === 'F-BACK' || m.kind === 'BACK') f.status = m.status;
    if (m.kind === 'RA') for (const o of m.options) if (o.type === 'NAACK') f.status = o.status;
    return f;
  }
  private rec(kind: 'tx' | 'rx', node: string, p: Pkt): void {
    if (this.trace) this.emit({ t: this.now, kind, node, ...this.packetFields(p) });
  }

  // ------------------------------------------------------------------ Wire: the one place bytes are made and read

  private build(node: string, msg: Message): Pkt {
    const inner = innermost(msg);
    const isData = inner.kind === 'DATA';
    let bytes: Uint8Array | null = null;
    let len: number;
    let target = this.nodeOf(inner.dst);
    if (this.allBytes || !isData) {
      bytes = this.codec.emit(msg);
      if (msg === inner && this.needsAuth(inner, target)) bytes = this.auth.addAuth(bytes, this.saFor(node, target));
      len = bytes.length;
    } else len = 48 + (inner as { payloadLength: number }).payloadLength;
    if (inner.dst.startsWith('ff02:') && this.mobiles.has(node)) target = this.mobiles.get(node)!.cell?.router ?? target;
    const mn = this.mobiles.has(node) ? node : this.mobiles.has(target) ? target : this.mnOfMsg(inner);
    return { id: ++this.pktSeq, msg, bytes, len, origin: node, target, mn, flow: -1, hops: 0 };
  }
  private mnOfMsg(m: Message): string {
    if (m.kind === 'HI' || m.kind === 'HACK') {
      for (const o of m.options) if (o.type === 'LLA' && o.subType === 2) return this.mnByLla.get(o.lla)?.role.name ?? '';
    }
    if (m.kind === 'HACK') return '';
    return '';
  }
  private encap(p: Pkt, src: string, peer: string): void {
    p.msg = { kind: 'TUNNEL', src, dst: peer, hopLimit: 64, inner: p.msg };
    if (p.bytes) p.bytes = this.codec.encapsulate(src, peer, p.bytes);
    p.len += 40;
  }
  private decap(p: Pkt): void {
    if (p.msg.kind !== 'TUNNEL') return;
    p.msg = p.msg.inner;
    if (p.bytes) p.bytes = p.bytes.subarray(40);
    p.len -= 40;
  }
  /** Parse at delivery: the role gets what the bytes say, not what the sender meant. */
  private parseForDelivery(p: Pkt, node: string): Message | string {
    if (!p.bytes) return p.msg;
    let bytes = p.bytes;
    let authenticated = false;
    if (hasAuth(bytes)) {
      // §8: verify the AH against the receiver's security associations before anything reads the message.
      const v = this.auth.verifyAuth(bytes, this.inbound(node));
      if (!v.ok) {
        this.count.authRejected++;
        return `unauthenticated: AH ${v.status} (§8)`;
      }
      bytes = v.packet;
      authenticated = true;
    }
    const r = this.codec.parse(bytes);
    if (!r.ok) return `malformed (${r.status})`;
    if (!authenticated && this.needsAuth(r.msg, node)) {
      // §5.2.1/§5.2.2/§8.2.2 (HI, HACK, HTT) and §8.1 (F-BU): no AH, no effect on routing.
      this.count.authRejected++;
      return 'unauthenticated: AH NoAuth (§8)';
    }
    return r.msg;
  }

  // ------------------------------------------------------------------ §8 security associations

  /** Messages that change routing and MUST be authenticated when associations are on. */
  private needsAuth(m: Message, receiver: string): boolean {
    if (!this.sc.security.associations) return false;
    if (m.kind === 'HI' || m.kind === 'HACK' || m.kind === 'F-BU') return true;
    // §3.5.2: the MN's BU to the aAR that tears the tunnel down is "suitably authenticated".
    return m.kind === 'BU' && this.routers.has(receiver);
  }
  private saFor(from: string, to: string): SecurityAssociation {
    const key = `${from}>${to}`;
    if (this.attackers.has(from)) {
      // The attacker holds no key: it guesses the SPI of the association it impersonates.
      const victim = [...this.sas.entries()].find(([k]) => k.endsWith(`>${to}`))?.[1]?.spi ?? 0x1000;
      // A fresh sequence number, so that the ICV (not the replay window) is what rejects it.
      return { ...newSa(victim, labKey(this.auth, `forged by ${from}`)), seq: 999 };
    }
    let sa = this.sas.get(key);
    if (!sa) {
      sa = newSa(0x1000 + this.sas.size, labKey(this.auth, key));
      this.sas.set(key, sa);
    }
    return sa;
  }
  /** The receiver's inbound SAs: every association whose far end is `node`. */
  private inbound(node: string): SecurityAssociation[] {
    const out: SecurityAssociation[] = [];
    for (const [k, sa] of this.sas) if (k.endsWith(`>${node}`)) out.push(sa);
    return out;
  }

  /** An attack of the scenario (§8): a forged message from the attacker node. */
  private attack(a: AttackSpec): void {
    const victim = this.mobiles.get(a.victim)?.role;
    const to = this.routerInfo.get(a.to);
    const x = this.mobiles.get(a.node)?.role;
    if (!victim || !to || !x) return;
    if (a.forge === 'F-BU') {
      // §8.1: a node masquerading as the MN "could usurp traffic destined [to] the MN, diverting it".
      this.send(a.node, fbu(x.coa, to.address, victim.coa, x.coa, 0x7777, 10));
    } else if (a.forge === 'HI') {
      // §8.2.2: a forged HI(R), lifetime 0, "from" the MN's current AR: the BET would be cut off.
      const cur = this.mobiles.get(a.victim)?.cell?.router;
      const spoof = cur && cur !== a.to ? this.routerInfo.get(cur)!.address : to.address;
      this.send(a.node, {
        kind: 'HI',
        src: spoof,
        dst: to.address,
        hopLimit: 255,
        identifier: 0x7777,
        flags: { S: false, U: false, H: false, T: false, R: true },
        options: [
          { type: 'LLA', subType: 2, lla: victim.lla },
          { type: 'IPAddress', subType: 1, prefixLength: 64, address: victim.coa },
          { type: 'Lifetime', lifetime: 0 },
        ],
      });
    }
  }

  // ------------------------------------------------------------------ Net: sending

  send(node: string, msg: Message): void {
    const p = this.build(node, msg);
    this.originate(node, p);
  }

  private originate(node: string, p: Pkt): void {
    this.count.sent++;
    this.rec('tx', node, p);
    const s = this.mobiles.get(node);
    if (s) this.mnTransmit(s, p);
    else this.forward(node, p, false, undefined);
  }

  sendOnLink(ar: string, mnLla: string, msg: Message): void {
    const p = this.build(ar, msg);
    const s = this.mnByLla.get(mnLla);
    if (s) p.target = s.role.name;
    p.mn = s?.role.name ?? '';
    this.count.sent++;
    this.rec('tx', ar, p);
    if (!s) return this.drop(ar, p, 'no such neighbour');
    this.airDown(ar, s, p);
  }

  sendTunnelled(node: string, msg: Message, peer: string): void {
    const p = this.build(node, msg);
    this.count.sent++;
    this.rec('tx', node, p);
    this.encap(p, this.routerInfo.get(node)?.address ?? '::', peer);
    if (this.trace) this.emit({ t: this.now, kind: 'encap', node, peer: this.nodeOf(peer), ...this.packetFields(p) });
    this.forward(node, p, false, undefined);
  }

  private drop(node: string, p: Pkt, reason: string): void {
    this.count.dropped++;
    if (this.trace) this.emit({ t: this.now, kind: 'drop', node, reason, ...this.packetFields(p) });
    if (p.flow >= 0) this.measures.dataLost(p.mn);
  }

  private deliver(node: string, p: Pkt, fromLla: string | undefined): void {
    const m = this.parseForDelivery(p, node);
    if (typeof m === 'string') return this.drop(node, p, m);
    this.count.delivered++;
    this.rec('rx', node, p);
    const s = this.mobiles.get(node);
    if (s) {
      if (m.kind === 'DATA') this.measures.dataRx(node, m.dstPort - 5000, m.seq, this.now);
      s.role.onMessage(m);
      return;
    }
    const r = this.routers.get(node);
    if (r) return r.role.onMessage(m, fromLla);
    if (node === this.ha.name) return this.ha.onMessage(m);
    if (node === this.cn.name) {
      if (m.kind === 'DATA') this.measures.dataRxUp(p.mn, m.dstPort - 5000, m.seq);
      return this.cn.onMessage(m);
    }
  }

  // ------------------------------------------------------------------ links

  private wiredHop(node: string, next: { next: string; link: WiredLink; dir: 0 | 1 }, p: Pkt): void {
    const l = next.link;
    const start = Math.max(this.now, l.busy[next.dir]);
    const txUs = Math.ceil((p.len * 8 * 1e6) / l.bps);
    l.busy[next.dir] = start + txUs;
    if (p.flow < 0) this.measures.signalling(p.mn, p.len, false);
    this.count.inFlight++;
    this.kernel.at(start + txUs + l.delayUs, () => {
      this.count.inFlight--;
      this.forward(next.next, p, false, undefined);
    });
  }

  private airDown(ar: string, s: MobileState, p: Pkt): void {
    if (!s.up || s.cell?.router !== ar) return this.drop(ar, p, 'link down: MN not on this link');
    const txUs = Math.ceil((p.len * 8 * 1e6) / this.sc.radio.airBandwidthBps);
    const start = Math.max(this.now, s.busy);
    s.busy = start + txUs;
    if (p.flow < 0) this.measures.signalling(p.mn || s.role.name, p.len, true);
    this.count.inFlight++;
    this.kernel.at(start + txUs + this.sc.radio.airDelayUs, () => {
      this.count.inFlight--;
      if (!s.up || s.cell?.router !== ar) return this.drop(s.role.name, p, 'link lost in flight');
      this.mnReceive(s, p);
    });
  }

  private mnTransmit(s: MobileState, p: Pkt): void {
    if (!s.up || !s.cell) return this.drop(s.role.name, p, 'MN has no link');
    const ar = s.cell.router;
    const txUs = Math.ceil((p.len * 8 * 1e6) / this.sc.radio.airBandwidthBps);
    if (p.flow < 0) this.measures.signalling(s.role.name, p.len, true);
    this.count.inFlight++;
    this.kernel.after(txUs + this.sc.radio.airDelayUs, () => {
      this.count.inFlight--;
      if (!s.up || s.cell?.router !== ar) return this.drop(ar, p, 'link lost in flight');
      this.forward(ar, p, true, s.role.lla);
    });
  }

  private mnReceive(s: MobileState, p: Pkt): void {
    const name = s.role.name;
    for (;;) {
      const m = p.msg;
      if (m.kind === 'TUNNEL') {
        if (!this.mnAccepts(s, m.dst)) return this.drop(name, p, 'tunnel not for this MN');
        this.decap(p);
        if (this.trace) this.emit({ t: this.now, kind: 'decap', node: name, peer: this.nodeOf(m.src), ...this.packetFields(p) });
        continue;
      }
      if (!this.mnAccepts(s, m.dst)) return this.drop(name, p, 'not addressed to this MN');
      if (s.role.loses(m.kind)) return this.drop(name, p, 'lost on the radio (scenario fault)');
      return this.deliver(name, p, undefined);
    }
  }

  private mnAccepts(s: MobileState, addr: string): boolean {
    if (addr.startsWith('ff02:')) return true;
    const r = s.role;
    if (addr === r.home || addr === r.coa || r.confirmed.has(addr)) return true;
    // The nCoA the PrRtAdv gave (receiving on it is allowed; sending from it is not, §3.1.3).
    return joinPrefixIid(`${addr}/64`, r.spec.iid) === addr || this.expectHints.get(addr) === r.name;
  }

  // ------------------------------------------------------------------ forwarding (the data plane's decisions)

  /**
   * What a node does with a packet: deliver, forward, encapsulate, decapsulate, buffer or drop.
   * ONE place for every node; the packet core's data plane replaces the table lookups here.
   */
  private forward(node: string, p: Pkt, fromAir: boolean, fromLla: string | undefined): void {
    const r = this.routers.get(node);
    for (let guard = 0; guard < 8; guard++) {
      const m = p.msg;
      const dst = m.dst;
      if (this.owners.get(dst) === node || (r && fromAir && dst.startsWith('ff02:'))) {
        if (m.kind === 'TUNNEL') {
          this.decap(p);
          if (this.trace) this.emit({ t: this.now, kind: 'decap', node, peer: this.nodeOf(m.src), ...this.packetFields(p) });
          fromAir = false;
          continue;
        }
        if (r && r.role.loses(m.kind)) return this.drop(node, p, 'lost on the way (scenario fault)');
        if (r && fromAir && fromLla && m.src !== '::' && prefix64(m.src) === prefix64(r.role.address)) this.learnNeighbor(r, m.src, fromLla);
        return this.deliver(node, p, fromLla);
      }
      if (r) {
        if (fromAir && fromLla && m.src !== '::' && prefix64(m.src) === prefix64(r.role.address)) this.learnNeighbor(r, m.src, fromLla);
        const t = r.tunnels.get(dst);
        if (t && t.expires > this.now) {
          if (p.flow >= 0) this.measures.tunnelled(p.mn);
          if (t.also) this.duplicate(node, p, r.role.address, t.also);
          this.encap(p, r.role.address, t.peer);
          if (this.trace) this.emit({ t: this.now, kind: 'encap', node, peer: this.nodeOf(t.peer), ...this.packetFields(p) });
          continue;
        }
        if (fromAir) {
          const rv = r.reverse.get(m.src);
          if (rv && rv.expires > this.now) {
            // §3.1.5: "the nAR MUST tunnel packets from the MN with the source address being oCoA back to oAR".
            this.encap(p, r.role.address, rv.peer);
            if (this.trace) this.emit({ t: this.now, kind: 'encap', node, peer: this.nodeOf(rv.peer), ...this.packetFields(p) });
            fromAir = false;
            continue;
          }
        }
        if (prefix64(dst) === prefix64(r.role.address) || r.host.has(dst)) return this.onLink(node, r, p);
      } else if (node === this.ha.name && prefix64(dst) === prefix64(this.sc.ha.homePrefix.split('/')[0]!) && dst !== this.sc.ha.address) {
        const b = this.haBindings.get(dst);
        if (!b || b.expires <= this.now) return this.drop(node, p, 'HA: no binding for the home address');
        this.encap(p, this.sc.ha.address, b.coa);
        if (this.trace) this.emit({ t: this.now, kind: 'encap', node, peer: this.nodeOf(b.coa), ...this.packetFields(p) });
        continue;
      }
      // Route towards the owner of the destination's prefix.
      const owner = this.prefixOwner.get(prefix64(dst));
      if (!owner || owner === node) return this.drop(node, p, `no route to ${dst}`);
      const hop = this.nextHop.get(node)?.get(owner);
      if (!hop) return this.drop(node, p, `no route to ${owner}`);
      if (++p.hops > MAX_HOPS) {
        this.violations.push(`hop limit: packet ${p.id}`);
        return this.drop(node, p, 'hop limit exceeded (forwarding loop)');
      }
      if (p.origin !== node && this.trace) this.emit({ t: this.now, kind: 'fwd', node, next: hop.next, ...this.packetFields(p) });
      return this.wiredHop(node, hop, p);
    }
    this.drop(node, p, 'tunnel nesting too deep');
  }

  private learnNeighbor(r: RouterState, addr: string, lla: string): void {
    const e = r.nc.get(addr);
    if (!e || e.state !== 'REACHABLE' || e.lla !== lla) {
      if (e && e.state === 'INCOMPLETE') return; // §7: INCOMPLETE until NA / F-NA / L2 trigger
      r.nc.set(addr, { lla, state: 'REACHABLE' });
    }
    r.role.learn(lla, addr);
  }

  private onLink(node: string, r: RouterState, p: Pkt): void {
    const dst = p.msg.dst;
    const e = r.nc.get(dst);
    if (e && e.state !== 'INCOMPLETE') {
      const s = this.mnByLla.get(e.lla);
      if (s && s.up && s.cell?.router === node) {
        if (p.origin !== node && this.trace) this.emit({ t: this.now, kind: 'fwd', node, next: s.role.name, ...this.packetFields(p) });
        return this.airDown(node, s, p);
      }
    }
    if (r.buffering.has(dst)) {
      let q = r.buffers.get(dst);
      if (!q) r.buffers.set(dst, (q = []));
      if (q.length >= r.role.spec.caps.bufferPackets) return this.drop(node, p, 'buffer full');
      q.push(p);
      this.count.buffered++;
      if (p.flow >= 0) this.measures.buffered(p.mn);
      if (this.trace) this.emit({ t: this.now, kind: 'buffer', node, reason: 'HI U flag (§5.2.1)', ...this.packetFields(p) });
      return;
    }
    if (e && e.state === 'INCOMPLETE') return this.drop(node, p, 'neighbour INCOMPLETE (MN not arrived, §7)');
    return this.drop(node, p, e ? 'link down: MN not on this link' : 'no neighbour cache entry');
  }

  /** §3.4: the aAR keeps tunnelling to the oAR too after an early BET placement: a copy goes there. */
  private duplicate(node: string, p: Pkt, src: string, peer: string): void {
    const c: Pkt = { ...p, id: ++this.pktSeq, bytes: p.bytes ? p.bytes.slice() : null };
    this.count.sent++;
    this.encap(c, src, peer);
    if (this.trace) this.emit({ t: this.now, kind: 'encap', node, peer: this.nodeOf(peer), ...this.packetFields(c) });
    this.forward(node, c, false, undefined);
  }

  private makeForwarding(): Forwarding {
    const R = (n: string) => this.routers.get(n)!;
    return {
      unreverse: (node, src, why) => {
        const rv = R(node).reverse.get(src);
        if (!rv) return;
        R(node).reverse.delete(src);
        if (this.trace) this.emit({ t: this.now, kind: 'tunnel', node, action: 'down', peer: this.nodeOf(rv.peer), tunnel: `from ${src}→${rv.peer}`, why } as TraceRecord);
      },
      bicast: (node, addr, peer, on) => {
        const t = R(node).tunnels.get(addr);
        if (!t) return;
        if (on) t.also = peer;
        else if (t.also === peer) t.also = undefined;
        this.state(node, `bicast:${addr}`, on ? 'off' : 'on', on ? 'on' : 'off', on ? `also to ${this.nodeOf(peer)} (§3.4 extreme 1)` : 'HI(r): duplicates stop (§3.4)');
      },
      tunnelTo: (node, addr, peer, lifetimeUs, why) => {
        R(node).tunnels.set(addr, { peer, expires: this.now + lifetimeUs });
        if (this.trace) this.emit({ t: this.now, kind: 'tunnel', node, action: 'up', peer: this.nodeOf(peer), tunnel: `${addr}→${peer}`, lifetime: Math.round(lifetimeUs / 1e6), why });
      },
      untunnel: (node, addr, why) => {
        const t = R(node).tunnels.get(addr);
        if (!t) return;
        R(node).tunnels.delete(addr);
        if (this.trace) this.emit({ t: this.now, kind: 'tunnel', node, action: 'down', peer: this.nodeOf(t.peer), tunnel: `${addr}→${t.peer}`, why });
      },
      hasTunnel: (node, addr) => (this.routers.get(node)?.tunnels.get(addr)?.expires ?? 0) > this.now,
      reverseTunnel: (node, src, peer, lifetimeUs) => {
        R(node).reverse.set(src, { peer, expires: this.now + lifetimeUs });
        if (this.trace) this.emit({ t: this.now, kind: 'tunnel', node, action: 'up', peer: this.nodeOf(peer), tunnel: `from ${src}→${peer}`, lifetime: Math.round(lifetimeUs / 1e6) });
      },
      hostRoute: (node, addr, on) => {
        if (on) R(node).host.add(addr);
        else R(node).host.delete(addr);
      },
      nc: (node, addr, lla, state) => {
        if (state === null) R(node).nc.delete(addr);
        else R(node).nc.set(addr, { lla, state });
        if (state !== null) this.expect(addr, lla);
        this.state(node, `nc:${addr}`, '', state ?? 'deleted', `neighbor cache (§7), lla ${lla}`);
      },
      ncLookup: (node, addr) => R(node).nc.get(addr),
      buffer: (node, addr, on) => {
        if (on) R(node).buffering.add(addr);
        else R(node).buffering.delete(addr);
      },
      flush: (node, addr) => {
        const r = R(node);
        const q = r.buffers.get(addr);
        if (!q) return;
        r.buffers.delete(addr);
        for (const p of q) {
          this.count.buffered--;
          this.onLink(node, r, p);
        }
      },
      bind: (node, home, coa, lifetimeUs) => {
        if (node === this.ha.name) {
          if (lifetimeUs === 0) this.haBindings.delete(home);
          else this.haBindings.set(home, { coa, expires: this.now + lifetimeUs });
        }
      },
    };
  }

  // ------------------------------------------------------------------ radio

  private armTick(): void {
    if (this.tickArmed) return;
    this.tickArmed = true;
    this.kernel.after(this.sc.radio.tickUs, () => {
      this.tickArmed = false;
      let again = false;
      for (const s of this.mobiles.values()) if (this.radioStep(s)) again = true;
      if (again) this.armTick();
    });
  }

  /** Live movement input (dragging) at the current virtual time. */
  move(node: string, x: number, y: number): void {
    const s = this.mobiles.get(node);
    if (!s) throw new Error(`move: unknown mobile node "${node}" (known: ${[...this.mobiles.keys()].join(', ')})`);
    s.mob.move(this.now, x, y);
    if (this.trace) this.emit({ t: this.now, kind: 'move', node, x, y });
    this.radioStep(s);
    this.armTick();
  }

  private l2(node: string, trigger: string, detail: string): void {
    if (this.trace) this.emit({ t: this.now, kind: 'l2', node, trigger, detail });
  }

  /** One radio sample for one MN; returns whether it should keep being sampled. */
  private radioStep(s: MobileState): boolean {
    const moving = s.mob.moving(this.now);
    if (s.switching) return true;
    const pos = s.mob.at(this.now);
    const c = s.cell;
    const name = s.role.name;
    if (c && s.up) {
      const lead = this.sc.radio.leadUs;
      if (!covers(c, pos.x, pos.y) && s.mob.isLive && (!s.predicted || this.now < s.predictedAt + lead)) {
        // A drag is a jump: where the MN goes is known now, so the predictive information comes now and
        // the layer-2 handover `leadUs` later (the configurable lead time of §3.1).
        if (!s.predicted) {
          const t = bestCell(this.cells, pos.x, pos.y, c);
          if (t) this.predict(s, c, t);
          else return this.leave(s, c, pos);
        }
        return true;
      }
      if (!covers(c, pos.x, pos.y)) return this.leave(s, c, pos);
      if (!s.predicted) {
        const a = s.mob.ahead(this.now, lead);
        if (!covers(c, a.x, a.y)) {
          const t = bestCell(this.cells, a.x, a.y, c);
          if (t) this.predict(s, c, t);
        }
      } else {
        // The prediction no longer holds (movement aborted, §6.1.2): forget it.
        const a = s.mob.ahead(this.now, this.sc.radio.leadUs);
        if (covers(c, a.x, a.y) && !moving) s.predicted = null;
      }
      return moving || s.predicted !== null;
    }
    if (!c || !s.up) {
      const t = bestCell(this.cells, pos.x, pos.y);
      if (t) {
        s.switching = true;
        this.kernel.after(this.sc.radio.l2HandoverUs, () => {
          s.switching = false;
          this.linkUp(s, t);
        });
        return true;
      }
    }
    return moving;
  }

  private leave(s: MobileState, c: Cell, pos: { x: number; y: number }): boolean {
    const target = bestCell(this.cells, pos.x, pos.y, c);
    this.linkDown(s, c);
    s.switching = true;
    this.kernel.after(this.sc.radio.l2HandoverUs, () => {
      s.switching = false;
      const p2 = s.mob.at(this.now);
      const t2 = target && covers(target, p2.x, p2.y) ? target : bestCell(this.cells, p2.x, p2.y);
      if (t2) this.linkUp(s, t2);
      else this.armTick();
    });
    return true;
  }

  private predict(s: MobileState, c: Cell, t: Cell): void {
    const name = s.role.name;
    s.predicted = t;
    s.predictedAt = this.now;
    this.measures.begin(name, this.now, c.router, s.role.fast ? 'fast' : 'mipv6');
    const tgt: Target = { cell: t.name, router: t.router, lla: t.lla };
    const src = this.routers.get(c.router)!.role;
    const dst = this.routers.get(t.router)!.role;
    if (s.role.spec.mode === 'beth' && s.role.mech === 'beth' && src.beth && !dst.beth && c.router !== t.router) {
      // §4.3: the MN reaches the edge of the BETH area: the boundary AR tells it and hands it over.
      const coa = s.role.coa;
      this.l2(c.router, 'L2-ST', `${name} → ${t.name} (leaving the BETH area)`);
      src.bethBoundary(s.role.lla, coa, t.lla, dst.spec.caps.fast ? 0 : 3);
      return;
    }
    if (s.role.spec.mode === 'beth' && s.role.mech === 'beth' && src.beth && dst.beth && c.router !== t.router) {
      // §3.2.1 Table 1: a source trigger at the oAR if it has one, else a target trigger at the nAR.
      if (src.spec.caps.triggers.st) {
        this.l2(c.router, 'L2-ST', `${name} → ${t.name} (${s.role.lla})`);
        src.beth.onSourceTrigger(s.role.lla, s.role.coa, this.routerInfo.get(t.router)!);
      } else if (dst.spec.caps.triggers.tt) {
        const forged = this.sc.security.attacks.find((a) => a.forge === 'L2-TT' && a.to === t.router && a.victim === name);
        this.l2(t.router, 'L2-TT', `${forged?.lla ?? s.role.lla} from ${c.router}`);
        dst.beth.onTargetTrigger(forged?.lla ?? s.role.lla, this.routerInfo.get(c.router)!);
      }
      return;
    }
    if (s.role.spec.initiation === 'network' && (s.role.fast || s.role.spec.mode === 'mipv6')) {
      // §3.1.2: the oAR receives the indication that the MN is about to move (source trigger).
      this.l2(c.router, 'L2-ST', `${name} → ${t.name} in ${this.sc.radio.leadUs} µs`);
      this.routers.get(c.router)!.role.onSourceTrigger(s.role.lla, t.lla);
    } else {
      // §3.1.6: the MN has the predictive information.
      this.l2(name, 'L2-ST', `predictive: → ${t.name} in ${this.sc.radio.leadUs} µs`);
      s.role.onPredict(tgt);
    }
  }

  private linkDown(s: MobileState, c: Cell): void {
    const name = s.role.name;
    this.l2(name, 'L2-LD', `left ${c.name}`);
    if (this.routers.get(c.router)!.role.spec.caps.triggers.ld) this.l2(c.router, 'L2-LD', `${name} left`);
    this.measures.linkDown(name, this.now, c.router, s.role.fast ? 'fast' : 'mipv6');
    s.up = false;
    this.routers.get(c.router)!.role.onLinkDown(s.role.lla);
    s.role.onLinkDown();
  }

  private linkUp(s: MobileState, c: Cell): void {
    const name = s.role.name;
    s.cell = c;
    s.up = true;
    s.predicted = null;
    s.busy = this.now;
    if (this.routers.get(c.router)!.role.spec.caps.triggers.lu) this.l2(c.router, 'L2-LU', `${name} arrived on ${c.name}`);
    this.l2(name, 'L2-LU', `on ${c.name}`);
    this.measures.linkUp(name, this.now, c.router);
    this.routers.get(c.router)!.role.onLinkUp(s.role.lla);
    s.role.onLinkUp({ cell: c.name, router: c.router, lla: c.lla });
    this.armTick();
  }

  // ------------------------------------------------------------------ traffic

  private trafficTick(i: number): void {
    const t = this.sc.traffic[i]!;
    if (this.now > t.stopUs) return;
    const s = this.mobiles.get(t.mn)!;
    const seq = this.flowSeq[i]!;
    this.flowSeq[i] = seq + 1;
    const port = 5000 + i;
    let p: Pkt;
    if (t.dir === 'down') {
      p = this.build(this.cn.name, data(this.sc.cn.address, this.cn.destinationFor(s.role.home), port, seq, t.payloadBytes));
      p.target = t.mn;
    } else {
      p = this.build(t.mn, data(s.role.coa, this.sc.cn.address, port, seq, t.payloadBytes));
      this.checkSource(s, s.role.coa);
    }
    p.flow = i;
    p.mn = t.mn;
    this.measures.totals.dataSent++;
    this.originate(t.dir === 'down' ? this.cn.name : t.mn, p);
    if (this.now + t.intervalUs <= t.stopUs) this.kernel.after(t.intervalUs, () => this.trafficTick(i));
  }

  /** Model check: the MN never uses an unconfirmed nCoA as a source (§3.1.3). */
  private checkSource(s: MobileState, src: string): void {
    if (!s.role.confirmed.has(src)) this.violations.push(`${s.role.name} used unconfirmed source ${src} at ${this.now}`);
  }

  // ------------------------------------------------------------------ running

  runUntil(t: Micros): void {
    this.kernel.runUntil(t);
  }

  /** Snapshot for model-based tests: active tunnels with their expiry. */
  tunnelsAt(): { node: string; addr: string; expires: number }[] {
    const out: { node: string; addr: string; expires: number }[] = [];
    for (const [node, r] of this.routers) for (const [addr, t] of r.tunnels) if (t.expires > this.now) out.push({ node, addr, expires: t.expires });
    return out;
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
  mobilePosition(name: string): { x: number; y: number } {
    const p = this.mobiles.get(name)!.mob.at(this.now);
    return { x: p.x, y: p.y };
  }
}

/** Set flag bits as letters in the draft's order. */
export function flagsOf(m: Message): string {
  let s = '';
  const add = (o: object) => {
    for (const [k, v] of Object.entries(o)) if (v) s += k;
  };
  switch (m.kind) {
    case 'HI':
    case 'HACK':
    case 'F-NA':
    case 'NA':
    case 'BU':
    case 'RA':
      add(m.flags);
      break;
    case 'F-BU':
      if (m.ack) s = 'A';
      break;
    default:
      break;
  }
  return s;
}
