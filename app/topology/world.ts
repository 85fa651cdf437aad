// The world at the time cursor, derived from the trace: where the MN is, which tunnels are up,
// where each packet is, and which packets wait at a router. Pure; Topology.svelte draws it.
import type { Micros, TraceRecord } from '../../core/trace.ts';
import { pathPosition } from '../../core/radio.ts';
import type { PathPoint } from '../../core/scenario/schema.ts';
import { BANDED } from '../../core/views/vocabulary.ts';

export interface Hop {
  t: Micros;
  /** Node where this record happened. */
  node: string;
  kind: TraceRecord['kind'];
  /** Whether this record ends the packet's life (delivered or dropped). */
  final: boolean;
  inTunnel: boolean;
}

export interface PacketTrack {
  pkt: number;
  msg: string;
  hops: Hop[];
  /** The packet's `tx` record (what the inspector opens) and its end (`rx` or `drop`), if any yet. */
  tx: TraceRecord & { kind: 'tx' };
  end: (TraceRecord & { kind: 'rx' | 'drop' }) | null;
}

/**
 * Records a screen reader hears about: signalling sent or received, layer-2 triggers — not data
 * packets or periodic RAs (several a second: the handover's messages would be lost among them).
 */
export type Announced = TraceRecord & { kind: 'tx' | 'rx' | 'l2' };

/**
 * An append-only index of the trace, kept beside the records: each packet's hops, the moves and
 * the tunnel events. Appending is O(new records); queries at a cursor touch only what they need,
 * so dragging with hundreds of packets in flight stays cheap.
 */
export class TraceIndex {
  readonly packets: PacketTrack[] = [];
  private byPkt = new Map<number, PacketTrack>();
  readonly moves: (TraceRecord & { kind: 'move' })[] = [];
  readonly tunnels: (TraceRecord & { kind: 'tunnel' })[] = [];
  /** Each mobile's own L2-LD / L2-LU records (with the link they are about), in time order. */
  readonly links: (TraceRecord & { kind: 'l2'; link: { mn: string; cell: string } })[] = [];
  private tunnelDepth = new Map<number, number>();
  /** Signalling tx/rx and layer-2 triggers, in time order (for announcements, by binary search). */
  readonly announced: Announced[] = [];
  /** Packets not yet delivered or dropped, and the longest life of those that ended (packetsAt). */
  private open = new Set<PacketTrack>();
  private maxLifeUs = 0;
  count = 0;
  /** Per packet, the tunnels it is inside (outermost first) and the nodes each has taken it through. */
  private inTunnels = new Map<number, { entry: string; peer: string; nodes: string[] }[]>();
  /** Per tunnel (entry|peer), the paths its packets took, each from when a packet first took it. */
  private paths = new Map<string, { t: Micros; nodes: string[] }[]>();

  /** The nodes the latest packet through the tunnel `entry` → `peer` went through, by `cursor`. */
  tunnelPath(entry: string, peer: string, cursor: Micros): string[] | undefined {
    const list = this.paths.get(`${entry}|${peer}`);
    if (!list) return undefined;
    let found: string[] | undefined;
    for (const p of list) if (p.t <= cursor) found = p.nodes;
    return found;
  }

  private tunnelRecord(r: TraceRecord): void {
    if (r.kind !== 'encap' && r.kind !== 'decap' && r.kind !== 'fwd') return;
    let open = this.inTunnels.get(r.pkt);
    if (r.kind === 'encap') {
      if (!open) this.inTunnels.set(r.pkt, (open = []));
      open.push({ entry: r.node, peer: r.peer, nodes: [r.node] });
      return;
    }
    if (!open || open.length === 0) return;
    if (r.kind === 'fwd') {
      // A hop inside a tunnel is a hop inside every tunnel around it too.
      for (const o of open) {
        if (o.nodes[o.nodes.length - 1] !== r.next) o.nodes.push(r.next);
        this.notePath(o, r.t);
      }
      return;
    }
    const o = open.pop()!;
    if (o.nodes[o.nodes.length - 1] !== r.node) o.nodes.push(r.node);
    this.notePath(o, r.t);
    if (open.length === 0) this.inTunnels.delete(r.pkt);
  }

