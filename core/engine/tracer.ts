// The world's tracer: the one place each trace record (core/trace.ts, docs/trace.md) is built —
// a packet's tx / rx / fwd / encap / decap / buffer / drop, and the typed state records that
// core/state.ts folds into tables (neighbor cache §7, bindings [MIPv6] §3.1.8, host routes
// §3.1.3 / §5.2.2, tunnels and BETs §3.1.5 / §3.3, buffers §5.2.1, timers, machine phases).
// Split out of world.ts, which decides what happens; this only writes it down, and feeds each
// record to the run's fingerprint (the same scenario and seed give the same trace, byte for byte).
// With the trace off (the campus benchmark: measures only) nothing is kept; the world checks
// `on` before it builds a record's fields, so a run without a trace allocates none.
import type { Message } from '../wire/types.ts';
import { isHTT } from '../wire/types.ts';
import type { Micros, PacketFields, TraceRecord, TunnelKind } from '../trace.ts';
import { toHex, whyOf, type Why } from '../trace.ts';
import { Fingerprint, type Kernel } from '../sim/kernel.ts';
import { innermost } from '../roles/build.ts';
import type { NcState } from '../roles/net.ts';
import { INFINITE_US } from './live.ts';

/** What the tracer needs of a packet in flight (the world's Pkt). */
export interface TracedPacket {
  id: number;
  msg: Message;
  origin: string;
  target: string;
}

export class Tracer {
  readonly records: TraceRecord[] = [];
  readonly fingerprint = new Fingerprint();

  constructor(
    private readonly kernel: Kernel,
    /** Keep records (off for the campus benchmark). */
    readonly on: boolean,
    private readonly onRecord: ((r: TraceRecord) => void) | undefined,
    /** Which node answers to an address (World.nodeOf: the trace's `to` and `peer`). */
    private readonly nodeOf: (addr: string) => string,
    /** A packet's bytes now (the world's packet pool). */
    private readonly bytesOf: (p: TracedPacket) => Uint8Array,
  ) {}

  private get now(): Micros {
    return this.kernel.now;
  }

  emit(r: TraceRecord): void {
    if (!this.on) return;
    this.records.push(r);
    this.fingerprint.add(
      `${r.t}|${r.kind}|${r.node}|${'msg' in r ? r.msg : ''}|${'hex' in r ? r.hex : ''}|${'reason' in r ? r.reason : ''}|${'to' in r ? r.to : ''}|${'trigger' in r ? r.trigger : ''}`,
    );
    this.onRecord?.(r);
  }

  // ------------------------------------------------------------------ packets

  packetFields(p: TracedPacket): PacketFields {
    const m = innermost(p.msg);
    // §5.2.3: an HI or HACK with both H and T set is named HTT.
    const f: PacketFields = {
      pkt: p.id,
      msg: isHTT(m) ? 'HTT' : m.kind,
      from: p.origin,
      to: p.target,
      flags: flagsOf(m),
      hex: toHex(this.bytesOf(p)),
    };
    if (m.kind === 'PrRtAdv' || m.kind === 'HACK') f.code = m.code;
    if (m.kind === 'F-BACK' || m.kind === 'BACK') f.status = m.status;
    if (m.kind === 'RA') for (const o of m.options) if (o.type === 'NAACK') f.status = o.status;
    return f;
  }
  /** A node sends (`tx`) or receives (`rx`) a packet. */
  packet(kind: 'tx' | 'rx', node: string, p: TracedPacket, why: Why | undefined): void {
    if (!this.on) return;
    const r: Extract<TraceRecord, { kind: 'tx' | 'rx' }> = { t: this.now, kind, node, ...this.packetFields(p) };
    if (why) r.why = why;
    this.emit(r);
  }
  /** RFC 2473: `node` encapsulates the packet to `peerAddr` (the packet is the outer one now). */
  encap(node: string, peerAddr: string, p: TracedPacket, why: Why | undefined): void {
    if (this.on)
      this.emit({ t: this.now, kind: 'encap', node, peer: this.nodeOf(peerAddr), ...this.packetFields(p), why });
  }
  /** RFC 2473 §3.2: `node` is the exit of a tunnel from `peerAddr` (the packet is the inner one now). */
  decap(node: string, peerAddr: string, p: TracedPacket, why: Why): void {
    if (this.on)
      this.emit({ t: this.now, kind: 'decap', node, peer: this.nodeOf(peerAddr), ...this.packetFields(p), why });
  }
  /** `node` forwards a packet it did not originate to `next`. */
  forwarded(node: string, next: string, p: TracedPacket): void {
    if (this.on) this.emit({ t: this.now, kind: 'fwd', node, next, ...this.packetFields(p) });
  }
  /** §5.2.1: the data plane holds the packet for a neighbor (HI U flag). */
  buffered(node: string, p: TracedPacket, why: Why): void {
    if (this.on)
      this.emit({ t: this.now, kind: 'buffer', node, reason: 'HI U flag (§5.2.1)', ...this.packetFields(p), why });
  }
  /** The packet ends at `node` without being delivered, for `reason`. */
  dropped(node: string, reason: string, p: TracedPacket, why: Why): void {
    if (this.on) this.emit({ t: this.now, kind: 'drop', node, reason, ...this.packetFields(p), why });
  }

