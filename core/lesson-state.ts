// The state fold lesson state checks read: core/state.ts `stateAt`, every node's tables at a time
// folded from the trace's typed state records, in the shape core/lessons.ts's checks expect. The
// page's lesson panel, `npm run lessons:check` and the tests all judge state checks with it.
import type { StateFn } from './lessons.ts';
import { stateAt } from './state.ts';

export const lessonStateAt: StateFn = (records, t) => stateAt(records, t) as unknown as ReturnType<StateFn>;
