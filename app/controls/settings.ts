// The user's choices — scenario, seed, handover mode and the main parameters — and their
// validation. Pure functions (no DOM, no Svelte) so the rules are unit-tested: a value the page
// shows as invalid never reaches the engine, stored data and URL parameters go through the same
// checks, and bad input is reported, never a crash.
import { MODES, type HandoverMode, type LabParams } from '../../core/protocol.ts';
import {
  DEFAULT_PARAMS,
  NUMBER_FIELDS,
  SEED_MAX,
  UNAVAILABLE_MODES,
  availableModes,
  crossCheck,
  formatField,
  parseField,
  parseSeed,
} from '../../core/settings.ts';

// The parameters' rules live in core/settings.ts (the console shares them); re-exported here.
export {
  DEFAULT_PARAMS,
  MODE_LABELS,
  NUMBER_FIELDS,
  SEED_MAX,
  UNAVAILABLE_MODES,
  availableModes,
  crossCheck,
  formatField,
  parseField,
  parseSeed,
  type FieldResult,
  type NumberField,
} from '../../core/settings.ts';

export interface Settings {
  scenario: string;
  seed: number;
  params: LabParams;
}

export const DEFAULT_SETTINGS: Settings = { scenario: 'fig3', seed: 1, params: DEFAULT_PARAMS };

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

/**
 * URL parameters: ?scenario=fig3&seed=2&mode=mipv6. Each bad one is reported and ignored; the
 * scenario id is checked against the catalogue later, when it is known.
 */
export function applyUrl(base: Settings, search: string): { settings: Settings; errors: string[] } {
  const q = new URLSearchParams(search);
  const errors: string[] = [];
  const settings: Settings = { ...base, params: { ...base.params } };
  const scenario = q.get('scenario');
  if (scenario !== null) {
    if (SCENARIO_ID.test(scenario)) settings.scenario = scenario;
    else errors.push(`URL parameter scenario="${scenario}" is not a scenario id (letters, digits and dashes).`);
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
      settings.params.mode = mode as HandoverMode;
    else
      errors.push(`URL parameter mode="${mode}" is not an available handover mode (${availableModes().join(', ')}).`);
  }
  return { settings, errors };
}
