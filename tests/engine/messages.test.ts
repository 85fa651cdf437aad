// The guard of the engine's redesign (issue 10): every built-in scenario, seed 1, sends the same
// protocol messages in the same order with the same bytes as recorded in tests/fixtures/messages.json
// before the redesign (tests/engine/messages.ts says what is recorded and how to re-record).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { builtinIds } from '../../core/scenario/builtin.ts';
import { FIXTURE, messagesOf, type Sequence } from './messages.ts';
import { run } from './helpers.ts';

const recorded = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Record<string, Sequence>;

describe('protocol messages unchanged (fixture recorded before the redesign)', () => {
  it('the fixture covers every built-in scenario', () => {
    expect(Object.keys(recorded).sort()).toEqual(builtinIds().sort());
  });

  it.each(builtinIds())('%s: the same sends, in the same order, with the same bytes', async (id) => {
    const now = messagesOf((await run(id, 1)).records);
    const was = recorded[id]!;
    // Compare send by send first, so a failure names the first message that differs.
    const n = Math.min(now.sends.length, was.sends.length);
    for (let i = 0; i < n; i++) expect(now.sends[i], `${id}: send #${i}`).toEqual(was.sends[i]);
    expect(now.sends.length, `${id}: number of signalling sends`).toBe(was.sends.length);
    expect(now.dataSent, `${id}: data packets sent`).toBe(was.dataSent);
  });
});
