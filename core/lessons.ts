// Lessons: one Markdown file per lesson with a YAML front matter that lays out its steps — the
// lab's setup (scenario, parameters, cursor), a task, a question (multiple choice, a number read
// from the run, or "predict the next message"), an explanation quoting the draft — and the checks
// a learner's own run must pass. DOM-free: the page's lesson panel, `npm run lessons:check` and
// the tests all use these functions. Format: lessons/README.md.
//
// Lessons name scenarios, nodes and messages by the names core/ gives them and this module
// validates those names, so a rename in core/ breaks a test instead of silently breaking a lesson.
// Every error names the line of the lesson file and the field (the `yaml` package's positions).
import { LineCounter, parseDocument, isMap, isNode, type Node as YamlNode } from 'yaml';
import type { Micros, NodeName, TraceRecord } from './trace.ts';
import { DEFAULT_RADIO, DEFAULT_TIMERS, MSG_NAMES, validateScenario, type Scenario } from './scenario/schema.ts';
import { joinPrefixIid } from './wire/addr.ts';
import { builtin, builtinIds } from './scenario/builtin.ts';
import { MODES, type HandoverMode, type LabParams } from './protocol.ts';

export type MsgName = (typeof MSG_NAMES)[number];

/** A message as a ladder shows it: its name and, optionally, who sends it and to whom. */
export interface MsgPattern {
  msg: MsgName;
  from?: NodeName;
  to?: NodeName;
}

/** Bounds of a measured or set value: inclusive `min`/`max`, strict `above`/`below`. */
export interface Bounds {
  min?: number;
  max?: number;
  above?: number;
  below?: number;
}

/** What the run's measures offer a time check or a number question (core/lessons.ts `measure`). */
export const MEASURES = ['l2', 'l3-latency', 'dad', 'lost', 'buffered', 'tunnelled'] as const;
export type MeasureName = (typeof MEASURES)[number];
const MEASURE_UNIT: Record<MeasureName, string> = {
  l2: 'ms',
  'l3-latency': 'ms',
  dad: 'ms',
  lost: 'packets',
  buffered: 'packets',
  tunnelled: 'packets',
};
const MEASURE_WORDS: Record<MeasureName, string> = {
  l2: 'layer-2 handover time',
  'l3-latency': 'layer-3 handover latency',
  dad: 'DAD wait',
  lost: 'data packets to the MN lost',
  buffered: 'data packets buffered',
  tunnelled: 'data packets tunnelled',
};

/** The tables of a node's state (core/state.ts `NodeState`) a state check may look into. */
export const STATE_TABLES = ['machines', 'neighbors', 'bindings', 'routes', 'tunnels', 'buffers'] as const;
export type StateTable = (typeof STATE_TABLES)[number];

/**
 * The parameters a lesson may set or check, in the page's units (ms for times); each maps to a
 * field of the engine's `LabParams` (µs).
 */
export const LESSON_PARAMS = {
  mode: 'mode',
  wiredDelayMs: 'wiredDelayUs',
  l2HandoverMs: 'l2HandoverUs',
  raMinMs: 'raMinUs',
  raMaxMs: 'raMaxUs',
  buffering: 'buffering',
  bufferPackets: 'bufferPackets',
} as const;
export type LessonParamName = keyof typeof LESSON_PARAMS;
export type LessonParams = Partial<{
  mode: HandoverMode;
  wiredDelayMs: number;
  l2HandoverMs: number;
  raMinMs: number;
  raMaxMs: number;
  buffering: boolean;
  bufferPackets: number;
}>;

interface CheckBase {
  id: string;
  text: string;
  /** Line of the check in the lesson file. */
  line: number;
}

export type Check = CheckBase &
  (
    | /** The first `first` message is sent before the first `then` message. */
      { kind: 'order'; first: MsgName; then: MsgName }
      /** At least `min` (default 1) `msg` messages are sent, optionally only those from/to the named nodes. */
    | { kind: 'sent'; msg: MsgName; from?: string; to?: string; min: number }
    /** No such message is sent (judged once the handover has settled). */
    | { kind: 'not-sent'; msg: MsgName; from?: string; to?: string }
    /**
     * A row of a node's table matches `match` (field → value; the values `oCoA`, `nCoA`, `HoA`
     * stand for the MN's addresses) at some instant — or, with `absent`, never does.
     */
    | { kind: 'state'; node: string; table: StateTable; match: Record<string, string | number>; absent: boolean }
    /** A measure of handover `handover` (1-based) within bounds. */
    | ({ kind: 'time'; measure: MeasureName; handover: number } & Bounds)
    /** A parameter of the lab (as the learner set it) within bounds, or equal to `equals`. */
    | ({ kind: 'param'; param: LessonParamName; equals?: string | number | boolean } & Bounds)
  );
