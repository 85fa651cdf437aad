// The tutor: the lesson open beside the lab, the step the learner is on, and the judging of their
// own live run. A step's setup loads its scenario and parameters through the Session (as the
// page's controls would); its checks are evaluated on the session's trace up to the cursor as the
// run goes and tick as they pass; a prediction holds the lab just before the event and plays it
// once answered. Progress is saved to localStorage on every change (app/lessons/progress.ts).
// The lesson format and every judgement are core/lessons.ts's; this class only wires them to the
// page (ARCHITECTURE.md: one Session, many front ends).
import type { Session } from '../lib/session.svelte.ts';
import type { Settings } from '../controls/settings.ts';
import type { Micros } from '../../core/trace.ts';
import type { LabParams } from '../../core/protocol.ts';
import {
  evaluateChecks,
  nextMessages,
  numberRight,
  parseLesson,
  predictionEvent,
  predictionRight,
  questionValue,
  runOfStep,
  scenarioOf,
  scenarioParams,
  setupParams,
  type CheckResult,
  type Lesson,
  type LessonError,
  type MsgPattern,
  type Run,
  type Step,
} from '../../core/lessons.ts';
import { lessonStateAt } from '../../core/lesson-state.ts';
import { openChecks, plainStepDone, runIsPastStep } from '../../core/lesson-flow.ts';
import { COURSE } from './course.ts';
import {
  PROGRESS_KEY,
  emptyLesson,
  exportProgress,
  importProgress,
  loadProgress,
  type LessonProgress,
  type Progress,
} from './progress.ts';
import { lessonFragment, lessonUrl, parseLessonLink } from './link.ts';
import { makeRun, validateRun, type Run as RunFile } from '../../core/run/run.ts';
import {
  applyVariant,
  drawVariant,
  handInFileName,
  handInToJson,
  studentKey,
  type HandIn,
  type RawAnswer,
  type Variant,
} from '../../core/run/classroom.ts';
import type { MarkReply, MarkRequest } from '../run/classroom-protocol.ts';

/** Where the page keeps the name or number a student typed for exercises (one for all of them). */
export const STUDENT_KEY = 'fmip-lab:student';
/**
 * Where the page keeps each lesson's and exercise's latest runs (inputs only, a few KB each): an
 * exercise's until handed in; a lesson's so that a reload or a closed tab puts the learner's own
 * run (their drag, not the scenario's path) back in the lab.
 */
export const EXERCISE_RUNS_KEY = 'fmip-lab:exercise-runs:v1';
/**
 * A teacher's own lesson file, kept in the browser as its text and where it came from, so a reload
 * or a closed tab does not lose it (its progress is in PROGRESS_KEY like any lesson's). It is
 * parsed again on every read, with the same validation as the file picker.
 */
export const CUSTOM_LESSON_KEY = 'fmip-lab:custom-lesson:v1';
export const MAX_STUDENT_CHARS = 120;

/** A lesson file bigger than this is refused (a lesson is text, not a data set). */
export const MAX_LESSON_BYTES = 512 * 1024;

/** A value read from the run as the Measures table shows it: milliseconds to 0.1, counts whole. */
export function shownValue(v: number, unit: string): string {
  return `${unit === 'ms' ? v.toFixed(1) : String(Math.round(v * 1000) / 1000)} ${unit}`;
}

export interface OpenLesson {
  /** Course folder name, or "file:<name>" for a teacher's own file. */
  id: string;
  /** The lesson as the learner takes it: an exercise with the student's numbers in its setups. */
  lesson: Lesson;
  custom: boolean;
  /** An exercise: the lesson as written (what a hand-in is judged against) and the student's numbers. */
  exercise?: { base: Lesson; student: string; variant: Variant };
}

export interface Asking {
  step: string;
  /** The instant the lab is held at: just before the event. */
  at: Micros;
  evT: Micros;
}

