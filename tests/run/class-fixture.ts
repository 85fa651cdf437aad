// A class of students doing examples/exercise-figure3.md: each student's own run (the exercise's
// scripted solution with the student's numbers, as the engine gives it) and their hand-in, and
// the ways a student might tamper with one. Shared by the unit tests and the e2e fixture writer.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { PacketCore } from '../../core/wasm.ts';
import { parseLesson, runsOf, setupParams, type Lesson } from '../../core/lessons.ts';
import { runSolution } from '../../core/lesson-run.ts';
import { lessonStateAt } from '../../core/lesson-state.ts';
import { makeRun } from '../../core/run/run.ts';
import {
  applyVariant,
  drawVariant,
  makeHandIn,
  type HandIn,
  type RawAnswer,
  type RunRecords,
} from '../../core/run/classroom.ts';

export const EXERCISE_FILE = fileURLToPath(new URL('../../examples/exercise-figure3.md', import.meta.url));

export function exercise(): { text: string; lesson: Lesson } {
  const text = readFileSync(EXERCISE_FILE, 'utf8');
  const p = parseLesson(text);
  if (!p.ok) throw new Error(p.errors.map((e) => e.where + ': ' + e.message).join('\n'));
  return { text, lesson: p.lesson };
}

/** A student's runs as the page would hand them in: the solution's moves with their numbers. */
export function studentRuns(core: PacketCore, lesson: Lesson, student: string): Record<string, RunRecords> {
  const mine = applyVariant(lesson, drawVariant(lesson, student));
  const out: Record<string, RunRecords> = {};
  for (const lr of runsOf(mine)) {
    const { records, until } = runSolution(core, lr);
    const params = setupParams(lr.setup, lr.solution?.params);
    const run = makeRun(
      { scenario: lr.setup.scenario, seed: lr.setup.seed, ...(params ? { params } : {}) },
      records,
      until,
      until,
    );
    out[mine.steps[lr.start]!.id] = { run, records };
  }
  return out;
}

export type Tamper = 'none' | 'answer' | 'check' | 'moves' | 'numbers';

/** A class of `n` student numbers s001…; every fifth student's file is tampered with, in turn each way. */
export function classPlan(n: number): { student: string; tamper: Tamper }[] {
  const tampers: Tamper[] = ['answer', 'check', 'moves', 'numbers'];
  return Array.from({ length: n }, (_, i) => ({
    student: `s${String(i + 1).padStart(3, '0')}`,
    tamper: i % 5 === 4 ? tampers[((i / 5) | 0) % 4]! : 'none',
  }));
}

/** An honest hand-in (a right number answer, the right choice), then tampered as asked. */
export function handIn(core: PacketCore, lesson: Lesson, student: string, tamper: Tamper, k: number): HandIn {
  const runs = studentRuns(core, lesson, student);
  // Some students answer wrongly: a wrong answer is not a tampered one.
  const answers: Record<string, RawAnswer> = { why: { kind: 'choice', choice: k % 4 === 3 ? 2 : 0 } };
  // The l3-latency the student's own run gives, read as the Measures panel shows it (0.1 ms);
  // every third student misreads it by 25 ms.
  const probe = makeHandIn(lesson, student, runs, { latency: { kind: 'number', value: 0 } }, undefined, lessonStateAt);
  const truth = probe.claims.answers['latency']?.truth ?? 0;
  answers['latency'] = { kind: 'number', value: k % 3 === 2 ? truth + 25 : Math.round(truth * 10) / 10 };
  const h = makeHandIn(lesson, student, runs, answers, '2026-12-02T20:00:00Z', lessonStateAt);
  switch (tamper) {
    case 'none':
      return h;
    case 'answer': {
      // A neighbour's number typed in, claimed right.
      h.answers['latency'] = { kind: 'number', value: 42 };
      h.claims.answers['latency'] = { right: true, truth: 42 };
      return h;
    }
    case 'check': {
      // A check that failed claimed passed, or one that passed claimed failed (the file edited).
      const id = 'no-dad';
      h.claims.checks[id] = h.claims.checks[id] === 'passed' ? 'failed' : 'passed';
      return h;
    }
    case 'moves': {
      // The moves edited (the MN moved elsewhere), claims left as they were.
      const run = h.runs['setup']!;
      run.moves = run.moves.map((m, i) => (i === run.moves.length - 1 ? { ...m, x: m.x - 40 } : m));
      return h;
    }
    case 'numbers': {
      // A neighbour's numbers copied into this student's file.
      h.variant = drawVariant(lesson, `${student} neighbour`);
      return h;
    }
  }
}
