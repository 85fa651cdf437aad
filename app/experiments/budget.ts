// The latency budget's comparison of one point (issue 14): the simulated parts of the handover
// latency (last packet → link down, layer 2, link up → first packet, core/measures.ts) set against
// the textbook model's terms (core/sweep/model.ts), in one sentence a student can check against
// the bars — where they agree, and the part that makes them differ.
import type { ModelTerm } from '../../core/sweep/model.ts';
import type { RunResult } from '../../core/sweep/sweep.ts';

const ms = (us: number) => (us / 1000).toFixed(1);

/** Mean of one measured part over the runs that have it (null when none has). */
function mean(rs: readonly RunResult[], f: (r: RunResult) => number | null): { mean: number; same: boolean } | null {
  const xs = rs.map(f).filter((x): x is number => x !== null);
  if (xs.length === 0) return null;
  return { mean: xs.reduce((a, b) => a + b, 0) / xs.length, same: xs.every((x) => x === xs[0]) };
}

/**
 * The simulated parts of `rs` (one point, one mode, its seeds) against the model's `terms`
 * (packet spacing Δ, layer 2, then what follows link up). Null when no run measured a handover.
 */
export function budgetComparison(rs: readonly RunResult[], terms: readonly ModelTerm[]): string | null {
  const before = mean(rs, (r) => r.m.beforeDownUs);
  const l2 = mean(rs, (r) => r.m.l2Us);
  const after = mean(rs, (r) => r.m.afterUpUs);
  if (!before || !l2 || !after || terms.length < 3) return null;
  const [delta, layer2, ...rest] = terms as [ModelTerm, ModelTerm, ...ModelTerm[]];
  const restUs = rest.reduce((n, t) => n + t.us, 0);
  const sim = before.mean + l2.mean + after.mean;
  const model = delta.us + layer2.us + restUs;
  const d = sim - model;
  let text =
    `Simulated ${ms(sim)} ms, model ${ms(model)} ms (${d >= 0 ? '+' : '−'}${ms(Math.abs(d))} ms): ` +
    `last packet → link down ${ms(before.mean)} against Δ ${ms(delta.us)} ms; ` +
    `layer 2 ${ms(l2.mean)} against ${ms(layer2.us)} ms; ` +
    `link up → first packet ${ms(after.mean)} against ${ms(restUs)} ms (${rest.map((t) => t.name).join(' + ')}).`;
  // The model's Δ is an average over where the last packet falls in its interval; a scripted
  // path and scripted traffic put it at the same place on every seed.
  if (before.same && rs.length > 1 && Math.abs(before.mean - delta.us) >= 1000)
    text +=
      ` The last packet falls ${ms(before.mean)} ms before the link goes down on every seed: the MN's path and` +
      ` its traffic are scripted, so the seed does not move it, while the model's Δ is the average over an interval.`;
  return text;
}
