// Judges a learner's run against a lesson: the runs a lesson's steps make, the lab parameters of a
// setup, the handovers of a trace, the checks (order, sent, not sent, state, time, parameter),
// predictions and number questions. DOM-free: the page's lesson panel, the classroom marker and
// the tests call the same functions.
import { indexAfter, type Micros, type TraceRecord } from '../trace.ts';
import { DEFAULT_RADIO, DEFAULT_TIMERS, type Scenario } from '../scenario/schema.ts';
import { joinPrefixIid } from '../wire/addr.ts';
import { type HandoverMode, type LabParams } from '../protocol.ts';
import {
  MEASURE_UNIT,
  MEASURE_WORDS,
  type MsgName,
  type MsgPattern,
  type Bounds,
  type MeasureName,
  type StateTable,
  LESSON_PARAMS,
  type LessonParamName,
  type LessonParams,
  type Check,
  type Question,
  type Setup,
  type Solution,
  type Lesson,
} from './types.ts';
import { scenarioOf } from './parse.ts';
import { measureHandovers } from '../views/measures.ts';

/** The runs of a lesson: a step with a setup begins one; the steps after it until the next belong to it. */
export interface Run {
  /** Index of the step with the setup. */
  start: number;
  /** Indices of the steps of this run. */
  steps: number[];
  setup: Setup;
  solution?: Solution;
}
export function runsOf(lesson: Lesson): Run[] {
  const runs: Run[] = [];
  lesson.steps.forEach((s, i) => {
    if (s.setup) runs.push({ start: i, steps: [i], setup: s.setup, ...(s.solution ? { solution: s.solution } : {}) });
    else runs.at(-1)?.steps.push(i);
  });
  return runs;
}
/** The run a step belongs to. */
export function runOfStep(lesson: Lesson, step: number): Run {
  const runs = runsOf(lesson);
  return runs.filter((r) => r.start <= step).at(-1)!;
}

// ---------------------------------------------------------------------------------------------
// Parameters

const modeOf = (sc: Scenario): HandoverMode => {
  const mn = sc.mobiles[0];
  if (!mn || mn.mode === 'mipv6') return 'mipv6';
  if (mn.mode === 'beth') return 'beth';
  const stateful = sc.routers.some((r) => r.caps.stateful);
  return `anticipated-${mn.initiation}-${stateful ? 'stateful' : 'stateless'}` as HandoverMode;
};

/** The parameters a scenario runs with as written, in the engine's units. */
export function scenarioParams(sc: Scenario): LabParams {
  const routers = new Set(sc.routers.map((r) => r.name));
  const wired = sc.links.find((l) => routers.has(l.a) && routers.has(l.b));
  const r0 = sc.routers[0];
  return {
    mode: modeOf(sc),
    wiredDelayUs: wired?.delayUs ?? 2000,
    l2HandoverUs: sc.radio.l2HandoverUs ?? DEFAULT_RADIO.l2HandoverUs,
    raMinUs: sc.timers.raMinUs ?? DEFAULT_TIMERS.raMinUs,
    raMaxUs: sc.timers.raMaxUs ?? DEFAULT_TIMERS.raMaxUs,
    buffering: r0?.caps.buffer ?? true,
    bufferPackets: r0?.caps.bufferPackets ?? 64,
  };
}

/** Lesson parameters (ms) over engine parameters (µs). */
export function withLessonParams(base: LabParams, p: LessonParams | undefined): LabParams {
  const out: LabParams = { ...base };
  if (!p) return out;
  for (const [k, v] of Object.entries(p) as [LessonParamName, unknown][]) {
    const key = LESSON_PARAMS[k];
    if (key.endsWith('Us')) (out as unknown as Record<string, number>)[key] = Math.round((v as number) * 1000);
    else (out as unknown as Record<string, unknown>)[key] = v;
  }
  return out;
}

/** An engine parameter in the lesson's units (ms for times). */
export function lessonParamValue(p: LabParams, name: LessonParamName): string | number | boolean {
  const key = LESSON_PARAMS[name];
  const v = p[key];
  return key.endsWith('Us') ? (v as number) / 1000 : v;
}

/**
 * The engine parameters of a setup: undefined when the scenario runs as written (no `params`),
 * else the scenario's own values with the setup's (and the solution's) over them.
 */
