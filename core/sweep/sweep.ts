// Experiments (issue 14): a sweep runs one scenario over a range of one parameter, for several
// handover modes and several seeds per point, with the trace off (measures only), and returns
// per-point, per-mode, per-seed measures of the MN's handover. DOM-free and clock-free: the same
// job gives the same numbers in any worker, in any order (each run is its own World with its own
// seed), which is what lets the page and `npm run sim -- sweep` spread the jobs over workers.
//
// A run is the built-in scenario as written plus the point's "what if" changes (its mode, the
// buffering, the swept parameter: core/lab.ts `applyParams`, as the lab applies them), so a point
// clicked in the plot opens the very same run in the lab. Two parameters the lab's form does not
// have change the scenario object itself: the MN's speed (the scripted path's times scaled) and
// the HI / F-BU loss probability (drawn per seed, below). The spec, its parameters and its
// validation are core/sweep/spec.ts (re-exported here).
import type { HandoverMode, WhatIf } from '../protocol.ts';
import { applyParams } from '../lab.ts';
import { builtin } from '../scenario/builtin.ts';
import type { Scenario } from '../scenario/schema.ts';
import { resolveScenario, ScenarioInvalid, codec } from '../engine/run.ts';
import { World } from '../engine/world.ts';
import { Rng } from '../sim/kernel.ts';
import type { HandoverReport } from '../measures.ts';
import { pathSpeed, pointValues, type SweepSpec } from './spec.ts';

export * from './spec.ts';

/** One run of a sweep: which point, which mode, which seed. */
export interface Job {
  /** Position in `jobs(spec)`: point-major, then mode, then seed. */
  index: number;
  point: number;
  value: number;
  mode: HandoverMode;
  seed: number;
}

export function jobs(spec: SweepSpec): Job[] {
  const out: Job[] = [];
  pointValues(spec).forEach((value, point) => {
    for (const mode of spec.modes)
      for (let s = 0; s < spec.seeds; s++)
        out.push({ index: out.length, point, value, mode, seed: spec.seedStart + s });
  });
  return out;
}

/** The lab's parameters the scenario has as written (what a sweep keeps while it varies one). */
const asWritten = new Map<string, Scenario>();
/** A built-in scenario validated, once per id (built-ins never change). */
function written(id: string): Scenario {
  let sc = asWritten.get(id);
  if (!sc) asWritten.set(id, (sc = resolveScenario(id)));
  return sc;
}

/**
 * The "what if" changes of one point over the scenario as written (core/lab.ts `applyParams`, the
 * same the lab applies): the mode, the nAR buffering and the swept parameter when the lab's form
 * has it. Everything else stays as the scenario has it (per link, per router), so a point clicked
 * in the plot opens the very same run in the lab, marked there as a departure from the scenario.
 */
export function pointWhatIf(spec: SweepSpec, value: number, mode: HandoverMode): WhatIf {
  const w: WhatIf = { mode, buffering: spec.buffering };
  switch (spec.param) {
    case 'l2HandoverMs':
      return { ...w, l2HandoverUs: Math.round(value * 1000) };
    case 'wiredDelayMs':
      return { ...w, wiredDelayUs: Math.round(value * 1000) };
    case 'raIntervalMs': {
      const t = written(spec.scenario).timers;
      const raMaxUs = Math.round(value * 1000);
      const raMinUs = Math.max(1, Math.round((raMaxUs * t.raMinUs) / t.raMaxUs));
      return { ...w, raMinUs, raMaxUs };
    }
    case 'bufferPackets':
      return { ...w, bufferPackets: value };
    default:
      return w;
  }
}

/** Salt of the loss draws, so they do not repeat the engine's own random sequence for the seed. */
const LOSS_SALT = 0x51ed_270b;

/**
 * How many of the first transmissions of each message are lost, for a loss probability `p` and a
 * seed: independent losses with probability p until one gets through is a geometric number of
 * leading losses, which is what the engine's fault injection `loseFirst` models (later copies of
 * a message that got through do not happen in these scenarios). The draws depend on the seed
 * only, not on p (common random numbers): a higher p never loses fewer messages on the same seed.
 */
export function lossDraws(seed: number, p: number, msgs: readonly string[]): { msg: string; count: number }[] {
  return msgs.map((msg, i) => {
    // One stream per message, so the F-BU's draws do not shift with how many the HI used.
    const rng = new Rng((seed ^ LOSS_SALT ^ Math.imul(i + 1, 0x9e3779b1)) | 0);
    let count = 0;
    // Capped: the HI is sent at most 1 + 4 times (§5.2.1), the F-BU 1 + 1 (§3.1.8); 16 is beyond both.
    while (count < 16 && rng.next() < p) count++;
    return { msg, count };
  });
}

