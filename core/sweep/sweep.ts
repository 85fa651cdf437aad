// Experiments (issue 14): a sweep runs one scenario over a range of one parameter, for several
// handover modes and several seeds per point, with the trace off (measures only), and returns
// per-point, per-mode, per-seed measures of the MN's handover. DOM-free and clock-free: the same
// job gives the same numbers in any worker, in any order (each run is its own World with its own
// seed), which is what lets the page and `npm run sim -- sweep` spread the jobs over workers.
//
// A run's scenario is built the way the lab builds it from the page's parameters (core/lab.ts
// `applyParams` over the built-in scenario), so a point clicked in the plot opens the very same run
// in the lab. Two parameters the lab's form does not have are applied on top: the MN's speed
// (the scripted path's times scaled) and the HI / F-BU loss probability (drawn per seed, below).
import { MODES, type HandoverMode, type LabParams } from '../protocol.ts';
import { applyParams } from '../lab.ts';
import { builtin, builtinIds } from '../scenario/builtin.ts';
import type { Scenario } from '../scenario/schema.ts';
import { resolveScenario, ScenarioInvalid, codec } from '../engine/run.ts';
import { World } from '../engine/world.ts';
import { Rng } from '../sim/kernel.ts';
import type { HandoverReport } from '../measures.ts';

export interface ParamInfo {
  label: string;
  unit: string;
  min: number;
  max: number;
  integer: boolean;
  /** What the parameter changes in the scenario, for the form's hint and the CSV header. */
  what: string;
}

/** The parameters a sweep can vary, named as the command line and the CSV name them. */
export const SWEEP_PARAMS = {
  l2HandoverMs: {
    label: 'Layer-2 handover time',
    unit: 'ms',
    min: 0,
    max: 5000,
    integer: false,
    what: 'radio.l2HandoverUs: link down to link up',
  },
  wiredDelayMs: {
    label: 'Wired delay between routers',
    unit: 'ms',
    min: 0,
    max: 1000,
    integer: false,
    what: 'one-way delay of every router-to-router link (oAR–nAR: HI/HACK, the tunnel)',
  },
  raIntervalMs: {
    label: 'RA interval (MaxRtrAdvInterval)',
    unit: 'ms',
    min: 1,
    max: 60000,
    integer: false,
    what: 'timers.raMaxUs; raMinUs kept at the scenario’s min/max ratio (Mobile IPv6: 30/70)',
  },
  speedMps: {
    label: 'MN speed',
    unit: 'm/s',
    min: 1,
    max: 1000,
    integer: false,
    what: 'the scripted path’s times scaled to this mean speed',
  },
  bufferPackets: {
    label: 'Buffer size at the nAR',
    unit: 'packets',
    min: 0,
    max: 10000,
    integer: true,
    what: 'caps.bufferPackets of every router (§5.2.1 U flag)',
  },
  lossProbability: {
    label: 'HI / F-BU loss probability',
    unit: '',
    min: 0,
    max: 0.95,
    integer: false,
    what: 'each HI and F-BU transmission lost with this probability until one gets through',
  },
} as const satisfies Record<string, ParamInfo>;

export type SweepParam = keyof typeof SWEEP_PARAMS;
export const SWEEP_PARAM_NAMES = Object.keys(SWEEP_PARAMS) as SweepParam[];

/** Limits that keep a sweep a classroom experiment rather than a denial of service. */
export const LIMITS = { points: 201, seeds: 100, runs: 20_000, seedMax: 2 ** 31 - 1 } as const;

export interface SweepSpec {
  /** A built-in scenario id (`npm run sim -- --list`). */
  scenario: string;
  param: SweepParam;
  from: number;
  to: number;
  step: number;
  modes: HandoverMode[];
  /** Seeds per point: seedStart, seedStart + 1, … */
  seeds: number;
  seedStart: number;
  /** The nAR buffers for the arriving MN (HI U flag, §5.2.1); the lab's default is on. */
  buffering: boolean;
}

export interface SweepError {
  /** The field of the sweep at fault: `param`, `from`, `modes[2]`, … */
  field: string;
  message: string;
}

export class SweepInvalid extends Error {
  constructor(readonly errors: SweepError[]) {
    super(`invalid sweep:\n${errors.map((e) => `${e.field}: ${e.message}`).join('\n')}`);
  }
}

