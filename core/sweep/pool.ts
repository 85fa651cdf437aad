// Spreading a sweep's runs over workers: the same scheduler for Node's worker_threads (the command
// line, the bench) and the page's Web Workers. DOM-free and clock-free: the caller makes the
// workers (`Endpoint`) and measures time. Each worker gets the sweep once, then one job at a time
// (two in flight, so it never waits for the next); runs are independent Worlds, so which worker
// ran a job never changes its numbers. Cancel terminates every worker at once and keeps the runs
// already reported.
import { jobs as allJobs, runJob, type Job, type RunMeasures, type RunResult, type SweepSpec } from './sweep.ts';

export type ToWorker = { type: 'init'; spec: SweepSpec } | { type: 'run'; job: Job };
export type FromWorker =
  { type: 'done'; job: Job; m: RunMeasures } | { type: 'failed'; job: Job | null; message: string };

/** A worker as the pool sees it (a Web Worker or a worker_threads Worker behind a few lines). */
export interface Endpoint {
  post(msg: ToWorker): void;
  /** `onMessage` for replies; `onError` when the worker itself fails (it will not answer again). */
  listen(onMessage: (m: FromWorker) => void, onError: (message: string) => void): void;
  terminate(): void;
}

export interface PoolOutcome {
  results: RunResult[];
  cancelled: boolean;
  /** The first failure, naming the run (the sweep stops there, keeping the runs done). */
  error?: string;
}

const IN_FLIGHT = 2;

export class SweepPool {
  private readonly endpoints: Endpoint[] = [];
  private readonly results: RunResult[] = [];
  private next = 0;
  private finished = false;
  private resolve!: (o: PoolOutcome) => void;
  readonly total: number;
  private readonly queue: readonly Job[];

  /**
   * `workers`: how many to start (the caller passes the machine's core count); never more than the
   * jobs. `only`: a subset of the jobs (e.g. the ones a cancelled sweep had not done).
   */
  constructor(
    private readonly spec: SweepSpec,
    private readonly make: () => Endpoint,
    private readonly workers: number,
    private readonly onRun?: (r: RunResult, done: number, total: number) => void,
    only?: readonly Job[],
  ) {
    this.queue = only ?? allJobs(spec);
    this.total = this.queue.length;
  }

  run(): Promise<PoolOutcome> {
    const p = new Promise<PoolOutcome>((res) => (this.resolve = res));
    if (this.total === 0) {
      this.finish(false);
      return p;
    }
    const n = Math.max(1, Math.min(this.workers, this.total));
    for (let i = 0; i < n; i++) {
      const e = this.make();
      this.endpoints.push(e);
      let inFlight = 0;
      const feed = () => {
        while (!this.finished && inFlight < IN_FLIGHT && this.next < this.total) {
          inFlight++;
          e.post({ type: 'run', job: this.queue[this.next++]! });
        }
      };
      e.listen(
        (m) => {
          if (this.finished) return;
          if (m.type === 'failed') {
            const where = m.job
              ? `run ${m.job.mode} at ${this.spec.param} = ${m.job.value}, seed ${m.job.seed}`
              : 'worker';
            this.finish(false, `${where}: ${m.message}`);
            return;
          }
          inFlight--;
          const r: RunResult = { ...m.job, m: m.m };
          this.results.push(r);
          this.onRun?.(r, this.results.length, this.total);
          if (this.results.length === this.total) this.finish(false);
          else feed();
        },
        (message) => {
          if (!this.finished) this.finish(false, `worker failed: ${message}`);
        },
      );
      e.post({ type: 'init', spec: this.spec });
      feed();
    }
    return p;
  }

  /** Stops at once: every worker is terminated; the outcome keeps the runs reported so far. */
  cancel(): void {
    if (!this.finished) this.finish(true);
  }

  private finish(cancelled: boolean, error?: string): void {
    this.finished = true;
    for (const e of this.endpoints) e.terminate();
    this.resolve({ results: this.results, cancelled, ...(error ? { error } : {}) });
  }
}

function isJob(j: unknown): j is Job {
  const o = j as Job;
  return (
    typeof o === 'object' &&
    o !== null &&
    Number.isInteger(o.index) &&
    Number.isInteger(o.point) &&
    typeof o.value === 'number' &&
    typeof o.mode === 'string' &&
    Number.isInteger(o.seed)
  );
}

/**
 * The worker's side: a message handler that runs jobs one after another and posts each result.
 * Bad messages get a `failed` reply, never an exception out of the worker.
 */
export function sweepServer(post: (m: FromWorker) => void): (data: unknown) => void {
  let spec: SweepSpec | undefined;
  let chain: Promise<void> = Promise.resolve();
  return (data) => {
    const m = data as ToWorker;
    if (typeof m !== 'object' || m === null) return post({ type: 'failed', job: null, message: 'malformed message' });
    if (m.type === 'init') {
      spec = m.spec;
      return;
    }
    if (m.type !== 'run' || !isJob(m.job)) return post({ type: 'failed', job: null, message: 'malformed message' });
    const job = m.job;
    chain = chain.then(async () => {
      if (!spec) return post({ type: 'failed', job, message: 'run before init' });
      try {
        post({ type: 'done', job, m: await runJob(spec, job) });
      } catch (e) {
        post({ type: 'failed', job, message: e instanceof Error ? e.message : String(e) });
      }
    });
  };
}
