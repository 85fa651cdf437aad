// The per-node data plane (issue 3): each node's forwarding state lives here, in wasm memory —
// addresses, the neighbor cache with the states of §7 / RFC 2461 §7.3.2, host and prefix routes,
// RFC 2473 tunnels with a lifetime, oCoA→nCoA bindings, and a bounded per-neighbor buffer (the
// HI's U flag, §5.2.1; flushed when the F-NA arrives, §7). The TypeScript control plane edits
// the tables only through the exported functions below; `process` decides and does what happens
// to one packet. Addresses are passed in PARAMS (offset 0 and 16), the packet in PKT_IN, the
// result in PKT_OUT and the DECISION record. Nothing here allocates.
import { PKT_IN, PKT_OUT, PARAMS, PKT_SIZE } from './memory';
import {
  IP6_HEADER_LEN,
  IP6_PAYLOAD_LEN,
  IP6_NEXT_HEADER,
  IP6_HOP_LIMIT,
  IP6_SRC,
  IP6_DST,
  IP6_VER_TC_FLOW,
} from './ipv6';
import { NH_IPV6, NH_UDP } from './codepoints';
import { encapsulate } from './tunnel';
import { clearTouched, copy16, copy6, zero8 } from './mem';
import { sum16, fold } from './checksum';
import { emitPacket } from './packet';
import { UDP_CHECKSUM } from './udp';
import { D_KIND, D_TUN, D_U32A, K_DATA } from './desc';
import { ST_BAD_FIELD } from './status';

// Capacities (powers of two for the hash tables).
export const DP_NODES: i32 = 1024;
export const DP_ADDRS: i32 = 8; // addresses per node
export const DP_NEIGHBORS: i32 = 16384;
export const DP_HOST_ROUTES: i32 = 8192;
export const DP_BINDINGS: i32 = 8192;
export const DP_TUNNELS: i32 = 4096;
export const DP_PREFIX_ROUTES: i32 = 16384; // hashed by (node, length, masked prefix)
export const DP_FLOWS: i32 = 16384; // data-packet templates (the fast path)
export const DP_BUF_SLOTS: i32 = 1024;
export const DP_BUF_SLOT_SIZE: i32 = 2048;

// Neighbor states (RFC 2461 §7.3.2; §7 of the draft: INCOMPLETE until reachability is confirmed
// by an NA, an F-NA or a link-layer trigger, then REACHABLE).
export const NB_INCOMPLETE: u8 = 1;
export const NB_REACHABLE: u8 = 2;
export const NB_STALE: u8 = 3;
export const NB_DELAY: u8 = 4;
export const NB_PROBE: u8 = 5;

// Actions and drop reasons of `process`.
export const ACT_DELIVER: i32 = 1;
export const ACT_FORWARD: i32 = 2;
export const ACT_ENCAP: i32 = 3;
export const ACT_DECAP: i32 = 4;
export const ACT_BUFFER: i32 = 5;
export const ACT_DROP: i32 = 6;
export const DROP_MALFORMED: i32 = 1;
export const DROP_NO_ROUTE: i32 = 2;
export const DROP_HOP_LIMIT: i32 = 3;
export const DROP_NEIGHBOR_UNREACHABLE: i32 = 4;
export const DROP_BUFFER_FULL: i32 = 5;
export const DROP_TUNNEL_EXPIRED: i32 = 6;
export const DROP_NO_TUNNEL: i32 = 7;
export const DROP_TOO_BIG: i32 = 8;
export const DROP_NO_NODE: i32 = 9;

// The decision record, read by the wrapper after `process`:
//  0 action i32 | 4 reason i32 | 8 link i32 | 12 tunnel i32 | 16 output length i32 |
// 20 neighbor state i32 | 32 next hop (16) | 48 link-layer address (6)
export const DEC_ACTION: i32 = 0;
export const DEC_REASON: i32 = 4;
export const DEC_LINK: i32 = 8;
export const DEC_TUNNEL: i32 = 12;
export const DEC_LEN: i32 = 16;
export const DEC_NB_STATE: i32 = 20;
export const DEC_NEXT_HOP: i32 = 32;
export const DEC_LLA: i32 = 48;
const DECISION: usize = memory.data(64, 16);

// Hash-table records share a header: 0 slot state (0 empty, 1 used, 2 deleted), 2 node u16,
// 16 key (16 octets). The rest is the table's own.
const SLOT_EMPTY: u8 = 0;
const SLOT_USED: u8 = 1;
const SLOT_DELETED: u8 = 2;
const R_SLOT: i32 = 0;
const R_NODE: i32 = 2;
const R_KEY: i32 = 16;

// Node: 0 used u8, 4 address count i32, 8 bindings u16, 10 source bindings u16, 12 host routes
// u16 (a packet skips the tables where its node has nothing), 16.. addresses.
const ND_BINDINGS: i32 = 8;
const ND_SRC_BINDINGS: i32 = 10;
const ND_HOST_ROUTES: i32 = 12;
// Adds `d` to one of the node's counters.
function nodeAdd(node: i32, at: i32, d: i32): void {
  const c = NODES + <usize>(node * NODE_REC + at);
  store<u16>(c, <u16>(<i32>load<u16>(c) + d));
}
function nodeHas(node: i32, at: i32): bool {
  return load<u16>(NODES + <usize>(node * NODE_REC + at)) != 0;
}
const NODE_REC: i32 = 16 + DP_ADDRS * 16;
const NODES: usize = memory.data(DP_NODES * NODE_REC, 16);
let nodeCount: i32 = 0;
// Per node, a generation (u32) that every change to the node's tables moves on: addresses,
// neighbors (their state included), host and prefix routes, tunnels, bindings, buffers. What
// `process` decides for a packet depends only on the packet's octets, the node's tables and, for
// bindings and tunnels, whether their lifetime is over (which time only ever makes true): the
// engine keeps a data flow's FORWARD / DELIVER decision at a node while the generation holds
// (core/engine/datapath.ts forwardAt) instead of asking again for each voice packet.
const NODE_GEN: usize = memory.data(DP_NODES * 4, 16);
function bump(node: i32): void {
  if (node < 0 || node >= DP_NODES) return;
  const g = NODE_GEN + <usize>(node * 4);
  store<u32>(g, load<u32>(g) + 1);
}
/** Where the nodes' generations are (DP_NODES × u32, see NODE_GEN). */
export function nodeGenPtr(): usize {
  return NODE_GEN;
}

// Neighbor (64): 1 state, 4 link u8, 5 isRouter u8, 6 buffer capacity u8, 7 buffered u8,
// 8 LLA (6), 32 buffer head i32, 36 buffer tail i32.
const NB_REC: i32 = 64;
const NB_STATE: i32 = 1;
const NB_LINK: i32 = 4;
const NB_ROUTER: i32 = 5;
const NB_BUFCAP: i32 = 6;
const NB_BUFCOUNT: i32 = 7;
const NB_LLA: i32 = 8;
const NB_HEAD: i32 = 32;
const NB_TAIL: i32 = 36;
const NEIGHBORS: usize = memory.data(DP_NEIGHBORS * NB_REC, 16);

