// The ladder's data model (core/views/ladder.ts builds it, ladder-text.ts places its text, the
// page, svg.ts and the tests read it): arrows, layer-2 marks, data bands and losses with where
// they are drawn, the filter, the packet list's rows, and the ladder's columns. Pure and DOM-free.
import type { Micros } from '../trace.ts';
import { messageKind } from './vocabulary.ts';
import type { Tick } from './ladder-text.ts';

export interface Arrow {
  pkt: number;
  msg: string;
  label: string;
  /** Accessible name, e.g. "HI from oAR to nAR" or "F-BU from MN to oAR, lost at oAR". */
  name: string;
  from: string;
  to: string;
  t0: Micros;
  /** Arrival time, or null while in flight (or lost). */
  t1: Micros | null;
  /** Where and why it was dropped, if it was. */
  lost: { node: string; t: Micros; reason: string } | null;
  /** A router put it in a tunnel on its way (the F-BACK to the nCoA, a BET): drawn as a double line. */
  tunnelled: boolean;
  /**
   * A router held it on its way (the nAR buffers the F-BACK for the nCoA until the MN attaches,
   * §3.1.3, §5.2.1): the arrow goes to that lifeline, waits there, then on to its destination.
   */
  via: { node: string; x: number; yIn: number; yOut: number } | null;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** An arrow with where its label goes (set per view: labels are laid out so none overlaps another). */
export interface PlacedArrow extends Arrow {
  labelX: number;
  labelY: number;
  /**
   * Where the label is written again on the way on from the router that held it (the F-BACK the
   * nAR releases to the MN at Connect, §3.1.3): without it that stretch read as another message's.
   */
  release: { x: number; y: number } | null;
}

/** An arrow's path as SVG polyline points: straight, or through the router that held it. */
export function arrowPoints(a: Arrow): string {
  const v = a.via;
  return v ? `${a.x0},${a.y0} ${v.x},${v.yIn} ${v.x},${v.yOut} ${a.x1},${a.y1}` : `${a.x0},${a.y0} ${a.x1},${a.y1}`;
}

export interface L2Mark {
  node: string;
  t: Micros;
  trigger: string;
  word: string;
  x: number;
  y: number;
  /** Where its word is written (baseline) and on which side of the lifeline (placed per view). */
  wx: number;
  wy: number;
  anchor: 'start' | 'end';
}

export interface Band {
  /** Stream id "DATA CN>MN"; one band per stretch of a stream without a long silence. */
  stream: string;
  msg: string;
  from: string;
  to: string;
  count: number;
  delivered: number;
  lost: number;
  tunnelled: number;
  firstPkt: number;
  lastPkt: number;
  /** Polygon corners: from-lifeline at first/last send, to-lifeline at first/last arrival. */
  points: string;
  labelX: number;
  labelY: number;
  /** The band's centre line from the sender, over which its label is placed. */
  mid: { x0: number; y0: number; x1: number; y1: number };
  name: string;
}

export interface Loss {
  pkt: number;
  node: string;
  t: Micros;
  x: number;
  y: number;
  name: string;
}

export interface Ladder {
  nodes: string[];
  arrows: PlacedArrow[];
  marks: L2Mark[];
  bands: Band[];
  losses: Loss[];
  width: number;
  height: number;
  cursorY: number;
  /** The time axis: x of its line, and its ticks over what is laid out. */
  axisX: number;
  ticks: Tick[];
  /** y of a virtual time, for the axis and the cursor. */
  yOf: (t: Micros) => number;
  /** x of a node's lifeline: the one place lifelines, arrows and marks take their x from. */
  xOf: (node: string) => number;
}

/**
 * What the ladder draws (issue 9's filter, as Wireshark's flow graph filters its packets): data
 * hidden, Mobile IPv6's binding updates (BU, BACK, §3.1.8) hidden, or only one node's messages.
 * The layout runs over what is shown, so a filtered ladder packs its labels on its own.
 */
export interface LadderFilter {
  hideData?: boolean;
  hideBindings?: boolean;
  /**
   * Only messages this node sent or was sent, or that were lost or held at it (the F-BACK the nAR
   * buffers for the nCoA, §3.1.3), and its own layer-2 marks.
   */
  node?: string | null;
}

/** Whether a message (by its name and ends, and where it was lost) passes the filter. */
export function passes(
  f: LadderFilter | undefined,
  m: { msg: string; from: string; to: string; lostAt?: string | null; via?: string | null },
): boolean {
  if (!f) return true;
  const kind = messageKind(m.msg);
  if (f.hideData && kind === 'data') return false;
  if (f.hideBindings && kind === 'binding') return false;
  if (f.node && m.from !== f.node && m.to !== f.node && m.lostAt !== f.node && m.via !== f.node) return false;
  return true;
}

/** A key naming a filter (equal filters, equal keys). */
export function filterKey(f: LadderFilter | undefined): string {
  return f ? `${f.hideData ? 'D' : ''}${f.hideBindings ? 'B' : ''}|${f.node ?? ''}` : '|';
}

/** A row of the packet list (Wireshark's flow-graph list): one per message or data packet sent. */
export interface PacketRow {
  pkt: number;
  t: Micros;
  /** The node whose trace point recorded the sending (the message's originator). */
  node: string;
  msg: string;
  label: string;
  from: string;
  to: string;
  /** The packet's bytes as sent (the list's search reads its addresses; a reference, not a copy). */
  hex: string;
}

export interface LadderOptions {
  /** Only what passes this filter is drawn (and laid out). */
  filter?: LadderFilter;
  /** Show what happened up to this virtual time. */
  cursor: Micros;
  /** Stretch short intervals (log scale of the gaps) instead of a linear time axis. */
  stretch: boolean;
  /** Linear scale, px per ms. */
  pxPerMs?: number;
  /** Extra node names known from the topology (shown even before they act). */
  known?: readonly string[];
}

export const COL = 108;
/**
 * Room left of the first lifeline: the draft's figures write a trigger ("Disconnect", "Source
 * trigger") to the left of the lifeline it happens on, and the MN's is the first.
 */
export const LEFT = 48;

/** Width of a ladder of `n` lifelines. */
export function ladderWidth(n: number): number {
  return LEFT + Math.max(1, n) * COL + AXIS;
}
/** The time axis's column, right of the last lifeline (Wireshark's flow graph has its time column). */
export const AXIS = 64;
export const TOP = 36;

export interface LadderWindow {
  /** The visible y range (ladder units); only what crosses it is laid out. */
  yMin: number;
  yMax: number;
}
