// The per-node data plane, a TypeScript wrapper over the wasm tables (assembly/dataplane.ts).
//
// The forwarding state of every node lives in wasm memory; the control plane (core/) edits it
// only through these methods, and `process` decides and does what a node does with one packet.
//
//   const dp = await DataPlane.load();              // its own packet-core instance
//   const ar = dp.createNode();                      // node ids 0..63
//   dp.addAddress(ar, '2001:db8:1::1');
//   dp.setNeighbor(ar, '2001:db8:1::a', { state: 'REACHABLE', link: 1, lla: '02:00:00:00:00:0a' });
//   dp.setPrefixRoute(ar, '2001:db8:1::', 64, { link: 1 });            // on-link
//   dp.setPrefixRoute(ar, '::', 0, { link: 0, via: '2001:db8:f::1' }); // default route
//   const t = dp.addTunnel(ar, { local: OAR, remote: NAR, expiresUs: 2e6 }); // RFC 2473, lifetime
//   dp.setBinding(ar, oCoA, nCoA, { tunnel: t, expiresUs: 2e6 });      // oCoA → nCoA (§3.1.1)
//   dp.setNeighbor(nar, nCoA, { state: 'INCOMPLETE', link: 1, lla, buffer: 32 }); // HI with U (§5.2.1)
//   const d = dp.process(ar, nowUs, bytes);
//   // d.action: 'deliver' | 'forward' (hop limit decremented) | 'encap' | 'decap' (inner packet:
//   //   process it again) | 'buffer' | 'drop'; d.reason for a drop: 'Malformed' | 'NoRoute' |
//   //   'HopLimit' | 'NeighborUnreachable' | 'BufferFull' | 'TunnelExpired' | 'NoTunnel' |
//   //   'TooBig' | 'NoNode'; d.link, d.nextHop, d.lla, d.neighborState where the packet leaves;
//   //   d.tunnel; d.bytes the packet as it leaves (forward / encap / decap).
//   dp.setNeighbor(nar, nCoA, { state: 'REACHABLE', ... });            // F-NA (§7)
//   for (const p of dp.flush(nar, nCoA)) send(p);                      // "sends any packet queued"
//
//   dp.setSourceBinding(nar, oCoA, { tunnel: back, expiresUs });      // reverse tunnel (§3.1.5)
//
// Order of decisions: a packet to a link-local (or interface-local) multicast address, or to one
// of the node's addresses, is delivered — or decapsulated when it is IPv6-in-IPv6 from the remote
// end of a live tunnel (a tunnel with remote :: accepts any entry point); otherwise the hop limit
// must be > 1; a live binding for the destination encapsulates it (into the binding's tunnel, or
// from the node's first address to the nCoA); else a live source binding for its source puts it
// into that tunnel; else the host route, then the longest prefix route, gives the link and next
// hop (or a tunnel); the next hop's neighbor entry must exist: INCOMPLETE buffers (if the entry
// has a buffer) or drops, STALE becomes DELAY and forwards.
// Times are microseconds as numbers; a tunnel or binding is live while now < expiresUs.
//
// The fast path for data packets (wasm only, used by the engine): `flowSet(flow, dataMsg)` keeps
// a per-flow template; `flowEmit(flow, seq)` builds the packet into PKT_IN (checksum patched);
// `processRaw(node, now, len)` decides on the packet in PKT_IN; `learn(...)` learns a neighbor
// from the packet in PKT_IN; the decision is read with `lastLink()` etc. Nothing allocates.
import { loadPacketCore, type PacketCore } from '../wasm.ts';
import { parseIPv6, formatIPv6, parseLla, formatLla } from './addr.ts';
import { writeDescriptor } from './codec.ts';
import type { Message } from './types.ts';

export type NeighborState = 'INCOMPLETE' | 'REACHABLE' | 'STALE' | 'DELAY' | 'PROBE';
export type DropReason =
  | 'Malformed'
  | 'NoRoute'
  | 'HopLimit'
  | 'NeighborUnreachable'
  | 'BufferFull'
  | 'TunnelExpired'
  | 'NoTunnel'
  | 'TooBig'
  | 'NoNode';
export type Action = 'deliver' | 'forward' | 'encap' | 'decap' | 'buffer' | 'drop';

