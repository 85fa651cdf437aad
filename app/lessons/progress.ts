// A learner's progress through the lessons, as data: steps done, answers given, checks passed,
// and where they were. Saved to localStorage as it happens (so a reload, a crashed engine or a
// closed tab loses nothing), exported and imported as a file. Everything read back — storage or a
// file — is validated field by field; a bad file names what is wrong and changes nothing.
import type { MsgPattern } from '../../core/lessons.ts';

export const PROGRESS_KEY = 'fmip-lab:lessons:v1';
export const PROGRESS_FORMAT = 'fmip-lab-lesson-progress';

export type Answer =
  | { kind: 'choice'; choice: number; right: boolean }
  | { kind: 'number'; value: number; truth: number; right: boolean }
  | { kind: 'predict'; guess: Required<MsgPattern>; truth: Required<MsgPattern>[]; right: boolean };

export interface LessonProgress {
  /** The step the learner was on (0-based). */
  step: number;
  /** Ids of the steps completed (question answered, checks passed). */
  done: string[];
  /** Answers by step id. */
  answers: Record<string, Answer>;
  /** Ids of the checks passed (a check once passed stays passed). */
  checks: string[];
  /**
   * Wrong answers taken back with "Try again", by step id: kept so the record stays honest (the
   * step shows that its first answer was wrong even after a right second one).
   */
  wrong?: Record<string, number>;
}

export interface Progress {
  version: 1;
  lessons: Record<string, LessonProgress>;
  /** The lesson open when the page was left (reopened on reload when the URL names none). */
  open?: string;
}

export const emptyProgress = (): Progress => ({ version: 1, lessons: {} });
export const emptyLesson = (): LessonProgress => ({ step: 0, done: [], answers: {}, checks: [] });

type Result<T> = { ok: true; value: T } | { ok: false; error: string };
const bad = (where: string, what: string): { ok: false; error: string } => ({ ok: false, error: `${where}: ${what}` });
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown, max = 200): v is string => typeof v === 'string' && v.length <= max;
const texts = (v: unknown): v is string[] => Array.isArray(v) && v.length <= 1000 && v.every((x) => isText(x));

function pattern(v: unknown): v is Required<MsgPattern> {
  return isObj(v) && isText(v.msg, 20) && isText(v.from, 40) && isText(v.to, 40);
}

function answer(v: unknown, where: string): Result<Answer> {
  if (!isObj(v)) return bad(where, 'expected an answer');
  if (typeof v.right !== 'boolean') return bad(`${where}.right`, 'expected true or false');
  switch (v.kind) {
    case 'choice':
      if (!Number.isInteger(v.choice) || (v.choice as number) < 0) return bad(`${where}.choice`, 'expected a choice');
      return { ok: true, value: { kind: 'choice', choice: v.choice as number, right: v.right } };
    case 'number':
      if (typeof v.value !== 'number' || !Number.isFinite(v.value)) return bad(`${where}.value`, 'expected a number');
      if (typeof v.truth !== 'number' || !Number.isFinite(v.truth)) return bad(`${where}.truth`, 'expected a number');
      return { ok: true, value: { kind: 'number', value: v.value, truth: v.truth, right: v.right } };
    case 'predict':
      if (!pattern(v.guess)) return bad(`${where}.guess`, 'expected { msg, from, to }');
      if (!Array.isArray(v.truth) || !v.truth.every(pattern))
        return bad(`${where}.truth`, 'expected a list of messages');
      return {
        ok: true,
        value: {
          kind: 'predict',
          guess: { msg: v.guess.msg, from: v.guess.from, to: v.guess.to },
          truth: v.truth.map((t) => ({ msg: t.msg, from: t.from, to: t.to })),
          right: v.right,
        },
      };
    default:
      return bad(`${where}.kind`, `unknown answer kind ${JSON.stringify(v.kind) ?? 'nothing'}`);
  }
}

