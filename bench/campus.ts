// Campus (core/scenario/campus.ts): 100 access routers (10 × 10 grid), N mobile nodes moving
// (random waypoints at 5–15 m/s) with a 20 ms voice stream each way, 60 s of virtual time. Target (issue 4): 1,000 MNs in under
// 12 s of wall time and under 1 GB. Mode: trace off (measures only); every packet is real bytes —
// signalling built and parsed by the wasm codec, data packets built from per-flow templates in the
// packet core (flowEmit), forwarded by the wasm data plane at every router, the HA and the CN (a
// flow's decision kept at a node while its tables are unchanged: the data path's hop cache), and
// parsed (checksum verified) by the packet core at the receiver. Prints wall and CPU time (the
// machine may be shared: CPU time is the process's own), peak RSS, and how time grows at 100,
// 1,000 and 5,000 MNs (5 s of virtual time each). `--probe N S`: one run, for profiling.
import { World } from '../core/engine/world.ts';
import { validateScenario } from '../core/scenario/schema.ts';
import { loadCodec } from '../core/wire/codec.ts';
import { DataPlane } from '../core/wire/dataplane.ts';
import { loadavg } from 'node:os';
import { campus } from '../core/scenario/campus.ts';

async function runCampus(
  mns: number,
  durationUs: number,
): Promise<{
  wallS: number;
  cpuS: number;
  peakMB: number;
  events: number;
  handovers: number;
  delivered: number;
  lost: number;
}> {
  const v = validateScenario(campus({ mns, durationUs, seed: 42 }));
  if (!v.ok) throw new Error(JSON.stringify(v.errors.slice(0, 3)));
  const codec = await loadCodec();
  (globalThis as { gc?: () => void }).gc?.();
  let peak = process.memoryUsage().rss;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const w = new World(v.scenario, codec, { seed: 1, trace: false });
  w.start();
  for (let t = 0; t < durationUs; t += 1_000_000) {
    w.runUntil(Math.min(durationUs, t + 1_000_000));
    peak = Math.max(peak, process.memoryUsage().rss);
  }
  const wallS = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  return {
    wallS,
    cpuS: (c.user + c.system) / 1e6,
    peakMB: peak / 2 ** 20,
    events: w.kernel.executed,
    handovers: w.measures.handovers.length,
    delivered: w.measures.totals.dataDelivered,
    lost: w.measures.totals.dataLost,
  };
}

// `--probe N S`: one run of N MNs for S virtual seconds (for profiling with node --cpu-prof).
const probe = process.argv.indexOf('--probe');
if (probe >= 0) {
  const r = await runCampus(Number(process.argv[probe + 1] ?? 1000), Number(process.argv[probe + 2] ?? 5) * 1e6);
  console.log(JSON.stringify(r));
  process.exit(0);
}
// The fast path for data packets against the general codec, same packet, same run: build a
// voice packet (template + sequence number + checksum) straight into a pool slot; then the
// engine's per-hop call (slot in, decision, slot out) against the wrapper that takes and returns
// arrays.
console.log(`bench campus_cpu_load_1min ${loadavg()[0]!.toFixed(2)} runnable`);
{
  const codec = await loadCodec();
  const dp = new DataPlane(codec.core);
  const node = dp.createNode();
  dp.addAddress(node, '2001:db8:1::1');
  dp.setPrefixRoute(node, '2001:db8:2::', 64, { link: 1 });
  dp.setNeighbor(node, '2001:db8:2::7', { state: 'REACHABLE', link: 1, lla: '02:00:00:00:00:07' });
  const msg = {
    kind: 'DATA' as const,
    src: '2001:db8:cccc::1',
    dst: '2001:db8:2::7',
    hopLimit: 64,
    srcPort: 5000,
    dstPort: 5000,
    seq: 0,
    payloadLength: 160,
  };
  dp.flowSet(0, msg);
  const slot = codec.core.poolPtr() >>> 0;
  const N = 300_000;
  const rate = (f: (i: number) => void): number => {
    for (let i = 0; i < 20_000; i++) f(i);
    const t0 = performance.now();
    for (let i = 0; i < N; i++) f(i);
    return N / ((performance.now() - t0) / 1000) / 1e6;
  };
  const fast = rate((i) => dp.flowEmitTo(0, i, slot, 1024));
  const slow = rate((i) => codec.emit({ ...msg, seq: i }));
  console.log(`bench data_emit_template ${fast.toFixed(2)} Mpps`);
  console.log(`bench data_emit_codec ${slow.toFixed(2)} Mpps`);
  console.log(`bench data_emit_template_vs_codec ${(fast / slow).toFixed(1)} x`);
  const bytes = codec.emit(msg);
  const inPlace = rate(() => {
    dp.flowEmitTo(0, 1, slot, 1024);
    dp.processSlot(node, 0, slot, 208, 1024);
  });
  const wrapper = rate(() => dp.process(node, 0, bytes));
  console.log(`bench data_hop_in_place ${inPlace.toFixed(2)} Mpps`);
  console.log(`bench data_hop_wrapper ${wrapper.toFixed(2)} Mpps`);
  console.log(`bench data_hop_in_place_vs_wrapper ${(inPlace / wrapper).toFixed(1)} x`);
}
if (process.argv.includes('--fast-path')) process.exit(0);

const main = await runCampus(1000, 60_000_000);
console.log(`bench campus_wall_s ${main.wallS.toFixed(2)} s`);
// the machine may be shared: the load beside the wall time (CPU time is the process's own)
console.log(`bench campus_load_1min_after ${loadavg()[0]!.toFixed(2)} runnable`);
console.log(`bench campus_cpu_s ${main.cpuS.toFixed(2)} s`);
console.log(`bench campus_peak_rss ${main.peakMB.toFixed(0)} MB`);
console.log(`bench campus_events ${(main.events / main.wallS / 1e6).toFixed(2)} Mevents/s`);
console.log(`bench campus_data_packets ${((main.delivered + main.lost) / 1e6).toFixed(2)} M`);
console.log(`bench campus_handovers ${main.handovers} count`);
console.log(`bench campus_data_loss ${((100 * main.lost) / Math.max(1, main.delivered + main.lost)).toFixed(3)} %`);
console.log(`bench campus_vs_target ${(12 / main.wallS).toFixed(2)} x`);
// Growth: wall and CPU time per virtual second at 100, 1,000 and 5,000 MNs (5 s of virtual time each).
const base = await runCampus(100, 5_000_000);
for (const n of [100, 1000, 5000]) {
  const r = n === 100 ? base : await runCampus(n, 5_000_000);
  console.log(`bench campus_${n}mn_wall_per_virtual_s ${(r.wallS / 5).toFixed(3)} s`);
  console.log(`bench campus_${n}mn_cpu_per_virtual_s ${(r.cpuS / 5).toFixed(3)} s`);
  console.log(`bench campus_${n}mn_vs_100mn ${(r.cpuS / base.cpuS).toFixed(2)} x`);
}