export interface Decision {
  action: Action;
  reason?: DropReason;
  /** Link the packet leaves on (forward, encap, buffer). */
  link?: number;
  nextHop?: string;
  lla?: string;
  neighborState?: NeighborState;
  tunnel?: number;
  /** The packet as it leaves: forwarded, encapsulated, or the inner packet of a decap. */
  bytes?: Uint8Array;
}

export interface RouteVia {
  link: number;
  /** Next-hop router; absent = on-link (the destination itself). */
  via?: string;
  /** Send into this tunnel instead. */
  tunnel?: number;
}

/** What both the wasm data plane and the TypeScript reference (dataplane-ref.ts) offer. */
export interface DataPlaneApi {
  reset(): void;
  createNode(): number;
  addAddress(node: number, addr: string): boolean;
  removeAddress(node: number, addr: string): boolean;
  setNeighbor(
    node: number,
    addr: string,
    e: { state: NeighborState; link: number; lla: string; isRouter?: boolean; buffer?: number },
  ): boolean;
  neighborState(node: number, addr: string): NeighborState | undefined;
  removeNeighbor(node: number, addr: string): boolean;
  buffered(node: number, addr: string): number;
  popBuffered(node: number, addr: string): Uint8Array | undefined;
  setHostRoute(node: number, addr: string, r: RouteVia): boolean;
  removeHostRoute(node: number, addr: string): boolean;
  setPrefixRoute(node: number, prefix: string, plen: number, r: RouteVia): boolean;
  removePrefixRoute(node: number, prefix: string, plen: number): boolean;
  addTunnel(node: number, t: { local: string; remote: string; hopLimit?: number; expiresUs?: number }): number;
  setTunnelExpiry(id: number, expiresUs: number): boolean;
  removeTunnel(id: number): boolean;
  tunnelPackets(id: number): number;
  setBinding(node: number, oCoA: string, nCoA: string, b?: { tunnel?: number; expiresUs?: number }): boolean;
  removeBinding(node: number, oCoA: string): boolean;
  setSourceBinding(node: number, src: string, b: { tunnel: number; expiresUs?: number }): boolean;
  removeSourceBinding(node: number, src: string): boolean;
  /** Whether the next packets came from the access link: source bindings take only those (§3.1.5, §3.3). */
  setFromAccess(on: boolean): void;
  /** The neighbor entry's state and link-layer address. */
  neighbor(node: number, addr: string): { state: NeighborState; lla: string } | undefined;
  process(node: number, nowUs: number, bytes: Uint8Array): Decision;
}

export const NEIGHBOR_STATES: NeighborState[] = ['INCOMPLETE', 'REACHABLE', 'STALE', 'DELAY', 'PROBE'];
export const ACTIONS: Action[] = ['deliver', 'forward', 'encap', 'decap', 'buffer', 'drop'];
export const DROP_REASONS: DropReason[] = [
  'Malformed',
  'NoRoute',
  'HopLimit',
  'NeighborUnreachable',
  'BufferFull',
  'TunnelExpired',
  'NoTunnel',
  'TooBig',
  'NoNode',
];

export class DataPlane implements DataPlaneApi {
  private readonly mem: Uint8Array;
  private readonly dv: DataView;
  private readonly pIn: number;
  private readonly pOut: number;
  private readonly pPar: number;
  private readonly pDec: number;

  static async load(): Promise<DataPlane> {
    return new DataPlane(await loadPacketCore());
  }

  constructor(readonly core: PacketCore) {
    this.mem = new Uint8Array(core.memory.buffer);
    this.dv = new DataView(core.memory.buffer);
    this.pIn = core.pktIn() >>> 0;
    this.pOut = core.pktOut() >>> 0;
    this.pPar = core.params() >>> 0;
    this.pDec = core.decisionPtr() >>> 0;
    core.dpReset();
  }

  private a1(addr: string): void {
    parseIPv6(addr, this.mem, this.pPar);
  }
  private a2(addr: string | undefined): void {
    if (addr === undefined) this.mem.fill(0, this.pPar + 16, this.pPar + 32);
    else parseIPv6(addr, this.mem, this.pPar + 16);
  }

