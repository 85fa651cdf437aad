// The page's one client of the engine worker (svelte.dev's REPL worker client is the model):
// requests carry ids, stale replies are dropped, and everything the page shows is derived from
// the trace it receives. The page owns wall-clock time and asks the worker to advance virtual
// time; the worker never reads a clock. If the worker fails, the client says so in `error` and
// keeps nothing but the trace so far; the caller restarts it with the same settings.
import type { LabParams, Reply, Request, ScenarioInfo, Topology } from '../../core/protocol.ts';
import type { Micros, TraceRecord } from '../../core/trace.ts';
import { TraceIndex } from '../topology/world.ts';
import { stepTimes } from '../timeline/events.ts';
import { LadderIndex } from '../ladder/layout.ts';

type Pending = { resolve: (r: Reply) => void; reject: (e: Error) => void };
type RequestBody = Request extends infer R ? (R extends Request ? Omit<R, 'id'> : never) : never;

export interface StartOptions {
  scenario: string;
  /** A whole scenario object instead of a built-in id (the performance script's heavy traffic). */
  inline?: unknown;
  seed: number;
  params: LabParams;
}

export class LabClient {
  // The traces grow in place (an append never copies them: at heavy traffic a copy per frame
  // was most of a frame); `count` and `baseCount` are what views depend on.
  private log: TraceRecord[] = [];
  private baseLog: TraceRecord[] = [];
  /** How many records the trace holds. */
  count = $state(0);
  baseCount = $state(0);
  hasBaseline = $state(false);
  /** Step-event times of `records` (for the timeline), kept in step with it. */
  steps = $state.raw<Micros[]>([]);
  topology = $state.raw<Topology | null>(null);
  scenarios = $state.raw<ScenarioInfo[]>([]);
  /** Virtual time the engine has reached, µs. */
  now = $state<Micros>(0);
  /** A plain-language problem to show, or null. */
  error = $state<string | null>(null);
  status = $state<'idle' | 'loading' | 'ready' | 'failed'>('idle');
  /**
   * Where each movable node was last put, as drawn: updated at the frame after the user moves it
   * (`latest()` also counts the moves since, so fast key repeats and drags compose); each move is
   * sent to the engine at once, in order, which records it.
   */
  positions = $state<Record<string, { x: number; y: number }>>({});
  /** The user has moved a node in this run (from then on `positions` is where it is, live). */
  userMoved = $state(false);
  /** Moves made since the last frame, not drawn yet. */
  private movedTo = new Map<string, { x: number; y: number }>();

  /** Where the user last put a node (including a move not drawn yet), if they have moved it. */
  latest(node: string): { x: number; y: number } | undefined {
    return this.movedTo.get(node) ?? (this.userMoved ? this.positions[node] : undefined);
  }
  /** Bumped on every append: the index below is plain (not reactive) and large. */
  version = $state(0);
  /** Per-packet hops, moves and tunnels, appended as records arrive (not reactive itself). */
  index = new TraceIndex();
  /** The ladder's index of the same trace (not reactive itself; `version` says when it grew). */
  ladder = new LadderIndex();

  private worker: Worker | undefined;
  private nextId = 1;
  private pending = new Map<number, Pending>();
  private loadId = 0;
  private last: StartOptions | undefined;
  private advancing = false;
  private lastMoveAt = 0;
  private queued: { records: TraceRecord[]; now: Micros; baseline?: TraceRecord[] | undefined }[] = [];

  /** (Re)starts the engine with these settings; a running engine is stopped first. */
  async start(opts: StartOptions): Promise<void> {
    this.stop();
    this.last = opts;
    this.log = [];
    this.count = 0;
    this.userMoved = false;
    this.movedTo.clear();
    this.baseLog = [];
    this.baseCount = 0;
    this.steps = [];
    this.index = new TraceIndex();
    this.ladder = new LadderIndex();
    this.version++;
    this.error = null;
    this.status = 'loading';
    this.now = 0;
    this.lastMoveAt = 0;
    this.queued = [];
    const worker = new Worker(new URL('../../core/worker.ts', import.meta.url), { type: 'module' });
    this.worker = worker;
    worker.onmessage = (ev: MessageEvent<Reply>) => this.onReply(ev.data);
    worker.onerror = (ev) => {
      ev.preventDefault();
      if (this.worker === worker) this.fail(`The engine stopped: ${ev.message || 'the worker failed to start'}.`);
    };
    try {
      const cat = await this.request({ type: 'catalogue' });
      if (cat.type === 'catalogue') this.scenarios = cat.scenarios;
      const reply = await this.request({
        type: 'load',
        scenario: opts.inline === undefined ? { id: opts.scenario } : { inline: opts.inline },
        seed: opts.seed,
        // A plain copy: reactive proxies cannot be posted to a worker.
        params: $state.snapshot(opts.params),
        baseline: true,
      });
      if (reply.type !== 'loaded') return;
      this.loadId = reply.id;
      this.topology = reply.topology;
      this.hasBaseline = reply.baseline;
      this.positions = Object.fromEntries(reply.topology.mobiles.map((m) => [m.name, { x: m.x, y: m.y }]));
      this.now = reply.now;
      this.status = 'ready';
    } catch (e) {
      // A failure of this worker (not a restart that replaced it) is shown, if fail() has not already.
      if (this.worker === worker && this.error === null)
        this.fail(`The engine could not start: ${e instanceof Error ? e.message : String(e)}.`);
    }
  }

