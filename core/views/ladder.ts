// The message ladder as data: which arrows, layer-2 marks, data bands and losses the trace holds
// up to the time cursor, and where they go. Pure and DOM-free (core/views/): the page's
// app/ladder/Ladder.svelte draws what this returns, core/views/svg.ts serialises the same layout as
// the SVG export and `npm run sim -- ID --format svg`, and the unit tests check the rules here.
//
// Arrows follow the trace's contract (docs/trace.md): a message's `tx` record is at the node that
// originates it, its `rx` at the node it is for; `from`/`to` name those two ends, so an F-BU the MN
// sends to the aAR through the oAR is one arrow MN → aAR, as Figure 4 draws it.
//
// Its data model (types, filter, columns) is ladder-model.ts, the placement of its text and its
// hit testing ladder-text.ts (both re-exported here), the index's own records ladder-flight.ts.
import type { Micros, TraceRecord } from '../trace.ts';

// The vocabulary (labels, sections, trigger words, lifeline orders) is shared with the command
// line and the console: it lives beside this file, in vocabulary.ts.
import { BANDED, lifelineOrder, messageLabel, triggerWord } from './vocabulary.ts';

import {
  COL,
  LEFT,
  TOP,
  ladderWidth,
  filterKey,
  passes,
  type Arrow,
  type Band,
  type L2Mark,
  type Ladder,
  type LadderFilter,
  type LadderOptions,
  type LadderWindow,
  type Loss,
  type PacketRow,
  type PlacedArrow,
} from './ladder-model.ts';
export * from './ladder-model.ts';
import { flightArrow, gapPx, linearGapPx, upTo, upToBy, type Flight, type Run } from './ladder-flight.ts';
export { ROW_PX } from './ladder-flight.ts';

// The text's boxes, the label layout pass and the time axis's ticks: ladder-text.ts (re-exported).
import {
  arrowLines,
  bandText,
  headBox,
  labelBox,
  markBox,
  placeOn,
  tickBox,
  timeTicks,
  type Box,
} from './ladder-text.ts';
import { Placer } from './ladder-place.ts';
export * from './ladder-text.ts';

const BOTTOM = 24;
/** A silence longer than this ends a band. */
const BAND_GAP_US = 100_000;

/**
 * The ladder's index of a trace that grows in place: appending is O(new records); a view at a
 * cursor touches only what it shows. Records are in time order (the engine's contract), so every
 * per-time list here is sorted as it is built and a cursor cut is a binary search. The stretched
 * time axis is anchored on signalling, layer-2 triggers and the start of each band — all appended
 * in time order, so the y of anything before the cursor never moves once drawn (arrows are cached
 * by flight).
 */
export class LadderIndex {
  /** Arrows with their label positions, kept so an unchanged arrow is the same object next frame. */
  private placed = new WeakMap<Arrow, PlacedArrow>();
  private flights = new Map<number, { f: Flight; run: Run | null }>();
  private signalling: Flight[] = [];
  private unended = new Set<Flight>();
  private maxFlightUs = 0;
  private l2: (TraceRecord & { kind: 'l2' })[] = [];
  private runs: Run[] = [];
  private lastRun = new Map<string, Run>();
  private dataLosses: { f: Flight; t: Micros }[] = [];
  private seen: { node: string; t: Micros }[] = [];
  private seenSet = new Set<string>();
  private ts: Micros[] = [];
  private ys: number[] = [];
  /** The linear axis's y of each anchor, per px per ms (extended as anchors come). */
  private lin = new Map<number, number[]>();
  private arrows = new Map<Flight, { key: string; arrow: Arrow }>();
  /** Every flight in send order (signalling and data), for the packet list. */
  private all: Flight[] = [];
  /** The time of the last record appended (every record before it is in). */
  private lastT: Micros = -Infinity;
  /** Where labels and layer-2 words go, per way of drawing (ladder-place.ts), the last few used. */
  private placers = new Map<string, Placer>();
  /** The packet list's rows under the last filter asked for, extended as the trace grows. */
  private rowCache: { key: string; done: number; rows: PacketRow[] } = { key: '', done: 0, rows: [] };

