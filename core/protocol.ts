// The one typed protocol between the page and the engine's Web Worker (svelte.dev's REPL
// worker client is the model). Every request carries an id; every reply names the id it
// answers, so the client can drop stale replies. The page owns wall-clock time: it asks the
// worker to advance virtual time; core/ never reads a clock.
import type { Micros, TraceRecord } from './trace.ts';

export interface ScenarioRef {
  /** A built-in scenario id (e.g. "fig3", or "skeleton") or an inline scenario object. */
  id?: string;
  inline?: unknown;
}

/**
 * Handover modes the lab offers (§3.1): standard Mobile IPv6 as the baseline; the anticipated
 * handover, mobile-initiated (the MN has the predictive information, Figure 3) or network-initiated
 * (the oAR has it, Figures 1–2), with a stateless (§3.1.3) or stateful (§3.1.4) nCoA; and the
 * tunnel-based handovers of §3.2–§3.5 (BETH), which arrive with issue 5.
 */
export const MODES = [
  'mipv6',
  'anticipated-mobile-stateless',
  'anticipated-mobile-stateful',
  'anticipated-network-stateless',
  'anticipated-network-stateful',
  'beth',
] as const;
export type HandoverMode = (typeof MODES)[number];

/** The main parameters a student may change; every field already validated by the page. */
export interface LabParams {
  mode: HandoverMode;
  /** One-way delay of every wired link between routers, µs. */
  wiredDelayUs: number;
  /** Layer-2 handover duration (link down to link up), µs. */
  l2HandoverUs: number;
  /** Router Advertisement interval bounds (Mobile IPv6: 30–70 ms), µs. */
  raMinUs: number;
  raMaxUs: number;
  /** The nAR buffers packets for the arriving MN when the HI's U flag asks (§5.2.1). */
  buffering: boolean;
  /** Buffer bound, packets per MN. */
  bufferPackets: number;
}

/**
 * "What if" changes over a scenario as written: only the keys given are applied (core/lab.ts
 * applyParams); an empty object or none at all runs exactly the scenario.
 */
export type WhatIf = Partial<LabParams>;

/**
 * A scenario's own values for the page's controls, as written: `null` where they vary inside the
 * scenario (per router, per link — the §4 mosaic's modes, Figure 4's link delays).
 */
export type WrittenParams = { [K in keyof LabParams]: LabParams[K] | null };

export interface ScenarioInfo {
  id: string;
  title: string;
  description: string;
  written: WrittenParams;
}

export type Request =
  | { type: 'catalogue'; id: number }
  | {
      type: 'load';
      id: number;
      scenario: ScenarioRef;
      seed: number;
      /** "What if" changes over the scenario's own values; absent or empty = the scenario as written. */
      params?: WhatIf;
      /** Also run standard Mobile IPv6 on the same movement, for the measures' comparison. */
      baseline?: boolean;
    }
  /**
   * Live movement of a node. With `at`, at that virtual time (the engine first runs to it; a time
   * it has already passed means its present); without, at the engine's present.
   */
  | { type: 'move'; id: number; node: string; x: number; y: number; at?: Micros }
  /**
   * Run virtual time to `to`. With `untilRecord`, stop early, at the end of the first 100 µs slice
   * that produced a record, so "step forward" at the live edge lands on the next event.
   */
  | { type: 'advance'; id: number; to: Micros; untilRecord?: boolean }
  /** Test hook: make the worker fail as a real crash would (an uncaught error in the worker). */
  | { type: 'crash'; id: number };

export type Reply =
  | { type: 'catalogue'; id: number; scenarios: ScenarioInfo[] }
  | { type: 'loaded'; id: number; topology: Topology; now: Micros; baseline: boolean }
  | {
      type: 'records';
      id: number;
      records: TraceRecord[];
      now: Micros;
      /** The baseline (standard MIPv6) run's records over the same interval, when one runs. */
      baseline?: TraceRecord[];
    }
  | { type: 'error'; id: number; message: string; where?: string };

