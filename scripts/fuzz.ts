// npm run fuzz: 1,000,000 random and mutated packets through the wasm parser and data plane
// (tests/wire/fuzz-core.ts). Exits 1 on any trap, unnamed status or disagreement with the
// reference decoder. Optional arguments: packet count, seed.
import { loadCodec } from '../core/wire/codec.ts';
import { DataPlane } from '../core/wire/dataplane.ts';
import { loadPacketCore } from '../core/wasm.ts';
import { fuzz } from '../tests/wire/fuzz-core.ts';

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 1_000_000);
  const seed = Number(process.argv[3] ?? 0xf00d);
  const codec = await loadCodec();
  const dp = new DataPlane(await loadPacketCore());
  const t0 = performance.now();
  const rep = fuzz(codec, dp, n, seed);
  const s = (performance.now() - t0) / 1000;
  console.log(`fuzz: ${rep.packets} packets in ${s.toFixed(1)} s, ${rep.accepted} accepted, ${rep.rejected} rejected`);
  console.log(
    `fuzz: traps ${rep.traps}, data-plane traps ${rep.dataPlaneTraps}, unnamed statuses ${rep.unnamed}, reference mismatches ${rep.mismatches}`,
  );
  console.log('fuzz: statuses ' + JSON.stringify(rep.byStatus));
  if (rep.firstProblem) console.log('fuzz: first problem: ' + rep.firstProblem);
  const bad = rep.traps + rep.dataPlaneTraps + rep.unnamed + rep.mismatches;
  process.exit(bad === 0 ? 0 : 1);
}
void main();
