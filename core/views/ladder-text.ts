// Where the ladder's text goes (core/views/ladder.ts lays out the rest): the boxes of labels,
// layer-2 marks, arrowheads and axis ticks from the fonts' advances, the layout pass that moves
// each arrow's label beside its own arrow without overlapping another label, a mark or an
// arrowhead (issue 9; tests/ui/ladder*.test.ts measure it over every built-in scenario), and the
// time axis's ticks. Pure and DOM-free, like the ladder.
import type { Micros } from '../trace.ts';
import type { Arrow, L2Mark, Ladder, PlacedArrow } from './ladder-model.ts';

/** A box in ladder units: left, top, right, bottom. */
export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/**
 * The width model of the ladder's text, the one measure the layout takes of it. No font is
 * measured: the page, the SVG export and the command line (Node, which has no fonts) must lay out
 * the same trace the same way, and a font measured in one browser would place labels differently
 * in another. A text is its character count times a per-character advance at least as wide as a
 * sans-serif face's average at that size: labels are 11 px text (6.4 px a character), layer-2
 * words 10 px (5.9 px a character). Overestimating only leaves a little more room between labels.
 */
export const ADVANCE = { label: 6.4, mark: 5.9 } as const;
/** Font sizes the advances are for (the SVG export and Ladder.svelte write these). */
export const LABEL_PX = 11;
export const MARK_PX = 10;
const LINE = 13;

/** Width of a text in ladder units by the model above (`kind`: an arrow or band label, or a layer-2 word). */
export function textWidth(text: string, kind: keyof typeof ADVANCE = 'label'): number {
  return text.length * ADVANCE[kind];
}

/** The box of a label drawn with text-anchor middle at (x, y) (y is the baseline). */
export function labelBox(text: string, x: number, y: number): Box {
  const w = textWidth(text);
  return { x0: x - w / 2, y0: y - 10, x1: x + w / 2, y1: y + 3 };
}

/** The box of a layer-2 word written at (wx, wy), ending there (anchor end) or starting there. */
export function markBox(m: { word: string; wx: number; wy: number; anchor: 'start' | 'end' }): Box {
  const w = textWidth(m.word, 'mark');
  const x0 = m.anchor === 'end' ? m.wx - w : m.wx;
  return { x0, y0: m.wy - 9, x1: x0 + w, y1: m.wy + 3 };
}

/** The tick on the lifeline that marks a layer-2 trigger. */
export function tickBox(m: { x: number; y: number }): Box {
  return { x0: m.x - 8, y0: m.y - 2, x1: m.x + 8, y1: m.y + 2 };
}

/**
 * Where a layer-2 word goes: left of its lifeline as the figures write it, else right of it,
 * else a line further down (or up), clear of arrowheads, ticks, the words placed before and,
 * where it can be, of every arrow's line (a word across a line reads as that message's).
 */
export function placeMark(
  m: L2Mark,
  taken: Box[],
  lines: readonly Line[] = [],
  /** No place lower than this (core/views/ladder-place.ts: below it, lines may still come). */
  maxY = Infinity,
): void {
  for (const avoidLines of [true, false])
    for (let k = 0; k < 12; k++) {
      const dy = (k % 2 === 0 ? 1 : -1) * Math.ceil(k / 2) * LINE;
      for (const anchor of ['end', 'start'] as const) {
        const c = { word: m.word, wx: anchor === 'end' ? m.x - 10 : m.x + 10, wy: m.y + 4 + dy, anchor };
        const b = markBox(c);
        if (b.x0 < 0 || (avoidLines && b.y1 > maxY) || taken.some((t) => intersects(t, b))) continue;
        if (avoidLines && onALine(b, lines)) continue;
        Object.assign(m, c);
        taken.push(b);
        return;
      }
    }
  taken.push(markBox(m));
}

/** The box an arrowhead covers at the arrow's end (an 11 px marker), along its last segment. */
export function headBox(a: {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  via?: { x: number; yOut: number } | null;
}): Box {
  const sx = a.via ? a.via.x : a.x0;
  const sy = a.via ? a.via.yOut : a.y0;
  const dx = a.x1 - sx;
  const dy = a.y1 - sy;
  const len = Math.hypot(dx, dy) || 1;
  // The head lies behind the end point, along the arrow.
  const bx = a.x1 - (dx / len) * 5;
  const by = a.y1 - (dy / len) * 5;
  return { x0: bx - 6, y0: by - 6, x1: bx + 6, y1: by + 6 };
}

