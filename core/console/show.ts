// `show …`: the state of the run at the cursor as aligned tables, in a router's `show` style.
// Every table is read from `stateAt(trace, cursor)` (core/state.ts, engineer B) — the same fold
// the page's State panel and the lessons read — never from the console's own bookkeeping.
import type { ConsoleSession } from './session.ts';
import { ms } from './format.ts';

export function showLines(what: string, node: string | undefined, s: ConsoleSession): string[] {
  void node;
  throw new Error(
    `show ${what} at ${ms(s.cursor)}: the state tables need stateAt (core/state.ts), not on this branch yet`,
  );
}