  reset(): void {
    this.core.dpReset();
    this.fromAccess = true;
  }
  createNode(): number {
    return this.core.nodeCreate();
  }
  addAddress(node: number, addr: string): boolean {
    this.a1(addr);
    return this.core.nodeAddAddress(node) === 0;
  }
  removeAddress(node: number, addr: string): boolean {
    this.a1(addr);
    return this.core.nodeRemoveAddress(node) === 1;
  }
  setNeighbor(
    node: number,
    addr: string,
    e: { state: NeighborState; link: number; lla: string; isRouter?: boolean; buffer?: number },
  ): boolean {
    this.a1(addr);
    parseLla(e.lla, this.mem, this.pPar + 16);
    return this.core.nbSet(node, NEIGHBOR_STATES.indexOf(e.state) + 1, e.link, e.isRouter ? 1 : 0, e.buffer ?? 0) === 0;
  }
  neighborState(node: number, addr: string): NeighborState | undefined {
    this.a1(addr);
    return NEIGHBOR_STATES[this.core.nbState(node) - 1];
  }
  removeNeighbor(node: number, addr: string): boolean {
    this.a1(addr);
    return this.core.nbRemove(node) === 1;
  }
  buffered(node: number, addr: string): number {
    this.a1(addr);
    return this.core.nbBuffered(node);
  }
  popBuffered(node: number, addr: string): Uint8Array | undefined {
    this.a1(addr);
    const n = this.core.bufferPop(node);
    return n < 0 ? undefined : this.mem.slice(this.pOut, this.pOut + n);
  }
  /** Every packet buffered for the neighbor, oldest first (§7: sent once it is reachable). */
  flush(node: number, addr: string): Uint8Array[] {
    const out: Uint8Array[] = [];
    for (let p = this.popBuffered(node, addr); p; p = this.popBuffered(node, addr)) out.push(p);
    return out;
  }
  setHostRoute(node: number, addr: string, r: RouteVia): boolean {
    this.a1(addr);
    this.a2(r.via);
    return this.core.hostRouteSet(node, r.link, r.tunnel ?? -1) === 0;
  }
  removeHostRoute(node: number, addr: string): boolean {
    this.a1(addr);
    return this.core.hostRouteRemove(node) === 1;
  }
  setPrefixRoute(node: number, prefix: string, plen: number, r: RouteVia): boolean {
    this.a1(prefix);
    this.a2(r.via);
    return this.core.prefixRouteSet(node, plen, r.link, r.tunnel ?? -1) === 0;
  }
  removePrefixRoute(node: number, prefix: string, plen: number): boolean {
    this.a1(prefix);
    return this.core.prefixRouteRemove(node, plen) === 1;
  }
  addTunnel(node: number, t: { local: string; remote: string; hopLimit?: number; expiresUs?: number }): number {
    this.a1(t.local);
    this.a2(t.remote);
    return this.core.tunnelAdd(node, t.hopLimit ?? 64, t.expiresUs ?? Infinity);
  }
  setTunnelExpiry(id: number, expiresUs: number): boolean {
    return this.core.tunnelSetExpiry(id, expiresUs) === 0;
  }
  removeTunnel(id: number): boolean {
    return this.core.tunnelRemove(id) === 1;
  }
  tunnelPackets(id: number): number {
    return this.core.tunnelPackets(id);
  }
  setBinding(node: number, oCoA: string, nCoA: string, b: { tunnel?: number; expiresUs?: number } = {}): boolean {
    this.a1(oCoA);
    this.a2(nCoA);
    return this.core.bindingSet(node, b.tunnel ?? -1, b.expiresUs ?? Infinity) === 0;
  }
  removeBinding(node: number, oCoA: string): boolean {
    this.a1(oCoA);
    return this.core.bindingRemove(node) === 1;
  }
  setSourceBinding(node: number, src: string, b: { tunnel: number; expiresUs?: number }): boolean {
    this.a1(src);
    return this.core.srcBindingSet(node, b.tunnel, b.expiresUs ?? Infinity) === 0;
  }
  removeSourceBinding(node: number, src: string): boolean {
    this.a1(src);
    return this.core.srcBindingRemove(node) === 1;
  }
  neighbor(node: number, addr: string): { state: NeighborState; lla: string } | undefined {
    this.a1(addr);
    const st = this.core.nbLla(node);
    if (st === 0) return undefined;
    return { state: NEIGHBOR_STATES[st - 1] as NeighborState, lla: formatLla(this.mem, this.pPar + 16) };
  }

