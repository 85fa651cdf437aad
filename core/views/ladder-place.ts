// Where each label and layer-2 word of the ladder goes, decided once (issue 9: "labels beside an
// arrow still in flight may move once or twice while it flies"). Pure and DOM-free, like the
// ladder; core/views/ladder.ts keeps one Placer per way of drawing (lifelines, axis, filter).
//
// Before, every view placed every label again around whatever was drawn at its cursor: an arrow in
// flight was drawn half way to where it was going, so its label slid along with its tip, and each
// new arrow's line could push the labels placed before it. Now:
//
// - A label is placed for its arrow's final geometry (where the trace says it arrives, is dropped
//   or is held; while playing, the engine runs 50 ms ahead of the cursor, so that is known as the
//   arrow is first drawn), on the axis's anchors, whose y never changes once known.
// - Labels and layer-2 words are placed in time order (a word before the labels of its instant,
//   each release label at its arrival), each around the ones placed before it — later ones go
//   around it, never the other way.
// - Each keeps clear of every arrow's line and head, but only down to the y of the last event
//   HORIZONS[0] (40 ms) after its own arrow ends (further where that stretch is crowded), and it is placed only once the trace reaches past that
//   time: every arrow that could cross it is then known (an arrow sent later starts lower, and
//   arrows only go down). Until then (an arrow whose end the trace does not hold yet: paused at the
//   live edge, stepping), it is placed the same way from what is known, for that view only.
//
// The result depends on the trace alone, not on the cursor, the window or how the trace came in
// chunks: the page, the export and the command line lay a trace out alike.
import type { Micros, TraceRecord } from '../trace.ts';
import { flightArrow, upTo, upToBy, type Flight } from './ladder-flight.ts';
import type { Arrow, L2Mark } from './ladder-model.ts';
import {
  arrowLines,
  headBox,
  labelBox,
  markBox,
  placeMark,
  placeOn,
  tickBox,
  type Box,
  type Line,
} from './ladder-text.ts';
import { triggerWord } from './vocabulary.ts';

/**
 * How far past its arrow's end a label looks for the arrows that may cross it (and waits for them
 * to be in the trace), the first first. The engine runs 50 ms ahead of a playing cursor
 * (app/timeline/events.ts LOOKAHEAD_US): a signalling flight (a few ms) plus 40 ms is in the
 * trace before its arrow is drawn; a crowded stretch looks further, and waits longer.
 */
export const HORIZONS: readonly Micros[] = [40_000, 160_000, 640_000];
/** How far above its instant a label or word may go (the placement's upper reach, with room). */
const REACH_UP = 170;

export interface Spot {
  labelX: number;
  labelY: number;
  release: { x: number; y: number } | null;
}
export interface MarkSpot {
  wx: number;
  wy: number;
  anchor: 'start' | 'end';
}

type L2Record = TraceRecord & { kind: 'l2' };

/** What the placer reads of the ladder's index (core/views/ladder.ts). */
export interface PlaceSource {
  /** Signalling flights in send order. */
  sig: readonly Flight[];
  /** Layer-2 records in time order. */
  l2: readonly L2Record[];
  /** Data packets lost, in time order. */
  dataLosses: readonly { f: Flight; t: Micros }[];
  /** Signalling flights with no arrival or drop yet. */
  unended: ReadonlySet<Flight>;
  /** The longest signalling flight (send to arrival or drop) so far. */
  maxFlightUs: number;
  /** The axis's anchors: times, and their ys on this placer's axis. */
  ts: readonly Micros[];
  ys: readonly number[];
  /** The axis's gap in px for a time between two events (monotone). */
  gap: (us: Micros) => number;
  /** The time of the trace's last record: every record before it is in. */
  lastT: Micros;
}

/** A box list bucketed by y, for "the boxes placed near here". */
class Grid {
  private cells = new Map<number, Box[]>();
  private top = -Infinity;
  private static readonly H = 128;
  add(b: Box): void {
    const lo = Math.floor(b.y0 / Grid.H);
    const hi = Math.floor(b.y1 / Grid.H);
    this.top = Math.max(this.top, hi);
    for (let c = lo; c <= hi; c++) {
      let l = this.cells.get(c);
      if (!l) this.cells.set(c, (l = []));
      l.push(b);
    }
  }
  /** Every box reaching y ≥ yMin (items are placed in time order: what is placed lies mostly above). */
  from(yMin: number, out: Box[]): void {
    const seen = new Set<Box>();
    for (let c = Math.floor(yMin / Grid.H); c <= this.top; c++)
      for (const b of this.cells.get(c) ?? [])
        if (b.y1 >= yMin && !seen.has(b)) {
          seen.add(b);
          out.push(b);
        }
  }
}

