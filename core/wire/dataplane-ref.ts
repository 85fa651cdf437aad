// The plain TypeScript reference of the data plane: the same decisions as the wasm tables
// (assembly/dataplane.ts), written the ordinary way — Maps keyed by strings, objects, array
// copies. The tests use it as a differential oracle for the wasm data plane; the benchmark
// measures the same work done both ways.
import type { Action, DataPlaneApi, Decision, DropReason, NeighborState, RouteVia } from './dataplane.ts';
import { parseIPv6, formatIPv6, parseLla } from './addr.ts';

const MAX_NODES = 1024;
const MAX_ADDRS = 8;
const MAX_NEIGHBORS = 16384;
const MAX_TUNNELS = 4096;
const MAX_PREFIX_ROUTES = 16384;
const BUF_SLOTS = 1024;
const BUF_MAX_PACKET = 2048 - 8;
const MAX_PACKET = 65536;

interface Neighbor {
  state: NeighborState;
  link: number;
  lla: string;
  isRouter: boolean;
  cap: number;
  queue: Uint8Array[];
}
interface Route {
  link: number;
  via: Uint8Array | null;
  tunnel: number;
}
interface PrefixRoute extends Route {
  node: number;
  plen: number;
  prefix: Uint8Array;
}
interface Tunnel {
  node: number;
  local: Uint8Array;
  remote: Uint8Array;
  hopLimit: number;
  expiresUs: number;
  packets: number;
}
interface Binding {
  nCoA: Uint8Array;
  tunnel: number;
  expiresUs: number;
}

const HEX2: string[] = [];
for (let i = 0; i < 256; i++) HEX2.push((i + 256).toString(16).slice(1));
/** The 16 octets at `at` as a 32-digit hex string: the Map key for an address. */
function hex(b: Uint8Array, at = 0): string {
  let s = '';
  for (let i = at; i < at + 16; i++) s += HEX2[b[i] ?? 0];
  return s;
}
const key = (node: number, b: Uint8Array, at = 0): string => node + '|' + hex(b, at);
function prefixMatch(a: Uint8Array, b: Uint8Array, bAt: number, plen: number): boolean {
  for (let i = 0; i < plen >> 3; i++) if (a[i] !== b[bAt + i]) return false;
  const bits = plen & 7;
  if (!bits) return true;
  const mask = (0xff << (8 - bits)) & 0xff;
  return ((a[plen >> 3] ?? 0) & mask) === ((b[bAt + (plen >> 3)] ?? 0) & mask);
}

export class RefDataPlane implements DataPlaneApi {
  private nodes: Uint8Array[][] = [];
  private neighbors = new Map<string, Neighbor>();
  private hostRoutes = new Map<string, Route>();
  private prefixRoutes: (PrefixRoute | null)[] = [];
  private tunnels: (Tunnel | null)[] = [];
  private tunnelIndex = new Map<string, number>();
  private bindings = new Map<string, Binding>();
  private srcBindings = new Map<string, { tunnel: number; expiresUs: number }>();
  private pooled = 0;