  /**
   * A packet has gone this far through its tunnel: its route so far, then the tunnel's far end,
   * is the tunnel's path from now on — unless it is only the start of the path already known.
   */
  private notePath(o: { entry: string; peer: string; nodes: string[] }, t: Micros): void {
    const key = `${o.entry}|${o.peer}`;
    let list = this.paths.get(key);
    if (!list) this.paths.set(key, (list = []));
    const prev = list[list.length - 1]?.nodes;
    if (prev && o.nodes.every((n, i) => prev[i] === n)) return;
    const nodes = o.nodes[o.nodes.length - 1] === o.peer ? [...o.nodes] : [...o.nodes, o.peer];
    list.push({ t, nodes });
  }

  get longestLifeUs(): Micros {
    return this.maxLifeUs;
  }

  openPackets(): Iterable<PacketTrack> {
    return this.open;
  }

  /** The last announced record at or before `cursor`. */
  announcedAt(cursor: Micros): Announced | undefined {
    let lo = 0;
    let hi = this.announced.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.announced[mid]!.t <= cursor) lo = mid + 1;
      else hi = mid;
    }
    return this.announced[lo - 1];
  }

  track(pkt: number): PacketTrack | undefined {
    return this.byPkt.get(pkt);
  }

  append(records: readonly TraceRecord[]): void {
    for (const r of records) {
      this.count++;
      if (r.kind === 'l2' && r.link && r.link.mn === r.node) this.links.push(r as (typeof this.links)[number]);
      if (r.kind === 'move') this.moves.push(r);
      else if (r.kind === 'tunnel') this.tunnels.push(r);
      else if (r.kind === 'l2' || ((r.kind === 'tx' || r.kind === 'rx') && !BANDED.has(r.msg))) this.announced.push(r);
      this.tunnelRecord(r);
      if (!('pkt' in r) || r.pkt === undefined) continue;
      let track = this.byPkt.get(r.pkt);
      if (!track) {
        if (r.kind !== 'tx') continue;
        track = { pkt: r.pkt, msg: r.msg, hops: [], tx: r, end: null };
        this.byPkt.set(r.pkt, track);
        this.packets.push(track);
        this.open.add(track);
      }
      if ((r.kind === 'rx' || r.kind === 'drop') && track.end === null) {
        track.end = r;
        this.open.delete(track);
        this.maxLifeUs = Math.max(this.maxLifeUs, r.t - track.tx.t);
      }
      let depth = this.tunnelDepth.get(r.pkt) ?? 0;
      if (r.kind === 'encap') depth++;
      if (r.kind === 'decap') depth = Math.max(0, depth - 1);
      this.tunnelDepth.set(r.pkt, depth);
      track.hops.push({
        t: r.t,
        node: r.node,
        kind: r.kind,
        final: r.kind === 'rx' || r.kind === 'drop',
        inTunnel: depth > 0,
      });
    }
  }
}

/**
 * Where a mobile is at the cursor: its last live move (dragging replaces the scenario's script
 * from then on), else its scripted path at that time, else where it started.
 */
export function positionAt(
  index: TraceIndex,
  node: string,
  cursor: Micros,
  initial: { x: number; y: number },
  path: readonly PathPoint[] = [],
): { x: number; y: number } {
  for (let i = index.moves.length - 1; i >= 0; i--) {
    const m = index.moves[i]!;
    if (m.t <= cursor && m.node === node) return { x: m.x, y: m.y };
  }
  if (path.length === 0) return initial;
  const out = { x: initial.x, y: initial.y };
  pathPosition(path, cursor, out);
  return { x: Math.round(out.x), y: Math.round(out.y) };
}

export interface TunnelView {
  key: string;
  a: string;
  b: string;
  name: string;
  /**
   * The nodes the tunnelled packets actually went through, from the entry to the exit (learned
   * from the trace's encap, fwd and decap records): the oAR's forwarding tunnel to the nCoA is
   * oAR → nAR → MN, though its far end is the MN. Until a packet has used it: [node, peer].
   */
  via: string[];
  /** A BET (§3.2, tunnel-based handover) is drawn unlike a temporary forwarding tunnel (§3.1). */
  bet: boolean;
}

/** Tunnels up at the cursor: the last `tunnel` record of each (node, peer, name) says up. */
export function tunnelsAt(index: TraceIndex, cursor: Micros): TunnelView[] {
  const state = new Map<string, (TunnelView & { named: boolean }) | null>();
  for (const r of index.tunnels) {
    if (r.t > cursor) break;
    const [a, b] = [r.node, r.peer].sort() as [string, string];
    const name = `${r.type.endsWith('reverse') ? 'from ' : ''}${r.addr}→${r.peerAddr}`;
    const key = `${a}|${b}|${r.type}|${name}`;
    state.set(
      key,
      r.action === 'up'
        ? {
            key,
            a,
            b,
            name,
            bet: false,
            named: r.type === 'bet' || r.type === 'bet-reverse',
            via: index.tunnelPath(r.node, r.peer, cursor) ?? [r.node, r.peer],
          }
        : null,
    );
  }
  const up = [...state.values()].filter((v): v is TunnelView & { named: boolean } => v !== null);
  // Router pairs joined by a BET (§3.3): its reverse half, from the nAR back, is part of it.
  const betPairs = new Set(up.filter((v) => v.named).map((v) => `${v.a}|${v.b}`));
  return up.map(({ named: _named, ...v }) => ({ ...v, bet: betPairs.has(`${v.a}|${v.b}`) }));
}

