// Replaying a run in the engine, without a page or a worker (Node, tests, the teacher's view).
// It does what the worker does with the same requests (core/worker.ts): load, then for each move
// run virtual time to the move's time and apply it there, then run to the run's end. The kernel
// processes every event at or before the time it is asked to reach, whatever the steps it is
// asked in, so this gives the trace the page saw, record by record.
import type { PacketCore } from '../wasm.ts';
import { Lab } from '../lab.ts';
import type { TraceRecord } from '../trace.ts';
import { traceFingerprint, type Run } from './run.ts';

export interface Replay {
  records: TraceRecord[];
  fingerprint: string;
  /** The run carries a fingerprint and the replay's differs (another engine, or an edited run). */
  mismatch: boolean;
}

/** Replays a run; throws the engine's Error (naming the field) for a scenario it cannot load. */
export function replayRun(core: PacketCore, run: Run): Replay {
  const lab = new Lab(
    core,
    run.seed,
    run.scenario === 'inline' ? { inline: run.inline } : { id: run.scenario },
    run.params,
  );
  const records: TraceRecord[] = [];
  const push = (rs: TraceRecord[]) => {
    for (const r of rs) records.push(r);
  };
  for (const m of run.moves) {
    if (m.at > lab.time) push(lab.advance(m.at));
    push(lab.move(m.node, m.x, m.y));
  }
  push(lab.advance(run.end));
  const fingerprint = traceFingerprint(records);
  return { records, fingerprint, mismatch: run.fingerprint !== undefined && run.fingerprint !== fingerprint };
}
