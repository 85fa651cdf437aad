// The data path: what each node does with a packet that reaches it. At a router, the HA or the
// CN the packet core's data plane decides (deliver, forward, encapsulate, decapsulate, buffer or
// drop with its reason, core/wire/dataplane.ts) and `forwardAt` carries the decision out — ONE
// place for every node; a voice flow's decision is kept while the node's tables are unchanged
// (the hop cache, core/engine/hopcache.ts). The MN is a host: it accepts packets for its
// addresses and unwraps tunnels addressed to it (`mnReceive`). At the end of its path a packet is
// parsed by the packet core — the receiver's AH checked first (§8, core/engine/security.ts) —
// and handed to the node's role (World's `toRole`), or, a voice packet, counted in the measures.
// Split out of world.ts, which keeps the wiring; the hops themselves are core/engine/links.ts.
import type { Message } from '../wire/types.ts';
import { DATA_PORT } from '../wire/types.ts';
import type { Codec } from '../wire/codec.ts';
import { statusName } from '../wire/codec.ts';
import type { DataPlane, DropReason } from '../wire/dataplane.ts';
import { formatIPv6, joinPrefixIid } from '../wire/addr.ts';
import { D_U16B, D_U32A } from '../wire/layout.ts';
import type { Micros } from '../trace.ts';
import type { Why } from '../trace.ts';
import type { Kernel } from '../sim/kernel.ts';
import type { Measures } from '../measures.ts';
import { innermost } from '../roles/build.ts';
import { BUFFER_U, dropWhy, MN_DECAP, rxWhy } from './why.ts';
import type { Tracer } from './tracer.ts';
import { EMPTY, type PacketPool, type Pkt } from './packet.ts';
import type { Security } from './security.ts';
import type { ControlPlane } from './forwarding.ts';
import { HopCache } from './hopcache.ts';
import type { Links } from './links.ts';
import type { Names, MobileState } from './naming.ts';
import type { Topology } from './routing.ts';

/** What the world lends its data path. */
export interface DataPathHost {
  readonly kernel: Kernel;
  readonly codec: Codec;
  readonly dp: DataPlane;
  readonly topo: Topology;
  readonly names: Names;
  readonly ctl: ControlPlane;
  readonly pool: PacketPool;
  readonly tracer: Tracer;
  readonly security: Security;
  readonly links: Links;
  readonly measures: Measures;
  readonly count: { sent: number; delivered: number; dropped: number; buffered: number; authRejected: number };
  readonly violations: string[];
  readonly cnName: string;
  /** The scenario's traffic flows (the hop cache has two entries per flow). */
  readonly flows: number;
  readonly trace: boolean;
  readonly hopCache: boolean;
  /** A message delivered to a node: its role's turn (World.toRole). */
  toRole(node: string, m: Message, fromLla: string | undefined, mn: string): void;
}

const MAX_HOPS = 64;

export class DataPath {
  private readonly kernel: Kernel;
  private readonly codec: Codec;
  private readonly dp: DataPlane;
  private readonly names: Names;
  private readonly ctl: ControlPlane;
  private readonly pool: PacketPool;
  private readonly tracer: Tracer;
  private readonly security: Security;
  private readonly links: Links;
  private readonly measures: Measures;
  private readonly count: DataPathHost['count'];
  private readonly violations: string[];
  private readonly cnName: string;
  private readonly trace: boolean;
  private readonly hopCache: boolean;
  private readonly dpId: Map<string, number>;
  private readonly dpName: string[];
  private readonly dpAddress: string[];
  private readonly routerById: Topology['routerById'];
  private readonly ports: Topology['ports'];
  private readonly cnId: number;
  private readonly mem: Uint8Array;
  private readonly dv: DataView;
  private readonly pPar: number;
  private readonly pDec: number;
  private readonly slotSize: number;
  /**
   * The hop cache (core/engine/hopcache.ts): per data flow, its last FORWARD / DELIVER at the CN
   * and at the last other node, kept while the node's tables and the flow's template are
   * unchanged. So a campus's voice packets ask the data plane once per change at a router, not at
   * every hop, and every decision is the one it would have made.
   */
  private readonly hc: HopCache<MobileState>;
  /** The data-plane nodes' generations, in wasm memory. */
  private readonly nodeGen: Uint32Array;
  private readonly host: DataPathHost;

  constructor(w: DataPathHost) {
    this.host = w;
    this.kernel = w.kernel;
    this.codec = w.codec;
    this.dp = w.dp;
    this.names = w.names;
    this.ctl = w.ctl;
    this.pool = w.pool;
    this.tracer = w.tracer;
    this.security = w.security;
    this.links = w.links;
    this.measures = w.measures;
    this.count = w.count;
    this.violations = w.violations;
    this.cnName = w.cnName;
    this.trace = w.trace;
    this.hopCache = w.hopCache;
    this.dpId = w.topo.dpId;
    this.dpName = w.topo.dpName;
    this.dpAddress = w.topo.dpAddress;
    this.routerById = w.topo.routerById;
    this.ports = w.topo.ports;
    this.cnId = w.topo.cnId;
    const core = w.codec.core;
    this.mem = this.pool.mem;
    this.slotSize = this.pool.slotSize;
    this.pPar = core.params() >>> 0;
    this.pDec = core.decisionPtr() >>> 0;
    this.dv = new DataView(core.memory.buffer);
    this.hc = new HopCache<MobileState>(w.flows * 2);
    this.nodeGen = new Uint32Array(core.memory.buffer, core.nodeGenPtr() >>> 0, 1024);
  }

