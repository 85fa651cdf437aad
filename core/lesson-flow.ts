// The order of a lesson as the learner takes it, DOM-free (the page's tutor applies it; the tests
// check it without a browser): which checks are judged while a step is open, when a step with
// nothing to answer is done, whether a step needs its run begun again because the run has already
// gone past what the step asks the learner to do, and a student's exercise numbers in words.
import type { Micros, TraceRecord } from './trace.ts';
import { NUMBER_FIELDS } from './settings.ts';
import {
  LESSON_PARAMS,
  VARIANT_NAMES,
  predictionEvent,
  runOfStep,
  type Check,
  type Lesson,
  type Step,
  type VariantName,
} from './lessons.ts';

/**
 * The checks judged while step `step` is open: those of its run's steps up to it. A later step's
 * checks wait until the learner reaches it, so playing step 1's run does not tick step 3 before
 * step 2 was taken (the run's whole trace counts once the step is open).
 */
export function openChecks(lesson: Lesson, step: number): Check[] {
  const run = runOfStep(lesson, step);
  return run.steps.filter((i) => i <= step).flatMap((i) => lesson.steps[i]!.checks);
}

/**
 * A step with neither question nor checks is done once the learner has moved on from it (or, the
 * lesson's last step, once they are on it): opening a lesson does not tick its first step.
 */
export function plainStepDone(lesson: Lesson, i: number, leftSteps: readonly number[], open: number): boolean {
  const s = lesson.steps[i];
  if (!s || s.question || s.checks.length > 0) return false;
  return leftSteps.includes(i) || (i === lesson.steps.length - 1 && open === i);
}

/** The step asks the learner to move a node themselves ("Drag the MN …", "Move to cell"). */
export function asksForMove(step: Step): boolean {
  return /\bdrag\b|\bmove to cell\b/i.test(step.task ?? '');
}

/** A learner's move (a drag, "Move to cell") is in the trace as a `move` record. */
const learnerMoved = (records: readonly TraceRecord[]): boolean => records.some((r) => r.kind === 'move');

/**
 * Whether the current run has gone past what step `step` asks the learner to do, so the step must
 * begin its run again from its setup (the scenario reloaded, paused at its cursor): a prediction
 * whose message the run has already reached (the lab would ask at once, with nothing left to
 * do), or a step that asks for a drag while the run, with no move of the learner's, is past the
 * instant the lesson's solution makes it (the scripted path has done the move for them).
 * `from`: where the step's prediction looks from (after the run's earlier predictions);
 * `answered`: the step is answered or done already (its run is then left as it is).
 */
export function runIsPastStep(
  lesson: Lesson,
  step: number,
  run: { records: readonly TraceRecord[]; cursor: Micros; from: Micros; answered: boolean },
): boolean {
  const s = lesson.steps[step];
  // A step already taken (answered, or done) keeps the run it was taken on.
  if (!s || s.setup || run.answered) return false;
  const q = s.question;
  if (q?.kind === 'predict') {
    const ev = predictionEvent(q, run.records, run.from);
    if (ev && run.cursor >= ev.t - 1) return true;
  }
  if (asksForMove(s) && !learnerMoved(run.records)) {
    const r = runOfStep(lesson, step);
    const due = Math.min(
      ...(r.solution?.moves ?? []).map((m) => Math.round(m.atMs * 1000)),
      Math.round(r.setup.cursorMs * 1000) + 1,
    );
    if (run.cursor > due) return true;
  }
  return false;
}

/** A student's exercise numbers as the page's fields label them: "Wired link delay 5 ms, Layer-2 handover time 140 ms". */
export function variantWords(v: Partial<Record<VariantName, number>>): string {
  return VARIANT_NAMES.filter((k) => v[k] !== undefined)
    .map((k) => {
      if (k === 'seed') return `seed ${v[k]}`;
      const f = NUMBER_FIELDS.find((n) => n.key === LESSON_PARAMS[k]);
      return f ? `${f.label} ${v[k]} ${f.unit}` : `${k} ${v[k]}`;
    })
    .join(', ');
}
