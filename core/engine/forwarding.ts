// The control side of forwarding: the roles' `Forwarding` (core/roles/net.ts) — what a role asks of
// its node's tables — carried out on the packet core's data plane (core/wire/dataplane.ts) and
// traced as typed state records (core/engine/tracer.ts). Tunnels and BETs (§3.1.5, §3.3, RFC 2473),
// the §3.4 bicast copies, host routes (§3.1.3, §5.2.2), the neighbor cache with its §7 states,
// the buffers of the HI U flag (§5.2.1) and their flush (§7 "It sends any packet queued for the
// neighbor"), and the HA's / CN's binding caches ([MIPv6]). It keeps what the control plane
// configured (a routing daemon's view: which data-plane tunnel and binding each request made), for
// `untunnel`, `hasTunnel`, the trace and the live state; every forwarding decision reads only the
// data plane. Split out of world.ts; the data path (core/engine/datapath.ts forwardAt) reads these handles.
import type { DataPlane } from '../wire/dataplane.ts';
import type { Micros, TunnelKind } from '../trace.ts';
import { whyOf, type Why } from '../trace.ts';
import type { Kernel } from '../sim/kernel.ts';
import type { Forwarding, NcState } from '../roles/net.ts';
import type { Tracer } from './tracer.ts';
import type { Pkt } from './packet.ts';
import { ACCESS_LINK } from './live.ts';

/**
 * What the control plane configured (a routing daemon's view, not the forwarding table): which
 * data-plane tunnel and binding a role's `tunnelTo` / `reverseTunnel` / `bind` made, for `untunnel`,
 * `hasTunnel`, the trace and the model tests. Forwarding decisions read only the data plane.
 */
export interface Handle {
  peer: string;
  expires: number;
  /** The data-plane tunnel of a source binding; -1 for a binding (encapsulated from the node to `peer`). */
  tunnel: number;
  /** §3.4: a copy also goes to this peer (bicasting). */
  also?: string;
  /** What the role made it (the trace's and the live state's `type`). */
  type: TunnelKind;
  /** Why the role made it: the `why` of the packets it encapsulates. */
  why?: Why;
}

/** What the world lends the control plane: its clock, data plane, nodes' ids, tracer and packet ends. */
export interface ControlHost {
  readonly kernel: Kernel;
  readonly dp: DataPlane;
  readonly dpId: Map<string, number>;
  /** Each data-plane node's own address (its tunnels' local end). */
  readonly dpAddress: string[];
  readonly tracer: Tracer;
  readonly haName: string;
  /** §5.2.1: how many packets this router may buffer for a neighbor (its configured capability). */
  bufferCap(node: string): number;
  /** An address now in a neighbor cache will be used by the MN with this link-layer address (World.expect). */
  expect(addr: string, lla: string): void;
  /** A buffered packet is discarded (§7: its neighbor entry is deleted). */
  drop(node: string, p: Pkt, reason: string): void;
  /** A buffered packet goes on from `node`: to the neighbor with link-layer address `lla` if it is on the link, else routed. */
  onward(node: string, p: Pkt, lla: string | undefined): void;
  /** The world's count of packets held in buffers (conservation: sent = delivered + dropped + in flight + buffered). */
  readonly count: { buffered: number };
}

export class ControlPlane implements Forwarding {
  /** Tunnels of the data plane by `node|peer` (shared by the bindings to that peer), with their users. */
  private readonly tunnels = new Map<string, { id: number; users: number; local: string; remote: string }>();
  readonly tunnelById = new Map<number, { local: string; remote: string }>();
  /** Bindings `node|addr` (encapsulated from the node to the peer) and source bindings `node|src`. */
  readonly bindings = new Map<string, Handle>();
  readonly sourceBindings = new Map<string, Handle>();
  /** How many bindings copy to a second peer (§3.4); the data path looks for copies only while > 0. */
  bicasts = 0;
  /** Neighbors with buffering on (HI U flag) and the packets the data plane holds for them, in order. */
  readonly buffering = new Set<string>();
  private readonly held = new Map<string, Pkt[]>();
  /** Why each buffer was turned on (the `why` of its `buffer` records). */
  private readonly bufferWhy = new Map<string, Why>();
  private readonly dp: DataPlane;
  private readonly tracer: Tracer;

  constructor(private readonly w: ControlHost) {
    this.dp = w.dp;
    this.tracer = w.tracer;
  }

  private get now(): Micros {
    return this.w.kernel.now;
  }
  private id(node: string): number {
    return this.w.dpId.get(node)!;
  }

  // ------------------------------------------------------------------ tunnels (§3.1.5, §3.3, §3.4; RFC 2473)

