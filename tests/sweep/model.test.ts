// The textbook model against the simulation (issue 14 "Done when"): standard Mobile IPv6 on the
// Figure 3 movement over layer-2 times 0–200 ms agrees with L = Δ + T_L2 + T_RA + T_DAD + T_BU
// within 10 %; the fast handover beats it at every point; buffering never loses more.
import { describe, expect, it } from 'vitest';
import { mustSweep, pointScenario, runSweepHere, summarise, type SweepSpec } from '../../core/sweep/sweep.ts';
import { modelLatency, raWaitUs } from '../../core/sweep/model.ts';
import { resolveScenario } from '../../core/engine/run.ts';
import { Rng } from '../../core/sim/kernel.ts';

const sweep = (modes: string[], buffering = true): SweepSpec =>
  mustSweep({ scenario: 'fig3', param: 'l2HandoverMs', from: 0, to: 200, step: 10, modes, seeds: 5, buffering });

describe('the textbook model', () => {
  it('the expected wait for an RA is the mean residual interval, checked by drawing RAs', () => {
    // RAs every U[30, 70] ms; the link comes up at random instants: average wait to the next RA.
    const rng = new Rng(7);
    let t = 0;
    const ras: number[] = [];
    while (t < 2e9) ras.push((t += rng.int(30_000, 70_000)));
    let sum = 0;
    const n = 20_000;
    for (let i = 0, j = 0; i < n; i++) {
      const at = rng.next() * (t - 100_000);
      while (ras[j]! < at) j++;
      while (j > 0 && ras[j - 1]! >= at) j--;
      sum += ras[j]! - at;
    }
    expect(raWaitUs(30_000, 70_000)).toBeCloseTo(26_333, 0);
    expect(Math.abs(sum / n - raWaitUs(30_000, 70_000))).toBeLessThan(600);
    expect(raWaitUs(50_000, 50_000)).toBe(25_000); // periodic RAs: half the period
  });

  it('standard MIPv6, Figure 3 movement, L2 0–200 ms: every mean latency within 10 % of the model', async () => {
    const spec = sweep(['mipv6']);
    const s = summarise(spec, await runSweepHere(spec));
    expect(s).toHaveLength(21);
    for (const p of s) {
      const model = modelLatency(resolveScenario(pointScenario(spec, p.value, 'mipv6', 1)), 'mipv6').latencyUs;
      const sim = p.stats.latencyUs!.mean;
      expect(Math.abs(sim - model) / model, `L2 ${p.value} ms: simulated ${sim} µs, model ${model} µs`).toBeLessThan(
        0.1,
      );
    }
    // The model follows the parameter as the simulation does: 200 ms more layer 2, 200 ms more latency.
    const slope = (s[20]!.stats.latencyUs!.mean - s[0]!.stats.latencyUs!.mean) / 200_000;
    expect(slope).toBeGreaterThan(0.8);
    expect(slope).toBeLessThan(1.2);
  });

  it('the fast handover is below standard MIPv6 at every point; buffering on never loses more than off', async () => {
    const on = sweep(['mipv6', 'anticipated-mobile-stateless']);
    const off = sweep(['anticipated-mobile-stateless'], false);
    const son = summarise(on, await runSweepHere(on));
    const soff = summarise(off, await runSweepHere(off));
    let fewer = 0;
    for (let point = 0; point < 21; point++) {
      const mip = son.find((x) => x.point === point && x.mode === 'mipv6')!;
      const fast = son.find((x) => x.point === point && x.mode === 'anticipated-mobile-stateless')!;
      const fastOff = soff.find((x) => x.point === point)!;
      expect(fast.stats.latencyUs!.max).toBeLessThan(mip.stats.latencyUs!.min);
      expect(fast.stats.lost!.mean).toBeLessThanOrEqual(fastOff.stats.lost!.mean);
      if (fast.stats.lost!.mean < fastOff.stats.lost!.mean) fewer++;
    }
    // And the buffer does something: with a layer-2 outage it saves packets at most points.
    expect(fewer).toBeGreaterThan(15);
  });

  it('the anticipated model is a line of slope 1 in the L2 time; the simulation runs parallel to it', async () => {
    const spec = sweep(['anticipated-mobile-stateless']);
    const s = summarise(spec, await runSweepHere({ ...spec, seeds: 1 }));
    const diffs = s.map(
      (p) =>
        p.stats.latencyUs!.mean -
        modelLatency(resolveScenario(pointScenario(spec, p.value, p.mode, 1)), p.mode).latencyUs,
    );
    // The difference is the stream's phase: on this path the last packet before the link goes down
    // comes 18.8 ms before it, where the model takes half an interval (10 ms) on average.
    for (const d of diffs) expect(Math.abs(d - 8_800)).toBeLessThan(2_000);
  });
});
