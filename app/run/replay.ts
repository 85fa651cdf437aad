// Opening a run in the page: the same requests the learner's page made (load, each move at its
// own virtual time, advance to the end), sent while the time cursor is paused so no frame runs
// the engine past a move before the move is sent. Then the cursor goes where the learner left it.
// The worker applies a move with `at` at exactly that time (core/worker.ts), so the page's trace
// is the learner's, record by record (core/run/replay.ts does the same without a worker).
import type { Run } from '../../core/run/run.ts';
import type { LabParams } from '../../core/protocol.ts';
import type { LabClient } from '../lib/lab-client.svelte.ts';
import type { Timeline } from '../timeline/timeline.svelte.ts';
import { DEFAULT_PARAMS } from '../controls/settings.ts';

/** Replays `run` into the page's engine. Resolves false if the engine could not load it. */
export async function replayInPage(lab: LabClient, timeline: Timeline, run: Run): Promise<boolean> {
  timeline.pause();
  timeline.reset();
  const params: LabParams = run.params ?? DEFAULT_PARAMS;
  await lab.start({
    scenario: run.scenario,
    ...(run.scenario === 'inline' ? { inline: run.inline } : {}),
    seed: run.seed,
    params,
  });
  if (!lab.ready) return false;
  for (const m of run.moves) await lab.move(m.node, m.x, m.y, m.at);
  // `advance` refuses a time the engine has reached; `now` is only brought up to date by a flush.
  lab.flush();
  if (run.end > lab.now) await lab.advance(run.end);
  lab.flush();
  timeline.scrub(run.cursor);
  return lab.ready;
}
