// The simulation kernel: integer virtual time in microseconds, an event queue ordered by
// (time, sequence) so that ties run first-in first-out, cancellable timers, one seeded random
// source. Shaped after ns-3's default-simulator-impl and SimPy's core: the clock and the queue
// stand alone; protocol code schedules through the narrow `Scheduler` interface and never sees
// the heap. No wall clock, no Math.random anywhere.
//
// Hot path: a timing wheel of one-microsecond buckets over the next 32.8 ms (each bucket a FIFO
// list of slots, a bitmap to find the next non-empty one), and a 4-ary heap in parallel typed
// arrays (time, sequence, slot) for later events, which move into the wheel in (time, sequence)
// order as the window reaches them, before anything else can be scheduled at their time: ties
// still run first-in first-out. Events are integer slots (generation-checked handles); an event
// costs no allocation beyond its callback, and `atCall(time, fn, arg)` takes a long-lived handler
// and its argument, so the engine's per-packet events allocate nothing. A slot's callback,
// argument, bucket link and generation lie side by side in one array (one cache line read per
// event run, not two). Cancellation replaces the callback with a marker.

/** Virtual time, integer microseconds. */
export type Micros = number;

/** Opaque timer handle; 0 is never a valid handle. */
export type TimerId = number;

export interface Scheduler {
  readonly now: Micros;
  /** Run `fn` after `delay` µs (a non-negative integer). */
  after(delay: Micros, fn: () => void): TimerId;
  /** Cancel a pending event; cancelling a fired or cancelled event does nothing. */
  cancel(id: TimerId): void;
}

const SLOT_BITS = 2 ** 24;
// The timing wheel: one bucket per microsecond over a window of 2^15 µs (32.8 ms) from `base`.
const W_BITS = 15;
const W = 1 << W_BITS;
const MASK = W - 1;
const WORDS = W >>> 5;
// A slot's four entries in Kernel.fa: the callback, its argument, the next slot in its bucket and
// the slot's generation (small integers: V8 keeps them unboxed in the array).
const SLOT_WORDS = 4;
const FN = 0;
const ARG = 1;
const NEXT = 2;
const GEN = 3;
/** Generations wrap here: a handle (generation · SLOT_BITS + slot + 1) stays an exact integer below 2^53. */
const GEN_MASK = 2 ** 29 - 1;
/** The callback of a cancelled event that has not surfaced yet (never called). */
const CANCELLED = (): void => {};

export class Kernel implements Scheduler {
  private _now: Micros = 0;
  private seq = 0;
  private cap: number;
  // Per slot, side by side in one array (an event's slot is read again only when it runs, long
  // after its line was last in the cache: one line, not one per field): the callback (CANCELLED
  // once cancelled, undefined when free), its argument, next in its bucket, generation (for stale
  // handles) — SLOT_WORDS a slot.
  private fa: unknown[];
  // The wheel: every event earlier than base + W is in the bucket of its time, a FIFO list (so
  // ties run in the order they were scheduled); a bitmap of non-empty buckets finds the next one.
  // A bucket's head and tail side by side in `ht` (2b, 2b + 1).
  private base = 0;
  private baseIdx = 0;
  private readonly ht = new Int32Array(2 * W).fill(-1);
  private readonly bits = new Uint32Array(WORDS);
  private wheelCount = 0;
  // Later events wait in a 4-ary heap ordered by (time, sequence), in parallel typed arrays; they
  // move into the wheel, in that order, as soon as the window reaches them.
  private hT: Float64Array;
  private hS: Float64Array;
  private hI: Int32Array;
  private size = 0;
  private free: Int32Array;
  private freeTop = 0;
  private nextSlot = 0;
  /** Events executed so far (cancelled ones are not counted). */
  executed = 0;

  constructor(initialCapacity = 1024) {
    this.cap = Math.max(2, initialCapacity);
    this.fa = new Array<unknown>(this.cap * SLOT_WORDS).fill(undefined);
    for (let k = 0; k < this.cap; k++) this.fa[k * SLOT_WORDS + GEN] = 0;
    this.hT = new Float64Array(this.cap);
    this.hS = new Float64Array(this.cap);
    this.hI = new Int32Array(this.cap);
    this.free = new Int32Array(this.cap);
  }

  get now(): Micros {
    return this._now;
  }

  /** Number of events in the queue (cancelled ones included until they surface). */
  get pending(): number {
    return this.wheelCount + this.size;
  }

  private grow(): void {
    const cap = this.cap * 2;
    for (let k = this.cap; k < cap; k++) this.fa.push(undefined, undefined, -1, 0);
    const t = new Float64Array(cap);
    t.set(this.hT);
    this.hT = t;
    const s = new Float64Array(cap);
    s.set(this.hS);
    this.hS = s;
    const h = new Int32Array(cap);
    h.set(this.hI);
    this.hI = h;
    const f = new Int32Array(cap);
    f.set(this.free);
    this.free = f;
    this.cap = cap;
  }