export function intersects(a: Box, b: Box): boolean {
  return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

/** A straight piece of an arrow's line, in ladder units. */
export interface Segment {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** The straight pieces an arrow is drawn with (core/views/ladder.ts `arrowPoints`): one, or three through the router that held it. */
export function arrowSegments(a: {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  via?: { x: number; yIn: number; yOut: number } | null;
}): Segment[] {
  const v = a.via;
  if (!v) return [{ x0: a.x0, y0: a.y0, x1: a.x1, y1: a.y1 }];
  return [
    { x0: a.x0, y0: a.y0, x1: v.x, y1: v.yIn },
    { x0: v.x, y0: v.yIn, x1: v.x, y1: v.yOut },
    { x0: v.x, y0: v.yOut, x1: a.x1, y1: a.y1 },
  ];
}

/**
 * Whether a segment passes through a box grown by `pad` on every side (Liang–Barsky clipping:
 * the part of the segment between its entry into and exit from the box's slabs is not empty).
 */
export function crosses(s: Segment, b: Box, pad = 0): boolean {
  const x0 = b.x0 - pad;
  const x1 = b.x1 + pad;
  const y0 = b.y0 - pad;
  const y1 = b.y1 + pad;
  if (Math.max(s.x0, s.x1) <= x0 || Math.min(s.x0, s.x1) >= x1) return false;
  if (Math.max(s.y0, s.y1) <= y0 || Math.min(s.y0, s.y1) >= y1) return false;
  let lo = 0;
  let hi = 1;
  const dx = s.x1 - s.x0;
  const dy = s.y1 - s.y0;
  for (const [p, q] of [
    [-dx, s.x0 - x0],
    [dx, x1 - s.x0],
    [-dy, s.y0 - y0],
    [dy, y1 - s.y0],
  ] as const) {
    if (p === 0) {
      if (q <= 0) return false;
      continue;
    }
    const r = q / p;
    if (p < 0) lo = Math.max(lo, r);
    else hi = Math.min(hi, r);
    if (lo >= hi) return false;
  }
  return true;
}

/** Distance from a point to a segment. */
export function distanceTo(s: Segment, x: number, y: number): number {
  const dx = s.x1 - s.x0;
  const dy = s.y1 - s.y0;
  const l2 = dx * dx + dy * dy;
  const f = l2 === 0 ? 0 : Math.min(1, Math.max(0, ((x - s.x0) * dx + (y - s.y0) * dy) / l2));
  return Math.hypot(x - (s.x0 + f * dx), y - (s.y0 + f * dy));
}

/** An arrow's line as an obstacle to labels: its segment, whose arrow it is, and its bounding box. */
export interface Line {
  seg: Segment;
  /** The arrow's packet id (its own label may lie beside it, not across it), or -1. */
  own: number;
  bb: Box;
}

/** Every arrow's line, as obstacles to the labels. */
export function arrowLines(arrows: readonly Arrow[]): Line[] {
  const out: Line[] = [];
  for (const a of arrows)
    for (const seg of arrowSegments(a))
      out.push({
        seg,
        own: a.pkt,
        bb: {
          x0: Math.min(seg.x0, seg.x1),
          y0: Math.min(seg.y0, seg.y1),
          x1: Math.max(seg.x0, seg.x1),
          y1: Math.max(seg.y0, seg.y1),
        },
      });
  return out;
}

/** Room kept between a label's box and any line: half a line's stroke. */
const LINE_PAD = 0.5;

/** Whether a box lies across any of the lines (grown by LINE_PAD). */
function onALine(b: Box, lines: readonly Line[]): boolean {
  for (const l of lines)
    if (
      l.bb.x0 < b.x1 + LINE_PAD &&
      b.x0 - LINE_PAD < l.bb.x1 &&
      l.bb.y0 < b.y1 + LINE_PAD &&
      b.y0 - LINE_PAD < l.bb.y1 &&
      crosses(l.seg, b, LINE_PAD)
    )
      return true;
  return false;
}

/** Whether the short upright stroke from a label to its own arrow passes another arrow's line. */
function leaderCut(x: number, ya: number, yb: number, own: number, lines: readonly Line[]): boolean {
  const seg = { x0: x, y0: Math.min(ya, yb), x1: x, y1: Math.max(ya, yb) };
  if (seg.y1 - seg.y0 < 0.5) return false;
  for (const l of lines) {
    if (l.own === own || l.bb.x0 > x || l.bb.x1 < x || l.bb.y1 < seg.y0 || l.bb.y0 > seg.y1) continue;
    // Where the line is at x: the leader is cut when that lies strictly between its ends.
    const { x0, y0, x1, y1 } = l.seg;
    if (x1 === x0) continue;
    const y = y0 + ((x - x0) / (x1 - x0)) * (y1 - y0);
    if (y > seg.y0 && y < seg.y1) return true;
  }
  return false;
}

/**
 * Where a label goes beside its arrow, as the figures write them: above the arrow at a point
 * along it (the middle first, then nearer either end), else under it ("HI" under its arrow in
 * Figure 4), then a line further off on either side. A place is free when the box overlaps no
 * label, mark or arrowhead taken, crosses no arrow's line (its own included: a label is never
 * struck through) and no other arrow runs between the label and its own (so it cannot be read
 * as that one's). Where a crowded stretch has no such place, the lines are given up before the
 * boxes: the first place clear of the taken boxes and of its own line, else further down under
 * the middle until clear of the boxes (the ladder always has room below).
 */
export function placeOn(
  text: string,
  seg: { x0: number; y0: number; x1: number; y1: number },
  taken: Box[],
  lines: readonly Line[] = [],
  /** The packet id of the label's own arrow (-1: a band's label, which has no line). */
  own = -1,
  /**
   * No place whose box reaches lower than this, while the lines are kept clear
   * (core/views/ladder-place.ts: below it, arrows not yet known may still be drawn).
   */
  maxY = Infinity,
  /** false: null where no place keeps clear of the lines (the caller widens its view and asks again). */
  fallback = true,
): { x: number; y: number; box: Box } | null {
  const w = textWidth(text);
  const yAt = (x: number): number => {
    const dx = seg.x1 - seg.x0;
    if (Math.abs(dx) < 1e-6) return Math.min(seg.y0, seg.y1);
    const f = Math.min(1, Math.max(0, (x - seg.x0) / dx));
    return seg.y0 + f * (seg.y1 - seg.y0);
  };
  const free = (b: Box) => !taken.some((t) => intersects(t, b));
  const mine = own < 0 ? [] : lines.filter((l) => l.own === own);
  const FS = [0.5, 0.35, 0.65, 0.22, 0.78];
  const at = (f: number, k: number, below: boolean) => {
    const x = seg.x0 + (seg.x1 - seg.x0) * f;
    const a = yAt(x - w / 2);
    const b = yAt(x + w / 2);
    // Above the arrow where the label spans it (box bottom 1 px over the line's higher end), or
    // under it (box top 2 px under its lower end); k lines further away.
    const y = below ? Math.max(a, b) + 12 + k * LINE : Math.min(a, b) - 4 - k * LINE;
    return { x, y, box: labelBox(text, x, y), lineY: yAt(x) };
  };
  // Beside its own arrow first (no other arrow between), then a little further off, past others.
  for (const [kMax, leader] of [
    [4, true],
    [10, false],
  ] as const)
    for (let k = 0; k < kMax; k++)
      for (const below of [false, true])
        for (const f of FS) {
          const c = at(f, k, below);
          if (c.box.y1 > maxY || !free(c.box) || onALine(c.box, lines)) continue;
          if (leader && own >= 0 && leaderCut(c.x, below ? c.box.y0 : c.box.y1, c.lineY, own, lines)) continue;
          return c;
        }
  if (!fallback) return null;
  // Crowded: as before the lines were obstacles, clear of the boxes and of its own line.
  for (let k = 0; k < 8; k++)
    for (const f of FS) {
      const c = at(f, 0, false);
      const d = { ...c, y: c.y + k * LINE, box: labelBox(text, c.x, c.y + k * LINE) };
      if (free(d.box) && !onALine(d.box, mine)) return d;
    }
  for (let k = 8; ; k++) {
    const c = at(0.5, k, true);
    if (free(c.box) || k > 400) return c;
  }
}

/** The text a band writes (its count, and losses and tunnelled packets when there are any). */
export function bandText(b: { count: number; msg: string; lost: number; tunnelled: number }): string {
  return `${b.count} ${b.msg}${b.lost ? `, ${b.lost} lost` : ''}${b.tunnelled ? `, ${b.tunnelled} tunnelled` : ''}`;
}

/** Every label box of a laid-out ladder (arrows, bands, marks), for the layout test. */
export function labelBoxes(l: Ladder): { what: string; box: Box }[] {
  return [
    ...l.arrows.map((a) => ({ what: a.name, box: labelBox(a.label, a.labelX, a.labelY) })),
    ...l.arrows.flatMap((a) =>
      a.release
        ? [{ what: `${a.name} (on from ${a.via!.node})`, box: labelBox(a.label, a.release.x, a.release.y) }]
        : [],
    ),
    ...l.bands.map((b) => ({ what: b.name, box: labelBox(bandText(b), b.labelX, b.labelY) })),
    ...l.marks.map((m) => ({ what: `${m.word} at ${m.node}`, box: markBox(m) })),
  ];
}

/** A tick of the time axis: its time, where it is drawn, its text. */
export interface Tick {
  t: Micros;
  y: number;
  text: string;
}

/** "0 ms", "12.5 ms", "1.25 s": a tick's time as short as it reads. */
export function tickText(t: Micros): string {
  return t >= 1_000_000 && t % 10_000 === 0 ? `${t / 1_000_000} s` : `${+(t / 1000).toFixed(3)} ms`;
}

/** Tick steps, coarse to fine, each dividing the one before (10 s down to 100 µs). */
const TICK_STEPS = [10_000_000, 5_000_000, 1_000_000, 500_000, 100_000, 50_000, 10_000, 5000, 1000, 500, 100];

/**
 * Ticks for a time axis mapped by `yOf` (linear or stretched) over [t0, t1], coarse steps first:
 * a round time t of step s is a tick when its two neighbours of that step, t − s and t + s, are
 * both at least `minGap` px away. Any two ticks are then `minGap` apart (the nearer of them is a
 * multiple of the finer step, one of whose neighbours lies between), a linear axis gets evenly
 * spaced ticks, and a stretched one fine ticks where it is stretched, coarse ones where it is
 * compressed.
 */
export function timeTicks(yOf: (t: Micros) => number, t0: Micros, t1: Micros, minGap = 28): Tick[] {
  if (!(t1 >= t0)) return [];
  const out = new Map<Micros, number>();
  // Where a finer step can still place a tick: a multiple t of step s that is not one of the
  // coarser step S lies in some [a, a + S] (a a multiple of S) with t − s ≥ a and t + s ≤ a + S,
  // so its two gaps sum to at most y(a + S) − y(a) (y is monotone): under 2·minGap, no tick of
  // any finer step lies inside. Multiples of S were judged at S with wider gaps. Only intervals
  // that span 2·minGap are searched at the next step: the same ticks as trying every multiple,
  // without the tens of thousands of yOf calls a frame the 100 µs step took over a few seconds.
  let regions: [Micros, Micros][] | null = null;
  for (const s of TICK_STEPS) {
    if ((t1 - t0) / s > 20_000) break;
    const lo0 = Math.floor(t0 / s) * s;
    const hi0 = Math.ceil(t1 / s) * s;
    const live: [Micros, Micros][] = [];
    for (const [lo, hi] of regions ?? [[lo0, hi0]]) {
      const a = Math.max(lo, lo0);
      const b = Math.min(hi, hi0);
      let prev = yOf(a - s);
      let y = yOf(a);
      for (let t = a; t <= b; t += s) {
        const next = yOf(t + s);
        if (t >= t0 && t <= t1 && !out.has(t) && y - prev >= minGap && next - y >= minGap) out.set(t, y);
        if (t + s <= b && next - y >= 2 * minGap) live.push([t, t + s]);
        prev = y;
        y = next;
      }
    }
    if (live.length === 0) break;
    regions = live;
  }
  return [...out].sort((a, b) => a[0] - b[0]).map(([t, y]) => ({ t, y, text: tickText(t) }));
}

/**
 * The arrow under a point of the ladder (issue 9's exact selection): the one whose label holds
 * the point (labels never overlap), else the one whose line passes nearest, within `tol` units
 * (the page's hit line is 9 wide), else none. The page's hit areas overlap where two lines run
 * close (Figure 4's F-BU crosses the HACK near its middle); whichever the pointer lands on, the
 * page asks this which arrow is really under it, so a click on a line opens that line's packet.
 */
export function arrowAt(arrows: readonly PlacedArrow[], x: number, y: number, tol = 4.5): PlacedArrow | null {
  const inBox = (b: Box) => x >= b.x0 && x <= b.x1 && y >= b.y0 && y <= b.y1;
  let best: PlacedArrow | null = null;
  let bestD = tol;
  for (const a of arrows) {
    if (inBox(labelBox(a.label, a.labelX, a.labelY))) return a;
    if (a.release && inBox(labelBox(a.label, a.release.x, a.release.y))) return a;
    for (const s of arrowSegments(a)) {
      const d = distanceTo(s, x, y);
      if (d <= bestD) {
        bestD = d;
        best = a;
      }
    }
  }
  return best;
}
