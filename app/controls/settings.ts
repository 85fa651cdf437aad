// The user's choices — scenario, seed, handover mode and the main parameters — and their
// validation. Pure functions (no DOM, no Svelte) so the rules are unit-tested: a value the page
// shows as invalid never reaches the engine, stored data and URL parameters go through the same
// checks, and bad input is reported, never a crash.
import { MODES, type HandoverMode, type LabParams } from '../../core/protocol.ts';

export interface Settings {
  scenario: string;
  seed: number;
  params: LabParams;
}

/** Defaults follow the engine's (core/scenario/schema.ts) and Mobile IPv6's RA interval. */
export const DEFAULT_PARAMS: LabParams = {
  mode: 'anticipated-mobile-stateless',
  wiredDelayUs: 2_000,
  l2HandoverUs: 50_000,
  raMinUs: 30_000,
  raMaxUs: 70_000,
  buffering: true,
  bufferPackets: 64,
};

export const DEFAULT_SETTINGS: Settings = { scenario: 'fig3', seed: 1, params: DEFAULT_PARAMS };

export const MODE_LABELS: Record<HandoverMode, string> = {
  mipv6: 'Standard Mobile IPv6 (baseline)',
  'anticipated-mobile-stateless': 'Anticipated, mobile-initiated, stateless nCoA (Figure 3)',
  'anticipated-mobile-stateful': 'Anticipated, mobile-initiated, stateful nCoA (§3.1.4, §3.1.6)',
  'anticipated-network-stateless': 'Anticipated, network-initiated, stateless nCoA (Figure 1)',
  'anticipated-network-stateful': 'Anticipated, network-initiated, stateful nCoA (Figure 2)',
  beth: 'Tunnel-based, BETH (§3.2–§3.5)',
};

/** Modes the engine does not offer yet, with the reason the control shows. */
export const UNAVAILABLE_MODES: Partial<Record<HandoverMode, string>> = {};

/** A numeric field of the form: shown in `unit`, stored in µs (or as a count). */
export interface NumberField {
  key: 'wiredDelayUs' | 'l2HandoverUs' | 'raMinUs' | 'raMaxUs' | 'bufferPackets';
  label: string;
  unit: 'ms' | 'packets';
  min: number;
  max: number;
  /** Whole numbers only (counts). */
  integer: boolean;
  hint: string;
}

export const NUMBER_FIELDS: readonly NumberField[] = [
  {
    key: 'wiredDelayUs',
    label: 'Wired link delay',
    unit: 'ms',
    min: 0,
    max: 1000,
    integer: false,
    hint: 'one way, every wired link',
  },
  {
    key: 'l2HandoverUs',
    label: 'Layer-2 handover time',
    unit: 'ms',
    min: 0,
    max: 5000,
    integer: false,
    hint: 'link down to link up',
  },
  {
    key: 'raMinUs',
    label: 'RA interval, min',
    unit: 'ms',
    min: 1,
    max: 60000,
    integer: false,
    hint: 'Mobile IPv6: 30 ms',
  },
  {
    key: 'raMaxUs',
    label: 'RA interval, max',
    unit: 'ms',
    min: 1,
    max: 60000,
    integer: false,
    hint: 'Mobile IPv6: 70 ms',
  },
  {
    key: 'bufferPackets',
    label: 'Buffer size',
    unit: 'packets',
    min: 0,
    max: 10000,
    integer: true,
    hint: 'per MN at the nAR (§5.2.1 U flag)',
  },
];

export type FieldResult = { ok: true; value: number } | { ok: false; error: string };

/** Parses the text typed in a numeric field into its stored value (µs for ms fields). */
export function parseField(field: NumberField, text: string): FieldResult {
  const s = text.trim();
  if (s === '') return { ok: false, error: `${field.label} is required.` };
  // Plain decimal numbers only: "1e3", "0x10" or "12abc" are not what a student means.
  if (!/^-?\d+(\.\d+)?$/.test(s) && !/^-?\.\d+$/.test(s))
    return { ok: false, error: `${field.label} must be a number${field.unit === 'ms' ? ' of milliseconds' : ''}.` };
  const n = Number(s);
  if (field.integer && !Number.isInteger(n)) return { ok: false, error: `${field.label} must be a whole number.` };
  if (n < field.min || n > field.max)
    return { ok: false, error: `${field.label} must be between ${field.min} and ${field.max} ${field.unit}.` };
  if (field.unit === 'ms') {
    const us = Math.round(n * 1000);
    if (Math.abs(us - n * 1000) > 1e-6) return { ok: false, error: `${field.label}: at most 3 decimals (1 µs).` };
    return { ok: true, value: us };
  }
  return { ok: true, value: n };
}

/** The text a field shows for a stored value. */
export function formatField(field: NumberField, value: number): string {
  return field.unit === 'ms' ? String(value / 1000) : String(value);
}

/** Rules across fields; returns errors keyed by the field that shows them. */
export function crossCheck(p: Pick<LabParams, 'raMinUs' | 'raMaxUs'>): Partial<Record<NumberField['key'], string>> {
  // RFC 3775 §7.5 / RFC 2461 §6.2.1: MinRtrAdvInterval must not exceed MaxRtrAdvInterval.
  if (p.raMinUs > p.raMaxUs) return { raMaxUs: 'RA interval, max must be at least the min.' };
  return {};
}