export function setupParams(setup: Setup, extra?: LessonParams): LabParams | undefined {
  if (!setup.params && !extra) return undefined;
  const sc = scenarioOf(setup.scenario);
  if (!sc) return undefined;
  return withLessonParams(withLessonParams(scenarioParams(sc), setup.params), extra);
}

// ---------------------------------------------------------------------------------------------
// Measures of the run, from the trace (the same definitions as the page's Measures panel).

export interface Handover {
  /** L2-LD at the MN, µs. */
  down: Micros;
  up: Micros | null;
  values: Partial<Record<MeasureName, number>>;
  /** The handover has settled: data flows again on the new link (or, without data, the link is up). */
  settled: Micros | null;
}

/** Time after the first data packet on the new link at which negative checks are judged. */
export const SETTLE_US = 100_000;

/**
 * The MN's handovers in `records` (up to whatever time they reach), in order. Their values are the
 * Measures panel's own (core/views/measures.ts), so a number a lesson asks the learner to read
 * from the panel is judged against the number the panel shows: "lost" is the panel's data to the
 * MN lost on the way plus dropped by a node, in the same window. Only when a handover has settled
 * (for the negative checks) is worked out here.
 */
export function handoversOf(records: readonly TraceRecord[], mn = 'MN'): Handover[] {
  const measured = measureHandovers(records, Infinity, mn);
  return measured.map((m, k) => {
    const next = measured[k + 1]?.start ?? Infinity;
    const up = m.l2Us === null ? null : m.start + m.l2Us;
    let firstNew: Micros | null = null;
    if (up !== null)
      for (let i = indexAfter(records, up - 1); i < records.length; i++) {
        const r = records[i]!;
        if (r.t >= next) break;
        if (r.kind === 'rx' && r.msg === 'DATA' && r.node === mn) {
          firstNew = r.t;
          break;
        }
      }
    const values: Partial<Record<MeasureName, number>> = {
      lost: m.lostTo + m.droppedTo,
      buffered: m.buffered,
      tunnelled: m.tunnelled,
    };
    if (m.l2Us !== null) values.l2 = m.l2Us / 1000;
    if (m.l3LatencyUs !== null) values['l3-latency'] = m.l3LatencyUs / 1000;
    if (m.dadUs !== null) values.dad = m.dadUs / 1000;
    return { down: m.start, up, values, settled: firstNew !== null ? firstNew + SETTLE_US : null };
  });
}

// ---------------------------------------------------------------------------------------------
// Checks on a run

/** The state of the world at an instant, as core/state.ts folds it from the trace. */
export type StateFn = (
  records: readonly TraceRecord[],
  t: Micros,
) => { nodes: Record<string, Record<string, unknown> | undefined> };

export interface RunContext {
  /** The run's trace up to the cursor (records after the cursor are not seen yet). */
  records: readonly TraceRecord[];
  /** The cursor: the instant the learner has reached, µs. */
  cursor: Micros;
  /** The run's scenario (for the MN's addresses). */
  scenario: Scenario;
  /** The parameters the run has, engine units. */
  params: LabParams;
  /** The end of the run: negative checks are judged here at the latest. */
  endUs: Micros;
  /** State fold for state checks (core/state.ts). */
  stateAt?: StateFn;
}

export type CheckStatus = 'passed' | 'failed' | 'pending';
export interface CheckResult {
  id: string;
  text: string;
  status: CheckStatus;
  passed: boolean;
  /** What was seen, in words a learner can act on. */
  detail: string;
}

const matches = (r: { msg?: string; from?: string; to?: string }, p: { msg: string; from?: string; to?: string }) =>
  r.msg === p.msg && (p.from === undefined || r.from === p.from) && (p.to === undefined || r.to === p.to);
const describe = (p: { msg: string; from?: string; to?: string }) =>
  `${p.msg}${p.from ? ` from ${p.from}` : ''}${p.to ? ` to ${p.to}` : ''}`;
const ms = (t: Micros) => `${(t / 1000).toFixed(3)} ms`;

/** The instant at which a run counts as settled: the first handover has settled, else the run's end. */
export function judgeTime(ctx: RunContext): Micros {
  const h = handoversOf(ctx.records).find((x) => x.settled !== null);
  return Math.min(h?.settled ?? ctx.endUs, ctx.endUs);
}

