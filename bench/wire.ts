// Benchmarks of the packet core (issue 3). Prints lines `bench <name> <value> <unit>`.
//   node --import tsx bench/wire.ts
// - round trips (emit with checksum, then parse) per message: in one wasm call (`roundTrip(n)`),
//   and for the HI also per call from JavaScript through the codec (emit + parse);
// - checksum throughput, scalar and SIMD;
// - data-plane forwarding with 1,000 tunnels and 10,000 neighbor entries, wasm vs the plain
//   TypeScript reference doing the same work (ratio line);
// - memory: 10 million packets through the data plane, wasm memory and JS heap before/after.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { loadavg } from 'node:os';
import { loadCodec, writeDescriptor } from '../core/wire/codec.ts';
import { DataPlane } from '../core/wire/dataplane.ts';
import { RefDataPlane } from '../core/wire/dataplane-ref.ts';
import { loadPacketCore } from '../core/wasm.ts';
import { SAMPLES } from '../core/wire/samples.ts';
import type { Message } from '../core/wire/types.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const line = (name: string, value: number, unit: string): void => {
  const v = value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
  console.log(`bench ${name} ${v} ${unit}`);
};
/** Best of `reps` timings of `fn`, in seconds. */
function time(fn: () => void, reps = 3): number {
  let best = Infinity;
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    fn();
    best = Math.min(best, (performance.now() - t0) / 1000);
  }
  return best;
}

