// Shared helpers of the engine tests: run a scenario, find records, assert order.
import { runScenario } from '../../core/engine/run.ts';
import { builtin } from '../../core/scenario/builtin.ts';
import type { World } from '../../core/engine/world.ts';
import type { TraceRecord } from '../../core/trace.ts';

export async function run(ref: string | object, seed = 1): Promise<World> {
  return runScenario(ref, { seed, trace: true });
}

/** A built-in scenario object with changes (deep enough for mobiles / routers / timers). */
export function variant(id: string, change: (s: Record<string, any>) => void): Record<string, any> {
  const s = structuredClone(builtin(id)) as Record<string, any>;
  change(s);
  return s;
}

export type Pred = (r: TraceRecord) => boolean;

export const msg =
  (kind: TraceRecord['kind'], name: string, node?: string): Pred =>
  (r) =>
    r.kind === kind && 'msg' in r && r.msg === name && (node === undefined || r.node === node);

export const l2 =
  (trigger: string, node: string): Pred =>
  (r) =>
    r.kind === 'l2' && r.trigger === trigger && r.node === node;

export function first(recs: readonly TraceRecord[], p: Pred): number {
  return recs.findIndex(p);
}
export function all(recs: readonly TraceRecord[], p: Pred): TraceRecord[] {
  return recs.filter(p);
}

/** Asserts each predicate's first match exists and they come in this order. Returns their indices. */
export function inOrder(recs: readonly TraceRecord[], ...preds: [string, Pred][]): number[] {
  const idx = preds.map(([name, p]) => {
    const i = first(recs, p);
    if (i < 0) throw new Error(`no record for "${name}"`);
    return i;
  });
  for (let k = 1; k < idx.length; k++) {
    if (!(idx[k - 1]! < idx[k]!))
      throw new Error(`"${preds[k - 1]![0]}" (#${idx[k - 1]}) should come before "${preds[k]![0]}" (#${idx[k]})`);
  }
  return idx;
}
