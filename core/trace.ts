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

export type TraceRecord =
  | (Base & PacketFields & { kind: 'tx' })
  | (Base & PacketFields & { kind: 'rx' })
  | (Base & PacketFields & { kind: 'fwd'; next: NodeName })
  | (Base & PacketFields & { kind: 'encap'; peer: NodeName })
  | (Base & PacketFields & { kind: 'decap'; peer: NodeName })
  | (Base & Partial<PacketFields> & { kind: 'drop'; reason: string })
  /** The packet waits in the node's buffer (HI U flag, §5.2.1); a later `fwd` from the same node sends it. */
  | (Base & PacketFields & { kind: 'buffer'; reason: string })
  | (Base & { kind: 'l2'; trigger: string; detail?: string })
  | (Base & { kind: 'state'; machine: string; from: string; to: string; why?: string })
  | (Base & { kind: 'timer'; name: string; action: 'set' | 'fired' | 'cancelled' })
  | (Base & { kind: 'tunnel'; action: 'up' | 'down'; peer: NodeName; tunnel: string; lifetime?: number; why?: string })
  | (Base & { kind: 'move'; x: number; y: number });

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
