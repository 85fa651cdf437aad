// The world's packets in flight and the pool of slots they live in. A packet's bytes are
// authoritative; its `msg` is their decoded value. Data packets are built straight into a slot of
// the packet core's POOL (wasm memory), so a voice packet costs no allocation per packet or hop;
// signalling, and any packet when the pool is full or the packet too big for a slot, owns its
// bytes in an array. Tunnelling a packet a node originates (RFC 2473) and an MN unwrapping one
// addressed to it (a host, not a data-plane node) are done here too; every other encapsulation is
// the data plane's (core/wire/dataplane.ts). Split out of world.ts.
import type { Message } from '../wire/types.ts';
import type { Codec } from '../wire/codec.ts';
import type { Why } from '../trace.ts';
import type { MobileState } from './naming.ts';
import type { PerMn } from '../measures.ts';

/**
 * A packet in flight: bytes are authoritative; `msg` is their decoded value. The bytes are in a
 * slot of the packet core's POOL at `off` (data packets: no allocation per packet or hop), or in
 * `own` (signalling, or when the pool is full or the packet too big for a slot). The world makes every
 * Pkt with its fields in the order below (one shape): the ones a hop reads come first, so that a
 * packet's first touch after its link's delay brings in one or two cache lines, not three.
 */
export interface Pkt {
  /** The node (and MN) of the hop under way (hopId, hopMn, hopTo). */
  hopId: number;
  own: Uint8Array | null;
  off: number;
  len: number;
  /** Index of the traffic flow for DATA, -1 otherwise. */
  flow: number;
  /** `msg` is a DATA message (not tunnelled): asked per hop without reading `msg` (another object). */
  data: boolean;
  /** For DATA: the generation of its flow's template when it was made (see DataPath.hc). */
  tpl: number;
  hops: number;
  msg: Message;
  hopMn: MobileState | null;
  /** For DATA: its MN's record in the measures (read at delivery). */
  meas: PerMn | null;
  origin: string;
  mn: string;
  hopTo: string;
  target: string;
  id: number;
  /** Why its origin sent it (the tx record's `why`). */
  why: Why | undefined;
}

/** A signalling packet (or any packet not of a traffic flow) a node originates with these bytes, in Pkt's one shape. */
export function controlPkt(
  origin: string,
  msg: Message,
  bytes: Uint8Array,
  target: string,
  mn: string,
  id: number,
  why: Why | undefined,
): Pkt {
  return {
    hopId: -1,
    own: bytes,
    off: -1,
    len: bytes.length,
    flow: -1,
    data: msg.kind === 'DATA',
    tpl: -1,
    hops: 0,
    msg,
    hopMn: null,
    meas: null,
    origin,
    mn,
    hopTo: '',
    target,
    id,
    why,
  };
}

/** The bytes of a packet the data plane holds in a buffer (it gives them back at the flush). */
export const EMPTY = new Uint8Array(0);

export class PacketPool {
  readonly mem: Uint8Array;
  /** The packet core's PKT_IN and PKT_OUT buffers (memory.ts). */
  readonly pIn: number;
  readonly pOut: number;
  readonly slotSize: number;
  private readonly freeSlots: Int32Array;
  private freeTop = 0;
  /** The last packet's id (every packet the world makes takes the next). */
  seq = 0;
  /**
   * Records of delivered data packets, for the traffic's next ones (core/engine/traffic.ts): a
   * delivered packet is referred to by nothing (the kernel, the held queues and the trace keep no
   * reference to it), so a voice stream allocates no record per packet in the steady state.
   */
  readonly records: Pkt[] = [];

  constructor(private readonly codec: Codec) {
    const core = codec.core;
    this.mem = new Uint8Array(core.memory.buffer);
    this.pIn = core.pktIn() >>> 0;
    this.pOut = core.pktOut() >>> 0;
    this.slotSize = core.POOL_SLOT_SIZE.value;
    const slots = core.POOL_SLOTS.value;
    this.freeSlots = new Int32Array(slots);
    const pool = core.poolPtr() >>> 0;
    for (let k = slots - 1; k >= 0; k--) this.freeSlots[this.freeTop++] = pool + k * this.slotSize;
  }

  bytesOf(p: Pkt): Uint8Array {
    return p.own ?? this.mem.subarray(p.off, p.off + p.len);
  }
  /** The packet into PKT_IN, for the data plane or the parser. */
  loadIn(p: Pkt): void {
    if (p.own) this.mem.set(p.own, this.pIn);
    else this.mem.copyWithin(this.pIn, p.off, p.off + p.len);
  }
  /** A pool slot's offset, or -1 when all are in use. */
  alloc(): number {
    return this.freeTop > 0 ? this.freeSlots[--this.freeTop]! : -1;
  }
  /** A slot that was allocated and not used goes back. */
  free(off: number): void {
    this.freeSlots[this.freeTop++] = off;
  }
  /** The packet's slot goes back to the pool (its bytes must be in `own` from now on, or it has ended). */
  release(p: Pkt): void {
    if (p.own === null && p.off >= 0) this.freeSlots[this.freeTop++] = p.off;
    p.off = -1;
  }
  /** The packet the data plane produced (PKT_OUT, `n` octets) becomes the packet's bytes: in place when the length is the same. */
  takeOutput(p: Pkt, n: number): void {
    // A pooled packet that fits is already back in its slot (processSlot).
    if (p.own !== null || n > this.slotSize) {
      this.release(p);
      p.own = this.mem.slice(this.pOut, this.pOut + n);
    }
    p.len = n;
  }
  /** A packet a node originates already tunnelled (sendTunnelled, bicast copies): RFC 2473 by the codec. */
  encap(p: Pkt, src: string, peer: string): void {
    p.msg = { kind: 'TUNNEL', src, dst: peer, hopLimit: 64, inner: p.msg };
    p.data = false;
    p.own = this.codec.encapsulate(src, peer, this.bytesOf(p));
    this.release(p);
    p.len += 40;
  }
  /** The MN unwraps a tunnel addressed to it (a host, not a data-plane node; RFC 2473 §3.2). */
  decap(p: Pkt): void {
    if (p.msg.kind !== 'TUNNEL') return;
    p.msg = p.msg.inner;
    p.data = p.msg.kind === 'DATA';
    if (p.own) p.own = p.own.subarray(40);
    else this.mem.copyWithin(p.off, p.off + 40, p.off + p.len);
    p.len -= 40;
  }
}
