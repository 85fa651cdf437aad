// The latency budget's sentence (issue 14): the simulated parts of one point against the textbook
// model's terms, and why they differ where they do — on Figure 3 the last packet before the link
// goes down falls at the same place on every seed (scripted path and traffic), not at the model's
// average half interval.
import { describe, expect, it } from 'vitest';
import { budgetComparison } from '../../app/experiments/budget.ts';
import { modelLatency } from '../../core/sweep/model.ts';
import { resolveScenario } from '../../core/engine/run.ts';
import { mustSweep, pointScenario, runSweepHere } from '../../core/sweep/sweep.ts';

describe('the latency budget compared with the model', () => {
  it('names each part against its term and the cause of the difference', async () => {
    const spec = mustSweep({
      scenario: 'fig3',
      param: 'l2HandoverMs',
      from: 0,
      to: 0,
      step: 1,
      modes: ['anticipated-mobile-stateless'],
      seeds: 3,
    });
    const rs = await runSweepHere(spec);
    const model = modelLatency(
      resolveScenario(pointScenario(spec, 0, 'anticipated-mobile-stateless', 1)),
      'anticipated-mobile-stateless',
    );
    const text = budgetComparison(rs, model.terms)!;
    const before = rs[0]!.m.beforeDownUs! / 1000;
    expect(rs.every((r) => r.m.beforeDownUs === rs[0]!.m.beforeDownUs)).toBe(true);
    expect(text).toMatch(/^Simulated \d+\.\d ms, model \d+\.\d ms \([+−]\d+\.\d ms\): last packet → link down /);
    expect(text).toContain(
      `last packet → link down ${before.toFixed(1)} against Δ ${(model.terms[0]!.us / 1000).toFixed(1)} ms`,
    );
    expect(text).toContain('(NA (or F-NA) on arrival + buffered packet delivered)');
    expect(text).toContain(`The last packet falls ${before.toFixed(1)} ms before the link goes down on every seed`);
    // The sentence's total is the model's latency.
    expect(text).toContain(`model ${(model.latencyUs / 1000).toFixed(1)} ms`);
  });

  it('says nothing without a measured handover', () => {
    expect(
      budgetComparison(
        [],
        [
          { name: 'a', us: 1 },
          { name: 'b', us: 1 },
          { name: 'c', us: 1 },
        ],
      ),
    ).toBeNull();
  });
});
