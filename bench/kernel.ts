// Kernel events per second on the classic hold model: 10,000 events pending, 2,000,000 processed;
// each event reschedules itself at now + a random increment. Target: at least ns-3's default
// scheduler on this machine (about 3 million events per second, issue 4). The kernel: a timing
// wheel of 1 µs buckets over 32.8 ms plus a 4-ary typed-array heap for later events (most of the
// hold model's events, exponential with a 1 ms mean, land in the wheel: O(1) each). Baseline
// measured in the same run: a textbook binary heap of event objects.
import { Kernel, Rng } from '../core/sim/kernel.ts';

const PENDING = 10_000;
const EVENTS = 2_000_000;
const NS3_REFERENCE_MEV_S = 3.0;

function holdKernel(): number {
  const k = new Kernel(PENDING + 16);
  const rng = new Rng(1);
  const incr = new Int32Array(1 << 16);
  for (let i = 0; i < incr.length; i++) incr[i] = 1 + Math.floor(-Math.log(1 - rng.next()) * 1000); // exponential, mean 1 ms
  let j = 0;
  const hold = () => {
    k.after(incr[j++ & 0xffff]!, hold);
  };
  for (let i = 0; i < PENDING; i++) k.at(incr[i & 0xffff]!, hold);
  const t0 = performance.now();
  for (let i = 0; i < EVENTS; i++) k.step();
  return EVENTS / ((performance.now() - t0) / 1000);
}

interface Ev {
  t: number;
  seq: number;
  fn: () => void;
}
function holdObjectHeap(): number {
  const heap: Ev[] = [];
  let seq = 0;
  let now = 0;
  const less = (a: Ev, b: Ev) => a.t < b.t || (a.t === b.t && a.seq < b.seq);
  const push = (e: Ev) => {
    let i = heap.length;
    heap.push(e);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (less(heap[p]!, e)) break;
      heap[i] = heap[p]!;
      i = p;
    }
    heap[i] = e;
  };
  const pop = (): Ev => {
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= heap.length) break;
        if (c + 1 < heap.length && less(heap[c + 1]!, heap[c]!)) c++;
        if (less(last, heap[c]!)) break;
        heap[i] = heap[c]!;
        i = c;
      }
      heap[i] = last;
    }
    return top;
  };
  const rng = new Rng(1);
  const incr = new Int32Array(1 << 16);
  for (let i = 0; i < incr.length; i++) incr[i] = 1 + Math.floor(-Math.log(1 - rng.next()) * 1000);
  let j = 0;
  const hold = () => push({ t: now + incr[j++ & 0xffff]!, seq: ++seq, fn: hold });
  for (let i = 0; i < PENDING; i++) push({ t: incr[i]!, seq: ++seq, fn: hold });
  const t0 = performance.now();
  for (let i = 0; i < EVENTS; i++) {
    const e = pop();
    now = e.t;
    e.fn();
  }
  return EVENTS / ((performance.now() - t0) / 1000);
}

holdKernel(); // warm-up
const k = Math.max(holdKernel(), holdKernel());
const o = Math.max(holdObjectHeap(), holdObjectHeap());
console.log(`bench kernel_hold ${(k / 1e6).toFixed(2)} Mevents/s`);
console.log(`bench kernel_hold_object_heap ${(o / 1e6).toFixed(2)} Mevents/s`);
console.log(`bench kernel_vs_object_heap ${(k / o).toFixed(2)} x`);
console.log(`bench kernel_vs_ns3_reference ${(k / 1e6 / NS3_REFERENCE_MEV_S).toFixed(2)} x`);
