// Exercises for a class (issue 13): per-student variants, the result file, and the teacher's
// re-check that replays every run in the engine and flags claims the replay contradicts.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPacketCore, type PacketCore } from '../../core/wasm.ts';
import { parseLesson, type Lesson } from '../../core/lessons.ts';
import { lessonStateAt } from '../../core/lesson-state.ts';
import {
  ResultError,
  applyVariant,
  drawVariant,
  handInToJson,
  parseHandIn,
  recheck,
  variantText,
  verdictNumbers,
  verdictsCsv,
  type Verdict,
} from '../../core/run/classroom.ts';
import { classPlan, exercise, handIn, type Tamper } from './class-fixture.ts';

let core: PacketCore;
let lesson: Lesson;
beforeAll(async () => {
  core = await loadPacketCore();
  lesson = exercise().lesson;
});

const CLASS = Array.from({ length: 30 }, (_, i) => `s${String(i + 1).padStart(3, '0')}`);

describe('variants', () => {
  it('gives the same student the same numbers, whatever the spacing and case of the name', () => {
    expect(drawVariant(lesson, 'Ada Lovelace')).toEqual(drawVariant(lesson, '  ada   LOVELACE '));
    expect(drawVariant(lesson, 's017')).toEqual(drawVariant(lesson, 's017'));
  });

  it('draws every number from its range and step', () => {
    for (const s of CLASS) {
      const v = drawVariant(lesson, s);
      expect(v.l2HandoverMs! % 10).toBe(0);
      expect(v.l2HandoverMs).toBeGreaterThanOrEqual(20);
      expect(v.l2HandoverMs).toBeLessThanOrEqual(200);
      expect(Number.isInteger(v.wiredDelayMs)).toBe(true);
      expect(v.wiredDelayMs).toBeGreaterThanOrEqual(1);
      expect(v.wiredDelayMs).toBeLessThanOrEqual(20);
    }
  });

  it('gives neighbours (consecutive student numbers) different numbers, spread over the range', () => {
    const vs = CLASS.map((s) => variantText(drawVariant(lesson, s)));
    for (let i = 1; i < vs.length; i++) expect(vs[i], `${CLASS[i - 1]} and ${CLASS[i]}`).not.toBe(vs[i - 1]);
    expect(new Set(vs).size).toBeGreaterThanOrEqual(27);
    const l2 = new Set(CLASS.map((s) => drawVariant(lesson, s).l2HandoverMs));
    expect(l2.size).toBeGreaterThanOrEqual(10);
  });

  it('sets every run of the exercise up with the student’s numbers', () => {
    const mine = applyVariant(lesson, { l2HandoverMs: 130, wiredDelayMs: 7 });
    expect(mine.steps[0]!.setup!.params).toEqual({
      mode: 'anticipated-mobile-stateless',
      l2HandoverMs: 130,
      wiredDelayMs: 7,
    });
  });

  it('refuses a bad range with its line and field', () => {
    const bad = parseLesson(
      exercise().text.replace(
        'l2HandoverMs: { min: 20, max: 200, step: 10 }',
        'l2HandoverMs: { min: 200, max: 20 }\n    mode: { min: 1, max: 2 }',
      ),
    );
    expect(bad.ok).toBe(false);
    const where = bad.ok ? [] : bad.errors.map((e) => e.where);
    expect(where).toContain('line 10, exercise.variants.l2HandoverMs.max');
    expect(where).toContain('line 11, exercise.variants.mode');
  });
});

describe('result files', () => {
  it('round-trips a hand-in and names the field of a bad one', () => {
    const h = handIn(core, lesson, 's001', 'none', 0);
    expect(parseHandIn(handInToJson(h))).toEqual(h);
    const cases: [(o: Record<string, any>) => void, string][] = [
      [(o) => (o.format = 'x'), 'format'],
      [(o) => delete o.student, 'student'],
      [(o) => (o.lesson.digest = 'zz'), 'lesson.digest'],
      [(o) => (o.variant.mode = 3), 'variant.mode'],
      [(o) => (o.runs.setup.moves[2].at = -1), 'runs.setup.moves[2].at'],
      [(o) => (o.runs.setup.seed = 'one'), 'runs.setup.seed'],
      [(o) => (o.answers.latency = { kind: 'number', value: 'ten' }), 'answers.latency.value'],
      [(o) => (o.answers.why.kind = 'essay'), 'answers.why.kind'],
      [(o) => (o.claims.checks.fbu = 'yes'), 'claims.checks.fbu'],
      [(o) => (o.claims.answers.why = {}), 'claims.answers.why.right'],
    ];
    for (const [edit, where] of cases) {
      const o = JSON.parse(handInToJson(h));
      edit(o);
      let err: unknown;
      try {
        parseHandIn(JSON.stringify(o));
      } catch (e) {
        err = e;
      }
      expect(err, where).toBeInstanceOf(ResultError);
      expect((err as ResultError).where).toBe(where);
      expect((err as ResultError).message.startsWith(where + ':')).toBe(true);
    }
    expect(() => parseHandIn('{"format": ')).toThrow(/file: not JSON/);
  });
});