  private get now(): Micros {
    return this.kernel.now;
  }

  // ------------------------------------------------------------------ forwarding (the data plane's decisions)

  forward(node: string, p: Pkt, fromAir: boolean, fromLla: string | undefined): void {
    const id = this.dpId.get(node);
    if (id === undefined) return this.drop(node, p, 'NoNode: not a data-plane node');
    this.forwardAt(id, p, fromAir ? (fromLla === undefined ? null : (this.names.mobileByLla(fromLla) ?? null)) : null);
  }

  /** `forward` by data-plane node id; `from` is the MN when the packet came over the air from it. */
  forwardAt(id: number, p: Pkt, from: MobileState | null): void {
    const node = this.dpName[id]!;
    const r = this.routerById[id];
    const dp = this.dp;
    let fromAir = from !== null;
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
          // (the MN's link-layer address read only here: a voice packet does not read its role)
          return this.deliver(node, p, from?.role.lla);
        }
        case ACT_DECAP: {
          // RFC 2473 §3.2: the exit point removes the outer header; the inner packet is processed again.
          const outer = p.msg;
          this.pool.takeOutput(p, dp.lastLength());
          if (outer.kind === 'TUNNEL') p.msg = outer.inner;
          p.data = p.msg.kind === 'DATA';
          if (this.trace) this.tracer.decap(node, outer.src, p, rxWhy(outer, false));
          tunnelFrom = this.names.nodeOf(outer.src);
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
            if (!this.links.onLink(s, node)) return this.drop(node, p, 'link down: MN not on this link');
            if (this.trace && p.origin !== node) this.tracer.forwarded(node, s.role.name, p);
            return this.links.airDown(node, s, p);
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
          return this.links.wiredHop(port, p);
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
    const c: Pkt = { ...p, id: ++this.pool.seq, own: this.pool.bytesOf(p).slice(), off: -1 };
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
  onward(node: string, p: Pkt, lla: string | undefined): void {
    const s = lla === undefined ? undefined : this.names.mobileByLla(lla);
    if (s && this.links.onLink(s, node)) {
      if (this.trace && p.origin !== node) this.tracer.forwarded(node, s.role.name, p);
      this.links.airDown(node, s, p);
    } else this.forward(node, p, false, undefined);
  }

  // ------------------------------------------------------------------ the ends of a path

  drop(node: string, p: Pkt, reason: string): void {
    this.count.dropped++;
    if (this.trace) this.tracer.dropped(node, reason, p, dropWhy(reason));
    // a flow's packet carries its MN's measures record (set where the traffic makes it)
    if (p.flow >= 0) this.measures.dataLostAt(p.meas!);
    this.pool.release(p);
  }

  deliver(node: string, p: Pkt, fromLla: string | undefined, mn: MobileState | null = null): void {
    if (p.flow >= 0) return this.deliverData(node, p, mn);
    const m = this.parseForDelivery(p, node);
    if (typeof m === 'string') return this.drop(node, p, m);
    this.count.delivered++;
    if (this.trace) this.tracer.packet('rx', node, p, rxWhy(m, this.names.mobiles.has(node)));
    this.pool.release(p);
    this.host.toRole(node, m, fromLla, p.mn);
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
    if (this.trace) this.tracer.packet('rx', node, p, rxWhy(p.msg, mn !== null));
    this.pool.release(p);
    if (mn) this.measures.dataRxAt(mn.meas, port - DATA_PORT, seq, this.now);
    else if (node === this.cnName) this.measures.dataRxUpAt(p.meas!, port - DATA_PORT, seq);
    // The packet has ended and nothing refers to it any more (the kernel, the held queues and the
    // trace keep no reference to a delivered packet): its record serves the flows' next packets.
    if (this.pool.records.length < 4096) {
      p.own = null;
      p.hopMn = null;
      p.meas = null;
      this.pool.records.push(p);
    }
  }

  /** At the MN (a host): it unwraps tunnels addressed to it and takes what is addressed to it. */
  mnReceive(s: MobileState, p: Pkt): void {
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
    return joinPrefixIid(`${addr}/64`, r.spec.iid) === addr || this.names.expectHints.get(addr) === r.name;
  }

  /** The MN the data plane's last decision names as the next hop (by its link-layer address), if any. */
  private mnOfNextHop(): MobileState | undefined {
    const dv = this.dv;
    const d = this.pDec + 48;
    const hi = dv.getUint32(d, false);
    const lo = dv.getUint16(d + 4, false);
    return this.names.mobileByLlaWords(hi, lo);
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
}

// The data plane's action codes (assembly/dataplane.ts ACT_*).
const ACT_DELIVER = 1;
const ACT_FORWARD = 2;
const ACT_ENCAP = 3;
const ACT_DECAP = 4;
const ACT_BUFFER = 5;
/** RFC 2460 §3: the hop limit octet of the IPv6 header. */
const IP6_HOP_LIMIT = 7;

const BICAST: Why = {
  text: 'a copy to the old peer: the aAR keeps its tunnel service until the HI(r)',
  section: '§3.4',
};