type Item =
  | { kind: 'mark'; t: Micros; m: L2Record }
  | { kind: 'label'; t: Micros; f: Flight }
  | { kind: 'release'; t: Micros; f: Flight };

export class Placer {
  readonly spots = new Map<Flight, Spot>();
  readonly markSpots = new Map<L2Record, MarkSpot>();
  private grid = new Grid();
  private si = 0;
  private mi = 0;
  /** Held flights whose label is placed and whose release label waits for their arrival. */
  private waiting: Flight[] = [];
  /** Release labels known, by arrival time (placed in that order). */
  private releases: Flight[] = [];
  /** Labels of flights whose end the trace does not hold yet, kept from their first sight. */
  private early = new Map<Flight, Spot>();
  /** The final geometry of ended flights, once computed. */
  private geom = new Map<Flight, Arrow>();

  constructor(
    private readonly xOf: (node: string) => number,
    private readonly shown: (f: Flight) => boolean,
    private readonly markShown: (m: L2Record) => boolean,
  ) {}

  /**
   * Places, for good, every item whose surroundings the trace now holds; then, for this view only,
   * the items after them up to the cursor. Returns the provisional spots (empty when all is final).
   */
  advance(
    src: PlaceSource,
    yOf: (t: Micros) => number,
    cursor: Micros,
  ): { spots: Map<Flight, Spot>; marks: Map<L2Record, MarkSpot> } {
    for (;;) {
      const it = this.next(src);
      if (!it || !this.place(it, src, yOf, this.grid, this.spots, this.markSpots, true)) break;
      this.consume(it);
    }
    const spots = new Map<Flight, Spot>();
    const marks = new Map<L2Record, MarkSpot>();
    // The rest up to the cursor, from what is known, without touching the placer's own state.
    const save = { si: this.si, mi: this.mi, waiting: this.waiting, releases: this.releases };
    this.waiting = [...this.waiting];
    this.releases = [...this.releases];
    const overlay = new Overlay(this.grid);
    for (;;) {
      const it = this.next(src);
      if (!it || it.t > cursor) break;
      this.place(it, src, yOf, overlay, spots, marks, false);
      this.consume(it);
    }
    Object.assign(this, save);
    return { spots, marks };
  }

  /** The next item in time order: a layer-2 word before the labels of its instant, releases last. */
  private next(src: PlaceSource): Item | null {
    // Release labels become known as their flights arrive.
    for (let i = 0; i < this.waiting.length; i++) {
      const f = this.waiting[i]!;
      if (f.rx) {
        this.waiting.splice(i--, 1);
        if (f.held?.out !== undefined) {
          let j = this.releases.length;
          while (j > 0 && this.releases[j - 1]!.rx!.t > f.rx.t) j--;
          this.releases.splice(j, 0, f);
        }
      } else if (f.drop) this.waiting.splice(i--, 1);
    }
    while (this.si < src.sig.length && !this.shown(src.sig[this.si]!)) {
      const f = src.sig[this.si]!;
      // Not shown yet is not never shown: a node filter passes a flight once it is held or lost
      // at that node, so one that has not ended is waited for.
      if (!f.rx && !f.drop) break;
      this.si++;
    }
    while (this.mi < src.l2.length && !this.markShown(src.l2[this.mi]!)) this.mi++;
    const f = src.sig[this.si];
    const m = src.l2[this.mi];
    const r = this.releases[0];
    let best: Item | null = m ? { kind: 'mark', t: m.t, m } : null;
    if (f && (!best || f.tx.t < best.t)) best = { kind: 'label', t: f.tx.t, f };
    if (r && (!best || r.rx!.t < best.t)) best = { kind: 'release', t: r.rx!.t, f: r };
    return best;
  }

