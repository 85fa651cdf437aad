// The invariants every run must keep, whatever the scenario (issue 4's and issue 5's model tests,
// and `npm run soak`, issue 15). A pure check over a finished run: it returns the violations in
// words (empty = none), so Vitest asserts `toEqual([])` and the soak script counts them.
//
//  - conservation of data packets: sent = delivered + dropped + in flight + buffered, one end
//    (rx or drop, with a reason) per packet, and only for packets that were sent;
//  - no forwarding loop: no hop-limit drop, no packet forwarded by one node more than twice
//    (once outer, at most once more after a decapsulation);
//  - no tunnel outlives its lifetime: every encapsulation at a router happens inside a live
//    tunnel's lifetime (§3.1.1, §6.1.2, §3.4.1);
//  - no forwarding before the F-BU: an anticipated-handover router brings a forwarding tunnel up
//    only after an F-BU reached it (§3.1.1, §3.1.3);
//  - no unconfirmed nCoA used as a source (§3.1.3): the engine records any such packet;
//  - every BET is torn down or renewed by the end of its lifetime (§3.4.1, §3.5), and no BET
//    lifetime exceeds either router's offer (§3.4.1 "the shorter of the two").
import type { World } from '../core/engine/world.ts';
import { fromHex, type TraceRecord, type TunnelKind } from '../core/trace.ts';
import { canonicalIPv6, formatIPv6 } from '../core/wire/addr.ts';

export interface RunView {
  records: readonly TraceRecord[];
  count: { sent: number; delivered: number; dropped: number; inFlight: number; buffered: number };
  /** What the engine itself flagged (hop limit, unconfirmed source, …). */
  violations: readonly string[];
  /** Routers running BETH, with the BET lifetime each offers (s). */
  bethOffers?: ReadonlyMap<string, number>;
  /** Virtual time the run reached, µs. */
  end: number;
  /** false when `records` is not the whole run (a live session's slice): skips the count of packets. */
  complete?: boolean;
}

export function viewOf(w: World, records: readonly TraceRecord[] = w.records): RunView {
  const bethOffers = new Map<string, number>();
  for (const r of w.sc.routers) if (r.caps.beth) bethOffers.set(r.name, r.caps.betLifetimeS);
  return { records, count: w.count, violations: w.violations, bethOffers, end: w.now };
}