function lessonProgress(v: unknown, where: string): Result<LessonProgress> {
  if (!isObj(v)) return bad(where, 'expected the progress of a lesson');
  if (!Number.isInteger(v.step) || (v.step as number) < 0 || (v.step as number) > 1000)
    return bad(`${where}.step`, 'expected a step number');
  if (!texts(v.done)) return bad(`${where}.done`, 'expected a list of step ids');
  if (!texts(v.checks)) return bad(`${where}.checks`, 'expected a list of check ids');
  if (!isObj(v.answers)) return bad(`${where}.answers`, 'expected the answers by step');
  const answers: Record<string, Answer> = {};
  for (const [k, a] of Object.entries(v.answers)) {
    const r = answer(a, `${where}.answers.${k}`);
    if (!r.ok) return r;
    answers[k] = r.value;
  }
  let wrong: Record<string, number> | undefined;
  if (v.wrong !== undefined) {
    if (!isObj(v.wrong)) return bad(`${where}.wrong`, 'expected the wrong answers by step');
    wrong = {};
    for (const [k, n] of Object.entries(v.wrong)) {
      if (!Number.isInteger(n) || (n as number) < 1 || (n as number) > 1000)
        return bad(`${where}.wrong.${k}`, 'expected a count of wrong answers');
      wrong[k] = n as number;
    }
  }
  return {
    ok: true,
    value: { step: v.step as number, done: [...v.done], checks: [...v.checks], answers, ...(wrong ? { wrong } : {}) },
  };
}

/** Validates progress read back from storage or a file. */
export function validateProgress(v: unknown): Result<Progress> {
  if (!isObj(v)) return bad('progress', 'expected an object');
  if (v.version !== 1) return bad('version', `expected 1, got ${JSON.stringify(v.version) ?? 'nothing'}`);
  if (!isObj(v.lessons)) return bad('lessons', 'expected the progress by lesson');
  const out: Progress = { version: 1, lessons: {} };
  for (const [id, l] of Object.entries(v.lessons)) {
    if (!isText(id, 200)) return bad('lessons', 'a lesson id is too long');
    const r = lessonProgress(l, `lessons.${id}`);
    if (!r.ok) return r;
    out.lessons[id] = r.value;
  }
  if (v.open !== undefined) {
    if (!isText(v.open)) return bad('open', 'expected a lesson id');
    out.open = v.open;
  }
  return { ok: true, value: out };
}

/** Reads the stored progress; anything unreadable gives empty progress and says why. */
export function loadProgress(text: string | null): { progress: Progress; notice?: string } {
  if (text === null) return { progress: emptyProgress() };
  try {
    const r = validateProgress(JSON.parse(text));
    if (r.ok) return { progress: r.value };
    return { progress: emptyProgress(), notice: `The saved lesson progress could not be read (${r.error}).` };
  } catch {
    return { progress: emptyProgress(), notice: 'The saved lesson progress could not be read (not JSON).' };
  }
}

/** The progress file: the progress itself with a format tag. */
export function exportProgress(p: Progress): string {
  return JSON.stringify({ format: PROGRESS_FORMAT, ...p }, null, 2) + '\n';
}

/**
 * A progress file's text, validated, merged over `current`: the lessons it holds replace those
 * lessons' progress; the others are kept. A bad file changes nothing and says what is wrong.
 */
export function importProgress(text: string, current: Progress): Result<Progress> {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return { ok: false, error: 'this is not a progress file (not JSON)' };
  }
  if (!isObj(v) || v.format !== PROGRESS_FORMAT)
    return { ok: false, error: `this is not a progress file (expected "format": "${PROGRESS_FORMAT}")` };
  const { format: _f, ...rest } = v;
  const r = validateProgress(rest);
  if (!r.ok) return r;
  const merged: Progress = { ...current, lessons: { ...current.lessons, ...r.value.lessons } };
  return { ok: true, value: merged };
}
