// A point of a sweep opened in the lab (issue 14): it arrives through the lab's own settings, its
// mode and swept parameter as "what if" changes (so the departure banner names them), and the lab
// then runs exactly the scenario the sweep measured for that point.
import { describe, expect, it } from 'vitest';
import { pointRun } from '../../app/experiments/open.ts';
import { departureText, departures, validateSettings } from '../../app/controls/settings.ts';
import { applyParams, scenarioCatalogue, writtenParams } from '../../core/lab.ts';
import { builtin } from '../../core/scenario/builtin.ts';
import { resolveScenario } from '../../core/engine/run.ts';
import { mustSweep, pointScenario, type SweepSpec } from '../../core/sweep/sweep.ts';
import type { HandoverMode } from '../../core/protocol.ts';

const spec = (over: Partial<SweepSpec>): SweepSpec =>
  mustSweep({
    scenario: 'fig3',
    param: 'l2HandoverMs',
    from: 0,
    to: 200,
    step: 50,
    modes: ['mipv6'],
    seeds: 2,
    ...over,
  });

/** What the lab runs for an opened point: the built-in (or the point's object) plus the changes the banner shows. */
function labScenario(sp: SweepSpec, value: number, mode: HandoverMode) {
  const run = pointRun(sp, value, mode);
  const written = writtenParams(resolveScenario(run.scenario));
  const changes = departures(written, run.whatIf);
  return {
    run,
    written,
    changes,
    scenario: resolveScenario(applyParams(run.inline ?? builtin(run.scenario), changes)),
  };
}

describe('a point opened in the lab', () => {
  it('carries its scenario, first seed, mode and parameter as valid settings', () => {
    const sp = spec({ seedStart: 7 });
    const { run } = labScenario(sp, 100, 'mipv6');
    expect(run).toEqual({
      scenario: 'fig3',
      seed: 7,
      whatIf: { mode: 'mipv6', buffering: true, l2HandoverUs: 100_000 },
    });
    expect(validateSettings({ scenario: run.scenario, seed: run.seed, whatIf: run.whatIf }).ok).toBe(true);
  });

  it('is marked as a departure from the draft figure, naming the mode and the parameter', () => {
    const { run, written, changes } = labScenario(spec({}), 100, 'mipv6');
    // Figure 3 buffers as written: that change is no change and is not mentioned.
    expect(changes).toEqual({ mode: 'mipv6', l2HandoverUs: 100_000 });
    const title = scenarioCatalogue().find((s) => s.id === 'fig3')!.title;
    expect(departureText(title, written, run.whatIf)).toBe(
      "Figure 3, run in standard Mobile IPv6 with layer-2 handover time 100 ms: not the draft's figure.",
    );
  });

  it("at the scenario's own mode and value it is the figure as written (no banner)", () => {
    const { run, written, changes } = labScenario(
      spec({ modes: ['anticipated-mobile-stateless'] }),
      50,
      'anticipated-mobile-stateless',
    );
    expect(changes).toEqual({});
    expect(departureText('Figure 3: x', written, run.whatIf)).toBeNull();
  });

  it.each([
    ['l2HandoverMs', 150],
    ['wiredDelayMs', 10],
    ['raIntervalMs', 500],
    ['bufferPackets', 4],
    ['speedMps', 5],
    ['lossProbability', 0.6],
  ] as const)('%s = %d: the lab runs the very scenario the sweep measured', (param, value) => {
    const sp = spec({ param, from: value, to: value, step: 1, modes: ['beth', 'mipv6'] });
    for (const mode of sp.modes) {
      const { scenario } = labScenario(sp, value, mode);
      expect(scenario).toEqual(resolveScenario(pointScenario(sp, value, mode, sp.seedStart)));
    }
  });

  it('says what the scenario object changes when the settings cannot hold the parameter', () => {
    expect(pointRun(spec({ param: 'speedMps', from: 5, to: 5, step: 1 }), 5, 'mipv6').note).toMatch(
      /^The MN moves at 5 m\/s .*not one of the settings/,
    );
    const loss = pointRun(spec({ param: 'lossProbability', from: 0.6, to: 0.6, step: 0.1 }), 0.6, 'mipv6');
    expect(loss.inline).toBeDefined();
    expect(loss.note).toMatch(/^HI \/ F-BU loss probability 0\.6: on seed 1, HI lost (once|\d+ times), F-BU lost/);
  });
});
