// Per-handover measures derived from the trace (the same trace the ladder draws): the latency
// budget — layer-2 time, movement detection and signalling, DAD — and what happened to the data
// packets. The page shows them for the chosen mode and for standard Mobile IPv6 on the same
// movement (the worker's baseline run).
import { indexAfter, type Micros, type TraceRecord } from '../trace.ts';
import { dropKind } from './vocabulary.ts';
import { handoverBudgets, type HandoverBudget } from './budget.ts';

export interface HandoverMeasure {
  /** 1-based, in order of the MN's layer-2 handovers. */
  n: number;
  /** L2-LD at the MN. */
  start: Micros;
  /** Layer-2 handover time: link down to link up (§3.2.1 triggers L2-LD, L2-LU). */
  l2Us: Micros | null;
  /** Layer-3 signalling before the link went down (RtSolPr … F-BACK, §3.1), µs. */
  anticipationUs: Micros | null;
  /** After link up, until the MN could use its new address (F-NA, or RA + DAD + BU for MIPv6). */
  afterLinkUpUs: Micros | null;
  /** Duplicate Address Detection time seen (timer named "dad"), µs. */
  dadUs: Micros | null;
  /** Last data packet received on the old link to the first on the new one. */
  l3LatencyUs: Micros | null;
  /** Data packets that did not arrive, by every cause: what the lessons' "lost" check counts toward the MN. */
  lost: number;
  /** Data packets lost on the way (sent onto a link that was down), to the MN and from it. */
  lostTo: number;
  lostFrom: number;
  /** Data packets a node had and dropped (no neighbour entry, §7; not addressed to it), to and from the MN. */
  droppedTo: number;
  droppedFrom: number;
  buffered: number;
  tunnelled: number;
}

const FAST_SIGNALS = new Set(['RtSolPr', 'PrRtAdv', 'HI', 'HACK', 'F-BU', 'F-BACK', 'HTT']);

/** Is `r` the layer-2 trigger of a predicted move of `mn` (L2-ST at the MN or its AR, L2-TT at the nAR)? */
function isPrediction(r: TraceRecord, mn: string): boolean {
  return (
    r.kind === 'l2' && (r.trigger === 'L2-ST' || r.trigger === 'L2-TT') && (r.link ? r.link.mn === mn : r.node === mn)
  );
}
function predictions(recs: readonly TraceRecord[], mn: string): Micros[] {
  return recs.filter((r) => isPrediction(r, mn)).map((r) => r.t);
}

/**
 * When each handover begins, and (one more entry) when the one after the last begins: at the
 * first prediction of the move (§3.1.2, §3.2.1) after the previous handover's link-down (an MN
 * between cells predicts nothing), or at its own link-down if nothing predicted it; Infinity if
 * no next handover has begun by the cursor.
 */
function handoverBegins(downs: readonly Micros[], sts: readonly Micros[], cursor: Micros): Micros[] {
  const out: Micros[] = [];
  for (let i = 0; i <= downs.length; i++) {
    const prev = i === 0 ? -Infinity : downs[i - 1]!;
    const until = downs[i] ?? cursor;
    const st = sts.find((t) => t > prev && t <= until);
    out.push(st ?? downs[i] ?? Infinity);
  }
  return out;
}