export function invariantViolations(v: RunView): string[] {
  const out: string[] = [];
  const { records: recs, count } = v;
  const beth = v.bethOffers ?? new Map<string, number>();

  // Conservation.
  const total = count.delivered + count.dropped + count.inFlight + count.buffered;
  if (count.sent !== total)
    out.push(
      `conservation: ${count.sent} sent ≠ ${count.delivered} delivered + ${count.dropped} dropped + ${count.inFlight} in flight + ${count.buffered} buffered`,
    );
  // Every packet counted as sent is in the trace, and begins with its tx — or, for the copy an aAR
  // keeps when it places the BET early (§3.4, duplicates against losses), with its encap there.
  const origin = new Map<number, TraceRecord['kind']>();
  const ends = new Map<number, number>();
  for (const r of recs) {
    if ('pkt' in r && r.pkt !== undefined && !origin.has(r.pkt)) origin.set(r.pkt, r.kind);
    if (r.kind === 'rx' || (r.kind === 'drop' && r.pkt !== undefined)) ends.set(r.pkt!, (ends.get(r.pkt!) ?? 0) + 1);
    if (r.kind === 'drop' && !(r.reason.length > 0)) out.push(`drop without a reason at ${r.node}, t=${r.t}`);
  }
  if (v.complete !== false && origin.size !== count.sent)
    out.push(`conservation: ${count.sent} packets sent but ${origin.size} in the trace`);
  for (const [pkt, k] of origin)
    if (k !== 'tx' && k !== 'encap') out.push(`conservation: packet ${pkt} appears first as ${k}`);
  for (const [pkt, n] of ends) if (n !== 1) out.push(`conservation: packet ${pkt} has ${n} ends`);

  // The engine's own flags: hop limit (a loop), unconfirmed source (§3.1.3), …
  for (const e of v.violations) out.push(`engine: ${e}`);

  // No forwarding loop.
  const visits = new Map<string, number>();
  for (const r of recs)
    if (r.kind === 'fwd') {
      const k = `${r.pkt}@${r.node}`;
      visits.set(k, (visits.get(k) ?? 0) + 1);
    }
  for (const [k, n] of visits) if (n > 2) out.push(`loop: packet ${k} forwarded ${n} times`);

  // Tunnels: lifetimes, F-BU first, BETs torn down or renewed.
  const ups: { node: string; peer: string; key: string; end: string; t: number; life: number; down?: number }[] = [];
  for (const [i, r] of recs.entries()) {
    if (r.kind === 'tunnel' && r.action === 'up') {
      ups.push({
        node: r.node,
        peer: r.peer,
        key: tunnelKey(r),
        end: endpoint(r.peerAddr),
        t: r.t,
        life: (r.lifetime ?? 0) * 1e6,
      });
      const reverse = isReverse(r.type);
      if (!beth.has(r.node) && !reverse) {
        const fbu = recs.slice(0, i).some((x) => x.kind === 'rx' && x.msg === 'F-BU' && x.node === r.node);
        if (!fbu) out.push(`forwarding before the F-BU: tunnel up at ${r.node} (t=${r.t}) with no F-BU received`);
      }
      if (beth.has(r.node) && beth.has(r.peer)) {
        const max = Math.min(beth.get(r.node)!, beth.get(r.peer)!);
        if ((r.lifetime ?? 0) > max)
          out.push(`BET lifetime ${r.lifetime} s at ${r.node} exceeds the offers (${max} s)`);
      }
    }
    if (r.kind === 'tunnel' && r.action === 'down') {
      const u = [...ups].reverse().find((x) => x.node === r.node && x.peer === r.peer && x.down === undefined);
      if (u) u.down = r.t;
    }
    if (r.kind === 'encap' && r.node !== 'HA' && r.msg !== 'F-BACK') {
      // The tunnel is the one towards this packet's outer destination (the encap record names the
      // node that holds that address now, which after further moves may not be the tunnel's peer).
      const dst = formatIPv6(fromHex(r.hex.slice(48, 80)));
      const live = ups.some(
        (u) =>
          u.node === r.node &&
          (u.peer === r.peer || u.end === dst) &&
          u.t <= r.t &&
          r.t <= u.t + u.life &&
          (u.down === undefined || r.t <= u.down),
      );
      if (!live) out.push(`tunnel outlived its lifetime: encap at ${r.node} to ${r.peer} at t=${r.t}`);
    }
  }
  for (const u of ups) {
    if (!beth.has(u.node) || u.life === 0 || u.t + u.life > v.end) continue;
    const endOfLife = u.t + u.life;
    // Closed: a later record of a tunnel for the same address at that router — down, renewed, or
    // moved to another peer (§3.4: the aAR re-anchors the BET at the new AR; the trace shows the
    // new tunnel's `up`, which replaces the old one in the data plane).
    const closed = recs.some(
      (x) => x.kind === 'tunnel' && x.node === u.node && tunnelKey(x) === u.key && x.t > u.t && x.t <= endOfLife,
    );
    if (!closed)
      out.push(`BET ${u.key}→${u.end} at ${u.node} (up t=${u.t}, ${u.life / 1e6} s) neither torn down nor renewed`);
  }
  return out;
}

const isReverse = (t: TunnelKind) => t === 'reverse' || t === 'bet-reverse';

/** The address a tunnel carries, with its direction ("from …" for a reverse tunnel). */
function tunnelKey(r: Extract<TraceRecord, { kind: 'tunnel' }>): string {
  return (isReverse(r.type) ? 'from ' : '') + canonicalOr(r.addr);
}

/** The far end of a tunnel, canonical. */
function endpoint(addr: string): string {
  return canonicalOr(addr);
}

function canonicalOr(e: string): string {
  try {
    return canonicalIPv6(e);
  } catch {
    return e;
  }
}
