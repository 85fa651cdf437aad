// The time cursor: what instant of the run the page shows. Views derive from (trace, cursor), so
// rewinding and scrubbing are instant and never re-run the engine; the engine runs ahead only
// while the cursor plays at the live edge. The page's animation frames drive it (wall-clock time
// stays on the page; the worker only sees `advance(to)`).
import type { Micros } from '../../core/trace.ts';
import type { LabClient } from '../lib/lab-client.svelte.ts';
import { LOOKAHEAD_US, moveTimeAt, nextTime, prevTime } from './events.ts';

export { LOOKAHEAD_US };

/** How far "step forward" at the live edge lets the engine run looking for the next event. */
const STEP_SEARCH_US = 3_000_000;

export class Timeline {
  cursor = $state<Micros>(0);
  playing = $state(true);
  /** Virtual µs per wall-clock ms (1000 = real time, 1 = 1 ms of simulation per second). */
  speed = $state(100);
  /** The cursor rides the engine's edge (it catches up with the engine each frame). */
  private edge = $state(true);
  private raf = 0;
  private lastWall = 0;

  constructor(private readonly lab: LabClient) {}

  /** The cursor is at the engine's edge: what is shown is what the engine has just done. */
  get live(): boolean {
    return this.edge || this.cursor + LOOKAHEAD_US >= this.lab.now;
  }

  start(): void {
    this.stop();
    const frame = (wall: number) => {
      const dt = this.lastWall === 0 ? 0 : Math.min(wall - this.lastWall, 100);
      this.lastWall = wall;
      // What the engine sent since the last frame first, then the cursor: one update a frame.
      this.lab.flush();
      this.tick(dt);
      this.raf = requestAnimationFrame(frame);
    };
    this.raf = requestAnimationFrame(frame);
  }

  stop(): void {
    cancelAnimationFrame(this.raf);
    this.lastWall = 0;
  }

  reset(): void {
    this.cursor = 0;
    this.edge = true;
  }

  /**
   * The virtual time at which a move the user makes at wall-clock time `wallTs` (an event's
   * `timeStamp`, same origin as `performance.now()`) takes effect in the engine, or undefined to
   * apply it at the engine's present (paused: no virtual time passes while the user drags).
   *
   * Playing live, the engine runs `LOOKAHEAD_US` ahead of the cursor; a move made `d` wall ms
   * after the last frame happened `d·speed` µs after that frame's cursor, and the engine applies
   * it that far past its look-ahead. Stamping moves here, not with whatever time the engine has
   * reached when the worker dequeues them, keeps the drag's speed as the user made it: the
   * engine's live-velocity estimate (and so its predictive trigger, §3.1) no longer jumps with
   * the worker's scheduling.
   */
  moveTime(wallTs: number): Micros | undefined {
    if (!this.playing || this.lastWall === 0) return undefined;
    return moveTimeAt(this.cursor, this.speed, wallTs - this.lastWall);
  }

  /** One frame: `dt` wall-clock ms since the last. */
  tick(dt: number): void {
    if (!this.playing || !this.lab.ready || dt <= 0) return;
    const target = this.cursor + dt * this.speed;
    // The cursor never passes the engine; the engine is asked to keep a little ahead of it.
    if (target + LOOKAHEAD_US > this.lab.now) void this.lab.advance(target + LOOKAHEAD_US);
    this.edge = target + LOOKAHEAD_US >= this.lab.now;
    this.cursor = Math.min(target, this.lab.now);
  }

  play(): void {
    this.playing = true;
  }

  pause(): void {
    this.playing = false;
  }

  /** Jumps to the live edge (before the user moves the MN: moves happen at the engine's now). */
  goLive(): void {
    this.cursor = this.lab.now;
    this.edge = true;
  }

  scrub(t: Micros): void {
    this.cursor = Math.max(0, Math.min(this.lab.now, Math.round(t)));
    this.edge = this.cursor + LOOKAHEAD_US >= this.lab.now;
  }

  stepBack(): void {
    this.playing = false;
    this.cursor = prevTime(this.lab.steps, this.cursor);
    this.edge = false;
  }

  /** Next event; at the live edge, lets the engine run until one happens. */
  async stepForward(): Promise<void> {
    this.playing = false;
    // Let an advance requested by the last frame land first.
    while (this.lab.busy) await new Promise((r) => setTimeout(r, 5));
    this.lab.flush();
    let next = nextTime(this.lab.steps, this.cursor);
    const limit = this.lab.now + STEP_SEARCH_US;
    while (next === null && this.lab.ready && this.lab.now < limit) {
      const ok = await this.lab.advance(limit, true);
      if (!ok) break;
      next = nextTime(this.lab.steps, this.cursor);
    }
    this.cursor = next ?? this.lab.now;
    this.edge = next === null;
  }
}