/** Measures of each handover of `mn` (layer-2 handovers are delimited by its L2-LD records). */
export function measureHandovers(records: readonly TraceRecord[], cursor: Micros, mn = 'MN'): HandoverMeasure[] {
  const recs = records.filter((r) => r.t <= cursor);
  const downs = recs.filter((r) => r.kind === 'l2' && r.trigger === 'L2-LD' && r.node === mn).map((r) => r.t);
  const begins = handoverBegins(downs, predictions(recs, mn), cursor);
  const out: HandoverMeasure[] = [];
  downs.forEach((ld, i) => {
    // Data counted for this handover: from its begin to the next one's (the engine's own measures,
    // core/measures.ts, count into the MN's open handover the same way), so no packet is counted twice.
    const counts = (t: Micros) => t >= begins[i]! && t < begins[i + 1]!;
    const prevEnd = i > 0 ? downs[i - 1]! : -Infinity;
    const nextStart = downs[i + 1] ?? Infinity;
    const inWin = (t: Micros) => t > prevEnd && t < nextStart;
    const lu = recs.find(
      (r) => r.kind === 'l2' && r.trigger === 'L2-LU' && r.node === mn && r.t >= ld && r.t < nextStart,
    )?.t;
    const l2Us = lu === undefined ? null : lu - ld;
    const firstSignal = recs.find((r) => r.kind === 'tx' && FAST_SIGNALS.has(r.msg) && inWin(r.t) && r.t <= ld);
    const anticipationUs = firstSignal ? ld - firstSignal.t : null;
    // Completed when the MN's binding is confirmed on the new link: the BACK (or F-BACK) it receives.
    let afterLinkUpUs: Micros | null = null;
    if (lu !== undefined) {
      const done = recs.find(
        (r) =>
          r.kind === 'rx' && r.node === mn && (r.msg === 'BACK' || r.msg === 'F-BACK') && r.t >= lu && r.t < nextStart,
      );
      if (done) afterLinkUpUs = done.t - lu;
    }
    let dadUs: Micros | null = null;
    const dadSet = recs.find(
      (r) => r.kind === 'timer' && /dad/i.test(r.name) && r.action === 'set' && inWin(r.t) && r.t >= ld,
    );
    if (dadSet && dadSet.kind === 'timer') {
      const fired = recs.find(
        (r) =>
          r.kind === 'timer' &&
          r.name === dadSet.name &&
          r.node === dadSet.node &&
          r.action === 'fired' &&
          r.t >= dadSet.t,
      );
      if (fired) dadUs = fired.t - dadSet.t;
    }
    const dataRx = recs.filter((r) => r.kind === 'rx' && r.msg === 'DATA' && r.node === mn && inWin(r.t));
    const before = dataRx.filter((r) => r.t <= ld).pop();
    const after = dataRx.find((r) => r.t >= (lu ?? ld));
    const l3LatencyUs = before && after ? after.t - before.t : null;
    const dataPkts = new Set<number>();
    let lost = 0;
    const gone = { lostTo: 0, lostFrom: 0, droppedTo: 0, droppedFrom: 0 };
    const tunnelled = new Set<number>();
    for (const r of recs) {
      if (!counts(r.t) || !('msg' in r) || r.msg !== 'DATA' || r.pkt === undefined) continue;
      if (r.kind === 'drop') {
        lost++;
        const to = r.to === mn;
        if (dropKind(r.reason) === 'lost') gone[to ? 'lostTo' : 'lostFrom']++;
        else gone[to ? 'droppedTo' : 'droppedFrom']++;
      }
      if (r.kind === 'encap') tunnelled.add(r.pkt);
      dataPkts.add(r.pkt);
    }
    // Buffered: data packets a router put in its buffer for the MN (HI U flag, §5.2.1).
    const buffered = new Set(
      recs.filter((r) => r.kind === 'buffer' && r.msg === 'DATA' && counts(r.t)).map((r) => ('pkt' in r ? r.pkt : -1)),
    ).size;
    out.push({
      n: i + 1,
      start: ld,
      l2Us,
      anticipationUs,
      afterLinkUpUs,
      dadUs,
      l3LatencyUs,
      lost,
      ...gone,
      buffered,
      tunnelled: tunnelled.size,
    });
  });
  return out;
}

export function formatMs(us: Micros | null): string {
  return us === null ? '—' : `${(us / 1000).toFixed(1)} ms`;
}

/**
 * A measured value as the table prints it: its milliseconds; "pending" while it is still being
 * measured (the handover is not over); "none" once it is over and the part never happened.
 */
export function formatValue(v: Micros | 'pending' | null): string {
  return v === 'pending' ? 'pending' : v === null ? 'none' : formatMs(v);
}

/**
 * The latency budget (core/views/budget.ts) of a trace that grows in place, redrawn every frame:
 * the MN's phase changes, link-downs and F-BACKs are picked out once as they arrive, so each
 * frame folds a handful of records, not the whole trace.
 */
export class BudgetTracker {
  private of: readonly TraceRecord[] | null = null;
  private scanned = 0;
  private mine: TraceRecord[] = [];

  constructor(private readonly mn = 'MN') {}