  append(records: readonly TraceRecord[]): this {
    if (records.length > 0) this.lastT = records[records.length - 1]!.t;
    for (const r of records) {
      switch (r.kind) {
        case 'tx': {
          this.see(r.node, r.t);
          this.see(r.from, r.t);
          this.see(r.to, r.t);
          const banded = BANDED.has(r.msg);
          const f: Flight = { idx: banded ? -1 : this.signalling.length, tx: r, rx: null, drop: null };
          this.all.push(f);
          if (!banded) {
            this.signalling.push(f);
            this.unended.add(f);
            this.anchor(r.t);
            this.flights.set(r.pkt, { f, run: null });
            break;
          }
          const stream = `${r.msg} ${r.from}>${r.to}`;
          let run = this.lastRun.get(stream);
          if (!run || r.t - run.txT[run.txT.length - 1]! > BAND_GAP_US) {
            run = { stream, flights: [], txT: [], rxT: [], lostT: [], encapT: [] };
            this.runs.push(run);
            this.lastRun.set(stream, run);
            this.anchor(r.t);
          }
          run.flights.push(f);
          run.txT.push(r.t);
          this.flights.set(r.pkt, { f, run });
          break;
        }
        case 'rx':
        case 'drop': {
          if (r.kind === 'rx') {
            this.see(r.node, r.t);
            this.see(r.from, r.t);
            this.see(r.to, r.t);
          }
          const e = r.pkt === undefined ? undefined : this.flights.get(r.pkt);
          if (!e || e.f.rx || e.f.drop) break;
          if (r.kind === 'rx') e.f.rx = r;
          else e.f.drop = r;
          if (e.run) {
            if (r.kind === 'rx') e.run.rxT.push(r.t);
            else {
              e.run.lostT.push(r.t);
              this.dataLosses.push({ f: e.f, t: r.t });
            }
          } else {
            this.unended.delete(e.f);
            this.maxFlightUs = Math.max(this.maxFlightUs, r.t - e.f.tx.t);
            this.anchor(r.t);
          }
          break;
        }
        case 'buffer': {
          const e = this.flights.get(r.pkt);
          if (e && !e.run && !e.f.held) {
            e.f.held = { node: r.node, t: r.t };
            // The held arrow bends here: an anchor, so its bend's y never moves (ladder-place.ts).
            this.anchor(r.t);
          }
          break;
        }
        case 'fwd': {
          const e = this.flights.get(r.pkt);
          if (e?.f.held && e.f.held.out === undefined && r.node === e.f.held.node) {
            e.f.held.out = r.t;
            this.anchor(r.t);
          }
          break;
        }
        case 'encap': {
          const e = this.flights.get(r.pkt);
          if (e && e.f.encap === undefined) {
            e.f.encap = r.t;
            e.f.encapTo = r.peer;
          }
          // Counted once per packet, at its first encapsulation.
          if (e?.run && !(e as { enc?: true }).enc) {
            (e as { enc?: true }).enc = true;
            e.run.encapT.push(r.t);
          }
          break;
        }
        case 'l2':
          this.see(r.node, r.t);
          this.l2.push(r);
          this.anchor(r.t);
          break;
      }
    }
    return this;
  }

  private see(node: string, t: Micros): void {
    if (this.seenSet.has(node)) return;
    this.seenSet.add(node);
    this.seen.push({ node, t });
  }

  private anchor(t: Micros): void {
    const n = this.ts.length;
    if (n > 0 && this.ts[n - 1] === t) return;
    this.ys.push(n === 0 ? TOP + 8 : this.ys[n - 1]! + gapPx(t - this.ts[n - 1]!));
    this.ts.push(t);
  }

  /** The linear axis's anchors' y at `pxPerMs`, brought up to date with the anchors' times. */
  private linearYs(pxPerMs: number): number[] {
    let ys = this.lin.get(pxPerMs);
    if (!ys) this.lin.set(pxPerMs, (ys = []));
    const ts = this.ts;
    for (let i = ys.length; i < ts.length; i++)
      ys.push(i === 0 ? TOP + (ts[0]! / 1000) * pxPerMs : ys[i - 1]! + linearGapPx(ts[i]! - ts[i - 1]!, pxPerMs));
    return ys;
  }

  /**
   * The scenario id, for its figure's lifeline order (core/views/vocabulary.ts `figureOrder`);
   * the page sets it when it loads a scenario, the command line passes the same id.
   */
  scenario: string | undefined = undefined;

  /** Lifelines at the cursor: the known nodes and those that acted by then, in the figure's order. */
  nodesAt(cursor: Micros, known: readonly string[] = []): string[] {
    const seen = new Set<string>(known);
    for (const s of this.seen) if (s.t <= cursor) seen.add(s.node);
    return lifelineOrder(seen, this.scenario);
  }