/** The MN's addresses by the names lessons use: its home address and its CoA on each router's prefix. */
export function addressNames(sc: Scenario, mn = 'MN'): Record<string, string> {
  const m = sc.mobiles.find((x) => x.name === mn) ?? sc.mobiles[0];
  if (!m) return {};
  const join = (prefix: string) => joinPrefixIid(prefix, m.iid);
  const out: Record<string, string> = { HoA: m.home };
  for (const r of sc.routers) if (r.prefix) out[`CoA@${r.name}`] = join(r.prefix);
  const o = sc.routers.find((r) => r.name === 'oAR') ?? sc.routers[0];
  const n = sc.routers.find((r) => r.name === 'nAR') ?? sc.routers[1];
  if (o?.prefix) out.oCoA = join(o.prefix);
  if (n?.prefix) out.nCoA = join(n.prefix);
  return out;
}

const within = (v: number, b: Bounds): boolean =>
  (b.min === undefined || v >= b.min) &&
  (b.max === undefined || v <= b.max) &&
  (b.above === undefined || v > b.above) &&
  (b.below === undefined || v < b.below);
const boundsText = (b: Bounds, unit: string): string =>
  [
    b.min !== undefined ? `≥ ${b.min} ${unit}` : '',
    b.max !== undefined ? `≤ ${b.max} ${unit}` : '',
    b.above !== undefined ? `> ${b.above} ${unit}` : '',
    b.below !== undefined ? `< ${b.below} ${unit}` : '',
  ]
    .filter(Boolean)
    .join(' and ');

