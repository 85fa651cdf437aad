// The session: one run of the lab as every front end drives it — the page, the console (F), lessons
// (E) and embeds (G) all call this, and components only draw what it holds. It owns the worker
// client (transport), the trace store (records and indexes) and the time cursor (play, pause,
// step, back, goto, speed), the selected packet and the user's live moves. API in docs/ui.md.
//
// The page owns wall-clock time: while playing, each animation frame (`attach()` starts them)
// moves the cursor and asks the worker to run virtual time a little ahead of it; the worker never
// reads a clock. Everything shown is derived from (trace, cursor), so rewinding never re-runs the
// engine. A session filled from a recorded trace (`loadTrace`) works the same with no engine:
// play, step, back and goto move over the recorded records.
import type { LabParams, ScenarioInfo, Topology } from '../../core/protocol.ts';
import type { Micros, TraceRecord } from '../../core/trace.ts';
import { WorkerClient } from './worker-client.ts';
import { TraceStore, type RecordedTrace } from './trace-store.svelte.ts';
import { LOOKAHEAD_US, moveTimeAt, nextTime, prevTime } from '../timeline/events.ts';

/** Dispatched on `window` when a session's load is done: app/offline.ts registers the service worker then. */
export const READY_EVENT = 'fmip-lab:ready';

export { LOOKAHEAD_US };

/** How far "step" at the live edge lets the engine run looking for the next event. */
const STEP_SEARCH_US = 3_000_000;
/** A stretch with no step event this long on either side of the cursor is quiet (fast-forwarded). */
export const QUIET_US = 100_000;
/** Fast-forward speed over quiet stretches: 2 s of the run per second. */
export const FAST_FORWARD_RATE = 2_000;

export interface LoadOptions {
  /** A built-in scenario id (the catalogue's), e.g. "fig3". */
  scenario: string;
  seed: number;
  /**
   * "What if" changes over the scenario as written (absent or empty: exactly the scenario). Only
   * the keys given are applied (core/lab.ts applyParams).
   */
  whatIf?: Partial<LabParams>;
  /** A whole scenario object instead of the built-in (test hooks, the performance bench). */
  inline?: unknown;
  /**
   * Also run standard MIPv6 on the same movement, for the measures' comparison (default true). An
   * embed that shows no measures skips it: half the engine's work and one packet core less each.
   */
  baseline?: boolean;
}

export type SessionStatus = 'idle' | 'loading' | 'ready' | 'failed' | 'recorded';

export class Session {
  readonly trace = new TraceStore();
  /** The engine's catalogue of built-in scenarios (with each one's values as written). */
  scenarios = $state.raw<ScenarioInfo[]>([]);
  status = $state<SessionStatus>('idle');
  /** A plain-language problem to show, or null. */
  error = $state<string | null>(null);
  /** What was loaded last (restart() reloads it). */
  loaded = $state.raw<LoadOptions | null>(null);

  // ── the cursor ────────────────────────────────────────────────────────────────────────────
  /** The instant of the run shown, µs. Never past `now`. */
  cursor = $state<Micros>(0);
  playing = $state(true);
  /** The user has moved the MN or run the scenario to its end (the first-visit hint then goes). */
  acted = $state(false);
  /** Virtual µs per wall-clock ms (1000 = real time). */
  speed = $state(100);
  /**
   * Skip quiet stretches while playing (on by default): where no signalling, layer-2 or tunnel
   * event is within `QUIET_US` of the cursor, play at `FAST_FORWARD_RATE` at least, slowing to the
   * chosen speed `QUIET_US` before the next event — no event needs more than a few seconds.
   */
  fastForward = $state(true);
  /** The last frame was fast-forwarded (the timeline says so). */
  fastForwarding = $state(false);
  /** The cursor rides the engine's edge. */
  private edge = $state(true);
  /**
   * A lesson's prediction holds the cursor just before the event it asks about (app/lessons):
   * playing, stepping and "run to end" stop there until it is released (null: no hold).
   */
  holdAt = $state<Micros | null>(null);

  // ── selection ─────────────────────────────────────────────────────────────────────────────
  /** The selected packet's id, or null. */
  selected = $state<number | null>(null);
  /** Bytes opened as a message without a packet of the trace (test hook `inspect`). */
  raw = $state.raw<(TraceRecord & { kind: 'tx' }) | null>(null);

