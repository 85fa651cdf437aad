// The hop cache (issue 14): per data flow, its last data-plane decision at two nodes (entry
// 2·flow at the CN, 2·flow+1 at the last other node): FORWARD (with the link and, on an access
// link, the MN) or DELIVER for the flow's un-tunnelled packets. An entry holds while the node's
// tables are unchanged (their generation, assembly/dataplane.ts NODE_GEN), the flow's template is
// the same and the packet comes with the same hop limit from the same side (air or wire): the data
// plane would decide the same again (its decision depends on those alone; a binding or tunnel
// lifetime that is over stays over). DataPath.forwardAt (core/engine/datapath.ts) asks it before the data plane.
//
// Laid out for the cache: an entry's fields side by side in one Int32Array (one cache line per
// flow for both of its entries), not one array per field — a campus's 2,000 flows visit their
// entries once every 20 ms, long after the line was last read.

/** Int32 words per entry: node, generation, template, key, action, link (two spare). */
const STRIDE = 8;
const NODE = 0;
const GEN = 1;
const TPL = 2;
const KEY = 3;
const ACT = 4;
const LINK = 5;

export class HopCache<M> {
  private readonly e: Int32Array;
  private readonly mns: (M | null)[];

  constructor(entries: number) {
    this.e = new Int32Array(entries * STRIDE);
    for (let k = 0; k < entries; k++) this.e[k * STRIDE + NODE] = -1;
    this.mns = new Array<M | null>(entries).fill(null);
  }

  /** The kept action of entry `k` for this node, generation, template and key; 0 when it does not hold. */
  lookup(k: number, node: number, gen: number, tpl: number, key: number): number {
    const e = this.e;
    const o = k * STRIDE;
    return e[o + NODE] === node && e[o + GEN] === (gen | 0) && e[o + TPL] === tpl && e[o + KEY] === key
      ? e[o + ACT]!
      : 0;
  }
  /** The link of entry `k`'s kept decision. */
  link(k: number): number {
    return this.e[k * STRIDE + LINK]!;
  }
  /** The MN of entry `k`'s kept FORWARD on an access link (null otherwise). */
  mn(k: number): M | null {
    return this.mns[k]!;
  }
  store(k: number, node: number, gen: number, tpl: number, key: number, act: number, link: number, mn: M | null): void {
    const e = this.e;
    const o = k * STRIDE;
    e[o + NODE] = node;
    e[o + GEN] = gen | 0;
    e[o + TPL] = tpl;
    e[o + KEY] = key;
    e[o + ACT] = act;
    e[o + LINK] = link;
    this.mns[k] = mn;
  }
  forget(k: number): void {
    this.e[k * STRIDE + NODE] = -1;
  }
}