  tunnelTo(
    node: string,
    addr: string,
    peer: string,
    lifetimeUs: number,
    why: string,
    type: TunnelKind = 'tunnel',
  ): void {
    // A binding addr → peer: the data plane encapsulates from this router to the peer (RFC 2473).
    const key = `${node}|${addr}`;
    const old = this.bindings.get(key);
    if (old?.also) {
      this.bicasts--;
      this.tracer.tunnel(node, 'down', 'bicast', addr, old.also, undefined, 'the tunnel was replaced');
    }
    const expires = this.now + lifetimeUs;
    this.bindings.set(key, { peer, expires, tunnel: -1, type, why: this.tracer.on ? whyOf(why) : undefined });
    this.dp.setBinding(this.id(node), addr, peer, { expiresUs: expires });
    this.tracer.tunnel(node, 'up', type, addr, peer, lifetimeUs, why);
  }
  untunnel(node: string, addr: string, why: string): void {
    const key = `${node}|${addr}`;
    const t = this.bindings.get(key);
    if (!t) return;
    if (t.also) {
      this.bicasts--;
      this.tracer.tunnel(node, 'down', 'bicast', addr, t.also, undefined, why);
    }
    this.bindings.delete(key);
    this.dp.removeBinding(this.id(node), addr);
    this.tracer.tunnel(node, 'down', t.type, addr, t.peer, undefined, why);
  }
  hasTunnel(node: string, addr: string): boolean {
    return (this.bindings.get(`${node}|${addr}`)?.expires ?? 0) > this.now;
  }
  reverseTunnel(
    node: string,
    src: string,
    peer: string,
    lifetimeUs: number,
    why?: string,
    type: 'reverse' | 'bet-reverse' = 'reverse',
  ): void {
    const key = `${node}|${src}`;
    const old = this.sourceBindings.get(key);
    if (old) this.tunnelRelease(node, old.peer);
    const tunnel = this.tunnelOf(node, peer);
    const expires = this.now + lifetimeUs;
    this.sourceBindings.set(key, { peer, expires, tunnel, type, why: this.tracer.on && why ? whyOf(why) : undefined });
    this.dp.setSourceBinding(this.id(node), src, { tunnel, expiresUs: expires });
    this.tracer.tunnel(node, 'up', type, src, peer, lifetimeUs, why);
  }
  unreverse(node: string, src: string, why: string): void {
    const key = `${node}|${src}`;
    const rv = this.sourceBindings.get(key);
    if (!rv) return;
    this.sourceBindings.delete(key);
    this.dp.removeSourceBinding(this.id(node), src);
    this.tunnelRelease(node, rv.peer);
    this.tracer.tunnel(node, 'down', rv.type, src, rv.peer, undefined, why);
  }
  bicast(node: string, addr: string, peer: string, on: boolean): void {
    const t = this.bindings.get(`${node}|${addr}`);
    if (!t) return;
    if (on && t.also !== peer) {
      if (t.also) this.tracer.tunnel(node, 'down', 'bicast', addr, t.also, undefined, 'copies go elsewhere now (§3.4)');
      else this.bicasts++;
      t.also = peer;
      this.tracer.tunnel(node, 'up', 'bicast', addr, peer, undefined, 'copies also to the old peer (§3.4 extreme 1)');
    } else if (!on && t.also === peer) {
      t.also = undefined;
      this.bicasts--;
      this.tracer.tunnel(node, 'down', 'bicast', addr, peer, undefined, 'HI(r): duplicates stop (§3.4)');
    }
  }

  /** The data-plane tunnel from `node` to `peer` (shared by every source binding to that peer). */
  private tunnelOf(node: string, peer: string): number {
    const key = `${node}|${peer}`;
    let t = this.tunnels.get(key);
    if (!t) {
      const local = this.w.dpAddress[this.id(node)]!;
      const id = this.dp.addTunnel(this.id(node), { local, remote: peer });
      if (id < 0) throw new Error(`data plane: no room for a tunnel ${node} → ${peer}`);
      t = { id, users: 0, local, remote: peer };
      this.tunnels.set(key, t);
      this.tunnelById.set(id, t);
    }
    t.users++;
    return t.id;
  }
  private tunnelRelease(node: string, peer: string): void {
    const key = `${node}|${peer}`;
    const t = this.tunnels.get(key);
    if (!t || --t.users > 0) return;
    this.dp.removeTunnel(t.id);
    this.tunnels.delete(key);
    this.tunnelById.delete(t.id);
  }

  // ------------------------------------------------------------------ host routes, neighbor cache (§3.1.3, §5.2.2, §7)