  /** The y of a time, on the axis as it stands at the cursor. */
  scaleAt(cursor: Micros, stretch: boolean, pxPerMs = 2): (t: Micros) => number {
    // Both axes are anchored on the same events: the stretched one by the log of each gap, the
    // linear one by `pxPerMs` with a row of at least ROW_PX per event (ladder-flight.ts).
    const ts = this.ts;
    const ys = stretch ? this.ys : this.linearYs(pxPerMs);
    const gap = stretch ? gapPx : (g: number) => linearGapPx(g, pxPerMs);
    const k = upTo(ts, cursor);
    // Before the first event: the linear axis from 0 at TOP; the stretched one by the log of the gap.
    const before = stretch ? gapPx : (g: number) => (g / 1000) * pxPerMs;
    return (t) => {
      if (k === 0) return stretch ? TOP + 8 + gapPx(t) : TOP + (t / 1000) * pxPerMs;
      if (t <= ts[0]!) return ys[0]! - before(ts[0]! - t);
      if (t >= ts[k - 1]!) return ys[k - 1]! + gap(t - ts[k - 1]!);
      const hi = upTo(ts, t);
      const lo = hi - 1;
      if (ts[lo] === t) return ys[lo]!;
      const f = (t - ts[lo]!) / (ts[hi]! - ts[lo]!);
      return ys[lo]! + f * (ys[hi]! - ys[lo]!);
    };
  }

  /**
   * The packet list up to the cursor under a filter, in send order. The filtered list is kept and
   * extended as the trace grows (a cursor cut is then a binary search), so a long run costs the
   * frame nothing while the list follows the cursor. A packet lost later still shows: the list
   * names what was sent, as Wireshark's does.
   */
  rows(cursor: Micros, filter?: LadderFilter): PacketRow[] {
    const { all, n } = this.rowsUpTo(cursor, filter);
    return all.slice(0, n);
  }

  /**
   * The same without a copy, for the page's list every frame: the filtered rows so far (do not
   * mutate) and how many of them are sent by the cursor.
   */
  rowsUpTo(cursor: Micros, filter?: LadderFilter): { all: readonly PacketRow[]; n: number } {
    const key = filterKey(filter);
    if (this.rowCache.key !== key) this.rowCache = { key, done: 0, rows: [] };
    const c = this.rowCache;
    for (; c.done < this.all.length; c.done++) {
      // By its ends only: a later drop must not change a row already listed.
      const { tx } = this.all[c.done]!;
      if (!passes(filter, { msg: tx.msg, from: tx.from, to: tx.to })) continue;
      c.rows.push({
        pkt: tx.pkt,
        t: tx.t,
        node: tx.node,
        msg: tx.msg,
        label: messageLabel(tx),
        from: tx.from,
        to: tx.to,
        hex: tx.hex,
      });
    }
    return { all: c.rows, n: upToBy(c.rows, cursor, (r) => r.t) };
  }

  /** When a packet was sent (the ladder scrolls to a packet picked in the list), or null. */
  sentAt(pkt: number): Micros | null {
    return this.flights.get(pkt)?.f.tx.t ?? null;
  }

  /** The ladder at the cursor; with a window, only what crosses the visible y range. */
  view(opts: LadderOptions, win?: LadderWindow): Ladder {
    const cursor = opts.cursor;
    const nodes = this.nodesAt(cursor, opts.known);
    const nodesKey = nodes.join(',');
    const xOf = (n: string) => LEFT + (Math.max(0, nodes.indexOf(n)) + 0.5) * COL;
    const yOf = this.scaleAt(cursor, opts.stretch, opts.pxPerMs ?? 2);
    const cursorY = yOf(cursor);
    // The visible time range (y is monotone in t: bisect).
    const timeAt = (y: number): Micros => {
      let lo = -1;
      let hi = cursor;
      if (yOf(hi) <= y) return hi;
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (yOf(mid) < y) lo = mid;
        else hi = mid;
      }
      return hi;
    };
    const tMin = win ? timeAt(win.yMin) : -Infinity;
    const tMax = win ? timeAt(win.yMax) : cursor;
    const top = Math.min(cursor, tMax);
    const endOf = (f: Flight): Micros | null =>
      f.rx && f.rx.t <= cursor ? f.rx.t : f.drop && f.drop.t <= cursor ? f.drop.t : null;

