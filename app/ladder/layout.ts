// The message ladder as data: which arrows, layer-2 marks, data bands and losses the trace holds
// up to the time cursor, and where they go. Pure (no DOM, no Svelte): Ladder.svelte draws what
// this returns, the SVG export serialises that drawing, and the unit tests check the rules here.
//
// Arrows follow the trace's contract (docs/trace.md): a message's `tx` record is at the node that
// originates it, its `rx` at the node it is for; `from`/`to` name those two ends, so an F-BU the MN
// sends to the aAR through the oAR is one arrow MN → aAR, as Figure 4 draws it.
import type { Micros, TraceRecord } from '../../core/trace.ts';

/** Lifelines in the order the issue (and Figures 1–4, MN leftmost) lists them. */
export const CANONICAL_NODES = ['MN', 'oAR', 'nAR', 'aAR', 'HA', 'CN'] as const;

/** The section of the draft that defines each message (for the inspector and the labels' titles). */
export const SECTIONS: Record<string, string> = {
  RtSolPr: '§5.1.1',
  PrRtAdv: '§5.1.2',
  'F-NA': '§5.1.3',
  HI: '§5.2.1',
  HACK: '§5.2.2',
  HTT: '§5.2.3',
  'F-BU': '§5.3.1',
  'F-BACK': '§5.3.2',
  RS: 'RFC 2461 §4.1',
  RA: 'RFC 2461 §4.2, §5.4.4 (NAACK)',
  NS: 'RFC 2461 §4.3',
  NA: 'RFC 2461 §4.4',
  BU: 'Mobile IPv6 Binding Update',
  BACK: 'Mobile IPv6 Binding Acknowledgement',
  DATA: 'data packet (UDP)',
};

/** How the figures draw the layer-2 triggers on the MN's lifeline (Figures 1, 3, 4; §3.2.1). */
export const TRIGGER_WORDS: Record<string, string> = {
  'L2-LD': 'Disconnect',
  'L2-LU': 'Connect',
  'L2-ST': 'Source trigger',
  'L2-TT': 'Target trigger',
};

type Msg = TraceRecord & { kind: 'tx' | 'rx' | 'drop' };
type PacketRecord = Extract<TraceRecord, { pkt: number; msg: string }>;

/** A message's label as the draft writes it: its name, flags, and code or status. */
export function messageLabel(r: { msg?: string; flags?: string; code?: number; status?: number }): string {
  let s = r.msg ?? '?';
  if (r.flags) s += ` [${r.flags.split('').join(',')}]`;
  // §5.2.2: the HACK's code is its answer; §5.1.2: PrRtAdv code 2 means "fall back to MIPv6".
  if ((r.msg === 'HACK' || r.msg === 'PrRtAdv') && r.code !== undefined) s += ` code ${r.code}`;
  // §5.3.2: F-BACK status (e.g. 1 = nCoA duplicate, §6.1.1).
  if ((r.msg === 'F-BACK' || r.msg === 'BACK') && r.status !== undefined) s += ` status ${r.status}`;
  return s;
}

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
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface L2Mark {
  node: string;
  t: Micros;
  trigger: string;
  word: string;
  x: number;
  y: number;
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
  arrows: Arrow[];
  marks: L2Mark[];
  bands: Band[];
  losses: Loss[];
  width: number;
  height: number;
  cursorY: number;
  /** y of a virtual time, for the axis and the cursor. */
  yOf: (t: Micros) => number;
}

export interface LadderOptions {
  /** Show what happened up to this virtual time. */
  cursor: Micros;
  /** Stretch short intervals (log scale of the gaps) instead of a linear time axis. */
  stretch: boolean;
  /** Linear scale, px per ms. */
  pxPerMs?: number;
  /** Extra node names known from the topology (shown even before they act). */
  known?: readonly string[];
}

export const COL = 120;
export const TOP = 36;
const BOTTOM = 24;
/** A silence longer than this ends a band. */
const BAND_GAP_US = 100_000;
/**
 * Messages drawn as bands rather than one arrow each: data packets, and the periodic Router
 * Advertisements (every 30–70 ms in Mobile IPv6) that would otherwise bury the handover.
 */
export const BANDED = new Set(['DATA', 'RA']);