  private consume(it: Item): void {
    if (it.kind === 'mark') this.mi++;
    else if (it.kind === 'release') this.releases.shift();
    else {
      this.si++;
      if (it.f.held && !it.f.drop) this.waiting.push(it.f);
    }
  }

  /** Where an item's own stretch ends: its arrow's end (or hold), its arrival, its instant. */
  private endOf(it: Item): Micros | null {
    if (it.kind === 'mark') return it.t;
    if (it.kind === 'release') return it.f.rx!.t;
    const f = it.f;
    if (f.held && !(f.held.node === f.tx.to || f.held.node === f.tx.from)) return f.held.t;
    return f.rx?.t ?? f.drop?.t ?? null;
  }

  /** Whether the trace holds everything that may touch the item's places down to `until`'s y. */
  private known(src: PlaceSource, until: Micros): boolean {
    if (!(src.lastT > until)) return false;
    for (const f of src.unended) if (f.tx.t <= until && this.unknownAbove(f, until)) return false;
    return true;
  }

  /** A flight not ended whose line above `until`'s y is not known yet (held flights wait in place). */
  private unknownAbove(f: Flight, until: Micros): boolean {
    const h = f.held;
    if (h && h.node !== f.tx.to && h.node !== f.tx.from) return h.out !== undefined && h.out <= until;
    return true;
  }

  private labelOf(f: Flight, src: PlaceSource, yOf: (t: Micros) => number): string {
    return this.arrowOf(f, src, yOf).label;
  }

  private arrowOf(f: Flight, src: PlaceSource, yOf: (t: Micros) => number): Arrow {
    const ended = f.rx !== null || f.drop !== null;
    const c = ended ? this.geom.get(f) : undefined;
    if (c) return c;
    const a = flightArrow(f, this.xOf, yOf, ended ? Infinity : src.lastT);
    if (ended) this.geom.set(f, a);
    return a;
  }

  /**
   * Places an item; false (final only) when the trace does not yet hold what it needs. It looks
   * down to HORIZONS[0] past its own end first; where a crowded stretch has no place there clear
   * of the lines, further (the draft's Figure 3 on the linear axis: an F-BU, two BUs and four
   * F-BACKs from one column in 6 ms), and at the last horizon it may give the lines up.
   */
  private place(
    it: Item,
    src: PlaceSource,
    yOf: (t: Micros) => number,
    grid: Grid | Overlay,
    spots: Map<Flight, Spot>,
    marks: Map<L2Record, MarkSpot>,
    final: boolean,
  ): boolean {
    if (it.kind === 'label' && !this.shown(it.f)) return !final;
    const end = this.endOf(it);
    if (end === null && final) return false;
    if (end === null && it.kind === 'label') {
      // A flight longer than the engine's lookahead (a slow link to the HA): where it ends is not
      // in the trace yet. Its label is placed from its first sight and kept there until it is;
      // then it moves once, to its place for the arrow's final geometry.
      const kept = this.early.get(it.f);
      if (kept) {
        spots.set(it.f, kept);
        for (const b of spotBoxes(this.labelOf(it.f, src, yOf), kept)) grid.add(b);
        return true;
      }
    }
    const horizons = it.kind === 'mark' ? HORIZONS.slice(0, 1) : HORIZONS;
    for (let h = 0; h < horizons.length; h++) {
      const until = (end ?? src.lastT) + horizons[h]!;
      if (final && !this.known(src, until)) return false;
      const last = h === horizons.length - 1;
      if (this.placeWithin(it, src, yOf, grid, spots, marks, until, last)) return true;
    }
    return true;
  }

