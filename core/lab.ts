// The Lab: the engine as the worker (and the command line) drive it. Walking-skeleton version:
// two access routers, one mobile node, and the first message of a handover — the oAR's
// Handover Initiate (§5.2.1) to the nAR when the MN crosses into the nAR's cell. The full
// engine (core/engine/) replaces the insides; this API is what the worker relies on.
import type { PacketCore } from './wasm.ts';
import type { Micros, TraceRecord } from './trace.ts';
import { toHex } from './trace.ts';
import type { Topology } from './protocol.ts';

interface Router {
  name: string;
  x: number;
  y: number;
  radius: number;
  prefix: string;
  address: Uint8Array;
  lla: string;
}

/** The built-in walking-skeleton world: two cells side by side with overlapping edges. */
export function skeletonTopology(): Topology {
  return {
    width: 400,
    height: 200,
    routers: [
      { name: 'oAR', x: 100, y: 100, radius: 90, prefix: '2001:db8:1::/64', lla: '02:00:00:00:01:01' },
      { name: 'nAR', x: 300, y: 100, radius: 90, prefix: '2001:db8:2::/64', lla: '02:00:00:00:02:01' },
    ],
    mobiles: [{ name: 'MN', x: 60, y: 100 }],
    links: [{ a: 'oAR', b: 'nAR', delayUs: 2000 }],
  };
}

function routerAddress(index: number): Uint8Array {
  // 2001:db8:<index+1>::1
  const a = new Uint8Array(16);
  a.set([0x20, 0x01, 0x0d, 0xb8, 0x00, index + 1], 0);
  a[15] = 1;
  return a;
}

function llaBytes(lla: string): Uint8Array {
  return Uint8Array.from(lla.split(':').map((h) => parseInt(h, 16)));
}

export class Lab {
  readonly topology: Topology;
  private readonly core: PacketCore;
  private readonly routers: Router[];
  private now: Micros = 0;
  private mn: { x: number; y: number; at: number };
  private pktSeq = 0;
  private hiIdentifier: number;
  /** Pending deliveries, ordered by (time, sequence). */
  private queue: { t: Micros; seq: number; rec: TraceRecord }[] = [];
  private seq = 0;

  constructor(core: PacketCore, seed: number) {
    this.core = core;
    this.topology = skeletonTopology();
    this.routers = this.topology.routers.map((r, i) => ({ ...r, address: routerAddress(i) }));
    const m = this.topology.mobiles[0]!;
    this.mn = { x: m.x, y: m.y, at: this.cellOf(m.x, m.y) };
    // The HI Identifier "MUST be set by the sender so replies can be matched" (§5.2.1); seeded.
    this.hiIdentifier = (seed >>> 0) & 0xffff;
  }

  get time(): Micros {
    return this.now;
  }

  /** Index of the router whose cell the point is in (nearest centre among covering cells), or -1. */
  private cellOf(x: number, y: number): number {
    let best = -1;
    let bestD = Infinity;
    this.routers.forEach((r, i) => {
      const d = Math.hypot(x - r.x, y - r.y);
      if (d <= r.radius && d < bestD) {
        best = i;
        bestD = d;
      }
    });
    return best;
  }

  /** Live movement input at the current virtual time. Returns the records it causes at once. */
  move(node: string, x: number, y: number): TraceRecord[] {
    if (node !== 'MN') throw new Error(`move: unknown node "${node}" (expected "MN")`);
    const out: TraceRecord[] = [{ t: this.now, kind: 'move', node, x, y }];
    this.mn.x = x;
    this.mn.y = y;
    const cell = this.cellOf(x, y);
    if (cell >= 0 && cell !== this.mn.at) {
      const from = this.mn.at >= 0 ? this.routers[this.mn.at]! : undefined;
      const to = this.routers[cell]!;
      this.mn.at = cell;
      if (from) out.push(...this.sendHI(from, to));
    }
    return out;
  }

  private sendHI(from: Router, to: Router): TraceRecord[] {
    const p = this.core.params();
    const mem = new Uint8Array(this.core.memory.buffer);
    mem.set(from.address, p + 0);
    mem.set(to.address, p + 16);
    // Skeleton: the MN's oCoA is its interface id on the old prefix.
    const oCoA = from.address.slice();
    oCoA[15] = 0x10;
    mem.set(oCoA, p + 32);
    const lla = llaBytes('02:00:00:00:00:10');
    mem.set(lla, p + 64);
    this.hiIdentifier = (this.hiIdentifier + 1) & 0xffff;
    // Options: MN's LLA and old CoA (the §5.2.1 order). No flags: an anticipated, stateless HI.
    const len = this.core.buildHI(this.hiIdentifier, 0, 1 | 2, lla.length, 64, 0);
    const bytes = new Uint8Array(this.core.memory.buffer, this.core.pktOut(), len).slice();
    const pkt = ++this.pktSeq;
    const common = { pkt, msg: 'HI', from: from.name, to: to.name, flags: '', code: 0, hex: toHex(bytes) };
    const delay =
      this.topology.links.find((l) => (l.a === from.name && l.b === to.name) || (l.b === from.name && l.a === to.name))
        ?.delayUs ?? 0;
    this.queue.push({
      t: this.now + delay,
      seq: ++this.seq,
      rec: { t: this.now + delay, kind: 'rx', node: to.name, ...common },
    });
    return [{ t: this.now, kind: 'tx', node: from.name, ...common }];
  }

  /** Run virtual time forward to `to`, returning the records of the events on the way. */
  advance(to: Micros): TraceRecord[] {
    if (to < this.now) return [];
    this.queue.sort((a, b) => a.t - b.t || a.seq - b.seq);
    const out: TraceRecord[] = [];
    while (this.queue.length > 0 && this.queue[0]!.t <= to) out.push(this.queue.shift()!.rec);
    this.now = to;
    return out;
  }
}