export interface PacketView {
  pkt: number;
  msg: string;
  /** Between `from` and `to` at fraction `f` (0 at `from`). */
  from: string;
  to: string;
  f: number;
  inTunnel: boolean;
}

export interface Snapshot {
  moving: PacketView[];
  /** Packets waiting at a node: held there across the cursor (buffered, §5.2.1 U flag). */
  held: Map<string, number>;
}

/**
 * Where packets are at the cursor. A packet between two records at different nodes is on the
 * wire between them; between two records at the same node (or after its last one, not yet
 * delivered, for longer than `holdUs`) it waits at that node.
 */
export function packetsAt(index: TraceIndex, cursor: Micros, holdUs: Micros): Snapshot {
  const moving: PacketView[] = [];
  const held = new Map<string, number>();
  const pk = index.packets;
  // Packets are indexed in order of their tx time. One that started longer ago than any packet has
  // ever lived has ended before the cursor, unless it has not ended at all (the open ones).
  const from = cursor - index.longestLifeUs;
  let lo = 0;
  let hi = pk.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (pk[mid]!.tx.t < from) lo = mid + 1;
    else hi = mid;
  }
  const at = (p: PacketTrack): void => {
    const hops = p.hops;
    if (hops[0]!.t > cursor) return;
    let k = hops.length - 1;
    while (k > 0 && hops[k]!.t > cursor) k--;
    const cur = hops[k]!;
    if (cur.final) return;
    const next = hops[k + 1];
    if (next && next.node !== cur.node) {
      const f = (cursor - cur.t) / Math.max(1, next.t - cur.t);
      moving.push({
        pkt: p.pkt,
        msg: p.msg,
        from: cur.node,
        to: next.node,
        f,
        inTunnel: cur.inTunnel || next.inTunnel,
      });
    } else if (next || cursor - cur.t > holdUs) {
      held.set(cur.node, (held.get(cur.node) ?? 0) + 1);
    }
  };
  for (let i = lo; i < pk.length; i++) {
    const p = pk[i]!;
    if (p.tx.t > cursor) break;
    if (p.end !== null) at(p);
  }
  for (const p of index.openPackets()) at(p);
  return { moving, held };
}

export interface RadioLink {
  mn: string;
  /** The cell (router or access point) at the other end. */
  cell: string;
  /** False between the MN's Disconnect (L2-LD) and its Connect (L2-LU): the layer-2 handover. */
  up: boolean;
}

/**
 * Each mobile's radio links at the cursor, from its own L2-LD and L2-LU records (§3.2.1 Table 1),
 * starting from the cell the engine attached it to at t = 0. A mobile with no link up shows the
 * one it last lost, down: the layer-2 handover, until the Connect. A second interface (§3.5.2)
 * may hold two links up at once.
 */
export function radioLinksAt(
  index: TraceIndex,
  cursor: Micros,
  mobiles: readonly { name: string; startsOn?: string }[],
): RadioLink[] {
  const up = new Map<string, string[]>();
  const lost = new Map<string, string>();
  for (const m of mobiles) up.set(m.name, m.startsOn ? [m.startsOn] : []);
  for (const r of index.links) {
    if (r.t > cursor) break;
    const cells = up.get(r.link.mn);
    if (!cells) continue;
    const i = cells.indexOf(r.link.cell);
    if (r.trigger === 'L2-LD') {
      if (i >= 0) cells.splice(i, 1);
      lost.set(r.link.mn, r.link.cell);
    } else if (r.trigger === 'L2-LU' && i < 0) cells.push(r.link.cell);
  }
  const out: RadioLink[] = [];
  for (const [mn, cells] of up) {
    for (const cell of cells) out.push({ mn, cell, up: true });
    const gone = lost.get(mn);
    if (cells.length === 0 && gone !== undefined) out.push({ mn, cell: gone, up: false });
  }
  return out;
}
