// Layer 2 of the world: each MN's movement (its scripted path, or a drag) sampled on the radio
// tick into the layer-2 events it causes — predictive information (L2-ST / L2-TT, §3.1.2, §3.1.6,
// §3.2.1 Table 1, §4.3), link down and up (L2-LD / L2-LU) and the second interface of §3.5.2 —
// traced as `l2` records and handed to the roles' triggers. Split out of world.ts, which keeps the
// wiring; the maps and arrays lent here are the world's own (one MN, one router, one cell each),
// so this module sees what the world sees. The geometry is core/radio.ts.
import type { Micros, TraceRecord } from '../trace.ts';
import type { Kernel } from '../sim/kernel.ts';
import type { Scenario } from '../scenario/schema.ts';
import { bestCell, covers, type Cell } from '../radio.ts';
import type { Target } from '../roles/mn.ts';
import type { Measures } from '../measures.ts';
import type { MobileState, RouterState } from './naming.ts';

/** What the world lends its layer 2: its clock, scenario, cells, nodes, measures and tracer. */
export interface Layer2Host {
  readonly kernel: Kernel;
  readonly sc: Scenario;
  readonly cells: Cell[];
  readonly mobiles: Map<string, MobileState>;
  readonly routers: Map<string, RouterState>;
  readonly routerInfo: Map<string, { name: string; address: string; lla: string; prefix: string }>;
  readonly measures: Measures;
  readonly trace: boolean;
  readonly emit: (r: TraceRecord) => void;
  /** Throws if the world's packet core now belongs to a newer world (World.ownCore). */
  readonly ownCore: () => void;
}

export class Layer2 {
  private readonly kernel: Kernel;
  private readonly sc: Scenario;
  private readonly cells: Cell[];
  private readonly mobiles: Map<string, MobileState>;
  private readonly routers: Map<string, RouterState>;
  private readonly routerInfo: Map<string, { name: string; address: string; lla: string; prefix: string }>;
  private readonly measures: Measures;
  private readonly trace: boolean;
  private readonly emit: (r: TraceRecord) => void;
  private readonly ownCore: () => void;
  private tickArmed = false;

  constructor(w: Layer2Host) {
    this.kernel = w.kernel;
    this.sc = w.sc;
    this.cells = w.cells;
    this.mobiles = w.mobiles;
    this.routers = w.routers;
    this.routerInfo = w.routerInfo;
    this.measures = w.measures;
    this.trace = w.trace;
    this.emit = w.emit;
    this.ownCore = w.ownCore;
  }

  private get now(): Micros {
    return this.kernel.now;
  }

  /** Samples the radio every `radio.tickUs` while some MN moves or awaits a layer-2 event. */
  armTick(): void {
    if (this.tickArmed) return;
    this.tickArmed = true;
    this.kernel.after(this.sc.radio.tickUs, () => {
      this.tickArmed = false;
      let again = false;
      for (const s of this.mobiles.values()) if (this.radioStep(s)) again = true;
      if (again) this.armTick();
    });
  }

  /** Live movement input (dragging) at the current virtual time. */
  move(node: string, x: number, y: number): void {
    const s = this.mobiles.get(node);
    if (!s) throw new Error(`move: unknown mobile node "${node}" (known: ${[...this.mobiles.keys()].join(', ')})`);
    this.ownCore();
    s.mob.move(this.now, x, y);
    if (this.trace) this.emit({ t: this.now, kind: 'move', node, x, y });
    this.radioStep(s);
    this.armTick();
  }

  /** `link`: for L2-LD and L2-LU, the mobile and the cell whose radio link went down or came up. */
  private l2(node: string, trigger: string, detail: string, link?: { mn: string; cell: string }): void {
    if (this.trace) this.emit({ t: this.now, kind: 'l2', node, trigger, detail, ...(link ? { link } : {}) });
  }

