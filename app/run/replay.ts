// Opening a run in the page: the same requests the learner's page made (load, each move at its
// own virtual time, advance to the end), sent while the time cursor is paused so no frame runs
// the engine past a move before the move is sent. Then the cursor goes where the learner left it.
// The worker applies a move with `at` at exactly that time (core/worker.ts), so the page's trace
// is the learner's, record by record (core/run/replay.ts does the same without a worker).
import type { Run } from '../../core/run/run.ts';
import type { Session } from '../lib/session.svelte.ts';

/** Replays `run` into the page's session. Resolves false if the engine could not load it. */
export async function replayInPage(session: Session, run: Run): Promise<boolean> {
  const opts = {
    scenario: run.scenario,
    ...(run.scenario === 'inline' ? { inline: run.inline } : {}),
    seed: run.seed,
    // The "what if" changes the run was made with over its scenario (none: as written).
    whatIf: run.params ?? {},
  };
  // A load of the page's own (its first scenario, a settings change) may start while the run is
  // replayed, and the later load wins: then wait for it and replay again from the start.
  for (let attempt = 0; attempt < 5; attempt++) {
    session.pause();
    for (let i = 0; i < 500 && session.status === 'loading'; i++) await new Promise((r) => setTimeout(r, 20));
    await session.load(opts);
    if (session.loaded !== opts) continue;
    if (session.status !== 'ready') return false;
    for (const m of run.moves) await session.move(m.node, m.x, m.y, m.at);
    // `advance` refuses a time the engine has reached; `now` is only brought up to date by a flush.
    session.flush();
    if (run.end > session.now) await session.advance(run.end);
    session.flush();
    if (session.loaded !== opts) continue;
    session.pause();
    session.goto(run.cursor);
    return session.status === 'ready';
  }
  return false;
}
