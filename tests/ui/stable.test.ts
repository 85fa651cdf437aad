// app/lib/stable.ts keeps last frame's objects where a view rebuilt them unchanged. What must hold:
// the result always reads exactly as the new view (same items, same order, same content), and an
// item is the previous object only where its content is the same, so nothing changed is drawn
// stale; the previous array itself comes back only when nothing at all changed.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { keepSame, sameContent } from '../../app/lib/stable.ts';

interface Item {
  k: number;
  y: number;
  text: string;
  parts: number[];
}
const item = fc.record({
  k: fc.integer({ min: 0, max: 6 }),
  y: fc.integer({ min: 0, max: 3 }),
  text: fc.constantFrom('a', 'b'),
  parts: fc.array(fc.integer({ min: 0, max: 2 }), { maxLength: 2 }),
});
const items = fc.uniqueArray(item, { selector: (x) => x.k, maxLength: 6 });

describe('keepSame', () => {
  it('reads as the new array, reusing an old item only where its content is the same', () => {
    fc.assert(
      fc.property(items, items, (prev, next) => {
        const out = keepSame(prev, next, (x: Item) => x.k);
        expect(out).toEqual(next);
        out.forEach((x, i) => {
          const old = prev.find((p) => p.k === x.k);
          if (x !== next[i]) expect(x).toBe(old);
          if (old && sameContent(old, next[i])) expect(x).toBe(old);
        });
        if (out === prev) expect(next).toEqual(prev);
      }),
    );
  });

  it('gives back the previous array when nothing changed, and a new one when one item did', () => {
    const prev = [
      { k: 1, y: 10, text: 'HI', parts: [1] },
      { k: 2, y: 20, text: 'HACK', parts: [] },
    ];
    const same = prev.map((x) => structuredClone(x));
    expect(keepSame(prev, same, (x) => x.k)).toBe(prev);
    const moved = [same[0]!, { ...same[1]!, y: 21 }];
    const out = keepSame(prev, moved, (x) => x.k);
    expect(out).not.toBe(prev);
    expect(out[0]).toBe(prev[0]);
    expect(out[1]).toBe(moved[1]);
    // A new item at the end: the others are kept, the array is new.
    const grown = keepSame(prev, [...same, { k: 3, y: 30, text: 'BU', parts: [] }], (x) => x.k);
    expect(grown).toHaveLength(3);
    expect(grown[0]).toBe(prev[0]);
    expect(grown[1]).toBe(prev[1]);
  });

  it('compares maps, nested objects and arrays by content', () => {
    expect(sameContent(new Map([['nAR', 2]]), new Map([['nAR', 2]]))).toBe(true);
    expect(sameContent(new Map([['nAR', 2]]), new Map([['nAR', 3]]))).toBe(false);
    expect(sameContent({ a: [1, { b: null }] }, { a: [1, { b: null }] })).toBe(true);
    expect(sameContent({ a: [1] }, { a: [1], b: undefined })).toBe(false);
    expect(sameContent([1, 2], { 0: 1, 1: 2 })).toBe(false);
  });
});