/** Evaluates checks on a (live) run up to its cursor. A check that fails says what was seen instead. */
export function evaluateChecks(checks: readonly Check[], ctx: RunContext): CheckResult[] {
  const upTo = visible(ctx.records, ctx.cursor);
  const sent = upTo.filter((r): r is Extract<TraceRecord, { kind: 'tx' }> => r.kind === 'tx');
  const judge = judgeTime({ ...ctx, records: upTo });
  const judged = ctx.cursor >= judge;
  let handovers: Handover[] | undefined;
  const names = addressNames(ctx.scenario);
  return checks.map((c): CheckResult => {
    const res = (status: CheckStatus, detail: string): CheckResult => ({
      id: c.id,
      text: c.text,
      status,
      passed: status === 'passed',
      detail,
    });
    switch (c.kind) {
      case 'order': {
        const a = sent.find((r) => r.msg === c.first);
        const b = sent.find((r) => r.msg === c.then);
        if (a && b)
          return res(
            a.t < b.t || (a.t === b.t && sent.indexOf(a) < sent.indexOf(b)) ? 'passed' : 'failed',
            `first ${c.first} at ${ms(a.t)}, first ${c.then} at ${ms(b.t)}`,
          );
        if (b) return res('failed', `${c.then} was sent at ${ms(b.t)} before any ${c.first}`);
        if (a) return res(judged ? 'failed' : 'pending', `${c.first} at ${ms(a.t)}; no ${c.then} sent yet`);
        return res(judged ? 'failed' : 'pending', `no ${c.first} and no ${c.then} sent yet`);
      }
      case 'sent': {
        const n = sent.filter((r) => matches(r, c)).length;
        const d = `${n} × ${describe(c)} sent (needed ${c.min})`;
        if (n >= c.min) return res('passed', d);
        // What was sent instead of the expected one, when something of that name went elsewhere.
        const other = sent.filter((r) => r.msg === c.msg && !matches(r, c));
        const seen = other.length > 0 ? `; seen instead: ${other.map((r) => describe(r)).join(', ')}` : '';
        return res(judged ? 'failed' : 'pending', d + seen);
      }
      case 'not-sent': {
        const bad = sent.filter((r) => matches(r, c));
        if (bad.length > 0) return res('failed', `${bad.length} × ${describe(c)} sent, the first at ${ms(bad[0]!.t)}`);
        return res(judged ? 'passed' : 'pending', `no ${describe(c)} sent${judged ? '' : ' so far'}`);
      }
      case 'time': {
        handovers ??= handoversOf(upTo);
        const h = handovers[c.handover - 1];
        const unit = MEASURE_UNIT[c.measure];
        const want = boundsText(c, unit);
        if (!h)
          return res(
            judged ? 'failed' : 'pending',
            `no handover ${c.handover} yet (wanted ${MEASURE_WORDS[c.measure]} ${want})`,
          );
        const v = h.values[c.measure];
        // Counts are judged once the handover has settled; durations once they are known.
        const ready = unit === 'ms' ? v !== undefined : h.settled !== null && ctx.cursor >= h.settled;
        if (v === undefined || !ready)
          return res(judged ? 'failed' : 'pending', `${MEASURE_WORDS[c.measure]} not measured yet (wanted ${want})`);
        const shown = unit === 'ms' ? `${v.toFixed(1)} ms` : `${v} ${unit}`;
        return res(within(v, c) ? 'passed' : 'failed', `${MEASURE_WORDS[c.measure]}: ${shown} (wanted ${want})`);
      }
      case 'param': {
        const v = lessonParamValue(ctx.params, c.param);
        if (c.equals !== undefined)
          return res(v === c.equals ? 'passed' : 'failed', `${c.param} is ${String(v)} (wanted ${String(c.equals)})`);
        const unit = LESSON_PARAMS[c.param].endsWith('Us') ? 'ms' : '';
        return res(
          typeof v === 'number' && within(v, c) ? 'passed' : 'failed',
          `${c.param} is ${String(v)}${unit ? ` ${unit}` : ''} (wanted ${boundsText(c, unit)})`,
        );
      }
      case 'state': {
        if (!ctx.stateAt) return res('pending', 'the state of the nodes is not available here');
        const want = Object.fromEntries(Object.entries(c.match).map(([k, v]) => [k, names[String(v)] ?? v]));
        const wantText = Object.entries(c.match)
          .map(([k, v]) => `${k} ${v}${names[String(v)] ? ` (${names[String(v)]})` : ''}`)
          .join(', ');
        // The instants at which a row can appear in this node's table: its own records of that
        // table's kind (one fold per instant). Between them a row can only expire, never appear,
        // so no match is missed — and the page's live judging stays linear in the trace.
        const kind = TABLE_RECORD[c.table];
        const times = [
          ...new Set(upTo.filter((r) => r.kind === kind && 'node' in r && r.node === c.node).map((r) => r.t)),
        ];
        let last: unknown[] = [];
        for (const t of times) {
          const rows = tableRows(ctx.stateAt(upTo, t), c.node, c.table);
          last = rows;
          const hit = rows.find((row) => rowMatches(row, want));
          if (hit && !c.absent) return res('passed', `${c.node} ${c.table} at ${ms(t)}: ${rowText(hit)}`);
          if (hit && c.absent) return res('failed', `${c.node} ${c.table} at ${ms(t)} held ${rowText(hit)}`);
        }
        if (c.absent) return res(judged ? 'passed' : 'pending', `${c.node} never held ${c.table} with ${wantText}`);
        const seen =
          last.length > 0 ? `; it holds: ${last.slice(0, 4).map(rowText).join('; ')}` : `; its ${c.table} are empty`;
        return res(judged ? 'failed' : 'pending', `${c.node} has no ${c.table} entry with ${wantText}${seen}`);
      }
    }
  });
}

/** The trace record kind that changes each table of core/state.ts. */
const TABLE_RECORD: Record<StateTable, TraceRecord['kind']> = {
  machines: 'state',
  neighbors: 'neighbor',
  bindings: 'binding',
  routes: 'route',
  tunnels: 'tunnel',
  buffers: 'queue',
};

