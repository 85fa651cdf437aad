// npm run soak -- N [seed]: N random scenarios (tests/soak-core.ts) through the engine, each
// checked with the invariants of tests/invariants.ts. Prints progress every 1,000 runs, then one
// summary line and one `bench` line; exits 1 on any violation, naming the case (index, seed and
// the scenario as JSON, ready for `npm run sim -- FILE`).
import { mkdirSync, writeFileSync } from 'node:fs';
import { randomCase, soakOne } from '../tests/soak-core.ts';

async function one(arg: string | undefined, base: number): Promise<never> {
  const i = Number(arg);
  if (!Number.isInteger(i) || i < 0) {
    console.error(`soak: --case needs a case index (an integer ≥ 0), got "${arg}"`);
    process.exit(2);
  }
  const r = await soakOne(randomCase(i, base));
  const file = `test-results/soak-case-${i}.json`;
  mkdirSync('test-results', { recursive: true });
  const from = `npm run soak: case ${i}, base seed ${base}`;
  writeFileSync(file, JSON.stringify({ seed: r.case.seed, from, scenario: r.case.scenario }, null, 2) + '\n');
  console.log(
    `soak: case ${i} (${r.case.mode}, engine seed ${r.case.seed}) → ${file}: ${r.problems.length} violations`,
  );
  for (const p of r.problems) console.log(`  ${p}`);
  process.exit(r.problems.length > 0 ? 1 : 0);
}

async function main(): Promise<void> {
  if (process.argv[2] === '--case') await one(process.argv[3], Number(process.argv[4] ?? 0x50a4));
  const n = Number(process.argv[2] ?? 1000);
  const base = Number(process.argv[3] ?? 0x50a4);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`soak: N must be a positive integer, got "${process.argv[2]}"`);
    process.exit(2);
  }
  const t0 = performance.now();
  const modes: Record<string, number> = {};
  let failed = 0;
  let violations = 0;
  for (let i = 0; i < n; i++) {
    const r = await soakOne(randomCase(i, base));
    modes[r.case.mode] = (modes[r.case.mode] ?? 0) + 1;
    if (r.problems.length > 0) {
      failed++;
      violations += r.problems.length;
      const file = `test-results/soak-failure-${i}.json`;
      mkdirSync('test-results', { recursive: true });
      writeFileSync(file, JSON.stringify(r.case.scenario, null, 2));
      console.log(`soak: case ${i} (${r.case.mode}, engine seed ${r.case.seed}) → ${file}:`);
      for (const p of r.problems.slice(0, 5)) console.log(`  ${p}`);
    }
    if ((i + 1) % 1000 === 0)
      console.log(`soak: ${i + 1} runs, ${failed} failed, ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }
  const s = (performance.now() - t0) / 1000;
  const mix = Object.entries(modes)
    .map(([m, k]) => `${m} ${k}`)
    .join(', ');
  console.log(`soak: ${n} runs (${mix}) in ${s.toFixed(1)} s: ${violations} violations in ${failed} runs`);
  console.log(`bench soak ${((s * 1000) / n).toFixed(1)} ms/run`);
  process.exit(failed > 0 ? 1 : 0);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
