// A sweep's specification (issue 14): the parameters a sweep can vary, with their units and
// limits, the spec itself, its points, and the validation of untrusted input (the page's form,
// the command line, a CSV header) that names the field at fault. Split out of sweep.ts, which
// runs the spec's jobs and summarises them (and re-exports everything here).
import { MODES, type HandoverMode } from '../protocol.ts';
import { builtinIds } from '../scenario/builtin.ts';
import { resolveScenario } from '../engine/run.ts';

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
    what: 'the time from link down to link up at every handover (the scenario’s radio.l2HandoverUs)',
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
    what: 'the routers’ longest RA interval; the shortest kept at the scenario’s ratio (Mobile IPv6: 30/70 ms)',
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
    what: 'how many packets every router buffers per MN (§5.2.1 U flag)',
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

/** A validated spec or a SweepInvalid naming the fields. */
export function mustSweep(input: unknown): SweepSpec {
  const v = validateSweep(input);
  if (!v.ok) throw new SweepInvalid(v.errors);
  return v.spec;
}