describe('the teacher’s re-check', () => {
  it('an honest hand-in matches its replay; its number answer is judged against the student’s own run', () => {
    const v = recheck(core, lesson, handIn(core, lesson, 's001', 'none', 0), lessonStateAt);
    expect(v.flags).toEqual([]);
    expect(v.ok).toBe(true);
    expect(v.judgement.answers['latency']!.right).toBe(true);
    expect(v.score).toBe(v.outOf);
    // Another student's numbers give another latency: the same number would be wrong for them.
    const w = recheck(core, lesson, handIn(core, lesson, 's002', 'none', 0), lessonStateAt);
    expect(w.judgement.answers['latency']!.truth).not.toBe(v.judgement.answers['latency']!.truth);
  });

  it.each<[Tamper, RegExp]>([
    ['answer', /claims the answer to "latency" is right; it is wrong/],
    ['check', /claims check "no-dad" failed; its replay says passed/],
    ['moves', /run "setup": its replay differs/],
    ['numbers', /are not this student's/],
  ])('flags a hand-in tampered with (%s)', (tamper, reason) => {
    const v = recheck(core, lesson, handIn(core, lesson, 's003', tamper, 0), lessonStateAt);
    expect(v.ok).toBe(false);
    expect(v.flags.join('\n')).toMatch(reason);
  });

  it('a class of 30 result files: the tampered ones flagged, the others match, one CSV row per student', () => {
    const plan = classPlan(30).map((p) => ({ s: p.student, tamper: p.tamper }));
    const verdicts: Verdict[] = plan.map(({ s, tamper }, i) =>
      recheck(core, lesson, parseHandIn(handInToJson(handIn(core, lesson, s, tamper, i))), lessonStateAt),
    );
    plan.forEach(({ s, tamper }, i) =>
      expect(verdicts[i]!.ok, `${s} (${tamper}): ${verdicts[i]!.flags.join('; ')}`).toBe(tamper === 'none'),
    );
    expect(plan.filter((p) => p.tamper !== 'none')).toHaveLength(6);
    // Wrong answers are marked wrong, not flagged.
    expect(verdicts.filter((v) => v.ok && v.score < v.outOf).length).toBeGreaterThan(0);
    const csv = verdictsCsv(lesson, verdicts).trimEnd().split('\n');
    expect(csv).toHaveLength(31);
    expect(csv[0]).toBe(
      'student,expected: Wired link delay (ms),handed in: Wired link delay (ms),expected: Layer-2 handover time (ms),handed in: Layer-2 handover time (ms),check:fbu,check:order,check:no-dad,check:handover,answer:latency,answer:why,score,out_of,verdict,flags',
    );
    expect(new Set(csv.slice(1).map((r) => r.split(',')[0]))).toEqual(new Set(CLASS));
    expect(csv.filter((r) => r.includes(',flagged,'))).toHaveLength(6);
  });
});

/** RFC 4180 rows: quoted cells may hold commas, quotes ("") and newlines. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') quoted = !quoted;
    else if (!quoted && c === ',') {
      row.push(cell);
      cell = '';
    } else if (!quoted && c === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  return rows;
}

describe('the grade book and the table say the same (session 9 review)', () => {
  it('a file handed in under another name: "expected" holds his numbers, "handed in" the file’s, as the table shows', () => {
    // Bob hands in Ada's file with his name on it: her numbers, her runs.
    const bob = { ...handIn(core, lesson, 'Ada Lovelace', 'none', 0), student: 'Bob Tamper' };
    const v = recheck(core, lesson, parseHandIn(handInToJson(bob)), lessonStateAt);
    const honest = recheck(core, lesson, handIn(core, lesson, 'Ada Lovelace', 'none', 0), lessonStateAt);
    expect(v.ok).toBe(false);
    const his = drawVariant(lesson, 'Bob Tamper');
    const hers = drawVariant(lesson, 'Ada Lovelace');
    expect(his).not.toEqual(hers);

    const [head, ...rows] = readCsv(verdictsCsv(lesson, [honest, v]));
    const cell = (student: string, col: string) => rows.find((r) => r[0] === student)![head!.indexOf(col)]!;
    expect(head).toContain('expected: Layer-2 handover time (ms)');
    expect(cell('Bob Tamper', 'expected: Wired link delay (ms)')).toBe(String(his.wiredDelayMs));
    expect(cell('Bob Tamper', 'handed in: Wired link delay (ms)')).toBe(String(hers.wiredDelayMs));
    expect(cell('Bob Tamper', 'expected: Layer-2 handover time (ms)')).toBe(String(his.l2HandoverMs));
    expect(cell('Bob Tamper', 'handed in: Layer-2 handover time (ms)')).toBe(String(hers.l2HandoverMs));
    expect(cell('Ada Lovelace', 'expected: Layer-2 handover time (ms)')).toBe(String(hers.l2HandoverMs));
    expect(cell('Ada Lovelace', 'handed in: Layer-2 handover time (ms)')).toBe(String(hers.l2HandoverMs));
    expect(cell('Bob Tamper', 'verdict')).toBe('flagged');

    // The table's numbers come from the same function, so they are the CSV's cells.
    for (const n of verdictNumbers(lesson, v)) {
      const col = `${n.label} (${n.unit})`;
      expect(String(n.expected)).toBe(cell('Bob Tamper', `expected: ${col}`));
      expect(String(n.handedIn)).toBe(cell('Bob Tamper', `handed in: ${col}`));
    }

    // The flags name the numbers as the page's fields do, in ms — never the engine's µs keys.
    const flags = cell('Bob Tamper', 'flags');
    expect(flags).toContain(
      `run "setup" was not made with this student's numbers: Wired link delay ${hers.wiredDelayMs} ms, not ${his.wiredDelayMs} ms; Layer-2 handover time ${hers.l2HandoverMs} ms, not ${his.l2HandoverMs} ms`,
    );
    expect(flags).toContain(`its numbers (${variantText(hers)}) are not this student's (${variantText(his)})`);
    expect(variantText(his)).toBe(
      `Wired link delay ${his.wiredDelayMs} ms, Layer-2 handover time ${his.l2HandoverMs} ms`,
    );
    expect(flags).not.toMatch(/Us\b|Ms\b/);
  });
});