/** The messages a prediction reveals, in words; the same message sent twice is said once, "(×2)". */
export function sentText(truth: readonly Required<MsgPattern>[]): string {
  const counts = new Map<string, number>();
  for (const t of truth) {
    const k = `${t.msg} from ${t.from} to ${t.to}`;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return [...counts].map(([k, n]) => (n > 1 ? `${k} (×${n})` : k)).join(' and ');
}

export class Tutor {
  readonly course = COURSE;
  progress = $state<Progress>({ version: 1, lessons: {} });
  open = $state.raw<OpenLesson | null>(null);
  step = $state(0);
  /** Live results of the open run's checks, by id (the stored passes are in the progress). */
  results = $state.raw<Record<string, CheckResult>>({});
  /** The lab is held before a predicted message. */
  asking = $state.raw<Asking | null>(null);
  /** A teacher's file that did not parse: where it came from and its errors. */
  fileErrors = $state.raw<{ source: string; errors: LessonError[] } | null>(null);
  /** Problems to show once (a bad deep link, a bad progress file, unreadable storage). */
  notices = $state<string[]>([]);
  /** What the polite live region says (predictions, checks passed): the last few, newest last. */
  announcements = $state.raw<{ n: number; text: string }[]>([]);
  private said = 0;
  /** A teacher's own lesson file, parsed; kept in the browser (CUSTOM_LESSON_KEY) until removed. */
  private custom = $state.raw<OpenLesson | null>(null);
  private evaluating = 0;
  /** A step's run is being loaded (setUpRun): nothing is asked meanwhile. */
  private settingUp = false;
  /** The name or number the student typed for exercises ('' until they do). */
  student = $state('');
  /** An exercise with per-student numbers is waiting for the student's name before it starts. */
  needStudent = $state.raw<{ id: string; step: number } | null>(null);
  /**
   * The learner's latest run of each run of the open lesson or exercise (by the id of its setup
   * step), kept as they leave it or the page, and saved in the browser (a reload loses none): for
   * an exercise, what "Hand in" hands in.
   */
  private runs: Record<string, RunFile> = {};
  private worker: Worker | null = null;
  private jobs = new Map<string, (r: MarkReply) => void>();
  private jobN = 0;

  constructor(
    readonly session: Session,
    /** Loads the lab with these settings (the page's settings store and engine start). */
    private readonly setup: (s: Settings) => Promise<void>,
    private readonly storage: Storage | null,
  ) {
    const loaded = loadProgress(this.read());
    this.progress = loaded.progress;
    try {
      this.student = (this.storage?.getItem(STUDENT_KEY) ?? '').slice(0, MAX_STUDENT_CHARS);
    } catch {
      this.student = '';
    }
    if (loaded.notice) this.notices = [loaded.notice];
    this.restoreCustom();
  }

  /** The teacher's lesson file saved by an earlier visit, if it still parses (else a notice, and it is dropped). */
  private restoreCustom(): void {
    let raw: string | null;
    try {
      raw = this.storage?.getItem(CUSTOM_LESSON_KEY) ?? null;
    } catch {
      return;
    }
    if (raw === null) return;
    let saved: unknown;
    try {
      saved = JSON.parse(raw);
    } catch {
      saved = null;
    }
    const rec = saved as { source?: unknown; text?: unknown } | null;
    if (typeof rec?.source !== 'string' || typeof rec.text !== 'string' || rec.text.length > MAX_LESSON_BYTES) {
      this.notices = [...this.notices, 'The lesson file saved in this browser is unreadable and was removed.'];
      this.forgetCustom();
      return;
    }
    const p = parseLesson(rec.text);
    if (!p.ok) {
      const e = p.errors[0]!;
      this.notices = [
        ...this.notices,
        `The lesson file ${rec.source} saved in this browser no longer opens (${e.where}: ${e.message}); open it again to see every error.`,
      ];
      this.forgetCustom();
      return;
    }
    this.custom = { id: `file:${rec.source}`, lesson: p.lesson, custom: true };
  }

  private forgetCustom(): void {
    try {
      this.storage?.removeItem(CUSTOM_LESSON_KEY);
    } catch {
      // Storage forbidden: nothing was kept.
    }
  }

  /** Removes the teacher's lesson file from the list and the browser (its progress is kept with the rest). */
  removeCustom(): void {
    if (!this.custom) return;
    if (this.open?.id === this.custom.id) this.close();
    this.custom = null;
    this.forgetCustom();
  }

  // ── opening ───────────────────────────────────────────────────────────────────────────────

  /** Opens what the URL asks for (a deep link, a same-origin lesson file), else the lesson left open. */
  async start(hash: string, search: string, href: string): Promise<void> {
    const param = new URLSearchParams(search).get('lesson');
    if (param !== null) {
      const u = lessonUrl(param, href);
      if (!u.ok) this.notices = [...this.notices, u.error];
      else await this.fetchLesson(u.url);
      return;
    }
    const ids = this.course.map((c) => c.id);
    const link = parseLessonLink(hash, (id) => this.lessonOf(id)?.steps.length ?? null, ids);
    if (link && !link.ok) {
      this.notices = [...this.notices, link.error];
      // A bad step of a real lesson still opens the lesson.
      const id = new URLSearchParams(hash.replace(/^#/, '')).get('lesson') ?? '';
      if (this.lessonOf(id)) await this.openLesson(id, 0);
      return;
    }
    if (link) return this.openLesson(link.link.lesson, link.link.step);
    const last = this.progress.open;
    if (last && this.lessonOf(last)) await this.openLesson(last, this.lessonProgress(last).step, false);
  }

  lessonOf(id: string): Lesson | null {
    if (this.custom?.id === id) return this.custom.lesson;
    const p = this.course.find((c) => c.id === id)?.parsed;
    return p?.ok ? p.lesson : null;
  }

  /** Opens a lesson at a step; loads the step's run unless the lab already runs it. */
  async openLesson(id: string, step: number, setUp = true): Promise<void> {
    const base = this.lessonOf(id);
    if (!base) return;
    this.snapshot();
    this.runs = {};
    this.needStudent = null;
    let lesson = base;
    let exercise: OpenLesson['exercise'];
    if (base.exercise) {
      const varies = Object.keys(base.exercise.variants).length > 0;
      // The student's numbers come from their name: ask for it before the lab is set up.
      if (varies && !this.student.trim()) {
        this.open = null;
        this.needStudent = { id, step };
        return;
      }
      const variant = varies ? drawVariant(base, this.student) : {};
      lesson = applyVariant(base, variant);
      exercise = { base, student: this.student, variant };
    }
    this.runs = this.savedRuns(id, exercise ? this.student : '');
    this.open = { id, lesson, custom: this.custom?.id === id, ...(exercise ? { exercise } : {}) };
    this.progress.open = id;
    this.progress.lessons[id] ??= emptyLesson();
    // Opening a lesson at a step with a setup begins its run; elsewhere the run is loaded only if the lab runs another.
    const at = Math.max(0, Math.min(step, lesson.steps.length - 1));
    // A lesson or exercise reopened (after a reload, say) puts the learner's saved run back in the lab.
    const saved = this.runs[lesson.steps[runOfStep(lesson, at).start]!.id];
    await this.go(at, saved ? 'never' : setUp ? 'always' : 'never');
    if (saved) await this.restoreRun(saved);
  }

  close(): void {
    this.snapshot();
    this.open = null;
    this.needStudent = null;
    this.asking = null;
    this.session.hold(null);
    this.results = {};
    delete this.progress.open;
    this.save();
    this.link();
  }

  /** A teacher's own lesson file: validated; a bad one changes nothing and its errors are shown. */
  async openFile(text: string, source: string): Promise<boolean> {
    if (text.length > MAX_LESSON_BYTES) {
      this.fileErrors = {
        source,
        errors: [
          { line: 1, field: '', message: `the file is larger than ${MAX_LESSON_BYTES / 1024} KiB`, where: 'line 1' },
        ],
      };
      return false;
    }
    const p = parseLesson(text);
    if (!p.ok) {
      this.fileErrors = { source, errors: p.errors };
      return false;
    }
    this.fileErrors = null;
    this.custom = { id: `file:${source}`, lesson: p.lesson, custom: true };
    try {
      this.storage?.setItem(CUSTOM_LESSON_KEY, JSON.stringify({ source, text }));
    } catch {
      this.notices = [
        ...this.notices,
        `The lesson file ${source} is open, but this browser would not keep it: open it again after a reload.`,
      ];
    }
    await this.openLesson(this.custom.id, 0);
    return true;
  }

  get customLesson(): OpenLesson | null {
    return this.custom;
  }

  private async fetchLesson(url: string): Promise<void> {
    const name = decodeURIComponent(new URL(url).pathname.split('/').pop() || url);
    try {
      const r = await fetch(url, { credentials: 'same-origin' });
      if (!r.ok) {
        this.notices = [...this.notices, `The lesson file ${name} could not be fetched (HTTP ${r.status}).`];
        return;
      }
      await this.openFile(await r.text(), name);
    } catch (e) {
      this.notices = [
        ...this.notices,
        `The lesson file ${name} could not be fetched (${e instanceof Error ? e.message : String(e)}).`,
      ];
    }
  }

  // ── steps ─────────────────────────────────────────────────────────────────────────────────

  get lesson(): Lesson | null {
    return this.open?.lesson ?? null;
  }

  get current(): Step | null {
    return this.lesson?.steps[this.step] ?? null;
  }

  get run(): Run | null {
    return this.lesson ? runOfStep(this.lesson, this.step) : null;
  }

  get mine(): LessonProgress {
    return this.open ? this.lessonProgress(this.open.id) : emptyLesson();
  }

  lessonProgress(id: string): LessonProgress {
    return this.progress.lessons[id] ?? emptyLesson();
  }

  /** The lab runs this step's run: its scenario is the one loaded. */
  get runLoaded(): boolean {
    const run = this.run;
    const l = this.session.loaded;
    return !!run && !!l && l.inline === undefined && l.scenario === run.setup.scenario;
  }

  /** The lab runs this step's run as its setup has it: the same scenario and parameters. */
  get runAsSetUp(): boolean {
    const run = this.run;
    if (!run || !this.runLoaded) return false;
    const sc = scenarioOf(run.setup.scenario);
    if (!sc) return false;
    const want = setupParams(run.setup) ?? scenarioParams(sc);
    const have: LabParams = { ...scenarioParams(sc), ...(this.session.loaded?.whatIf ?? {}) };
    return (Object.keys(want) as (keyof LabParams)[]).every((k) => want[k] === have[k]);
  }

  /**
   * Goes to a step. "always": a step with a setup begins its run afresh; "if-needed" (and "always"
   * on a step without a setup): the step's run is loaded only when the lab runs something else;
   * "never": the lab is left as it is (going back a step, a reload resuming the lesson).
   */
  async go(step: number, setUp: 'always' | 'if-needed' | 'never' = 'always', left = -1): Promise<void> {
    const lesson = this.lesson;
    if (!lesson || step < 0 || step >= lesson.steps.length) return;
    this.snapshot();
    this.step = step;
    this.asking = null;
    this.mine.step = step;
    // A step with nothing to answer or check is done once the learner has moved on from it.
    this.markDone(left);
    this.link();
    const s = lesson.steps[step]!;
    if ((setUp === 'always' && s.setup) || (setUp !== 'never' && !this.runAsSetUp)) await this.setUpRun();
    else if (setUp !== 'never' && this.pastStep()) {
      // The run has already done what this step asks the learner to do (step 1's Play ran the
      // figure's own path past the prediction, say): the step starts from its run's setup.
      await this.setUpRun();
      this.say('The lab is set up again for this step: the run had gone past it.');
    } else this.schedule();
  }

  /** The current run has gone past what the current step asks for (core/lesson-flow.ts). */
  private pastStep(): boolean {
    const lesson = this.lesson;
    const s = this.current;
    if (!lesson || !s || !this.runLoaded || !this.session.topology) return false;
    return runIsPastStep(lesson, this.step, {
      records: this.session.trace.records,
      cursor: this.session.cursor,
      from: this.predictFrom(),
      answered: this.mine.answers[s.id] !== undefined || this.stepDone(this.step),
    });
  }

  /** Loads the current step's run: its scenario and parameters, paused at its cursor. */
  async setUpRun(): Promise<void> {
    const run = this.run;
    if (!run) return;
    this.asking = null;
    this.results = {};
    this.session.pause();
    this.session.hold(null);
    const whatIf: Partial<LabParams> = setupParams(run.setup) ?? {};
    // Nothing is asked on the old run while the new one loads (watch() runs as the page changes).
    this.settingUp = true;
    try {
      await this.setup({ scenario: run.setup.scenario, seed: run.setup.seed, whatIf });
    } finally {
      this.settingUp = false;
    }
    this.asking = null;
    this.session.hold(null);
    this.session.pause();
    const at = Math.round(run.setup.cursorMs * 1000);
    if (at > 0 && this.session.status === 'ready') {
      await this.session.advance(at);
      this.session.flush();
      this.session.goto(at);
    }
    this.schedule();
  }

  /** The fragment of the page's URL follows the lesson and step (a deep link to share). */
  private link(): void {
    if (typeof history === 'undefined') return;
    const base = location.pathname + location.search;
    if (this.open && !this.open.custom)
      history.replaceState(history.state, '', base + lessonFragment({ lesson: this.open.id, step: this.step }));
    else if (/(?:^#|&)lesson=/.test(location.hash)) history.replaceState(history.state, '', base);
  }

  // ── the learner's run ─────────────────────────────────────────────────────────────────────

  /** Judges the run's checks soon (coalesced: the trace grows every frame). */
  schedule(): void {
    if (this.evaluating) return;
    this.evaluating = setTimeout(() => {
      this.evaluating = 0;
      this.evaluate();
    }, 250) as unknown as number;
  }

  /** The checks of the steps of the current run, judged on the session's trace up to its cursor. */
  evaluate(): void {
    const lesson = this.lesson;
    const run = this.run;
    // Nothing is judged while the run loads: with no topology yet the run has no end to judge at.
    if (!lesson || !run || !this.runLoaded || !this.session.topology) {
      this.results = {};
      return;
    }
    const sc = scenarioOf(run.setup.scenario);
    if (!sc) return;
    // Only the checks of the steps reached so far: a later step is judged once it is open.
    const checks = openChecks(lesson, this.step);
    const mine = this.mine;
    const params: LabParams = { ...scenarioParams(sc), ...(this.session.loaded?.whatIf ?? {}) };
    const results = evaluateChecks(
      checks.filter((c) => !mine.checks.includes(c.id)),
      {
        records: this.session.trace.records,
        cursor: this.session.cursor,
        endUs: Math.max(this.session.end, this.session.cursor),
        scenario: sc,
        params,
        stateAt: lessonStateAt,
      },
    );
    const passed = results.filter((r) => r.passed);
    this.results = { ...this.results, ...Object.fromEntries(results.map((r) => [r.id, r])) };
    if (passed.length > 0) {
      mine.checks.push(...passed.map((r) => r.id));
      this.say(passed.map((r) => `Check passed: ${r.text}`).join(' '));
      this.markDone();
    }
  }

  /** Where the current step's prediction looks from: after the run's earlier predicted messages. */
  private predictFrom(): Micros {
    const lesson = this.lesson!;
    const run = this.run!;
    let from = Math.round(run.setup.cursorMs * 1000);
    for (const i of run.steps) {
      if (i >= this.step) break;
      const q = lesson.steps[i]!.question;
      if (q?.kind !== 'predict') continue;
      const ev = predictionEvent(q, this.session.trace.records, from);
      if (ev) from = ev.t;
    }
    return from;
  }

  /**
   * Called as the cursor moves: holds the lab just before the message the current step asks the
   * learner to predict (it may already be in the trace: the engine runs a little ahead).
   */
  watch(): void {
    const s = this.current;
    const q = s?.question;
    if (this.settingUp) return;
    if (!s || q?.kind !== 'predict' || this.mine.answers[s.id] || !this.runLoaded) {
      if (this.asking) this.asking = null;
      if (this.session.holdAt !== null) this.session.hold(null);
      return;
    }
    const ev = predictionEvent(q, this.session.trace.records, this.predictFrom());
    if (!ev) return;
    const at = ev.t - 1;
    // Held as soon as the event is known (the engine runs ahead of the cursor): play stops there.
    if (this.session.holdAt !== at) this.session.hold(at);
    if (this.session.cursor < at) return;
    this.session.pause();
    if (this.session.cursor !== at) this.session.goto(at, 'lesson');
    if (this.asking?.step !== s.id) {
      this.asking = { step: s.id, at, evT: ev.t };
      this.say(`The lab is paused before the next message. ${q.prompt}`);
    }
  }

  answerChoice(choice: number): void {
    const s = this.current;
    if (s?.question?.kind !== 'choice') return;
    const right = choice === s.question.answer;
    this.mine.answers[s.id] = { kind: 'choice', choice, right };
    this.say(right ? 'Right.' : `Not quite: the answer is "${s.question.choices[s.question.answer]}".`);
    this.markDone();
  }

  /** A number read from the run: judged against the learner's own run. False: nothing to read yet. */
  answerNumber(value: number): boolean {
    const s = this.current;
    if (s?.question?.kind !== 'number' || !Number.isFinite(value)) return false;
    const truth = this.runLoaded ? questionValue(s.question, this.session.recordsAtCursor()) : null;
    if (truth === null) {
      this.say('Your run has no value to read yet: play the handover to its end first.');
      return false;
    }
    const right = numberRight(s.question, value, truth);
    this.mine.answers[s.id] = { kind: 'number', value, truth, right };
    const shown = shownValue(truth, s.question.unit);
    this.say(right ? `Right: your run reads ${shown}.` : `Not quite: your run reads ${shown}.`);
    this.markDone();
    return true;
  }

  /** The prediction: judged against what the run sends next, then the lab plays the event. */
  answerPredict(guess: Required<MsgPattern>): void {
    const s = this.current;
    const a = this.asking;
    if (s?.question?.kind !== 'predict' || !a || a.step !== s.id) return;
    const truth = nextMessages(this.session.trace.records, a.at);
    const right = predictionRight(guess, truth);
    this.mine.answers[s.id] = { kind: 'predict', guess, truth, right };
    this.asking = null;
    this.session.hold(null);
    this.session.goto(a.evT, 'lesson');
    const said = sentText(truth);
    this.say(right ? `Right: ${said}. Press Play to go on.` : `Not quite: the run sent ${said}. Press Play to go on.`);
    this.markDone();
  }

  /** A step is done once its question is answered and its checks have passed. */
  stepDone(i: number): boolean {
    return this.mine.done.includes(this.lesson?.steps[i]?.id ?? '');
  }

  /** Marks the steps done that are; `left`: the step the learner has just moved on from (Next). */
  private markDone(left = -1): void {
    const lesson = this.lesson;
    if (!lesson) return;
    const mine = this.mine;
    lesson.steps.forEach((s, i) => {
      const plain = !s.question && s.checks.length === 0;
      const ok = plain
        ? plainStepDone(lesson, i, left >= 0 ? [left] : [], this.step)
        : (!s.question || mine.answers[s.id] !== undefined) && s.checks.every((c) => mine.checks.includes(c.id));
      if (ok && !mine.done.includes(s.id)) mine.done.push(s.id);
    });
    this.save();
  }

  async next(): Promise<void> {
    await this.go(this.step + 1, 'always', this.step);
  }

  /** Wrong answers to the current step taken back with "Try again" (0: none). */
  wrongBefore(stepId: string): number {
    return this.mine.wrong?.[stepId] ?? 0;
  }

  /**
   * "Try again" after a wrong answer (lessons only: an exercise's answers are what it hands in):
   * the answer is cleared, with the record that it was wrong kept, and a prediction's lab goes
   * back to just before the message, to be asked again.
   */
  retry(): void {
    const s = this.current;
    const a = s ? this.mine.answers[s.id] : undefined;
    if (!s || !a || a.right || this.open?.exercise) return;
    const mine = this.mine;
    mine.wrong = { ...(mine.wrong ?? {}), [s.id]: (mine.wrong?.[s.id] ?? 0) + 1 };
    delete mine.answers[s.id];
    mine.done = mine.done.filter((d) => d !== s.id);
    this.save();
    this.say('Try again.');
    // watch() holds the lab before the predicted message again (it goes back there if the run went on).
    if (s.question?.kind === 'predict') this.watch();
  }

  /** Forgets the progress on the open lesson (the page asks first) and starts it again. */
  async reset(): Promise<void> {
    if (!this.open) return;
    this.progress.lessons[this.open.id] = emptyLesson();
    this.save();
    // Its runs start again too (the saved ones would be restored otherwise).
    this.runs = {};
    this.saveRuns();
    this.say('The lesson was reset.');
    await this.go(0);
  }

  // ── exercises ─────────────────────────────────────────────────────────────────────────────

  /**
   * The student's name or number (kept in this browser). An exercise with per-student numbers
   * restarts with the numbers of that name; a name too long or empty is refused (false).
   */
  async setStudent(name: string): Promise<boolean> {
    const n = name.trim().replace(/\s+/g, ' ');
    if (!n || n.length > MAX_STUDENT_CHARS) return false;
    this.student = n;
    try {
      this.storage?.setItem(STUDENT_KEY, n);
    } catch {
      // Storage forbidden: the name holds for this page.
    }
    const waiting = this.needStudent ?? (this.open?.exercise ? { id: this.open.id, step: this.step } : null);
    if (waiting) {
      this.runs = {};
      // New numbers mean a new run: openLesson sets the lab up again with them.
      await this.openLesson(waiting.id, waiting.step);
    }
    return true;
  }

  /** Keeps the learner's run now: the page calls it as it is hidden or unloaded (a reload, a closed tab). */
  keep(): void {
    this.snapshot();
  }

  /** Keeps the learner's current run of the open lesson (its inputs), to restore it or hand it in. */
  private snapshot(): void {
    const run = this.open && this.lesson ? this.run : null;
    const l = this.session.loaded;
    if (!run || !l || !this.runLoaded || !this.session.topology) return;
    this.session.flush();
    const inputs = { scenario: l.scenario, seed: l.seed, ...(l.whatIf ? { params: { ...l.whatIf } } : {}) };
    const id = this.lesson!.steps[run.start]!.id;
    const next = makeRun(
      inputs as Parameters<typeof makeRun>[0],
      this.session.trace.records,
      this.session.now,
      this.session.cursor,
    );
    const prev = this.runs[id];
    // A run just set up and not touched never replaces one the learner worked on.
    if (prev && next.moves.length === 0 && (prev.moves.length > 0 || next.end < prev.end)) return;
    this.runs[id] = next;
    this.saveRuns();
  }

  /** Replays a saved run into the lab through the page's setup, as app/run/replay.ts does. */
  private async restoreRun(run: RunFile): Promise<void> {
    this.asking = null;
    this.results = {};
    this.session.pause();
    await this.setup({ scenario: run.scenario, seed: run.seed, whatIf: run.params ?? {} });
    if (this.session.status !== 'ready') return;
    for (const m of run.moves) await this.session.move(m.node, m.x, m.y, m.at);
    this.session.flush();
    if (run.end > this.session.now) await this.session.advance(run.end);
    this.session.flush();
    this.session.goto(run.cursor);
    this.say('Your run is back in the lab, as you left it.');
    this.schedule();
  }

  /** The saved runs of an exercise for this student; a run that does not read back is dropped. */
  private savedRuns(id: string, student: string): Record<string, RunFile> {
    try {
      const all = JSON.parse(this.storage?.getItem(EXERCISE_RUNS_KEY) ?? '{}') as Record<string, unknown>;
      // By exercise and student: two students sharing a browser keep their own runs.
      const mine = all[`${id}\n${studentKey(student)}`] as
        { student?: unknown; runs?: Record<string, unknown> } | undefined;
      if (!mine || typeof mine.student !== 'string' || studentKey(mine.student) !== studentKey(student)) return {};
      const out: Record<string, RunFile> = {};
      for (const [k, r] of Object.entries(mine.runs ?? {})) {
        try {
          out[k] = validateRun(r);
        } catch {
          // A run that does not read back (another version of the lab) is run again.
        }
      }
      return out;
    } catch {
      return {};
    }
  }

  private saveRuns(): void {
    if (!this.open) return;
    const student = this.open.exercise?.student ?? '';
    try {
      const all = JSON.parse(this.storage?.getItem(EXERCISE_RUNS_KEY) ?? '{}') as Record<string, unknown>;
      all[`${this.open.id}\n${studentKey(student)}`] = { student, runs: this.runs };
      this.storage?.setItem(EXERCISE_RUNS_KEY, JSON.stringify(all));
    } catch {
      // Storage full or forbidden: the runs hold for this page.
    }
  }

  private ask(m: MarkRequest & { id: string }): Promise<MarkReply> {
    if (!this.worker) {
      this.worker = new Worker(new URL('../run/classroom.worker.ts', import.meta.url), {
        type: 'module',
        name: 'fmip-classroom',
      });
      this.worker.onmessage = (e: MessageEvent<MarkReply>) => {
        const r = e.data;
        if (r.type === 'broken') for (const done of this.jobs.values()) done(r);
        else if ('id' in r) this.jobs.get(r.id)?.(r);
      };
    }
    return new Promise((resolve) => {
      this.jobs.set(m.id, (r) => {
        this.jobs.delete(m.id);
        resolve(r);
      });
      this.worker!.postMessage(m);
    });
  }

  /**
   * The result file of the open exercise: the student's runs (inputs only), their answers, and the
   * checks and answers judged on those runs — by the same function the teacher's re-check runs
   * after replaying them (core/run/classroom.ts), so an honest file matches its replay.
   */
  async handIn(student: string): Promise<{ file: string; text: string; handIn: HandIn } | { error: string }> {
    const ex = this.open?.exercise;
    if (!ex || !student.trim()) return { error: 'There is nothing to hand in yet.' };
    this.snapshot();
    if (Object.keys(this.runs).length === 0)
      return { error: 'There is no run to hand in yet: set up the lab and run it.' };
    const answers: Record<string, RawAnswer> = {};
    for (const [k, a] of Object.entries($state.snapshot(this.mine.answers))) {
      if (a.kind === 'choice') answers[k] = { kind: 'choice', choice: a.choice };
      else if (a.kind === 'number') answers[k] = { kind: 'number', value: a.value };
      else answers[k] = { kind: 'predict', guess: a.guess };
    }
    // Judged in the worker on a replay of the runs: the very judgement the teacher's page repeats.
    const r = await this.ask({
      type: 'handin',
      id: `h${++this.jobN}`,
      lesson: $state.snapshot(ex.base) as Lesson,
      student,
      runs: $state.snapshot(this.runs) as Record<string, RunFile>,
      answers,
      handedIn: new Date().toISOString(),
    });
    if (r.type !== 'handin')
      return {
        error: `The result file could not be made: ${'message' in r ? r.message : 'no answer from the engine'}.`,
      };
    return { file: handInFileName(r.handIn), text: handInToJson(r.handIn), handIn: r.handIn };
  }

  // ── progress files ────────────────────────────────────────────────────────────────────────

  exportText(): string {
    return exportProgress($state.snapshot(this.progress) as Progress);
  }

  /** A progress file: merged over the current progress; a bad one changes nothing. */
  importText(text: string): string | null {
    const r = importProgress(text, $state.snapshot(this.progress) as Progress);
    if (!r.ok) return `The progress file was not imported: ${r.error}.`;
    this.progress = r.value;
    if (this.open) this.progress.lessons[this.open.id] ??= emptyLesson();
    this.save();
    this.results = {};
    this.say('Progress imported.');
    if (this.open) this.step = Math.min(this.mine.step, this.open.lesson.steps.length - 1);
    this.schedule();
    return null;
  }

  private say(text: string): void {
    // Kept as separate lines, so a check passing right after a pause does not cut its sentence off.
    this.announcements = [...this.announcements.slice(-2), { n: ++this.said, text }];
  }

  /** A deep link pasted into this tab (the fragment changed): open what it names. */
  async followLink(hash: string): Promise<void> {
    if (!/(?:^#|&)lesson=/.test(hash)) return;
    if (this.open && !this.open.custom && hash === lessonFragment({ lesson: this.open.id, step: this.step })) return;
    await this.start(hash, '', location.href);
  }

  private read(): string | null {
    try {
      return this.storage?.getItem(PROGRESS_KEY) ?? null;
    } catch {
      return null;
    }
  }

  save(): void {
    try {
      this.storage?.setItem(PROGRESS_KEY, JSON.stringify($state.snapshot(this.progress)));
    } catch {
      // Storage full or forbidden: progress still holds for this page; export keeps it.
    }
  }

  dispose(): void {
    this.worker?.terminate();
    clearTimeout(this.evaluating);
    this.session.hold(null);
  }
}
