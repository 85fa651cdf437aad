// The trace: the engine's only output, and the only thing the UI, lessons and exports read.
// A stream of plain named records in the order events happened (ns-3 trace sources; OMNeT++
// event logs). Documented in docs/trace.md.
//
// `tx` and `rx` are a message's two ends as a ladder draws them: `tx` at the node that originates
// it, `rx` at the node it is for, both naming those two nodes in `from`/`to`. Routers in between
// add `fwd` (and `encap`/`decap` when a tunnel carries the packet).

/** Virtual time in integer microseconds. */
export type Micros = number;

export type NodeName = string;

interface Base {
  /** Virtual time, µs. */
  t: Micros;
  /** The node where the event happens. */
  node: NodeName;
}

/**
 * Why a node did what a record shows: the rule of the draft in one sentence, its section, and,
 * where the draft contradicts itself on it, the id of the item in docs/draft-inconsistencies.md
 * whose reading the lab takes. The engine records it with the event; the page never invents it.
 */
export interface Why {
  /** e.g. "the MN sent a standard NA, not an F-NA, because it already had the F-BACK". */
  text: string;
  /** e.g. "§3.1.1". */
  section: string;
  /** An item of docs/draft-inconsistencies.md, e.g. "I-12". */
  conflict?: string;
}

/** Fields shared by the records that carry a packet. */
export interface PacketFields {
  /** Packet id, unique in a run: tx, fwd, rx and drop of one packet share it. */
  pkt: number;
  /** The message as the draft names it: RtSolPr, PrRtAdv, HI, HACK, HTT, F-BU, F-BACK, F-NA, RS, RA, NS, NA, BU, BACK, DATA. */
  msg: string;
  from: NodeName;
  to: NodeName;
  /** Set flag letters, e.g. "H" or "HT". */
  flags?: string;
  code?: number;
  status?: number;
  /** The packet's bytes, lowercase hex. */
  hex: string;
  /** Why it was sent, forwarded, buffered or dropped here. */
  why?: Why;
}

/** §7 neighbor cache states as the roles set them (RFC 2461 §7.3.2's DELAY and PROBE are STALE being probed). */
export type NeighborState = 'INCOMPLETE' | 'REACHABLE' | 'STALE';

/**
 * What a tunnel record's tunnel is: `tunnel` the oAR's (or aAR's) forwarding of an address to the
 * nCoA or the nAR (§3.1.3, §3.1.5, §3.1.7); `reverse` the nAR's reverse tunnel of packets from the
 * oCoA back to the oAR (§3.1.5); `bet` the forward end of a bidirectional edge tunnel at its anchor
 * (§3.3); `bet-reverse` its radio end at the serving AR; `bicast` the aAR's copies to the old peer
 * after an early BET placement (§3.4 extreme 1).
 */
export type TunnelKind = 'tunnel' | 'reverse' | 'bet' | 'bet-reverse' | 'bicast';