async function main(): Promise<void> {
  // Context for the figures below: other processes share this machine's cores.
  line('cpu_load_1min', loadavg()[0] ?? 0, 'runnable');
  const codec = await loadCodec();
  const core = codec.core;
  const buf = core.memory.buffer;
  const desc = new Uint8Array(buf, core.params(), core.paramsSize());
  const dv = new DataView(buf, core.params(), core.paramsSize());

  // ---- round trips --------------------------------------------------------------------------
  const rt = (m: Message, n: number): number => {
    writeDescriptor(desc, dv, m);
    if (core.roundTrip(1) !== 0) throw new Error(`round trip of ${m.kind} fails`);
    return n / time(() => core.roundTrip(n));
  };
  // Warm-up: V8 first runs wasm from its baseline compiler and tiers up to the optimising one
  // in the background; measure only after every path has run hot.
  for (const m of Object.values(SAMPLES)) {
    writeDescriptor(desc, dv, m);
    core.roundTrip(200_000);
  }
  line('hi_roundtrip', rt(SAMPLES.HI as Message, 2_000_000) / 1e6, 'Mops/s');
  const hi = SAMPLES.HI as Message;
  const perCall =
    200_000 /
    time(() => {
      for (let i = 0; i < 200_000; i++) codec.parse(codec.emit(hi));
    });
  line('hi_roundtrip_js_codec', perCall / 1e6, 'Mops/s');
  for (const [name, m] of Object.entries(SAMPLES)) {
    if (name === 'HI') continue;
    line(`roundtrip_${name.toLowerCase().replace(/-/g, '_')}`, rt(m, 500_000) / 1e6, 'Mops/s');
  }

  // ---- checksum -----------------------------------------------------------------------------
  const mem = new Uint8Array(buf);
  for (let i = 0; i < 65536; i++) mem[core.pktIn() + i] = (i * 131) & 0xff;
  for (const [label, len, n] of [
    ['64k', 65536, 20_000],
    ['1500', 1500, 600_000],
  ] as const) {
    const scalar = (len * n) / time(() => core.checksumLoop(len, n, 0)) / 1e9;
    const simd = (len * n) / time(() => core.checksumLoop(len, n, 1)) / 1e9;
    line(`checksum_scalar_${label}`, scalar, 'GB/s');
    line(`checksum_simd_${label}`, simd, 'GB/s');
    line(`checksum_simd_vs_scalar_${label}`, simd / scalar, 'x');
  }

  // ---- data plane ---------------------------------------------------------------------------
  // One access router: 10,000 hosts on its link (REACHABLE neighbors), a default route via a
  // gateway, 1,000 tunnels to 1,000 nARs and a binding oCoA→nCoA for the first 1,000 hosts
  // (they moved). Packets: half to moved hosts (encapsulated), half to the others (forwarded).
  const wasmDp = new DataPlane(await loadPacketCore());
  const refDp = new RefDataPlane();
  const host = (i: number): string => `2001:db8:1::${(i + 1).toString(16)}`;
  const nar = (i: number): string => `2001:db8:2:${(i + 1).toString(16)}::1`;
  const mac = (i: number): string =>
    `02:00:00:00:${((i >> 8) & 0xff).toString(16).padStart(2, '0')}:${(i & 0xff).toString(16).padStart(2, '0')}`;
  let nodeId = 0;
  for (const dp of [wasmDp, refDp]) {
    dp.reset();
    nodeId = dp.createNode();
    dp.addAddress(nodeId, '2001:db8:1::ffff');
    dp.setPrefixRoute(nodeId, '2001:db8:1::', 64, { link: 1 });
    dp.setPrefixRoute(nodeId, '::', 0, { link: 0, via: '2001:db8:f::1' });
    dp.setNeighbor(nodeId, '2001:db8:f::1', { state: 'REACHABLE', link: 0, lla: '02:00:00:00:ff:01', isRouter: true });
    for (let i = 0; i < 10_000; i++) dp.setNeighbor(nodeId, host(i), { state: 'REACHABLE', link: 1, lla: mac(i) });
    for (let i = 0; i < 1_000; i++) {
      const t = dp.addTunnel(nodeId, { local: '2001:db8:1::ffff', remote: nar(i), expiresUs: Infinity });
      dp.setBinding(nodeId, host(i), `2001:db8:2:${(i + 1).toString(16)}::a`, { tunnel: t, expiresUs: Infinity });
    }
  }
  const PKTS = 4096;
  const packets: Uint8Array[] = [];
  for (let i = 0; i < PKTS; i++) {
    const dst = i % 2 === 0 ? host((i * 7) % 1000) : host(1000 + ((i * 13) % 9000));
    packets.push(
      codec.emit({
        kind: 'DATA',
        src: '2001:db8:9::9',
        dst,
        hopLimit: 64,
        srcPort: 5001,
        dstPort: 5001,
        seq: i,
        payloadLength: 64,
      }),
    );
  }
  // both must take the same decisions
  for (let i = 0; i < 64; i++) {
    const a = wasmDp.process(nodeId, 0, packets[i] as Uint8Array);
    const b = refDp.process(nodeId, 0, packets[i] as Uint8Array);
    if (a.action !== b.action || a.action === 'drop')
      throw new Error(`data plane disagreement or drop: ${a.action} / ${b.action}`);
  }
  const inBuf = wasmDp.inBuffer();
  for (let i = 0; i < 200_000; i++) {
    const p = packets[i & (PKTS - 1)] as Uint8Array;
    inBuf.set(p);
    wasmDp.processRaw(nodeId, i, p.length);
    if (i < 50_000) {
      wasmDp.process(nodeId, i, p);
      refDp.process(nodeId, i, p);
    }
  }
  const N = 1_000_000;
  const wasmRaw =
    N /
    time(() => {
      for (let i = 0; i < N; i++) {
        const p = packets[i & (PKTS - 1)] as Uint8Array;
        inBuf.set(p);
        wasmDp.processRaw(nodeId, i, p.length);
      }
    });
  const wasmWrapped =
    300_000 /
    time(() => {
      for (let i = 0; i < 300_000; i++) wasmDp.process(nodeId, i, packets[i & (PKTS - 1)] as Uint8Array);
    });
  const ts =
    300_000 /
    time(() => {
      for (let i = 0; i < 300_000; i++) refDp.process(nodeId, i, packets[i & (PKTS - 1)] as Uint8Array);
    });
  line('forward_wasm', wasmRaw / 1e6, 'Mpps');
  line('forward_wasm_wrapper', wasmWrapped / 1e6, 'Mpps');
  line('forward_ts_reference', ts / 1e6, 'Mpps');
  line('forward_vs_ts', wasmRaw / ts, 'x');
  line('forward_wrapper_vs_ts', wasmWrapped / ts, 'x');

  // ---- memory -------------------------------------------------------------------------------
  gc();
  const wasmBefore = wasmDp.core.memory.buffer.byteLength;
  const heapBefore = process.memoryUsage().heapUsed;
  const M = 10_000_000;
  const t0 = performance.now();
  for (let i = 0; i < M; i++) {
    const p = packets[i & (PKTS - 1)] as Uint8Array;
    inBuf.set(p);
    wasmDp.processRaw(nodeId, i, p.length);
  }
  const secs = (performance.now() - t0) / 1000;
  gc();
  const wasmAfter = wasmDp.core.memory.buffer.byteLength;
  const heapAfter = process.memoryUsage().heapUsed;
  line('mem_packets', M / 1e6, 'M');
  line('mem_packets_rate', M / secs / 1e6, 'Mpps');
  line('mem_wasm_before', wasmBefore / 2 ** 20, 'MiB');
  line('mem_wasm_after', wasmAfter / 2 ** 20, 'MiB');
  line('mem_heap_before', heapBefore / 2 ** 20, 'MiB');
  line('mem_heap_after', heapAfter / 2 ** 20, 'MiB');
  line('mem_heap_growth', (heapAfter - heapBefore) / 2 ** 20, 'MiB');
}

void main();
