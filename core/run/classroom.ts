// Exercises for a class (issue 13): per-student variants, the result file a student hands in, and
// the judgement a teacher re-does by replaying it.
//
// - A **variant** is the numbers of one student (core/run/variants.ts, re-exported here): each
//   parameter the exercise varies, drawn from its range by a seed hashed from the student's name.
// - A **hand-in** (result file) carries the student's runs as their inputs (core/run/run.ts), their
//   raw answers, and the checks and answers as the page judged them on those runs.
// - The teacher never trusts those claims: `recheck` replays every run in the deterministic engine
//   and judges it again with the same function the page used (`judgeRuns`), so an honest hand-in
//   matches and an edited one (answers, check results, moves, numbers) is flagged with the reason.
import {
  VARIANT_NAMES,
  evaluateChecks,
  nextMessages,
  numberRight,
  predictionEvent,
  predictionRight,
  questionValue,
  runsOf,
  scenarioOf,
  scenarioParams,
  type CheckResult,
  type CheckStatus,
  type Lesson,
  type MsgPattern,
  type StateFn,
} from '../lessons.ts';
import type { LabParams } from '../protocol.ts';
import type { TraceRecord } from '../trace.ts';
import { RunError, traceFingerprint, validateRun, type Run } from './run.ts';
import { replayRun } from './replay.ts';
import { applyVariant, drawVariant, engineText, engineValue, studentKey, variantText } from './variants.ts';
import { verdictNumbers, type Variant, type VerdictNumber } from './variants.ts';

export * from './variants.ts';
import type { PacketCore } from '../wasm.ts';

export const RESULT_FORMAT = 'fmip-lab result';
/** Bumped whenever the meaning of a result file's fields changes. */
export const RESULT_VERSION = 1;
/** A class's hand-in is a few runs of a few kilobytes; this bounds what a teacher's page reads. */
export const MAX_RESULT_BYTES = 4_000_000;
const MAX_STUDENT_CHARS = 120;

/** A fingerprint of an exercise's content: a hand-in names the version of the exercise it answers. */
export function lessonDigest(lesson: Lesson): string {
  return traceFingerprint([{ title: lesson.title, steps: lesson.steps, exercise: lesson.exercise ?? null }] as never);
}

// ── answers and judging ───────────────────────────────────────────────────────────────────────

/** What the student entered (the page's progress keeps the same). */
export type RawAnswer =
  | { kind: 'choice'; choice: number }
  | { kind: 'number'; value: number }
  | { kind: 'predict'; guess: Required<MsgPattern> };

export interface JudgedAnswer {
  kind: RawAnswer['kind'];
  right: boolean;
  /** For a number question: the value the student's own run gives. */
  truth?: number;
  detail: string;
}

export interface RunRecords {
  run: Run;
  records: readonly TraceRecord[];
}

export interface Judgement {
  /** By check id; a run not handed in leaves its checks failed ("no run handed in"). */
  checks: Record<string, CheckResult>;
  /** By step id, for the steps with a question that the student answered. */
  answers: Record<string, JudgedAnswer>;
}

/**
 * Judges a student's runs (each with its trace) and answers against the exercise as the student
 * saw it (applyVariant). Every check is judged at the end of its run; every number answer
 * against the student's own run. The page computes a hand-in's claims with it, the teacher's
 * re-check the truth — the same function, so an honest file always matches its replay.
 */
