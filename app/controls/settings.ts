// The user's choices — scenario, seed, and "what if" changes of the handover mode and the main
// parameters over the scenario as written — and their validation. Pure functions (no DOM, no
// Svelte) so the rules are unit-tested: a value the page shows as invalid never reaches the
// engine, stored data and URL parameters go through the same checks, and bad input is reported,
// never a crash. A scenario runs as written (its own modes per router and per MN, its own
// parameters): the "what if" changes belong to the scenario they were made on, and picking
// another one starts from its own values — a remembered mode never turns one figure into another.
import {
  MODES,
  isWhatIf,
  type HandoverMode,
  type LabParams,
  type WhatIf,
  type WrittenParams,
} from '../../core/protocol.ts';

export interface Settings {
  scenario: string;
  seed: number;
  /** Changes over the scenario as written (empty: exactly the scenario). */
  whatIf: WhatIf;
}

/** The engine's own defaults (core/scenario/schema.ts) and Mobile IPv6's RA interval. */
export const DEFAULT_PARAMS: LabParams = {
  mode: 'anticipated-mobile-stateless',
  wiredDelayUs: 2_000,
  l2HandoverUs: 50_000,
  raMinUs: 30_000,
  raMaxUs: 70_000,
  buffering: true,
  bufferPackets: 64,
};

export const DEFAULT_SETTINGS: Settings = { scenario: 'fig3', seed: 1, whatIf: {} };

/** The values a run uses: the scenario's own, overridden by the "what if" changes. */
export function effective(written: WrittenParams, whatIf: WhatIf): WrittenParams {
  return { ...written, ...whatIf };
}

/** The "what if" changes that really change something (a value equal to the written one does not). */
export function departures(written: WrittenParams, whatIf: WhatIf): WhatIf {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(whatIf)) if (v !== undefined && written[k as keyof LabParams] !== v) out[k] = v;
  return out as WhatIf;
}

/** Short names of the modes, for the departure sentence ("run in anticipated mode"). */
export const MODE_SHORT: Record<HandoverMode, string> = {
  mipv6: 'standard Mobile IPv6',
  'anticipated-mobile-stateless': 'anticipated mode (mobile-initiated, stateless nCoA)',
  'anticipated-mobile-stateful': 'anticipated mode (mobile-initiated, stateful nCoA)',
  'anticipated-network-stateless': 'anticipated mode (network-initiated, stateless nCoA)',
  'anticipated-network-stateful': 'anticipated mode (network-initiated, stateful nCoA)',
  beth: 'tunnel-based mode (BETH)',
};

/**
 * The sentence that marks a run as a departure from its scenario, e.g. "Figure 7, run in
 * anticipated mode (…): not the draft's figure", or null when it runs as written.
 */
export function departureText(title: string, written: WrittenParams, whatIf: WhatIf): string | null {
  const d = departures(written, whatIf);
  const parts: string[] = [];
  if (d.mode !== undefined) parts.push(`in ${MODE_SHORT[d.mode]}`);
  const changed: string[] = [];
  for (const f of NUMBER_FIELDS)
    if (d[f.key] !== undefined) changed.push(`${f.label.toLowerCase()} ${formatField(f, d[f.key]!)} ${f.unit}`);
  if (d.buffering !== undefined) changed.push(d.buffering ? 'buffering at the nAR' : 'no buffering at the nAR');
  if (changed.length > 0) parts.push(`with ${changed.join(', ')}`);
  if (parts.length === 0) return null;
  const m = /^(Figure \d+)\b/.exec(title);
  const name = m ? m[1]! : `"${title.replace(/:.*$/, '')}"`;
  return `${name}, run ${parts.join(' ')}: not ${m ? "the draft's figure" : 'the scenario as written'}.`;
}

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
    hint: 'one way, each link between routers',
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
  if (typeof o.whatIf !== 'object' || o.whatIf === null) return { ok: false, error: 'no parameters' };
  const p = o.whatIf as Record<string, unknown>;
  if (p.mode !== undefined && !(MODES as readonly unknown[]).includes(p.mode))
    return { ok: false, error: 'unknown mode' };
  if (p.buffering !== undefined && typeof p.buffering !== 'boolean') return { ok: false, error: 'bad buffering flag' };
  for (const f of NUMBER_FIELDS) {
    const raw = p[f.key];
    if (raw === undefined) continue;
    if (typeof raw !== 'number') return { ok: false, error: `bad ${f.key}` };
    const r = parseField(f, formatField(f, raw));
    if (!r.ok || r.value !== raw) return { ok: false, error: `bad ${f.key}` };
  }
  if (p.raMinUs !== undefined && p.raMaxUs !== undefined && (p.raMinUs as number) > (p.raMaxUs as number))
    return { ok: false, error: 'RA interval min above max' };
  if (!isWhatIf(p)) return { ok: false, error: 'unknown parameter' };
  return { ok: true, settings: { scenario: o.scenario, seed: o.seed as number, whatIf: { ...p } as WhatIf } };
}

