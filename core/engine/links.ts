// The world's links: a packet's hop over a wired link (serialisation at the link's bandwidth
// behind the packets already queued in its direction, then the link's delay) or over the radio
// between an MN and its access router (the air's bandwidth and delay; the MN's own transmitter
// busy like a wired link's), and whether an MN's layer 2 is up on a router's link when a packet
// leaves or arrives. A hop is one kernel event with a long-lived handler and the packet as its
// argument (no closure per packet). What happens at the hop's end is the data path's
// (core/engine/datapath.ts). Split out of world.ts, which keeps the wiring.
import type { Kernel } from '../sim/kernel.ts';
import type { Measures } from '../measures.ts';
import type { Pkt } from './packet.ts';
import type { Port } from './routing.ts';
import type { MobileState, RouterState } from './naming.ts';

/** What a hop's end hands its packet to (core/engine/datapath.ts). */
export interface HopEnds {
  /** At data-plane node `id`; `from` is the MN when it came over the air from it. */
  forwardAt(id: number, p: Pkt, from: MobileState | null): void;
  /** At the MN (a host). */
  mnReceive(s: MobileState, p: Pkt): void;
  drop(node: string, p: Pkt, reason: string): void;
}

/** What the world lends its links: its clock, counters, measures, the radio's figures and its nodes. */
export interface LinksHost {
  readonly kernel: Kernel;
  readonly count: { inFlight: number };
  readonly measures: Measures;
  readonly airBandwidthBps: number;
  readonly airDelayUs: number;
  readonly dpId: Map<string, number>;
  readonly routerById: (RouterState | undefined)[];
  /** When each wired link's direction is next free (Topology.busy). */
  readonly busy: Float64Array;
}

export class Links {
  private readonly kernel: Kernel;
  private readonly count: { inFlight: number };
  private readonly measures: Measures;
  private readonly airBps: number;
  private readonly airDelayUs: number;
  private readonly dpId: Map<string, number>;
  private readonly routerById: (RouterState | undefined)[];
  private readonly busy: Float64Array;
  /** Set once by the world (the data path and the links refer to each other). */
  ends!: HopEnds;

  constructor(w: LinksHost) {
    this.kernel = w.kernel;
    this.count = w.count;
    this.measures = w.measures;
    this.airBps = w.airBandwidthBps;
    this.airDelayUs = w.airDelayUs;
    this.dpId = w.dpId;
    this.routerById = w.routerById;
    this.busy = w.busy;
  }

  wiredHop(next: Port, p: Pkt): void {
    const busy = this.busy;
    const now = this.kernel.now;
    const start = Math.max(now, busy[next.busyAt]!);
    const txUs = Math.ceil((p.len * 8 * 1e6) / next.bps);
    busy[next.busyAt] = start + txUs;
    if (p.flow < 0) this.measures.signalling(p.mn, p.len, false);
    this.count.inFlight++;
    p.hopTo = next.next;
    p.hopId = next.nextId;
    this.kernel.atCall(start + txUs + next.delayUs, this.onWired, p);
  }
  // Per-hop events: long-lived handlers with the packet as the argument (no closure per packet).
  private readonly onWired = (p: Pkt): void => {
    this.count.inFlight--;
    this.ends.forwardAt(p.hopId, p, null);
  };
  private readonly onAirDown = (p: Pkt): void => {
    this.count.inFlight--;
    const s = p.hopMn!;
    if (!this.onLink(s, p.hopTo)) return this.ends.drop(s.role.name, p, 'link lost in flight');
    this.ends.mnReceive(s, p);
  };
  private readonly onAirUp = (p: Pkt): void => {
    this.count.inFlight--;
    const s = p.hopMn!;
    if (!this.onLink(s, p.hopTo)) return this.ends.drop(p.hopTo, p, 'link lost in flight');
    // The MN's BU to its HA as it reaches the AR: the router sees the MN's home address ([MIPv6]),
    // which BETH's HI(H) / HACK(T) carry (§3.3 steps 2a/3a, I-36). Control packets only (flow < 0).
    if (p.flow < 0 && p.msg.kind === 'BU' && p.msg.flags.H)
      this.routerById[p.hopId]?.role.sawBindingUpdate(s.role.lla, p.msg.homeAddress);
    this.ends.forwardAt(p.hopId, p, s);
  };

  /** Is the MN's layer 2 up on this router's link (its active interface, or a first one still up, §3.5.2)? */
  onLink(s: MobileState, router: string): boolean {
    return s.up && (this.cellRouter(s) === router || s.old?.router === router);
  }
  /** `s.cell?.router`, kept on the MN's record while its cell is the same (a cell's router never changes). */
  private cellRouter(s: MobileState): string | undefined {
    const c = s.cell;
    if (c !== s.memoCell) {
      s.memoCell = c;
      s.memoRouter = c?.router;
      s.memoId = c ? (this.dpId.get(c.router) ?? -1) : -1;
    }
    return s.memoRouter;
  }

  /** From router `ar` over the air to the MN. */
  airDown(ar: string, s: MobileState, p: Pkt): void {
    if (!this.onLink(s, ar)) return this.ends.drop(ar, p, 'link down: MN not on this link');
    const txUs = Math.ceil((p.len * 8 * 1e6) / this.airBps);
    const start = Math.max(this.kernel.now, s.busy);
    s.busy = start + txUs;
    if (p.flow < 0) this.measures.signalling(p.mn || s.role.name, p.len, true);
    this.count.inFlight++;
    p.hopTo = ar;
    p.hopMn = s;
    this.kernel.atCall(start + txUs + this.airDelayUs, this.onAirDown, p);
  }

  /** From the MN over the air to its access router. */
  mnTransmit(s: MobileState, p: Pkt): void {
    if (!s.up || !s.cell) return this.ends.drop(s.role.name, p, 'MN has no link');
    const ar = this.cellRouter(s)!;
    const txUs = Math.ceil((p.len * 8 * 1e6) / this.airBps);
    if (p.flow < 0) this.measures.signalling(s.role.name, p.len, true);
    this.count.inFlight++;
    p.hopTo = ar;
    p.hopId = s.memoId;
    p.hopMn = s;
    this.kernel.atCall(this.kernel.now + txUs + this.airDelayUs, this.onAirUp, p);
  }
}