    const arrows: Arrow[] = [];
    const sig = this.signalling;
    const hi = upToBy(sig, top, (f) => f.tx.t);
    let lo = upToBy(sig, tMin - this.maxFlightUs - 1, (f) => f.tx.t);
    if (lo > hi) lo = hi;
    const filter = opts.filter;
    const shown = (f: Flight): boolean =>
      passes(filter, {
        msg: f.tx.msg,
        from: f.tx.from,
        to: f.tx.to,
        lostAt: f.drop && f.drop.t <= cursor ? f.drop.node : null,
        via: f.held && f.held.t <= cursor ? f.held.node : null,
      });
    const early = [...this.unended]
      .filter((f) => f.idx < lo && f.tx.t <= top && shown(f))
      .sort((a, b) => a.idx - b.idx);
    const key = `${nodesKey}|${opts.stretch}|${opts.pxPerMs ?? 2}`;
    const arrowOf = (f: Flight): Arrow => {
      const end = endOf(f);
      if (end !== null) {
        const c = this.arrows.get(f);
        if (c && c.key === key) return c.arrow;
      }
      const a = flightArrow(f, xOf, yOf, cursor);
      if (end !== null) this.arrows.set(f, { key, arrow: a });
      return a;
    };
    const flightsOf: Flight[] = [];
    for (const f of early) {
      arrows.push(arrowOf(f));
      flightsOf.push(f);
    }
    for (let i = lo; i < hi; i++) {
      const f = sig[i]!;
      const end = endOf(f) ?? cursor;
      if (end >= tMin && shown(f)) {
        arrows.push(arrowOf(f));
        flightsOf.push(f);
      }
    }

    // Labels and layer-2 words: placed once each, for their arrows' final geometry (ladder-place.ts).
    const pkey = `${key}|${filterKey(filter)}`;
    let placer = this.placers.get(pkey);
    if (!placer) {
      const finalFate = (f: Flight): boolean =>
        passes(filter, {
          msg: f.tx.msg,
          from: f.tx.from,
          to: f.tx.to,
          lostAt: f.drop?.node ?? null,
          via: f.held?.node ?? null,
        });
      placer = new Placer(xOf, finalFate, (m) => !filter?.node || m.node === filter.node);
      if (this.placers.size >= 4) this.placers.delete(this.placers.keys().next().value!);
      this.placers.set(pkey, placer);
    }
    const stretch = opts.stretch;
    const axisYs = stretch ? this.ys : this.linearYs(opts.pxPerMs ?? 2);
    const prov = placer.advance(
      {
        sig,
        l2: this.l2,
        dataLosses: this.dataLosses,
        unended: this.unended,
        maxFlightUs: this.maxFlightUs,
        ts: this.ts,
        ys: axisYs,
        gap: stretch ? gapPx : (g) => linearGapPx(g, opts.pxPerMs ?? 2),
        lastT: this.lastT,
      },
      this.scaleAt(Infinity, stretch, opts.pxPerMs ?? 2),
      cursor,
    );

    const marks: L2Mark[] = [];
    for (let i = upToBy(this.l2, tMin - 1, (m) => m.t); i < this.l2.length && this.l2[i]!.t <= top; i++) {
      const m = this.l2[i]!;
      if (filter?.node && m.node !== filter.node) continue;
      const at = prov.marks.get(m) ?? placer.markSpots.get(m);
      marks.push({
        node: m.node,
        t: m.t,
        trigger: m.trigger,
        word: triggerWord(m),
        x: xOf(m.node),
        y: yOf(m.t),
        wx: at?.wx ?? xOf(m.node) - 10,
        wy: at?.wy ?? yOf(m.t) + 4,
        anchor: at?.anchor ?? 'end',
      });
    }

