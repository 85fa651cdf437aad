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
  mobiles: { name: string; x: number; y: number }[];
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

const isInt = (v: unknown, lo: number, hi: number): boolean =>
  Number.isInteger(v) && (v as number) >= lo && (v as number) <= hi;

/** Structural check of parameters crossing into the worker (the page validates them first). */
export function isLabParams(v: unknown): v is LabParams {
  if (typeof v !== 'object' || v === null) return false;
  const p = v as Record<string, unknown>;
  return (
    (MODES as readonly unknown[]).includes(p.mode) &&
    isInt(p.wiredDelayUs, 0, 10_000_000) &&
    isInt(p.l2HandoverUs, 0, 10_000_000) &&
    isInt(p.raMinUs, 1, 100_000_000) &&
    isInt(p.raMaxUs, 1, 100_000_000) &&
    (p.raMinUs as number) <= (p.raMaxUs as number) &&
    typeof p.buffering === 'boolean' &&
    isInt(p.bufferPackets, 0, 100_000)
  );
}

/** Structural check of "what if" changes: each key optional, each present one valid. */
export function isWhatIf(v: unknown): v is WhatIf {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const p = v as Record<string, unknown>;
  const known = ['mode', 'wiredDelayUs', 'l2HandoverUs', 'raMinUs', 'raMaxUs', 'buffering', 'bufferPackets'];
  if (Object.keys(p).some((k) => !known.includes(k))) return false;
  const opt = (k: string, ok: (x: unknown) => boolean) => p[k] === undefined || ok(p[k]);
  return (
    opt('mode', (x) => (MODES as readonly unknown[]).includes(x)) &&
    opt('wiredDelayUs', (x) => isInt(x, 0, 10_000_000)) &&
    opt('l2HandoverUs', (x) => isInt(x, 0, 10_000_000)) &&
    opt('raMinUs', (x) => isInt(x, 1, 100_000_000)) &&
    opt('raMaxUs', (x) => isInt(x, 1, 100_000_000)) &&
    (p.raMinUs === undefined || p.raMaxUs === undefined || (p.raMinUs as number) <= (p.raMaxUs as number)) &&
    opt('buffering', (x) => typeof x === 'boolean') &&
    opt('bufferPackets', (x) => isInt(x, 0, 100_000))
  );
}

export function isRequest(v: unknown): v is Request {
  if (typeof v !== 'object' || v === null) return false;
  const m = v as Record<string, unknown>;
  if (typeof m.id !== 'number') return false;
  switch (m.type) {
    case 'catalogue':
    case 'crash':
      return true;
    case 'load':
      return (
        typeof m.seed === 'number' &&
        typeof m.scenario === 'object' &&
        m.scenario !== null &&
        (m.params === undefined || isWhatIf(m.params)) &&
        (m.baseline === undefined || typeof m.baseline === 'boolean')
      );
    case 'move':
      return (
        typeof m.node === 'string' &&
        Number.isFinite(m.x) &&
        Number.isFinite(m.y) &&
        (m.at === undefined || (Number.isInteger(m.at) && (m.at as number) >= 0))
      );
    case 'advance':
      return (
        Number.isInteger(m.to) &&
        (m.to as number) >= 0 &&
        (m.untilRecord === undefined || typeof m.untilRecord === 'boolean')
      );
    default:
      return false;
  }
}
