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
import type { Measures } from '../measures.ts';
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

/** A traffic flow: its MN, the scenario's entry copied (one object read per packet) and the template's addresses. */
interface Flow {
  s: MobileState;
  stopUs: number;
  down: boolean;
  src: string;
  dst: string;
  intervalUs: number;
  /** Moves on when the template is rebuilt (Pkt.tpl). */
  tpl: number;
  mn: string;
  okSrc: string;
  msg: Message;
}

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
  private readonly flowSeq: number[] = [];
  /** Per traffic flow: the template the packet core holds (rebuilt when an address changes). */
  private readonly flows: Flow[] = [];

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
    w.specs.forEach((t) => {
      this.flowSeq.push(0);
      this.flows.push({
        s: w.mobiles.get(t.mn)!,
        stopUs: t.stopUs,
        down: t.dir === 'down',
        src: '',
        dst: '',
        intervalUs: t.intervalUs,
        tpl: 0,
        mn: t.mn,
        okSrc: '',
        msg: { kind: 'RS', src: '::', dst: '::', hopLimit: 0, options: [] },
      });
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

  private tick(i: number): void {
    const f = this.flows[i]!;
    if (this.now > f.stopUs) return;
    const s = f.s;
    const seq = this.flowSeq[i]!;
    this.flowSeq[i] = seq + 1;
    const down = f.down;
    const src = down ? this.cnAddress : s.role.coa;
    const dst = down ? (s.cnDst ??= this.cn.destinationFor(s.role.home)) : this.cnAddress;
    // The fast path: the packet core keeps the flow's template and patches the sequence number
    // and checksum; the template is rebuilt only when an address changes (a handover).
    if (f.src !== src || f.dst !== dst) {
      f.src = src;
      f.dst = dst;
      f.msg = data(src, dst, DATA_PORT + i, 0, this.specs[i]!.payloadBytes);
      if (this.dp.flowSet(i, f.msg) < 0) throw new Error(`traffic ${i}: cannot build its data packets`);
      f.tpl++;
    }
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
    const msg: Message = this.trace ? { ...(f.msg as Extract<Message, { kind: 'DATA' }>), seq } : f.msg;
    const origin = down ? this.cn.name : f.mn;
    const target = down ? f.mn : this.cn.name;
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
        tpl: f.tpl,
        hops: 0,
        msg,
        hopMn: null,
        meas: s.meas,
        origin,
        mn: f.mn,
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
      p.mn = f.mn;
      p.flow = i;
      p.hops = 0;
      p.hopTo = '';
      p.hopId = -1;
      p.hopMn = null;
      p.tpl = f.tpl;
      p.data = true;
      p.meas = s.meas;
    }
    p.id = ++this.pool.seq;
    this.measures.totals.dataSent++;
    // what World.send does for a message, without looking the node up by name
    this.count.sent++;
    if (this.trace)
      this.tracer.packet('tx', origin, p, down ? (dst === s.role.home ? DATA_DOWN_HOME : DATA_DOWN_COA) : DATA_UP);
    if (down) this.path.forwardAt(this.cnId, p, null);
    else {
      // once confirmed, an address stays confirmed (MobileNode.confirmed only grows)
      if (f.okSrc !== src) {
        this.checkSource(s, src);
        if (s.role.confirmed.has(src)) f.okSrc = src;
      }
      this.links.mnTransmit(s, p);
    }
    if (this.now + f.intervalUs <= f.stopUs) this.kernel.atCall(this.now + f.intervalUs, this.onTick, i);
  }
  private readonly onTick = (i: number): void => this.tick(i);

  /** Model check: the MN never uses an unconfirmed nCoA as a source (§3.1.3). */
  private checkSource(s: MobileState, src: string): void {
    if (!s.role.confirmed.has(src))
      this.violations.push(`${s.role.name} used unconfirmed source ${src} at ${this.now}`);
  }
}
