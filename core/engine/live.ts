// The engine's live state: the tables of every node now — its machines' phases, and the data
// plane's neighbor cache of the access link, host routes, bindings, source bindings and buffers —
// read from the roles and the packet core's tables, without history. What core/state.ts
// `stateAt` must fold from the trace alone (tests/engine/state.test.ts). Split out of world.ts;
// the maps lent here are the world's own, so this is what the world sees.
import type { Micros, TunnelKind } from '../trace.ts';
import type { Kernel } from '../sim/kernel.ts';
import type { DataPlane } from '../wire/dataplane.ts';
import type { HomeAgent } from '../roles/ha.ts';
import type { Correspondent } from '../roles/cn.ts';
import type { MobileState, RouterState } from './naming.ts';
import type { Handle } from './forwarding.ts';

/** Lifetimes this long mean "until torn down" (BETH's 0xffffffff, the HA's initial binding). */
export const INFINITE_US = Number.MAX_SAFE_INTEGER / 2;
/** A host route's next hop in the trace: the router's access link (port 0). */
export const ACCESS_LINK = 'access link';

/** The engine's live state (World.live): the tables core/state.ts folds from the trace, without history. */
export interface LiveState {
  t: Micros;
  nodes: Record<
    string,
    {
      machines: Record<string, string>;
      neighbors: { addr: string; lla: string; state: string }[];
      bindings: { home: string; careOf: string; expires: number | undefined }[];
      routes: { dest: string; via: string }[];
      tunnels: { addr: string; peerAddr: string; kind: TunnelKind; expires: number | undefined }[];
      buffers: { addr: string; on: boolean; depth: number }[];
    }
  >;
}

/** What the world lends its state view: its clock, nodes, data plane and control-plane handles. */
export interface LiveSources {
  readonly kernel: Kernel;
  readonly mobiles: Map<string, MobileState>;
  readonly routers: Map<string, RouterState>;
  readonly ha: HomeAgent;
  readonly cn: Correspondent;
  readonly dp: DataPlane;
  readonly dpId: Map<string, number>;
  readonly bindings: Map<string, Handle>;
  readonly sourceBindings: Map<string, Handle>;
  readonly buffering: Set<string>;
}

export class LiveView {
  private readonly kernel: Kernel;
  private readonly mobiles: Map<string, MobileState>;
  private readonly routers: Map<string, RouterState>;
  private readonly ha: HomeAgent;
  private readonly cn: Correspondent;
  private readonly dp: DataPlane;
  private readonly dpId: Map<string, number>;
  private readonly bindings: Map<string, Handle>;
  private readonly sourceBindings: Map<string, Handle>;
  private readonly buffering: Set<string>;

  constructor(w: LiveSources) {
    this.kernel = w.kernel;
    this.mobiles = w.mobiles;
    this.routers = w.routers;
    this.ha = w.ha;
    this.cn = w.cn;
    this.dp = w.dp;
    this.dpId = w.dpId;
    this.bindings = w.bindings;
    this.sourceBindings = w.sourceBindings;
    this.buffering = w.buffering;
  }

  private get now(): Micros {
    return this.kernel.now;
  }

  /** Snapshot for model-based tests: active tunnels with their expiry. */
  tunnelsAt(): { node: string; addr: string; expires: number }[] {
    const out: { node: string; addr: string; expires: number }[] = [];
    for (const [key, t] of this.bindings) {
      const [node, addr] = key.split('|') as [string, string];
      if (this.routers.has(node) && t.expires > this.now) out.push({ node, addr, expires: t.expires });
    }
    return out;
  }
  /**
   * The engine's state now, read from the roles (their machines) and the data plane's tables
   * (neighbor cache of the access link, host routes, bindings, source bindings, buffers); the CN's
   * binding cache is its role's. What core/state.ts `stateAt` must reproduce from the trace alone
   * (tests/engine/state.test.ts).
   */
  live(): LiveState {
    const nodes: LiveState['nodes'] = {};
    const node = (n: string) =>
      (nodes[n] ??= { machines: {}, neighbors: [], bindings: [], routes: [], tunnels: [], buffers: [] });
    const exp = (e: number) => (e >= INFINITE_US ? undefined : e);
    for (const [name, s] of this.mobiles) node(name).machines = s.role.machines();
    for (const [name, r] of this.routers) {
      const n = node(name);
      n.machines = r.role.machines();
      for (const e of this.dp.neighbors(r.id)) {
        if (e.link !== 0) continue; // the wired neighbors are the topology, not state
        n.neighbors.push({ addr: e.addr, lla: e.lla, state: e.state });
        const on = this.buffering.has(`${name}|${e.addr}`);
        if (e.buffered > 0 && !on) n.buffers.push({ addr: e.addr, on, depth: e.buffered });
      }
      for (const key of this.buffering) {
        const [at, addr] = key.split('|') as [string, string];
        if (at === name) n.buffers.push({ addr, on: true, depth: this.dp.buffered(r.id, addr) });
      }
      for (const h of this.dp.hostRoutes(r.id)) n.routes.push({ dest: h.addr, via: ACCESS_LINK });
      for (const b of this.dp.bindings(r.id)) {
        if (b.expiresUs <= this.now) continue;
        const h = this.bindings.get(`${name}|${b.addr}`);
        n.tunnels.push({ addr: b.addr, peerAddr: b.nCoA, kind: h?.type ?? 'tunnel', expires: exp(b.expiresUs) });
        if (h?.also) n.tunnels.push({ addr: b.addr, peerAddr: h.also, kind: 'bicast', expires: undefined });
      }
      for (const b of this.dp.sourceBindings(r.id)) {
        if (b.expiresUs <= this.now) continue;
        const tun = this.dp.tunnel(b.tunnel);
        const h = this.sourceBindings.get(`${name}|${b.addr}`);
        n.tunnels.push({
          addr: b.addr,
          peerAddr: tun?.remote ?? '?',
          kind: h?.type ?? 'reverse',
          expires: exp(b.expiresUs),
        });
      }
    }
    const ha = node(this.ha.name);
    ha.machines = this.ha.machines();
    for (const b of this.dp.bindings(this.dpId.get(this.ha.name)!))
      if (b.expiresUs > this.now) ha.bindings.push({ home: b.addr, careOf: b.nCoA, expires: exp(b.expiresUs) });
    const cn = node(this.cn.name);
    cn.machines = this.cn.machines();
    for (const [home, coa] of this.cn.state.bindings) cn.bindings.push({ home, careOf: coa, expires: undefined });
    return { t: this.now, nodes };
  }
}