  reset(): void {
    this.nodes = [];
    this.neighbors.clear();
    this.hostRoutes.clear();
    this.prefixRoutes = [];
    this.tunnels = [];
    this.tunnelIndex.clear();
    this.bindings.clear();
    this.srcBindings.clear();
    this.pooled = 0;
    this.fromAccess = true;
  }
  /** Source bindings take only packets from the access link (§3.1.5; §3.3 a de-tunnelled packet is routed). */
  private fromAccess = true;
  setFromAccess(on: boolean): void {
    this.fromAccess = on;
  }
  private valid(node: number): boolean {
    return node >= 0 && node < this.nodes.length;
  }
  createNode(): number {
    if (this.nodes.length >= MAX_NODES) return -1;
    this.nodes.push([]);
    return this.nodes.length - 1;
  }
  addAddress(node: number, addr: string): boolean {
    if (!this.valid(node)) return false;
    const a = parseIPv6(addr);
    const list = this.nodes[node] as Uint8Array[];
    if (list.some((x) => hex(x) === hex(a))) return true;
    if (list.length >= MAX_ADDRS) return false;
    list.push(a);
    return true;
  }
  removeAddress(node: number, addr: string): boolean {
    if (!this.valid(node)) return false;
    const list = this.nodes[node] as Uint8Array[];
    const i = list.findIndex((x) => hex(x) === hex(parseIPv6(addr)));
    if (i < 0) return false;
    list[i] = list[list.length - 1] as Uint8Array;
    list.pop();
    return true;
  }
  setNeighbor(
    node: number,
    addr: string,
    e: { state: NeighborState; link: number; lla: string; isRouter?: boolean; buffer?: number },
  ): boolean {
    if (!this.valid(node)) return false;
    parseLla(e.lla);
    const k = key(node, parseIPv6(addr));
    const old = this.neighbors.get(k);
    if (!old && this.neighbors.size >= MAX_NEIGHBORS) return false;
    this.neighbors.set(k, {
      state: e.state,
      link: e.link & 0xff,
      lla: e.lla.toLowerCase(),
      isRouter: !!e.isRouter,
      cap: Math.min(Math.max(e.buffer ?? 0, 0), 255),
      queue: old?.queue ?? [],
    });
    return true;
  }
  neighborState(node: number, addr: string): NeighborState | undefined {
    return this.neighbors.get(key(node, parseIPv6(addr)))?.state;
  }
  removeNeighbor(node: number, addr: string): boolean {
    const k = key(node, parseIPv6(addr));
    const n = this.neighbors.get(k);
    if (!n) return false;
    this.pooled -= n.queue.length;
    this.neighbors.delete(k);
    return true;
  }
  buffered(node: number, addr: string): number {
    return this.neighbors.get(key(node, parseIPv6(addr)))?.queue.length ?? 0;
  }
  popBuffered(node: number, addr: string): Uint8Array | undefined {
    const p = this.neighbors.get(key(node, parseIPv6(addr)))?.queue.shift();
    if (p) this.pooled--;
    return p;
  }
  setHostRoute(node: number, addr: string, r: RouteVia): boolean {
    if (!this.valid(node)) return false;
    this.hostRoutes.set(key(node, parseIPv6(addr)), {
      link: r.link,
      via: r.via ? parseIPv6(r.via) : null,
      tunnel: r.tunnel ?? -1,
    });
    return true;
  }
  removeHostRoute(node: number, addr: string): boolean {
    return this.hostRoutes.delete(key(node, parseIPv6(addr)));
  }
  setPrefixRoute(node: number, prefix: string, plen: number, r: RouteVia): boolean {
    if (!this.valid(node) || plen < 0 || plen > 128) return false;
    const p = parseIPv6(prefix);
    let at = this.prefixRoutes.findIndex(
      (x) => x !== null && x.node === node && x.plen === plen && prefixMatch(x.prefix, p, 0, plen),
    );
    if (at < 0) at = this.prefixRoutes.findIndex((x) => x === null);
    if (at < 0) {
      if (this.prefixRoutes.length >= MAX_PREFIX_ROUTES) return false;
      at = this.prefixRoutes.length;
    }
    this.prefixRoutes[at] = {
      node,
      plen,
      prefix: p,
      link: r.link,
      via: r.via ? parseIPv6(r.via) : null,
      tunnel: r.tunnel ?? -1,
    };
    return true;
  }
  removePrefixRoute(node: number, prefix: string, plen: number): boolean {
    const p = parseIPv6(prefix);
    const at = this.prefixRoutes.findIndex(
      (x) => x !== null && x.node === node && x.plen === plen && prefixMatch(x.prefix, p, 0, plen),
    );
    if (at < 0) return false;
    this.prefixRoutes[at] = null;
    return true;
  }
  addTunnel(node: number, t: { local: string; remote: string; hopLimit?: number; expiresUs?: number }): number {
    if (!this.valid(node)) return -1;
    let id = this.tunnels.findIndex((x) => x === null);
    if (id < 0) {
      if (this.tunnels.length >= MAX_TUNNELS) return -1;
      id = this.tunnels.length;
    }
    const remote = parseIPv6(t.remote);
    this.tunnels[id] = {
      node,
      local: parseIPv6(t.local),
      remote,
      hopLimit: (t.hopLimit ?? 64) & 0xff,
      expiresUs: t.expiresUs ?? Infinity,
      packets: 0,
    };
    this.tunnelIndex.set(key(node, remote), id);
    return id;
  }
  setTunnelExpiry(id: number, expiresUs: number): boolean {
    const t = this.tunnels[id];
    if (!t) return false;
    t.expiresUs = expiresUs;
    return true;
  }
  removeTunnel(id: number): boolean {
    const t = this.tunnels[id];
    if (!t) return false;
    this.tunnelIndex.delete(key(t.node, t.remote));
    this.tunnels[id] = null;
    return true;
  }
  tunnelPackets(id: number): number {
    return this.tunnels[id]?.packets ?? -1;
  }
  setBinding(node: number, oCoA: string, nCoA: string, b: { tunnel?: number; expiresUs?: number } = {}): boolean {
    if (!this.valid(node)) return false;
    this.bindings.set(key(node, parseIPv6(oCoA)), {
      nCoA: parseIPv6(nCoA),
      tunnel: b.tunnel ?? -1,
      expiresUs: b.expiresUs ?? Infinity,
    });
    return true;
  }
  removeBinding(node: number, oCoA: string): boolean {
    return this.bindings.delete(key(node, parseIPv6(oCoA)));
  }
  setSourceBinding(node: number, src: string, b: { tunnel: number; expiresUs?: number }): boolean {
    if (!this.valid(node)) return false;
    this.srcBindings.set(key(node, parseIPv6(src)), { tunnel: b.tunnel, expiresUs: b.expiresUs ?? Infinity });
    return true;
  }
  removeSourceBinding(node: number, src: string): boolean {
    return this.srcBindings.delete(key(node, parseIPv6(src)));
  }
  neighbor(node: number, addr: string): { state: NeighborState; lla: string } | undefined {
    const n = this.neighbors.get(key(node, parseIPv6(addr)));
    return n ? { state: n.state, lla: n.lla } : undefined;
  }

