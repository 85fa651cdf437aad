// The radio model: turns the MN's position over time into link-layer events (§3.1, §3.2.1 Table 1).
// Cells are circles. The MN stays with its current cell while the cell covers it; when it leaves,
// the layer-2 handover starts (L2-LD) towards the nearest covering cell and ends `l2HandoverUs`
// later (L2-LU). `leadUs` before that, the predictive information of §3.1 is produced: the
// position `leadUs` ahead (exact on a scripted path, extrapolated from the last velocity for live
// dragging) lies outside the current cell and inside another one.
import type { PathPoint, Scenario } from './scenario/schema.ts';

export interface Cell {
  /** Cell (access point) name: the router's name, or the AP's. */
  name: string;
  /** The access router that owns the cell (itself, or the router an AP is bridged to). */
  router: string;
  x: number;
  y: number;
  radius: number;
  lla: string;
}

/** The scenario's cells: one per router or access point (an AP's cell belongs to its router). */
export function cellsOf(sc: Pick<Scenario, 'routers'>): Cell[] {
  return sc.routers.map((r) => ({
    name: r.name,
    router: r.apOf ?? r.name,
    x: r.x,
    y: r.y,
    radius: r.radius,
    lla: r.lla,
  }));
}

/**
 * The cell a mobile starts attached to, as World.start() chooses it: the nearest cell covering
 * where it is at t = 0 (its path's start, else its position). Undefined: it starts detached.
 */
export function startCell(
  sc: Pick<Scenario, 'routers'>,
  m: { x: number; y: number; path: readonly PathPoint[] },
): Cell | undefined {
  const p = { x: m.x, y: m.y };
  pathPosition(m.path, 0, p);
  return bestCell(cellsOf(sc), p.x, p.y);
}

export function covers(c: Cell, x: number, y: number): boolean {
  const dx = x - c.x;
  const dy = y - c.y;
  return dx * dx + dy * dy <= c.radius * c.radius;
}

/** Nearest covering cell, or undefined. `except` is skipped (the cell being left). */
export function bestCell(cells: readonly Cell[], x: number, y: number, except?: Cell): Cell | undefined {
  let best: Cell | undefined;
  let bestD = Infinity;
  for (const c of cells) {
    if (c === except || !covers(c, x, y)) continue;
    const d = (x - c.x) ** 2 + (y - c.y) ** 2;
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best;
}

/** Position on a piecewise-linear path at time t (before the first point: the first point). */
export function pathPosition(path: readonly PathPoint[], t: number, out: { x: number; y: number }): void {
  const n = path.length;
  if (n === 0) return;
  const first = path[0]!;
  if (t <= first.t) {
    out.x = first.x;
    out.y = first.y;
    return;
  }
  const last = path[n - 1]!;
  if (t >= last.t) {
    out.x = last.x;
    out.y = last.y;
    return;
  }
  // binary search for the segment
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (path[mid]!.t <= t) lo = mid;
    else hi = mid;
  }
  const a = path[lo]!;
  const b = path[hi]!;
  const f = (t - a.t) / (b.t - a.t);
  out.x = a.x + (b.x - a.x) * f;
  out.y = a.y + (b.y - a.y) * f;
}

/** What the radio sees of one MN: its movement source. */
export class Mobility {
  private path: readonly PathPoint[];
  private live: { x: number; y: number; t: number; vx: number; vy: number } | undefined;
  readonly pos = { x: 0, y: 0 };
  private readonly tmp = { x: 0, y: 0 };

  constructor(
    path: readonly PathPoint[],
    x: number,
    y: number,
    /** 'path': the predictive information is exact; 'heading': extrapolated from the current velocity (can be wrong, §6.1.2). */
    private readonly predict: 'path' | 'heading' = 'path',
  ) {
    this.path = path.length > 0 ? path : [{ t: 0, x, y }];
    this.pos.x = x;
    this.pos.y = y;
  }

  /** Live input at time t (dragging): replaces the script from now on; velocity from the last move. */
  move(t: number, x: number, y: number): void {
    const prev = this.live ?? { x: this.pos.x, y: this.pos.y, t, vx: 0, vy: 0 };
    const dt = t - prev.t;
    const vx = dt > 0 ? (x - prev.x) / dt : prev.vx;
    const vy = dt > 0 ? (y - prev.y) / dt : prev.vy;
    this.live = { x, y, t, vx, vy };
    this.pos.x = x;
    this.pos.y = y;
  }

  get isLive(): boolean {
    return this.live !== undefined;
  }

  /** Does the position still change after time t (a script not finished, or live movement)? */
  moving(t: number): boolean {
    if (this.live) return this.live.vx !== 0 || this.live.vy !== 0;
    return t < this.path[this.path.length - 1]!.t;
  }

  at(t: number): { x: number; y: number } {
    if (this.live) {
      this.pos.x = this.live.x;
      this.pos.y = this.live.y;
    } else pathPosition(this.path, t, this.pos);
    return this.pos;
  }

  /** Predicted position at t + lead (exact for a script; extrapolated for live dragging). */
  ahead(t: number, lead: number): { x: number; y: number } {
    if (this.live) {
      this.tmp.x = this.live.x + this.live.vx * (t + lead - this.live.t);
      this.tmp.y = this.live.y + this.live.vy * (t + lead - this.live.t);
      // a drag that stopped long ago predicts nothing
      if (t - this.live.t > lead) {
        this.tmp.x = this.live.x;
        this.tmp.y = this.live.y;
      }
    } else if (this.predict === 'heading') {
      const dt = Math.min(1000, Math.max(1, lead));
      pathPosition(this.path, t, this.tmp);
      const x0 = this.tmp.x;
      const y0 = this.tmp.y;
      pathPosition(this.path, t + dt, this.tmp);
      this.tmp.x = x0 + ((this.tmp.x - x0) * lead) / dt;
      this.tmp.y = y0 + ((this.tmp.y - y0) * lead) / dt;
    } else pathPosition(this.path, t + lead, this.tmp);
    return this.tmp;
  }
}