/** What the page needs to draw the world; derived from the scenario by the engine. */
export interface Topology {
  routers: { name: string; x: number; y: number; radius: number; prefix: string; lla: string }[];
  mobiles: {
    name: string;
    x: number;
    y: number;
    /** §8: the scenario's attacker (a node of security.attacks), drawn as such. */
    attacker?: boolean;
    /** The cell the mobile starts attached to (the engine's own choice at t=0); absent: detached. */
    startsOn?: string;
  }[];
  /** Wired links; an end may be a router, the home agent or the correspondent node. */
  links: { a: string; b: string; delayUs: number }[];
  /** The home agent and correspondent node, placed for drawing (absent in the skeleton world). */
  hosts?: { name: string; kind: 'HA' | 'CN'; x: number; y: number; address: string }[];
  /** Scripted movement per mobile (piecewise-linear, t in µs), so the page can draw it; a live move replaces it. */
  paths?: Record<string, { t: Micros; x: number; y: number }[]>;
  /** How long the scenario's script runs (its movement and what follows), µs: "Run to end" goes there. */
  durationUs?: Micros;
  /** Width and height of the world, in metres. */
  width: number;
  height: number;
}

/** Latest virtual time a request may name: an hour, as scenario files and runs allow (durationUs, run.ts). */
export const MAX_VIRTUAL_US = 3_600_000_000;
/** Positions are metres; a world is at most this far from its origin (run files use the same bound). */
export const MAX_COORD_M = 1e7;
/** Seeds are 32-bit (the engine's mulberry32 state; run files take 0 … 2^32-1). */
export const MAX_SEED = 0xffffffff;
const MAX_NAME = 64;

/** What is wrong with a request crossing into the worker, and where (a field path). */
export interface ProtocolProblem {
  /** The field, e.g. `request.params.raMinUs` or `request` for the message itself. */
  where: string;
  /** What was expected there and what came, e.g. `expected an integer from 1 to 100000000, got -5`. */
  message: string;
}

/** A short, printable rendering of an untrusted value for an error message (never the whole of a huge one). */
export function showValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  let s: string;
  try {
    s = typeof v === 'string' ? JSON.stringify(v) : (JSON.stringify(v) ?? String(v));
  } catch {
    s = Object.prototype.toString.call(v);
  }
  return s.length > 60 ? s.slice(0, 57) + '...' : s;
}

type Check = (v: unknown) => string | null;
const int =
  (lo: number, hi: number): Check =>
  (v) =>
    Number.isInteger(v) && (v as number) >= lo && (v as number) <= hi ? null : `an integer from ${lo} to ${hi}`;
const bool: Check = (v) => (typeof v === 'boolean' ? null : 'true or false');
const name: Check = (v) =>
  typeof v === 'string' && v.length > 0 && v.length <= MAX_NAME ? null : `a name of 1 to ${MAX_NAME} characters`;
const coord: Check = (v) =>
  Number.isFinite(v) && Math.abs(v as number) <= MAX_COORD_M ? null : `a position in metres within ±${MAX_COORD_M}`;
const time = int(0, MAX_VIRTUAL_US);

/** The parameters' rules, one per field (the page's controls have tighter, friendlier ones). */
const PARAM_RULES: Record<keyof LabParams, Check> = {
  mode: (v) => ((MODES as readonly unknown[]).includes(v) ? null : `one of ${MODES.map((m) => `"${m}"`).join(', ')}`),
  wiredDelayUs: int(0, 10_000_000),
  l2HandoverUs: int(0, 10_000_000),
  raMinUs: int(1, 100_000_000),
  raMaxUs: int(1, 100_000_000),
  buffering: bool,
  bufferPackets: int(0, 100_000),
};