export function judgeRuns(
  lesson: Lesson,
  runs: Record<string, RunRecords>,
  answers: Record<string, RawAnswer>,
  stateAt?: StateFn,
): Judgement {
  const out: Judgement = { checks: {}, answers: {} };
  for (const lr of runsOf(lesson)) {
    const stepId = lesson.steps[lr.start]!.id;
    const steps = lr.steps.map((i) => lesson.steps[i]!);
    const got = runs[stepId];
    const sc = scenarioOf(lr.setup.scenario);
    if (!got || !sc) {
      for (const c of steps.flatMap((s) => s.checks))
        out.checks[c.id] = { id: c.id, text: c.text, status: 'failed', passed: false, detail: 'no run handed in' };
      for (const s of steps) {
        const a = answers[s.id];
        if (s.question && a)
          out.answers[s.id] = {
            kind: a.kind,
            right: a.kind === 'choice' && s.question.kind === 'choice' ? a.choice === s.question.answer : false,
            detail: 'no run handed in to judge it on',
          };
      }
      continue;
    }
    const { run, records } = got;
    const params: LabParams = { ...scenarioParams(sc), ...(run.params ?? {}) };
    for (const r of evaluateChecks(
      steps.flatMap((s) => s.checks),
      { records, cursor: run.end, endUs: run.end, scenario: sc, params, ...(stateAt ? { stateAt } : {}) },
    ))
      out.checks[r.id] = r;
    // Predictions chain: each looks after the one before it in the run (as the page's tutor does).
    let from = Math.round(lr.setup.cursorMs * 1000);
    for (const s of steps) {
      const q = s.question;
      const a = answers[s.id];
      if (q?.kind === 'predict') {
        const ev = predictionEvent(q, records, from);
        if (ev) from = ev.t;
        if (!a) continue;
        if (a.kind !== 'predict' || !ev) {
          out.answers[s.id] = {
            kind: a.kind,
            right: false,
            detail: ev ? 'not a prediction' : 'the run never got there',
          };
          continue;
        }
        const truth = nextMessages(records, ev.t - 1);
        const right = predictionRight(a.guess, truth);
        out.answers[s.id] = {
          kind: 'predict',
          right,
          detail: `guessed ${a.guess.msg} ${a.guess.from}→${a.guess.to}; the run sent ${truth.map((m) => `${m.msg} ${m.from}→${m.to}`).join(', ')}`,
        };
      } else if (q?.kind === 'number' && a) {
        const truth = questionValue(q, records);
        if (a.kind !== 'number' || truth === null) {
          out.answers[s.id] = {
            kind: a.kind,
            right: false,
            detail: truth === null ? 'the run gives no value to read' : 'not a number',
          };
          continue;
        }
        const right = numberRight(q, a.value, truth);
        out.answers[s.id] = {
          kind: 'number',
          right,
          truth,
          detail: `answered ${a.value}; the run reads ${Math.round(truth * 1000) / 1000} ${q.unit} (± ${q.tolerance})`,
        };
      } else if (q?.kind === 'choice' && a) {
        const right = a.kind === 'choice' && a.choice === q.answer;
        out.answers[s.id] = {
          kind: a.kind,
          right,
          detail: a.kind === 'choice' ? `chose "${q.choices[a.choice] ?? a.choice}"` : 'not a choice',
        };
      }
    }
  }
  return out;
}

// ── the result file ───────────────────────────────────────────────────────────────────────────

export interface HandIn {
  format: typeof RESULT_FORMAT;
  version: typeof RESULT_VERSION;
  /** The name or number the student typed. */
  student: string;
  lesson: { title: string; digest: string };
  /** The numbers the page drew for this student. */
  variant: Variant;
  /** When the student handed in (the page's clock; informative only, never judged). */
  handedIn?: string;
  /** By the id of the step whose setup begins the run. */
  runs: Record<string, Run>;
  answers: Record<string, RawAnswer>;
  /** What the page judged on those runs (`judgeRuns`). */
  claims: {
    checks: Record<string, CheckStatus>;
    answers: Record<string, { right: boolean; truth?: number }>;
  };
}

/** A result file that cannot be read; `where` names the field. */
export class ResultError extends Error {
  constructor(
    readonly where: string,
    message: string,
  ) {
    super(message);
    this.name = 'ResultError';
  }
}

export function makeHandIn(
  lesson: Lesson,
  student: string,
  runs: Record<string, RunRecords>,
  answers: Record<string, RawAnswer>,
  handedIn?: string,
  stateAt?: StateFn,
): HandIn {
  const variant = drawVariant(lesson, student);
  const j = judgeRuns(applyVariant(lesson, variant), runs, answers, stateAt);
  return {
    format: RESULT_FORMAT,
    version: RESULT_VERSION,
    student: student.trim(),
    lesson: { title: lesson.title, digest: lessonDigest(lesson) },
    variant,
    ...(handedIn ? { handedIn } : {}),
    runs: Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, v.run])),
    answers,
    claims: {
      checks: Object.fromEntries(Object.values(j.checks).map((c) => [c.id, c.status])),
      answers: Object.fromEntries(
        Object.entries(j.answers).map(([k, a]) => [
          k,
          { right: a.right, ...(a.truth !== undefined ? { truth: a.truth } : {}) },
        ]),
      ),
    },
  };
}