/**
 * The scenario object a point starts from, when the lab's form cannot say the swept parameter
 * (the MN's speed, the HI / F-BU loss draws of this seed): the built-in scenario with that change
 * and nothing else; undefined when the point is the built-in scenario plus `pointWhatIf`.
 */
export function pointBase(spec: SweepSpec, value: number, seed: number): unknown {
  if (spec.param !== 'speedMps' && spec.param !== 'lossProbability') return undefined;
  const s = structuredClone(builtin(spec.scenario)) as Record<string, unknown> & {
    durationUs?: number;
    mobiles?: { path?: { t: number; x: number; y: number }[] }[];
    routers?: { caps?: Record<string, unknown> }[];
  };
  if (spec.param === 'speedMps') {
    // Slower than written: the path takes longer and so does the run (the handover must happen in it).
    const sc = written(spec.scenario);
    const v0 = Math.max(...sc.mobiles.map((m) => pathSpeed(m.path)));
    const k = v0 / value;
    for (const m of s.mobiles ?? []) if (m.path) m.path = m.path.map((p) => ({ ...p, t: Math.round(p.t * k) }));
    if (k > 1) {
      const end = Math.max(...(s.mobiles ?? []).flatMap((m) => (m.path ?? []).map((p) => p.t)));
      s.durationUs = Math.max(
        sc.durationUs,
        end + (sc.durationUs - Math.max(...sc.mobiles.flatMap((m) => m.path.map((p) => p.t)))),
      );
    }
  } else {
    const lose = lossDraws(seed, value, ['HI', 'F-BU']).filter((l) => l.count > 0);
    for (const r of s.routers ?? []) r.caps = { ...(r.caps ?? {}), loseFirst: lose };
  }
  return s;
}

/** The scenario object of one run (before validation): its base with the point's "what if" changes. */
export function pointScenario(spec: SweepSpec, value: number, mode: HandoverMode, seed: number): unknown {
  return applyParams(pointBase(spec, value, seed) ?? builtin(spec.scenario), pointWhatIf(spec, value, mode));
}

/** What one run measured: the handovers of its mobile nodes, summed (latency: the mean). */
export interface RunMeasures {
  /** Layer-3 handover latency, µs (last data packet on the old path to the first on the new); null if none. */
  latencyUs: number | null;
  lost: number;
  buffered: number;
  tunnelled: number;
  sigAirBytes: number;
  sigWireBytes: number;
  handovers: number;
  /** An anticipated mode whose handover fell back to standard Mobile IPv6 (e.g. the HI or F-BU was lost for good). */
  fellBack: boolean;
  /** The latency's parts (first handover): last old packet → link down, link down → up, up → first new packet. */
  beforeDownUs: number | null;
  l2Us: number | null;
  afterUpUs: number | null;
}

export function summariseRun(hs: readonly HandoverReport[], mode: HandoverMode): RunMeasures {
  const lat = hs.filter((h) => h.l3LatencyUs !== undefined).map((h) => h.l3LatencyUs!);
  const sum = (f: (h: HandoverReport) => number) => hs.reduce((n, h) => n + f(h), 0);
  const h0 = hs[0];
  const diff = (a: number | undefined, b: number | undefined) => (a !== undefined && b !== undefined ? a - b : null);
  return {
    latencyUs: lat.length ? Math.round(lat.reduce((a, b) => a + b, 0) / lat.length) : null,
    lost: sum((h) => h.lost),
    buffered: sum((h) => h.buffered),
    tunnelled: sum((h) => h.tunnelled),
    sigAirBytes: sum((h) => h.sigAirBytes),
    sigWireBytes: sum((h) => h.sigWireBytes),
    handovers: hs.length,
    fellBack: mode.startsWith('anticipated') && hs.some((h) => h.kind !== 'fast'),
    beforeDownUs: diff(h0?.l2DownUs, h0?.lastOldUs),
    l2Us: h0?.l2Us ?? null,
    afterUpUs: diff(h0?.firstNewUs, h0?.l2UpUs),
  };
}

/**
 * Validated scenarios of the points, kept for the seeds after the first (building and validating
 * a scenario costs about as much as running fig3 with the trace off). Keyed by the whole spec, so
 * a worker given another sweep starts afresh; the loss draws depend on the seed, so those are not kept.
 */
