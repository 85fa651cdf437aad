// The sweep on Node's worker_threads (the command line, the bench, the tests): one worker per core
// of the machine, no more. Node-only: the page uses core/sweep/worker.ts through Web Workers.
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { SweepPool, type Endpoint, type FromWorker, type PoolOutcome } from './pool.ts';
import type { Job, RunResult, SweepSpec } from './sweep.ts';

/** The machine's cores (what `os.availableParallelism()` reports). */
export function cores(): number {
  return availableParallelism();
}

function endpoint(): Endpoint {
  // The entry registers tsx in the worker, which then runs TypeScript like its parent.
  const w = new Worker(new URL('./node-worker.mjs', import.meta.url));
  return {
    post: (m) => w.postMessage(m),
    listen: (onMessage, onError) => {
      w.on('message', (m: FromWorker) => onMessage(m));
      w.on('error', (e) => onError(e.message));
      w.on('exit', (code) => {
        if (code !== 0) onError(`exited with code ${code}`);
      });
    },
    terminate: () => void w.terminate(),
  };
}

export function runSweepNode(
  spec: SweepSpec,
  opts: { workers?: number; onRun?: (r: RunResult, done: number, total: number) => void; only?: readonly Job[] } = {},
): Promise<PoolOutcome> {
  return new SweepPool(spec, endpoint, opts.workers ?? cores(), opts.onRun, opts.only).run();
}
