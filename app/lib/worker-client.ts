// The engine worker's transport (svelte.dev's REPL worker client is the model): one Worker, typed
// requests with ids (core/protocol.ts), a promise per request, replies matched by id. Replies
// nobody waits for any more — from before a restart, or an `advance` overtaken by a new `load` —
// are stale and dropped. Buffers named in `transfer` are moved to the worker, not copied.
// Nothing here knows about traces or cursors: that is the trace store's and the session's job.
import type { Reply, Request } from '../../core/protocol.ts';

/** A request without its id (the client numbers them). */
export type RequestBody = Request extends infer R ? (R extends Request ? Omit<R, 'id'> : never) : never;

type Pending = { resolve: (r: Reply) => void; reject: (e: Error) => void; type: Request['type'] };

export class WorkerClient {
  private worker: Worker | undefined;
  private nextId = 1;
  private pending = new Map<number, Pending>();
  /** Id of the last `load`: record replies to requests made before it are stale. */
  private loadId = 0;

  /**
   * @param onFail called once when the worker dies (an uncaught error in it, or it failed to start),
   *   with a sentence for the user; every pending request is rejected with it.
   * @param create the worker's factory: the lab's (lab-worker.ts) or the web components' shared
   *   one (app/wc/engines.ts). No default here, so the web component's build has no lab worker.
   */
  constructor(
    private readonly onFail: (message: string) => void,
    private readonly create: () => Worker,
  ) {}

  /** Starts a fresh worker (a running one is stopped first). */
  start(): void {
    this.stop();
    const worker = this.create();
    this.worker = worker;
    worker.onmessage = (ev: MessageEvent<Reply>) => this.onReply(ev.data);
    worker.onerror = (ev) => {
      ev.preventDefault();
      if (this.worker === worker) this.fail(`The engine stopped: ${ev.message || 'the worker failed to start'}.`);
    };
  }

  get running(): boolean {
    return this.worker !== undefined;
  }

  /** Stops the worker; pending requests are rejected ("engine restarted"), their replies dropped. */
  stop(): void {
    for (const p of this.pending.values()) p.reject(new Error('engine restarted'));
    this.pending.clear();
    this.worker?.terminate();
    this.worker = undefined;
  }

  /** Sends a request; resolves with its reply, rejects on an error reply or a dead worker. */
  request(body: RequestBody, transfer: Transferable[] = []): Promise<Reply> {
    const worker = this.worker;
    if (!worker) return Promise.reject(new Error('engine not started'));
    const id = this.nextId++;
    if (body.type === 'load') this.loadId = id;
    return new Promise<Reply>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, type: body.type });
      worker.postMessage({ ...body, id } as Request, transfer);
    });
  }

  private onReply(reply: Reply): void {
    const p = this.pending.get(reply.id);
    // A reply nobody waits for is stale (e.g. from before a restart): drop it.
    if (!p) return;
    this.pending.delete(reply.id);
    if (reply.type === 'error') {
      this.fail(`The engine reported a problem (${reply.where ?? 'unknown'}): ${reply.message}`);
      p.reject(new Error(reply.message));
      return;
    }
    // Records from a run that a newer load replaced: stale.
    if (reply.type === 'records' && reply.id < this.loadId) {
      p.reject(new Error('stale reply'));
      return;
    }
    p.resolve(reply);
  }

  private fail(message: string): void {
    const pending = [...this.pending.values()];
    this.pending.clear();
    this.worker?.terminate();
    this.worker = undefined;
    this.onFail(message);
    for (const p of pending) p.reject(new Error(message));
  }
}
