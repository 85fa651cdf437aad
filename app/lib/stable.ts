// Keeping what did not change the same object from one frame to the next (issue 9's frame time).
// A view recomputed each frame while playing (the cursor moves every frame) builds new objects
// even when their content is what it was: a keyed `{#each}` then re-runs every item's template
// effects and a `$derived` that reads the array recomputes all that follows from it. Handing it
// back the previous objects where nothing changed lets Svelte skip them (its signals compare by
// identity), so a frame costs only what it really changes on the screen.

/** Equal by content, for the small plain records of the views (numbers, strings, arrays, objects). */
export function sameContent(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => sameContent(x, bb[i]));
  }
  if (a instanceof Map || b instanceof Map) {
    if (!(a instanceof Map && b instanceof Map) || a.size !== b.size) return false;
    for (const [k, v] of a) if (!b.has(k) || !sameContent(v, b.get(k))) return false;
    return true;
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka)
    if (!sameContent((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  return true;
}

/**
 * `next`, with each item equal by content to the previous array's item at the same key replaced by
 * that previous item; the previous array itself when every item is (same length, same order).
 */
export function keepSame<T>(prev: readonly T[] | undefined, next: readonly T[], key: (x: T) => unknown): readonly T[] {
  if (!prev || prev.length === 0) return next;
  // Most frames the items are where they were (the same ticks, the same marks, one more at the
  // end): the item at the same place is tried first, and the map of the previous items by key is
  // built only when one is not there.
  let old: Map<unknown, T> | undefined;
  let all = prev.length === next.length;
  const out = new Array<T>(next.length);
  for (let i = 0; i < next.length; i++) {
    const x = next[i]!;
    const k = key(x);
    let o: T | undefined = i < prev.length && key(prev[i]!) === k ? prev[i] : undefined;
    if (o === undefined) {
      if (!old) {
        old = new Map();
        for (const p of prev) old.set(key(p), p);
      }
      o = old.get(k);
    }
    if (o !== undefined && sameContent(o, x)) {
      if (prev[i] !== o) all = false;
      out[i] = o;
    } else {
      all = false;
      out[i] = x;
    }
  }
  return all ? prev : out;
}

/** `keepSame` against what it returned last time: one per view that is rebuilt each frame. */
export class Keeper<T> {
  private last: readonly T[] | undefined;
  constructor(private readonly key: (x: T) => unknown) {}
  keep(next: readonly T[]): readonly T[] {
    this.last = keepSame(this.last, next, this.key);
    return this.last;
  }
}
