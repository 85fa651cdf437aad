// The roles' machines as tables (issue 10, core/roles/machines.ts): every transition a run takes is
// a row of its machine's table, and every row names a section of the draft. The engine checks each
// transition as it happens (World.state → a model violation); these tests run every built-in
// scenario and a set of the soak's random ones, and show the check firing on a transition that is
// no row.
import { describe, expect, it } from 'vitest';
import { builtinIds } from '../../core/scenario/builtin.ts';
import { codec } from '../../core/engine/run.ts';
import { World } from '../../core/engine/world.ts';
import { validateScenario } from '../../core/scenario/schema.ts';
import { MACHINES, machineKind, stateClass, transitionRow, type Transition } from '../../core/roles/machines.ts';
import { initialState } from '../../core/state.ts';
import type { TraceRecord } from '../../core/trace.ts';
import { randomCase } from '../soak-core.ts';
import { run } from './helpers.ts';

// The section tokens the inspector links (core/trace.ts whyOf): the draft's §, an RFC, [MIPv6].
const SECTION =
  /^(§\d+(\.\d+)*( step \w+)?( Table \d+)?|RFC \d+( §\d+(\.\d+)*)?|\[MIPv6\])(, (§\d+(\.\d+)*( step \w+)?( Table \d+)?|RFC \d+|\[MIPv6\]))*$/;

type StateRecord = Extract<TraceRecord, { kind: 'state' }>;
const states = (records: readonly TraceRecord[]) => records.filter((r): r is StateRecord => r.kind === 'state');
const rowOf = (r: StateRecord) => transitionRow(r.machine, r.from, r.to, r.why.section);

describe('the machines’ tables', () => {
  const all = Object.values(MACHINES);

  it('every row names a section of the draft (or the RFC it defers to), its input and its reason', () => {
    const rows = all.flatMap((m) => m.rows);
    expect(rows.length).toBeGreaterThan(90);
    for (const r of rows) {
      expect(r.section, `${r.from} → ${r.to} on ${r.on}`).toMatch(SECTION);
      expect(r.on.length, `${r.from} → ${r.to}: its input`).toBeGreaterThan(1);
      expect(r.why.length, `${r.from} → ${r.to}: its reason`).toBeGreaterThan(5);
    }
  });

  it('rows lead between the machine’s own states, start from its initial state, and none is there twice', () => {
    for (const m of all) {
      expect(m.states, m.kind).toContain(m.initial);
      const seen = new Set<string>();
      for (const r of m.rows) {
        if (r.from !== '*') expect(m.states, `${m.kind}: ${r.from}`).toContain(r.from);
        expect(m.states, `${m.kind}: ${r.to}`).toContain(r.to);
        // Two rows with the same states and section could not be told apart in a trace.
        const key = `${r.from}|${r.to}|${r.section}`;
        expect(seen.has(key), `${m.kind}: ${key} twice`).toBe(false);
        seen.add(key);
      }
    }
  });

  it('the State panel’s initial states are the tables’', () => {
    expect(initialState('MN')).toBe('detached');
    expect(initialState('oAR:02:00:00:00:00:10')).toBe('idle');
    expect(initialState('BETH-anchor:MN')).toBe('none');
    expect(initialState('binding:2001:db8:ffff::10')).toBe('none');
    expect(stateClass('BETH-anchor', 'to nAR')).toBe('to AR');
    expect(machineKind('oAR:02:00:00:00:00:10')).toBe('oAR');
  });

  it('a transition that is no row is caught as it happens, naming the machine and its states', async () => {
    const c = await codec();
    const v = validateScenario(structuredClone(randomCase(0).scenario));
    if (!v.ok) throw new Error('soak case 0 invalid');
    const w = new World(v.scenario, c, { seed: 1, trace: true });
    w.start();
    expect(w.violations).toEqual([]);
    // The MN cannot go from attached straight to announcing (no F-NA without a move, §3.1.8).
    w.state('MN', 'MN', 'attached', 'announcing', 'a doctored transition (§3.1.8)');
    expect(w.violations).toEqual([expect.stringMatching(/^MN: MN attached → announcing is not a row of its table/)]);
    // A section the row does not name is not that row: HACK code 0 is §3.1.3, not §5.2.1.
    expect(transitionRow('oAR:x', 'awaiting-hack', 'prepared', '§5.2.1')).toBeUndefined();
    expect(transitionRow('oAR:x', 'awaiting-hack', 'prepared', '§3.1.3')?.on).toBe('HACK accepted');
    // A machine the tables do not know.
    expect(transitionRow('nobody', 'a', 'b')).toBeUndefined();
  });
});

describe('every transition a run takes is a row of its machine’s table', () => {
  it.each(builtinIds())('%s', async (id) => {
    const w = await run(id, 1);
    const recs = states(w.records);
    expect(recs.length, `${id}: state records`).toBeGreaterThan(0);
    for (const r of recs)
      expect(rowOf(r), `${id} ${r.t} µs: ${r.machine} ${r.from} → ${r.to} (${r.why.text})`).toBeDefined();
    expect(w.violations.filter((v) => v.includes('not a row'))).toEqual([]);
  });

  it('and in 120 of the soak’s random scenarios (every mode, random capabilities and losses)', async () => {
    const c = await codec();
    const taken = new Set<Transition>();
    for (let i = 0; i < 120; i++) {
      const k = randomCase(i, 0x7ab1e);
      const v = validateScenario(k.scenario);
      if (!v.ok) throw new Error(`soak case ${i}: ${JSON.stringify(v.errors[0])}`);
      const w = new World(v.scenario, c, { seed: k.seed, trace: true });
      w.start();
      w.runUntil(v.scenario.durationUs);
      for (const r of states(w.records)) {
        const row = rowOf(r);
        expect(row, `case ${i} ${r.t} µs: ${r.machine} ${r.from} → ${r.to} (${r.why.text})`).toBeDefined();
        taken.add(row!);
      }
      expect(
        w.violations.filter((x) => x.includes('not a row')),
        `case ${i}`,
      ).toEqual([]);
    }
    // The runs go through most of the tables (not only the figures' happy paths).
    const rows = Object.values(MACHINES).flatMap((m) => m.rows).length;
    expect(taken.size / rows).toBeGreaterThan(0.6);
  }, 300_000);
});
