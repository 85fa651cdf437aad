// The scenario's traffic: each flow a stream of data packets at a fixed interval, down from the CN
// to the MN (to the care-of address of the CN's binding, else the home address via the HA) or up
// from the MN's confirmed care-of address to the CN (§3.1.3: never an unconfirmed nCoA, a model
// check). A packet is built from its flow's template in the packet core (`flowEmitTo`, straight
// into a pool slot: the template is rebuilt only when an address changes, i.e. at a handover) and
// its record is reused from a delivered one, so a campus's voice streams allocate nothing per
// packet. Split out of world.ts, which keeps the wiring.
import type { Message } from '../wire/types.ts';
import { DATA_PORT } from '../wire/types.ts';
import type { DataPlane } from '../wire/dataplane.ts';
import type { TrafficSpec } from '../scenario/schema.ts';
import type { Micros } from '../trace.ts';
import type { Kernel } from '../sim/kernel.ts';
import type { Measures, PerMn } from '../measures.ts';
import type { Correspondent } from '../roles/cn.ts';
import { data } from '../roles/build.ts';
import { DATA_DOWN_COA, DATA_DOWN_HOME, DATA_UP } from './why.ts';
import type { Tracer } from './tracer.ts';
import type { PacketPool } from './packet.ts';
import type { DataPath } from './datapath.ts';
import type { Links } from './links.ts';
import type { MobileState } from './naming.ts';

/** What the world lends its traffic. */
export interface TrafficHost {
  readonly kernel: Kernel;
  readonly specs: readonly TrafficSpec[];
  readonly mobiles: Map<string, MobileState>;
  readonly cn: Correspondent;
  readonly cnAddress: string;
  /** The CN's data-plane node. */
  readonly cnId: number;
  readonly dp: DataPlane;
  readonly pool: PacketPool;
  readonly path: DataPath;
  readonly links: Links;
  readonly measures: Measures;
  readonly count: { sent: number };
  readonly tracer: Tracer;
  readonly trace: boolean;
  readonly violations: string[];
}

// A flow's numbers, side by side in one row of `Traffic.row` (one cache line per flow: a campus's
// 2,000 flows each come round once every 20 ms, long after their line was last read, issue 14).
const STRIDE = 8;
/** The next packet's sequence number. */
const SEQ = 0;
const STOP = 1;
const INTERVAL = 2;
/** 1 for a flow down from the CN. */
const DOWN = 3;
/** The template's generation: moves on when it is rebuilt (Pkt.tpl). */
const TPL = 4;
/** A flow down: 1 while `dst` is still where the CN sends this MN's stream (no BU at the CN since). */
const DST_OK = 5;

export class Traffic {
  private readonly kernel: Kernel;
  private readonly specs: readonly TrafficSpec[];
  private readonly cn: Correspondent;
  private readonly cnAddress: string;
  private readonly cnId: number;
  private readonly dp: DataPlane;
  private readonly pool: PacketPool;
  private readonly path: DataPath;
  private readonly links: Links;
  private readonly measures: Measures;
  private readonly count: { sent: number };
  private readonly tracer: Tracer;
  private readonly trace: boolean;
  private readonly violations: string[];
  private readonly mem: Uint8Array;
  private readonly slotSize: number;
  /** Per flow: its numbers (STRIDE words), and beside them what is not a number. */
  private readonly row: Float64Array;
  private readonly mobile: MobileState[] = [];
  /** The MN's name and its measures record (the packet's `mn` and `meas`, read without reading the MN's record). */
  private readonly mnName: string[] = [];
  private readonly meas: PerMn[] = [];
  /** The addresses of the template the packet core holds (rebuilt when one changes) and its message. */
  private readonly src: string[] = [];
  private readonly dst: string[] = [];
  private readonly msg: Message[] = [];
  /** An upstream flow's source once confirmed (checked once per address, §3.1.3). */
  private readonly okSrc: string[] = [];
  /** The flows down to each MN (a BU at the CN may change where they go). */
  private readonly downTo = new Map<MobileState, number[]>();

  constructor(w: TrafficHost) {
    this.kernel = w.kernel;
    this.specs = w.specs;
    this.cn = w.cn;
    this.cnAddress = w.cnAddress;
    this.cnId = w.cnId;
    this.dp = w.dp;
    this.pool = w.pool;
    this.path = w.path;
    this.links = w.links;
    this.measures = w.measures;
    this.count = w.count;
    this.tracer = w.tracer;
    this.trace = w.trace;
    this.violations = w.violations;
    this.mem = w.pool.mem;
    this.slotSize = w.pool.slotSize;
    this.row = new Float64Array(w.specs.length * STRIDE);
    w.specs.forEach((t, i) => {
      const s = w.mobiles.get(t.mn)!;
      const o = i * STRIDE;
      this.row[o + STOP] = t.stopUs;
      this.row[o + INTERVAL] = t.intervalUs;
      this.row[o + DOWN] = t.dir === 'down' ? 1 : 0;
      this.mobile.push(s);
      this.mnName.push(t.mn);
      this.meas.push(s.meas);
      this.src.push('');
      this.dst.push('');
      this.okSrc.push('');
      this.msg.push({ kind: 'RS', src: '::', dst: '::', hopLimit: 0, options: [] });
      if (t.dir === 'down') {
        const l = this.downTo.get(s);
        if (l) l.push(i);
        else this.downTo.set(s, [i]);
      }
    });
  }

