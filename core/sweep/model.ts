// The textbook model beside the simulation (issue 14): the layer-3 handover latency each mode
// should have, from the scenario's parameters alone — no run. The page draws it as a dashed line
// beside the simulated points, with `formula` written under the plot, so a student sees where the
// simulation and the model agree and why they differ.
//
// What the lab measures (core/measures.ts) is from the last data packet received on the old link
// to the first on the new one. Packets come every I (the traffic interval), so that span also
// holds, on average, half an interval before the link goes down and, after the path is restored,
// half an interval until the next packet passes: Δ = I on average for standard Mobile IPv6,
// I/2 for the fast handovers (their buffer or tunnel holds the packet that would be waited for).
import type { HandoverMode } from '../protocol.ts';
import type { Scenario } from '../scenario/schema.ts';

export interface ModelTerm {
  /** Short name shown in the latency budget's legend. */
  name: string;
  us: number;
}

export interface Model {
  latencyUs: number;
  terms: ModelTerm[];
  /** The formula in words and symbols, for under the plot. */
  formula: string;
}

/** One-way wired delay between two nodes over the scenario's links (shortest by delay). */
export function wiredDelay(sc: Scenario, a: string, b: string): number {
  const dist = new Map<string, number>([[a, 0]]);
  const todo = new Set([a]);
  while (todo.size) {
    let u = '';
    let best = Infinity;
    for (const n of todo)
      if (dist.get(n)! < best) {
        best = dist.get(n)!;
        u = n;
      }
    todo.delete(u);
    if (u === b) return best;
    for (const l of sc.links) {
      const v = l.a === u ? l.b : l.b === u ? l.a : undefined;
      if (v === undefined) continue;
      const d = best + l.delayUs;
      if (d < (dist.get(v) ?? Infinity)) {
        dist.set(v, d);
        todo.add(v);
      }
    }
  }
  return Infinity;
}

/** The access router the first MN's scripted path ends in (the nAR of its handover). */
export function targetRouter(sc: Scenario): string {
  const m = sc.mobiles[0]!;
  const end = m.path[m.path.length - 1] ?? { x: m.x, y: m.y };
  let best = sc.routers[0]!;
  for (const r of sc.routers)
    if (Math.hypot(r.x - end.x, r.y - end.y) < Math.hypot(best.x - end.x, best.y - end.y)) best = r;
  return best.apOf ?? best.name;
}

/**
 * Expected wait from a random instant (the link coming up) to the next unsolicited RA when RAs
 * come every U[a, b]: the mean residual life of that renewal process, E[X²] / 2E[X] =
 * (a² + ab + b²) / 3(a + b). For Mobile IPv6's 30–70 ms: 26.3 ms (not half the mean interval,
 * 25 ms: the MN is likelier to arrive in a long interval than in a short one).
 */
export function raWaitUs(a: number, b: number): number {
  return a + b === 0 ? 0 : (a * a + a * b + b * b) / (3 * (a + b));
}

const ms = (us: number) => `${(us / 1000).toFixed(us % 1000 === 0 ? 0 : 1)} ms`;

/** The model's latency for `mode` on scenario `sc` (already carrying the point's parameters). */
export function modelLatency(sc: Scenario, mode: HandoverMode): Model {
  const down = sc.traffic.find((t) => t.dir === 'down');
  const I = down?.intervalUs ?? 0;
  const bytes = (down?.payloadBytes ?? 0) + 48; // IPv6 + UDP headers
  const air = sc.radio.airDelayUs + Math.ceil((bytes * 8 * 1e6) / sc.radio.airBandwidthBps);
  const l2 = sc.radio.l2HandoverUs;
  const nar = targetRouter(sc);
  const buffering = sc.routers.find((r) => r.name === nar)?.caps.buffer ?? true;
  if (mode === 'mipv6') {
    const T = sc.timers;
    const ra = T.movementDetection === 'rs' ? T.rsReplyMaxUs / 2 + 2 * air : raWaitUs(T.raMinUs, T.raMaxUs);
    // The binding that restores the path: with route optimisation the CN's (it has been sending to
    // the old CoA directly, so the HA's new binding changes nothing for its packets), else the HA's.
    const anchor = sc.bindCn ? sc.cn.name : sc.ha.name;
    const bu = 2 * (air + wiredDelay(sc, nar, anchor));
    const terms: ModelTerm[] = [
      { name: 'packet spacing Δ', us: I },
      { name: 'layer 2', us: l2 },
      { name: T.movementDetection === 'rs' ? 'RS/RA' : 'wait for an RA', us: ra },
      { name: 'DAD', us: T.dadUs },
      { name: 'binding round trip', us: bu },
    ];
    return {
      latencyUs: terms.reduce((n, t) => n + t.us, 0),
      terms,
      formula:
        `Standard Mobile IPv6: L = Δ + T_L2 + T_RA + T_DAD + T_BU, where T_RA = (a² + ab + b²) / 3(a + b) is the ` +
        `expected wait for the next RA sent every U[a, b] = U[${ms(T.raMinUs)}, ${ms(T.raMaxUs)}] (${ms(Math.round(ra))}), ` +
        `T_DAD = ${ms(T.dadUs)}, T_BU = 2 (t_air + d(nAR, ${anchor})) = ${ms(bu)} (BU to the ${anchor}, its next packet back), ` +
        `Δ = I = ${ms(I)} (half a packet interval before the link goes down, half waiting for the next packet).`,
    };
  }
  if (mode === 'beth') {
    // §3.3: the BET is up before the link goes down; the nAR delivers on the L2-LU trigger (Table 1).
    const terms: ModelTerm[] = [
      { name: 'packet spacing Δ', us: I / 2 },
      { name: 'layer 2', us: l2 },
      { name: 'delivery on L2-LU', us: air },
    ];
    return {
      latencyUs: terms.reduce((n, t) => n + t.us, 0),
      terms,
      formula: `BETH (§3.3): L = Δ + T_L2 + t_air — the BET carries the packets before the link goes down and the nAR delivers on L2-LU; Δ = I/2 = ${ms(I / 2)}.`,
    };
  }
  // §3.1.3 / §3.1.4: the nCoA is validated (or assigned) and the tunnel set up while the MN is still
  // on the oAR; on arrival the MN announces itself to the nAR — an NA when the F-BACK reached it on
  // the old link (§3.1.1, §3.1.3: fig1/3/4 as the lab runs them, I-31), an F-NA when it did not —
  // and the nAR delivers what it buffered (§5.2.1). Without buffering, what reaches the nAR before
  // that announcement is lost: wait for the next packet.
  const terms: ModelTerm[] = [
    { name: 'packet spacing Δ', us: I / 2 },
    { name: 'layer 2', us: l2 },
    { name: 'NA (or F-NA) on arrival', us: air },
    { name: buffering ? 'buffered packet delivered' : 'next tunnelled packet', us: buffering ? air : air + I / 2 },
  ];
  return {
    latencyUs: terms.reduce((n, t) => n + t.us, 0),
    terms,
    formula:
      `Anticipated handover (§3.1): L = Δ + T_L2 + 2 t_air — the nCoA and the oAR–nAR tunnel are ready before ` +
      `the link goes down; on arrival the MN's NA [O] (an F-NA if the F-BACK missed the old link, §3.1.1) releases the nAR's buffer (§5.2.1)${buffering ? '' : ' (off here: + I/2 for the next packet)'}; ` +
      `Δ = I/2 = ${ms(I / 2)}, t_air = ${ms(air)}. It holds when the anticipation finishes before layer 2 starts.`,
  };
}
