// A point of a sweep opened in the lab (issue 14): the scenario and seed through the lab's own
// settings, the point's mode and swept parameter as "what if" changes over the scenario as written
// (app/controls/settings.ts), so the lab's departure banner says how the run differs from the
// draft's figure. Two parameters the settings cannot hold (the MN's speed, the HI / F-BU loss
// draws) come as the scenario object itself, with a sentence saying what it changes.
import type { HandoverMode, WhatIf } from '../../core/protocol.ts';
import { lossDraws, pointBase, pointWhatIf, type SweepSpec } from '../../core/sweep/sweep.ts';

export interface OpenRun {
  /** A built-in scenario id. */
  scenario: string;
  seed: number;
  /** The point's changes over the scenario as written (the lab keeps those that really differ). */
  whatIf: WhatIf;
  /** The scenario object to run instead of the built-in, when the settings cannot say the point. */
  inline?: unknown;
  /** What `inline` changes, shown beside the departure banner. */
  note?: string;
}

/** The run of one point (its first seed) as the lab opens it. */
export function pointRun(spec: SweepSpec, value: number, mode: HandoverMode): OpenRun {
  const seed = spec.seedStart;
  const run: OpenRun = { scenario: spec.scenario, seed, whatIf: pointWhatIf(spec, value, mode) };
  const inline = pointBase(spec, value, seed);
  if (inline === undefined) return run;
  let note: string;
  if (spec.param === 'speedMps') note = `The MN moves at ${value} m/s (its path's times rescaled)`;
  else {
    const lost = lossDraws(seed, value, ['HI', 'F-BU'])
      .map((l) => `${l.msg} lost ${l.count === 1 ? 'once' : `${l.count} times`}`)
      .join(', ');
    note = `HI / F-BU loss probability ${value}: on seed ${seed}, ${lost} before one got through`;
  }
  return {
    ...run,
    inline,
    note: `${note} — a point of the Experiments view, not one of the settings: changing a setting runs the scenario's own.`,
  };
}
