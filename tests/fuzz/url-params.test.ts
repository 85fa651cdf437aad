// Every URL parameter of the lab (index.html) and of the embed (app/embed/params.ts) tried with
// bad values (issue 15, "Robustness, counted"): wrong type, out of range, huge, empty, unicode,
// script text. Table-driven: each bad value gives one message that names the parameter, shows
// the value (quoted, shortened, bidi overrides escaped), and leaves that setting at its default —
// the rest of what the URL asked for still applies.
import { describe, expect, it } from 'vitest';
import { applyUrl, DEFAULT_SETTINGS, LAB_URL_PARAMS, presenterParam } from '../../app/controls/settings.ts';
import { parseEmbedParams } from '../../app/embed/params.ts';

const HUGE = 'x'.repeat(100_000);
const UNICODE = 'Ω💥';
const BIDI = 'fig\u202e3';
const SCRIPT = '<script>alert(1)</script>';
/** Values no parameter takes (a well-formed id such as "1e3" is checked against the catalogue later, in the page). */
const ALWAYS_BAD = [HUGE, UNICODE, BIDI, SCRIPT, 'javascript:alert(1)', '%00', 'NaN', '-1'];

/** Parameter → bad values (beyond ALWAYS_BAD) and, for the message, how it starts. */
const LAB: [string, string[]][] = [
  ['scenario', ['', 'Fig3', '../etc/passwd', 'a b', 'x'.repeat(42)]],
  ['seed', ['', '1.5', '1e3', 'abc', '4294967296', '99999999999', '0x10', ' ']],
  ['mode', ['', 'teleport', 'MIPV6', 'beth ', 'anticipated']],
];

const EMBED: [string, string[]][] = [
  ['view', ['', 'sideways', 'LADDER', 'both,ladder']],
  ['autoplay', ['yes', '2', 'on', 'TRUE']],
  ['loop', ['yes', '2']],
  ['drag', ['no', '01']],
  ['theme', ['', 'blue', 'Dark']],
  ['speed', ['', '7', '1e3', '10.0', '1000000', '0']],
  ['start', ['', '3600001', '1e3', '1.2345', '1,5', 'Infinity']],
  ['end', ['', '3600001', '1e3', 'soon']],
  ['origin', ['', 'https://x.org/path', 'ftp://x.org', 'null', 'https://x.org/', '//x.org']],
  ['seed', ['', '1.5', 'abc', '4294967296']],
  ['mode', ['', 'teleport']],
  ['scenario', ['', '../x', 'A B']],
];

const query = (k: string, v: string) => `?${new URLSearchParams({ [k]: v })}`;

/** The one message about `param`, checked for what every message must say. */
function messageFor(errors: string[], param: string, value: string): string {
  const mine = errors.filter((e) => e.includes(`${param}=`) || e.includes(`"${param}"`));
  expect(mine, `${param}=${value.slice(0, 30)}: ${errors.join(' | ')}`).toHaveLength(1);
  const m = mine[0]!;
  expect(m.length).toBeLessThan(300);
  expect(m).not.toContain(HUGE.slice(0, 100));
  expect(m).not.toMatch(/[\u202a-\u202e]/);
  return m;
}

describe('lab URL parameters with bad values', () => {
  for (const [param, bad] of LAB)
    it(param, () => {
      for (const value of [...bad, ...ALWAYS_BAD]) {
        // A good parameter beside the bad one still applies.
        const other = param === 'seed' ? 'mode=mipv6' : 'seed=9';
        const { settings, errors } = applyUrl(DEFAULT_SETTINGS, `${query(param, value)}&${other}`, LAB_URL_PARAMS);
        const m = messageFor(errors, param, value);
        expect(m.startsWith(`URL parameter ${param}=`), m).toBe(true);
        expect(settings.scenario).toBe(DEFAULT_SETTINGS.scenario);
        if (param === 'seed') expect(settings.whatIf.mode).toBe('mipv6');
        else expect(settings.seed).toBe(9);
        if (param !== 'seed') expect(settings.whatIf.mode).toBe(DEFAULT_SETTINGS.whatIf.mode);
      }
    });

  it('an unknown or misspelt parameter is named, with the ones the lab reads', () => {
    for (const k of ['sede', 'colour', SCRIPT, UNICODE, HUGE]) {
      const { errors, settings } = applyUrl(DEFAULT_SETTINGS, `${query(k, '4')}&seed=3`, LAB_URL_PARAMS);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(
        /^URL parameter ".*" is not one the lab reads \(scenario, seed, mode, testhooks, presenter, lesson\)\.$/,
      );
      expect(errors[0]!.length).toBeLessThan(200);
      expect(settings.seed).toBe(3);
    }
    expect(applyUrl(DEFAULT_SETTINGS, '?testhooks=1&seed=2', LAB_URL_PARAMS).errors).toEqual([]);
  });

  it('presenter=1 or 0 opens the lab in presenter mode or not; any other value is named and the lab opens as usual', () => {
    expect(presenterParam('?presenter=1')).toEqual({ on: true, error: null });
    expect(presenterParam('?presenter=0&seed=2')).toEqual({ on: false, error: null });
    expect(presenterParam('?seed=2')).toEqual({ on: false, error: null });
    for (const v of ['yes', '', SCRIPT, HUGE]) {
      const r = presenterParam(query('presenter', v));
      expect(r.on).toBe(false);
      expect(r.error).toMatch(/^URL parameter presenter=".*": expected 1 or 0\.$/);
      expect(r.error!.length).toBeLessThan(200);
    }
  });

  it('bidirectional overrides in a value are escaped, so the message reads as written', () => {
    const { errors } = applyUrl(DEFAULT_SETTINGS, query('scenario', BIDI));
    expect(errors[0]).toContain('scenario="fig\\u202e3"');
  });
});

describe('embed URL parameters with bad values', () => {
  const defaults = parseEmbedParams('').options;
  for (const [param, bad] of EMBED)
    it(param, () => {
      for (const value of [...bad, ...ALWAYS_BAD]) {
        // `1` or `0`, `''` is an allowed flag value (autoplay= means on); skip values a parameter takes.
        if (['autoplay', 'loop', 'drag'].includes(param) && value === '') continue;
        const { options, errors } = parseEmbedParams(`${query(param, value)}&view=ladder`);
        const m = messageFor(errors, param, value);
        expect(m.startsWith(`${param}=`), m).toBe(true);
        // The good parameter beside it applies; the bad one keeps its default.
        if (param !== 'view') expect(options.view).toBe('ladder');
        const key = { start: 'startUs', end: 'endUs' }[param] ?? param;
        if (key in defaults)
          expect(options[key as keyof typeof defaults], m).toEqual(defaults[key as keyof typeof defaults]);
      }
    });
});
