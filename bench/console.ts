// Benchmark of issue 11 (the console): time from a command to its output for `show neighbors nAR`
// on a 60 s run of Figure 3 (the table is folded from the whole trace up to the cursor, core/state.ts
// stateAt, every time). Prints `bench <name> <value> <unit>` lines.
//   node --import tsx bench/console.ts
import { Console } from '../core/console/console.ts';
import { LabSession } from '../core/console/lab-session.ts';

const s = await LabSession.create();
const c = new Console(s);
await c.run('load fig3');
await c.run('move MN nAR');
await s.runTo(60_000_000);
await c.run('goto 60s');
const times: number[] = [];
for (let i = 0; i < 31; i++) {
  const t0 = performance.now();
  const o = await c.run('show neighbors nAR');
  times.push(performance.now() - t0);
  if (o.error) throw new Error(o.lines.join('\n'));
}
times.sort((a, b) => a - b);
console.log(`bench console_show_neighbors_60s_records ${s.records().length} records`);
console.log(`bench console_show_neighbors_60s_median ${times[15]!.toFixed(2)} ms`);