  // ---- table scans (the engine's live state for tests and state views; never per packet)

  private scan<T>(table: number, node: number, read: () => T): T[] {
    const out: T[] = [];
    for (let i = this.core.dpScan(table, node, 0); i >= 0; i = this.core.dpScan(table, node, i + 1)) out.push(read());
    return out;
  }
  private i32(at: number): number {
    return this.dv.getInt32(this.pPar + at, true);
  }
  /** Every neighbor cache entry of the node. */
  neighbors(
    node: number,
  ): { addr: string; lla: string; state: NeighborState; link: number; bufferCap: number; buffered: number }[] {
    return this.scan(1, node, () => ({
      addr: formatIPv6(this.mem, this.pPar),
      lla: formatLla(this.mem, this.pPar + 16),
      state: NEIGHBOR_STATES[this.i32(32) - 1] as NeighborState,
      link: this.i32(36),
      bufferCap: this.i32(40),
      buffered: this.i32(44),
    }));
  }
  /** Every host route of the node. */
  hostRoutes(node: number): { addr: string; via: string; link: number; tunnel: number }[] {
    return this.scan(2, node, () => ({
      addr: formatIPv6(this.mem, this.pPar),
      via: formatIPv6(this.mem, this.pPar + 16),
      link: this.i32(32),
      tunnel: this.i32(36),
    }));
  }
  /** Every binding oCoA → nCoA of the node (expired ones too: the table keeps them until removed). */
  bindings(node: number): { addr: string; nCoA: string; tunnel: number; expiresUs: number }[] {
    return this.scan(3, node, () => ({
      addr: formatIPv6(this.mem, this.pPar),
      nCoA: formatIPv6(this.mem, this.pPar + 16),
      tunnel: this.i32(32),
      expiresUs: this.dv.getFloat64(this.pPar + 48, true),
    }));
  }
  /** Every source binding (reverse tunnel, §3.1.5) of the node. */
  sourceBindings(node: number): { addr: string; tunnel: number; expiresUs: number }[] {
    return this.scan(4, node, () => ({
      addr: formatIPv6(this.mem, this.pPar),
      tunnel: this.i32(32),
      expiresUs: this.dv.getFloat64(this.pPar + 48, true),
    }));
  }
  /** A tunnel's ends and expiry, or undefined when there is no such tunnel. */
  tunnel(id: number): { node: number; local: string; remote: string; expiresUs: number } | undefined {
    const node = this.core.tunnelInfo(id);
    if (node < 0) return undefined;
    return {
      node,
      local: formatIPv6(this.mem, this.pPar),
      remote: formatIPv6(this.mem, this.pPar + 16),
      expiresUs: this.dv.getFloat64(this.pPar + 48, true),
    };
  }

  // ---- the fast path (engine hot loop): packets in PKT_IN, decisions read field by field

