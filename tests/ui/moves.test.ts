// Live moves carry their own virtual time (Timeline.moveTime → protocol `move.at`), so the engine
// sees a drag at the speed the user made it, not at the pace the worker happened to dequeue it.
// The engine estimates a dragged MN's velocity from consecutive moves to predict the handover
// (§3.1, predictive information); moves stamped with whatever time the engine had reached gave
// two steps 16.7 ms apart when they were 50 ms apart, a prediction 94 m early, and a predicted
// move that missed its deadline (§6.1.2) — the browser test's flake.
import { describe, expect, it } from 'vitest';
import { LOOKAHEAD_US, moveTimeAt } from '../../app/timeline/events.ts';
import { isRequest } from '../../core/protocol.ts';

describe('move times', () => {
  it('keep the wall-clock spacing of the moves, scaled by the speed, across frames', () => {
    // Real time (1000 µs per ms): frame A at cursor 1 s, frame B one 16.7 ms frame later.
    const a = moveTimeAt(1_000_000, 1000, 5);
    const b = moveTimeAt(1_016_700, 1000, 8.3);
    // The moves were 16.7 - 5 + 8.3 = 20 ms apart on the wall clock: 20 ms apart in the run.
    expect(b - a).toBe(20_000);
    // Slow motion (1 µs per ms): the same 20 ms is 20 µs of the run.
    expect(moveTimeAt(1_000_017, 1, 8.3) - moveTimeAt(1_000_000, 1, 5)).toBe(20);
  });

  it('never fall before the look-ahead the engine has already run to', () => {
    // An event stamped before the frame began (input is dispatched with the frame) counts as at the frame.
    expect(moveTimeAt(2_000_000, 1000, -3)).toBe(2_000_000 + LOOKAHEAD_US);
    // A frame is at most 100 ms (a stalled tab does not jump the MN seconds ahead).
    expect(moveTimeAt(0, 1000, 5_000)).toBe(100_000 + LOOKAHEAD_US);
  });

  it('cross to the worker as integers (µs); anything else is refused', () => {
    expect(isRequest({ type: 'move', id: 1, node: 'MN', x: 1, y: 2, at: 70_000 })).toBe(true);
    expect(isRequest({ type: 'move', id: 1, node: 'MN', x: 1, y: 2 })).toBe(true);
    expect(isRequest({ type: 'move', id: 1, node: 'MN', x: 1, y: 2, at: 1.5 })).toBe(false);
    expect(isRequest({ type: 'move', id: 1, node: 'MN', x: 1, y: 2, at: -1 })).toBe(false);
  });
});