  // ── live moves ────────────────────────────────────────────────────────────────────────────
  /** Where each movable node was last put by the user, as drawn (updated at the next frame). */
  positions = $state<Record<string, { x: number; y: number }>>({});
  /** The user has moved a node in this run (from then on `positions` is where it is, live). */
  userMoved = $state(false);
  private movedTo = new Map<string, { x: number; y: number }>();
  private lastMoveAt = 0;
  /** Wall-clock time of the user's last move (fast-forward waits until they stop). */
  private lastMoveWall = -Infinity;

  private readonly client: WorkerClient;
  private advancing = false;
  /** The running worker has answered the catalogue and not loaded a run yet. */
  private fresh = false;
  private raf = 0;
  private lastWall = 0;
  private generation = 0;

  /** @param createWorker the engine's worker factory (lab-worker.ts for the lab and the iframe embed). */
  constructor(createWorker: () => Worker) {
    this.client = new WorkerClient((message) => this.fail(message), createWorker);
  }

  // ── loading ───────────────────────────────────────────────────────────────────────────────

  /** Virtual time the engine (or the recorded trace) has reached, µs. */
  get now(): Micros {
    return this.trace.end;
  }

  get topology(): Topology | null {
    return this.trace.topology;
  }

  get ready(): boolean {
    return this.status === 'ready' || this.status === 'recorded';
  }

  /** The cursor is at the engine's edge: what is shown is what the engine has just done. */
  get live(): boolean {
    return this.edge || this.cursor + LOOKAHEAD_US >= this.now;
  }

  /**
   * The engine's catalogue of built-in scenarios, each with its values as written (fetched once;
   * the worker that answers is kept for the first load).
   */
  async catalogue(): Promise<ScenarioInfo[]> {
    if (this.scenarios.length > 0) return this.scenarios;
    if (!this.client.running) {
      this.client.start();
      this.fresh = true;
    }
    try {
      const cat = await this.client.request({ type: 'catalogue' });
      if (cat.type === 'catalogue') this.scenarios = cat.scenarios;
    } catch (e) {
      if (this.error === null) this.fail(`The engine could not start: ${e instanceof Error ? e.message : String(e)}.`);
    }
    return this.scenarios;
  }

  /** Starts a fresh engine on this scenario (the cursor goes back to 0, the selection is cleared). */
  async load(opts: LoadOptions): Promise<void> {
    const gen = this.begin(opts);
    this.status = 'loading';
    // A fresh worker per run (a long advance of the old run never delays the new one), except
    // the one that has just answered the catalogue.
    if (!this.fresh || !this.client.running) this.client.start();
    this.fresh = false;
    try {
      if (this.scenarios.length === 0) {
        const cat = await this.client.request({ type: 'catalogue' });
        if (gen !== this.generation) return;
        if (cat.type === 'catalogue') this.scenarios = cat.scenarios;
      }
      const whatIf = $state.snapshot(opts.whatIf ?? {});
      const reply = await this.client.request({
        type: 'load',
        scenario: opts.inline === undefined ? { id: opts.scenario } : { inline: $state.snapshot(opts.inline) },
        seed: opts.seed,
        ...(Object.keys(whatIf).length > 0 ? { params: whatIf } : {}),
        baseline: opts.baseline ?? true,
      });
      if (gen !== this.generation || reply.type !== 'loaded') return;
      this.trace.reset(reply.topology, reply.baseline, opts.scenario);
      this.trace.end = reply.now;
      this.positions = Object.fromEntries(reply.topology.mobiles.map((m) => [m.name, { x: m.x, y: m.y }]));
      this.status = 'ready';
      // The page may now fetch its offline copy (app/offline.ts waits for this).
      globalThis.dispatchEvent?.(new Event(READY_EVENT));
    } catch (e) {
      // A failure of this load (not a newer load that replaced it) is shown, if fail() has not already.
      if (gen === this.generation && this.error === null)
        this.fail(`The engine could not start: ${e instanceof Error ? e.message : String(e)}.`);
    }
  }

  /**
   * Fills the session from a recorded trace, with no engine: the cursor moves over it (play,
   * step, back, goto), nothing new is computed. Moves are refused (there is no engine to move).
   */
  loadTrace(recorded: RecordedTrace): void {
    this.begin(null);
    this.client.stop();
    this.trace.fill(recorded);
    this.status = 'recorded';
  }

  /** Reloads what was loaded last (after a failure). */
  restart(): Promise<void> {
    return this.loaded ? this.load(this.loaded) : Promise.resolve();
  }