// Host route (48): 4 link i32, 8 tunnel i32 (-1: none), 32 next hop (all zero: on-link).
const HR_REC: i32 = 48;
const RT_LINK: i32 = 4;
const RT_TUNNEL: i32 = 8;
const RT_NEXT_HOP: i32 = 32;
const HOST_ROUTES: usize = memory.data(DP_HOST_ROUTES * HR_REC, 16);

// Binding oCoA → nCoA (48): 4 tunnel i32 (-1: to the nCoA itself), 8 expiry f64 (µs), 32 nCoA.
const BD_REC: i32 = 48;
const BD_TUNNEL: i32 = 4;
const BD_EXPIRES: i32 = 8;
const BD_NCOA: i32 = 32;
const BINDINGS: usize = memory.data(DP_BINDINGS * BD_REC, 16);

// Tunnels by (node, remote) for decapsulation (32): 4 tunnel id i32.
const TX_REC: i32 = 32;
const TX_ID: i32 = 4;
const TUNNEL_INDEX: usize = memory.data(DP_TUNNELS * 2 * TX_REC, 16);

// Tunnel (64): 0 used, 1 hop limit, 2 node u16, 8 expiry f64 (µs), 16 local, 32 remote, 48 packets u32.
const TN_REC: i32 = 64;
const TN_HOP: i32 = 1;
const TN_NODE: i32 = 2;
const TN_EXPIRES: i32 = 8;
const TN_LOCAL: i32 = 16;
const TN_REMOTE: i32 = 32;
const TN_PACKETS: i32 = 48;
const TUNNELS: usize = memory.data(DP_TUNNELS * TN_REC, 16);

// Prefix route (48): 0 slot state, 1 prefix length, 2 node u16, 4 link i32, 8 tunnel i32,
// 16 prefix (masked to its length), 32 next hop. An open-addressing table keyed by (node,
// length, masked prefix): the longest-prefix match probes once per prefix length in use, longest
// first (a campus has 100 routers × 100 prefixes; a scan would cost 10,000 compares a packet).
const PR_REC: i32 = 48;
const PR_PLEN: i32 = 1;
const PREFIX_ROUTES: usize = memory.data(DP_PREFIX_ROUTES * PR_REC, 16);
// Routes per prefix length (129 × i32), and the lengths in use, longest first.
const PLEN_COUNT: usize = memory.data(129 * 4, 16);
const PLEN_LIST: usize = memory.data(132, 16);
let plenUsed: i32 = 0;
const MASKED: usize = memory.data(16, 16);
const ZERO16: usize = memory.data(16, 16);

// Source bindings (48, the binding record): packets the node forwards FROM this address go into
// `tunnel` (the nAR's reverse tunnel of §3.1.5: "the nAR MUST tunnel packets from the MN with the
// source address being oCoA back to oAR").
const SRC_BINDINGS: usize = memory.data(DP_BINDINGS * 48, 16);
// Whether the packet being processed came from the access link (the MN) — the only packets a
// source binding takes: §3.1.5 "tunnel packets from the MN"; a packet out of a tunnel or from the
// wired side is routed to its destination (§3.3: the oAR "MUST de-tunnel the packets and MUST
// route them to the original destination address"), never put back into a reverse tunnel, which
// would send it straight back to where it came from (§6.1.2 circular tunnels). On by default.
let fromAccess: bool = true;

// Flow templates (64): 0..47 the IPv6 and UDP headers of a data packet with sequence number 0
// and checksum 0, 48 the folded one's-complement sum of its pseudo-header and UDP header (the
// zero payload adds nothing), 52 the packet length (0: no template).
const FLOW_REC: i32 = 64;
const FL_SUM: i32 = 48;
const FL_LEN: i32 = 52;
const FLOWS: usize = memory.data(DP_FLOWS * FLOW_REC, 16);

// Buffer slots: 0 next i32, 4 length i32, 8 packet.
const BUF_NEXT: i32 = 0;
const BUF_LEN: i32 = 4;
const BUF_DATA: i32 = 8;
const BUFFERS: usize = memory.data(DP_BUF_SLOTS * DP_BUF_SLOT_SIZE, 16);
// Returned slots are a free list (bufFree); slots from bufNext on were never used. Threading the
// list through all 1,024 slots up front would make their 2 MB resident in every instance.
let bufFree: i32 = -1;
let bufNext: i32 = 0;

// ---- hash tables --------------------------------------------------------------------------

function hash(node: i32, key: usize): u32 {
  let h: u32 = <u32>node * 0x9e3779b1;
  h = (h ^ load<u32>(key)) * 0x85ebca6b;
  h = (h ^ load<u32>(key, 4)) * 0xc2b2ae35;
  h = (h ^ load<u32>(key, 8)) * 0x85ebca6b;
  h = (h ^ load<u32>(key, 12)) * 0xc2b2ae35;
  return h ^ (h >> 15);
}
function keyEq(a: usize, b: usize): bool {
  return load<u64>(a) == load<u64>(b) && load<u64>(a, 8) == load<u64>(b, 8);
}
// Slot of (node, key), or -1.
function tFind(base: usize, cap: i32, rec: i32, node: i32, key: usize): i32 {
  let i = <i32>(hash(node, key) & (<u32>(cap - 1)));
  for (let n = 0; n < cap; n++) {
    const r = base + <usize>(i * rec);
    const s = load<u8>(r + R_SLOT);
    if (s == SLOT_EMPTY) return -1;
    if (s == SLOT_USED && <i32>load<u16>(r + R_NODE) == node && keyEq(r + R_KEY, key)) return i;
    i = (i + 1) & (cap - 1);
  }
  return -1;
}
// Slot of (node, key), inserting it (zeroed) when absent; -1 when the table is full.
function tInsert(base: usize, cap: i32, rec: i32, node: i32, key: usize): i32 {
  const found = tFind(base, cap, rec, node, key);
  if (found >= 0) return found;
  let i = <i32>(hash(node, key) & (<u32>(cap - 1)));
  for (let n = 0; n < cap; n++) {
    const r = base + <usize>(i * rec);
    if (load<u8>(r + R_SLOT) != SLOT_USED) {
      zero8(r, rec);
      store<u8>(r + R_SLOT, SLOT_USED);
      store<u16>(r + R_NODE, <u16>node);
      copy16(r + R_KEY, key);
      return i;
    }
    i = (i + 1) & (cap - 1);
  }
  return -1;
}
// Removes (node, key) by backward-shift deletion (linear probing without tombstones): the
// records after it in its probe run move back into the hole when their home slot allows it, so
// a miss still stops at the first empty slot however many entries came and went (a campus makes
// and deletes neighbor entries, bindings and host routes at every handover).
function tRemove(base: usize, cap: i32, rec: i32, node: i32, key: usize): bool {
  let i = tFind(base, cap, rec, node, key);
  if (i < 0) return false;
  const mask = cap - 1;
  let j = i;
  for (;;) {
    j = (j + 1) & mask;
    const r = base + <usize>(j * rec);
    if (load<u8>(r + R_SLOT) != SLOT_USED) break;
    const home = <i32>(hash(<i32>load<u16>(r + R_NODE), r + R_KEY) & (<u32>mask));
    // j's record may fill the hole at i unless its home lies cyclically in (i, j].
    const stays = i <= j ? home > i && home <= j : home > i || home <= j;
    if (stays) continue;
    memory.copy(base + <usize>(i * rec), r, rec);
    i = j;
  }
  store<u8>(base + <usize>(i * rec) + R_SLOT, SLOT_EMPTY);
  return true;
}