export function handInToJson(h: HandIn): string {
  return JSON.stringify(h, null, 1) + '\n';
}

/** A file name a teacher can sort: "ada-lovelace.figure-3-with-your-numbers.fmip-result.json". */
export function handInFileName(h: HandIn): string {
  const slug = (s: string) =>
    studentKey(s)
      .normalize('NFD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'x';
  return `${slug(h.student)}.${slug(h.lesson.title)}.fmip-result.json`;
}

const STEP_ID = /^[a-z0-9][a-z0-9-]*$/;
const STATUSES: readonly CheckStatus[] = ['passed', 'failed', 'pending'];

/** Reads a result file's text; throws ResultError naming the field (`runs.setup.moves[3].at: …`). */
export function parseHandIn(text: string): HandIn {
  if (text.length > MAX_RESULT_BYTES)
    throw new ResultError('file', `file: ${text.length} bytes; a result file is at most ${MAX_RESULT_BYTES}`);
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new ResultError('file', `file: not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  return validateHandIn(v);
}

export function validateHandIn(v: unknown): HandIn {
  const bad = (where: string, expected: string): never => {
    throw new ResultError(where, `${where}: expected ${expected}`);
  };
  const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
  if (!isObj(v)) bad('result', 'a JSON object');
  const o = v as Record<string, unknown>;
  if (o.format !== RESULT_FORMAT) bad('format', `"${RESULT_FORMAT}" (this is not an fmip-lab result file)`);
  if (o.version !== RESULT_VERSION)
    bad('version', `result format ${RESULT_VERSION} (got ${String(JSON.stringify(o.version)).slice(0, 20)})`);
  if (typeof o.student !== 'string' || !o.student.trim() || o.student.length > MAX_STUDENT_CHARS)
    bad('student', `the student's name or number (1 to ${MAX_STUDENT_CHARS} characters)`);
  if (!isObj(o.lesson)) bad('lesson', 'an object { title, digest }');
  const l = o.lesson as Record<string, unknown>;
  if (typeof l.title !== 'string' || !l.title) bad('lesson.title', 'the exercise title');
  if (typeof l.digest !== 'string' || !/^[0-9a-f]{14}$/.test(l.digest)) bad('lesson.digest', '14 hex digits');
  if (!isObj(o.variant)) bad('variant', "an object of the student's numbers");
  for (const [k, x] of Object.entries(o.variant as object)) {
    if (!(VARIANT_NAMES as readonly string[]).includes(k)) bad(`variant.${k}`, `one of ${VARIANT_NAMES.join(', ')}`);
    if (typeof x !== 'number' || !Number.isFinite(x)) bad(`variant.${k}`, 'a number');
  }
  if (o.handedIn !== undefined && (typeof o.handedIn !== 'string' || o.handedIn.length > 40))
    bad('handedIn', 'a date and time');
  if (!isObj(o.runs)) bad('runs', 'an object of runs by step id');
  const runs: Record<string, Run> = {};
  for (const [k, r] of Object.entries(o.runs as object)) {
    if (!STEP_ID.test(k)) bad(`runs.${k}`, 'a step id (lowercase letters, digits and -)');
    try {
      runs[k] = validateRun(r);
    } catch (e) {
      if (e instanceof RunError) throw new ResultError(`runs.${k}.${e.where}`, `runs.${k}.${e.message}`);
      throw e;
    }
  }
  if (!isObj(o.answers)) bad('answers', 'an object of answers by step id');
  const answers: Record<string, RawAnswer> = {};
  for (const [k, a] of Object.entries(o.answers as object)) {
    const at = `answers.${k}`;
    if (!STEP_ID.test(k)) bad(at, 'a step id');
    if (!isObj(a)) bad(at, 'an answer { kind, … }');
    const aa = a as Record<string, unknown>;
    if (aa.kind === 'choice') {
      if (!Number.isInteger(aa.choice) || (aa.choice as number) < 0) bad(`${at}.choice`, 'the index of a choice');
      answers[k] = { kind: 'choice', choice: aa.choice as number };
    } else if (aa.kind === 'number') {
      if (typeof aa.value !== 'number' || !Number.isFinite(aa.value)) bad(`${at}.value`, 'a number');
      answers[k] = { kind: 'number', value: aa.value as number };
    } else if (aa.kind === 'predict') {
      const g = aa.guess as Record<string, unknown>;
      if (!isObj(g)) bad(`${at}.guess`, 'a message { msg, from, to }');
      for (const f of ['msg', 'from', 'to'])
        if (typeof g[f] !== 'string' || (g[f] as string).length > 32) bad(`${at}.guess.${f}`, 'a name');
      answers[k] = { kind: 'predict', guess: { msg: g.msg, from: g.from, to: g.to } as Required<MsgPattern> };
    } else bad(`${at}.kind`, 'choice, number or predict');
  }
  if (!isObj(o.claims)) bad('claims', 'an object { checks, answers }');
  const c = o.claims as Record<string, unknown>;
  if (!isObj(c.checks)) bad('claims.checks', 'an object of check results by check id');
  for (const [k, s] of Object.entries(c.checks as object))
    if (!STATUSES.includes(s as CheckStatus)) bad(`claims.checks.${k}`, 'passed, failed or pending');
  if (!isObj(c.answers)) bad('claims.answers', 'an object of judged answers by step id');
  for (const [k, a] of Object.entries(c.answers as object)) {
    if (!isObj(a) || typeof a.right !== 'boolean') bad(`claims.answers.${k}.right`, 'true or false');
    const t = (a as Record<string, unknown>).truth;
    if (t !== undefined && (typeof t !== 'number' || !Number.isFinite(t))) bad(`claims.answers.${k}.truth`, 'a number');
  }
  return {
    format: RESULT_FORMAT,
    version: RESULT_VERSION,
    student: o.student as string,
    lesson: { title: l.title as string, digest: l.digest as string },
    variant: o.variant as Variant,
    ...(o.handedIn !== undefined ? { handedIn: o.handedIn as string } : {}),
    runs,
    answers,
    claims: c as HandIn['claims'],
  };
}

// ── the teacher's re-check ────────────────────────────────────────────────────────────────────

export interface Verdict {
  student: string;
  /** Nothing claimed differs from the replay, and the runs are this student's variant of this exercise. */
  ok: boolean;
  /** Why the result is flagged, one sentence each. */
  flags: string[];
  /** This student's numbers (drawn from their name), which the replay judges with. */
  variant: Variant;
  /** The numbers the file says it was made with (differ from `variant` in a flagged file). */
  handedIn: Variant;
  judgement: Judgement;
  /** Checks passed and answers right, out of all the exercise's checks and questions. */
  score: number;
  outOf: number;
}

/**
 * Replays every run of a hand-in in the engine and judges it again. Flags: another version of the
 * exercise, numbers that are not the student's, a run not made with them, a run whose trace does
 * not match its fingerprint (edited moves or inputs), and every claim that the replay contradicts.
 */
export function recheck(core: PacketCore, lesson: Lesson, h: HandIn, stateAt?: StateFn): Verdict {
  const flags: string[] = [];
  if (h.lesson.digest !== lessonDigest(lesson))
    flags.push(`handed in for another version of the exercise ("${h.lesson.title}")`);
  const variant = drawVariant(lesson, h.student);
  if (variantText(variant) !== variantText(h.variant))
    flags.push(`its numbers (${variantText(h.variant)}) are not this student's (${variantText(variant)})`);
  const mine = applyVariant(lesson, variant);
  const runs: Record<string, RunRecords> = {};
  for (const lr of runsOf(mine)) {
    const id = mine.steps[lr.start]!.id;
    const run = h.runs[id];
    if (!run) continue;
    const wrong: string[] = [];
    if (run.scenario !== lr.setup.scenario) wrong.push(`scenario ${run.scenario}, not ${lr.setup.scenario}`);
    if (run.seed !== lr.setup.seed) wrong.push(`seed ${run.seed}, not ${lr.setup.seed}`);
    for (const name of VARIANT_NAMES) {
      const v = variant[name];
      if (v === undefined || name === 'seed') continue;
      const [key, want] = engineValue(name, v);
      const have = run.params?.[key];
      const t = engineText(key, have);
      if (have !== want) wrong.push(`${t.label} ${t.value}, not ${engineText(key, want).value}`);
    }
    if (wrong.length > 0) flags.push(`run "${id}" was not made with this student's numbers: ${wrong.join('; ')}`);
    try {
      const r = replayRun(core, run);
      if (r.mismatch)
        flags.push(`run "${id}": its replay differs from the trace it was handed in with (edited moves or inputs)`);
      runs[id] = { run, records: r.records };
    } catch (e) {
      flags.push(`run "${id}" cannot be replayed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  for (const k of Object.keys(h.runs))
    if (!runsOf(mine).some((lr) => mine.steps[lr.start]!.id === k))
      flags.push(`run "${k}" is not a run of this exercise`);
  const j = judgeRuns(mine, runs, h.answers, stateAt);
  for (const c of Object.values(j.checks)) {
    const claimed = h.claims.checks[c.id];
    if (claimed === undefined) continue;
    if ((claimed === 'passed') !== c.passed)
      flags.push(`claims check "${c.id}" ${claimed}; its replay says ${c.status} (${c.detail})`);
  }
  for (const [k, a] of Object.entries(h.claims.answers)) {
    const got = j.answers[k];
    if (!got) {
      flags.push(`claims an answer to "${k}", which has no answer to judge`);
      continue;
    }
    if (a.right !== got.right)
      flags.push(
        `claims the answer to "${k}" is ${a.right ? 'right' : 'wrong'}; it is ${got.right ? 'right' : 'wrong'} (${got.detail})`,
      );
    else if (got.truth !== undefined && (a.truth === undefined || Math.abs(a.truth - got.truth) > 1e-9))
      flags.push(`claims "${k}" reads ${String(a.truth)} on the run; its replay reads ${got.truth}`);
  }
  const questions = mine.steps.filter((s) => s.question).length;
  const outOf = mine.checks.length + questions;
  const score =
    Object.values(j.checks).filter((c) => c.passed).length + Object.values(j.answers).filter((a) => a.right).length;
  return {
    student: h.student,
    ok: flags.length === 0,
    flags,
    variant,
    handedIn: h.variant,
    judgement: j,
    score,
    outOf,
  };
}

// ── the grade book ────────────────────────────────────────────────────────────────────────────

const csvCell = (v: string | number): string => {
  const s = String(v);
  // Quote what a spreadsheet would split or read as a formula (CSV injection: = + - @ at the start).
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r;]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/**
 * The grade book: one row per student (the last file of a student counts); per varied number the
 * expected value and the one handed in ("expected: Layer-2 handover time (ms)"); one column per
 * check (1 passed, 0 not) and per question (1 right, 0 not); the score, and the verdict with its flags.
 */
export function verdictsCsv(lesson: Lesson, verdicts: readonly Verdict[]): string {
  const checks = lesson.steps.flatMap((s) => s.checks.map((c) => c.id));
  const questions = lesson.steps.filter((s) => s.question).map((s) => s.id);
  const numbers = verdictNumbers(lesson, { variant: {}, handedIn: {} });
  const named = (n: VerdictNumber) => `${n.label}${n.unit ? ` (${n.unit})` : ''}`;
  const head = [
    'student',
    ...numbers.flatMap((n) => [`expected: ${named(n)}`, `handed in: ${named(n)}`]),
    ...checks.map((c) => `check:${c}`),
    ...questions.map((q) => `answer:${q}`),
    'score',
    'out_of',
    'verdict',
    'flags',
  ];
  const byStudent = new Map<string, Verdict>();
  for (const v of verdicts) byStudent.set(studentKey(v.student), v);
  const rows = [...byStudent.values()].map((v) => [
    v.student,
    ...verdictNumbers(lesson, v).flatMap((n) => [n.expected ?? '', n.handedIn ?? '']),
    ...checks.map((c) => (v.judgement.checks[c]?.passed ? 1 : 0)),
    ...questions.map((q) => (v.judgement.answers[q]?.right ? 1 : 0)),
    v.score,
    v.outOf,
    v.ok ? 'matches' : 'flagged',
    v.flags.join(' | '),
  ]);
  return [head, ...rows].map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}