/** Lifeline order: the canonical names first, then any other node in order of appearance. */
export function ladderNodes(known: readonly string[], records: readonly TraceRecord[]): string[] {
  const seen = new Set<string>(known);
  for (const r of records)
    if (r.kind === 'tx' || r.kind === 'rx' || r.kind === 'l2') {
      seen.add(r.node);
      if (r.kind !== 'l2') {
        seen.add(r.from);
        seen.add(r.to);
      }
    }
  const canon = CANONICAL_NODES.filter((n) => seen.has(n));
  const rest = [...seen].filter((n) => !(CANONICAL_NODES as readonly string[]).includes(n));
  return [...canon, ...rest];
}

/** Monotone time → y mapping through the given event times. */
export function timeScale(times: readonly number[], stretch: boolean, pxPerMs: number): (t: number) => number {
  if (!stretch) return (t) => TOP + (t / 1000) * pxPerMs;
  const ts = [...new Set(times)].sort((a, b) => a - b);
  // A gap of g µs takes 14 + 16·log2(1 + g/1 ms) px: a 1 ms flight ≈ 30 px, a 1 s DAD ≈ 174 px.
  const gapPx = (g: number) => (g <= 0 ? 0 : 14 + 16 * Math.log2(1 + g / 1000));
  const ys: number[] = [];
  let y = TOP + 8;
  for (let i = 0; i < ts.length; i++) {
    if (i > 0) y += gapPx(ts[i]! - ts[i - 1]!);
    ys.push(y);
  }
  return (t) => {
    if (ts.length === 0) return TOP + 8 + gapPx(t);
    if (t <= ts[0]!) return ys[0]! - gapPx(ts[0]! - t);
    const last = ts.length - 1;
    if (t >= ts[last]!) return ys[last]! + gapPx(t - ts[last]!);
    let lo = 0;
    let hi = last;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (ts[mid]! <= t) lo = mid;
      else hi = mid;
    }
    const f = (t - ts[lo]!) / (ts[hi]! - ts[lo]!);
    return ys[lo]! + f * (ys[hi]! - ys[lo]!);
  };
}

interface Flight {
  tx: PacketRecord;
  rx: PacketRecord | null;
  drop: (TraceRecord & { kind: 'drop' }) | null;
  encap: boolean;
}