  /** One radio sample for one MN; returns whether it should keep being sampled. */
  private radioStep(s: MobileState): boolean {
    const moving = s.mob.moving(this.now);
    if (s.switching) return true;
    const pos = s.mob.at(this.now);
    const c = s.cell;
    if (c && s.up && s.role.spec.interfaces === 2) {
      const keep = this.radioStep2(s, c, pos);
      if (keep !== undefined) return keep;
    }
    if (c && s.up) {
      const lead = this.sc.radio.leadUs;
      if (!covers(c, pos.x, pos.y) && s.mob.isLive && (!s.predicted || this.now < s.predictedAt + lead)) {
        // A drag is a jump: where the MN goes is known now, so the predictive information comes now and
        // the layer-2 handover `leadUs` later (the configurable lead time of §3.1).
        if (!s.predicted) {
          const t = bestCell(this.cells, pos.x, pos.y, c);
          if (t) this.predict(s, c, t);
          else return this.leave(s, c, pos);
        }
        return true;
      }
      if (!covers(c, pos.x, pos.y)) return this.leave(s, c, pos);
      if (!s.predicted) {
        const a = s.mob.ahead(this.now, lead);
        if (!covers(c, a.x, a.y)) {
          const t = bestCell(this.cells, a.x, a.y, c);
          if (t) this.predict(s, c, t);
        }
      } else {
        // The prediction no longer holds (movement aborted, §6.1.2): forget it.
        const a = s.mob.ahead(this.now, this.sc.radio.leadUs);
        if (covers(c, a.x, a.y) && !moving) s.predicted = null;
      }
      return moving || s.predicted !== null;
    }
    if (!c || !s.up) {
      const t = bestCell(this.cells, pos.x, pos.y);
      if (t) {
        s.switching = true;
        this.kernel.after(this.sc.radio.l2HandoverUs, () => {
          s.switching = false;
          this.linkUp(s, t);
        });
        return true;
      }
    }
    return moving;
  }

  /**
   * §3.5.2 last paragraph, the MN's second radio: it sees a cell of another router while the first
   * interface still covers the MN (the overlap), and the MN hands over to it with no layer-2 break.
   * The first interface goes down only when the MN leaves its cell. Returns undefined to let the
   * one-radio model decide (e.g. the first cell is left before any second cell was seen).
   */
  private radioStep2(s: MobileState, c: Cell, pos: { x: number; y: number }): boolean | undefined {
    const moving = s.mob.moving(this.now);
    const o = s.old;
    if (o && !covers(o, pos.x, pos.y)) {
      // The inactive first interface loses its cell, long after the F-NA on the second one.
      s.old = null;
      this.l2(s.role.name, 'L2-LD', `if0 left ${o.name} (inactive interface; active: if1 on ${c.name})`, {
        mn: s.role.name,
        cell: o.name,
      });
      if (this.routers.get(o.router)!.role.spec.caps.triggers.ld)
        this.l2(o.router, 'L2-LD', `${s.role.name} left`, { mn: s.role.name, cell: o.name });
      this.routers.get(o.router)!.role.onLinkDown(s.role.lla);
    }
    if (!covers(c, pos.x, pos.y)) return undefined;
    if (!s.predicted && !s.old) {
      const t = bestCell(this.cells, pos.x, pos.y, c);
      if (t && t.router !== c.router) this.predict(s, c, t);
    }
    return moving || s.predicted !== null || s.old !== null;
  }

  /**
   * §3.5.2: on the PrRtAdv the MN "proceeds to configure its IP stack so that its home address is on the
   * new interface": the second interface is already up on `t`; it becomes the active one while the
   * first stays up on its cell (no L2-LD). The MN then does F-BU and F-NA from it (mn.ts `onLinkUp`).
   */
  secondInterfaceUp(mn: string, t: Target): void {
    this.kernel.after(0, () => {
      const s = this.mobiles.get(mn);
      const cell = this.cells.find((c) => c.name === t.cell);
      if (!s || !cell || !s.up || !s.cell) return;
      s.old = s.cell;
      s.cell = cell;
      s.predicted = null;
      s.busy = this.now;
      const name = s.role.name;
      if (this.routers.get(cell.router)!.role.spec.caps.triggers.lu)
        this.l2(cell.router, 'L2-LU', `${name} arrived on ${cell.name}`, { mn: name, cell: cell.name });
      this.l2(name, 'L2-LU', `if1 on ${cell.name} (home address moved here; if0 still up on ${s.old.name})`, {
        mn: name,
        cell: cell.name,
      });
      this.measures.linkUp(name, this.now, cell.router);
      this.routers.get(cell.router)!.role.onLinkUp(s.role.lla);
      s.role.onLinkUp({ cell: cell.name, router: cell.router, lla: cell.lla });
      this.armTick();
    });
  }

  private leave(s: MobileState, c: Cell, pos: { x: number; y: number }): boolean {
    const target = bestCell(this.cells, pos.x, pos.y, c);
    this.linkDown(s, c);
    s.switching = true;
    this.kernel.after(this.sc.radio.l2HandoverUs, () => {
      s.switching = false;
      const p2 = s.mob.at(this.now);
      const t2 = target && covers(target, p2.x, p2.y) ? target : bestCell(this.cells, p2.x, p2.y);
      if (t2) this.linkUp(s, t2);
      else this.armTick();
    });
    return true;
  }

