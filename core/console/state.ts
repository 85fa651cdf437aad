// The one place the console reads the run's state: `stateAt` (core/state.ts), the same fold of the
// trace's typed state records the lesson checks and `npm run sim -- --state-at` read. The console
// keeps no tables of its own: `show` at the cursor is the engine's state at that instant.
import type { Micros, TraceRecord } from '../trace.ts';
import { stateAt, type WorldState } from '../state.ts';

export type WorldView = WorldState;

export function stateOf(records: readonly TraceRecord[], t: Micros): WorldView {
  return stateAt(records, t);
}
