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

describe('before the link goes down', () => {
  it('says the handover is being prepared from the predicted move (Figure 3’s L2-ST) until the link-down', async () => {
    const w = await run('fig3');
    const recs = w.records;
    const st = recs.find((r) => r.kind === 'l2' && r.trigger === 'L2-ST')!.t;
    const ld = recs.find((r) => r.kind === 'l2' && r.trigger === 'L2-LD' && r.node === 'MN')!.t;
    expect(st).toBeLessThan(ld);
    const m = new HandoverMeasures();
    for (const [c, rows, prep] of [
      [st - 1, 0, null],
      [st, 0, st],
      [(st + ld) / 2, 0, st],
      [ld, 1, null],
    ] as const) {
      expect(m.at(recs, c)).toHaveLength(rows);
      expect(m.preparing(c), `at ${c}`).toBe(prep);
    }
  });
});