export type CheckKind = Check['kind'];
export const CHECK_KINDS: readonly CheckKind[] = ['order', 'sent', 'not-sent', 'state', 'time', 'param'];

export type Question =
  | { kind: 'choice'; prompt: string; choices: string[]; answer: number }
  /** A number the learner reads from the run: a measure of a handover, or a count of messages. */
  | {
      kind: 'number';
      prompt: string;
      measure?: MeasureName;
      handover: number;
      count?: MsgPattern;
      tolerance: number;
      unit: string;
    }
  /**
   * Predict the next message: the lab pauses just before the first signalling message matching
   * `answer` (sent after `after`, if given) and asks what comes next, who sends it and to whom.
   */
  | { kind: 'predict'; prompt: string; answer: Required<MsgPattern>; after?: MsgPattern };

export interface Explanation {
  /** The draft's section, e.g. "3.1.1". */
  section: string;
  /** The draft's own words (checked against the draft's text by the tests). */
  quote: string;
}

export interface Setup {
  scenario: string;
  seed: number;
  /** Absent: the scenario as written. */
  params?: LessonParams;
  /** Where the lab stops to begin with, ms of virtual time. */
  cursorMs: number;
}

/** One move of the learner: to a point, or to the centre of a cell (walked in 10 m steps). */
export type SolutionMove = { atMs: number; node: string } & ({ x: number; y: number } | { cell: string });

export interface Solution {
  moves: SolutionMove[];
  /** Parameters the learner changes before playing. */
  params?: LessonParams;
  /** How far to run, ms (default: the scenario's duration). */
  untilMs?: number;
}

export interface Step {
  id: string;
  title: string;
  /** Markdown. */
  text: string;
  task?: string;
  /** Loads the lab: begins a new run; later steps' checks run on it. */
  setup?: Setup;
  /** The learner's moves for this step's run (`npm run lessons:check`). */
  solution?: Solution;
  question?: Question;
  explain?: Explanation[];
  checks: Check[];
  line: number;
}

/**
 * The lesson parameters an exercise may vary per student (numbers only: a mode is what a lesson
 * teaches, not a number to personalise), and the run's `seed`.
 */
export const VARIANT_NAMES = ['wiredDelayMs', 'l2HandoverMs', 'raMinMs', 'raMaxMs', 'bufferPackets', 'seed'] as const;
export type VariantName = (typeof VARIANT_NAMES)[number];
/** A range a variant is drawn from: min, min + step, …, up to max. */
export interface VariantRange {
  min: number;
  max: number;
  step: number;
}
/** An exercise: a lesson a class hands in (core/run/classroom.ts), optionally with per-student numbers. */
export interface Exercise {
  variants: Partial<Record<VariantName, VariantRange>>;
}

export interface Lesson {
  title: string;
  /** Present when the lesson is an exercise: the page offers "Hand in". */
  exercise?: Exercise;
  /** Draft sections taught, e.g. ["3.1.1", "5.1.1"]. */
  sections: string[];
  goals: string[];
  steps: Step[];
  /** The Markdown after the front matter: the lesson's introduction. */
  body: string;
  /** The first step's setup, for the lessons list and older callers. */
  scenario: string;
  seed: number;
  /** Every step's checks, in order. */
  checks: Check[];
}

export interface LessonError {
  /** 1-based line of the lesson file. */
  line: number;
  /** The field, as a path: "steps[2].checks[0].kind"; "" for the file as a whole. */
  field: string;
  message: string;
  /** "line 12, steps[2].checks[0].kind" — for display. */
  where: string;
}

export type LessonParse = { ok: true; lesson: Lesson } | { ok: false; errors: LessonError[] };

const isMsg = (v: unknown): v is MsgName => typeof v === 'string' && (MSG_NAMES as readonly string[]).includes(v);

/** The node names of a built-in scenario (routers, mobiles, home agent, correspondent). */
export function scenarioNodes(id: string): string[] | null {
  const s = scenarioOf(id);
  if (!s) return null;
  return [...s.mobiles.map((m) => m.name), ...s.routers.map((r) => r.name), s.ha.name, s.cn.name];
}

const scenarios = new Map<string, Scenario | null>();
/** A built-in scenario, validated (memoised). */
export function scenarioOf(id: string): Scenario | null {
  if (!scenarios.has(id)) {
    const input = builtin(id);
    const v = input ? validateScenario(input) : null;
    scenarios.set(id, v && v.ok ? v.scenario : null);
  }
  return scenarios.get(id)!;
}