  /** Stops the engine and the frames. */
  dispose(): void {
    this.detach();
    this.generation++;
    this.client.stop();
    this.advancing = false;
    if (this.status !== 'failed') this.status = 'idle';
  }

  private begin(opts: LoadOptions | null): number {
    this.generation++;
    this.holdAt = null;
    this.loaded = opts;
    this.error = null;
    this.advancing = false;
    this.selected = null;
    this.raw = null;
    this.cursor = 0;
    this.edge = true;
    this.userMoved = false;
    this.movedTo.clear();
    this.lastMoveAt = 0;
    this.trace.reset();
    return this.generation;
  }

  private fail(message: string): void {
    this.error = message;
    this.status = 'failed';
    this.advancing = false;
  }

  // ── frames ────────────────────────────────────────────────────────────────────────────────

  /** Starts the animation frames that move the cursor while playing (the page, embeds). */
  attach(): void {
    this.detach();
    const frame = (wall: number) => {
      const dt = this.lastWall === 0 ? 0 : Math.min(wall - this.lastWall, 100);
      this.lastWall = wall;
      this.flush();
      this.tick(dt);
      this.raf = requestAnimationFrame(frame);
    };
    this.raf = requestAnimationFrame(frame);
  }

  detach(): void {
    cancelAnimationFrame(this.raf);
    this.lastWall = 0;
  }

  /** Applies what arrived since the last frame: the engine's records and the user's moves. */
  flush(): void {
    if (this.movedTo.size > 0) {
      for (const [node, p] of this.movedTo) this.positions[node] = p;
      this.movedTo.clear();
      this.userMoved = true;
    }
    this.trace.flush();
  }

  /** One frame: `dt` wall-clock ms since the last. */
  tick(dt: number): void {
    if (!this.playing || !this.ready || dt <= 0) {
      this.fastForwarding = false;
      return;
    }
    let target = this.cursor + dt * this.speed;
    let ff = false;
    // Not while the user moves a node: a drag keeps the speed it was made at (moveTime).
    const moving = typeof performance !== 'undefined' && performance.now() - this.lastMoveWall < 1000;
    if (this.fastForward && this.speed < FAST_FORWARD_RATE && !moving) {
      const steps = this.trace.steps;
      const next = nextTime(steps, this.cursor);
      const last = prevTime(steps, this.cursor + 1);
      const sinceLast = steps.length === 0 || last > this.cursor ? Infinity : this.cursor - last;
      if (sinceLast >= QUIET_US && (next === null || next > this.cursor + QUIET_US)) {
        ff = true;
        target = this.cursor + dt * FAST_FORWARD_RATE;
        // Slow down before a known event: the last stretch before it plays at the chosen speed.
        if (next !== null) target = Math.min(target, next - QUIET_US);
      }
    }
    if (this.holdAt !== null && target >= this.holdAt) {
      target = Math.max(this.cursor, this.holdAt);
      this.playing = false;
    }
    // The scenario's script ends here: the run stops there, as a player stops at the end of a
    // recording (a student's review found the clock running on, fast-forwarding, with nothing left
    // to happen). Play goes on live from there; a drag moves the MN as ever.
    const end = this.topology?.durationUs;
    if (end !== undefined && this.cursor < end && target >= end && !moving) {
      target = end;
      if (this.now >= end) {
        this.playing = false;
        ff = false;
      }
    }
    if (this.fastForwarding !== ff) this.fastForwarding = ff;
    // The cursor never passes the engine; the engine is asked to keep a little ahead of it.
    if (this.status === 'ready' && target + LOOKAHEAD_US > this.now) void this.advance(target + LOOKAHEAD_US);
    // Playing on from the live edge stays live: fast-forward asks the engine far ahead, and the
    // cursor then slows before the next event it finds, leaving the engine more than the lookahead
    // ahead. That is not a rewind (it flashed "Rewound" and "Go live" with no input at all).
    this.edge = this.edge || target + LOOKAHEAD_US >= this.now;
    this.cursor = Math.min(target, this.now);
  }

  // ── the cursor ────────────────────────────────────────────────────────────────────────────

  play(): void {
    this.playing = true;
  }

  pause(): void {
    this.playing = false;
  }

  setSpeed(speed: number): void {
    if (Number.isFinite(speed) && speed > 0) this.speed = speed;
  }

