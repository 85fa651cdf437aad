// The lesson format's types: a lesson's steps, setups, questions and checks, the names they may
// use (messages, measures, state tables, parameters) and the parse result. The format itself:
// lessons/README.md; the parser: parse.ts; the judgements over a run: judge.ts.
import type { NodeName } from '../trace.ts';
import { MSG_NAMES } from '../scenario/schema.ts';
import { type HandoverMode } from '../protocol.ts';

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
export const MEASURE_UNIT: Record<MeasureName, string> = {
  l2: 'ms',
  'l3-latency': 'ms',
  dad: 'ms',
  lost: 'packets',
  buffered: 'packets',
  tunnelled: 'packets',
};
export const MEASURE_WORDS: Record<MeasureName, string> = {
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