export const SEED_MAX = 2 ** 31 - 1;

export function parseSeed(text: string): FieldResult {
  const s = text.trim();
  if (!/^\d{1,10}$/.test(s) || Number(s) > SEED_MAX)
    return { ok: false, error: `Seed must be a whole number from 0 to ${SEED_MAX}.` };
  return { ok: true, value: Number(s) };
}

const SCENARIO_ID = /^[a-z0-9][a-z0-9-]{0,40}$/;

/** Whole-object validation, for data from outside (localStorage, old versions). */
export function validateSettings(v: unknown): { ok: true; settings: Settings } | { ok: false; error: string } {
  if (typeof v !== 'object' || v === null) return { ok: false, error: 'not an object' };
  const o = v as Record<string, unknown>;
  if (typeof o.scenario !== 'string' || !SCENARIO_ID.test(o.scenario)) return { ok: false, error: 'bad scenario id' };
  if (!Number.isInteger(o.seed) || (o.seed as number) < 0 || (o.seed as number) > SEED_MAX)
    return { ok: false, error: 'bad seed' };
  if (typeof o.params !== 'object' || o.params === null) return { ok: false, error: 'no parameters' };
  const p = o.params as Record<string, unknown>;
  if (!(MODES as readonly unknown[]).includes(p.mode)) return { ok: false, error: 'unknown mode' };
  if (typeof p.buffering !== 'boolean') return { ok: false, error: 'bad buffering flag' };
  const params = { mode: p.mode as HandoverMode, buffering: p.buffering } as LabParams;
  for (const f of NUMBER_FIELDS) {
    const raw = p[f.key];
    if (typeof raw !== 'number') return { ok: false, error: `bad ${f.key}` };
    const r = parseField(f, formatField(f, raw));
    if (!r.ok || r.value !== raw) return { ok: false, error: `bad ${f.key}` };
    params[f.key] = r.value;
  }
  if (Object.keys(crossCheck(params)).length > 0) return { ok: false, error: 'RA interval min above max' };
  return { ok: true, settings: { scenario: o.scenario, seed: o.seed as number, params } };
}

/** localStorage key; the version changes whenever the stored shape does. */
export const STORAGE_KEY = 'fmip-lab.settings.v1';

/** Reads stored settings; bad or foreign data is ignored with a notice, never thrown. */
export function loadStored(raw: string | null): { settings: Settings | null; notice: string | null } {
  if (raw === null) return { settings: null, notice: null };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { settings: null, notice: 'Saved settings could not be read (not JSON); the defaults are used.' };
  }
  const r = validateSettings(parsed);
  if (!r.ok) return { settings: null, notice: `Saved settings were ignored (${r.error}); the defaults are used.` };
  return { settings: r.settings, notice: null };
}

export function storeSettings(s: Settings): string {
  return JSON.stringify(s);
}

/** The lab page's own URL parameters (`testhooks=1` is read by App.svelte for the browser tests). */
export const LAB_URL_PARAMS = ['scenario', 'seed', 'mode', 'testhooks'] as const;

/**
 * A URL parameter's value as an error message shows it: quoted, never the whole of a huge one,
 * and with control and bidirectional-override characters escaped so they cannot garble the message.
 */
export function shownParam(v: string): string {
  const short = v.length > 60 ? v.slice(0, 57) + '...' : v;
  return JSON.stringify(short).replace(
    /[\u007f-\u009f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * URL parameters: ?scenario=fig3&seed=2&mode=mipv6. Each bad one is reported and ignored; the
 * scenario id is checked against the catalogue later, when it is known. With `known`, a parameter
 * not in it is reported too (a typo such as `?sede=4` should not pass in silence).
 */
export function applyUrl(
  base: Settings,
  search: string,
  known?: readonly string[],
): { settings: Settings; errors: string[] } {
  const q = new URLSearchParams(search);
  const errors: string[] = [];
  if (known)
    for (const k of new Set(q.keys()))
      if (!known.includes(k))
        errors.push(`URL parameter ${shownParam(k)} is not one the lab reads (${known.join(', ')}).`);
  const settings: Settings = { ...base, params: { ...base.params } };
  const scenario = q.get('scenario');
  if (scenario !== null) {
    if (SCENARIO_ID.test(scenario)) settings.scenario = scenario;
    else
      errors.push(`URL parameter scenario=${shownParam(scenario)} is not a scenario id (letters, digits and dashes).`);
  }
  const seed = q.get('seed');
  if (seed !== null) {
    const r = parseSeed(seed);
    if (r.ok) settings.seed = r.value;
    else errors.push(`URL parameter seed=${shownParam(seed)}: ${r.error}`);
  }
  const mode = q.get('mode');
  if (mode !== null) {
    if ((MODES as readonly string[]).includes(mode) && !UNAVAILABLE_MODES[mode as HandoverMode])
      settings.params.mode = mode as HandoverMode;
    else
      errors.push(
        `URL parameter mode=${shownParam(mode)} is not an available handover mode (${availableModes().join(', ')}).`,
      );
  }
  return { settings, errors };
}

export function availableModes(): HandoverMode[] {
  return MODES.filter((m) => !UNAVAILABLE_MODES[m]);
}
