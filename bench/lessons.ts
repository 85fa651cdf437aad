// Benchmarks of issue 12 (lessons in the page). Prints lines `bench <name> <value> <unit>`.
//   node --import tsx bench/lessons.ts
// The page's tutor judges the open run's pending checks on the main thread every 250 ms while the
// run goes (app/lessons/tutor.svelte.ts); state checks fold core/state.ts's stateAt once per
// instant of the trace, so they are the costly kind. Measured on lesson 2's own run (its scripted
// solution, played to the end), with every check pending (the worst case: nothing passed yet):
// - lesson_checks_eval_ms: one judgement of all of lesson 2's checks at the end of the run;
// - lesson_state_check_eval_ms: the same for one state check that never matches (a full scan);
// - lesson_long_*: the same after 20 s of run.
import { readFileSync } from 'node:fs';
import { evaluateChecks, parseLesson, runsOf, scenarioParams, type Check } from '../core/lessons.ts';
import { runSolution } from '../core/lesson-run.ts';
import { lessonStateAt } from '../core/lesson-state.ts';
import { loadPacketCore } from '../core/wasm.ts';

const line = (name: string, value: number, unit: string): void => {
  const v = value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
  console.log(`bench ${name} ${v} ${unit}`);
};
function best(fn: () => void, reps = 5): number {
  let b = Infinity;
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    fn();
    b = Math.min(b, performance.now() - t0);
  }
  return b;
}

const core = await loadPacketCore();
const p = parseLesson(readFileSync('lessons/02-figure3-mobile-initiated/index.md', 'utf8'));
if (!p.ok) throw new Error(p.errors.map((e) => e.where + ' ' + e.message).join('\n'));
const run = runSolution(core, runsOf(p.lesson)[0]!);
const ctx = {
  records: run.records,
  cursor: run.until,
  endUs: run.until,
  scenario: run.lab.scenario,
  params: scenarioParams(run.lab.scenario),
  stateAt: lessonStateAt,
};
const all = p.lesson.checks;
const never: Check = {
  id: 'never',
  text: '',
  line: 1,
  kind: 'state',
  node: 'nAR',
  table: 'routes',
  match: { dest: 'HoA' },
  absent: false,
};
line('lesson_trace_records', run.records.length, 'records');
line(
  'lesson_checks_eval_ms',
  best(() => void evaluateChecks(all, ctx)),
  'ms',
);
line(
  'lesson_state_check_eval_ms',
  best(() => void evaluateChecks([never], ctx)),
  'ms',
);

// A learner who lets the run go on: 20 s of it (the check stays pending and is judged again and again).
const r0 = runsOf(p.lesson)[0]!;
const long = runSolution(core, { ...r0, solution: { moves: r0.solution?.moves ?? [], untilMs: 20_000 } });
const longCtx = { ...ctx, records: long.records, cursor: long.until, endUs: long.until };
line('lesson_long_trace_records', long.records.length, 'records');
line(
  'lesson_long_state_check_eval_ms',
  best(() => void evaluateChecks([never], longCtx)),
  'ms',
);
line(
  'lesson_long_checks_eval_ms',
  best(() => void evaluateChecks(all, longCtx)),
  'ms',
);