  private drop(reason: DropReason, extra: Partial<Decision> = {}): Decision {
    return { action: 'drop', reason, ...extra };
  }
  private encap(inner: Uint8Array, src: Uint8Array, dst: Uint8Array, hop: number): Uint8Array {
    const out = new Uint8Array(inner.length + 40);
    out[0] = 0x60;
    out[4] = inner.length >> 8;
    out[5] = inner.length & 0xff;
    out[6] = 41;
    out[7] = hop;
    out.set(src, 8);
    out.set(dst, 24);
    out.set(inner, 40);
    return out;
  }
  private route(node: number, dst: Uint8Array, at: number): Route | null {
    const h = this.hostRoutes.get(key(node, dst, at));
    if (h) return h;
    let best: PrefixRoute | null = null;
    for (const r of this.prefixRoutes) {
      if (r && r.node === node && r.plen > (best?.plen ?? -1) && prefixMatch(r.prefix, dst, at, r.plen)) best = r;
    }
    return best;
  }
  private sendOut(
    node: number,
    dst: Uint8Array,
    at: number,
    pkt: Uint8Array,
    action: Action,
    now: number,
    tunnel?: number,
  ): Decision {
    const base: Partial<Decision> = tunnel === undefined ? {} : { tunnel };
    const r = this.route(node, dst, at);
    if (!r) return this.drop('NoRoute', base);
    if (r.tunnel >= 0 && action === 'forward') return this.intoTunnel(node, r.tunnel, pkt, now);
    const nh = r.via && r.via.some((x) => x !== 0) ? r.via : dst.slice(at, at + 16);
    const where = { ...base, link: r.link, nextHop: formatIPv6(nh) };
    const nb = this.neighbors.get(key(node, nh));
    if (!nb) return this.drop('NeighborUnreachable', where);
    const seen = { ...where, neighborState: nb.state, lla: nb.lla };
    if (nb.state === 'INCOMPLETE') {
      if (nb.cap === 0) return this.drop('NeighborUnreachable', seen);
      if (nb.queue.length >= nb.cap || this.pooled >= BUF_SLOTS) return this.drop('BufferFull', seen);
      if (pkt.length > BUF_MAX_PACKET) return this.drop('TooBig', base);
      nb.queue.push(pkt);
      this.pooled++;
      return { action: 'buffer', ...seen };
    }
    if (nb.state === 'STALE') nb.state = 'DELAY';
    return { action, ...seen, bytes: pkt };
  }
  private intoTunnel(node: number, tid: number, pkt: Uint8Array, now: number): Decision {
    const t = this.tunnels[tid];
    if (!t) return this.drop('NoTunnel');
    if (now >= t.expiresUs) return this.drop('TunnelExpired', { tunnel: tid });
    if (pkt.length + 40 > MAX_PACKET) return this.drop('TooBig', { tunnel: tid });
    const out = this.encap(pkt, t.local, t.remote, t.hopLimit);
    t.packets++;
    return this.sendOut(node, t.remote, 0, out, 'encap', now, tid);
  }