  /** Schedule at an absolute time (not before now). */
  at(time: Micros, fn: () => void): TimerId {
    const slot = this.push(time, fn);
    return (this.fa[slot * SLOT_WORDS + GEN] as number) * SLOT_BITS + slot + 1;
  }

  /** Schedule `fn(arg)` at an absolute time (not before now): no closure per event. */
  atCall<A>(time: Micros, fn: (arg: A) => void, arg: A): TimerId {
    const slot = this.push(time, fn as (arg: never) => void);
    this.fa[slot * SLOT_WORDS + ARG] = arg;
    return (this.fa[slot * SLOT_WORDS + GEN] as number) * SLOT_BITS + slot + 1;
  }

  after(delay: Micros, fn: () => void): TimerId {
    const slot = this.push(this._now + delay, fn);
    return (this.fa[slot * SLOT_WORDS + GEN] as number) * SLOT_BITS + slot + 1;
  }

  /** Inserts an event; returns its slot. */
  private push(time: Micros, fn: (arg: never) => void): number {
    if (!(time >= this._now) || time !== Math.floor(time)) {
      throw new RangeError(`kernel: event time ${time} is not an integer at or after now (${this._now})`);
    }
    let slot: number;
    if (this.freeTop > 0) slot = this.free[--this.freeTop]!;
    else {
      if (this.nextSlot === this.cap) this.grow();
      slot = this.nextSlot++;
    }
    this.fa[slot * SLOT_WORDS + FN] = fn;
    const s = ++this.seq;
    // In the window: its bucket. Later, or earlier than the window (the window may have moved past
    // `now` to a cancelled event or to the heap's first): the heap, which runs those first.
    if (time >= this.base && time - this.base < W) this.toWheel(slot, time);
    else this.toHeap(slot, time, s);
    return slot;
  }

  /** Appends the slot to the bucket of `time` (base <= time < base + W). */
  private toWheel(slot: number, time: number): void {
    const b = (this.baseIdx + (time - this.base)) & MASK;
    const ht = this.ht;
    this.fa[slot * SLOT_WORDS + NEXT] = -1;
    const t = ht[2 * b + 1]!;
    if (t < 0) {
      ht[2 * b] = slot;
      this.bits[b >>> 5] = this.bits[b >>> 5]! | (1 << (b & 31));
    } else this.fa[t * SLOT_WORDS + NEXT] = slot;
    ht[2 * b + 1] = slot;
    this.wheelCount++;
  }