  at(records: readonly TraceRecord[], cursor: Micros): HandoverBudget[] {
    if (records !== this.of || records.length < this.scanned) {
      this.of = records;
      this.scanned = 0;
      this.mine = [];
    }
    for (; this.scanned < records.length; this.scanned++) {
      const r = records[this.scanned]!;
      if (r.node !== this.mn) continue;
      if ((r.kind === 'state' && r.machine === 'MN') || r.kind === 'l2' || (r.kind === 'rx' && r.msg === 'F-BACK'))
        this.mine.push(r);
    }
    return handoverBudgets(this.mine, cursor, this.mn);
  }
}

const NONE: HandoverMeasure[] = [];
/** How far before a handover its signalling may start and still count (a prediction lives < 1 s). */
const LOOKBACK_US = 10_000_000;

/** What `measureHandovers` learns of one handover, folded one record at a time (the open one). */
interface Fold {
  k: number;
  ld: Micros;
  start: number;
  pos: number;
  cursor: Micros;
  lu?: Micros;
  firstSignal?: Micros;
  /** BACK / F-BACK received since the link-down, until the link-up is known; then the first after it. */
  backs: Micros[];
  done?: Micros;
  dadSet?: { name: string; node: string; t: Micros };
  dadFired?: Micros;
  lastBefore?: Micros;
  /** Data received since the link-down while the link-up is not known yet; then the first after it. */
  rxSince: Micros[];
  firstAfter?: Micros;
  lost: number;
  gone: { lostTo: number; lostFrom: number; droppedTo: number; droppedFrom: number };
  tunnelled: Set<number>;
  buffered: Set<number>;
}

/**
 * `measureHandovers` for a trace that grows in place, redrawn every frame (issue 9's frame-time
 * figure: scanning every record since the first handover each frame cost Figure 10 several ms a
 * frame after a minute). The MN's link-downs are found once; a handover whose successor has begun
 * is computed once and kept (again only if a DAD timer fires later, which its DAD figure reads);
 * the handover under way is folded one new record at a time, from scratch only on a rewind.
 * tests/ui/measures-incremental.test.ts checks it equals `measureHandovers` at every cursor.
 */
export class HandoverMeasures {
  private of: readonly TraceRecord[] | null = null;
  private scanned = 0;
  private downs: Micros[] = [];
  /** The MN's predicted moves (L2-ST / L2-TT): where a handover's counting begins. */
  private sts: Micros[] = [];
  private dadFires: Micros[] = [];
  private closed = new Map<number, { m: HandoverMeasure; fires: number }>();
  private open: Fold | null = null;

  constructor(private readonly mn = 'MN') {}

  at(records: readonly TraceRecord[], cursor: Micros): HandoverMeasure[] {
    if (records !== this.of || records.length < this.scanned) {
      this.of = records;
      this.scanned = 0;
      this.downs = [];
      this.sts = [];
      this.dadFires = [];
      this.closed.clear();
      this.open = null;
    }
    for (; this.scanned < records.length; this.scanned++) {
      const r = records[this.scanned]!;
      if (r.kind === 'l2' && r.trigger === 'L2-LD' && r.node === this.mn) this.downs.push(r.t);
      else if (isPrediction(r, this.mn)) this.sts.push(r.t);
      else if (r.kind === 'timer' && r.action === 'fired' && /dad/i.test(r.name)) this.dadFires.push(r.t);
    }
    const first = this.downs[0];
    if (first === undefined || first > cursor) return NONE;
    let n = 0;
    while (n < this.downs.length && this.downs[n]! <= cursor) n++;
    const start0 = indexAfter(records, first - LOOKBACK_US - 1);
    const fires = this.dadFires.filter((t) => t <= cursor).length;
    const out: HandoverMeasure[] = [];
    for (let i = 0; i + 1 < n; i++) {
      let c = this.closed.get(i);
      if (!c || c.fires !== fires) {
        const all = measureHandovers(records.slice(start0, indexAfter(records, cursor)), cursor, this.mn);
        for (let j = 0; j + 1 < n; j++) this.closed.set(j, { m: all[j]!, fires });
        c = this.closed.get(i)!;
      }
      out.push(c.m);
    }
    const begins = handoverBegins(this.downs.slice(0, n), this.sts, cursor);
    out.push(
      this.fold(
        records,
        cursor,
        n - 1,
        n > 1 ? indexAfter(records, this.downs[n - 2]!) : start0,
        begins[n - 1]!,
        begins[n]!,
      ),
    );
    return out;
  }

