// Runs a lesson's scripted solution in the engine (the same Lab the page's worker drives), then
// judges every check and question of the lesson on those runs: what `npm run lessons:check FILE`
// and the lesson tests do, so a teacher can test a lesson before class. Kept apart from
// core/lessons.ts so the page's lesson panel does not bundle the engine.
import type { PacketCore } from './wasm.ts';
import type { Micros, TraceRecord } from './trace.ts';
import { Lab } from './lab.ts';
import {
  evaluateChecks,
  nextMessages,
  predictionEvent,
  predictionRight,
  questionValue,
  runsOf,
  scenarioParams,
  setupParams,
  type CheckResult,
  type Lesson,
  type Run,
  type SolutionMove,
  type StateFn,
} from './lessons.ts';

export interface QuestionReport {
  step: string;
  kind: string;
  ok: boolean;
  detail: string;
}

export interface RunReport {
  /** The id of the step whose setup begins the run. */
  step: string;
  scenario: string;
  records: TraceRecord[];
  checks: CheckResult[];
  questions: QuestionReport[];
}

/** Where a node is at `t`: its last move in the trace, else its scripted path. */
function positionAt(lab: Lab, records: readonly TraceRecord[], node: string, t: Micros): { x: number; y: number } {
  for (let i = records.length - 1; i >= 0; i--) {
    const r = records[i]!;
    if (r.kind === 'move' && r.node === node && r.t <= t) return { x: r.x, y: r.y };
  }
  const m = lab.scenario.mobiles.find((x) => x.name === node);
  if (!m) return { x: 0, y: 0 };
  const p = m.path;
  if (p.length === 0 || t <= p[0]!.t) return p[0] ?? { x: m.x, y: m.y };
  for (let i = 1; i < p.length; i++) {
    const a = p[i - 1]!;
    const b = p[i]!;
    if (t <= b.t) {
      const k = (t - a.t) / Math.max(1, b.t - a.t);
      return { x: a.x + (b.x - a.x) * k, y: a.y + (b.y - a.y) * k };
    }
  }
  return p[p.length - 1]!;
}

/** A drag as the page makes it: steps of 10 m (the page's "move to cell" walk), all at one instant (paused). */
function walk(lab: Lab, records: TraceRecord[], mv: SolutionMove): void {
  const target =
    'cell' in mv
      ? (() => {
          const r = lab.scenario.routers.find((c) => c.name === mv.cell)!;
          return { x: r.x, y: r.y };
        })()
      : { x: mv.x, y: mv.y };
  let p = positionAt(lab, records, mv.node, lab.time);
  for (let guard = 0; guard < 10_000; guard++) {
    const dx = target.x - p.x;
    const dy = target.y - p.y;
    const d = Math.hypot(dx, dy);
    if (d < 1e-6) break;
    const k = Math.min(1, 10 / d);
    p = { x: p.x + dx * k, y: p.y + dy * k };
    records.push(...lab.move(mv.node, p.x, p.y));
  }
}

/** Runs one run of a lesson with its solution's moves; returns the trace. */
export function runSolution(core: PacketCore, run: Run): { lab: Lab; records: TraceRecord[]; until: Micros } {
  const params = setupParams(run.setup, run.solution?.params);
  const lab = new Lab(core, run.setup.seed, run.setup.scenario, params);
  const records: TraceRecord[] = [];
  const moves = [...(run.solution?.moves ?? [])].sort((a, b) => a.atMs - b.atMs);
  for (const mv of moves) {
    records.push(...lab.advance(Math.round(mv.atMs * 1000)));
    walk(lab, records, mv);
  }
  const until = Math.round((run.solution?.untilMs ?? lab.scenario.durationUs / 1000) * 1000);
  records.push(...lab.advance(until));
  return { lab, records, until };
}

/** Runs every run of the lesson and judges its checks and questions on them. */
export function checkLesson(core: PacketCore, lesson: Lesson, stateAt?: StateFn): RunReport[] {
  return runsOf(lesson).map((run) => {
    const { lab, records, until } = runSolution(core, run);
    const params = setupParams(run.setup, run.solution?.params) ?? scenarioParams(lab.scenario);
    const steps = run.steps.map((i) => lesson.steps[i]!);
    const checks = evaluateChecks(
      steps.flatMap((s) => s.checks),
      {
        records,
        cursor: until,
        endUs: until,
        scenario: lab.scenario,
        params,
        ...(stateAt ? { stateAt } : {}),
      },
    );
    const questions: QuestionReport[] = [];
    let from = Math.round(run.setup.cursorMs * 1000);
    for (const s of steps) {
      const q = s.question;
      if (!q) continue;
      if (q.kind === 'predict') {
        const ev = predictionEvent(q, records, from);
        if (!ev) {
          questions.push({
            step: s.id,
            kind: q.kind,
            ok: false,
            detail: `no ${q.answer.msg} from ${q.answer.from} to ${q.answer.to}${q.after ? ` after ${q.after.msg}` : ''} in the solution's run`,
          });
          continue;
        }
        const truth = nextMessages(records, ev.t - 1);
        questions.push({
          step: s.id,
          kind: q.kind,
          ok: predictionRight(q.answer, truth),
          detail: `pauses at ${((ev.t - 1) / 1000).toFixed(3)} ms before ${truth.map((m) => `${m.msg} ${m.from}→${m.to}`).join(', ')}`,
        });
        from = ev.t;
      } else if (q.kind === 'number') {
        const v = questionValue(q, records);
        questions.push({
          step: s.id,
          kind: q.kind,
          ok: v !== null,
          detail: v === null ? 'the run gives no value to read' : `the run reads ${v} ${q.unit} (± ${q.tolerance})`,
        });
      } else questions.push({ step: s.id, kind: q.kind, ok: true, detail: `answer: ${q.choices[q.answer]}` });
    }
    return { step: lesson.steps[run.start]!.id, scenario: run.setup.scenario, records, checks, questions };
  });
}
