// The simulation kernel: integer virtual time in microseconds, an event queue ordered by
// (time, sequence) so that ties run first-in first-out, cancellable timers, one seeded random
// source. Shaped after ns-3's default-simulator-impl and SimPy's core: the clock and the queue
// stand alone; protocol code schedules through the narrow `Scheduler` interface and never sees
// the heap. No wall clock, no Math.random anywhere.
//
// Hot path: a 4-ary heap kept in parallel typed arrays (time, sequence, slot), so an event costs no
// allocation beyond its callback; cancellation sets a flag on the slot. `atCall(time, fn, arg)`
// takes a long-lived handler and its argument, so the engine's per-packet events allocate no
// closure at all.

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
  // Per slot: generation (for stale handles), cancelled flag, callback.
  private gens: Uint32Array;
  private dead: Uint8Array;
  private fns: (((arg: never) => void) | undefined)[];
  private args: unknown[];
  // The heap itself, in heap order: time, sequence and slot side by side (no indirection in sifts).
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
    this.gens = new Uint32Array(this.cap);
    this.dead = new Uint8Array(this.cap);
    this.fns = new Array(this.cap);
    this.args = new Array(this.cap);
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
    return this.size;
  }

  private grow(): void {
    const cap = this.cap * 2;
    const g = new Uint32Array(cap);
    g.set(this.gens);
    this.gens = g;
    const d = new Uint8Array(cap);
    d.set(this.dead);
    this.dead = d;
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
    this.fns.length = cap;
    this.args.length = cap;
    this.cap = cap;
  }

  /** Schedule at an absolute time (not before now). */
  at(time: Micros, fn: () => void): TimerId {
    const slot = this.push(time, fn);
    return this.gens[slot]! * SLOT_BITS + slot + 1;
  }

  /** Schedule `fn(arg)` at an absolute time (not before now): no closure per event. */
  atCall<A>(time: Micros, fn: (arg: A) => void, arg: A): TimerId {
    const slot = this.push(time, fn as (arg: never) => void);
    this.args[slot] = arg;
    return this.gens[slot]! * SLOT_BITS + slot + 1;
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
    this.dead[slot] = 0;
    this.fns[slot] = fn;
    const s = ++this.seq;
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
    return slot;
  }

  after(delay: Micros, fn: () => void): TimerId {
    const slot = this.push(this._now + delay, fn);
    return this.gens[slot]! * SLOT_BITS + slot + 1;
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
      if (this.dead[this.hI[0]!] === 0) return this.hT[0]!;
      const slot = this.popTop();
      this.args[slot] = undefined;
      this.release(slot);
    }
    return Infinity;
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
    this.fns[slot] = undefined;
    this.gens[slot] = (this.gens[slot]! + 1) >>> 0;
    this.free[this.freeTop++] = slot;
  }

  /** Run the next live event; false when the queue is empty. */
  step(): boolean {
    while (this.size > 0) {
      const t = this.hT[0]!;
      const slot = this.popTop();
      const fn = this.fns[slot]! as (arg: unknown) => void;
      const arg = this.args[slot];
      if (arg !== undefined) this.args[slot] = undefined;
      const dead = this.dead[slot] === 1;
      this.release(slot);
      if (dead) continue;
      this._now = t;
      this.executed++;
      fn(arg);
      return true;
    }
    return false;
  }

  /** Run every event with time <= `until`, then set the clock to `until`. */
  runUntil(until: Micros): void {
    // step() and peek() fused: one pop per event, cancelled events released on the way.
    while (this.size > 0) {
      const t = this.hT[0]!;
      if (t > until) break;
      const slot = this.popTop();
      const fn = this.fns[slot]! as (arg: unknown) => void;
      const arg = this.args[slot];
      if (arg !== undefined) this.args[slot] = undefined;
      const dead = this.dead[slot] === 1;
      this.release(slot);
      if (dead) continue;
      this._now = t;
      this.executed++;
      fn(arg);
    }
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