function tableRows(state: ReturnType<StateFn>, node: string, table: StateTable): Record<string, unknown>[] {
  const t = state.nodes[node]?.[table];
  if (Array.isArray(t)) return t as Record<string, unknown>[];
  // `machines` is a record keyed by machine name: its rows carry the name.
  if (t && typeof t === 'object')
    return Object.entries(t as Record<string, object>).map(([name, v]) => ({ name, ...(v as object) }));
  return [];
}
const norm = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : v);
function rowMatches(row: Record<string, unknown>, want: Record<string, unknown>): boolean {
  return Object.entries(want).every(([k, v]) => norm(row[k]) === norm(v) || String(row[k]) === String(v));
}
/** A table row as a learner reads it: times in ms, lifetimes in s, flags in words. */
function rowText(row: unknown): string {
  if (typeof row !== 'object' || row === null) return String(row);
  const word = (k: string, v: unknown): string => {
    if (k === 'expires' || k === 'since')
      return `${k === 'expires' ? 'until' : 'since'} ${(Number(v) / 1000).toFixed(3)} ms`;
    if (k === 'lifetime') return `lifetime ${String(v)} s`;
    if (k === 'on') return v ? 'buffering' : 'not buffering';
    if (k === 'depth') return `${String(v)} held`;
    return `${k} ${String(v)}`;
  };
  return Object.entries(row as Record<string, unknown>)
    .filter(([, v]) => v !== undefined && typeof v !== 'object')
    .map(([k, v]) => word(k, v))
    .join(', ');
}

/** The records up to and including time `t` (records are in time order). */
export function visible(records: readonly TraceRecord[], t: Micros): readonly TraceRecord[] {
  const lo = indexAfter(records, t);
  return lo === records.length ? records : records.slice(0, lo);
}

/** Older callers: every check judged on a whole trace (the run is over). */
export function runChecks(
  checks: readonly Check[],
  trace: readonly TraceRecord[],
  scenario: Scenario,
  params?: LabParams,
  stateAt?: StateFn,
): CheckResult[] {
  const end = trace.length ? trace[trace.length - 1]!.t : 0;
  return evaluateChecks(checks, {
    records: trace,
    cursor: end,
    endUs: end,
    scenario,
    params: params ?? scenarioParams(scenario),
    ...(stateAt ? { stateAt } : {}),
  });
}

// ---------------------------------------------------------------------------------------------
// Questions

/** Signalling messages sent (DATA excluded): what "the next message" means in a prediction. */
const isSignal = (r: TraceRecord): r is Extract<TraceRecord, { kind: 'tx' }> => r.kind === 'tx' && r.msg !== 'DATA';

/**
 * Where a prediction pauses the lab: the first signalling message matching the answer, sent after
 * `from` (the step's start) and after the first `after` message. Null while it has not happened.
 */
export function predictionEvent(
  q: Extract<Question, { kind: 'predict' }>,
  records: readonly TraceRecord[],
  from: Micros,
): Extract<TraceRecord, { kind: 'tx' }> | null {
  let start = from;
  if (q.after) {
    const a = records.find((r) => r.t >= from && r.kind === 'tx' && matches(r, q.after!));
    if (!a) return null;
    start = a.t;
  }
  const ev = records.find((r) => r.t >= start && isSignal(r) && matches(r, q.answer));
  return ev && isSignal(ev) ? ev : null;
}

/**
 * What a prediction shows as the truth: the signalling messages sent at the paused instant's next
 * event time (several may leave at once, e.g. the oAR's HI and PrRtAdv). The answer counts right
 * if it names any of them.
 */
export function nextMessages(records: readonly TraceRecord[], after: Micros): Required<MsgPattern>[] {
  const first = records.find((r) => r.t > after && isSignal(r));
  if (!first) return [];
  return records
    .filter((r) => r.t === first.t && isSignal(r))
    .map((r) => ({
      msg: (r as { msg: MsgName }).msg,
      from: (r as { from: string }).from,
      to: (r as { to: string }).to,
    }));
}

export function predictionRight(guess: Partial<MsgPattern>, truth: Required<MsgPattern>[]): boolean {
  return truth.some((t) => t.msg === guess.msg && t.from === guess.from && t.to === guess.to);
}

/** The number a number question wants, read from the run; null while it cannot be read yet. */
export function questionValue(
  q: Extract<Question, { kind: 'number' }>,
  records: readonly TraceRecord[],
): number | null {
  if (q.count) return records.filter((r) => r.kind === 'tx' && matches(r, q.count!)).length;
  if (!q.measure) return null;
  return handoversOf(records)[q.handover - 1]?.values[q.measure] ?? null;
}

/** Whether an answer to a number question is within its tolerance. */
export function numberRight(q: Extract<Question, { kind: 'number' }>, answer: number, value: number): boolean {
  return Math.abs(answer - value) <= q.tolerance + 1e-9;
}
