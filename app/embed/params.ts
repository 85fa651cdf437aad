// The embed's URL parameters (docs/embedding.md): which views, the scenario and its parameters,
// autoplay, loop, start and end time, whether the learner may drag, the theme, and the origin of
// the page allowed to script the frame. Pure: every bad value comes back as a message naming the
// parameter and what it expects; the embed shows them and uses the default for that parameter.
import { applyUrl, DEFAULT_SETTINGS, type Settings } from '../controls/settings.ts';

export const VIEWS = ['ladder', 'topology', 'both', 'measures'] as const;
export type EmbedView = (typeof VIEWS)[number];

export interface EmbedOptions {
  settings: Settings;
  view: EmbedView;
  autoplay: boolean;
  loop: boolean;
  /** Virtual time the figure starts at, µs. */
  startUs: number;
  /** Virtual time it stops (or loops) at, µs; null = it runs on. */
  endUs: number | null;
  drag: boolean;
  theme: 'light' | 'dark' | 'auto';
  /** Playback speed, virtual µs per wall-clock ms (the timeline's SPEEDS). */
  speed: number;
  /** Origin allowed to send commands and receive events; null = the embed's own origin only. */
  origin: string | null;
}

/** Every parameter the embed reads; any other is reported (a typo should not pass in silence). */
export const PARAMS = [
  'scenario',
  'seed',
  'mode',
  'view',
  'autoplay',
  'loop',
  'start',
  'end',
  'drag',
  'theme',
  'speed',
  'origin',
] as const;

const SPEEDS = [1, 10, 100, 1000];
const MAX_TIME_MS = 3_600_000;

function flag(q: URLSearchParams, name: string, dflt: boolean, errors: string[]): boolean {
  const v = q.get(name);
  if (v === null) return dflt;
  if (v === '1' || v === 'true' || v === '') return true;
  if (v === '0' || v === 'false') return false;
  errors.push(`${name}="${v}": expected 1 or 0.`);
  return dflt;
}

function time(q: URLSearchParams, name: string, errors: string[]): number | null {
  const v = q.get(name);
  if (v === null) return null;
  if (!/^\d+(\.\d{1,3})?$/.test(v) || Number(v) > MAX_TIME_MS) {
    errors.push(`${name}="${v}": expected a time in milliseconds from 0 to ${MAX_TIME_MS} (at most 3 decimals).`);
    return null;
  }
  return Math.round(Number(v) * 1000);
}

export function parseEmbedParams(search: string): { options: EmbedOptions; errors: string[] } {
  const q = new URLSearchParams(search);
  const errors: string[] = [];
  for (const k of new Set(q.keys()))
    if (!(PARAMS as readonly string[]).includes(k))
      errors.push(`unknown parameter "${k}" (known: ${PARAMS.join(', ')}).`);
  const url = applyUrl(DEFAULT_SETTINGS, search);
  errors.push(...url.errors.map((e) => e.replace(/^URL parameter /, '')));
  const viewRaw = q.get('view');
  let view: EmbedView = 'both';
  if (viewRaw !== null) {
    if ((VIEWS as readonly string[]).includes(viewRaw)) view = viewRaw as EmbedView;
    else errors.push(`view="${viewRaw}": expected one of ${VIEWS.join(', ')}.`);
  }
  const themeRaw = q.get('theme');
  let theme: EmbedOptions['theme'] = 'auto';
  if (themeRaw !== null) {
    if (themeRaw === 'light' || themeRaw === 'dark' || themeRaw === 'auto') theme = themeRaw;
    else errors.push(`theme="${themeRaw}": expected light, dark or auto.`);
  }
  const speedRaw = q.get('speed');
  let speed = 100;
  if (speedRaw !== null) {
    if (SPEEDS.includes(Number(speedRaw)) && /^\d+$/.test(speedRaw)) speed = Number(speedRaw);
    else errors.push(`speed="${speedRaw}": expected ${SPEEDS.join(', ')} (virtual µs per ms; 1000 is real time).`);
  }
  const start = time(q, 'start', errors) ?? 0;
  let end = time(q, 'end', errors);
  if (end !== null && end <= start) {
    errors.push(`end=${end / 1000} must be after start=${start / 1000} (ms).`);
    end = null;
  }
  const originRaw = q.get('origin');
  let origin: string | null = null;
  if (originRaw !== null) {
    let ok: boolean;
    try {
      const u = new URL(originRaw);
      ok = (u.protocol === 'https:' || u.protocol === 'http:') && u.origin === originRaw;
    } catch {
      ok = false;
    }
    if (ok) origin = originRaw;
    else errors.push(`origin="${originRaw}": expected an origin such as https://course.example.org (no path).`);
  }
  return {
    options: {
      settings: url.settings,
      view,
      autoplay: flag(q, 'autoplay', true, errors),
      loop: flag(q, 'loop', false, errors),
      startUs: start,
      endUs: end,
      drag: flag(q, 'drag', true, errors),
      theme,
      speed,
      origin,
    },
    errors,
  };
}
