// app/measures/measures.ts: the page's incremental HandoverMeasures (fed a growing trace and a
// moving cursor, as the Measures panel is each frame) says exactly what measureHandovers says over
// the whole trace at that cursor — forwards, and after a rewind — on every built-in scenario.
import { describe, expect, it } from 'vitest';
import { HandoverMeasures, measureHandovers } from '../../core/views/measures.ts';
import { builtinIds } from '../../core/scenario/builtin.ts';
import { run } from '../engine/helpers.ts';

describe('the Measures panel’s incremental fold', () => {
  it('equals the whole-trace computation at every cursor, growing and rewound', async () => {
    for (const id of builtinIds()) {
      const w = await run(id);
      const recs = w.records;
      const end = recs[recs.length - 1]!.t;
      const inc = new HandoverMeasures();
      // The trace grows in place as the worker's records arrive, a chunk per frame.
      const live: typeof recs = [];
      let i = 0;
      for (let c = 0; c <= end + 50_000; c += 7_919) {
        while (i < recs.length && recs[i]!.t <= c + 20_000) live.push(recs[i++]!);
        expect(inc.at(live, c), `${id} at ${c}`).toEqual(measureHandovers(live, c));
      }
      // Rewound, then forwards again over the recorded trace.
      for (const c of [end / 3, end / 5, end / 2, end])
        expect(inc.at(live, c), `${id} back to ${c}`).toEqual(measureHandovers(live, c));
    }
  });
});
