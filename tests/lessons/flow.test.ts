// The order a lesson is taken in (core/lesson-flow.ts), on the course's own lessons and runs of
// the engine: a step whose task is a drag or a prediction starts afresh when the run has already
// gone past it (lesson 2 after step 1's Play); a later step's checks wait for it to be open; a
// step with nothing to answer is done once left, not once opened; an exercise's numbers are said
// with the page's labels.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseLesson, runOfStep, type Lesson } from '../../core/lessons.ts';
import { runSolution } from '../../core/lesson-run.ts';
import { loadPacketCore, type PacketCore } from '../../core/wasm.ts';
import { asksForMove, openChecks, plainStepDone, runIsPastStep, variantWords } from '../../core/lesson-flow.ts';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
function lesson(file: string): Lesson {
  const p = parseLesson(readFileSync(join(REPO, file), 'utf8'));
  if (!p.ok) throw new Error(p.errors[0]!.where + ': ' + p.errors[0]!.message);
  return p.lesson;
}
const L2 = lesson('lessons/02-figure3-mobile-initiated/index.md');
const EXERCISE = lesson('examples/exercise-figure3.md');

let core: PacketCore;
beforeAll(async () => {
  core = await loadPacketCore();
});

describe('a step that the run has already gone past starts again from its setup', () => {
  it("lesson 2: step 1's Play (the figure's own path, no drag) runs past step 2's drag and prediction", () => {
    const run = runOfStep(L2, 1);
    // Step 1 as the page plays it: the scenario's own path to its end, no move of the learner's.
    const { records, until } = runSolution(core, { ...run, solution: { moves: [] } });
    expect(asksForMove(L2.steps[1]!)).toBe(true);
    expect(runIsPastStep(L2, 1, { records, cursor: until, from: 0, answered: false })).toBe(true);
    // At the start of the run (paused at 0, MN in the oAR's cell) step 2 has everything left to do.
    expect(runIsPastStep(L2, 1, { records: [], cursor: 0, from: 0, answered: false })).toBe(false);
  });

  it("a run with the learner's own drag is not taken away from them, and an answered prediction is not asked again", () => {
    const run = runOfStep(L2, 1);
    const { records } = runSolution(core, run);
    expect(records.some((r) => r.kind === 'move')).toBe(true);
    const fbu = records.find((r) => r.kind === 'tx' && r.msg === 'F-BU')!;
    // Before the F-BU the learner still has the prediction ahead of them.
    expect(runIsPastStep(L2, 1, { records, cursor: fbu.t - 100_000, from: 0, answered: false })).toBe(false);
    // Answered: the step is theirs, whatever the cursor.
    const end = records.at(-1)!.t;
    expect(runIsPastStep(L2, 1, { records, cursor: end, from: 0, answered: true })).toBe(false);
    // Even on the figure's own path, no drag of theirs: an answered step is not taken again.
    const own = runSolution(core, { ...run, solution: { moves: [] } });
    expect(runIsPastStep(L2, 1, { records: own.records, cursor: own.until, from: 0, answered: true })).toBe(false);
    // Step 3 ("Watch the ladder") asks for no move and no prediction: never restarted.
    expect(runIsPastStep(L2, 2, { records, cursor: end, from: 0, answered: false })).toBe(false);
  });

  it('a step with its own setup is set up by its setup, not by this rule', () => {
    expect(runIsPastStep(L2, 0, { records: [], cursor: 10_000_000, from: 0, answered: false })).toBe(false);
  });
});

describe('steps tick in order', () => {
  it("lesson 2: step 3's checks are not judged while step 1 or 2 is open", () => {
    const step3 = L2.steps[2]!.checks.map((c) => c.id);
    expect(step3.length).toBeGreaterThan(0);
    for (const open of [0, 1]) expect(openChecks(L2, open).map((c) => c.id)).not.toContain(step3[0]);
    expect(openChecks(L2, 2).map((c) => c.id)).toEqual(expect.arrayContaining(step3));
  });

  it('a step with nothing to answer or check is done once left, not when opened; the last one once on it', () => {
    expect(plainStepDone(L2, 0, [], 0)).toBe(false);
    expect(plainStepDone(L2, 0, [0], 1)).toBe(true);
    // The exercise's first step (drag, play) is not done for entering a name.
    expect(plainStepDone(EXERCISE, 0, [], 0)).toBe(false);
    // A step with a question or checks is never done by this rule.
    expect(plainStepDone(L2, 1, [1], 2)).toBe(false);
    const last = L2.steps.length - 1;
    if (!L2.steps[last]!.question && L2.steps[last]!.checks.length === 0)
      expect(plainStepDone(L2, last, [], last)).toBe(true);
  });
});

describe("an exercise's numbers in words", () => {
  it("uses the page's field labels and units, not the lesson format's identifiers", () => {
    expect(variantWords({ wiredDelayMs: 5, l2HandoverMs: 140 })).toBe(
      'Wired link delay 5 ms, Layer-2 handover time 140 ms',
    );
    expect(variantWords({ bufferPackets: 8, seed: 3 })).toBe('Buffer size 8 packets, seed 3');
    expect(variantWords({})).toBe('');
  });
});