function show(v: unknown): string {
  const s = v === undefined ? 'nothing' : (JSON.stringify(v) ?? String(v));
  return s.length > 40 ? s.slice(0, 37) + '...' : s;
}

/** Number of points of a range (from, from + step, … ≤ to), with a tolerance for decimal steps. */
export function pointCount(from: number, to: number, step: number): number {
  if (from === to) return 1;
  return Math.floor((to - from) / step + 1e-9) + 1;
}

/** The parameter's values, rounded to 1e-9 so 0.1 steps do not drift (0.30000000000000004). */
export function pointValues(spec: Pick<SweepSpec, 'from' | 'to' | 'step'>): number[] {
  const n = pointCount(spec.from, spec.to, spec.step);
  return Array.from({ length: n }, (_, i) => Math.round((spec.from + i * spec.step) * 1e9) / 1e9);
}

/**
 * Untrusted input (the page's form, the command line, a CSV header) → a sweep, or every problem
 * with the field it is in. Never throws.
 */
export function validateSweep(input: unknown): { ok: true; spec: SweepSpec } | { ok: false; errors: SweepError[] } {
  const errors: SweepError[] = [];
  const err = (field: string, message: string) => errors.push({ field, message });
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return { ok: false, errors: [{ field: 'sweep', message: `expected an object, got ${show(input)}` }] };
  const o = input as Record<string, unknown>;

  const ids = builtinIds();
  const scenario = o.scenario;
  if (typeof scenario !== 'string' || !ids.includes(scenario))
    err('scenario', `expected a built-in scenario id (${ids.slice(0, 6).join(', ')}, …), got ${show(scenario)}`);

  const param = o.param;
  const info = typeof param === 'string' ? (SWEEP_PARAMS as Record<string, ParamInfo>)[param] : undefined;
  if (!info) err('param', `expected one of ${SWEEP_PARAM_NAMES.join(', ')}, got ${show(param)}`);

  const num = (k: 'from' | 'to' | 'step'): number | undefined => {
    const v = o[k];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      err(k, `expected a number, got ${show(v)}`);
      return undefined;
    }
    return v;
  };
  const from = num('from');
  const to = num('to');
  const step = num('step');
  if (info && from !== undefined && to !== undefined) {
    const unit = info.unit ? ` ${info.unit}` : '';
    for (const [k, v] of [
      ['from', from],
      ['to', to],
    ] as const) {
      if (v < info.min || v > info.max)
        err(k, `${info.label} must be between ${info.min} and ${info.max}${unit}, got ${v}`);
      else if (info.integer && !Number.isInteger(v)) err(k, `${info.label} must be a whole number, got ${v}`);
    }
    if (to < from) err('to', `must not be below from (${from}), got ${to}`);
  }
  if (step !== undefined) {
    if (step <= 0) err('step', `must be above 0, got ${step}`);
    else if (info?.integer && !Number.isInteger(step)) err('step', `${info.label} steps must be whole, got ${step}`);
    else if (from !== undefined && to !== undefined && to >= from && pointCount(from, to, step) > LIMITS.points)
      err('step', `gives ${pointCount(from, to, step)} points; at most ${LIMITS.points}`);
  }

  let modes: HandoverMode[] = [];
  if (!Array.isArray(o.modes) || o.modes.length === 0)
    err('modes', `expected a list of modes (${MODES.join(', ')}), got ${show(o.modes)}`);
  else {
    o.modes.forEach((m, i) => {
      if (!(MODES as readonly unknown[]).includes(m))
        err(`modes[${i}]`, `expected one of ${MODES.join(', ')}, got ${show(m)}`);
      else if (modes.includes(m as HandoverMode)) err(`modes[${i}]`, `${m} is listed twice`);
      else modes.push(m as HandoverMode);
    });
  }
  if (errors.some((e) => e.field.startsWith('modes'))) modes = [];

  const int = (k: string, def: number, min: number, max: number): number => {
    const v = o[k] ?? def;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      err(k, `expected a whole number from ${min} to ${max}, got ${show(o[k])}`);
      return def;
    }
    return v;
  };
  const seeds = int('seeds', 1, 1, LIMITS.seeds);
  const seedStart = int('seedStart', 1, 0, LIMITS.seedMax);
  if (seedStart + seeds - 1 > LIMITS.seedMax) err('seeds', `the last seed would pass ${LIMITS.seedMax}`);
  const buffering = o.buffering ?? true;
  if (typeof buffering !== 'boolean') err('buffering', `expected true or false, got ${show(o.buffering)}`);

  if (errors.length === 0) {
    const runs = pointCount(from!, to!, step!) * modes.length * seeds;
    if (runs > LIMITS.runs) err('seeds', `${runs} runs (points × modes × seeds); at most ${LIMITS.runs}`);
  }
  if (errors.length === 0) {
    const sc = resolveScenario(scenario as string);
    if (sc.mobiles.length === 0) err('scenario', `${String(scenario)} has no mobile node to hand over`);
    else if (!sc.traffic.some((t) => t.dir === 'down'))
      err('scenario', `${String(scenario)} has no downstream traffic: no handover latency to measure`);
    if (param === 'speedMps' && !sc.mobiles.some((m) => pathSpeed(m.path) > 0))
      err('param', `${String(scenario)}'s mobile nodes have no scripted movement to speed up`);
  }
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    spec: {
      scenario: scenario as string,
      param: param as SweepParam,
      from: from!,
      to: to!,
      step: step!,
      modes,
      seeds,
      seedStart,
      buffering: buffering as boolean,
    },
  };
}

