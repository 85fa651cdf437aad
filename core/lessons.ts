// Lessons: Markdown with a front matter that names a scenario and the checks a learner's run must
// pass. Lessons name scenarios, messages and nodes by the names core/ gives them, and this module
// validates those names, so a rename in core/ breaks a test instead of silently breaking a lesson.
// Format: lessons/README.md. The same functions will serve the in-page lesson panel.
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { TraceRecord } from './trace.ts';
import { MSG_NAMES } from './scenario/schema.ts';
import { builtinIds } from './scenario/builtin.ts';

export type MsgName = (typeof MSG_NAMES)[number];

export type Check =
  /** The first `first` message is sent before the first `then` message. */
  | { id: string; text: string; kind: 'order'; first: MsgName; then: MsgName }
  /** At least `min` (default 1) `msg` messages are sent, optionally only those from/to the named nodes. */
  | { id: string; text: string; kind: 'sent'; msg: MsgName; from?: string; to?: string; min: number }
  /** No `msg` message is sent. */
  | { id: string; text: string; kind: 'not-sent'; msg: MsgName };

export interface Lesson {
  title: string;
  scenario: string;
  seed: number;
  goals: string[];
  checks: Check[];
  /** The Markdown after the front matter. */
  body: string;
}

export interface LessonError {
  /** Where: a field path in the front matter, or "front matter" / "line N". */
  where: string;
  message: string;
}

export type LessonParse = { ok: true; lesson: Lesson } | { ok: false; errors: LessonError[] };

const isMsg = (v: unknown): v is MsgName => typeof v === 'string' && (MSG_NAMES as readonly string[]).includes(v);

/** Parses and validates a lesson file's text. Never throws: problems come back with where they are. */
export function parseLesson(text: string): LessonParse {
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text);
  if (!m)
    return { ok: false, errors: [{ where: 'line 1', message: 'expected a front matter block between --- lines' }] };
  let fm: unknown;
  try {
    fm = parseYaml(m[1]!);
  } catch (e) {
    const line = e instanceof YAMLParseError && e.linePos ? `line ${e.linePos[0].line + 1}` : 'front matter';
    return {
      ok: false,
      errors: [{ where: line, message: e instanceof Error ? e.message.split('\n')[0]! : String(e) }],
    };
  }
  const errors: LessonError[] = [];
  const err = (where: string, message: string) => errors.push({ where, message });
  if (typeof fm !== 'object' || fm === null || Array.isArray(fm)) {
    return { ok: false, errors: [{ where: 'front matter', message: 'expected a mapping of fields' }] };
  }
  const f = fm as Record<string, unknown>;
  const str = (k: string): string => {
    const v = f[k];
    if (typeof v !== 'string' || v.trim() === '') err(k, 'expected a non-empty string');
    return typeof v === 'string' ? v : '';
  };
  const title = str('title');
  const scenario = str('scenario');
  if (scenario && !builtinIds().includes(scenario))
    err('scenario', `"${scenario}" is not a built-in scenario (${builtinIds().join(', ')})`);
  const seed = f.seed === undefined ? 1 : f.seed;
  if (!Number.isInteger(seed) || (seed as number) < 0) err('seed', 'expected a non-negative integer');
  const goals = f.goals === undefined ? [] : f.goals;
  if (!Array.isArray(goals) || goals.some((g) => typeof g !== 'string')) err('goals', 'expected a list of strings');
  const checks: Check[] = [];
  if (!Array.isArray(f.checks) || f.checks.length === 0) err('checks', 'expected a non-empty list of checks');
  else
    f.checks.forEach((c: unknown, i: number) => {
      const at = `checks[${i}]`;
      if (typeof c !== 'object' || c === null) return err(at, 'expected a mapping');
      const o = c as Record<string, unknown>;
      const id = typeof o.id === 'string' && o.id ? o.id : (err(`${at}.id`, 'expected a non-empty string'), '');
      const text =
        typeof o.text === 'string' && o.text ? o.text : (err(`${at}.text`, 'expected a non-empty string'), '');
      const msg = (k: string): MsgName => {
        if (!isMsg(o[k])) err(`${at}.${k}`, `expected a message name (${MSG_NAMES.join(', ')})`);
        return o[k] as MsgName;
      };
      switch (o.kind) {
        case 'order':
          checks.push({ id, text, kind: 'order', first: msg('first'), then: msg('then') });
          break;
        case 'sent': {
          const min = o.min === undefined ? 1 : o.min;
          if (!Number.isInteger(min) || (min as number) < 1) err(`${at}.min`, 'expected an integer ≥ 1');
          for (const k of ['from', 'to'] as const)
            if (o[k] !== undefined && typeof o[k] !== 'string') err(`${at}.${k}`, 'expected a node name');
          checks.push({
            id,
            text,
            kind: 'sent',
            msg: msg('msg'),
            min: min as number,
            ...(typeof o.from === 'string' ? { from: o.from } : {}),
            ...(typeof o.to === 'string' ? { to: o.to } : {}),
          });
          break;
        }
        case 'not-sent':
          checks.push({ id, text, kind: 'not-sent', msg: msg('msg') });
          break;
        default:
          err(`${at}.kind`, 'expected one of: order, sent, not-sent');
      }
    });
  const ids = checks.map((c) => c.id);
  ids.forEach((id, i) => {
    if (id && ids.indexOf(id) !== i) err(`checks[${i}].id`, `duplicate check id "${id}"`);
  });
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, lesson: { title, scenario, seed: seed as number, goals: goals as string[], checks, body: m[2]! } };
}

export interface CheckResult {
  id: string;
  text: string;
  passed: boolean;
  /** What was seen, in words a learner can act on. */
  detail: string;
}

/** Evaluates a lesson's checks against a trace (the `tx` records say what was sent, and when). */
export function runChecks(checks: Check[], trace: readonly TraceRecord[]): CheckResult[] {
  const sent = trace.filter((r): r is Extract<TraceRecord, { kind: 'tx' }> => r.kind === 'tx');
  const firstIndex = (msg: string) => sent.findIndex((r) => r.msg === msg);
  return checks.map((c) => {
    switch (c.kind) {
      case 'order': {
        const a = firstIndex(c.first);
        const b = firstIndex(c.then);
        if (a < 0) return { id: c.id, text: c.text, passed: false, detail: `no ${c.first} was sent` };
        if (b < 0) return { id: c.id, text: c.text, passed: false, detail: `no ${c.then} was sent` };
        const ta = sent[a]!.t / 1000;
        const tb = sent[b]!.t / 1000;
        return {
          id: c.id,
          text: c.text,
          passed: a < b,
          detail: `first ${c.first} at ${ta.toFixed(3)} ms, first ${c.then} at ${tb.toFixed(3)} ms`,
        };
      }
      case 'sent': {
        const n = sent.filter(
          (r) =>
            r.msg === c.msg && (c.from === undefined || r.from === c.from) && (c.to === undefined || r.to === c.to),
        ).length;
        const what = `${c.msg}${c.from ? ` from ${c.from}` : ''}${c.to ? ` to ${c.to}` : ''}`;
        return { id: c.id, text: c.text, passed: n >= c.min, detail: `${n} × ${what} sent (needed ${c.min})` };
      }
      case 'not-sent': {
        const n = sent.filter((r) => r.msg === c.msg).length;
        return { id: c.id, text: c.text, passed: n === 0, detail: `${n} × ${c.msg} sent` };
      }
    }
  });
}
