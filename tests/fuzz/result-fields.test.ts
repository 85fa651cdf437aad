// Every field of a result file (core/run/classroom.ts, an exercise's "Hand in", read by the
// teacher's page) tried with bad values: wrong type, out of range, huge, empty, unicode, script
// text. Each gives a ResultError whose `where` is that field and whose message starts with it.
import { describe, expect, it } from 'vitest';
import { parseHandIn, ResultError, RESULT_FORMAT, RESULT_VERSION } from '../../core/run/classroom.ts';
import { RUN_FORMAT, RUN_VERSION } from '../../core/run/run.ts';

const good = () => ({
  format: RESULT_FORMAT,
  version: RESULT_VERSION,
  student: 's001',
  lesson: { title: 'Exercise', digest: '0123456789abcd' },
  variant: { l2HandoverMs: 130, wiredDelayMs: 7 },
  handedIn: '2026-12-02T20:00:00Z',
  runs: {
    setup: {
      format: RUN_FORMAT,
      version: RUN_VERSION,
      scenario: 'fig3',
      seed: 1,
      moves: [{ node: 'MN', x: 300, y: 150, at: 900_000 }],
      end: 2_000_000,
      cursor: 1_000_000,
    },
  },
  answers: {
    latency: { kind: 'number', value: 66.1 },
    why: { kind: 'choice', choice: 0 },
    next: { kind: 'predict', guess: { msg: 'F-BU', from: 'MN', to: 'oAR' } },
  },
  claims: { checks: { fbu: 'passed' }, answers: { latency: { right: true, truth: 66.089 } } },
});

const HUGE = 'x'.repeat(100_000);
const STRINGS = ['', HUGE, 'Ω💥', '<script>alert(1)</script>'];
const notNumbers = ['5', true, null, [], {}, ...STRINGS];
const notStrings = [5, true, null, [], {}];
const notObjects = ['x', 5, [], true, null];

const FIELDS: [string, unknown[]][] = [
  ['format', [...notStrings, ...STRINGS, 'fmip-lab run']],
  ['version', [...notNumbers, 0, 2, 1.5]],
  ['student', [...notStrings, '', '   ', HUGE]],
  ['lesson', notObjects],
  ['lesson.title', [...notStrings, '']],
  ['lesson.digest', [...notStrings, ...STRINGS, '0123456789abcg']],
  ['variant', notObjects],
  ['variant.l2HandoverMs', notNumbers],
  ['handedIn', [...notStrings.filter((v) => v !== null), HUGE]],
  ['runs', notObjects],
  ['runs.setup.seed', [...notNumbers, -1, 1.5]],
  ['runs.setup.moves[0].at', [...notNumbers, -1, 1.5]],
  ['answers', notObjects],
  ['answers.latency', [5, 'x', null, true, []]],
  ['answers.latency.kind', [...notStrings, ...STRINGS, 'essay']],
  ['answers.latency.value', notNumbers],
  ['answers.why.choice', [...notNumbers, -1, 1.5]],
  ['answers.next.guess', [5, 'x', null, true, []]],
  ['answers.next.guess.msg', [...notStrings, 'x'.repeat(33)]],
  ['claims', notObjects],
  ['claims.checks', notObjects],
  ['claims.checks.fbu', [...notStrings, ...STRINGS, 'PASSED']],
  ['claims.answers', notObjects],
  ['claims.answers.latency.right', [...notStrings.filter((v) => v !== true), ...STRINGS, 'true']],
  ['claims.answers.latency.truth', notNumbers.filter((v) => v !== null)],
];

function set(o: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split(/\.|\[(\d+)\]/).filter((p) => p !== undefined && p !== '');
  let x = o as Record<string, unknown>;
  for (const p of parts.slice(0, -1)) x = x[p] as Record<string, unknown>;
  x[parts[parts.length - 1]!] = value;
}

describe('result file fields with bad values', () => {
  it('the result below is valid', () => {
    expect(parseHandIn(JSON.stringify(good()))).toMatchObject({ student: 's001' });
  });
  for (const [field, bad] of FIELDS)
    it(field, () => {
      for (const value of bad) {
        const h = good();
        set(h, field, value);
        let err: unknown;
        try {
          parseHandIn(JSON.stringify(h));
        } catch (e) {
          err = e;
        }
        const label = `${field} = ${String(JSON.stringify(value)).slice(0, 40)}`;
        expect(err, label).toBeInstanceOf(ResultError);
        const e = err as ResultError;
        // A claim's "right" is named with the answer when the answer itself is not an object.
        expect(e.where, `${label}: ${e.message}`).toBe(field);
        expect(e.message.startsWith(`${field}: expected`), e.message).toBe(true);
        expect(e.message.length).toBeLessThan(300);
      }
    });
});
