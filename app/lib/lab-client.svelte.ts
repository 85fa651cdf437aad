// The page's one client of the engine worker (svelte.dev's REPL worker client is the model):
// requests carry ids, stale replies are dropped, and everything the page shows is derived from
// the trace it receives. The page owns wall-clock time and asks the worker to advance virtual
// time; the worker never reads a clock.
import type { Reply, Request, ScenarioRef, Topology } from '../../core/protocol.ts';
import type { Micros, TraceRecord } from '../../core/trace.ts';

type Pending = { resolve: (r: Reply) => void; reject: (e: Error) => void };
type RequestBody = Request extends infer R ? (R extends Request ? Omit<R, 'id'> : never) : never;

export class LabClient {
  /** The whole trace so far; replaced, never mutated, so views re-derive cheaply. */
  records = $state.raw<TraceRecord[]>([]);
  topology = $state.raw<Topology | null>(null);
  /** Virtual time the engine has reached, µs. */
  now = $state<Micros>(0);
  /** A plain-language problem to show, or null. */
  error = $state<string | null>(null);
  /** Virtual µs per wall-clock ms (1000 = real time). */
  speed = $state(1000);
  running = $state(false);
  /**
   * Where each movable node was last put. Updated as soon as the user moves it (so fast key
   * repeats and drags compose), and sent to the engine in order, which records each `move`.
   */
  positions = $state<Record<string, { x: number; y: number }>>({});

  private worker: Worker | undefined;
  private nextId = 1;
  private pending = new Map<number, Pending>();
  private loadId = 0;
  private raf = 0;
  private lastWall = 0;
  private advancing = false;

  constructor(private readonly seed = 1) {}

  async start(scenario: ScenarioRef = { id: 'skeleton' }): Promise<void> {
    this.stop();
    this.records = [];
    this.error = null;
    this.worker = new Worker(new URL('../../core/worker.ts', import.meta.url), { type: 'module' });
    this.worker.onmessage = (ev: MessageEvent<Reply>) => this.onReply(ev.data);
    this.worker.onerror = (ev) => {
      ev.preventDefault();
      this.fail(`The engine stopped: ${ev.message || 'the worker failed to start'}.`);
    };
    const reply = await this.request({ type: 'load', scenario, seed: this.seed });
    if (reply.type !== 'loaded') return;
    this.loadId = reply.id;
    this.topology = reply.topology;
    this.positions = Object.fromEntries(reply.topology.mobiles.map((m) => [m.name, { x: m.x, y: m.y }]));
    this.now = reply.now;
    this.running = true;
    this.lastWall = 0;
    this.raf = requestAnimationFrame((t) => this.tick(t));
  }

  stop(): void {
    cancelAnimationFrame(this.raf);
    this.running = false;
    for (const p of this.pending.values()) p.reject(new Error('engine restarted'));
    this.pending.clear();
    this.worker?.terminate();
    this.worker = undefined;
  }

  /** Live movement of a node, at the engine's current virtual time. */
  async move(node: string, x: number, y: number): Promise<void> {
    this.positions[node] = { x, y };
    const reply = await this.request({ type: 'move', node, x, y });
    if (reply.type === 'records') this.append(reply.records, reply.now);
  }

  private tick(wall: number): void {
    if (!this.running) return;
    const dt = this.lastWall === 0 ? 0 : Math.min(wall - this.lastWall, 100);
    this.lastWall = wall;
    if (!this.advancing && dt > 0) {
      this.advancing = true;
      const to = this.now + Math.round(dt * this.speed);
      this.request({ type: 'advance', to })
        .then((r) => {
          if (r.type === 'records') this.append(r.records, r.now);
        })
        .catch(() => {})
        .finally(() => (this.advancing = false));
    }
    this.raf = requestAnimationFrame((t) => this.tick(t));
  }

  private append(records: TraceRecord[], now: Micros): void {
    if (records.length > 0) this.records = [...this.records, ...records];
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
    if (reply.id < this.loadId) return;
    p.resolve(reply);
  }

  private fail(message: string): void {
    this.error = message;
    this.running = false;
    cancelAnimationFrame(this.raf);
  }
}
