// Experiments (issue 14), measured and reported, never asserted:
//   sweep_fig3_3modes_21points_5seeds_s         fig3, l2HandoverMs 0:200:10, mipv6 + anticipated-mobile-stateless
//                                               + beth, 5 seeds (315 runs) on the machine's cores (worker_threads);
//                                               target < 5 s. Worker start-up included.
//   sweep_fig3_3modes_21points_5seeds_1worker_s the same on one worker (the baseline of this run) and the ratio
//   fig3_run_trace_off_ms / _on_ms              one Figure 3 run (3.5 s virtual) in this thread, warm, median
// The load average is printed beside them: the machine is shared.
import { loadavg } from 'node:os';
import { mustSweep } from '../core/sweep/sweep.ts';
import { cores, runSweepNode } from '../core/sweep/node.ts';
import { runScenario } from '../core/engine/run.ts';

const spec = mustSweep({
  scenario: 'fig3',
  param: 'l2HandoverMs',
  from: 0,
  to: 200,
  step: 10,
  modes: ['mipv6', 'anticipated-mobile-stateless', 'beth'],
  seeds: 5,
});
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

async function timed(workers: number): Promise<number> {
  const t0 = performance.now();
  const o = await runSweepNode(spec, { workers });
  if (o.error || o.results.length !== 315) throw new Error(o.error ?? `only ${o.results.length} runs`);
  return (performance.now() - t0) / 1000;
}

const n = cores();
const par = await timed(n);
console.log(`bench sweep_fig3_3modes_21points_5seeds_s ${par.toFixed(2)} s`);
console.log(`# ${n} workers (the machine's cores), load average ${load()}`);
const one = await timed(1);
console.log(`bench sweep_fig3_3modes_21points_5seeds_1worker_s ${one.toFixed(2)} s`);
console.log(`bench sweep_fig3_speedup ${(one / par).toFixed(2)} x`);

async function perRun(trace: boolean): Promise<number> {
  const ts: number[] = [];
  for (let i = 0; i < 12; i++) {
    const t0 = performance.now();
    await runScenario('fig3', { seed: 1 + i, trace });
    ts.push(performance.now() - t0);
  }
  ts.sort((a, b) => a - b);
  return ts[ts.length >> 1]!;
}
await perRun(false);
const off = await perRun(false);
const on = await perRun(true);
console.log(`bench fig3_run_trace_off_ms ${off.toFixed(2)} ms`);
console.log(`bench fig3_run_trace_on_ms ${on.toFixed(2)} ms`);
console.log(`# trace on / off: ${(on / off).toFixed(1)} x; load average ${load()}`);
