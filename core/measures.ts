// Per-handover measures (issue 4): layer-2 time, layer-3 handover latency (last data packet on the
// old path to the first on the new), packets lost / buffered / tunnelled / duplicated / reordered,
// and signalling bytes over the air and over the wire. Fed by the engine through a few hooks;
// no clock of its own.

export interface HandoverReport {
  mn: string;
  index: number;
  from: string;
  to: string;
  /** What happened: 'fast' (anticipated handover completed), 'mipv6', plus marks such as 'fallback'. */
  kind: 'fast' | 'mipv6';
  marks: string[];
  startUs: number;
  l2DownUs?: number;
  l2UpUs?: number;
  l2Us?: number;
  /** Last downstream data packet received before the link went down. */
  lastOldUs?: number;
  /** First downstream data packet received after the link came up. */
  firstNewUs?: number;
  l3LatencyUs?: number;
  completedUs?: number;
  lost: number;
  buffered: number;
  tunnelled: number;
  duplicated: number;
  reordered: number;
  sigAirBytes: number;
  sigWireBytes: number;
}

interface Flow {
  max: number;
  seen: Uint8Array;
}

/**
 * Per MN: its open handover record and the time of its last downstream data packet. The engine
 * keeps each MN's handle (`handle`) so that a data packet costs no lookup by name.
 */
export interface PerMn {
  open: HandoverReport | undefined;
  lastRx: number | undefined;
  count: number;
  /**
   * The open handover has reached layer 2 (linkUp) and waits for its first downstream packet on
   * the new link: `open.l2UpUs !== undefined && open.firstNewUs === undefined`, kept here so that
   * each delivered packet reads this record only (a handover record's shape varies with the
   * optional fields it has been given, so reading it per packet is slow).
   */
  awaiting: boolean;
}

export class Measures {
  readonly handovers: HandoverReport[] = [];
  private readonly perMn = new Map<string, PerMn>();
  /** Per traffic flow (index in the scenario's traffic list): duplicates and reordering. */
  private readonly flows: Flow[] = [];
  /**
   * The scenario's flows 0 … flowCount − 1 in flat arrays instead (a campus delivers millions of
   * packets across 2,000 flows: one array index, not a flow object and its own array): the
   * sequence numbers seen, flow-major (`flowCapacity` a flow), and the newest seen per flow.
   */
  private readonly seenFlat: Uint8Array;
  private readonly maxFlat: Float64Array;
  totals = {
    sent: 0,
    delivered: 0,
    dropped: 0,
    dataSent: 0,
    dataDelivered: 0,
    dataLost: 0,
    duplicated: 0,
    reordered: 0,
  };

  constructor(
    private readonly flowCapacity: number,
    private readonly flowCount = 0,
  ) {
    this.seenFlat = new Uint8Array(flowCount * flowCapacity);
    this.maxFlat = new Float64Array(flowCount).fill(-1);
  }