  /** Keeps `msg` (a DATA message) as flow `flow`'s template. Returns the packet length or -status. */
  flowSet(flow: number, msg: Message): number {
    writeDescriptor(
      new Uint8Array(this.core.memory.buffer, this.pPar, this.core.paramsSize()),
      new DataView(this.core.memory.buffer, this.pPar, this.core.paramsSize()),
      msg,
    );
    return this.core.flowSet(flow);
  }
  /** Builds flow `flow`'s packet with sequence number `seq` into PKT_IN; returns its length (-1: no template). */
  flowEmit(flow: number, seq: number): number {
    return this.core.flowEmit(flow, seq);
  }
  /** Learns the source of the packet in PKT_IN as a neighbor on `link` (see assembly/dataplane.ts nbLearn). */
  learn(node: number, link: number, llaHi: number, llaLo: number): number {
    return this.core.nbLearn(node, link, llaHi, llaLo);
  }
  /** `learn` for the packet at `ptr` in wasm memory (a POOL slot). */
  learnAt(node: number, link: number, llaHi: number, llaLo: number, ptr: number): number {
    return this.core.nbLearnAt(node, link, llaHi, llaLo, ptr);
  }
  /** `flowEmit` into `room` octets at `ptr` (a POOL slot); -1 when there is no template or no room. */
  flowEmitTo(flow: number, seq: number, ptr: number, room: number): number {
    return this.core.flowEmitTo(flow, seq, ptr, room);
  }
  /** `processRaw` for the packet at `ptr` (a POOL slot of `room` octets); the result goes back into the slot when it fits. */
  processSlot(node: number, nowUs: number, ptr: number, len: number, room: number): number {
    return this.core.processSlot(node, nowUs, ptr, len, room);
  }
  /** Whether the next packets came from the access link: source bindings (§3.1.5) take only those. */
  setFromAccess(on: boolean): void {
    if (on === this.fromAccess) return; // one wasm call per change, not per packet
    this.fromAccess = on;
    this.core.setFromAccess(on ? 1 : 0);
  }
  private fromAccess = true; // dpReset's value
  lastReason(): DropReason {
    return DROP_REASONS[this.dv.getInt32(this.pDec + 4, true) - 1] as DropReason;
  }
  lastLink(): number {
    return this.dv.getInt32(this.pDec + 8, true);
  }
  lastTunnel(): number {
    return this.dv.getInt32(this.pDec + 12, true);
  }
  /** Length of the packet in PKT_OUT (forward, encap, decap, deliver). */
  lastLength(): number {
    return this.dv.getInt32(this.pDec + 16, true);
  }
  /** The next hop's link-layer address as a number (first four octets × 65536 + last two). */
  lastLlaKey(): number {
    const d = this.pDec + 48;
    return this.dv.getUint32(d, false) * 65536 + this.dv.getUint16(d + 4, false);
  }
  /** The next hop's neighbor state seen by the last decision (forward, encap, buffer, drop). */
  lastNeighborState(): NeighborState | undefined {
    return NEIGHBOR_STATES[this.dv.getInt32(this.pDec + 20, true) - 1];
  }
  /** Address of the decision record in wasm memory (next hop at +32, link-layer address at +48). */
  decisionPtr(): number {
    return this.pDec;
  }
  /** PKT_OUT, where the packet a decision produced is. */
  outBuffer(): Uint8Array {
    return this.mem.subarray(this.pOut, this.pOut + this.core.pktSize());
  }

  /** The raw call for hot loops: the packet must already be in `inBuffer()`. Returns the action code (1..6). */
  processRaw(node: number, nowUs: number, len: number): number {
    return this.core.process(node, nowUs, len);
  }
  /** PKT_IN, where processRaw reads its packet. */
  inBuffer(): Uint8Array {
    return this.mem.subarray(this.pIn, this.pIn + this.core.pktSize());
  }

  process(node: number, nowUs: number, bytes: Uint8Array): Decision {
    if (bytes.length > this.core.pktSize()) return { action: 'drop', reason: 'Malformed' };
    this.mem.set(bytes, this.pIn);
    const act = this.core.process(node, nowUs, bytes.length);
    const dv = this.dv;
    const d = this.pDec;
    const action = ACTIONS[act - 1] as Action;
    const out: Decision = { action };
    const reason = dv.getInt32(d + 4, true);
    if (action === 'drop') out.reason = DROP_REASONS[reason - 1] as DropReason;
    const tunnel = dv.getInt32(d + 12, true);
    if (tunnel >= 0) out.tunnel = tunnel;
    const link = dv.getInt32(d + 8, true);
    if (
      link >= 0 &&
      (action === 'forward' ||
        action === 'encap' ||
        action === 'buffer' ||
        (action === 'drop' && reason >= 4 && reason <= 5))
    ) {
      out.link = link;
      out.nextHop = formatIPv6(this.mem, d + 32);
      const st = dv.getInt32(d + 20, true);
      if (st > 0) {
        out.neighborState = NEIGHBOR_STATES[st - 1] as NeighborState;
        out.lla = formatLla(this.mem, d + 48);
      }
    }
    if (action === 'forward' || action === 'encap' || action === 'decap') {
      const n = dv.getInt32(d + 16, true);
      out.bytes = this.mem.slice(this.pOut, this.pOut + n);
    }
    return out;
  }
}