  hostRoute(node: string, addr: string, on: boolean, why?: string): void {
    if (on) this.dp.setHostRoute(this.id(node), addr, { link: 0 });
    else this.dp.removeHostRoute(this.id(node), addr);
    this.tracer.route(node, addr, on, ACCESS_LINK, why);
  }
  nc(node: string, addr: string, lla: string, state: NcState | null, why?: string): void {
    const id = this.id(node);
    if (state === null) {
      // Deleting the entry discards what it buffered (§7): each such packet ends here, with a reason.
      const q = this.held.get(`${node}|${addr}`);
      const had = this.dp.buffered(id, addr);
      for (let b = this.dp.popBuffered(id, addr); b; b = this.dp.popBuffered(id, addr)) {
        const p = q?.shift();
        if (!p) continue;
        this.w.count.buffered--;
        p.own = b;
        p.len = b.length;
        this.w.drop(node, p, 'NeighborUnreachable: neighbour entry deleted with packets buffered (§7)');
      }
      this.held.delete(`${node}|${addr}`);
      this.dp.removeNeighbor(id, addr);
      if (had > 0) this.queueRecord(node, id, addr, 'neighbour entry deleted: what it held is dropped (§7)');
    } else
      this.dp.setNeighbor(id, addr, {
        state,
        link: 0,
        lla,
        buffer: this.buffering.has(`${node}|${addr}`) ? this.w.bufferCap(node) : 0,
      });
    if (state !== null) this.w.expect(addr, lla);
    this.tracer.neighbor(node, addr, lla, state, why ?? 'neighbor cache (§7)');
  }
  ncLookup(node: string, addr: string): { lla: string; state: NcState } | undefined {
    const e = this.dp.neighbor(this.id(node), addr);
    if (!e) return undefined;
    // RFC 2461 §7.3.2: DELAY and PROBE are STALE entries being probed; the roles see STALE.
    return { lla: e.lla, state: e.state === 'INCOMPLETE' || e.state === 'REACHABLE' ? e.state : 'STALE' };
  }

  // ------------------------------------------------------------------ buffers (§5.2.1, §7)

  buffer(node: string, addr: string, on: boolean, why?: string): void {
    const key = `${node}|${addr}`;
    const id = this.id(node);
    if (on) this.buffering.add(key);
    else this.buffering.delete(key);
    if (on && why && this.tracer.on) this.bufferWhy.set(key, whyOf(why));
    const e = this.dp.neighbor(id, addr);
    if (e)
      this.dp.setNeighbor(id, addr, { state: e.state, link: 0, lla: e.lla, buffer: on ? this.w.bufferCap(node) : 0 });
    this.queueRecord(node, id, addr, why);
  }
  /** The data plane holds a packet for `addr` at `node`: its trace identity waits here, in the same order. Why it is held. */
  hold(node: string, addr: string, p: Pkt): Why | undefined {
    const key = `${node}|${addr}`;
    let q = this.held.get(key);
    if (!q) this.held.set(key, (q = []));
    q.push(p);
    return this.bufferWhy.get(key);
  }
  flush(node: string, addr: string): void {
    const id = this.id(node);
    const key = `${node}|${addr}`;
    const q = this.held.get(key);
    this.held.delete(key);
    // §7: "It sends any packet queued for the neighbor", in order.
    let sent = 0;
    for (let b = this.dp.popBuffered(id, addr); b; b = this.dp.popBuffered(id, addr)) {
      sent++;
      const p = q?.shift();
      if (!p) continue;
      this.w.count.buffered--;
      p.own = b;
      p.len = b.length;
      const e = this.dp.neighbor(id, addr);
      this.w.onward(node, p, e && e.state !== 'INCOMPLETE' ? e.lla : undefined);
    }
    if (sent > 0) this.queueRecord(node, id, addr, 'sent what was queued for the neighbour (§7)');
  }
  /** The buffer for `addr` at `node` as it is now, as a `queue` record. */
  queueRecord(node: string, id: number, addr: string, why?: string): void {
    if (this.tracer.on)
      this.tracer.queue(node, addr, this.buffering.has(`${node}|${addr}`), this.dp.buffered(id, addr), why);
  }

  // ------------------------------------------------------------------ binding caches ([MIPv6])

  bind(node: string, home: string, coa: string, lifetimeUs: number, why?: string): void {
    if (node === this.w.haName) this.bindHa(home, coa, lifetimeUs === 0 ? 0 : this.now + lifetimeUs);
    this.tracer.binding(node, home, coa, lifetimeUs, why);
  }
  /** The HA's binding home → CoA: the data plane encapsulates from the HA to the CoA ([MIPv6]). */
  private bindHa(home: string, coa: string, expires: number): void {
    const id = this.id(this.w.haName);
    const key = `${this.w.haName}|${home}`;
    if (expires <= this.now) {
      this.bindings.delete(key);
      this.dp.removeBinding(id, home);
      return;
    }
    this.bindings.set(key, { peer: coa, expires, tunnel: -1, type: 'tunnel' });
    this.dp.setBinding(id, home, coa, { expiresUs: expires });
  }
}
