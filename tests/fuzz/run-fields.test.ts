// Every field of a run file (core/run/run.ts, "Save run" / "Open run…") tried with bad values
// (issue 15): wrong type, out of range, huge, empty, unicode, script text. Each gives a RunError
// whose `where` is that field and whose message starts with it; the text the user opened is not
// changed (the page keeps showing what it had, RunTools.svelte).
import { describe, expect, it } from 'vitest';
import { parseRunFile, RunError, RUN_FORMAT, RUN_VERSION } from '../../core/run/run.ts';
import { DEFAULT_PARAMS } from '../../app/controls/settings.ts';

const good = () => ({
  format: RUN_FORMAT,
  version: RUN_VERSION,
  scenario: 'fig3',
  seed: 1,
  params: { ...DEFAULT_PARAMS },
  moves: [{ node: 'MN', x: 300, y: 150, at: 900_000 }],
  end: 2_000_000,
  cursor: 1_000_000,
  fingerprint: '0123456789abcd',
});

const HUGE = 'x'.repeat(100_000);
const STRINGS = ['', HUGE, 'Ω💥', '<script>alert(1)</script>'];
const notNumbers = ['5', true, null, [], {}, ...STRINGS];
const notStrings = [5, true, null, [], {}];
const INT_US = [...notNumbers, -1, 1.5, 3_600_000_001, 1e300];

/** Field → values it must refuse. */
const FIELDS: [string, unknown[]][] = [
  ['format', [...notStrings, ...STRINGS, 'fmip-lab run ']],
  ['scenario', [...notStrings, ...STRINGS, '../etc', 'Fig3']],
  ['seed', [...notNumbers, -1, 1.5, 2 ** 32, 1e300]],
  ['params', ['x', 5, [], true, null]],
  ...Object.keys(DEFAULT_PARAMS).map((k): [string, unknown[]] => [
    `params.${k}`,
    k === 'mode'
      ? [...notStrings, ...STRINGS, 'warp']
      : k === 'buffering'
        ? ['true', 1, null, ...STRINGS]
        : [...notNumbers, -1, 1.5, 1e300],
  ]),
  ['moves', ['x', 5, {}, null, true, new Array(50_001).fill({ node: 'MN', x: 0, y: 0, at: 0 })]],
  ['moves[0]', [5, 'x', null, true]],
  ['moves[0].node', [...notStrings, ...STRINGS, 'two words']],
  ['moves[0].x', [...notNumbers, 1e300, -1e8]],
  ['moves[0].y', [...notNumbers, 1e300, -1e8]],
  ['moves[0].at', INT_US],
  ['end', INT_US],
  ['cursor', INT_US],
  ['fingerprint', [...notStrings.filter((v) => v !== null), ...STRINGS, '0123456789abcg', '0123456789ABCD']],
];

function set(o: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split(/\.|\[(\d+)\]/).filter((p) => p !== undefined && p !== '');
  let x = o as Record<string, unknown>;
  for (const p of parts.slice(0, -1)) x = x[p] as Record<string, unknown>;
  x[parts[parts.length - 1]!] = value;
}

describe('run file fields with bad values', () => {
  it('the run below is valid', () => {
    expect(parseRunFile(JSON.stringify(good()))).toMatchObject({ scenario: 'fig3', seed: 1 });
  });
  for (const [field, bad] of FIELDS)
    it(field, () => {
      for (const value of bad) {
        const run = good();
        set(run, field, value);
        // The end and the cursor bound each other and the moves: keep them consistent around the field.
        if (field === 'end' || field === 'moves[0].at') run.cursor = 0;
        const text = JSON.stringify(run);
        const copy = text.slice();
        let err: unknown;
        try {
          parseRunFile(text);
        } catch (e) {
          err = e;
        }
        const label = `${field} = ${String(JSON.stringify(value)).slice(0, 40)}`;
        expect(err, label).toBeInstanceOf(RunError);
        const e = err as RunError;
        expect([e.code, e.where], `${label}: ${e.message}`).toEqual(['invalid', field]);
        expect(e.message.startsWith(`${e.where}: expected`), e.message).toBe(true);
        expect(e.message.length).toBeLessThan(300);
        expect(text).toBe(copy);
      }
    });
});