  /** Opens a handover record (or returns the open one if it has not reached layer 2 yet). */
  begin(mn: string, now: number, from: string, kind: 'fast' | 'mipv6'): HandoverReport {
    const m = this.mn(mn);
    const cur = m.open;
    if (cur && cur.l2UpUs === undefined) return cur;
    const index = m.count++;
    const h: HandoverReport = {
      mn,
      index,
      from,
      to: '',
      kind,
      marks: [],
      startUs: now,
      lost: 0,
      buffered: 0,
      tunnelled: 0,
      duplicated: 0,
      reordered: 0,
      sigAirBytes: 0,
      sigWireBytes: 0,
    };
    this.handovers.push(h);
    m.open = h;
    m.awaiting = false;
    return h;
  }
  /** The MN's record (made on first use); the `...At` methods take it instead of the name. */
  handle(mn: string): PerMn {
    return this.mn(mn);
  }
  private mn(mn: string): PerMn {
    let m = this.perMn.get(mn);
    if (!m) this.perMn.set(mn, (m = { open: undefined, lastRx: undefined, count: 0, awaiting: false }));
    return m;
  }
  private openOf(mn: string): HandoverReport | undefined {
    return this.perMn.get(mn)?.open;
  }
  current(mn: string): HandoverReport | undefined {
    return this.openOf(mn);
  }
  linkDown(mn: string, now: number, from: string, kind: 'fast' | 'mipv6'): void {
    const h = this.begin(mn, now, from, kind);
    h.l2DownUs = now;
    h.lastOldUs = this.mn(mn).lastRx;
  }
  linkUp(mn: string, now: number, to: string): void {
    const m = this.perMn.get(mn);
    const h = m?.open;
    if (!m || !h) return;
    h.to = to;
    h.l2UpUs = now;
    if (h.l2DownUs !== undefined) h.l2Us = now - h.l2DownUs;
    m.awaiting = h.firstNewUs === undefined;
  }
  mark(mn: string, now: number, what: string): void {
    const h = this.openOf(mn);
    if (!h) return;
    h.marks.push(what);
    if (what === 'completed') h.completedUs ??= now;
    if (what === 'fallback' || what === 'wrong-ar' || what === 'pingpong') h.kind = 'mipv6';
  }
  /** Downstream data packet received by an MN. */
  dataRx(mn: string, flow: number, seq: number, now: number): void {
    this.dataRxAt(this.mn(mn), flow, seq, now);
  }
  dataRxAt(m: PerMn, flow: number, seq: number, now: number): void {
    if (!this.order(m, flow, seq)) return;
    m.lastRx = now;
    if (m.awaiting) {
      const h = m.open!;
      m.awaiting = false;
      h.firstNewUs = now;
      if (h.lastOldUs !== undefined) h.l3LatencyUs = now - h.lastOldUs;
    }
  }
  /**
   * Counts a delivered data packet of `flow` against the sequence numbers seen: a duplicate, a
   * reordered one (older than the newest seen) or a new newest. False for a duplicate.
   */
  private order(m: PerMn, flow: number, seq: number): boolean {
    this.totals.dataDelivered++;
    // (the open handover, m.open, is read only for a duplicate or a reordered packet)
    if (flow >= 0 && flow < this.flowCount && Number.isInteger(flow)) {
      // the same steps as below, on the flat arrays
      const cap = this.flowCapacity;
      const k = flow * cap + seq;
      if (seq < cap && this.seenFlat[k]) {
        this.totals.duplicated++;
        if (m.open) m.open.duplicated++;
        return false;
      }
      if (seq < cap) this.seenFlat[k] = 1;
      if (seq < this.maxFlat[flow]!) {
        this.totals.reordered++;
        if (m.open) m.open.reordered++;
      } else this.maxFlat[flow] = seq;
      return true;
    }
    const f = this.flow(flow);
    if (seq < f.seen.length && f.seen[seq]) {
      this.totals.duplicated++;
      if (m.open) m.open.duplicated++;
      return false;
    }
    if (seq < f.seen.length) f.seen[seq] = 1;
    if (seq < f.max) {
      this.totals.reordered++;
      if (m.open) m.open.reordered++;
    } else f.max = seq;
    return true;
  }
  private flow(i: number): Flow {
    let f = this.flows[i];
    if (!f) this.flows[i] = f = { max: -1, seen: new Uint8Array(this.flowCapacity) };
    return f;
  }

  /** Upstream data packet received by the CN (for duplicates and reordering). */
  dataRxUp(mn: string, flow: number, seq: number): void {
    this.dataRxUpAt(this.mn(mn), flow, seq);
  }
  dataRxUpAt(m: PerMn, flow: number, seq: number): void {
    this.order(m, flow, seq);
  }
  dataLost(mn: string): void {
    this.dataLostAt(this.mn(mn));
  }
  dataLostAt(m: PerMn): void {
    this.totals.dataLost++;
    const h = m.open;
    if (h) h.lost++;
  }
  buffered(mn: string): void {
    const h = this.openOf(mn);
    if (h) h.buffered++;
  }
  tunnelled(mn: string): void {
    const h = this.openOf(mn);
    if (h) h.tunnelled++;
  }
  signalling(mn: string, bytes: number, air: boolean): void {
    const h = this.openOf(mn);
    if (!h) return;
    if (air) h.sigAirBytes += bytes;
    else h.sigWireBytes += bytes;
  }
}