  // ------------------------------------------------------------------ state records (folded by core/state.ts)

  /** A machine's change of phase (checked against its table by the world, core/roles/machines.ts). */
  state(node: string, machine: string, from: string, to: string, why: Why): void {
    if (this.on) this.emit({ t: this.now, kind: 'state', node, machine, from, to, why });
  }
  /** A named protocol timer set, fired or cancelled (the empty name is untraced). */
  timer(node: string, name: string, action: 'set' | 'fired' | 'cancelled'): void {
    if (this.on && name !== '') this.emit({ t: this.now, kind: 'timer', node, name, action });
  }
  /** The one place a tunnel record is built: `addr`'s packets to (or from) `peerAddr` (§3.1.5, §3.3, §3.4). */
  tunnel(
    node: string,
    action: 'up' | 'down',
    type: TunnelKind,
    addr: string,
    peerAddr: string,
    lifetimeUs: number | undefined,
    why: string | undefined,
  ): void {
    if (!this.on) return;
    const r: Extract<TraceRecord, { kind: 'tunnel' }> = {
      t: this.now,
      kind: 'tunnel',
      node,
      action,
      type,
      addr,
      peer: this.nodeOf(peerAddr),
      peerAddr,
    };
    if (action === 'up' && lifetimeUs !== undefined && lifetimeUs < INFINITE_US) {
      r.lifetime = Math.round(lifetimeUs / 1e6);
      r.expires = this.now + lifetimeUs;
    }
    if (why) r.why = whyOf(why);
    this.emit(r);
  }
  /** A neighbor cache entry (§7; null: deleted). */
  neighbor(node: string, addr: string, lla: string, state: NcState | null, why: string): void {
    if (this.on)
      this.emit({ t: this.now, kind: 'neighbor', node, addr, lla, state: state ?? 'deleted', why: whyOf(why) });
  }
  /** The buffer for `addr` at `node` as it is now (on/off from the control plane, depth from the data plane). */
  queue(node: string, addr: string, on: boolean, depth: number, why?: string): void {
    if (!this.on) return;
    const r: Extract<TraceRecord, { kind: 'queue' }> = {
      t: this.now,
      kind: 'queue',
      node,
      addr,
      owner: this.nodeOf(addr),
      on,
      depth,
    };
    if (why) r.why = whyOf(why);
    this.emit(r);
  }
  /** A host route for `dest` via `via` added or removed (§3.1.3, §5.2.2). */
  route(node: string, dest: string, on: boolean, via: string, why?: string): void {
    if (!this.on) return;
    const r: Extract<TraceRecord, { kind: 'route' }> = {
      t: this.now,
      kind: 'route',
      node,
      action: on ? 'add' : 'remove',
      dest,
      via,
    };
    if (why) r.why = whyOf(why);
    this.emit(r);
  }
  /** A binding cache entry home → care-of ([MIPv6]; lifetime 0 deletes, Infinity: no expiry). */
  binding(node: string, home: string, careOf: string, lifetimeUs: number, why?: string): void {
    if (!this.on) return;
    const r: Extract<TraceRecord, { kind: 'binding' }> = { t: this.now, kind: 'binding', node, home, careOf };
    if (lifetimeUs < INFINITE_US) {
      r.lifetime = Math.round(lifetimeUs / 1e6);
      if (lifetimeUs > 0) r.expires = this.now + lifetimeUs;
    }
    if (why) r.why = whyOf(why);
    this.emit(r);
  }
}

/** Set flag bits as letters in the draft's order. */
export function flagsOf(m: Message): string {
  let s = '';
  const add = (o: object) => {
    for (const [k, v] of Object.entries(o)) if (v) s += k;
  };
  switch (m.kind) {
    case 'HI':
    case 'HACK':
    case 'F-NA':
    case 'NA':
    case 'BU':
    case 'RA':
      add(m.flags);
      break;
    case 'F-BU':
      if (m.ack) s = 'A';
      break;
    default:
      break;
  }
  return s;
}
