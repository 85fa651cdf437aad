// The packet list's search and sort (issue 9: "a packet list … as Wireshark's flow graph has"),
// DOM-free so they are tested without a page. A search is words, each of which must occur (any
// case) in the row's message label (the name and flags the ladder draws: "F-BU", "HI [S,U]"),
// its node, its ends, or an address of its IPv6 headers (the outer one and, in a tunnel, the
// inner one): "F-BU" keeps Figure 3's F-BU rows, "nar hi" the HIs to or from the nAR.
import { formatIPv6 } from '../wire/addr.ts';
import type { PacketRow } from './ladder.ts';

export type PacketSort = 'time' | 'node' | 'message';

export const SORTS: readonly { id: PacketSort; label: string }[] = [
  { id: 'time', label: 'Time' },
  { id: 'node', label: 'Node' },
  { id: 'message', label: 'Message type' },
];

/** IPv6 next header value of an encapsulated IPv6 packet (RFC 2473, the tunnels of §3.1.3, §3.3). */
const IPV6_IN_IPV6 = 41;
const HDR = 40;

/** The source and destination addresses of each IPv6 header of a packet's hex, outer first. */
export function packetAddresses(hex: string): string[] {
  const out: string[] = [];
  const b = new Uint8Array(16);
  // At most two headers deep: the lab's tunnels nest one packet in another, never more.
  for (let at = 0, depth = 0; depth < 2 && hex.length >= 2 * (at + HDR); depth++, at += HDR) {
    if (hex.slice(2 * at, 2 * at + 1) !== '6') break; // not IPv6: nothing more to read
    for (const off of [8, 24]) {
      for (let i = 0; i < 16; i++) b[i] = parseInt(hex.slice(2 * (at + off + i), 2 * (at + off + i) + 2), 16);
      out.push(formatIPv6(b));
    }
    if (parseInt(hex.slice(2 * (at + 6), 2 * (at + 6) + 2), 16) !== IPV6_IN_IPV6) break;
  }
  return out;
}

// The text a row is searched in, made once per row (a run lists thousands, searched per keystroke).
const text = new WeakMap<PacketRow, string>();
function textOf(r: PacketRow): string {
  let t = text.get(r);
  if (t === undefined) {
    t = [r.label, r.msg, r.node, r.from, r.to, ...packetAddresses(r.hex)].join(' ').toLowerCase();
    text.set(r, t);
  }
  return t;
}

/** The words of a search (empty: every row matches). */
export function searchWords(query: string): string[] {
  return query.toLowerCase().split(/\s+/).filter(Boolean);
}

/** Whether a row matches every word of the search. */
export function matches(r: PacketRow, words: readonly string[]): boolean {
  if (words.length === 0) return true;
  const t = textOf(r);
  return words.every((w) => t.includes(w));
}

/**
 * The rows to list: those matching the search, in the chosen order. Sorting by node or message
 * type groups the rows and keeps send order inside each group (so a group reads as the ladder
 * does); the input, in send order, is never changed.
 */
export function listRows(rows: readonly PacketRow[], n: number, query: string, sort: PacketSort): PacketRow[] {
  const words = searchWords(query);
  const out: PacketRow[] = [];
  for (let i = 0; i < n; i++) if (matches(rows[i]!, words)) out.push(rows[i]!);
  if (sort === 'time') return out;
  const key = sort === 'node' ? (r: PacketRow) => r.node : (r: PacketRow) => r.msg;
  // Array.prototype.sort is stable: equal keys keep their send order.
  return out.sort((a, c) => (key(a) < key(c) ? -1 : key(a) > key(c) ? 1 : 0));
}
