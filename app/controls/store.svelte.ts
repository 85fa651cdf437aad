// The user's settings as page state: the last valid values (what the engine runs with), the text
// of each field as typed, and an inline error per field. A value that fails validation stays in
// its field with its error and never reaches the engine. Valid settings persist in localStorage
// (versioned key) and can come from the URL (?scenario=fig3&seed=2&mode=mipv6).
import type { LabParams } from '../../core/protocol.ts';
import {
  DEFAULT_SETTINGS,
  NUMBER_FIELDS,
  STORAGE_KEY,
  applyUrl,
  crossCheck,
  formatField,
  loadStored,
  parseField,
  parseSeed,
  storeSettings,
  type NumberField,
  type Settings,
} from './settings.ts';

type Key = NumberField['key'] | 'seed';

export class SettingsStore {
  /** The last valid settings: what the engine runs with. */
  current = $state<Settings>(structuredClone(DEFAULT_SETTINGS));
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
    let raw: string | null;
    try {
      raw = storage?.getItem(STORAGE_KEY) ?? null;
    } catch {
      raw = null;
    }
    const stored = loadStored(raw);
    if (stored.settings) base = stored.settings;
    const notices: string[] = [];
    if (stored.notice) notices.push(stored.notice);
    const fromUrl = applyUrl(base, search);
    notices.push(...fromUrl.errors);
    this.current = fromUrl.settings;
    this.notices = notices;
    this.resetDrafts();
  }

  private resetDrafts(): void {
    const d = { seed: String(this.current.seed) } as Record<Key, string>;
    for (const f of NUMBER_FIELDS) d[f.key] = formatField(f, this.current.params[f.key]);
    this.drafts = d;
    this.errors = {};
  }

  /** A field was edited: validate; if the whole form is valid, the values become current. */
  edit(key: Key, text: string): boolean {
    this.drafts[key] = text;
    const errors: Partial<Record<Key, string>> = {};
    const params: LabParams = { ...this.current.params };
    let seed = this.current.seed;
    const s = parseSeed(this.drafts.seed);
    if (s.ok) seed = s.value;
    else errors.seed = s.error;
    for (const f of NUMBER_FIELDS) {
      const r = parseField(f, this.drafts[f.key]);
      if (r.ok) params[f.key] = r.value;
      else errors[f.key] = r.error;
    }
    if (!errors.raMinUs && !errors.raMaxUs) Object.assign(errors, crossCheck(params));
    this.errors = errors;
    if (Object.keys(errors).length > 0) return false;
    const changed = seed !== this.current.seed || JSON.stringify(params) !== JSON.stringify(this.current.params);
    if (changed) this.commit({ ...this.current, seed, params });
    return changed;
  }

  setMode(mode: LabParams['mode']): void {
    this.commit({ ...this.current, params: { ...this.current.params, mode } });
  }

  setBuffering(on: boolean): void {
    this.commit({ ...this.current, params: { ...this.current.params, buffering: on } });
  }

  setScenario(id: string): void {
    this.commit({ ...this.current, scenario: id });
  }

  /** The scenario catalogue arrived: a stored or URL scenario not in it is reported and replaced. */
  checkScenario(ids: string[]): boolean {
    if (ids.length === 0 || ids.includes(this.current.scenario)) return false;
    this.notices = [
      ...this.notices,
      `There is no scenario "${this.current.scenario}"; showing "${ids[0]}" instead (available: ${ids.join(', ')}).`,
    ];
    this.commit({ ...this.current, scenario: ids[0]! });
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