type Path = (string | number)[];
const fmt = (p: Path) => p.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');

/** Parses and validates a lesson file's text. Never throws: problems come back with line and field. */
export function parseLesson(text: string): LessonParse {
  if (typeof text !== 'string') return fail(1, '', 'a lesson is text');
  const m = /^(---\r?\n)([\s\S]*?\r?\n)?---[ \t]*(?:\r?\n|$)([\s\S]*)$/.exec(text);
  if (!m) return fail(1, '', 'expected a front matter block between --- lines at the top of the file');
  const fmText = m[2] ?? '';
  // The front matter starts on line 2 of the file.
  const lineOffset = 1;
  const lc = new LineCounter();
  const doc = parseDocument(fmText, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const lineAt = (offset: number) => lc.linePos(offset).line + lineOffset;
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((e) => {
        const line = lineAt(e.pos[0]);
        return mk(line, '', `YAML: ${e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`);
      }),
    };
  }
  const fm: unknown = doc.toJS();
  const errors: LessonError[] = [];
  /** The line of the deepest node that exists along `path`. */
  const lineOf = (path: Path): number => {
    for (let n = path.length; n >= 0; n--) {
      const node: unknown = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
      if (isNode(node) && (node as YamlNode).range) return lineAt((node as YamlNode).range![0]);
    }
    return 1;
  };
  /** Line of a mapping's key (the field is wrong), else of its value. */
  const keyLine = (path: Path): number => {
    const parent = path.length > 1 ? doc.getIn(path.slice(0, -1), true) : doc.contents;
    if (isMap(parent)) {
      const pair = parent.items.find(
        (p) => (isNode(p.key) ? (p.key as { value?: unknown }).value : p.key) === path.at(-1),
      );
      const k = pair?.key;
      if (isNode(k) && k.range) return lineAt(k.range[0]);
    }
    return lineOf(path);
  };
  const err = (path: Path, message: string) => errors.push(mk(keyLine(path), fmt(path), message));

  if (typeof fm !== 'object' || fm === null || Array.isArray(fm))
    return fail(2, '', 'the front matter must be a mapping of fields (title, sections, goals, steps)');
  const f = fm as Record<string, unknown>;
  const known = new Set(['title', 'sections', 'goals', 'steps', 'exercise', 'scenario', 'seed', 'checks']);
  for (const k of Object.keys(f))
    if (!known.has(k)) err([k], `unknown field "${k}" (expected ${[...known].join(', ')})`);

  const str = (o: Record<string, unknown>, path: Path, key: string, optional = false): string => {
    const v = o[key];
    if (v === undefined && optional) return '';
    if (typeof v !== 'string' || v.trim() === '') {
      err([...path, key], v === undefined ? `missing: expected a non-empty text` : 'expected a non-empty text');
      return '';
    }
    return v;
  };
  const num = (o: Record<string, unknown>, path: Path, key: string, opts: { min?: number; int?: boolean } = {}) => {
    const v = o[key];
    if (
      typeof v !== 'number' ||
      !Number.isFinite(v) ||
      (opts.int && !Number.isInteger(v)) ||
      (opts.min !== undefined && v < opts.min)
    ) {
      err(
        [...path, key],
        `expected ${opts.int ? 'an integer' : 'a number'}${opts.min !== undefined ? ` ≥ ${opts.min}` : ''}, got ${show(v)}`,
      );
      return opts.min ?? 0;
    }
    return v;
  };
  const obj = (v: unknown, path: Path, what = 'a mapping of fields'): Record<string, unknown> | null => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      err(path, `expected ${what}`);
      return null;
    }
    return v as Record<string, unknown>;
  };
  const onlyKeys = (o: Record<string, unknown>, path: Path, keys: string[]) => {
    for (const k of Object.keys(o))
      if (!keys.includes(k)) err([...path, k], `unknown field "${k}" here (expected ${keys.join(', ')})`);
  };

  const title = str(f, [], 'title');
  const sections: string[] = [];
  if (!Array.isArray(f.sections) || f.sections.length === 0)
    err(['sections'], 'expected a list of the draft sections taught, e.g. ["3.1.1", "5.2.1"]');
  else
    f.sections.forEach((s: unknown, i: number) => {
      const t = typeof s === 'number' ? String(s) : s;
      if (typeof t !== 'string' || !/^[3-9](\.\d+)*$/.test(t))
        err(['sections', i], `expected a section number of the draft such as "3.1.1", got ${show(s)}`);
      else sections.push(t);
    });
  const goals: string[] = [];
  if (!Array.isArray(f.goals) || f.goals.length === 0) err(['goals'], 'expected a list of goals (texts)');
  else
    f.goals.forEach((g: unknown, i: number) => {
      if (typeof g !== 'string' || !g.trim()) err(['goals', i], 'expected a text');
      else goals.push(g);
    });
  if (f.scenario !== undefined || f.checks !== undefined)
    err(
      [f.scenario !== undefined ? 'scenario' : 'checks'],
      'lessons now put the scenario in the first step\'s "setup" and checks in steps (lessons/README.md)',
    );

  let exercise: Exercise | undefined;
  if (f.exercise !== undefined) {
    const eo = obj(f.exercise, ['exercise'], 'a mapping: { variants }');
    if (eo) {
      onlyKeys(eo, ['exercise'], ['variants']);
      exercise = { variants: {} };
      if (eo.variants !== undefined) {
        const vp: Path = ['exercise', 'variants'];
        const vo = obj(eo.variants, vp, 'a mapping of parameters to ranges { min, max, step }');
        for (const [k, rv] of Object.entries(vo ?? {})) {
          if (!(VARIANT_NAMES as readonly string[]).includes(k)) {
            err([...vp, k], `"${k}" cannot vary (expected ${VARIANT_NAMES.join(', ')})`);
            continue;
          }
          const rp: Path = [...vp, k];
          const ro = obj(rv, rp, 'a range { min, max, step }');
          if (!ro) continue;
          onlyKeys(ro, rp, ['min', 'max', 'step']);
          const int = k === 'seed' || k === 'bufferPackets';
          const min = num(ro, rp, 'min', { min: 0, int });
          const max = num(ro, rp, 'max', { min: 0, int });
          const step = ro.step === undefined ? 1 : num(ro, rp, 'step', { min: 0, int });
          if (step <= 0) err([...rp, 'step'], 'expected a step above 0');
          else if (max < min) err([...rp, 'max'], `expected a maximum no smaller than the minimum (${min})`);
          else if ((max - min) / step > 1_000_000)
            err([...rp, 'step'], 'expected at most a million values in the range');
          exercise.variants[k as VariantName] = { min, max, step };
        }
      }
    }
  }

  const allIds = new Map<string, string>();
  const uniq = (id: string, path: Path, what: string) => {
    if (!id) return;
    if (allIds.has(id)) err(path, `duplicate id "${id}" (also ${allIds.get(id)})`);
    else allIds.set(id, `${what} at line ${lineOf(path)}`);
  };

  const pattern = (v: unknown, path: Path, nodes: string[] | null, needEnds: boolean): MsgPattern | null => {
    const o = obj(v, path, 'a message: { msg, from, to }');
    if (!o) return null;
    onlyKeys(o, path, ['msg', 'from', 'to']);
    if (!isMsg(o.msg)) {
      err([...path, 'msg'], `unknown message name ${show(o.msg)} (expected one of ${MSG_NAMES.join(', ')})`);
      return null;
    }
    const p: MsgPattern = { msg: o.msg };
    for (const k of ['from', 'to'] as const) {
      if (o[k] === undefined) {
        if (needEnds) err([...path, k], `missing: expected the node that ${k === 'from' ? 'sends' : 'receives'} it`);
        continue;
      }
      if (typeof o[k] !== 'string' || (nodes && !nodes.includes(o[k]))) {
        err([...path, k], `unknown node ${show(o[k])}${nodes ? ` (this scenario has ${nodes.join(', ')})` : ''}`);
        continue;
      }
      p[k] = o[k];
    }
    return p;
  };
  const bounds = (o: Record<string, unknown>, path: Path, need: boolean): Bounds => {
    const b: Bounds = {};
    for (const k of ['min', 'max', 'above', 'below'] as const) if (o[k] !== undefined) b[k] = num(o, path, k);
    if (need && Object.keys(b).length === 0) err(path, 'expected at least one bound: min, max, above or below');
    return b;
  };
  const params = (v: unknown, path: Path): LessonParams | undefined => {
    const o = obj(v, path, 'a mapping of parameters');
    if (!o) return undefined;
    const out: Record<string, unknown> = {};
    for (const [k, val] of Object.entries(o)) {
      if (!(k in LESSON_PARAMS)) {
        err([...path, k], `unknown parameter "${k}" (expected ${Object.keys(LESSON_PARAMS).join(', ')})`);
        continue;
      }
      if (k === 'mode') {
        if (!(MODES as readonly unknown[]).includes(val)) err([...path, k], `expected one of ${MODES.join(', ')}`);
        else out[k] = val;
      } else if (k === 'buffering') {
        if (typeof val !== 'boolean') err([...path, k], 'expected true or false');
        else out[k] = val;
      } else out[k] = num(o, path, k, { min: 0, int: k === 'bufferPackets' });
    }
    return out as LessonParams;
  };

  const steps: Step[] = [];
  let current: { scenario: string; nodes: string[] | null } | null = null;
  if (!Array.isArray(f.steps) || f.steps.length === 0) err(['steps'], 'expected a non-empty list of steps');
  else
    f.steps.forEach((sv: unknown, i: number) => {
      const sp: Path = ['steps', i];
      const s = obj(sv, sp);
      if (!s) return;
      onlyKeys(s, sp, ['id', 'title', 'text', 'task', 'setup', 'solution', 'question', 'explain', 'checks']);
      const id = str(s, sp, 'id');
      if (id && !/^[a-z0-9][a-z0-9-]*$/.test(id)) err([...sp, 'id'], 'expected lowercase letters, digits and -');
      uniq(id, [...sp, 'id'], 'a step');
      const step: Step = {
        id,
        title: str(s, sp, 'title'),
        text: str(s, sp, 'text', true),
        checks: [],
        line: lineOf(sp),
      };
      if (s.task !== undefined) step.task = str(s, sp, 'task');
      if (s.setup !== undefined) {
        const up: Path = [...sp, 'setup'];
        const o = obj(s.setup, up);
        if (o) {
          onlyKeys(o, up, ['scenario', 'seed', 'params', 'cursorMs']);
          const scenario = str(o, up, 'scenario');
          if (scenario && !builtinIds().includes(scenario))
            err([...up, 'scenario'], `"${scenario}" is not a built-in scenario (${builtinIds().join(', ')})`);
          const setup: Setup = {
            scenario,
            seed: o.seed === undefined ? 1 : num(o, up, 'seed', { min: 0, int: true }),
            cursorMs: o.cursorMs === undefined ? 0 : num(o, up, 'cursorMs', { min: 0 }),
          };
          if (o.params !== undefined) {
            const p = params(o.params, [...up, 'params']);
            if (p) setup.params = p;
          }
          step.setup = setup;
          current = { scenario, nodes: scenario ? scenarioNodes(scenario) : null };
        }
      } else if (i === 0) err([...sp, 'setup'], 'missing: the first step must set up the lab (setup: { scenario })');
      const nodes = current?.nodes ?? null;
      const node = (o: Record<string, unknown>, path: Path, key: string): string => {
        const v = o[key];
        if (typeof v !== 'string' || (nodes && !nodes.includes(v))) {
          err([...path, key], `unknown node ${show(v)}${nodes ? ` (this scenario has ${nodes.join(', ')})` : ''}`);
          return '';
        }
        return v;
      };
      if (s.solution !== undefined) {
        const up: Path = [...sp, 'solution'];
        if (s.setup === undefined) err(up, "a solution belongs to a step with a setup (it is that run's moves)");
        const o = obj(s.solution, up);
        if (o) {
          onlyKeys(o, up, ['moves', 'params', 'untilMs']);
          const moves: SolutionMove[] = [];
          const mv = o.moves === undefined ? [] : o.moves;
          if (!Array.isArray(mv))
            err([...up, 'moves'], 'expected a list of moves { atMs, node, x, y } or { atMs, node, cell }');
          else
            mv.forEach((m: unknown, j: number) => {
              const mp: Path = [...up, 'moves', j];
              const mo = obj(m, mp);
              if (!mo) return;
              onlyKeys(mo, mp, ['atMs', 'node', 'x', 'y', 'cell']);
              const atMs = num(mo, mp, 'atMs', { min: 0 });
              const nd = node(mo, mp, 'node');
              if (mo.cell !== undefined) {
                const routers = current ? (scenarioOf(current.scenario)?.routers.map((r) => r.name) ?? []) : [];
                if (typeof mo.cell !== 'string' || !routers.includes(mo.cell))
                  err([...mp, 'cell'], `unknown cell ${show(mo.cell)} (cells: ${routers.join(', ')})`);
                moves.push({ atMs, node: nd, cell: String(mo.cell) });
              } else moves.push({ atMs, node: nd, x: num(mo, mp, 'x'), y: num(mo, mp, 'y') });
            });
          const sol: Solution = { moves };
          if (o.params !== undefined) {
            const p = params(o.params, [...up, 'params']);
            if (p) sol.params = p;
          }
          if (o.untilMs !== undefined) sol.untilMs = num(o, up, 'untilMs', { min: 1 });
          step.solution = sol;
        }
      }
      if (s.question !== undefined) {
        const qp: Path = [...sp, 'question'];
        const q = obj(s.question, qp);
        if (q) {
          const prompt = str(q, qp, 'prompt');
          switch (q.kind) {
            case 'choice': {
              onlyKeys(q, qp, ['kind', 'prompt', 'choices', 'answer']);
              const choices = Array.isArray(q.choices) ? q.choices.map(String) : [];
              if (!Array.isArray(q.choices) || choices.length < 2)
                err([...qp, 'choices'], 'expected a list of at least two choices');
              const answer = num(q, qp, 'answer', { min: 0, int: true });
              if (answer >= choices.length && choices.length > 0)
                err([...qp, 'answer'], `expected the index of the right choice, 0 to ${choices.length - 1}`);
              step.question = { kind: 'choice', prompt, choices, answer };
              break;
            }
            case 'number': {
              onlyKeys(q, qp, ['kind', 'prompt', 'measure', 'handover', 'count', 'tolerance']);
              let measure: MeasureName | undefined;
              let count: MsgPattern | undefined;
              if (q.measure !== undefined) {
                if (!(MEASURES as readonly unknown[]).includes(q.measure))
                  err([...qp, 'measure'], `unknown measure ${show(q.measure)} (expected ${MEASURES.join(', ')})`);
                else measure = q.measure as MeasureName;
              } else if (q.count !== undefined) count = pattern(q.count, [...qp, 'count'], nodes, false) ?? undefined;
              else
                err(qp, 'a number question reads a measure (measure: l3-latency) or counts messages (count: { msg })');
              const handover = q.handover === undefined ? 1 : num(q, qp, 'handover', { min: 1, int: true });
              const tolerance = num(q, qp, 'tolerance', { min: 0 });
              step.question = {
                kind: 'number',
                prompt,
                handover,
                tolerance,
                unit: measure ? MEASURE_UNIT[measure] : 'messages',
                ...(measure ? { measure } : {}),
                ...(count ? { count } : {}),
              };
              break;
            }
            case 'predict': {
              onlyKeys(q, qp, ['kind', 'prompt', 'answer', 'after']);
              const answer = pattern(q.answer, [...qp, 'answer'], nodes, true);
              const after = q.after === undefined ? undefined : pattern(q.after, [...qp, 'after'], nodes, false);
              if (answer && answer.msg === 'DATA')
                err([...qp, 'answer', 'msg'], 'predict a signalling message (data packets flow all the time)');
              if (answer)
                step.question = {
                  kind: 'predict',
                  prompt,
                  answer: answer as Required<MsgPattern>,
                  ...(after ? { after } : {}),
                };
              break;
            }
            default:
              err([...qp, 'kind'], `unknown question kind ${show(q.kind)} (expected choice, number, predict)`);
          }
        }
      }
      if (s.explain !== undefined) {
        const ep: Path = [...sp, 'explain'];
        const list = Array.isArray(s.explain) ? s.explain : [s.explain];
        step.explain = [];
        list.forEach((e: unknown, j: number) => {
          const p = Array.isArray(s.explain) ? [...ep, j] : ep;
          const o = obj(e, p, 'an explanation { section, quote }');
          if (!o) return;
          onlyKeys(o, p, ['section', 'quote']);
          const section = typeof o.section === 'number' ? String(o.section) : o.section;
          if (typeof section !== 'string' || !/^[1-9](\.\d+)*$/.test(section))
            err([...p, 'section'], `expected a section number such as "3.1.1", got ${show(o.section)}`);
          step.explain!.push({ section: String(section), quote: str(o, p, 'quote') });
        });
      }
      if (s.checks !== undefined) {
        if (!Array.isArray(s.checks)) err([...sp, 'checks'], 'expected a list of checks');
        else
          s.checks.forEach((cv: unknown, j: number) => {
            const cp: Path = [...sp, 'checks', j];
            const c = parseCheck(cv, cp);
            if (c) step.checks.push(c);
          });
      }
      steps.push(step);
    });

  function parseCheck(cv: unknown, cp: Path): Check | null {
    const o = obj(cv, cp);
    if (!o) return null;
    const id = str(o, cp, 'id');
    uniq(id, [...cp, 'id'], 'a check');
    const base = { id, text: str(o, cp, 'text'), line: lineOf(cp) };
    const nodes = current?.nodes ?? null;
    const msg = (k: string): MsgName => {
      if (!isMsg(o[k])) err([...cp, k], `unknown message name ${show(o[k])} (expected one of ${MSG_NAMES.join(', ')})`);
      return o[k] as MsgName;
    };
    const ends = (): { from?: string; to?: string } => {
      const out: { from?: string; to?: string } = {};
      for (const k of ['from', 'to'] as const) {
        if (o[k] === undefined) continue;
        if (typeof o[k] !== 'string' || (nodes && !nodes.includes(o[k])))
          err([...cp, k], `unknown node ${show(o[k])}${nodes ? ` (this scenario has ${nodes.join(', ')})` : ''}`);
        else out[k] = o[k];
      }
      return out;
    };
    const common = ['id', 'text', 'kind'];
    switch (o.kind) {
      case 'order':
        onlyKeys(o, cp, [...common, 'first', 'then']);
        return { ...base, kind: 'order', first: msg('first'), then: msg('then') };
      case 'sent': {
        onlyKeys(o, cp, [...common, 'msg', 'from', 'to', 'min']);
        const min = o.min === undefined ? 1 : num(o, cp, 'min', { min: 1, int: true });
        return { ...base, kind: 'sent', msg: msg('msg'), min, ...ends() };
      }
      case 'not-sent':
        onlyKeys(o, cp, [...common, 'msg', 'from', 'to']);
        return { ...base, kind: 'not-sent', msg: msg('msg'), ...ends() };
      case 'state': {
        onlyKeys(o, cp, [...common, 'node', 'table', 'match', 'absent']);
        const nd = typeof o.node === 'string' && nodes && !nodes.includes(o.node) ? '' : String(o.node ?? '');
        if (!nd)
          err(
            [...cp, 'node'],
            `unknown node ${show(o.node)}${nodes ? ` (this scenario has ${nodes.join(', ')})` : ''}`,
          );
        if (!(STATE_TABLES as readonly unknown[]).includes(o.table))
          err([...cp, 'table'], `unknown table ${show(o.table)} (expected ${STATE_TABLES.join(', ')})`);
        const match: Record<string, string | number> = {};
        const mo = o.match === undefined ? {} : obj(o.match, [...cp, 'match']);
        for (const [k, v] of Object.entries(mo ?? {})) {
          if (typeof v !== 'string' && typeof v !== 'number') err([...cp, 'match', k], 'expected a text or a number');
          else match[k] = v;
        }
        if (o.absent !== undefined && typeof o.absent !== 'boolean') err([...cp, 'absent'], 'expected true or false');
        return { ...base, kind: 'state', node: nd, table: o.table as StateTable, match, absent: o.absent === true };
      }
      case 'time': {
        onlyKeys(o, cp, [...common, 'measure', 'handover', 'min', 'max', 'above', 'below']);
        if (!(MEASURES as readonly unknown[]).includes(o.measure))
          err([...cp, 'measure'], `unknown measure ${show(o.measure)} (expected ${MEASURES.join(', ')})`);
        const handover = o.handover === undefined ? 1 : num(o, cp, 'handover', { min: 1, int: true });
        return { ...base, kind: 'time', measure: o.measure as MeasureName, handover, ...bounds(o, cp, true) };
      }
      case 'param': {
        onlyKeys(o, cp, [...common, 'param', 'equals', 'min', 'max', 'above', 'below']);
        if (typeof o.param !== 'string' || !(o.param in LESSON_PARAMS))
          err(
            [...cp, 'param'],
            `unknown parameter ${show(o.param)} (expected ${Object.keys(LESSON_PARAMS).join(', ')})`,
          );
        const b = bounds(o, cp, o.equals === undefined);
        const eq = o.equals;
        if (eq !== undefined && typeof eq !== 'string' && typeof eq !== 'number' && typeof eq !== 'boolean')
          err([...cp, 'equals'], 'expected a value');
        return {
          ...base,
          kind: 'param',
          param: o.param as LessonParamName,
          ...b,
          ...(eq !== undefined ? { equals: eq as string | number | boolean } : {}),
        };
      }
      default:
        err([...cp, 'kind'], `unknown check kind ${show(o.kind)} (expected one of: ${CHECK_KINDS.join(', ')})`);
        return null;
    }
  }

  if (errors.length > 0) return { ok: false, errors: errors.sort((a, b) => a.line - b.line) };
  const first = steps[0]!.setup!;
  return {
    ok: true,
    lesson: {
      title,
      sections,
      goals,
      steps,
      body: m[3] ?? '',
      ...(exercise ? { exercise } : {}),
      scenario: first.scenario,
      seed: first.seed,
      checks: steps.flatMap((s) => s.checks),
    },
  };
}