  process(node: number, nowUs: number, b: Uint8Array): Decision {
    if (!this.valid(node)) return this.drop('NoNode');
    const len = b.length;
    if (len < 40 || len > MAX_PACKET || (b[0] ?? 0) >> 4 !== 6) return this.drop('Malformed');
    const plen = ((b[4] ?? 0) << 8) | (b[5] ?? 0);
    if (40 + plen !== len) return this.drop('Malformed');
    const dstHex = hex(b, 24);
    const addrs = this.nodes[node] as Uint8Array[];
    // link- and interface-local multicast is for the node (RFC 4291 §2.7)
    if (b[24] === 0xff && ((b[25] ?? 0) & 0x0f) <= 2) return { action: 'deliver' };
    if (addrs.some((a) => hex(a) === dstHex)) {
      if (b[6] !== 41) return { action: 'deliver' };
      if (plen < 40) return this.drop('Malformed');
      const tid = this.tunnelIndex.get(key(node, b, 8)) ?? this.tunnelIndex.get(key(node, new Uint8Array(16)));
      if (tid === undefined) return this.drop('NoTunnel');
      const t = this.tunnels[tid] as Tunnel;
      if (nowUs >= t.expiresUs) return this.drop('TunnelExpired', { tunnel: tid });
      t.packets++;
      return { action: 'decap', tunnel: tid, bytes: b.slice(40) };
    }
    const hop = b[7] ?? 0;
    if (hop <= 1) return this.drop('HopLimit');
    const out = b.slice();
    out[7] = hop - 1;
    const bd = this.bindings.get(node + '|' + dstHex);
    if (bd && nowUs < bd.expiresUs) {
      if (bd.tunnel >= 0) return this.intoTunnel(node, bd.tunnel, out, nowUs);
      const first = addrs[0];
      if (!first) return this.drop('NoRoute');
      if (len + 40 > MAX_PACKET) return this.drop('TooBig');
      return this.sendOut(node, bd.nCoA, 0, this.encap(out, first, bd.nCoA, 64), 'encap', nowUs);
    }
    const sb = this.fromAccess ? this.srcBindings.get(node + '|' + hex(b, 8)) : undefined;
    if (sb && nowUs < sb.expiresUs) return this.intoTunnel(node, sb.tunnel, out, nowUs);
    return this.sendOut(node, b, 24, out, 'forward', nowUs);
  }
}