  private placeWithin(
    it: Item,
    src: PlaceSource,
    yOf: (t: Micros) => number,
    grid: Grid | Overlay,
    spots: Map<Flight, Spot>,
    marks: Map<L2Record, MarkSpot>,
    until: Micros,
    last: boolean,
  ): boolean {
    // How low it may go: the last event by then (its y never moves once known) and the gap to
    // `until`. An arrow sent after `until` starts lower: at the next event, at least that gap on
    // (the axis's gap grows with the time), and arrows only go down.
    const k = upTo(src.ts, until);
    const maxY = k > 0 ? src.ys[k - 1]! + src.gap(until - src.ts[k - 1]!) - 1 : Infinity;
    const yTop = yOf(it.t) - REACH_UP;
    // The time at yTop: arrows ending before it cannot reach the places tried.
    const kt = upToBy(src.ys as number[], yTop, (y) => y);
    const tLow = kt > 0 ? src.ts[kt - 1]! : -Infinity;
    const arrows: Arrow[] = [];
    const lo = upToBy(src.sig, tLow - src.maxFlightUs - 1, (f) => f.tx.t);
    const hi = upToBy(src.sig, until, (f) => f.tx.t);
    for (const f of src.unended)
      if (f.idx < lo && f.tx.t <= until && this.shown(f)) arrows.push(this.arrowOf(f, src, yOf));
    for (let i = lo; i < hi; i++) {
      const f = src.sig[i]!;
      if (this.shown(f)) arrows.push(this.arrowOf(f, src, yOf));
    }
    const lines: Line[] = arrowLines(arrows);
    const taken: Box[] = [];
    for (const a of arrows) if (!a.lost) taken.push(headBox(a));
    for (let i = upToBy(src.l2, tLow - 1, (m) => m.t); i < src.l2.length && src.l2[i]!.t <= until; i++) {
      const m = src.l2[i]!;
      if (this.markShown(m)) taken.push(tickBox({ x: this.xOf(m.node), y: yOf(m.t) }));
    }
    const dl = src.dataLosses;
    for (let i = upToBy(dl, tLow - 1, (l) => l.t); i < dl.length && dl[i]!.t <= until; i++) {
      const { f, t } = dl[i]!;
      if (!this.shown(f)) continue;
      const x = this.xOf(f.drop!.node);
      const y = yOf(t);
      taken.push({ x0: x - 5, y0: y - 6, x1: x + 5, y1: y + 6 });
    }
    grid.from(yTop, taken);

    if (it.kind === 'mark') {
      const m = it.m;
      const x = this.xOf(m.node);
      const y = yOf(m.t);
      const mark: L2Mark = {
        node: m.node,
        t: m.t,
        trigger: m.trigger,
        word: triggerWord(m),
        x,
        y,
        wx: x - 10,
        wy: y + 4,
        anchor: 'end',
      };
      const before = taken.length;
      placeMark(mark, taken, lines, maxY);
      const box = taken.length > before ? taken[taken.length - 1]! : markBox(mark);
      grid.add(box);
      marks.set(m, { wx: mark.wx, wy: mark.wy, anchor: mark.anchor });
      return true;
    }
    const a = arrows.find((x) => x.pkt === it.f.tx.pkt) ?? this.arrowOf(it.f, src, yOf);
    if (it.kind === 'release') {
      const v = a.via;
      const prev = spots.get(it.f) ?? this.spots.get(it.f);
      if (!v || !prev || a.x1 === v.x) return true;
      const r = placeOn(a.label, { x0: v.x, y0: v.yOut, x1: a.x1, y1: a.y1 }, taken, lines, a.pkt, maxY, last);
      if (!r) return false;
      grid.add(r.box);
      spots.set(it.f, { ...prev, release: { x: r.x, y: r.y } });
      return true;
    }
    const first = a.via ? { x0: a.x0, y0: a.y0, x1: a.via.x, y1: a.via.yIn } : a;
    const p = placeOn(a.label, first, taken, lines, a.pkt, maxY, last);
    if (!p) return false;
    grid.add(p.box);
    const spot = { labelX: p.x, labelY: p.y, release: null };
    spots.set(it.f, spot);
    if (this.endOf(it) === null) this.early.set(it.f, spot);
    else this.early.delete(it.f);
    return true;
  }
}

/** The placer's grid with this view's provisional boxes over it (the grid itself is not changed). */
class Overlay {
  private extra: Box[] = [];
  constructor(private readonly base: Grid) {}
  add(b: Box): void {
    this.extra.push(b);
  }
  from(yMin: number, out: Box[]): void {
    this.base.from(yMin, out);
    for (const b of this.extra) if (b.y1 >= yMin) out.push(b);
  }
}

/** The boxes of a placed label (and its release), for the bands placed around them. */
export function spotBoxes(label: string, s: Spot): Box[] {
  const out = [labelBox(label, s.labelX, s.labelY)];
  if (s.release) out.push(labelBox(label, s.release.x, s.release.y));
  return out;
}