/** localStorage key; the version changes whenever the stored shape does. */
export const STORAGE_KEY = 'fmip-lab.settings.v2';
/**
 * The first version stored a mode and parameters applied over every scenario (so a remembered
 * Figure 3 mode turned Figure 7 into another figure): from it only the scenario and seed are kept.
 */
export const STORAGE_KEY_V1 = 'fmip-lab.settings.v1';

/** Reads stored settings; bad or foreign data is ignored with a notice, never thrown. */
export function loadStored(
  raw: string | null,
  v1: string | null = null,
): { settings: Settings | null; notice: string | null } {
  if (raw === null && v1 !== null) {
    const old = parseStored(v1, (o) => {
      const r = o as Record<string, unknown>;
      if (typeof r !== 'object' || r === null) return validateSettings(r);
      return validateSettings({ scenario: r.scenario, seed: r.seed, whatIf: {} });
    });
    return old;
  }
  if (raw === null) return { settings: null, notice: null };
  return parseStored(raw, validateSettings);
}

function parseStored(
  raw: string,
  validate: (v: unknown) => ReturnType<typeof validateSettings>,
): { settings: Settings | null; notice: string | null } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { settings: null, notice: 'Saved settings could not be read (not JSON); the defaults are used.' };
  }
  const r = validate(parsed);
  if (!r.ok) return { settings: null, notice: `Saved settings were ignored (${r.error}); the defaults are used.` };
  return { settings: r.settings, notice: null };
}

export function storeSettings(s: Settings): string {
  return JSON.stringify(s);
}

/**
 * URL parameters: ?scenario=fig3&seed=2&mode=mipv6 (the mode a "what if" over that scenario). Each
 * bad one is reported and ignored; the scenario id is checked against the catalogue later.
 */
export function applyUrl(base: Settings, search: string): { settings: Settings; errors: string[] } {
  const q = new URLSearchParams(search);
  const errors: string[] = [];
  const settings: Settings = { ...base, whatIf: { ...base.whatIf } };
  const scenario = q.get('scenario');
  if (scenario !== null) {
    if (SCENARIO_ID.test(scenario)) {
      // Another scenario than the remembered one starts from its own values.
      if (scenario !== base.scenario) settings.whatIf = {};
      settings.scenario = scenario;
    } else errors.push(`URL parameter scenario="${scenario}" is not a scenario id (letters, digits and dashes).`);
  }
  const seed = q.get('seed');
  if (seed !== null) {
    const r = parseSeed(seed);
    if (r.ok) settings.seed = r.value;
    else errors.push(`URL parameter seed="${seed}": ${r.error}`);
  }
  const mode = q.get('mode');
  if (mode !== null) {
    if ((MODES as readonly string[]).includes(mode) && !UNAVAILABLE_MODES[mode as HandoverMode])
      settings.whatIf.mode = mode as HandoverMode;
    else
      errors.push(`URL parameter mode="${mode}" is not an available handover mode (${availableModes().join(', ')}).`);
  }
  return { settings, errors };
}

export function availableModes(): HandoverMode[] {
  return MODES.filter((m) => !UNAVAILABLE_MODES[m]);
}
