// `npm run bench`: runs every bench/*.ts in its own Node process (so one benchmark's heap and JIT
// state cannot colour the next) and passes their `bench <name> <value> <unit>` lines through.
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const only = process.argv.slice(2);
const files = readdirSync('bench')
  .filter((f) => f.endsWith('.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
let failed = 0;
for (const f of files) {
  console.log(`# bench/${f}`);
  const r = spawnSync('node', ['--expose-gc', '--import', 'tsx', `bench/${f}`], { stdio: 'inherit' });
  if (r.status !== 0) {
    console.log(`# bench/${f} failed with exit code ${r.status}`);
    failed++;
  }
}
process.exit(failed === 0 ? 0 : 1);