// ---- buffers -------------------------------------------------------------------------------

function bufInit(): void {
  bufFree = -1;
  bufNext = 0;
}
function slot(i: i32): usize {
  return BUFFERS + <usize>(i * DP_BUF_SLOT_SIZE);
}
function nbFreeBuffers(r: usize): void {
  let i = load<i32>(r + NB_HEAD);
  while (i >= 0) {
    const next = load<i32>(slot(i) + BUF_NEXT);
    store<i32>(slot(i) + BUF_NEXT, bufFree);
    bufFree = i;
    i = next;
  }
  store<i32>(r + NB_HEAD, -1);
  store<i32>(r + NB_TAIL, -1);
  store<u8>(r + NB_BUFCOUNT, 0);
}

// ---- control plane -------------------------------------------------------------------------

/** Empties every table (only the pages in use are written: clearTouched). */
export function dpReset(): void {
  clearTouched(NODES, DP_NODES * NODE_REC);
  clearTouched(NEIGHBORS, DP_NEIGHBORS * NB_REC);
  clearTouched(HOST_ROUTES, DP_HOST_ROUTES * HR_REC);
  clearTouched(BINDINGS, DP_BINDINGS * BD_REC);
  clearTouched(TUNNEL_INDEX, DP_TUNNELS * 2 * TX_REC);
  clearTouched(TUNNELS, DP_TUNNELS * TN_REC);
  clearTouched(PREFIX_ROUTES, DP_PREFIX_ROUTES * PR_REC);
  memory.fill(PLEN_COUNT, 0, 129 * 4);
  clearTouched(SRC_BINDINGS, DP_BINDINGS * BD_REC);
  clearTouched(FLOWS, DP_FLOWS * FLOW_REC);
  plenUsed = 0;
  nodeCount = 0;
  fromAccess = true;
  bufInit();
  // moved on, not zeroed: a decision kept from before the reset can never match again
  for (let n = 0; n < DP_NODES; n++) bump(n);
}

/** Whether the next packets processed came from the access link (source bindings apply only then). */
export function setFromAccess(on: i32): void {
  fromAccess = on != 0;
}

function validNode(node: i32): bool {
  return node >= 0 && node < nodeCount;
}

/** A new node; returns its id or -1 when all DP_NODES are taken. */
export function nodeCreate(): i32 {
  if (bufFree < 0 && nodeCount == 0) bufInit();
  if (nodeCount >= DP_NODES) return -1;
  return nodeCount++;
}

/** Adds the address at PARAMS to the node; 0, or -1 when full / bad node. */
export function nodeAddAddress(node: i32): i32 {
  bump(node);
  if (!validNode(node)) return -1;
  const n = NODES + <usize>(node * NODE_REC);
  const count = load<i32>(n + 4);
  for (let i = 0; i < count; i++) if (keyEq(n + 16 + <usize>(i * 16), PARAMS)) return 0;
  if (count >= DP_ADDRS) return -1;
  memory.copy(n + 16 + <usize>(count * 16), PARAMS, 16);
  store<i32>(n + 4, count + 1);
  return 0;
}
/** Removes the address at PARAMS from the node; 1 if it was there. */
export function nodeRemoveAddress(node: i32): i32 {
  bump(node);
  if (!validNode(node)) return 0;
  const n = NODES + <usize>(node * NODE_REC);
  const count = load<i32>(n + 4);
  for (let i = 0; i < count; i++) {
    const a = n + 16 + <usize>(i * 16);
    if (keyEq(a, PARAMS)) {
      memory.copy(a, n + 16 + <usize>((count - 1) * 16), 16);
      store<i32>(n + 4, count - 1);
      return 1;
    }
  }
  return 0;
}
function isLocal(node: i32, addr: usize): bool {
  const n = NODES + <usize>(node * NODE_REC);
  const count = load<i32>(n + 4);
  for (let i = 0; i < count; i++) if (keyEq(n + 16 + <usize>(i * 16), addr)) return true;
  return false;
}

/**
 * Creates or updates the neighbor entry for the address at PARAMS (LLA at PARAMS+16): state,
 * link, IsRouter, buffer capacity (0: no buffering). Moving to REACHABLE/STALE/DELAY/PROBE keeps
 * any buffered packets for `bufferPop` (§7: "It sends any packet queued for the neighbor").
 * Returns 0, or -1 when the table is full.
 */