  /**
   * Why the cursor is behind the engine: the learner went back ('rewind'), or a lesson put it
   * there ('lesson': it held the lab before a message to predict, while the engine ran on). The
   * timeline says "Rewound" only for the first: the learner did not rewind in the second.
   */
  behind = $state<'rewind' | 'lesson'>('rewind');

  /** Moves the cursor to `t` (clamped to what has been recorded); the engine does not run. */
  goto(t: Micros, why: 'rewind' | 'lesson' = 'rewind'): void {
    this.cursor = Math.max(0, Math.min(this.now, Math.round(t)));
    this.edge = this.cursor + LOOKAHEAD_US >= this.now;
    this.behind = why;
  }

  /** Jumps to the live edge (before the user moves the MN: moves happen at the engine's now). */
  goLive(): void {
    this.cursor = this.now;
    this.edge = true;
  }

  /** Back to the previous event (pauses). */
  back(): void {
    this.playing = false;
    this.cursor = prevTime(this.trace.steps, this.cursor);
    this.edge = false;
  }

  /** On to the next event (pauses); at the live edge, lets the engine run until one happens. */
  async step(): Promise<void> {
    this.playing = false;
    // Let an advance requested by the last frame land first.
    while (this.advancing) await new Promise((r) => setTimeout(r, 5));
    this.flush();
    let next = nextTime(this.trace.steps, this.cursor);
    const limit = this.now + STEP_SEARCH_US;
    while (next === null && this.status === 'ready' && this.now < limit) {
      const ok = await this.advance(limit, true);
      if (!ok) break;
      next = nextTime(this.trace.steps, this.cursor);
    }
    this.cursor = next ?? this.now;
    this.edge = next === null;
    this.applyHold();
  }

  /** Holds the cursor at `t` (a lesson's prediction), or releases it (null). */
  hold(t: Micros | null): void {
    this.holdAt = t;
    this.applyHold();
  }

  private applyHold(): void {
    if (this.holdAt !== null && this.cursor > this.holdAt) {
      this.cursor = this.holdAt;
      this.edge = false;
      this.playing = false;
    }
  }

  /** Where the scenario's script ends (its `durationUs`), µs. */
  get end(): Micros {
    const t = this.topology;
    if (t?.durationUs !== undefined) return t.durationUs;
    const paths = Object.values(t?.paths ?? {});
    return Math.max(this.now, ...paths.map((p) => p[p.length - 1]?.t ?? 0));
  }

  /**
   * "Run to end": the engine runs the scenario's scripted movement to its end at once and the
   * cursor goes there (paused), so the whole figure is on the ladder. A recorded trace: its end.
   */
  async runToEnd(): Promise<void> {
    this.acted = true;
    this.playing = false;
    const end = this.end;
    while (this.advancing) await new Promise((r) => setTimeout(r, 5));
    if (this.status === 'ready' && end > this.now) await this.advance(end);
    this.flush();
    this.cursor = Math.min(end, this.now);
    this.edge = this.cursor >= this.now;
    this.applyHold();
  }

  /** The records up to the cursor (a copy: console, lessons, exports). */
  recordsAtCursor(): TraceRecord[] {
    return this.trace.upTo(this.cursor);
  }

  // ── selection ─────────────────────────────────────────────────────────────────────────────

  /** Selects a packet (by id) or nothing. */
  select(pkt: number | null): void {
    this.raw = null;
    this.selected = pkt;
  }

  /** Opens raw bytes in the inspector as if a message (a broken packet reads with its problem). */
  inspectRaw(hex: string): void {
    this.selected = null;
    this.raw = { t: this.cursor, kind: 'tx', node: 'test hook', pkt: -1, msg: 'raw bytes', from: '?', to: '?', hex };
  }

  /** The selected packet's `tx` record (or the raw bytes opened), for the inspector. */
  get selectedRecord(): (TraceRecord & { kind: 'tx' }) | null {
    if (this.raw) return this.raw;
    return this.selected === null ? null : (this.trace.track(this.selected)?.tx ?? null);
  }

  /** What became of the selected packet, as of the cursor, in words. */
  get selectedFate(): string {
    if (this.raw) return 'opened from raw bytes';
    if (this.selected === null) return '';
    const end = this.trace.track(this.selected)?.end;
    if (!end || end.t > this.cursor) return 'in flight at the cursor';
    return end.kind === 'rx'
      ? `received by ${end.node} at ${(end.t / 1000).toFixed(3)} ms`
      : `lost at ${end.node} (${end.kind === 'drop' ? end.reason : ''})`;
  }

