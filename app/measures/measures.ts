// Per-handover measures derived from the trace (the same trace the ladder draws): the latency
// budget — layer-2 time, movement detection and signalling, DAD — and what happened to the data
// packets. The page shows them for the chosen mode and for standard Mobile IPv6 on the same
// movement (the worker's baseline run).
import type { Micros, TraceRecord } from '../../core/trace.ts';
import { dropKind } from '../../core/views/vocabulary.ts';
import { handoverBudgets, type HandoverBudget } from '../../core/views/budget.ts';

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

/** Measures of each handover of `mn` (layer-2 handovers are delimited by its L2-LD records). */
export function measureHandovers(records: readonly TraceRecord[], cursor: Micros, mn = 'MN'): HandoverMeasure[] {
  const recs = records.filter((r) => r.t <= cursor);
  const downs = recs.filter((r) => r.kind === 'l2' && r.trigger === 'L2-LD' && r.node === mn).map((r) => r.t);
  const out: HandoverMeasure[] = [];
  downs.forEach((ld, i) => {
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
      if (!inWin(r.t) || !('msg' in r) || r.msg !== 'DATA' || r.pkt === undefined) continue;
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
      recs.filter((r) => r.kind === 'buffer' && r.msg === 'DATA' && inWin(r.t)).map((r) => ('pkt' in r ? r.pkt : -1)),
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

/** First index whose record is after `t` (records are in time order). */
function after(records: readonly TraceRecord[], t: Micros): number {
  let lo = 0;
  let hi = records.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (records[mid]!.t <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * `measureHandovers` for a trace that grows in place, redrawn every frame: the MN's link-down
 * records are found once (only new records are scanned); before the first handover the answer is
 * the same empty list without touching the trace; after it, only the records from its signalling
 * to the cursor are read.
 */
export class HandoverMeasures {
  private of: readonly TraceRecord[] | null = null;
  private scanned = 0;
  private downs: Micros[] = [];

  constructor(private readonly mn = 'MN') {}

  at(records: readonly TraceRecord[], cursor: Micros): HandoverMeasure[] {
    if (records !== this.of || records.length < this.scanned) {
      this.of = records;
      this.scanned = 0;
      this.downs = [];
    }
    for (; this.scanned < records.length; this.scanned++) {
      const r = records[this.scanned]!;
      if (r.kind === 'l2' && r.trigger === 'L2-LD' && r.node === this.mn) this.downs.push(r.t);
    }
    const first = this.downs[0];
    if (first === undefined || first > cursor) return NONE;
    const from = after(records, first - LOOKBACK_US - 1);
    return measureHandovers(records.slice(from, after(records, cursor)), cursor, this.mn);
  }
}
