// The user's choices — scenario, seed, and "what if" changes of the handover mode and the main
// parameters over the scenario as written — and their validation. Pure functions (no DOM, no
// Svelte) so the rules are unit-tested: a value the page shows as invalid never reaches the
// engine, stored data and URL parameters go through the same checks, and bad input is reported,
// never a crash. A scenario runs as written (its own modes per router and per MN, its own
// parameters): the "what if" changes belong to the scenario they were made on, and picking
// another one starts from its own values — a remembered mode never turns one figure into another.
import { MODES, isWhatIf, type HandoverMode, type WhatIf, type WrittenParams } from '../../core/protocol.ts';
import {
  NUMBER_FIELDS,
  SEED_MAX,
  UNAVAILABLE_MODES,
  availableModes,
  departures,
  formatField,
  parseField,
  parseSeed,
} from '../../core/settings.ts';

// The parameters' rules live once, in core/settings.ts (the console's `set`, `mode` and `load …
// seed N` use them too, in the same words); re-exported here for the page's controls.
export {
  DEFAULT_PARAMS,
  MODE_LABELS,
  NUMBER_FIELDS,
  SEED_MAX,
  UNAVAILABLE_MODES,
  availableModes,
  crossCheck,
  departures,
  effective,
  formatField,
  parseField,
  parseSeed,
  type FieldResult,
  type NumberField,
} from '../../core/settings.ts';

export interface Settings {
  scenario: string;
  seed: number;
  /** Changes over the scenario as written (empty: exactly the scenario). */
  whatIf: WhatIf;
}

export const DEFAULT_SETTINGS: Settings = { scenario: 'fig3', seed: 1, whatIf: {} };

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

/**
 * A stored or URL scenario the catalogue lacks gives way to the default scenario (the one a fresh
 * page opens on; the catalogue's first only if it lacks that too), and the notice says so.
 */
export function scenarioFallback(scenario: string, ids: readonly string[]): { id: string; notice: string } | null {
  if (ids.length === 0 || ids.includes(scenario)) return null;
  const id = ids.includes(DEFAULT_SETTINGS.scenario) ? DEFAULT_SETTINGS.scenario : ids[0]!;
  const shown = id === DEFAULT_SETTINGS.scenario ? `the default scenario, "${id}",` : `"${id}"`;
  return {
    id,
    notice: `There is no scenario ${shownParam(scenario)}; showing ${shown} instead (available: ${ids.join(', ')}).`,
  };
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
 * Every query parameter the lab page reads, and where: the one list the "not one the lab reads"
 * check uses (tests/ui/url-params-known.test.ts scans app/ so a new reader cannot be left out).
 * The lesson deep link `#lesson=ID&step=N` is a fragment, not a query parameter, so not listed.
 */
export const LAB_URL_PARAM_READERS = {
  /** A built-in scenario id (here, applyUrl; checked against the catalogue in the store). */
  scenario: 'app/controls/settings.ts',
  /** The run's seed (applyUrl). */
  seed: 'app/controls/settings.ts',
  /** A "what if" handover mode over the scenario (applyUrl). */
  mode: 'app/controls/settings.ts',
  /** `testhooks=1`: the browser tests' hooks (app/lib/test-hooks.ts). */
  testhooks: 'app/lib/test-hooks.ts',
  /** `presenter=1`: presenter mode for a projector (presenterParam, read by App.svelte). */
  presenter: 'app/controls/settings.ts',
  /** `lesson=URL`: a teacher's lesson file on the same site (app/lessons/link.ts, tutor.svelte.ts). */
  lesson: 'app/lessons/tutor.svelte.ts',
} as const;

export const LAB_URL_PARAMS = Object.keys(LAB_URL_PARAM_READERS) as readonly (keyof typeof LAB_URL_PARAM_READERS)[];

/** `?presenter=1` (or 0): the lab opens in presenter mode (App.svelte); a bad value is named. */
export function presenterParam(search: string): { on: boolean; error: string | null } {
  const v = new URLSearchParams(search).get('presenter');
  if (v === null || v === '0') return { on: false, error: null };
  if (v === '1') return { on: true, error: null };
  return { on: false, error: `URL parameter presenter=${shownParam(v)}: expected 1 or 0.` };
}

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
 * URL parameters: ?scenario=fig3&seed=2&mode=mipv6 (the mode a "what if" over that scenario). Each
 * bad one is reported and ignored; the scenario id is checked against the catalogue later, when it
 * is known. With `known`, a parameter not in it is reported too (a typo such as `?sede=4` should
 * not pass in silence).
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
  const settings: Settings = { ...base, whatIf: { ...base.whatIf } };
  const scenario = q.get('scenario');
  if (scenario !== null) {
    if (SCENARIO_ID.test(scenario)) {
      // Another scenario than the remembered one starts from its own values.
      if (scenario !== base.scenario) settings.whatIf = {};
      settings.scenario = scenario;
    } else
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
      settings.whatIf.mode = mode as HandoverMode;
    else
      errors.push(
        `URL parameter mode=${shownParam(mode)} is not an available handover mode (${availableModes().join(', ')}).`,
      );
  }
  return { settings, errors };
}
