// The ladder index's own records (core/views/ladder.ts): a packet's flight (its send, arrival or
// drop, tunnel and hold), a data stream's runs, the binary searches over time-sorted lists, the
// stretched axis's gap, and a flight's arrow at a cursor. Not part of the ladder's API.
import type { Micros, TraceRecord } from '../trace.ts';
import { COL, type Arrow } from './ladder-model.ts';
import { messageLabel } from './vocabulary.ts';

export type PacketRecord = Extract<TraceRecord, { pkt: number; msg: string }>;

export type DropRecord = TraceRecord & { kind: 'drop' };

export interface Flight {
  /** Position among the signalling flights (send order); -1 for banded (data) ones. */
  idx: number;
  tx: PacketRecord;
  rx: PacketRecord | null;
  drop: DropRecord | null;
  /** First encapsulation, if a tunnel carried it, and the tunnel's far end. */
  encap?: Micros;
  encapTo?: string;
  /** Held in a router's buffer: where, from when, and when that router sent it on. */
  held?: { node: string; t: Micros; out?: Micros };
}

/** A stretch of one stream without a long silence, drawn as one band. */
export interface Run {
  stream: string;
  flights: Flight[];
  /** Times in record order, so each is sorted: counts at a cursor are binary searches. */
  txT: Micros[];
  rxT: Micros[];
  lostT: Micros[];
  encapT: Micros[];
}

/** Number of items whose time is ≤ t, for items sorted by that time. */
export function upToBy<T>(a: readonly T[], t: number, key: (x: T) => number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (key(a[mid]!) <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Number of values ≤ t in a sorted array. */
export const upTo = (a: readonly number[], t: number): number => upToBy(a, t, (x) => x);

/** A gap of g µs takes 14 + 16·log2(1 + g/1 ms) px: a 1 ms flight ≈ 30 px, a 1 s DAD ≈ 174 px. */
export const gapPx = (g: number) => (g <= 0 ? 0 : 14 + 16 * Math.log2(1 + g / 1000));

/**
 * The least room between two events on the linear axis. It is `pxPerMs` per ms except where
 * events crowd: at 2 px per ms, Figure 4's first exchange (six messages in about 1 ms) would fall
 * within 12 px, where no label can sit beside its arrow without lying on the next one's line.
 * There every event gets a row of at least this much, as Wireshark's flow graph gives each packet
 * its own row (and the draft's figures are not to scale at all); gaps over ROW_PX / pxPerMs
 * (10 ms at 2 px per ms) keep their true proportions, and the ticks show where time was spread.
 * 20 px, not the stretched axis's 14: over every built-in scenario, 14 left 31 of 500 labels with
 * another arrow between them and their own (Figure 3's PrRtAdv written above the RtSolPr), 20
 * leaves 17 (the stretched axis 6), 26 leaves 10 but sets twice as many labels further off.
 */
export const ROW_PX = 20;

/** A gap of g µs on the linear axis: `pxPerMs` per ms, at least ROW_PX. */
export const linearGapPx = (g: number, pxPerMs: number) => (g <= 0 ? 0 : Math.max(ROW_PX, (g / 1000) * pxPerMs));

/**
 * A signalling flight's arrow at the cursor: from its sender to where it arrived, was lost, or
 * has got to (in flight), through the router that held it on its way; its accessible name.
 */
export function flightArrow(f: Flight, xOf: (n: string) => number, yOf: (t: Micros) => number, cursor: Micros): Arrow {
  const { tx } = f;
  const rx = f.rx && f.rx.t <= cursor ? f.rx : null;
  const drop = !rx && f.drop && f.drop.t <= cursor ? f.drop : null;
  const label = messageLabel(tx);
  const x0 = xOf(tx.from);
  const y0 = yOf(tx.t);
  let x1 = xOf(tx.to);
  let y1: number;
  let lost: Arrow['lost'] = null;
  if (rx) y1 = yOf(rx.t);
  else if (drop) {
    lost = { node: drop.node, t: drop.t, reason: drop.reason };
    x1 = xOf(drop.node);
    // A drop at the sender itself still shows a short line toward the destination.
    if (x1 === x0) x1 = x0 + Math.sign(xOf(tx.to) - x0 || 1) * COL * 0.3;
    y1 = yOf(drop.t);
  } else {
    // In flight at the cursor: draw it as far as it got, at the slant it will have, toward
    // where it is going now: the router that will hold it or the tunnel's far end when either
    // is on its way (the oAR's F-BACK to the nCoA goes to the nAR, §3.1.3, not to the MN).
    const hop =
      f.held && f.held.node !== tx.to && f.held.node !== tx.from
        ? f.held.node
        : f.encap !== undefined && f.encap <= cursor && f.encapTo && f.encapTo !== tx.from
          ? f.encapTo
          : tx.to;
    y1 = yOf(cursor);
    x1 = x0 + (xOf(hop) - x0) * 0.5;
  }
  // Held on the way (and only if the hold is not the very end of its journey).
  const h = f.held;
  const via =
    h && h.t <= cursor && h.node !== tx.to && h.node !== tx.from
      ? {
          node: h.node,
          x: xOf(h.node),
          yIn: yOf(h.t),
          // Until the router sent it on, or dropped it from its buffer (§7's NeighborUnreachable
          // empties it), else the cursor: a dropped packet's wait ends at its drop, not the run's end.
          yOut: yOf(h.out !== undefined && h.out <= cursor ? h.out : drop ? drop.t : cursor),
        }
      : null;
  if (via && !rx && !drop) {
    // Still waiting in the buffer at the cursor: the arrow ends there for now.
    x1 = via.x;
    y1 = via.yOut;
  }
  const held = via ? `, buffered at ${via.node}` : '';
  const suffix = (lost ? `, lost at ${lost.node} (${lost.reason})` : rx ? '' : ', in flight') + held;
  return {
    pkt: tx.pkt,
    msg: tx.msg,
    label,
    // Read by screen readers and the browser tests: "HI [S,U] from oAR to nAR, sent 197.713 ms".
    name: `${label} from ${tx.from} to ${tx.to}, sent ${(tx.t / 1000).toFixed(3)} ms${suffix}`,
    from: tx.from,
    to: tx.to,
    t0: tx.t,
    t1: rx?.t ?? null,
    lost,
    tunnelled: f.encap !== undefined && f.encap <= cursor,
    via,
    x0,
    y0,
    x1,
    y1,
  };
}