  private get now(): Micros {
    return this.kernel.now;
  }

  /** Each flow's first packet at its start. */
  start(): void {
    this.specs.forEach((t, i) => {
      this.kernel.at(t.startUs, () => this.tick(i));
    });
  }

  /** A BU reached the CN for this MN's home address: its flows down ask where to go again. */
  cnBindingChanged(s: MobileState): void {
    for (const i of this.downTo.get(s) ?? []) this.row[i * STRIDE + DST_OK] = 0;
  }

  private tick(i: number): void {
    const row = this.row;
    const o = i * STRIDE;
    const now = this.now;
    const stopUs = row[o + STOP]!;
    if (now > stopUs) return;
    const seq = row[o + SEQ]!;
    row[o + SEQ] = seq + 1;
    const down = row[o + DOWN] === 1;
    // A flow down reads the MN's record only when its destination may have changed (a BU at the
    // CN); a flow up, the MN's care-of address at each packet (a handover changes it).
    let s: MobileState | undefined;
    let src: string;
    let dst: string;
    if (down) {
      src = this.cnAddress;
      if (row[o + DST_OK] === 1) dst = this.dst[i]!;
      else {
        s = this.mobile[i]!;
        dst = this.cn.destinationFor(s.role.home);
        row[o + DST_OK] = 1;
      }
    } else {
      s = this.mobile[i]!;
      src = s.role.coa;
      dst = this.cnAddress;
    }
    // The fast path: the packet core keeps the flow's template and patches the sequence number
    // and checksum; the template is rebuilt only when an address changes (a handover).
    if (this.src[i] !== src || this.dst[i] !== dst) {
      this.src[i] = src;
      this.dst[i] = dst;
      const m = data(src, dst, DATA_PORT + i, 0, this.specs[i]!.payloadBytes);
      this.msg[i] = m;
      if (this.dp.flowSet(i, m) < 0) throw new Error(`traffic ${i}: cannot build its data packets`);
      row[o + TPL] = row[o + TPL]! + 1;
    }
    const tpl = row[o + TPL]!;
    let off = this.pool.alloc();
    let n = -1;
    if (off >= 0) {
      n = this.dp.flowEmitTo(i, seq, off, this.slotSize);
      if (n < 0) {
        this.pool.free(off);
        off = -1;
      }
    }
    let own: Uint8Array | null = null;
    if (off < 0) {
      // no free slot, or a packet bigger than a slot: its bytes in their own array
      n = this.dp.flowEmit(i, seq);
      own = this.mem.slice(this.pool.pIn, this.pool.pIn + n);
    }
    const fmsg = this.msg[i]!;
    const msg: Message = this.trace ? { ...(fmsg as Extract<Message, { kind: 'DATA' }>), seq } : fmsg;
    const mn = this.mnName[i]!;
    const meas = this.meas[i]!;
    const origin = down ? this.cn.name : mn;
    const target = down ? mn : this.cn.name;
    // A data packet's record comes from those delivered before (no allocation per packet in the steady state).
    let p = this.pool.records.pop();
    if (p === undefined)
      p = {
        hopId: -1,
        own,
        off,
        len: n,
        flow: i,
        data: true,
        tpl,
        hops: 0,
        msg,
        hopMn: null,
        meas,
        origin,
        mn,
        hopTo: '',
        target,
        id: 0,
        why: undefined,
      };
    else {
      p.msg = msg;
      p.own = own;
      p.off = off;
      p.len = n;
      p.origin = origin;
      p.target = target;
      p.mn = mn;
      p.flow = i;
      p.hops = 0;
      p.hopTo = '';
      p.hopId = -1;
      p.hopMn = null;
      p.tpl = tpl;
      p.data = true;
      p.meas = meas;
    }
    p.id = ++this.pool.seq;
    this.measures.totals.dataSent++;
    // what World.send does for a message, without looking the node up by name
    this.count.sent++;
    if (this.trace) {
      const home = this.mobile[i]!.role.home;
      this.tracer.packet('tx', origin, p, down ? (dst === home ? DATA_DOWN_HOME : DATA_DOWN_COA) : DATA_UP);
    }
    if (down) this.path.forwardAt(this.cnId, p, null);
    else {
      // once confirmed, an address stays confirmed (MobileNode.confirmed only grows)
      if (this.okSrc[i] !== src) {
        this.checkSource(s!, src);
        if (s!.role.confirmed.has(src)) this.okSrc[i] = src;
      }
      this.links.mnTransmit(s!, p);
    }
    const next = now + row[o + INTERVAL]!;
    if (next <= stopUs) this.kernel.atCall(next, this.onTick, i);
  }
  private readonly onTick = (i: number): void => this.tick(i);

  /** Model check: the MN never uses an unconfirmed nCoA as a source (§3.1.3). */
  private checkSource(s: MobileState, src: string): void {
    if (!s.role.confirmed.has(src))
      this.violations.push(`${s.role.name} used unconfirmed source ${src} at ${this.now}`);
  }
}