  /**
   * A move predicted (L2-ST / L2-TT, §3.1.2, §3.2.1) at or before the cursor whose link has not
   * gone down yet: the fast handover is being prepared, and its row appears at the link-down.
   * Read after `at` on the same records.
   */
  preparing(cursor: Micros): Micros | null {
    let lastDown = -Infinity;
    for (const t of this.downs) if (t <= cursor) lastDown = t;
    let st: Micros | null = null;
    for (const t of this.sts) if (t > lastDown && t <= cursor) st ??= t;
    return st;
  }

  /** The open handover `k`, folded from record `start`; its data counted in [from, until). */
  private fold(
    records: readonly TraceRecord[],
    cursor: Micros,
    k: number,
    start: number,
    from: Micros,
    until: Micros,
  ): HandoverMeasure {
    const ld = this.downs[k]!;
    let f = this.open;
    if (!f || f.k !== k || f.start !== start || cursor < f.cursor) {
      f = {
        k,
        ld,
        start,
        pos: start,
        cursor,
        backs: [],
        rxSince: [],
        lost: 0,
        gone: { lostTo: 0, lostFrom: 0, droppedTo: 0, droppedFrom: 0 },
        tunnelled: new Set(),
        buffered: new Set(),
      };
      this.open = f;
    }
    f.cursor = cursor;
    const mn = this.mn;
    for (; f.pos < records.length && records[f.pos]!.t <= cursor; f.pos++) {
      const r = records[f.pos]!;
      const t = r.t;
      if (r.kind === 'l2') {
        if (r.trigger === 'L2-LU' && r.node === mn && t >= ld && f.lu === undefined) {
          const lu = t;
          f.lu = lu;
          f.done = f.backs.find((b) => b >= lu);
          f.firstAfter = f.rxSince.find((x) => x >= lu);
        }
        continue;
      }
      if (r.kind === 'timer') {
        if (/dad/i.test(r.name) && r.action === 'set' && t >= ld && f.dadSet === undefined)
          f.dadSet = { name: r.name, node: r.node, t };
        else if (
          f.dadSet &&
          f.dadFired === undefined &&
          r.action === 'fired' &&
          r.name === f.dadSet.name &&
          r.node === f.dadSet.node &&
          t >= f.dadSet.t
        )
          f.dadFired = t;
        continue;
      }
      if (r.kind === 'tx' && t <= ld && f.firstSignal === undefined && FAST_SIGNALS.has(r.msg)) f.firstSignal = t;
      if (r.kind === 'rx' && r.node === mn) {
        if ((r.msg === 'BACK' || r.msg === 'F-BACK') && t >= ld) {
          if (f.lu === undefined) f.backs.push(t);
          else if (t >= f.lu && f.done === undefined) f.done = t;
        }
        if (r.msg === 'DATA') {
          if (t <= ld) f.lastBefore = t;
          if (t >= ld) {
            if (f.lu === undefined) f.rxSince.push(t);
            else if (t >= f.lu && f.firstAfter === undefined) f.firstAfter = t;
          }
        }
      }
      if (t < from || t >= until) continue;
      if (r.kind === 'buffer' && r.msg === 'DATA') f.buffered.add(r.pkt);
      if (!('msg' in r) || r.msg !== 'DATA' || r.pkt === undefined) continue;
      if (r.kind === 'drop') {
        f.lost++;
        const to = r.to === mn;
        if (dropKind(r.reason) === 'lost') f.gone[to ? 'lostTo' : 'lostFrom']++;
        else f.gone[to ? 'droppedTo' : 'droppedFrom']++;
      }
      if (r.kind === 'encap') f.tunnelled.add(r.pkt);
    }
    const firstAfter = f.lu === undefined ? f.rxSince[0] : f.firstAfter;
    return {
      n: k + 1,
      start: ld,
      l2Us: f.lu === undefined ? null : f.lu - ld,
      anticipationUs: f.firstSignal === undefined ? null : ld - f.firstSignal,
      afterLinkUpUs: f.lu !== undefined && f.done !== undefined ? f.done - f.lu : null,
      dadUs: f.dadSet && f.dadFired !== undefined ? f.dadFired - f.dadSet.t : null,
      l3LatencyUs: f.lastBefore !== undefined && firstAfter !== undefined ? firstAfter - f.lastBefore : null,
      lost: f.lost,
      ...f.gone,
      buffered: f.buffered.size,
      tunnelled: f.tunnelled.size,
    };
  }
}
