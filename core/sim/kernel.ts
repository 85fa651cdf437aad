// The simulation kernel: integer virtual time in microseconds, an event queue ordered by
// (time, sequence) so that ties run first-in first-out, cancellable timers, one seeded random
// source. Shaped after ns-3's default-simulator-impl and SimPy's core: the clock and the queue
// stand alone; protocol code schedules through the narrow `Scheduler` interface and never sees
// the heap. No wall clock, no Math.random anywhere.
//
// Hot path: a binary heap of slot numbers over parallel typed arrays (time, sequence), so an
// event costs no allocation beyond its callback; cancellation sets a flag on the slot.

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

export class Kernel implements Scheduler {
  private _now: Micros = 0;
  private seq = 0;
  private cap: number;
  private times: Float64Array;
  private seqs: Float64Array;
  private gens: Uint32Array;
  private dead: Uint8Array;
  private fns: ((() => void) | undefined)[];
  private heap: Int32Array;
  private size = 0;
  private free: Int32Array;
  private freeTop = 0;
  private nextSlot = 0;
  /** Events executed so far (cancelled ones are not counted). */
  executed = 0;

  constructor(initialCapacity = 1024) {
    this.cap = initialCapacity;
    this.times = new Float64Array(this.cap);
    this.seqs = new Float64Array(this.cap);
    this.gens = new Uint32Array(this.cap);
    this.dead = new Uint8Array(this.cap);
    this.fns = new Array(this.cap);
    this.heap = new Int32Array(this.cap);
    this.free = new Int32Array(this.cap);
  }

  get now(): Micros {
    return this._now;
  }

  /** Number of events in the queue (cancelled ones included until they surface). */
  get pending(): number {
    return this.size;
  }

  private grow(): void {
    const cap = this.cap * 2;
    const t = new Float64Array(cap);
    t.set(this.times);
    this.times = t;
    const s = new Float64Array(cap);
    s.set(this.seqs);
    this.seqs = s;
    const g = new Uint32Array(cap);
    g.set(this.gens);
    this.gens = g;
    const d = new Uint8Array(cap);
    d.set(this.dead);
    this.dead = d;
    const h = new Int32Array(cap);
    h.set(this.heap);
    this.heap = h;
    const f = new Int32Array(cap);
    f.set(this.free);
    this.free = f;
    this.fns.length = cap;
    this.cap = cap;
  }

  /** Schedule at an absolute time (not before now). */
  at(time: Micros, fn: () => void): TimerId {
    if (!(time >= this._now) || !Number.isInteger(time)) {
      throw new RangeError(`kernel: event time ${time} is not an integer at or after now (${this._now})`);
    }
    let slot: number;
    if (this.freeTop > 0) slot = this.free[--this.freeTop]!;
    else {
      if (this.nextSlot === this.cap) this.grow();
      slot = this.nextSlot++;
    }
    this.times[slot] = time;
    this.seqs[slot] = ++this.seq;
    this.dead[slot] = 0;
    this.fns[slot] = fn;
    // sift up
    const heap = this.heap;
    const times = this.times;
    const seqs = this.seqs;
    const s = this.seqs[slot]!;
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const ps = heap[p]!;
      const pt = times[ps]!;
      if (pt < time || (pt === time && seqs[ps]! < s)) break;
      heap[i] = ps;
      i = p;
    }
    heap[i] = slot;
    return this.gens[slot]! * SLOT_BITS + slot + 1;
  }

  after(delay: Micros, fn: () => void): TimerId {
    return this.at(this._now + delay, fn);
  }

  cancel(id: TimerId): void {
    if (id <= 0) return;
    const slot = (id - 1) % SLOT_BITS;
    const gen = Math.floor((id - 1) / SLOT_BITS);
    if (slot < this.nextSlot && this.gens[slot] === gen && this.fns[slot] !== undefined) this.dead[slot] = 1;
  }

  /** Time of the next live event, or Infinity. */
  peek(): Micros {
    while (this.size > 0) {
      const top = this.heap[0]!;
      if (this.dead[top] === 0) return this.times[top]!;
      this.release(this.pop());
    }
    return Infinity;
  }

  private pop(): number {
    const heap = this.heap;
    const times = this.times;
    const seqs = this.seqs;
    const top = heap[0]!;
    const last = heap[--this.size]!;
    const n = this.size;
    if (n > 0) {
      const lt = times[last]!;
      const ls = seqs[last]!;
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= n) break;
        let cs = heap[c]!;
        let ct = times[cs]!;
        if (c + 1 < n) {
          const rs = heap[c + 1]!;
          const rt = times[rs]!;
          if (rt < ct || (rt === ct && seqs[rs]! < seqs[cs]!)) {
            c++;
            cs = rs;
            ct = rt;
          }
        }
        if (lt < ct || (lt === ct && ls < seqs[cs]!)) break;
        heap[i] = cs;
        i = c;
      }
      heap[i] = last;
    }
    return top;
  }

  private release(slot: number): void {
    this.fns[slot] = undefined;
    this.gens[slot] = (this.gens[slot]! + 1) >>> 0;
    this.free[this.freeTop++] = slot;
  }

  /** Run the next live event; false when the queue is empty. */
  step(): boolean {
    while (this.size > 0) {
      const slot = this.pop();
      const fn = this.fns[slot]!;
      const dead = this.dead[slot] === 1;
      const t = this.times[slot]!;
      this.release(slot);
      if (dead) continue;
      this._now = t;
      this.executed++;
      fn();
      return true;
    }
    return false;
  }

  /** Run every event with time <= `until`, then set the clock to `until`. */
  runUntil(until: Micros): void {
    while (this.peek() <= until) this.step();
    if (until > this._now) this._now = until;
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