  // ── moves ─────────────────────────────────────────────────────────────────────────────────

  /** Where the user last put a node (including a move not drawn yet), if they have moved it. */
  latest(node: string): { x: number; y: number } | undefined {
    return this.movedTo.get(node) ?? (this.userMoved ? this.positions[node] : undefined);
  }

  /** Where `node` is drawn at the cursor (while the user drags it live: where they put it). */
  positionOf(node: string): { x: number; y: number } {
    const traced = this.trace.positionAt(node, this.cursor);
    return this.live && this.userMoved ? (this.positions[node] ?? traced) : traced;
  }

  /**
   * The virtual time at which a move made at wall-clock `wallTs` (an event's `timeStamp`) takes
   * effect, or undefined for the engine's present (paused: no virtual time passes while dragging).
   * Playing live, the engine runs `LOOKAHEAD_US` ahead of the cursor: a move `d` wall ms after the
   * last frame happened `d·speed` µs after that frame's cursor, that far past the look-ahead —
   * so the drag's speed reaches the engine as the user made it (its predictive trigger, §3.1).
   */
  moveTime(wallTs: number): Micros | undefined {
    if (!this.playing || this.lastWall === 0) return undefined;
    return moveTimeAt(this.cursor, this.speed, wallTs - this.lastWall);
  }

  /**
   * Moves a node live (the user's drag, keys or "move to cell"), at virtual time `at` or the
   * engine's present. A rewound view first returns to the live edge (moves happen at the engine's
   * now). Returns false when there is no engine to move (loading, failed, a recorded trace).
   */
  async move(node: string, x: number, y: number, at?: Micros): Promise<boolean> {
    this.acted = true;
    if (this.status !== 'ready') return false;
    this.lastMoveWall = performance.now();
    this.fastForwarding = false;
    if (!this.live) this.goLive();
    this.movedTo.set(node, { x, y });
    if (at !== undefined) this.lastMoveAt = at = Math.max(at, this.lastMoveAt);
    const gen = this.generation;
    const reply = await this.client
      .request({ type: 'move', node, x, y, ...(at !== undefined ? { at } : {}) })
      .catch(() => null);
    if (gen !== this.generation) return false;
    if (reply?.type === 'records') this.trace.append(reply.records, reply.now, reply.baseline);
    return true;
  }

  /** "Move to cell": walks `node` to the cell's centre in drag-sized (10 m) steps, one per frame. */
  walkTo(node: string, cell: string, onStep?: (x: number, y: number, ts: number) => void): void {
    this.acted = true;
    const r = this.topology?.routers.find((c) => c.name === cell);
    if (!r) return;
    const gen = this.generation;
    const step = (ts: number = performance.now()) => {
      if (gen !== this.generation || this.status !== 'ready') return;
      const p = this.latest(node) ?? this.positionOf(node);
      const dx = r.x - p.x;
      const dy = r.y - p.y;
      const d = Math.hypot(dx, dy);
      if (d < 1) return;
      const k = Math.min(1, 10 / d);
      const x = Math.round(p.x + dx * k);
      const y = Math.round(p.y + dy * k);
      if (onStep) onStep(x, y, ts);
      else void this.move(node, x, y, this.moveTime(ts));
      requestAnimationFrame(step);
    };
    step();
  }

  // ── the engine ────────────────────────────────────────────────────────────────────────────

  /** An advance is in flight. */
  get busy(): boolean {
    return this.advancing;
  }

  /**
   * Runs the engine to `to` (if it is not already past it). At most one advance is in flight;
   * `untilRecord` stops at the first slice that produced records (stepping at the live edge).
   */
  async advance(to: Micros, untilRecord = false): Promise<boolean> {
    if (this.status !== 'ready' || this.advancing || to <= this.now) return false;
    this.advancing = true;
    const gen = this.generation;
    try {
      const r = await this.client.request({ type: 'advance', to: Math.round(to), untilRecord });
      if (gen !== this.generation) return false;
      if (r.type === 'records') this.trace.append(r.records, r.now, r.baseline);
      // Stepping reads the steps right away.
      if (untilRecord) this.trace.flush();
      return true;
    } catch {
      return false;
    } finally {
      if (gen === this.generation) this.advancing = false;
    }
  }

  /** Test hook (and a teacher's demo): make the worker crash as a bug would. */
  crash(): void {
    void this.client.request({ type: 'crash' }).catch(() => {});
  }
}