/** Builds the ladder for the records up to `cursor`. */
export function layoutLadder(records: readonly TraceRecord[], opts: LadderOptions): Ladder {
  const cursor = opts.cursor;
  const flights = new Map<number, Flight>();
  const l2: (TraceRecord & { kind: 'l2' })[] = [];
  for (const r of records) {
    if (r.t > cursor) break;
    switch (r.kind) {
      case 'tx':
        flights.set(r.pkt, { tx: r, rx: null, drop: null, encap: false });
        break;
      case 'rx': {
        const f = flights.get(r.pkt);
        if (f) f.rx = r;
        break;
      }
      case 'drop': {
        const f = r.pkt === undefined ? undefined : flights.get(r.pkt);
        if (f) f.drop = r;
        break;
      }
      case 'encap': {
        const f = flights.get(r.pkt);
        if (f) f.encap = true;
        break;
      }
      case 'l2':
        l2.push(r);
        break;
    }
  }
  const nodes = ladderNodes(opts.known ?? [], records.filter((r) => r.t <= cursor) as Msg[]);
  const xOf = (n: string) => (Math.max(0, nodes.indexOf(n)) + 0.5) * COL;

  // Data packets are grouped per stream into bands; signalling is drawn one arrow per message.
  const signalling: Flight[] = [];
  const streams = new Map<string, Flight[][]>();
  for (const f of flights.values()) {
    if (!BANDED.has(f.tx.msg)) {
      signalling.push(f);
      continue;
    }
    const key = `${f.tx.msg} ${f.tx.from}>${f.tx.to}`;
    let runs = streams.get(key);
    if (!runs) streams.set(key, (runs = []));
    const run = runs[runs.length - 1];
    const prev = run?.[run.length - 1];
    if (run && prev && f.tx.t - prev.tx.t <= BAND_GAP_US) run.push(f);
    else runs.push([f]);
  }

  const times: number[] = [];
  for (const f of signalling) {
    times.push(f.tx.t);
    if (f.rx) times.push(f.rx.t);
    if (f.drop) times.push(f.drop.t);
  }
  for (const m of l2) times.push(m.t);
  const endOf = (f: Flight) => f.rx?.t ?? f.drop?.t ?? null;
  for (const runs of streams.values())
    for (const run of runs) {
      times.push(run[0]!.tx.t, run[run.length - 1]!.tx.t);
      const e0 = endOf(run[0]!);
      const e1 = endOf(run[run.length - 1]!);
      if (e0 !== null) times.push(e0);
      if (e1 !== null) times.push(e1);
    }
  const yOf = timeScale(times, opts.stretch, opts.pxPerMs ?? 2);

  const arrows: Arrow[] = signalling.map((f) => {
    const { tx } = f;
    const label = messageLabel(tx);
    const x0 = xOf(tx.from);
    const y0 = yOf(tx.t);
    let x1 = xOf(tx.to);
    let y1: number;
    let lost: Arrow['lost'] = null;
    if (f.rx) y1 = yOf(f.rx.t);
    else if (f.drop) {
      lost = { node: f.drop.node, t: f.drop.t, reason: f.drop.reason };
      x1 = xOf(f.drop.node);
      // A drop at the sender itself still shows a short stub toward the destination.
      if (x1 === x0) x1 = x0 + Math.sign(xOf(tx.to) - x0 || 1) * COL * 0.3;
      y1 = yOf(f.drop.t);
    } else {
      // In flight at the cursor: draw it as far as it got, at the slant it will have.
      y1 = yOf(cursor);
      x1 = x0 + (xOf(tx.to) - x0) * 0.5;
    }
    const suffix = lost ? `, lost at ${lost.node} (${lost.reason})` : f.rx ? '' : ', in flight';
    return {
      pkt: tx.pkt,
      msg: tx.msg,
      label,
      name: `${label} from ${tx.from} to ${tx.to}${suffix}`,
      from: tx.from,
      to: tx.to,
      t0: tx.t,
      t1: f.rx?.t ?? null,
      lost,
      x0,
      y0,
      x1,
      y1,
    };
  });

  const marks: L2Mark[] = l2.map((m) => ({
    node: m.node,
    t: m.t,
    trigger: m.trigger,
    word: TRIGGER_WORDS[m.trigger] ?? m.trigger,
    x: xOf(m.node),
    y: yOf(m.t),
  }));

  const bands: Band[] = [];
  const losses: Loss[] = [];
  for (const [stream, runs] of streams)
    for (const run of runs) {
      const first = run[0]!;
      const last = run[run.length - 1]!;
      const xf = xOf(first.tx.from);
      const xt = xOf(first.tx.to);
      const delivered = run.filter((f) => f.rx).length;
      const lost = run.filter((f) => f.drop && !f.rx).length;
      const tunnelled = run.filter((f) => f.encap).length;
      const y0 = yOf(first.tx.t);
      const y1 = yOf(endOf(first) ?? cursor);
      const y2 = yOf(endOf(last) ?? cursor);
      const y3 = yOf(last.tx.t);
      for (const f of run)
        if (f.drop && !f.rx)
          losses.push({
            pkt: f.tx.pkt,
            node: f.drop.node,
            t: f.drop.t,
            x: xOf(f.drop.node),
            y: yOf(f.drop.t),
            name: `${f.tx.msg} ${f.tx.from} to ${f.tx.to} lost at ${f.drop.node} (${f.drop.reason})`,
          });
      const parts = [`${run.length} ${first.tx.msg}`, `${delivered} delivered`];
      if (lost) parts.push(`${lost} lost`);
      if (tunnelled) parts.push(`${tunnelled} tunnelled`);
      bands.push({
        stream,
        msg: first.tx.msg,
        from: first.tx.from,
        to: first.tx.to,
        count: run.length,
        delivered,
        lost,
        tunnelled,
        firstPkt: first.tx.pkt,
        lastPkt: last.tx.pkt,
        points: `${xf},${y0} ${xt},${y1} ${xt},${y2} ${xf},${y3}`,
        labelX: (xf + xt) / 2,
        labelY: (y0 + y1 + y2 + y3) / 4,
        name: `${first.tx.msg} band ${first.tx.from} to ${first.tx.to}: ${parts.join(', ')}`,
      });
    }

  const cursorY = yOf(cursor);
  const bottom = Math.max(cursorY, ...arrows.map((a) => Math.max(a.y0, a.y1)), ...marks.map((m) => m.y), TOP + 40);
  return {
    nodes,
    arrows,
    marks,
    bands,
    losses,
    width: Math.max(1, nodes.length) * COL,
    height: bottom + BOTTOM,
    cursorY,
    yOf,
  };
}
