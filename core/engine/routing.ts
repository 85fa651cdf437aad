// Routing of the world's wired network: the shortest paths between the scenario's nodes (a routing
// daemon's job, done once at the start: the wired links never change) and the data plane's nodes
// and tables they give — each router, the HA and the CN with its addresses, its wired ports and a
// route to every other node's prefix via the first hop of its shortest path. Split out of
// world.ts, which keeps the wiring; every forwarding decision is the data plane's
// (core/wire/dataplane.ts), and the data path (core/engine/datapath.ts) reads the ports built here.
import type { DataPlane } from '../wire/dataplane.ts';
import { prefix64 } from '../wire/addr.ts';
import type { RouterState } from './naming.ts';

/** A wired link of the scenario. */
export interface WiredLink {
  a: string;
  b: string;
  delayUs: number;
  bps: number;
}

/**
 * A wired port of a data-plane node (port 0 of a router is its access link), with the figures of
 * its link a hop reads (copied here: one object per hop, not three) and where its direction's
 * "transmitter next free" time is kept in `Topology.busy`.
 */
export interface Port {
  nextId: number;
  next: string;
  bps: number;
  delayUs: number;
  /** Index in Topology.busy: 2 × the link's index + its direction. */
  busyAt: number;
  link: WiredLink;
  dir: 0 | 1;
}

/** The first hop from a node towards another: its neighbour, the link and the direction on it. */
export interface Hop {
  next: string;
  link: WiredLink;
  dir: 0 | 1;
}

/** The data plane's nodes by name and by id, and their wired ports (Topology.ports[id][port]). */
export interface Topology {
  readonly dpId: Map<string, number>;
  readonly dpName: string[];
  /** Each data-plane node's own address (its tunnels' local end). */
  readonly dpAddress: string[];
  readonly routerById: (RouterState | undefined)[];
  readonly ports: Port[][];
  /** The CN's data-plane node. */
  cnId: number;
  /**
   * When each wired link's transmitter is next free (µs), per direction, side by side in one
   * array (a few KB that stay in the CPU's cache, where a [number, number] per link was one more
   * object to fetch per hop: campus speed, issue 14).
   */
  busy: Float64Array;
}

/**
 * The first hop from every node to every other over the wired links. Dijkstra by delay (+1 per
 * hop, so ties prefer fewer hops) from every node; O(n^2) selection, fine for 100s of nodes, over
 * arrays by node index (the campus's 102 nodes: a million steps at the world's start). The
 * selection scans the nodes in the order they were first reached and takes the first of the least
 * distance, so ties go as they did over a Map of distances.
 */
export function computeRoutes(links: readonly WiredLink[]): Map<string, Map<string, Hop>> {
  const nextHop = new Map<string, Map<string, Hop>>();
  const adj = new Map<string, { v: string; link: WiredLink; dir: 0 | 1 }[]>();
  for (const l of links) {
    if (!adj.has(l.a)) adj.set(l.a, []);
    if (!adj.has(l.b)) adj.set(l.b, []);
    adj.get(l.a)!.push({ v: l.b, link: l, dir: 0 });
    adj.get(l.b)!.push({ v: l.a, link: l, dir: 1 });
  }
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
    const hop: (Hop | undefined)[] = new Array(n);
    const first = new Map<string, Hop>();
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
    nextHop.set(names[src]!, first);
  }
  return nextHop;
}

/** No nodes yet (the world lends the maps to its parts before setupDataPlane fills them). */
export function emptyTopology(): Topology {
  return { dpId: new Map(), dpName: [], dpAddress: [], routerById: [], ports: [], cnId: -1, busy: new Float64Array(0) };
}

/**
 * The data plane's nodes and tables at the start, into `topo`: each router, the HA and the CN with its
 * addresses and a tunnel exit for any entry point (RFC 2473 decapsulation); each router's /64
 * on-link on its access link (port 0); the wired neighbors; a route to every other node's
 * prefix via the first hop of the shortest path (computeRoutes).
 */
export function setupDataPlane(
  topo: Topology,
  dp: DataPlane,
  routers: Map<string, RouterState>,
  ha: { name: string; address: string },
  cn: { name: string; address: string },
  links: readonly WiredLink[],
  prefixOwner: Map<string, string>,
): void {
  const add = (name: string, addrs: string[]): number => {
    const id = dp.createNode();
    if (id < 0) throw new Error(`scenario too large for the data plane: no node for ${name}`);
    topo.dpId.set(name, id);
    topo.dpName[id] = name;
    topo.dpAddress[id] = addrs[0]!;
    for (const a of addrs) dp.addAddress(id, a);
    dp.addTunnel(id, { local: addrs[0]!, remote: '::' });
    topo.ports[id] = [];
    return id;
  };
  for (const [name, r] of routers) {
    r.id = add(name, [r.role.address, r.role.linkLocal]);
    topo.routerById[r.id] = r;
    dp.setPrefixRoute(r.id, `${prefix64(r.role.address)}::`, 64, { link: 0 });
  }
  add(ha.name, [ha.address]);
  topo.cnId = add(cn.name, [cn.address]);
  // Wired ports: 1.. in the order of the scenario's links.
  topo.busy = new Float64Array(2 * links.length);
  links.forEach((l, li) => {
    const a = topo.dpId.get(l.a);
    const b = topo.dpId.get(l.b);
    if (a === undefined || b === undefined) return;
    const port = (next: string, nextId: number, dir: 0 | 1): Port => {
      return { nextId, next, bps: l.bps, delayUs: l.delayUs, busyAt: 2 * li + dir, link: l, dir };
    };
    const pa = topo.ports[a]!;
    const ka = Math.max(1, pa.length);
    pa[ka] = port(l.b, b, 0);
    dp.setNeighbor(a, topo.dpAddress[b]!, { state: 'REACHABLE', link: ka, lla: wiredLla(b), isRouter: true });
    const pb = topo.ports[b]!;
    const kb = Math.max(1, pb.length);
    pb[kb] = port(l.a, a, 1);
    dp.setNeighbor(b, topo.dpAddress[a]!, { state: 'REACHABLE', link: kb, lla: wiredLla(a), isRouter: true });
  });
  const nextHop = computeRoutes(links);
  for (const [name, id] of topo.dpId) {
    const hops = nextHop.get(name);
    if (!hops) continue;
    for (const [p, owner] of prefixOwner) {
      if (owner === name) continue;
      const hop = hops.get(owner);
      if (!hop) continue;
      const port = topo.ports[id]!.findIndex((x) => x !== undefined && x.link === hop.link);
      dp.setPrefixRoute(id, `${p}::`, 64, { link: port, via: topo.dpAddress[topo.dpId.get(hop.next)!]! });
    }
  }
}

/** A link-layer address for a wired interface of data-plane node `id` (only the tables see it). */
function wiredLla(id: number): string {
  return `02:00:5e:10:${((id >> 8) & 0xff).toString(16).padStart(2, '0')}:${(id & 0xff).toString(16).padStart(2, '0')}`;
}