  private toHeap(slot: number, time: number, s: number): void {
    const hT = this.hT;
    const hS = this.hS;
    const hI = this.hI;
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 2;
      const pt = hT[p]!;
      // `s` is the newest sequence number: an event at the same time stays before it (FIFO).
      if (pt <= time) break;
      hT[i] = pt;
      hS[i] = hS[p]!;
      hI[i] = hI[p]!;
      i = p;
    }
    hT[i] = time;
    hS[i] = s;
    hI[i] = slot;
  }

  cancel(id: TimerId): void {
    if (id <= 0) return;
    const slot = (id - 1) % SLOT_BITS;
    const gen = Math.floor((id - 1) / SLOT_BITS);
    const k = slot * SLOT_WORDS;
    if (slot < this.nextSlot && this.fa[k + GEN] === gen && this.fa[k + FN] !== undefined) this.fa[k + FN] = CANCELLED;
  }

  /** The wheel's window starts at `t` (no event earlier than `t` is pending); later events move in. */
  private setBase(t: number): void {
    this.baseIdx = (this.baseIdx + ((t - this.base) % W)) & MASK;
    this.base = t;
    const limit = t + W;
    while (this.size > 0 && this.hT[0]! < limit) {
      const time = this.hT[0]!;
      this.toWheel(this.popTop(), time);
    }
  }

  /**
   * Time of the earliest pending event (cancelled or not), or Infinity; `nb` says where it is: its
   * bucket, or -1 for the heap's first. Events earlier than the window are in the heap and come
   * first; an empty wheel moves the window to the heap's first.
   */
  private nextEvent(): number {
    for (;;) {
      if (this.size > 0 && this.hT[0]! < this.base) {
        this.nb = -1;
        return this.hT[0]!;
      }
      if (this.wheelCount > 0) {
        const start = this.baseIdx;
        let w = start >>> 5;
        let word = this.bits[w]! & (-1 << (start & 31));
        for (let n = 0; n <= WORDS; n++) {
          if (word !== 0) {
            const b = (w << 5) + (31 - Math.clz32(word & -word));
            this.nb = b;
            return this.base + ((b - start) & MASK);
          }
          w = (w + 1) & (WORDS - 1);
          word = this.bits[w]!;
        }
      }
      if (this.size === 0) return Infinity;
      this.setBase(this.hT[0]!);
    }
  }
  private nb = -1;

  /** Takes the earliest event (found by nextEvent, at time `t`) out of the queue; returns its slot. */
  private take(t: number): number {
    const b = this.nb;
    if (b < 0) return this.popTop();
    const ht = this.ht;
    const slot = ht[2 * b]!;
    const next = this.fa[slot * SLOT_WORDS + NEXT] as number;
    ht[2 * b] = next;
    if (next < 0) {
      ht[2 * b + 1] = -1;
      this.bits[b >>> 5] = this.bits[b >>> 5]! & ~(1 << (b & 31));
    }
    this.wheelCount--;
    if (t !== this.base) this.setBase(t);
    return slot;
  }

  /** Time of the next live event, or Infinity. */
  peek(): Micros {
    for (;;) {
      const t = this.nextEvent();
      if (t === Infinity) return t;
      const slot = this.nb < 0 ? this.hI[0]! : this.ht[2 * this.nb]!;
      if (this.fa[slot * SLOT_WORDS + FN] !== CANCELLED) return t;
      this.take(t);
      this.fa[slot * SLOT_WORDS + ARG] = undefined;
      this.release(slot);
    }
  }

  /** Removes the heap's top; returns its slot (its time is read before). */
  private popTop(): number {
    const hT = this.hT;
    const hS = this.hS;
    const hI = this.hI;
    const top = hI[0]!;
    const n = --this.size;
    if (n > 0) {
      const lt = hT[n]!;
      const ls = hS[n]!;
      const li = hI[n]!;
      let i = 0;
      for (;;) {
        // 4-ary heap: half the depth of a binary heap, children on one or two cache lines.
        const c0 = 4 * i + 1;
        if (c0 >= n) break;
        let c = c0;
        let ct = hT[c0]!;
        const end = c0 + 4 < n ? c0 + 4 : n;
        for (let k = c0 + 1; k < end; k++) {
          const kt = hT[k]!;
          if (kt < ct || (kt === ct && hS[k]! < hS[c]!)) {
            c = k;
            ct = kt;
          }
        }
        if (lt < ct || (lt === ct && ls < hS[c]!)) break;
        hT[i] = ct;
        hS[i] = hS[c]!;
        hI[i] = hI[c]!;
        i = c;
      }
      hT[i] = lt;
      hS[i] = ls;
      hI[i] = li;
    }
    return top;
  }

  private release(slot: number): void {
    const k = slot * SLOT_WORDS;
    this.fa[k + FN] = undefined;
    this.fa[k + GEN] = ((this.fa[k + GEN] as number) + 1) & GEN_MASK;
    this.free[this.freeTop++] = slot;
  }

  /** Run the next live event; false when the queue is empty. */
  step(): boolean {
    return this.run(Infinity, true);
  }

  /** Run every event with time <= `until`, then set the clock to `until`. */
  runUntil(until: Micros): void {
    this.run(until, false);
    if (until > this._now) this._now = until;
    // Nothing at or before `until` is pending: the window may start there.
    if (until > this.base && until !== Infinity) this.setBase(until);
  }

  private run(until: number, once: boolean): boolean {
    for (;;) {
      const t = this.nextEvent();
      if (t > until || t === Infinity) return false;
      const slot = this.take(t);
      const fa = this.fa;
      const k = slot * SLOT_WORDS;
      const fn = fa[k + FN] as (arg: unknown) => void;
      const arg = fa[k + ARG];
      if (arg !== undefined) fa[k + ARG] = undefined;
      this.release(slot);
      if (fn === CANCELLED) continue;
      this._now = t;
      this.executed++;
      fn(arg);
      if (once) return true;
    }
  }
}

/**
 * The one seeded random source (mulberry32: 32-bit state, fast, well distributed enough for
 * a teaching simulator). Every random choice in a run comes from here, so a seed replays a run.
 */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = (seed | 0) ^ 0x9e3779b9;
  }
  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Uniform integer in [lo, hi] (inclusive). */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
}

/**
 * Fingerprint of an event stream (OMNeT++ style): FNV-1a, 32 bits, over strings fed in order.
 * Two runs that did exactly the same thing have the same fingerprint.
 */
export class Fingerprint {
  private h = 0x811c9dc5;
  add(s: string): void {
    let h = this.h;
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    // record separator
    h ^= 0x1e;
    this.h = Math.imul(h, 0x01000193);
  }
  get value(): string {
    return (this.h >>> 0).toString(16).padStart(8, '0');
  }
}
