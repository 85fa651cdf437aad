// A time cursor for a view that need not move at every frame (issue 9's frame time). While the
// run plays, the cursor moves each animation frame and every view that reads it is computed, laid
// out and painted again at 60 Hz; a list of packets or a table of measures is not read at that
// pace. Such a view reads `paced(...)`: while `live()` it follows the cursor at most every `ms`
// (and takes the last one of a burst when that time is up), otherwise — paused, scrubbed, stepped —
// at once. Wireshark's live capture updates its packet list on a timer for the same reason.
import { untrack } from 'svelte';
import type { Micros } from '../../core/trace.ts';

export interface Paced {
  /** The cursor the view shows. */
  readonly value: Micros;
}

/** To be called while a component is being set up (it makes two effects, ended with it). */
export function paced(cursor: () => Micros, live: () => boolean, ms: number): Paced {
  let value = $state(untrack(cursor));
  let at = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const show = () => {
    clearTimeout(timer);
    timer = undefined;
    at = performance.now();
    value = untrack(cursor);
  };
  $effect(() => {
    cursor();
    if (!live()) return show();
    const wait = ms - (performance.now() - at);
    if (wait <= 0) show();
    else timer ??= setTimeout(show, wait);
  });
  $effect(() => () => clearTimeout(timer));
  return {
    get value() {
      return value;
    },
  };
}
