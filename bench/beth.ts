// Benchmarks of issue 5 (BETH, §8). Prints lines `bench <name> <value> <unit>`.
//   node --import tsx bench/beth.ts
// - HMAC-SHA-256 throughput of the packet core, and Node's OpenSSL HMAC on the same data (ratio);
// - AH: addAuth + verifyAuth of an HTT per second (the whole §8 cost of one message);
// - a Figure 10 run (three-party BETH with voice both ways) and the same with security associations.
import { createHmac } from 'node:crypto';
import { loadCodec } from '../core/wire/codec.ts';
import { authFor, labKey, newSa } from '../core/wire/auth.ts';
import { SAMPLES } from '../core/wire/samples.ts';
import type { Message } from '../core/wire/types.ts';
import { runScenario } from '../core/engine/run.ts';
import { builtin } from '../core/scenario/builtin.ts';

const line = (name: string, value: number, unit: string): void => {
  const v = value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
  console.log(`bench ${name} ${v} ${unit}`);
};
function best(fn: () => void, reps = 3): number {
  let b = Infinity;
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    fn();
    b = Math.min(b, (performance.now() - t0) / 1000);
  }
  return b;
}

const codec = await loadCodec();
const auth = authFor(codec.core);
const key = labKey(auth, 'bench');
const data = new Uint8Array(60_000).map((_, i) => i & 0xff);
const n = 40;
auth.hmac(key, data);
const tw = best(() => {
  for (let i = 0; i < n; i++) auth.hmac(key, data);
});
const tn = best(() => {
  for (let i = 0; i < n; i++) createHmac('sha256', key).update(data).digest();
});
line('hmac_sha256_wasm', (n * data.length) / tw / 1e6, 'MB/s');
line('hmac_sha256_node_openssl', (n * data.length) / tn / 1e6, 'MB/s');
line('hmac_wasm_vs_openssl', tn / tw, 'x');

const htt = codec.emit(SAMPLES['HTT-HI'] as Message);
const m = 20_000;
const tx = newSa(0x1001, key);
const rx = newSa(0x1001, key);
const ta = best(() => {
  for (let i = 0; i < m; i++) {
    const r = auth.verifyAuth(auth.addAuth(htt, tx), [rx]);
    if (!r.ok) throw new Error(r.status);
  }
}, 2);
line('ah_sign_verify_htt', m / ta / 1e3, 'kmsg/s');

const runFig10 = async (secure: boolean): Promise<number> => {
  const sc = structuredClone(builtin('fig10')) as Record<string, unknown>;
  if (secure) sc.security = { associations: true, attacks: [] };
  await runScenario(sc, { seed: 1, trace: true });
  const t0 = performance.now();
  for (let i = 0; i < 5; i++) await runScenario(sc, { seed: 1 + i, trace: true });
  return (performance.now() - t0) / 5;
};
const plain = await runFig10(false);
const secured = await runFig10(true);
line('beth_fig10_run', plain, 'ms');
line('beth_fig10_run_secured', secured, 'ms');
line('beth_fig10_secured_vs_plain', secured / plain, 'x');