export function nbSet(node: i32, state: i32, link: i32, isRouter: i32, bufCap: i32): i32 {
  bump(node);
  if (!validNode(node) || state < <i32>NB_INCOMPLETE || state > <i32>NB_PROBE) return -1;
  const existed = tFind(NEIGHBORS, DP_NEIGHBORS, NB_REC, node, PARAMS) >= 0;
  const i = tInsert(NEIGHBORS, DP_NEIGHBORS, NB_REC, node, PARAMS);
  if (i < 0) return -1;
  const r = NEIGHBORS + <usize>(i * NB_REC);
  if (!existed) {
    store<i32>(r + NB_HEAD, -1);
    store<i32>(r + NB_TAIL, -1);
  }
  store<u8>(r + NB_STATE, <u8>state);
  store<u8>(r + NB_LINK, <u8>link);
  store<u8>(r + NB_ROUTER, isRouter ? 1 : 0);
  store<u8>(r + NB_BUFCAP, <u8>min<i32>(max<i32>(bufCap, 0), 255));
  memory.copy(r + NB_LLA, PARAMS + 16, 6);
  return 0;
}
/** The state of the neighbor at PARAMS, 0 when there is no entry. */
export function nbState(node: i32): i32 {
  const i = tFind(NEIGHBORS, DP_NEIGHBORS, NB_REC, node, PARAMS);
  return i < 0 ? 0 : <i32>load<u8>(NEIGHBORS + <usize>(i * NB_REC) + NB_STATE);
}
/** Packets buffered for the neighbor at PARAMS. */
export function nbBuffered(node: i32): i32 {
  const i = tFind(NEIGHBORS, DP_NEIGHBORS, NB_REC, node, PARAMS);
  return i < 0 ? 0 : <i32>load<u8>(NEIGHBORS + <usize>(i * NB_REC) + NB_BUFCOUNT);
}
/** Deletes the neighbor at PARAMS (its buffered packets are dropped); 1 if it existed. */
export function nbRemove(node: i32): i32 {
  bump(node);
  const i = tFind(NEIGHBORS, DP_NEIGHBORS, NB_REC, node, PARAMS);
  if (i < 0) return 0;
  nbFreeBuffers(NEIGHBORS + <usize>(i * NB_REC));
  tRemove(NEIGHBORS, DP_NEIGHBORS, NB_REC, node, PARAMS);
  return 1;
}
/** Moves the oldest packet buffered for the neighbor at PARAMS to PKT_OUT; its length or -1. */
export function bufferPop(node: i32): i32 {
  bump(node);
  const i = tFind(NEIGHBORS, DP_NEIGHBORS, NB_REC, node, PARAMS);
  if (i < 0) return -1;
  const r = NEIGHBORS + <usize>(i * NB_REC);
  const h = load<i32>(r + NB_HEAD);
  if (h < 0) return -1;
  const s = slot(h);
  const len = load<i32>(s + BUF_LEN);
  memory.copy(PKT_OUT, s + BUF_DATA, len);
  const next = load<i32>(s + BUF_NEXT);
  store<i32>(r + NB_HEAD, next);
  if (next < 0) store<i32>(r + NB_TAIL, -1);
  store<u8>(r + NB_BUFCOUNT, load<u8>(r + NB_BUFCOUNT) - 1);
  store<i32>(s + BUF_NEXT, bufFree);
  bufFree = h;
  return len;
}

/** Host route to the address at PARAMS via next hop PARAMS+16 (:: = on-link) on `link`, or into `tunnel` (>= 0). */
export function hostRouteSet(node: i32, link: i32, tunnel: i32): i32 {
  bump(node);
  if (!validNode(node)) return -1;
  const existed = tFind(HOST_ROUTES, DP_HOST_ROUTES, HR_REC, node, PARAMS) >= 0;
  const i = tInsert(HOST_ROUTES, DP_HOST_ROUTES, HR_REC, node, PARAMS);
  if (i < 0) return -1;
  if (!existed) nodeAdd(node, ND_HOST_ROUTES, 1);
  const r = HOST_ROUTES + <usize>(i * HR_REC);
  store<i32>(r + RT_LINK, link);
  store<i32>(r + RT_TUNNEL, tunnel);
  memory.copy(r + RT_NEXT_HOP, PARAMS + 16, 16);
  return 0;
}
export function hostRouteRemove(node: i32): i32 {
  bump(node);
  if (!tRemove(HOST_ROUTES, DP_HOST_ROUTES, HR_REC, node, PARAMS)) return 0;
  nodeAdd(node, ND_HOST_ROUTES, -1);
  return 1;
}

// The prefix at `src` masked to `plen` bits, into `dst`.
function maskTo(dst: usize, src: usize, plen: i32): void {
  for (let i = 0; i < 16; i++) {
    const bits = plen - i * 8;
    const m: i32 = bits >= 8 ? 0xff : bits <= 0 ? 0 : (0xff << (8 - bits)) & 0xff;
    store<u8>(dst + <usize>i, <u8>((<i32>load<u8>(src + <usize>i)) & m));
  }
}
// Slot of the prefix route (node, plen, masked key), or -1 (-2 - free slot when absent and `insert`).
function pFind(node: i32, plen: i32, key: usize, insert: bool): i32 {
  const mask = <u32>(DP_PREFIX_ROUTES - 1);
  let i = <i32>(hash(node * 131 + plen, key) & mask);
  let free = -1;
  for (let n = 0; n < DP_PREFIX_ROUTES; n++) {
    const r = PREFIX_ROUTES + <usize>(i * PR_REC);
    const st = load<u8>(r + R_SLOT);
    if (st == SLOT_EMPTY) return insert ? -2 - (free >= 0 ? free : i) : -1;
    if (st == SLOT_USED) {
      if (<i32>load<u16>(r + R_NODE) == node && <i32>load<u8>(r + PR_PLEN) == plen && keyEq(r + R_KEY, key)) return i;
    } else if (free < 0) free = i;
    i = <i32>((<u32>(i + 1)) & mask);
  }
  return insert && free >= 0 ? -2 - free : -1;
}
function plenRebuild(): void {
  plenUsed = 0;
  for (let l = 128; l >= 0; l--)
    if (load<i32>(PLEN_COUNT + <usize>(l * 4)) > 0) {
      store<u8>(PLEN_LIST + <usize>plenUsed, <u8>l);
      plenUsed++;
    }
}