  private predict(s: MobileState, c: Cell, t: Cell): void {
    const name = s.role.name;
    s.predicted = t;
    s.predictedAt = this.now;
    this.measures.begin(name, this.now, c.router, s.role.fast ? 'fast' : 'mipv6');
    const tgt: Target = { cell: t.name, router: t.router, lla: t.lla };
    const src = this.routers.get(c.router)!.role;
    const dst = this.routers.get(t.router)!.role;
    if (s.role.spec.mode === 'beth' && s.role.mech === 'beth' && src.beth && !dst.beth && c.router !== t.router) {
      // §4.3: the MN reaches the edge of the BETH area: the boundary AR tells it and hands it over.
      const coa = s.role.coa;
      this.l2(c.router, 'L2-ST', `${name} → ${t.name} (leaving the BETH area)`, { mn: name, cell: t.name });
      src.bethBoundary(s.role.lla, coa, t.lla, dst.spec.caps.fast ? 0 : 3);
      return;
    }
    if (s.role.spec.mode === 'beth' && s.role.mech === 'beth' && src.beth && dst.beth && c.router !== t.router) {
      // §3.2.1 Table 1: a source trigger at the oAR if it has one, else a target trigger at the nAR.
      if (src.spec.caps.triggers.st) {
        this.l2(c.router, 'L2-ST', `${name} → ${t.name} (${s.role.lla})`, { mn: name, cell: t.name });
        src.beth.onSourceTrigger(s.role.lla, s.role.coa, this.routerInfo.get(t.router)!);
      } else if (dst.spec.caps.triggers.tt) {
        const forged = this.sc.security.attacks.find(
          (a) => a.forge === 'L2-TT' && a.to === t.router && a.victim === name,
        );
        this.l2(t.router, 'L2-TT', `${forged?.lla ?? s.role.lla} from ${c.router}`, { mn: name, cell: t.name });
        dst.beth.onTargetTrigger(forged?.lla ?? s.role.lla, this.routerInfo.get(c.router)!);
      }
      return;
    }
    if (s.role.spec.initiation === 'network' && (s.role.fast || s.role.spec.mode === 'mipv6')) {
      // §3.1.2: the oAR receives the indication that the MN is about to move (source trigger).
      this.l2(c.router, 'L2-ST', `${name} → ${t.name} in ${this.sc.radio.leadUs} µs`, { mn: name, cell: t.name });
      this.routers.get(c.router)!.role.onSourceTrigger(s.role.lla, t.lla);
    } else if (s.role.spec.interfaces === 2) {
      // §3.5.2: the MN's second radio interface "has detected an AR on that interface".
      this.l2(name, 'L2-ST', `if1 detected ${t.name} (second interface; if0 on ${c.name})`, { mn: name, cell: t.name });
      s.role.onPredict(tgt);
    } else {
      // §3.1.6: the MN has the predictive information.
      this.l2(name, 'L2-ST', `predictive: → ${t.name} in ${this.sc.radio.leadUs} µs`, { mn: name, cell: t.name });
      s.role.onPredict(tgt);
    }
  }

  private linkDown(s: MobileState, c: Cell): void {
    const name = s.role.name;
    this.l2(name, 'L2-LD', `left ${c.name}`, { mn: name, cell: c.name });
    if (this.routers.get(c.router)!.role.spec.caps.triggers.ld)
      this.l2(c.router, 'L2-LD', `${name} left`, { mn: name, cell: c.name });
    this.measures.linkDown(name, this.now, c.router, s.role.fast ? 'fast' : 'mipv6');
    s.up = false;
    s.old = null;
    this.routers.get(c.router)!.role.onLinkDown(s.role.lla);
    s.role.onLinkDown();
  }

  private linkUp(s: MobileState, c: Cell): void {
    const name = s.role.name;
    s.cell = c;
    s.up = true;
    s.predicted = null;
    s.busy = this.now;
    if (this.routers.get(c.router)!.role.spec.caps.triggers.lu)
      this.l2(c.router, 'L2-LU', `${name} arrived on ${c.name}`, { mn: name, cell: c.name });
    this.l2(name, 'L2-LU', `on ${c.name}`, { mn: name, cell: c.name });
    this.measures.linkUp(name, this.now, c.router);
    this.routers.get(c.router)!.role.onLinkUp(s.role.lla);
    s.role.onLinkUp({ cell: c.name, router: c.router, lla: c.lla });
    this.armTick();
  }
}