function mk(line: number, field: string, message: string): LessonError {
  return { line, field, message, where: field ? `line ${line}, ${field}` : `line ${line}` };
}
function fail(line: number, field: string, message: string): LessonParse {
  return { ok: false, errors: [mk(line, field, message)] };
}
function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 40 ? s.slice(0, 37) + '...' : s;
}

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

/** The MN's handovers in `records` (up to whatever time they reach), in order. */
export function handoversOf(records: readonly TraceRecord[], mn = 'MN'): Handover[] {
  const downs: number[] = [];
  records.forEach((r, i) => {
    if (r.kind === 'l2' && r.trigger === 'L2-LD' && r.node === mn) downs.push(i);
  });
  return downs.map((di, k) => {
    const down = records[di]!.t;
    const end = k + 1 < downs.length ? downs[k + 1]! : records.length;
    const prevEnd = k > 0 ? downs[k - 1]! : 0;
    let up: Micros | null = null;
    let firstNew: Micros | null = null;
    let lastOld: Micros | null = null;
    let lost = 0;
    let dadSet: { t: Micros; name: string } | null = null;
    let dad: number | undefined;
    const buffered = new Set<number>();
    const tunnelled = new Set<number>();
    for (let i = prevEnd; i < di; i++) {
      const r = records[i]!;
      if (r.kind === 'rx' && r.msg === 'DATA' && r.node === mn) lastOld = r.t;
    }
    for (let i = di; i < end; i++) {
      const r = records[i]!;
      if (r.kind === 'l2' && r.trigger === 'L2-LU' && r.node === mn && up === null) up = r.t;
      else if (r.kind === 'rx' && r.msg === 'DATA' && r.node === mn && up !== null && firstNew === null) firstNew = r.t;
      else if (r.kind === 'drop' && r.msg === 'DATA' && r.to === mn) lost++;
      else if (r.kind === 'buffer' && r.msg === 'DATA') buffered.add(r.pkt);
      else if (r.kind === 'encap' && r.msg === 'DATA') tunnelled.add(r.pkt);
      else if (r.kind === 'timer' && /dad/i.test(r.name)) {
        if (r.action === 'set' && !dadSet) dadSet = { t: r.t, name: r.name };
        else if (r.action === 'fired' && dadSet && r.name === dadSet.name && dad === undefined) dad = r.t - dadSet.t;
      }
    }
    const values: Partial<Record<MeasureName, number>> = { lost, buffered: buffered.size, tunnelled: tunnelled.size };
    if (up !== null) values.l2 = (up - down) / 1000;
    if (firstNew !== null && lastOld !== null) values['l3-latency'] = (firstNew - lastOld) / 1000;
    if (dad !== undefined) values.dad = dad / 1000;
    return { down, up, values, settled: firstNew !== null ? firstNew + SETTLE_US : null };
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
  let lo = 0;
  let hi = records.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (records[mid]!.t <= t) lo = mid + 1;
    else hi = mid;
  }
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

// ---------------------------------------------------------------------------------------------
// The draft: sections and quotes

/** Section numbers of the draft's headings (from its text), e.g. ["1", "1.1", …, "8.2.2", "9"]. */
export function draftSections(draft: string): string[] {
  const out: string[] = [];
  for (const line of draft.split('\n')) {
    const m = /^(\d+(?:\.\d+)*)\.?\s+[A-Z]/.exec(line);
    // Headings have no leader dots (those are the table of contents).
    if (m && !/\.{4,}/.test(line) && !out.includes(m[1]!)) out.push(m[1]!);
  }
  return out;
}

const squash = (s: string) =>
  s
    .replace(/\r/g, '')
    .replace(/\n\s*\f?\s*Design Team\s+\d+\s*\n\s*Internet Draft[^\n]*\n/g, '\n')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();

/**
 * Whether `quote` is the draft's own words in section `section` (whitespace and page breaks
 * ignored). A quote may elide with "…" or "...": each part must appear, in order, in the section.
 */
export function quoteInDraft(draft: string, section: string, quote: string): boolean {
  const lines = draft.split('\n');
  const heading = (l: string) => /^(\d+(?:\.\d+)*)\.?\s+[A-Z]/.exec(l);
  let start = -1;
  let end = lines.length;
  for (let i = 0; i < lines.length; i++) {
    const h = heading(lines[i]!);
    if (!h || /\.{4,}/.test(lines[i]!)) continue;
    if (start < 0 && h[1] === section) start = i;
    else if (start >= 0 && !h[1]!.startsWith(`${section}.`)) {
      end = i;
      break;
    }
  }
  if (start < 0) return false;
  const text = squash(lines.slice(start, end).join('\n'));
  let at = 0;
  for (const part of quote
    .split(/…|\.\.\./)
    .map(squash)
    .filter(Boolean)) {
    const i = text.indexOf(part, at);
    if (i < 0) return false;
    at = i + part.length;
  }
  return true;
}