/** Prefix route PARAMS/plen via next hop PARAMS+16 (:: = on-link) on `link`, or into `tunnel`. */
export function prefixRouteSet(node: i32, plen: i32, link: i32, tunnel: i32): i32 {
  bump(node);
  if (!validNode(node) || plen < 0 || plen > 128) return -1;
  maskTo(MASKED, PARAMS, plen);
  let i = pFind(node, plen, MASKED, true);
  if (i == -1) return -1;
  if (i < 0) {
    i = -2 - i;
    const c = PLEN_COUNT + <usize>(plen * 4);
    store<i32>(c, load<i32>(c) + 1);
    if (load<i32>(c) == 1) plenRebuild();
  }
  const r = PREFIX_ROUTES + <usize>(i * PR_REC);
  store<u8>(r + R_SLOT, SLOT_USED);
  store<u8>(r + PR_PLEN, <u8>plen);
  store<u16>(r + R_NODE, <u16>node);
  store<i32>(r + RT_LINK, link);
  store<i32>(r + RT_TUNNEL, tunnel);
  copy16(r + R_KEY, MASKED);
  copy16(r + RT_NEXT_HOP, PARAMS + 16);
  return 0;
}
export function prefixRouteRemove(node: i32, plen: i32): i32 {
  bump(node);
  if (plen < 0 || plen > 128) return 0;
  maskTo(MASKED, PARAMS, plen);
  const i = pFind(node, plen, MASKED, false);
  if (i < 0) return 0;
  store<u8>(PREFIX_ROUTES + <usize>(i * PR_REC) + R_SLOT, SLOT_DELETED);
  const c = PLEN_COUNT + <usize>(plen * 4);
  store<i32>(c, load<i32>(c) - 1);
  if (load<i32>(c) == 0) plenRebuild();
  return 1;
}
/** A tunnel from PARAMS (local) to PARAMS+16 (remote); returns its id or -1. */
export function tunnelAdd(node: i32, hopLimit: i32, expiresUs: f64): i32 {
  bump(node);
  if (!validNode(node)) return -1;
  for (let id = 0; id < DP_TUNNELS; id++) {
    const t = TUNNELS + <usize>(id * TN_REC);
    if (load<u8>(t) != 0) continue;
    const x = tInsert(TUNNEL_INDEX, DP_TUNNELS * 2, TX_REC, node, PARAMS + 16);
    if (x < 0) return -1;
    store<i32>(TUNNEL_INDEX + <usize>(x * TX_REC) + TX_ID, id);
    memory.fill(t, 0, TN_REC);
    store<u8>(t, 1);
    store<u8>(t + TN_HOP, <u8>hopLimit);
    store<u16>(t + TN_NODE, <u16>node);
    store<f64>(t + TN_EXPIRES, expiresUs);
    memory.copy(t + TN_LOCAL, PARAMS, 16);
    memory.copy(t + TN_REMOTE, PARAMS + 16, 16);
    return id;
  }
  return -1;
}
function validTunnel(id: i32): bool {
  return id >= 0 && id < DP_TUNNELS && load<u8>(TUNNELS + <usize>(id * TN_REC)) != 0;
}
/** New expiry (µs; Infinity for none, §3.4.1 renewal); 0 or -1 for an unknown tunnel. */
export function tunnelSetExpiry(id: i32, expiresUs: f64): i32 {
  if (!validTunnel(id)) return -1;
  bump(<i32>load<u16>(TUNNELS + <usize>(id * TN_REC) + TN_NODE));
  store<f64>(TUNNELS + <usize>(id * TN_REC) + TN_EXPIRES, expiresUs);
  return 0;
}
export function tunnelRemove(id: i32): i32 {
  if (!validTunnel(id)) return 0;
  const t = TUNNELS + <usize>(id * TN_REC);
  bump(<i32>load<u16>(t + TN_NODE));
  tRemove(TUNNEL_INDEX, DP_TUNNELS * 2, TX_REC, <i32>load<u16>(t + TN_NODE), t + TN_REMOTE);
  store<u8>(t, 0);
  return 1;
}
/** Packets that went into or out of the tunnel. */
export function tunnelPackets(id: i32): i32 {
  return validTunnel(id) ? <i32>load<u32>(TUNNELS + <usize>(id * TN_REC) + TN_PACKETS) : -1;
}

/** Binding oCoA (PARAMS) → nCoA (PARAMS+16): packets to the oCoA go into `tunnel`, or (-1) are encapsulated to the nCoA. */
export function bindingSet(node: i32, tunnel: i32, expiresUs: f64): i32 {
  bump(node);
  if (!validNode(node)) return -1;
  const existed = tFind(BINDINGS, DP_BINDINGS, BD_REC, node, PARAMS) >= 0;
  const i = tInsert(BINDINGS, DP_BINDINGS, BD_REC, node, PARAMS);
  if (i < 0) return -1;
  if (!existed) nodeAdd(node, ND_BINDINGS, 1);
  const r = BINDINGS + <usize>(i * BD_REC);
  store<i32>(r + BD_TUNNEL, tunnel);
  store<f64>(r + BD_EXPIRES, expiresUs);
  memory.copy(r + BD_NCOA, PARAMS + 16, 16);
  return 0;
}
export function bindingRemove(node: i32): i32 {
  bump(node);
  if (!tRemove(BINDINGS, DP_BINDINGS, BD_REC, node, PARAMS)) return 0;
  nodeAdd(node, ND_BINDINGS, -1);
  return 1;
}

/** Source binding: packets the node forwards from the address at PARAMS go into `tunnel` until `expiresUs` (§3.1.5). */
export function srcBindingSet(node: i32, tunnel: i32, expiresUs: f64): i32 {
  bump(node);
  if (!validNode(node)) return -1;
  const existed = tFind(SRC_BINDINGS, DP_BINDINGS, BD_REC, node, PARAMS) >= 0;
  const i = tInsert(SRC_BINDINGS, DP_BINDINGS, BD_REC, node, PARAMS);
  if (i < 0) return -1;
  if (!existed) nodeAdd(node, ND_SRC_BINDINGS, 1);
  const r = SRC_BINDINGS + <usize>(i * BD_REC);
  store<i32>(r + BD_TUNNEL, tunnel);
  store<f64>(r + BD_EXPIRES, expiresUs);
  return 0;
}
export function srcBindingRemove(node: i32): i32 {
  bump(node);
  if (!tRemove(SRC_BINDINGS, DP_BINDINGS, BD_REC, node, PARAMS)) return 0;
  nodeAdd(node, ND_SRC_BINDINGS, -1);
  return 1;
}

/** The neighbor at PARAMS: its state (0 when there is no entry), its link-layer address copied to PARAMS+16. */
export function nbLla(node: i32): i32 {
  const i = tFind(NEIGHBORS, DP_NEIGHBORS, NB_REC, node, PARAMS);
  if (i < 0) return 0;
  const r = NEIGHBORS + <usize>(i * NB_REC);
  copy6(PARAMS + 16, r + NB_LLA);
  return <i32>load<u8>(r + NB_STATE);
}

/**
 * A packet in PKT_IN arrived at `node` on `link` from the link-layer address llaHi:llaLo (the
 * first four octets, then the last two): learn its source as a neighbor when the source is on an
 * on-link prefix of that link. Returns -1 when not learned (unspecified or off-link source), 2
 * when the entry is INCOMPLETE (§7: it stays so until an NA, F-NA or link-layer trigger confirms
 * the MN), 1 when the entry was created or changed to REACHABLE with this address, 0 when it was
 * already so.
 */
export function nbLearn(node: i32, link: i32, llaHi: u32, llaLo: u32): i32 {
  return nbLearnAt(node, link, llaHi, llaLo, PKT_IN);
}
/** `nbLearn` for the packet at `pkt` (a slot of the engine's POOL). */
export function nbLearnAt(node: i32, link: i32, llaHi: u32, llaLo: u32, pkt: usize): i32 {
  if (!validNode(node)) return -1;
  const src = pkt + IP6_SRC;
  if (isZero(src)) return -1;
  const rt = prefixRoute(node, src);
  if (rt == 0 || load<i32>(rt + RT_TUNNEL) >= 0 || !isZero(rt + RT_NEXT_HOP) || load<i32>(rt + RT_LINK) != link)
    return -1;
  const hi = bswap<u32>(llaHi);
  const lo = bswap<u16>(<u16>llaLo);
  let i = tFind(NEIGHBORS, DP_NEIGHBORS, NB_REC, node, src);
  if (i >= 0) {
    const nb = NEIGHBORS + <usize>(i * NB_REC);
    const st = load<u8>(nb + NB_STATE);
    if (st == NB_INCOMPLETE) return 2;
    if (st == NB_REACHABLE && load<u32>(nb + NB_LLA) == hi && load<u16>(nb + NB_LLA + 4) == lo) return 0;
  } else {
    i = tInsert(NEIGHBORS, DP_NEIGHBORS, NB_REC, node, src);
    if (i < 0) return -1;
    const nb = NEIGHBORS + <usize>(i * NB_REC);
    store<i32>(nb + NB_HEAD, -1);
    store<i32>(nb + NB_TAIL, -1);
  }
  bump(node);
  const nb = NEIGHBORS + <usize>(i * NB_REC);
  store<u8>(nb + NB_STATE, NB_REACHABLE);
  store<u8>(nb + NB_LINK, <u8>link);
  store<u32>(nb + NB_LLA, hi);
  store<u16>(nb + NB_LLA + 4, lo);
  return 1;
}

