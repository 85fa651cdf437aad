// The trace store: a run's records (and its standard-MIPv6 baseline's), the indexes views query
// (per-packet hops, tunnels, moves: topology/world.ts; the ladder's: core/views/ladder.ts) and the
// step events, kept in step with the records. It is filled either live, by the session as the
// engine's replies arrive (`append`, applied once a frame by `flush`), or all at once from a
// recorded trace with no engine running (`fill`: embeds, replays, lessons' checks).
//
// Reactivity: the record arrays grow in place (a copy per frame was most of a frame at heavy
// traffic), so they are not signals themselves; `count` is. Every query below reads `count`, so a
// `$derived` that calls one re-runs when the trace grows — views never read a counter by hand.
import type { Topology } from '../../core/protocol.ts';
import { indexAfter, type Micros, type TraceRecord } from '../../core/trace.ts';
import type { PathPoint } from '../../core/scenario/schema.ts';
import {
  TraceIndex,
  packetsAt,
  positionAt,
  radioLinksAt,
  tunnelsAt,
  type RadioLink,
  type Snapshot,
  type TunnelView,
} from '../topology/world.ts';
import { LadderIndex } from '../../core/views/ladder.ts';
import { stepTimes } from '../timeline/events.ts';

/** A recorded run: what `fill` takes (a run file, a share link, a test fixture). */
export interface RecordedTrace {
  topology: Topology;
  records: readonly TraceRecord[];
  /** The standard-MIPv6 run on the same movement, if recorded. */
  baseline?: readonly TraceRecord[];
  /** The scenario id, for the ladder's lifeline order (its figure's). */
  scenario?: string;
}

export class TraceStore {
  private log: TraceRecord[] = [];
  private baseLog: TraceRecord[] = [];
  /** How many records the trace holds (the signal every query reads). */
  count = $state(0);
  baseCount = $state(0);
  /** A baseline (standard MIPv6 on the same movement) is being recorded beside the run. */
  hasBaseline = $state(false);
  /** Step-event times (timeline/events.ts), sorted and distinct. */
  steps = $state.raw<Micros[]>([]);
  topology = $state.raw<Topology | null>(null);
  /** Virtual time the trace covers (the engine's present, or a recorded trace's end), µs. */
  end = $state<Micros>(0);
  /** Per-packet hops, moves and tunnels (grows in place; replaced on reset). */
  index = $state.raw(new TraceIndex());
  /** The ladder's index of the same records (grows in place; replaced on reset). */
  ladder = $state.raw(new LadderIndex());
  /** Names of every node of the topology (the ladder's lifelines): mobiles, routers, HA and CN. */
  nodes = $derived.by((): string[] => {
    const t = this.topology;
    if (!t) return [];
    return [...t.mobiles.map((m) => m.name), ...t.routers.map((r) => r.name), ...(t.hosts ?? []).map((h) => h.name)];
  });
  private queued: { records: readonly TraceRecord[]; end: Micros; baseline?: readonly TraceRecord[] | undefined }[] =
    [];

  /**
   * Empties the store (a new run). `scenario`: its id, so the ladder draws its figure's lifeline
   * order (Figure 4: MN, nAR, oAR, aAR), as the export and the command line do.
   */
  reset(topology: Topology | null = null, hasBaseline = false, scenario?: string): void {
    this.log = [];
    this.baseLog = [];
    this.count = 0;
    this.baseCount = 0;
    this.hasBaseline = hasBaseline;
    this.steps = [];
    this.topology = topology;
    this.end = 0;
    this.index = new TraceIndex();
    this.ladder = new LadderIndex();
    this.ladder.scenario = scenario;
    this.queued = [];
  }

  /** Fills the store from a recorded trace: no engine needed. Its end is its last record's time. */
  fill(trace: RecordedTrace): void {
    this.reset(trace.topology, trace.baseline !== undefined, trace.scenario);
    const last = trace.records[trace.records.length - 1]?.t ?? 0;
    const lastBase = trace.baseline?.[trace.baseline.length - 1]?.t ?? 0;
    this.apply(trace.records, Math.max(last, lastBase), trace.baseline);
  }

  /** Queues records from the engine; they become visible at the next `flush` (one update a frame). */
  append(records: readonly TraceRecord[], end: Micros, baseline?: readonly TraceRecord[]): void {
    this.queued.push({ records, end, baseline });
  }

  /** Applies what was queued since the last frame. */
  flush(): void {
    if (this.queued.length === 0) return;
    const q = this.queued;
    this.queued = [];
    for (const { records, end, baseline } of q) this.apply(records, end, baseline);
  }

  private apply(records: readonly TraceRecord[], end: Micros, baseline?: readonly TraceRecord[]): void {
    if (records.length > 0) {
      for (const r of records) this.log.push(r);
      this.index.append(records as TraceRecord[]);
      this.ladder.append(records as TraceRecord[]);
      const more = stepTimes(records);
      const last = this.steps[this.steps.length - 1];
      if (more.length > 0) this.steps = this.steps.concat(more[0] === last ? more.slice(1) : more);
      this.count = this.log.length;
    }
    if (baseline && baseline.length > 0) {
      for (const r of baseline) this.baseLog.push(r);
      this.baseCount = this.baseLog.length;
    }
    if (end > this.end) this.end = end;
  }

  /** The whole trace, in time order (grows in place; reading it tracks `count`). */
  get records(): readonly TraceRecord[] {
    void this.count;
    return this.log;
  }

  /** The baseline run's trace (standard MIPv6, same movement). */
  get baseline(): readonly TraceRecord[] {
    void this.baseCount;
    return this.baseLog;
  }

  /** The records at or before `t` (a copy: for the console, lessons and exports, not per frame). */
  upTo(t: Micros): TraceRecord[] {
    void this.count;
    return this.log.slice(0, indexAfter(this.log, t));
  }

  /** A packet's life: its `tx` and, if reached, its end (`rx` or `drop`). */
  track(pkt: number): ReturnType<TraceIndex['track']> {
    void this.count;
    return this.index.track(pkt);
  }

  /** Packets on the wires and in buffers at `cursor` (topology's dots). */
  packetsAt(cursor: Micros): Snapshot {
    void this.count;
    const maxDelay = Math.max(5_000, ...(this.topology?.links.map((l) => l.delayUs * 2) ?? []));
    return packetsAt(this.index, cursor, maxDelay);
  }

  tunnelsAt(cursor: Micros): TunnelView[] {
    void this.count;
    return tunnelsAt(this.index, cursor);
  }

  /** Each mobile's radio links at `cursor` (down during its layer-2 handover). */
  radioAt(cursor: Micros): RadioLink[] {
    void this.count;
    return radioLinksAt(this.index, cursor, this.topology?.mobiles ?? []);
  }

  /** Where `node` is at `cursor`: its last traced move, else its scripted path. */
  positionAt(node: string, cursor: Micros): { x: number; y: number } {
    void this.count;
    const m = this.topology?.mobiles.find((x) => x.name === node) ?? { x: 0, y: 0 };
    const path: PathPoint[] = (this.topology?.paths?.[node] ?? []) as PathPoint[];
    return positionAt(this.index, node, cursor, m, path);
  }

  /** The last signalling or layer-2 record at or before `cursor` (screen-reader announcements). */
  announcedAt(cursor: Micros): ReturnType<TraceIndex['announcedAt']> {
    void this.count;
    return this.index.announcedAt(cursor);
  }
}