  /** Restarts with the last settings (after a failure). */
  restart(): Promise<void> {
    return this.last ? this.start(this.last) : Promise.resolve();
  }

  stop(): void {
    for (const p of this.pending.values()) p.reject(new Error('engine restarted'));
    this.pending.clear();
    this.worker?.terminate();
    this.worker = undefined;
    this.advancing = false;
    if (this.status !== 'failed') this.status = 'idle';
  }

  /** The whole trace so far, in time order (reading it makes a view depend on `count`). */
  get records(): readonly TraceRecord[] {
    void this.count;
    return this.log;
  }

  /** The standard-MIPv6 baseline run's trace on the same movement (when the engine offers one). */
  get baseline(): readonly TraceRecord[] {
    void this.baseCount;
    return this.baseLog;
  }

  get ready(): boolean {
    return this.status === 'ready';
  }

  /**
   * Live movement of a node, at virtual time `at` (Timeline.moveTime) or, without it, at the
   * engine's present. Moves are sent in order and their times never go back.
   */
  async move(node: string, x: number, y: number, at?: Micros): Promise<void> {
    if (!this.ready) return;
    // Drawn at the next frame (flush), like the engine's replies: one page update a frame.
    this.movedTo.set(node, { x, y });
    if (at !== undefined) this.lastMoveAt = at = Math.max(at, this.lastMoveAt);
    const reply = await this.request({ type: 'move', node, x, y, ...(at !== undefined ? { at } : {}) }).catch(
      () => null,
    );
    if (reply?.type === 'records') this.append(reply.records, reply.now, reply.baseline);
  }

  /**
   * Runs the engine to `to` (if it is not already past it). At most one advance is in flight;
   * `untilRecord` stops at the first slice that produced records (stepping at the live edge).
   */
  async advance(to: Micros, untilRecord = false): Promise<boolean> {
    if (!this.ready || this.advancing || to <= this.now) return false;
    this.advancing = true;
    try {
      const r = await this.request({ type: 'advance', to: Math.round(to), untilRecord });
      if (r.type === 'records') this.append(r.records, r.now, r.baseline);
      // Stepping reads the steps right away.
      if (untilRecord) this.flush();
      return true;
    } catch {
      return false;
    } finally {
      this.advancing = false;
    }
  }

  get busy(): boolean {
    return this.advancing;
  }

  /** Test hook (and a teacher's demo): make the worker crash as a bug would. */
  crash(): void {
    void this.request({ type: 'crash' }).catch(() => {});
  }

  /**
   * Replies are queued and applied once per animation frame (`flush`, called by the timeline
   * before it moves the cursor): every reply applied on arrival re-derived and redrew every view,
   * two or three times a frame while dragging.
   */
  private append(records: TraceRecord[], now: Micros, baseline?: TraceRecord[]): void {
    this.queued.push({ records, now, baseline });
  }

  /** Applies the replies received since the last frame. */
  flush(): void {
    if (this.movedTo.size > 0) {
      for (const [node, p] of this.movedTo) this.positions[node] = p;
      this.movedTo.clear();
      this.userMoved = true;
    }
    if (this.queued.length === 0) return;
    const q = this.queued;
    this.queued = [];
    for (const { records, now, baseline } of q) this.apply(records, now, baseline);
  }

  private apply(records: TraceRecord[], now: Micros, baseline?: TraceRecord[]): void {
    if (records.length > 0) {
      for (const r of records) this.log.push(r);
      this.count = this.log.length;
      this.index.append(records);
      this.ladder.append(records);
      const more = stepTimes(records);
      const last = this.steps[this.steps.length - 1];
      if (more.length > 0) this.steps = this.steps.concat(more[0] === last ? more.slice(1) : more);
      this.version++;
    }
    if (baseline && baseline.length > 0) {
      for (const r of baseline) this.baseLog.push(r);
      this.baseCount = this.baseLog.length;
    }
    this.now = now;
  }

  private request(body: RequestBody): Promise<Reply> {
    const worker = this.worker;
    if (!worker) return Promise.reject(new Error('engine not started'));
    const id = this.nextId++;
    return new Promise<Reply>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ ...body, id } as Request);
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
    if (reply.type !== 'loaded' && reply.type !== 'catalogue' && reply.id < this.loadId) return;
    p.resolve(reply);
  }

  private fail(message: string): void {
    this.error = message;
    this.status = 'failed';
    for (const p of this.pending.values()) p.reject(new Error(message));
    this.pending.clear();
    this.worker?.terminate();
    this.worker = undefined;
    this.advancing = false;
  }
}
