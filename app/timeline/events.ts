// The events the timeline steps through, derived from the trace. Stepping moves the cursor from
// one signalling event to the next (a message sent, received or lost, a layer-2 trigger, a tunnel
// set up or torn down); data packets are too many to step through one by one.
import type { Micros, TraceRecord } from '../../core/trace.ts';
import { isStepEvent } from '../../core/views/vocabulary.ts';

export { isStepEvent };

/** Sorted, distinct times of the step events. */
export function stepTimes(records: readonly TraceRecord[]): Micros[] {
  const out: Micros[] = [];
  for (const r of records) if (isStepEvent(r) && out[out.length - 1] !== r.t) out.push(r.t);
  return out;
}

/** First event time strictly after `cursor`, or null. */
export function nextTime(times: readonly Micros[], cursor: Micros): Micros | null {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid]! <= cursor) lo = mid + 1;
    else hi = mid;
  }
  return lo < times.length ? times[lo]! : null;
}

/** Last event time strictly before `cursor`, or 0 (the start) when there is none. */
export function prevTime(times: readonly Micros[], cursor: Micros): Micros {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid]! < cursor) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? times[lo - 1]! : 0;
}

/**
 * Playback speeds, virtual µs per wall-clock ms: from slow motion (1 ms of simulation over about
 * a second) up to real time.
 */
export const SPEEDS = [
  { value: 1, label: 'Slow motion: 1 ms per second' },
  { value: 10, label: '10 ms per second' },
  { value: 100, label: '100 ms per second' },
  { value: 1000, label: 'Real time' },
] as const;

/** Formats virtual time for people: "12.345 ms". */
export function formatTime(t: Micros): string {
  return `${(t / 1000).toFixed(3)} ms`;
}

/**
 * While playing live the engine runs this far ahead of the cursor, so every packet on a wire at
 * the cursor already has its next hop in the trace and can be drawn travelling (the longest
 * built-in wired hop is 15 ms).
 */
export const LOOKAHEAD_US = 50_000;

/**
 * Virtual time of a move made `sinceFrameMs` wall-clock ms after the frame that put the cursor at
 * `cursor`, playing at `speed` µs per ms: that far past the engine's look-ahead (a frame is at
 * most 100 ms, as in `Timeline.start`).
 */
export function moveTimeAt(cursor: Micros, speed: number, sinceFrameMs: number): Micros {
  return Math.round(cursor + Math.min(Math.max(0, sinceFrameMs), 100) * speed + LOOKAHEAD_US);
}