// ---- table scans (the engine's live state: tests and state views read it, packets never do) -----

export const TB_NEIGHBORS: i32 = 1;
export const TB_HOST_ROUTES: i32 = 2;
export const TB_BINDINGS: i32 = 3;
export const TB_SRC_BINDINGS: i32 = 4;

/**
 * The first record of `node` in table `table` (TB_*) at slot `from` or after: returns its slot (scan
 * on from slot + 1), or -1 when there is none. Writes the record to PARAMS: 0 its key (the address),
 * 16 a second address (neighbor: its link-layer address, 6 octets; host route: next hop; binding:
 * the nCoA), then i32s at 32 (neighbor: state; host route: link; bindings: tunnel), 36 (neighbor:
 * link; host route: tunnel), 40 (neighbor: buffer capacity), 44 (neighbor: packets buffered) and
 * the expiry f64 at 48 (bindings, µs).
 */
export function dpScan(table: i32, node: i32, from: i32): i32 {
  // Set by the branch below (AssemblyScript zero-initialises locals).
  let base: usize;
  let cap: i32;
  let rec: i32;
  if (table == TB_NEIGHBORS) {
    base = NEIGHBORS;
    cap = DP_NEIGHBORS;
    rec = NB_REC;
  } else if (table == TB_HOST_ROUTES) {
    base = HOST_ROUTES;
    cap = DP_HOST_ROUTES;
    rec = HR_REC;
  } else if (table == TB_BINDINGS) {
    base = BINDINGS;
    cap = DP_BINDINGS;
    rec = BD_REC;
  } else if (table == TB_SRC_BINDINGS) {
    base = SRC_BINDINGS;
    cap = DP_BINDINGS;
    rec = BD_REC;
  } else return -1;
  for (let i = max<i32>(from, 0); i < cap; i++) {
    const r = base + <usize>(i * rec);
    if (load<u8>(r + R_SLOT) != SLOT_USED || <i32>load<u16>(r + R_NODE) != node) continue;
    memory.fill(PARAMS, 0, 56);
    copy16(PARAMS, r + R_KEY);
    if (table == TB_NEIGHBORS) {
      copy6(PARAMS + 16, r + NB_LLA);
      store<i32>(PARAMS + 32, <i32>load<u8>(r + NB_STATE));
      store<i32>(PARAMS + 36, <i32>load<u8>(r + NB_LINK));
      store<i32>(PARAMS + 40, <i32>load<u8>(r + NB_BUFCAP));
      store<i32>(PARAMS + 44, <i32>load<u8>(r + NB_BUFCOUNT));
    } else if (table == TB_HOST_ROUTES) {
      copy16(PARAMS + 16, r + RT_NEXT_HOP);
      store<i32>(PARAMS + 32, load<i32>(r + RT_LINK));
      store<i32>(PARAMS + 36, load<i32>(r + RT_TUNNEL));
    } else {
      if (table == TB_BINDINGS) copy16(PARAMS + 16, r + BD_NCOA);
      store<i32>(PARAMS + 32, load<i32>(r + BD_TUNNEL));
      store<f64>(PARAMS + 48, load<f64>(r + BD_EXPIRES));
    }
    return i;
  }
  return -1;
}

/** Tunnel `id`: writes its local address to PARAMS, its remote to PARAMS+16, its expiry (f64) to PARAMS+48; returns its node or -1. */
export function tunnelInfo(id: i32): i32 {
  if (!validTunnel(id)) return -1;
  const t = TUNNELS + <usize>(id * TN_REC);
  copy16(PARAMS, t + TN_LOCAL);
  copy16(PARAMS + 16, t + TN_REMOTE);
  store<f64>(PARAMS + 48, load<f64>(t + TN_EXPIRES));
  return <i32>load<u16>(t + TN_NODE);
}

// ---- the fast path for data packets ---------------------------------------------------------

/**
 * Stores the DATA message described in PARAMS (no tunnel stack) as the template of flow `flow`:
 * its addresses, ports, hop limit and payload length. Returns the packet length, or -status.
 */
export function flowSet(flow: i32): i32 {
  if (flow < 0 || flow >= DP_FLOWS) return -ST_BAD_FIELD;
  if (load<u8>(PARAMS + D_KIND) != K_DATA || load<u8>(PARAMS + D_TUN) != 0) return -ST_BAD_FIELD;
  store<u32>(PARAMS + D_U32A, 0);
  const n = emitPacket(PKT_OUT, PKT_SIZE, PARAMS);
  if (n < 0) return n;
  const f = FLOWS + <usize>(flow * FLOW_REC);
  for (let i = 0; i < 48; i += 8) store<u64>(f + <usize>i, load<u64>(PKT_OUT + <usize>i));
  store<u16>(f + IP6_HEADER_LEN + UDP_CHECKSUM, 0);
  // RFC 2460 §8.1 pseudo-header (addresses, upper-layer length, next header) + the UDP header.
  const ulen = <u64>(n - IP6_HEADER_LEN);
  const acc =
    sum16(f + IP6_SRC, 32, 0) + (ulen >> 16) + (ulen & 0xffff) + <u64>NH_UDP + sum16(f + IP6_HEADER_LEN, 8, 0);
  store<u32>(f + FL_SUM, <u32>fold(acc));
  store<i32>(f + FL_LEN, n);
  return n;
}

/**
 * Builds flow `flow`'s data packet with sequence number `seq` into PKT_IN, ready for `process`:
 * the template's headers, the sequence number, a zero payload and the UDP checksum updated from
 * the template's sum (RFC 1624: only the sequence number's two words change). Writes every octet;
 * returns the length, or -1 when the flow has no template.
 */
