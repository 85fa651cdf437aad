// Benchmarks of issue 13's exercises. Prints lines `bench <name> <value> <unit>`.
//   node --import tsx bench/classroom.ts
// - classroom_recheck_ms: the teacher's re-check of one student's hand-in of
//   examples/exercise-figure3.md (replay of the run in the engine + judging every check and
//   answer), the best of 5 — the teacher's page does this once per file, in a worker;
// - classroom_class30_s: a class of 30 different students, one after the other (what the page's
//   worker does for a class; the page stays responsive meanwhile).
import { loadPacketCore } from '../core/wasm.ts';
import { lessonStateAt } from '../core/lesson-state.ts';
import { recheck } from '../core/run/classroom.ts';
import { exercise, handIn } from '../tests/run/class-fixture.ts';

const line = (name: string, value: number, unit: string): void => {
  const v = value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
  console.log(`bench ${name} ${v} ${unit}`);
};

const core = await loadPacketCore();
const { lesson } = exercise();
const one = handIn(core, lesson, 's001', 'none', 0);
let best = Infinity;
for (let i = 0; i < 5; i++) {
  const t0 = performance.now();
  recheck(core, lesson, one, lessonStateAt);
  best = Math.min(best, performance.now() - t0);
}
line('classroom_recheck_ms', best, 'ms');

const files = Array.from({ length: 30 }, (_, i) =>
  handIn(core, lesson, `s${String(i + 1).padStart(3, '0')}`, 'none', i),
);
const t0 = performance.now();
for (const h of files) recheck(core, lesson, h, lessonStateAt);
line('classroom_class30_s', (performance.now() - t0) / 1000, 's');