export type TraceRecord =
  | (Base & PacketFields & { kind: 'tx' })
  | (Base & PacketFields & { kind: 'rx' })
  | (Base & PacketFields & { kind: 'fwd'; next: NodeName })
  | (Base & PacketFields & { kind: 'encap'; peer: NodeName })
  | (Base & PacketFields & { kind: 'decap'; peer: NodeName })
  | (Base & Partial<PacketFields> & { kind: 'drop'; reason: string })
  /** The packet waits in the node's buffer (HI U flag, §5.2.1); a later `fwd` from the same node sends it. */
  | (Base & PacketFields & { kind: 'buffer'; reason: string })
  /**
   * `link`, on L2-LD and L2-LU: the radio link that went down or came up — the mobile and the cell
   * (router or access point) at its ends — so a view can draw it without reading `detail`; on the
   * L2-ST / L2-TT of a predicted move (§3.1.2, §3.2.1 Table 1): the mobile and the cell it is about
   * to move to, so the measures know which MN's handover begins there.
   */
  | (Base & { kind: 'l2'; trigger: string; detail?: string; link?: { mn: NodeName; cell: NodeName } })
  /** A role's state machine changes phase (core/state.ts folds these into each node's machines). */
  | (Base & { kind: 'state'; machine: string; from: string; to: string; why: Why })
  | (Base & { kind: 'timer'; name: string; action: 'set' | 'fired' | 'cancelled' })
  /** The node's neighbor cache entry for `addr` (§7); `deleted` removes it. */
  | (Base & { kind: 'neighbor'; addr: string; lla: string; state: NeighborState | 'deleted'; why?: Why })
  /** The node's binding cache entry home → care-of (HA, CN; [MIPv6]); lifetime 0 deletes it, no lifetime: no expiry. */
  | (Base & { kind: 'binding'; home: string; careOf: string; lifetime?: number; expires?: Micros; why?: Why })
  /** A host route for `dest` onto the access link (§3.1.3, §5.2.2) added or removed. */
  | (Base & { kind: 'route'; action: 'add' | 'remove'; dest: string; via: string; why?: Why })
  /**
   * A tunnel's end at this node: packets to `addr` (or from it, for `reverse` and `bet-reverse`) go
   * in a tunnel to `peerAddr` (the node `peer`) until `expires` (no `expires`: until torn down).
   */
  | (Base & {
      kind: 'tunnel';
      action: 'up' | 'down';
      type: TunnelKind;
      addr: string;
      peer: NodeName;
      peerAddr: string;
      /** Seconds, as the protocol states it. */
      lifetime?: number;
      expires?: Micros;
      why?: Why;
    })
  /** The node's buffer for packets to `addr` (§5.2.1, §7): buffering on or off and its depth, after each change. */
  | (Base & { kind: 'queue'; addr: string; owner: NodeName; on: boolean; depth: number; why?: Why })
  | (Base & { kind: 'move'; x: number; y: number });

/** The kinds that change protocol or data-plane state (what core/state.ts folds). */
export const STATE_KINDS = ['state', 'neighbor', 'binding', 'route', 'tunnel', 'queue'] as const;

/**
 * A reason written the lab's usual way, "what happened (§x.y)", as a Why: the section tokens (§…,
 * RFC …, [MIPv6]) of the last parenthesis become `section`, the rest stays the text.
 */
export function whyOf(reason: string, conflict?: string): Why {
  // A trailing "[I-n]" names the docs/draft-inconsistencies.md item whose reading the lab takes.
  const m = /\s*\(([^()]*)\)\s*$/.exec(reason);
  const tok = /§\d+(?:\.\d+)*(?: step \w+)?(?: Table \d+)?|RFC \d+(?: §\d+(?:\.\d+)*)?|\[MIPv6\]/g;
  let text = reason;
  let section = '';
  const c = /\s*\[(I-\d+)\]/.exec(text);
  if (c) {
    conflict ??= c[1];
    text = text.slice(0, c.index) + text.slice(c.index + c[0].length);
  }
  reason = text;
  if (m && tok.test(m[1]!)) {
    const secs = m[1]!.match(tok)!;
    section = secs.join(', ');
    const rest = m[1]!
      .replace(tok, '')
      .split(',')
      .map((x) => x.trim())
      .filter((x) => x !== '')
      .join(', ');
    text = reason.slice(0, m.index) + (rest ? ` (${rest})` : '');
  } else {
    const secs = reason.match(tok);
    if (secs) section = secs.join(', ');
  }
  const w: Why = { text, section };
  if (conflict !== undefined) w.conflict = conflict;
  return w;
}

export type TraceKind = TraceRecord['kind'];

export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

export function fromHex(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Index of the first record after time `t` (records are in time order): a binary search. */
export function indexAfter(records: readonly TraceRecord[], t: Micros): number {
  let lo = 0;
  let hi = records.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (records[mid]!.t <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
