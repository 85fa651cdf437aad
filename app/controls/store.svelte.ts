// The user's settings as page state: the scenario, the seed, the "what if" changes over the
// scenario as written (what the engine runs with), the text of each field as typed, and an inline
// error per field. A value that fails validation stays in its field with its error and never
// reaches the engine. Valid settings persist in localStorage (versioned key) and can come from the
// URL (?scenario=fig3&seed=2&mode=mipv6). The fields show the scenario's own values until the user
// changes one; picking another scenario, or "back to the scenario as written", drops the changes.
import type { HandoverMode, WhatIf, WrittenParams } from '../../core/protocol.ts';
import { UNKNOWN_WRITTEN } from '../../core/settings.ts';
import {
  DEFAULT_SETTINGS,
  LAB_URL_PARAMS,
  NUMBER_FIELDS,
  STORAGE_KEY,
  STORAGE_KEY_V1,
  applyUrl,
  crossCheck,
  departures,
  effective,
  formatField,
  loadStored,
  parseField,
  parseSeed,
  scenarioFallback,
  storeSettings,
  type NumberField,
  type Settings,
} from './settings.ts';

type Key = NumberField['key'] | 'seed';

/** Until the catalogue says what a scenario's own values are, every value "varies". */
const UNKNOWN: WrittenParams = UNKNOWN_WRITTEN;

export class SettingsStore {
  /** The last valid settings: what the engine runs with. */
  current = $state<Settings>(structuredClone(DEFAULT_SETTINGS));
  /** The current scenario's own values (from the engine's catalogue). */
  written = $state.raw<WrittenParams>(UNKNOWN);
  /** Field texts as typed. */
  drafts = $state<Record<Key, string>>({} as Record<Key, string>);
  errors = $state<Partial<Record<Key, string>>>({});
  /** Problems with stored data or URL parameters, shown once at the top. */
  notices = $state<string[]>([]);

  constructor(
    private readonly storage: Storage | null,
    search: string,
  ) {
    let base = structuredClone(DEFAULT_SETTINGS);
    const read = (key: string): string | null => {
      try {
        return storage?.getItem(key) ?? null;
      } catch {
        return null;
      }
    };
    const stored = loadStored(read(STORAGE_KEY), read(STORAGE_KEY_V1));
    if (stored.settings) base = stored.settings;
    const notices: string[] = [];
    if (stored.notice) notices.push(stored.notice);
    const fromUrl = applyUrl(base, search, LAB_URL_PARAMS);
    notices.push(...fromUrl.errors);
    this.current = fromUrl.settings;
    this.notices = notices;
    this.resetDrafts();
  }

  /** The values the run uses: the scenario's own, overridden by the changes. */
  get values(): WrittenParams {
    return effective(this.written, this.current.whatIf);
  }

  /** The changes that really depart from the scenario as written (empty: as written). */
  get departures(): WhatIf {
    return departures(this.written, this.current.whatIf);
  }

  /**
   * The catalogue says what the current scenario's own values are: the fields show them, and a
   * change equal to one (a URL's `mode` naming the scenario's own) is no change.
   */
  setWritten(written: WrittenParams): void {
    this.written = written;
    const d = departures(written, this.current.whatIf);
    if (JSON.stringify(d) !== JSON.stringify(this.current.whatIf)) this.commit({ ...this.current, whatIf: d });
    this.resetDrafts();
  }

  private resetDrafts(): void {
    const v = this.values;
    const d = { seed: String(this.current.seed) } as Record<Key, string>;
    for (const f of NUMBER_FIELDS) {
      const x = v[f.key];
      d[f.key] = x === null ? '' : formatField(f, x);
    }
    this.drafts = d;
    this.errors = {};
  }

  /**
   * A field was edited: validate; if the whole form is valid, the values become current. A field
   * left empty where the scenario's value varies (per link, per router) means "as written".
   */
  edit(key: Key, text: string): boolean {
    this.drafts[key] = text;
    const errors: Partial<Record<Key, string>> = {};
    const whatIf: WhatIf = { ...this.current.whatIf };
    let seed = this.current.seed;
    const s = parseSeed(this.drafts.seed);
    if (s.ok) seed = s.value;
    else errors.seed = s.error;
    for (const f of NUMBER_FIELDS) {
      const t = this.drafts[f.key];
      if (t.trim() === '' && this.written[f.key] === null) {
        delete whatIf[f.key];
        continue;
      }
      const r = parseField(f, t);
      if (r.ok) {
        if (r.value === this.written[f.key]) delete whatIf[f.key];
        else whatIf[f.key] = r.value;
      } else errors[f.key] = r.error;
    }
    const v = effective(this.written, whatIf);
    if (!errors.raMinUs && !errors.raMaxUs && v.raMinUs !== null && v.raMaxUs !== null)
      Object.assign(errors, crossCheck({ raMinUs: v.raMinUs, raMaxUs: v.raMaxUs }));
    this.errors = errors;
    if (Object.keys(errors).length > 0) return false;
    const changed = seed !== this.current.seed || JSON.stringify(whatIf) !== JSON.stringify(this.current.whatIf);
    if (changed) this.commit({ ...this.current, seed, whatIf });
    return changed;
  }

  private change(key: 'mode' | 'buffering', value: HandoverMode | boolean | null): void {
    const whatIf: Record<string, unknown> = { ...this.current.whatIf };
    if (value === null || this.written[key] === value) delete whatIf[key];
    else whatIf[key] = value;
    this.commit({ ...this.current, whatIf: whatIf as WhatIf });
  }

  /** A mode over the scenario, or null: its own modes (per router and per MN) as written. */
  setMode(mode: HandoverMode | null): void {
    this.change('mode', mode);
  }

  setBuffering(on: boolean): void {
    this.change('buffering', on);
  }

  /** Another scenario: it starts from its own values (its modes, its parameters). */
  setScenario(id: string): void {
    if (id === this.current.scenario) return;
    this.written = UNKNOWN;
    this.commit({ ...this.current, scenario: id, whatIf: {} });
    this.resetDrafts();
  }

  /** "Back to the scenario as written": every change dropped. */
  backToWritten(): void {
    this.commit({ ...this.current, whatIf: {} });
    this.resetDrafts();
  }

  /** The scenario catalogue arrived: a stored or URL scenario not in it is reported and replaced. */
  checkScenario(ids: string[]): boolean {
    const r = scenarioFallback(this.current.scenario, ids);
    if (!r) return false;
    this.notices = [...this.notices, r.notice];
    this.setScenario(r.id);
    return true;
  }

  /** Adopts whole settings from outside (an opened run, issue 13): they persist like an edit. */
  replace(s: Settings): void {
    this.commit(structuredClone(s));
    this.resetDrafts();
  }

  dismissNotices(): void {
    this.notices = [];
  }

  private commit(s: Settings): void {
    this.current = s;
    try {
      this.storage?.setItem(STORAGE_KEY, storeSettings(s));
    } catch {
      // Storage full or forbidden (private mode): the settings still apply to this page.
    }
  }
}
