// The page's side of a sweep: Web Workers (navigator.hardwareConcurrency of them, no more) fed
// by core/sweep/pool.ts, progress, an estimate of the time left (wall clock: the page owns it),
// and Cancel, which terminates the workers at once and keeps the runs done.
import { SweepPool, type Endpoint, type FromWorker } from '../../core/sweep/pool.ts';
import type { RunResult, SweepSpec } from '../../core/sweep/sweep.ts';

function webWorker(): Endpoint {
  const w = new Worker(new URL('../../core/sweep/worker.ts', import.meta.url), { type: 'module' });
  return {
    post: (m) => w.postMessage(m),
    listen: (onMessage, onError) => {
      w.onmessage = (ev: MessageEvent<FromWorker>) => onMessage(ev.data);
      w.onerror = (ev) => {
        ev.preventDefault();
        onError(ev.message || 'the sweep worker stopped');
      };
    },
    terminate: () => w.terminate(),
  };
}

export class SweepRunner {
  status = $state<'idle' | 'running' | 'done' | 'cancelled' | 'error'>('idle');
  done = $state(0);
  total = $state(0);
  /** Estimated seconds left, from the pace so far; null before the first runs. */
  etaS = $state<number | null>(null);
  error = $state<string | null>(null);
  spec = $state.raw<SweepSpec | null>(null);
  results = $state.raw<RunResult[]>([]);
  workers = $state(0);
  elapsedS = $state(0);
  private pool: SweepPool | undefined;

  async run(spec: SweepSpec): Promise<void> {
    this.pool?.cancel();
    const started = performance.now();
    const acc: RunResult[] = [];
    let shown = 0;
    this.spec = spec;
    this.results = [];
    this.done = 0;
    this.etaS = null;
    this.error = null;
    this.status = 'running';
    this.workers = Math.max(1, navigator.hardwareConcurrency || 2);
    const pool = new SweepPool(spec, webWorker, this.workers, (r, done, total) => {
      acc.push(r);
      this.done = done;
      this.total = total;
      const now = performance.now();
      const el = (now - started) / 1000;
      this.elapsedS = el;
      this.etaS = (el / done) * (total - done);
      // The plot redraws at most every 150 ms (and at the end), not once per run.
      if (now - shown > 150 || done === total) {
        shown = now;
        this.results = acc.slice();
      }
    });
    this.pool = pool;
    this.total = pool.total;
    const o = await pool.run();
    if (this.pool !== pool) return;
    this.results = o.results.slice();
    this.elapsedS = (performance.now() - started) / 1000;
    this.etaS = null;
    this.error = o.error ?? null;
    this.status = o.error ? 'error' : o.cancelled ? 'cancelled' : 'done';
  }

  cancel(): void {
    this.pool?.cancel();
  }
}