export function flowEmit(flow: i32, seq: u32): i32 {
  return flowEmitTo(flow, seq, PKT_IN, PKT_SIZE);
}
/** `flowEmit` into `room` octets at `out` (a slot of the engine's POOL); -1 also when it does not fit. */
export function flowEmitTo(flow: i32, seq: u32, out: usize, room: i32): i32 {
  if (flow < 0 || flow >= DP_FLOWS) return -1;
  const f = FLOWS + <usize>(flow * FLOW_REC);
  const len = load<i32>(f + FL_LEN);
  if (len == 0 || len > room) return -1;
  for (let i = 0; i < 48; i += 8) store<u64>(out + <usize>i, load<u64>(f + <usize>i));
  store<u32>(out + 48, bswap<u32>(seq));
  store<u32>(out + 52, 0);
  // the zero payload after the sequence number, 8 octets at a time then the tail
  let i = 56;
  for (; i + 8 <= len; i += 8) store<u64>(out + <usize>i, 0);
  for (; i < len; i++) store<u8>(out + <usize>i, 0);
  let ck = ~fold(<u64>load<u32>(f + FL_SUM) + <u64>(seq >> 16) + <u64>(seq & 0xffff));
  if (ck == 0) ck = 0xffff; // RFC 768: a computed 0 is sent as all ones
  store<u16>(out + IP6_HEADER_LEN + UDP_CHECKSUM, bswap<u16>(ck));
  return len;
}

/**
 * `process` for the packet of `len` octets at `pkt`, a slot of `room` octets of the engine's
 * POOL, read in place: the packet it becomes (forward: its hop limit; encap, decap: the whole
 * packet) is written back into the slot when it fits (else it stays in PKT_OUT; the decision's
 * length says which). One call per hop, no copy through JavaScript.
 */
export function processSlot(node: i32, nowUs: f64, pkt: usize, len: i32, room: i32): i32 {
  if (len < 0 || len > room) return process(node, nowUs, -1);
  const act = processAt(pkt, node, nowUs, len);
  // A forwarded packet is the same octets with the hop limit one less: write just that octet.
  if (act == ACT_FORWARD) store<u8>(pkt + IP6_HOP_LIMIT, load<u8>(PKT_OUT + IP6_HOP_LIMIT));
  else if (act == ACT_ENCAP || act == ACT_DECAP) {
    const n = load<i32>(DECISION + DEC_LEN);
    if (n <= room) memory.copy(pkt, PKT_OUT, n);
  }
  return act;
}

// ---- forwarding ----------------------------------------------------------------------------

export function decisionPtr(): usize {
  return DECISION;
}

function decide(action: i32, reason: i32): i32 {
  store<i32>(DECISION + DEC_ACTION, action);
  store<i32>(DECISION + DEC_REASON, reason);
  return action;
}

// The longest matching prefix route of `node` for `dst`, or 0.
function prefixRoute(node: i32, dst: usize): usize {
  for (let k = 0; k < plenUsed; k++) {
    const plen = <i32>load<u8>(PLEN_LIST + <usize>k);
    maskTo(MASKED, dst, plen);
    const i = pFind(node, plen, MASKED, false);
    if (i >= 0) return PREFIX_ROUTES + <usize>(i * PR_REC);
  }
  return 0;
}
// Route lookup for `dst`: host route, then the longest matching prefix. Returns the record or 0.
function route(node: i32, dst: usize): usize {
  const i = nodeHas(node, ND_HOST_ROUTES) ? tFind(HOST_ROUTES, DP_HOST_ROUTES, HR_REC, node, dst) : -1;
  if (i >= 0) return HOST_ROUTES + <usize>(i * HR_REC);
  return prefixRoute(node, dst);
}

function isZero(a: usize): bool {
  return load<u64>(a) == 0 && load<u64>(a, 8) == 0;
}

// The packet of `len` octets in PKT_OUT leaves on the route for its destination `dst`: find the
// next hop and its neighbor entry; forward, buffer or drop. `action` is what to report on
// success (forward or encap).
function sendOut(node: i32, dst: usize, len: i32, action: i32, now: f64): i32 {
  const r = route(node, dst);
  if (r == 0) return decide(ACT_DROP, DROP_NO_ROUTE);
  const tid = load<i32>(r + RT_TUNNEL);
  if (tid >= 0 && action == ACT_FORWARD) return intoTunnel(node, tid, len, now);
  const nh = isZero(r + RT_NEXT_HOP) ? dst : r + RT_NEXT_HOP;
  store<i32>(DECISION + DEC_LINK, load<i32>(r + RT_LINK));
  copy16(DECISION + DEC_NEXT_HOP, nh);
  const i = tFind(NEIGHBORS, DP_NEIGHBORS, NB_REC, node, nh);
  if (i < 0) return decide(ACT_DROP, DROP_NEIGHBOR_UNREACHABLE);
  const nb = NEIGHBORS + <usize>(i * NB_REC);
  const state = load<u8>(nb + NB_STATE);
  store<i32>(DECISION + DEC_NB_STATE, state);
  copy6(DECISION + DEC_LLA, nb + NB_LLA);
  if (state == NB_INCOMPLETE) {
    // §7: the entry waits for the MN (HI with U: buffer, bounded per neighbor).
    const cap = <i32>load<u8>(nb + NB_BUFCAP);
    if (cap == 0) return decide(ACT_DROP, DROP_NEIGHBOR_UNREACHABLE);
    if (<i32>load<u8>(nb + NB_BUFCOUNT) >= cap || (bufFree < 0 && bufNext >= DP_BUF_SLOTS))
      return decide(ACT_DROP, DROP_BUFFER_FULL);
    if (len > DP_BUF_SLOT_SIZE - BUF_DATA) return decide(ACT_DROP, DROP_TOO_BIG);
    bump(node);
    const b = bufFree >= 0 ? bufFree : bufNext++;
    const s = slot(b);
    if (b == bufFree) bufFree = load<i32>(s + BUF_NEXT);
    store<i32>(s + BUF_NEXT, -1);
    store<i32>(s + BUF_LEN, len);
    memory.copy(s + BUF_DATA, PKT_OUT, len);
    const tail = load<i32>(nb + NB_TAIL);
    if (tail >= 0) store<i32>(slot(tail) + BUF_NEXT, b);
    else store<i32>(nb + NB_HEAD, b);
    store<i32>(nb + NB_TAIL, b);
    store<u8>(nb + NB_BUFCOUNT, load<u8>(nb + NB_BUFCOUNT) + 1);
    return decide(ACT_BUFFER, 0);
  }
  // RFC 2461 §7.3.3: sending to a STALE entry moves it to DELAY.
  if (state == NB_STALE) {
    store<u8>(nb + NB_STATE, NB_DELAY);
    bump(node);
  }
  return decide(action, 0);
}