function fields(
  o: Record<string, unknown>,
  where: string,
  required: Record<string, Check>,
  optional: Record<string, Check> = {},
): ProtocolProblem | null {
  for (const k of Object.keys(o))
    if (!Object.hasOwn(required, k) && !Object.hasOwn(optional, k))
      return {
        where: `${where}.${k}`,
        message: `unknown field (expected only ${[...Object.keys(required), ...Object.keys(optional)].join(', ')})`,
      };
  for (const [k, check] of Object.entries(required)) {
    const e = check(o[k]);
    if (e !== null) return { where: `${where}.${k}`, message: `expected ${e}, got ${showValue(o[k])}` };
  }
  for (const [k, check] of Object.entries(optional)) {
    if (o[k] === undefined) continue;
    const e = check(o[k]);
    if (e !== null) return { where: `${where}.${k}`, message: `expected ${e}, got ${showValue(o[k])}` };
  }
  return null;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The first problem with lab parameters from outside (a run file, the worker's input), or null. */
export function checkLabParams(v: unknown, where = 'params'): ProtocolProblem | null {
  if (!isPlainObject(v))
    return { where, message: `expected an object {${Object.keys(PARAM_RULES).join(', ')}}, got ${showValue(v)}` };
  const p = fields(v, where, PARAM_RULES);
  if (p) return p;
  // RFC 2461 §6.2.1: MinRtrAdvInterval must not exceed MaxRtrAdvInterval.
  if ((v.raMinUs as number) > (v.raMaxUs as number))
    return {
      where: `${where}.raMaxUs`,
      message: `expected at least raMinUs (${showValue(v.raMinUs)}), got ${showValue(v.raMaxUs)}`,
    };
  return null;
}

/** Structural check of parameters crossing into the worker (the page validates them first). */
export function isLabParams(v: unknown): v is LabParams {
  return checkLabParams(v) === null;
}

function checkScenarioRef(v: unknown, where: string): ProtocolProblem | null {
  if (!isPlainObject(v)) return { where, message: `expected {id} or {inline}, got ${showValue(v)}` };
  const p = fields(v, where, {}, { id: name, inline: (x) => (isPlainObject(x) ? null : 'a scenario object') });
  if (p) return p;
  if ((v.id === undefined) === (v.inline === undefined))
    return { where, message: `expected exactly one of id (a built-in scenario) or inline (a scenario object)` };
  return null;
}

const REQUEST_FIELDS: Record<Request['type'], { required: Record<string, Check>; optional?: Record<string, Check> }> = {
  catalogue: { required: {} },
  load: {
    required: {
      seed: int(0, MAX_SEED),
      scenario: (v) => (isPlainObject(v) ? null : '{id} or {inline}'),
    },
    optional: { params: (v) => (isPlainObject(v) ? null : 'the "what if" parameters'), baseline: bool },
  },
  move: { required: { node: name, x: coord, y: coord }, optional: { at: time } },
  advance: { required: { to: time }, optional: { untilRecord: bool } },
  crash: { required: {} },
};

/** A request's id when it has a usable one (so an error reply can answer it), else -1. */
export function requestId(v: unknown): number {
  const id = isPlainObject(v) ? v.id : undefined;
  return Number.isSafeInteger(id) && (id as number) >= 0 ? (id as number) : -1;
}

/**
 * Checks a message from the page before the worker acts on it: the first problem, naming the field
 * (`request.params.raMinUs`) and what was expected, or the request itself. Never throws, whatever
 * the message (it may come from any script on the page).
 */
export function checkRequest(
  v: unknown,
): { ok: true; request: Request } | ({ ok: false; id: number } & ProtocolProblem) {
  const id = requestId(v);
  const fail = (p: ProtocolProblem) => ({ ok: false as const, id, ...p });
  if (!isPlainObject(v))
    return fail({ where: 'request', message: `expected an object {type, id, …}, got ${showValue(v)}` });
  if (id < 0)
    return fail({
      where: 'request.id',
      message: `expected a whole number from 0 (the client's request id), got ${showValue(v.id)}`,
    });
  const types = Object.keys(REQUEST_FIELDS);
  if (typeof v.type !== 'string' || !types.includes(v.type))
    return fail({ where: 'request.type', message: `expected one of ${types.join(', ')}, got ${showValue(v.type)}` });
  const spec = REQUEST_FIELDS[v.type as Request['type']];
  const p = fields(v, 'request', { type: () => null, id: () => null, ...spec.required }, spec.optional);
  if (p) return fail(p);
  if (v.type === 'load') {
    const q =
      checkScenarioRef(v.scenario, 'request.scenario') ??
      (v.params === undefined ? null : checkWhatIf(v.params, 'request.params'));
    if (q) return fail(q);
  }
  return { ok: true, request: v as unknown as Request };
}

/**
 * The first problem with "what if" changes from outside (the worker's input, a run file), or null:
 * each key optional, each present one by its rule, no other key.
 */
export function checkWhatIf(v: unknown, where = 'params'): ProtocolProblem | null {
  if (!isPlainObject(v))
    return {
      where,
      message: `expected an object with some of ${Object.keys(PARAM_RULES).join(', ')}, got ${showValue(v)}`,
    };
  const p = fields(v, where, {}, PARAM_RULES);
  if (p) return p;
  // RFC 2461 §6.2.1: MinRtrAdvInterval must not exceed MaxRtrAdvInterval.
  if (v.raMinUs !== undefined && v.raMaxUs !== undefined && (v.raMinUs as number) > (v.raMaxUs as number))
    return {
      where: `${where}.raMaxUs`,
      message: `expected at least raMinUs (${showValue(v.raMinUs)}), got ${showValue(v.raMaxUs)}`,
    };
  return null;
}

/** Structural check of "what if" changes. */
export function isWhatIf(v: unknown): v is WhatIf {
  return checkWhatIf(v) === null;
}

export function isRequest(v: unknown): v is Request {
  return checkRequest(v).ok;
}