let cacheKey = '';
const cache = new Map<string, Scenario>();
function scenarioOf(spec: SweepSpec, job: Job): Scenario {
  if (spec.param === 'lossProbability') return resolveScenario(pointScenario(spec, job.value, job.mode, job.seed));
  const key = JSON.stringify(spec);
  if (key !== cacheKey) {
    cache.clear();
    cacheKey = key;
  }
  const k = `${job.value}|${job.mode}`;
  let sc = cache.get(k);
  if (!sc) cache.set(k, (sc = resolveScenario(pointScenario(spec, job.value, job.mode, job.seed))));
  return sc;
}

/** Runs one job with the trace off (measures only). Throws ScenarioInvalid for a scenario the engine refuses. */
export async function runJob(spec: SweepSpec, job: Job): Promise<RunMeasures> {
  const sc = scenarioOf(spec, job);
  const w = new World(sc, await codec(), { seed: job.seed, trace: false });
  w.start();
  w.runUntil(sc.durationUs);
  return summariseRun(w.measures.handovers, job.mode);
}

/** A finished run: its job and what it measured. */
export interface RunResult extends Job {
  m: RunMeasures;
}

/** Runs every job in this thread, in order (tests, one-worker baselines). `onRun` after each. */
export async function runSweepHere(
  spec: SweepSpec,
  opts: { onRun?: (r: RunResult, done: number, total: number) => void; only?: readonly Job[] } = {},
): Promise<RunResult[]> {
  const js = opts.only ?? jobs(spec);
  const out: RunResult[] = [];
  for (const j of js) {
    const r = { ...j, m: await runJob(spec, j) };
    out.push(r);
    opts.onRun?.(r, out.length, js.length);
  }
  return out;
}

export interface Stat {
  mean: number;
  min: number;
  max: number;
  /** Seeds that gave a value (latency may be missing when no packet got through). */
  n: number;
}

export type MeasureKey = 'latencyUs' | 'lost' | 'buffered' | 'tunnelled' | 'sigBytes';

/** The measures a plot can show, with their axis label and how a value reads in the axis unit. */
export const MEASURES: Record<MeasureKey, { label: string; unit: string; scale: number }> = {
  latencyUs: { label: 'L3 handover latency', unit: 'ms', scale: 1 / 1000 },
  lost: { label: 'Packets lost', unit: 'packets', scale: 1 },
  buffered: { label: 'Packets buffered', unit: 'packets', scale: 1 },
  tunnelled: { label: 'Packets tunnelled', unit: 'packets', scale: 1 },
  sigBytes: { label: 'Signalling bytes (air + wire)', unit: 'bytes', scale: 1 },
};

export function measureOf(m: RunMeasures, k: MeasureKey): number | null {
  return k === 'sigBytes' ? m.sigAirBytes + m.sigWireBytes : m[k];
}

export interface PointSummary {
  point: number;
  value: number;
  mode: HandoverMode;
  /** Seeds done at this point and mode (a cancelled sweep may have fewer than asked). */
  runs: number;
  stats: Record<MeasureKey, Stat | null>;
}

/** Per point and mode: mean, min and max over the seeds done. Sorted by point, then mode order. */
export function summarise(spec: SweepSpec, results: readonly RunResult[]): PointSummary[] {
  const groups = new Map<string, RunResult[]>();
  for (const r of results) {
    const k = `${r.point}|${r.mode}`;
    let g = groups.get(k);
    if (!g) groups.set(k, (g = []));
    g.push(r);
  }
  const out: PointSummary[] = [];
  for (const g of groups.values()) {
    const stats = {} as Record<MeasureKey, Stat | null>;
    for (const k of Object.keys(MEASURES) as MeasureKey[]) {
      const xs = g.map((r) => measureOf(r.m, k)).filter((x): x is number => x !== null);
      stats[k] = xs.length
        ? { mean: xs.reduce((a, b) => a + b, 0) / xs.length, min: Math.min(...xs), max: Math.max(...xs), n: xs.length }
        : null;
    }
    out.push({ point: g[0]!.point, value: g[0]!.value, mode: g[0]!.mode, runs: g.length, stats });
  }
  const order = (m: HandoverMode) => spec.modes.indexOf(m);
  return out.sort((a, b) => a.point - b.point || order(a.mode) - order(b.mode));
}

export { ScenarioInvalid };
