// The fast path (issue 14): a run without a trace, and the hop cache (World's per-flow kept
// data-plane decisions), must change nothing a user sees. A sweep and the campus run with the
// trace off and the cache on; the lab shows traced runs. So, over every built-in scenario and a
// few small random campuses: the same measures (every handover's latency, losses, buffered,
// tunnelled, signalling bytes; the totals), the same conservation counts, the same events, the
// same final state, with the trace on or off and the cache on or off — and with the trace on,
// the same records, byte for byte, cache on or off.
import { describe, expect, it } from 'vitest';
import { codec, resolveScenario } from '../../core/engine/run.ts';
import { World } from '../../core/engine/world.ts';
import { builtinIds } from '../../core/scenario/builtin.ts';
import { campus } from '../../core/scenario/campus.ts';
import { Measures } from '../../core/measures.ts';
import { Rng } from '../../core/sim/kernel.ts';

interface Outcome {
  handovers: unknown;
  totals: unknown;
  count: unknown;
  violations: string[];
  events: number;
  live: unknown;
}

async function outcome(ref: string | object, trace: boolean, hopCache: boolean, seed = 1) {
  const sc = resolveScenario(ref);
  const w = new World(sc, await codec(), { seed, trace, hopCache });
  w.start();
  w.runUntil(sc.durationUs);
  const o: Outcome = {
    handovers: structuredClone(w.measures.handovers),
    totals: { ...w.measures.totals },
    count: { ...w.count },
    violations: [...w.violations],
    events: w.kernel.executed,
    live: structuredClone(w.live()),
  };
  return { o, records: trace ? JSON.stringify(w.records) : '', fingerprint: w.fingerprint.value };
}

async function same(ref: string | object, seed = 1): Promise<void> {
  const ref0 = await outcome(ref, true, false, seed); // traced, every decision asked of the data plane
  const traced = await outcome(ref, true, true, seed);
  const fast = await outcome(ref, false, true, seed);
  const plain = await outcome(ref, false, false, seed);
  expect(traced.records).toBe(ref0.records);
  expect(traced.fingerprint).toBe(ref0.fingerprint);
  expect(traced.o).toEqual(ref0.o);
  expect(fast.o).toEqual(ref0.o);
  expect(plain.o).toEqual(ref0.o);
}

describe('a run without a trace, and the hop cache, keep every measure', () => {
  it.each(builtinIds())('%s', async (id) => {
    await same(id);
  });

  // Campus-like: a 3 × 3 grid of ARs, ten MNs on random waypoints with voice both ways, handing
  // over many times (network- and mobile-initiated), so flows' kept decisions meet every table change.
  it.each([
    [11, 1],
    [12, 2],
    [13, 3],
  ])('a random campus (scenario seed %i, run seed %i)', async (scSeed, seed) => {
    const sc = campus({ grid: 3, mns: 10, durationUs: 10_000_000, seed: scSeed });
    const r = await outcome(sc, false, true, seed);
    // the campus is worth checking: its MNs hand over, with packets tunnelled or buffered, and voice flows
    const hs = r.o.handovers as { tunnelled: number; buffered: number }[];
    expect(hs.length).toBeGreaterThanOrEqual(5);
    expect(hs.filter((h) => h.tunnelled + h.buffered > 0).length).toBeGreaterThanOrEqual(5);
    expect((r.o.totals as { dataDelivered: number }).dataDelivered).toBeGreaterThan(9000);
    await same(sc, seed);
  });
});

describe("the measures keep the scenario's flows in flat arrays", () => {
  // Measures(capacity, flowCount) counts flows 0 … flowCount − 1 in flat arrays, any other flow
  // index in its own record: both must count duplicates and reordering alike (sequence numbers past
  // the capacity included), for the MN's open handover as for the totals.
  it('duplicates and reordering are counted as with a record per flow', () => {
    const rng = new Rng(7);
    const flat = new Measures(40, 4);
    const rec = new Measures(40);
    for (const m of [flat, rec]) m.linkDown('MN', 0, 'AR1', 'fast');
    const mf = flat.handle('MN');
    const mr = rec.handle('MN');
    for (let k = 0; k < 2000; k++) {
      const flow = rng.int(0, 3);
      const seq = rng.int(0, 60); // some beyond the capacity (40)
      if (flow % 2) {
        flat.dataRxAt(mf, flow, seq, k);
        rec.dataRxAt(mr, flow, seq, k);
      } else {
        flat.dataRxUpAt(mf, flow, seq);
        rec.dataRxUpAt(mr, flow, seq);
      }
    }
    expect(flat.totals.duplicated).toBeGreaterThan(100);
    expect(flat.totals.reordered).toBeGreaterThan(100);
    expect(flat.totals).toEqual(rec.totals);
    expect(flat.handovers).toEqual(rec.handovers);
  });
});