    const bands: Band[] = [];
    for (const run of this.runs) {
      const n = upTo(run.txT, cursor);
      if (n === 0) continue;
      const first = run.flights[0]!;
      const last = run.flights[n - 1]!;
      if (!passes(filter, { msg: first.tx.msg, from: first.tx.from, to: first.tx.to })) continue;
      const e0 = endOf(first);
      const e1 = endOf(last);
      if (first.tx.t > tMax || Math.max(last.tx.t, e1 ?? cursor) < tMin) continue;
      const xf = xOf(first.tx.from);
      const xt = xOf(first.tx.to);
      const delivered = upTo(run.rxT, cursor);
      const lost = upTo(run.lostT, cursor);
      const tunnelled = upTo(run.encapT, cursor);
      const y0 = yOf(first.tx.t);
      const y1 = yOf(e0 ?? cursor);
      const y2 = yOf(e1 ?? cursor);
      const y3 = yOf(last.tx.t);
      const parts = [`${n} ${first.tx.msg}`, `${delivered} delivered`];
      if (lost) parts.push(`${lost} lost`);
      if (tunnelled) parts.push(`${tunnelled} tunnelled`);
      bands.push({
        stream: run.stream,
        msg: first.tx.msg,
        from: first.tx.from,
        to: first.tx.to,
        count: n,
        delivered,
        lost,
        tunnelled,
        firstPkt: first.tx.pkt,
        lastPkt: last.tx.pkt,
        points: `${xf},${y0} ${xt},${y1} ${xt},${y2} ${xf},${y3}`,
        // Placed below with the other labels (placeBandLabels); nearer the sender, since the two
        // directions of a stream between the same nodes (voice down and up) would otherwise
        // write their labels on the same spot.
        labelX: xf + (xt - xf) * 0.3,
        labelY: (y0 + y1 + y2 + y3) / 4,
        mid: {
          x0: xf,
          y0: (y0 + y3) / 2,
          x1: xf + (xt - xf) * 0.6,
          y1: (y0 + y3) / 2 + ((y1 + y2) / 2 - (y0 + y3) / 2) * 0.6,
        },
        name: `${first.tx.msg} band ${first.tx.from} to ${first.tx.to}: ${parts.join(', ')}`,
      });
    }

    const losses: Loss[] = [];
    const dl = this.dataLosses;
    for (let i = upToBy(dl, tMin - 1, (l) => l.t); i < dl.length && dl[i]!.t <= top; i++) {
      const { f, t } = dl[i]!;
      const node = f.drop!.node;
      if (!passes(filter, { msg: f.tx.msg, from: f.tx.from, to: f.tx.to, lostAt: node })) continue;
      losses.push({
        pkt: f.tx.pkt,
        node,
        t,
        x: xOf(node),
        y: yOf(t),
        name: `${f.tx.msg} ${f.tx.from} to ${f.tx.to} lost at ${node} (${f.drop!.reason})`,
      });
    }

    // Each arrow with its label where the placer put it; the same object as last view when unchanged.
    const placed: PlacedArrow[] = [];
    for (let i = 0; i < arrows.length; i++) {
      const a = arrows[i]!;
      const f = flightsOf[i]!;
      const spot = prov.spots.get(f) ?? placer.spots.get(f);
      const labelX = spot?.labelX ?? (a.x0 + a.x1) / 2;
      const labelY = spot?.labelY ?? Math.min(a.y0, a.y1) - 4;
      // The release label once the arrow has got there.
      const release = a.via && a.t1 !== null ? (spot?.release ?? null) : null;
      const before = this.placed.get(a);
      if (
        before &&
        before.labelX === labelX &&
        before.labelY === labelY &&
        before.release?.x === release?.x &&
        before.release?.y === release?.y
      )
        placed.push(before);
      else {
        const p = { ...a, labelX, labelY, release };
        this.placed.set(a, p);
        placed.push(p);
      }
    }
    // The bands' labels go around all of those (a band grows as its packets flow: placed per view).
    const lines = arrowLines(arrows);
    const taken: Box[] = [
      ...arrows.filter((a) => !a.lost).map(headBox),
      ...marks.map(tickBox),
      ...marks.map(markBox),
      ...losses.map((l) => ({ x0: l.x - 5, y0: l.y - 6, x1: l.x + 5, y1: l.y + 6 })),
      ...placed.map((a) => labelBox(a.label, a.labelX, a.labelY)),
      ...placed.flatMap((a) => (a.release ? [labelBox(a.label, a.release.x, a.release.y)] : [])),
    ];
    for (const b of bands) {
      const c = placeOn(bandText(b), b.mid, taken, lines)!;
      b.labelX = c.x;
      b.labelY = c.y;
      taken.push(c.box);
    }
    const axisX = LEFT + Math.max(1, nodes.length) * COL + 6;
    // Not above the first lifeline's head (a stretched axis maps the start before the first event there).
    const ticks = timeTicks(yOf, Math.max(0, tMin), top).filter((k) => k.y >= TOP);
    return {
      nodes,
      arrows: placed,
      marks,
      bands,
      losses,
      axisX,
      ticks,
      width: ladderWidth(nodes.length),
      height: Math.max(cursorY, TOP + 40) + BOTTOM,
      cursorY,
      yOf,
      xOf,
    };
  }
}

/** Builds the ladder for the records up to `cursor` (the whole of it: exports, tests). */
export function layoutLadder(records: readonly TraceRecord[], opts: LadderOptions): Ladder {
  return new LadderIndex().append(records).view(opts);
}