/** Mean speed of a scripted path (length / duration), m/s; 0 for a standing MN. */
export function pathSpeed(path: readonly { t: number; x: number; y: number }[]): number {
  let len = 0;
  for (let i = 1; i < path.length; i++) len += Math.hypot(path[i]!.x - path[i - 1]!.x, path[i]!.y - path[i - 1]!.y);
  const dt = path.length > 1 ? path[path.length - 1]!.t - path[0]!.t : 0;
  return dt > 0 ? len / (dt / 1e6) : 0;
}

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

export function scenarioParams(id: string, mode: HandoverMode, buffering: boolean): LabParams {
  const sc = written(id);
  const routers = new Set(sc.routers.map((r) => r.name));
  const wired = sc.links.find((l) => routers.has(l.a) && routers.has(l.b));
  return {
    mode,
    wiredDelayUs: wired?.delayUs ?? 2_000,
    l2HandoverUs: sc.radio.l2HandoverUs,
    raMinUs: sc.timers.raMinUs,
    raMaxUs: sc.timers.raMaxUs,
    buffering,
    bufferPackets: sc.routers[0]?.caps.bufferPackets ?? 64,
  };
}

/**
 * The lab's parameters of one point, when the lab's form can express the swept parameter (then
 * the page opens the run with these); undefined for speed and loss probability (the page opens
 * the scenario object of `pointScenario` instead).
 */
export function pointParams(spec: SweepSpec, value: number, mode: HandoverMode): LabParams | undefined {
  const p = scenarioParams(spec.scenario, mode, spec.buffering);
  switch (spec.param) {
    case 'l2HandoverMs':
      return { ...p, l2HandoverUs: Math.round(value * 1000) };
    case 'wiredDelayMs':
      return { ...p, wiredDelayUs: Math.round(value * 1000) };
    case 'raIntervalMs': {
      const raMaxUs = Math.round(value * 1000);
      const raMinUs = Math.max(1, Math.round((raMaxUs * p.raMinUs) / p.raMaxUs));
      return { ...p, raMinUs, raMaxUs };
    }
    case 'bufferPackets':
      return { ...p, bufferPackets: value };
    default:
      return undefined;
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

/** The scenario object of one run (before validation): the lab's parameters plus speed and loss. */
export function pointScenario(spec: SweepSpec, value: number, mode: HandoverMode, seed: number): unknown {
  const params = pointParams(spec, value, mode) ?? scenarioParams(spec.scenario, mode, spec.buffering);
  const s = applyParams(builtin(spec.scenario), params) as Record<string, unknown> & {
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
  }
  if (spec.param === 'lossProbability') {
    const lose = lossDraws(seed, value, ['HI', 'F-BU']).filter((l) => l.count > 0);
    for (const r of s.routers ?? []) r.caps = { ...(r.caps ?? {}), loseFirst: lose };
  }
  return s;
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

/** A validated spec or a SweepInvalid naming the fields. */
export function mustSweep(input: unknown): SweepSpec {
  const v = validateSweep(input);
  if (!v.ok) throw new SweepInvalid(v.errors);
  return v.spec;
}

export { ScenarioInvalid };
