// The latency budget of each handover (issue 9, "Measures as a picture"): where the MN's time
// went, from its own phase records (core/roles/mn.ts MnPhase, traced as `state` records of its
// "MN" machine) — so the page draws what the engine did and computes nothing of its own.
//
//   signalling  the fast-handover exchange: RtSolPr → PrRtAdv ("soliciting", §3.1.1), the F-BU
//               until its F-BACK while the MN is still on the old link ("prepared", §3.1.3), and the
//               F-NA (with a reactive F-BU) from the new link ("announcing", §3.1.4)
//   layer 2     link down to link up ("moving": L2-LD … L2-LU, §3.2.1 Table 1)
//   detection   movement detection: link up until a router advertisement tells the MN it moved
//               ("detecting", RFC 3775 §11.5.1) — standard Mobile IPv6 only
//   DAD         Duplicate Address Detection of the new care-of address ("dad", RFC 2462 §5.4);
//               the fast handover has the nAR check it beforehand (§3.1.3), so the MN skips it
//   binding     the Binding Update until its acknowledgement ("binding", [MIPv6])
//
// The time the MN waits, prepared, for its layer-2 handover to begin is not latency and is left
// out. A handover is counted from each L2-LD of the MN, as the Measures table counts them.
// DOM-free and deterministic: tested in tests/ui/budget.test.ts.
import type { Micros, TraceRecord } from '../trace.ts';

export const BUDGET_PARTS = ['signalling', 'l2', 'detection', 'dad', 'binding'] as const;
export type BudgetPart = (typeof BUDGET_PARTS)[number];

/** The words the page prints for each part, and the section that explains it. */
export const BUDGET_LABELS: Record<BudgetPart, { label: string; section: string }> = {
  signalling: { label: 'Signalling', section: '§3.1' },
  l2: { label: 'Layer 2', section: '§3.2.1' },
  detection: { label: 'Movement detection', section: 'RFC 3775 §11.5.1' },
  dad: { label: 'DAD', section: 'RFC 2462 §5.4' },
  binding: { label: 'Binding', section: '[MIPv6]' },
};

/** One stretch of the MN's time, in the order it happened; `end` null: still going at the cursor. */
export interface BudgetSegment {
  part: BudgetPart;
  start: Micros;
  end: Micros | null;
}

/**
 * A part's value: µs measured; 'pending' while it is under way or the handover has not finished
 * (it may still come); null once the handover is over and the part never happened in it.
 */
export type BudgetValue = Micros | 'pending' | null;

export interface HandoverBudget {
  /** 1-based, in order of the MN's L2-LD records. */
  n: number;
  /** The MN's L2-LD. */
  linkDown: Micros;
  segments: BudgetSegment[];
  parts: Record<BudgetPart, BudgetValue>;
  /** Sum of the parts measured so far (segments under way counted up to the cursor). */
  totalUs: Micros;
  /** Nothing more will be added: the MN is attached again, or its next handover has begun. */
  done: boolean;
}

const PHASE_PART: Record<string, BudgetPart | undefined> = {
  soliciting: 'signalling',
  announcing: 'signalling',
  moving: 'l2',
  detecting: 'detection',
  dad: 'dad',
  binding: 'binding',
};

interface Phase {
  to: string;
  start: Micros;
  end: Micros | null;
}

/** The latency budget of each handover of `mn` at `cursor` (records in time order). */
export function handoverBudgets(records: readonly TraceRecord[], cursor: Micros, mn = 'MN'): HandoverBudget[] {
  const phases: Phase[] = [];
  const downs: Micros[] = [];
  const fback: Micros[] = [];
  for (const r of records) {
    if (r.t > cursor) break;
    if (r.node !== mn) continue;
    if (r.kind === 'state' && r.machine === 'MN') {
      const last = phases[phases.length - 1];
      if (last && last.end === null) last.end = r.t;
      phases.push({ to: r.to, start: r.t, end: null });
    } else if (r.kind === 'l2' && r.trigger === 'L2-LD' && (!r.link || r.link.mn === mn)) {
      // A second interface's L2-LD (§3.5.2) is not a handover of the MN: its link stayed up.
      if (!r.detail?.startsWith('if0 ')) downs.push(r.t);
    } else if (r.kind === 'rx' && r.msg === 'F-BACK') fback.push(r.t);
  }
  const out: HandoverBudget[] = downs.map((ld, i) => ({
    n: i + 1,
    linkDown: ld,
    segments: [],
    parts: { signalling: null, l2: null, detection: null, dad: null, binding: null },
    totalUs: 0,
    done: false,
  }));
  if (out.length === 0) return out;
  /** The handover a stretch starting at `t` belongs to: the last L2-LD at or before it. */
  const after = (t: Micros): number => {
    let k = -1;
    while (k + 1 < downs.length && downs[k + 1]! <= t) k++;
    return k;
  };
  // Signalling on the old link belongs to the handover its link-down begins, unless the MN went
  // back to plain "attached" first (a prediction that came to nothing, §6.1.2).
  let early: BudgetSegment[] = [];
  for (const p of phases) {
    const k = after(p.start);
    if (p.to === 'attached') {
      early = [];
      if (k >= 0) out[k]!.done = true;
      continue;
    }
    let seg: BudgetSegment | null = null;
    if (p.to === 'prepared') {
      // Only until the F-BACK reaches the MN on its old link; after it the MN waits to move.
      const got = fback.find((t) => t >= p.start && (p.end === null || t <= p.end));
      if (got !== undefined) seg = { part: 'signalling', start: p.start, end: got };
    } else {
      const part = PHASE_PART[p.to];
      if (part) seg = { part, start: p.start, end: p.end };
    }
    if (!seg) continue;
    if (p.to === 'soliciting' || p.to === 'prepared') {
      early.push(seg);
      continue;
    }
    if (k < 0) continue;
    const h = out[k]!;
    h.done = false; // a phase after "attached" (a ping-pong's second round)
    if (p.to === 'moving') {
      h.segments.push(...early);
      early = [];
    }
    h.segments.push(seg);
  }
  // A handover cut short by the next one (a ping-pong, §3.1.8) is over; signalling for a handover
  // whose link-down has not come yet has no row to go in, and waits for it.
  for (let i = 0; i + 1 < out.length; i++) out[i]!.done = true;
  for (const h of out) {
    const sum: Partial<Record<BudgetPart, Micros>> = {};
    let open: BudgetPart | null = null;
    for (const s of h.segments) {
      sum[s.part] = (sum[s.part] ?? 0) + ((s.end ?? cursor) - s.start);
      if (s.end === null) open = s.part;
    }
    h.totalUs = 0;
    for (const part of BUDGET_PARTS) {
      const v = sum[part];
      if (v !== undefined) h.totalUs += v;
      h.parts[part] = part === open || (v === undefined && !h.done) ? 'pending' : (v ?? null);
    }
  }
  return out;
}