// Encapsulates the packet (len octets, hop limit already decremented, in PKT_OUT) into tunnel
// `tid` (RFC 2473), then sends the outer packet out.
function intoTunnel(node: i32, tid: i32, len: i32, now: f64): i32 {
  if (!validTunnel(tid)) return decide(ACT_DROP, DROP_NO_TUNNEL);
  const t = TUNNELS + <usize>(tid * TN_REC);
  store<i32>(DECISION + DEC_TUNNEL, tid);
  if (now >= load<f64>(t + TN_EXPIRES)) return decide(ACT_DROP, DROP_TUNNEL_EXPIRED);
  if (len + IP6_HEADER_LEN > PKT_SIZE) return decide(ACT_DROP, DROP_TOO_BIG);
  memory.copy(PKT_OUT + IP6_HEADER_LEN, PKT_OUT, len);
  const n = encapsulate(PKT_OUT, PKT_OUT + IP6_HEADER_LEN, len, t + TN_LOCAL, t + TN_REMOTE, load<u8>(t + TN_HOP));
  store<i32>(DECISION + DEC_LEN, n);
  store<u32>(t + TN_PACKETS, load<u32>(t + TN_PACKETS) + 1);
  return sendOut(node, t + TN_REMOTE, n, ACT_ENCAP, now);
}

/**
 * What `node` does with the `len`-octet packet in PKT_IN at time `nowUs`: deliver it (one of its
 * addresses), decapsulate it (RFC 2473, from a known, live tunnel: the inner packet is in
 * PKT_OUT for the caller to process again), forward it (hop limit decremented), encapsulate it
 * (a binding for its destination, §3.1/§6.1.1, or a route into a tunnel), buffer it (its next hop
 * is INCOMPLETE with buffering on), or drop it with a reason. Returns the action; the details
 * are in the decision record, the output packet in PKT_OUT.
 */
export function process(node: i32, nowUs: f64, len: i32): i32 {
  return processAt(PKT_IN, node, nowUs, len);
}
// `process` for the packet at `p` (PKT_IN, or a slot of the engine's POOL; never PKT_OUT).
function processAt(p: usize, node: i32, nowUs: f64, len: i32): i32 {
  zero8(DECISION, 64);
  store<i32>(DECISION + DEC_TUNNEL, -1);
  store<i32>(DECISION + DEC_LINK, -1);
  if (!validNode(node)) return decide(ACT_DROP, DROP_NO_NODE);
  if (len < IP6_HEADER_LEN || len > PKT_SIZE || load<u8>(p + IP6_VER_TC_FLOW) >> 4 != 6)
    return decide(ACT_DROP, DROP_MALFORMED);
  const plen = <i32>bswap<u16>(load<u16>(p + IP6_PAYLOAD_LEN));
  if (IP6_HEADER_LEN + plen != len) return decide(ACT_DROP, DROP_MALFORMED);
  // Interface- and link-local multicast (ff01::/16, ff02::/16) is for the node, never forwarded
  // (RFC 4291 §2.7): the RS, the DAD probe, the MN's multicast NA.
  if (load<u8>(p + IP6_DST) == 0xff && (load<u8>(p + IP6_DST + 1) & 0x0f) <= 2) {
    store<i32>(DECISION + DEC_LEN, len);
    return decide(ACT_DELIVER, 0);
  }
  if (isLocal(node, p + IP6_DST)) {
    if (load<u8>(p + IP6_NEXT_HEADER) != NH_IPV6) {
      store<i32>(DECISION + DEC_LEN, len);
      return decide(ACT_DELIVER, 0);
    }
    // RFC 2473 §3.2: the exit point removes the outer header.
    if (plen < IP6_HEADER_LEN) return decide(ACT_DROP, DROP_MALFORMED);
    let x = tFind(TUNNEL_INDEX, DP_TUNNELS * 2, TX_REC, node, p + IP6_SRC);
    // A tunnel whose remote is :: is an exit point for any entry point (ip6tnl's "remote any").
    if (x < 0) x = tFind(TUNNEL_INDEX, DP_TUNNELS * 2, TX_REC, node, ZERO16);
    if (x < 0) return decide(ACT_DROP, DROP_NO_TUNNEL);
    const tid = load<i32>(TUNNEL_INDEX + <usize>(x * TX_REC) + TX_ID);
    const t = TUNNELS + <usize>(tid * TN_REC);
    store<i32>(DECISION + DEC_TUNNEL, tid);
    if (nowUs >= load<f64>(t + TN_EXPIRES)) return decide(ACT_DROP, DROP_TUNNEL_EXPIRED);
    store<u32>(t + TN_PACKETS, load<u32>(t + TN_PACKETS) + 1);
    memory.copy(PKT_OUT, p + IP6_HEADER_LEN, plen);
    store<i32>(DECISION + DEC_LEN, plen);
    return decide(ACT_DECAP, 0);
  }
  const hop = load<u8>(p + IP6_HOP_LIMIT);
  if (hop <= 1) return decide(ACT_DROP, DROP_HOP_LIMIT);
  memory.copy(PKT_OUT, p, len);
  store<u8>(PKT_OUT + IP6_HOP_LIMIT, hop - 1);
  store<i32>(DECISION + DEC_LEN, len);
  // A binding for the destination (the oCoA of an MN that moved) redirects it (§3.1.1, §6.1.1).
  const b = nodeHas(node, ND_BINDINGS) ? tFind(BINDINGS, DP_BINDINGS, BD_REC, node, p + IP6_DST) : -1;
  if (b >= 0) {
    const r = BINDINGS + <usize>(b * BD_REC);
    if (nowUs < load<f64>(r + BD_EXPIRES)) {
      const tid = load<i32>(r + BD_TUNNEL);
      if (tid >= 0) return intoTunnel(node, tid, len, nowUs);
      // No tunnel: encapsulate from this node's first address straight to the nCoA.
      const n0 = NODES + <usize>(node * NODE_REC);
      if (load<i32>(n0 + 4) == 0) return decide(ACT_DROP, DROP_NO_ROUTE);
      if (len + IP6_HEADER_LEN > PKT_SIZE) return decide(ACT_DROP, DROP_TOO_BIG);
      memory.copy(PKT_OUT + IP6_HEADER_LEN, PKT_OUT, len);
      const n = encapsulate(PKT_OUT, PKT_OUT + IP6_HEADER_LEN, len, n0 + 16, r + BD_NCOA, 64);
      store<i32>(DECISION + DEC_LEN, n);
      return sendOut(node, r + BD_NCOA, n, ACT_ENCAP, nowUs);
    }
  }
  // A source binding tunnels it back (the nAR's reverse tunnel for the oCoA, §3.1.5).
  const sb =
    fromAccess && nodeHas(node, ND_SRC_BINDINGS) ? tFind(SRC_BINDINGS, DP_BINDINGS, BD_REC, node, p + IP6_SRC) : -1;
  if (sb >= 0) {
    const r = SRC_BINDINGS + <usize>(sb * BD_REC);
    if (nowUs < load<f64>(r + BD_EXPIRES)) return intoTunnel(node, load<i32>(r + BD_TUNNEL), len, nowUs);
  }
  return sendOut(node, p + IP6_DST, len, ACT_FORWARD, nowUs);
}
