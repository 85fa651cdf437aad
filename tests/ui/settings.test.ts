// The controls' rules (issue 6): invalid values get an inline error and never reach the engine;
// stored settings and URL parameters go through the same checks and are reported, never fatal.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  NUMBER_FIELDS,
  applyUrl,
  crossCheck,
  loadStored,
  parseField,
  parseSeed,
  storeSettings,
  validateSettings,
} from '../../app/controls/settings.ts';
import { isLabParams } from '../../core/protocol.ts';

const field = (key: string) => NUMBER_FIELDS.find((f) => f.key === key)!;

describe('parameter fields', () => {
  it('turns milliseconds into integer microseconds', () => {
    expect(parseField(field('l2HandoverUs'), '50')).toEqual({ ok: true, value: 50_000 });
    expect(parseField(field('wiredDelayUs'), ' 0.125 ')).toEqual({ ok: true, value: 125 });
  });
  it('rejects what a student may mistype, with a message naming the field', () => {
    for (const bad of ['', 'fast', '1e3', '0x10', '12abc', '-1', '5001'])
      expect(parseField(field('l2HandoverUs'), bad).ok, bad).toBe(false);
    const r = parseField(field('l2HandoverUs'), '9999');
    expect(r).toEqual({ ok: false, error: 'Layer-2 handover time must be between 0 and 5000 ms.' });
    expect(parseField(field('wiredDelayUs'), '0.0001')).toMatchObject({ ok: false });
    expect(parseField(field('bufferPackets'), '2.5')).toEqual({
      ok: false,
      error: 'Buffer size must be a whole number.',
    });
  });
  it('RA interval: the min must not exceed the max (RFC 2461 §6.2.1)', () => {
    expect(crossCheck({ raMinUs: 30_000, raMaxUs: 70_000 })).toEqual({});
    expect(crossCheck({ raMinUs: 80_000, raMaxUs: 70_000 })).toHaveProperty('raMaxUs');
  });
  it('seeds are whole numbers in the engine range', () => {
    expect(parseSeed('42')).toEqual({ ok: true, value: 42 });
    for (const bad of ['-1', '1.5', 'abc', '99999999999']) expect(parseSeed(bad).ok, bad).toBe(false);
  });
});

describe('stored settings', () => {
  it('round-trip, and what they hold is what the worker accepts', () => {
    const s = { ...DEFAULT_SETTINGS, seed: 9, params: { ...DEFAULT_SETTINGS.params, l2HandoverUs: 80_000 } };
    const back = loadStored(storeSettings(s));
    expect(back).toEqual({ settings: s, notice: null });
    expect(isLabParams(back.settings!.params)).toBe(true);
  });
  it('ignore bad data with a notice, never throwing', () => {
    expect(loadStored(null)).toEqual({ settings: null, notice: null });
    expect(loadStored('{not json').notice).toMatch(/not JSON/);
    expect(loadStored('{"scenario":"fig3","seed":-4}').notice).toMatch(/bad seed/);
    const p = { ...DEFAULT_SETTINGS.params, raMinUs: 90_000 };
    expect(validateSettings({ ...DEFAULT_SETTINGS, params: p })).toEqual({
      ok: false,
      error: 'RA interval min above max',
    });
    expect(validateSettings({ ...DEFAULT_SETTINGS, params: { ...DEFAULT_SETTINGS.params, mode: 'warp' } }).ok).toBe(
      false,
    );
    expect(
      validateSettings({ ...DEFAULT_SETTINGS, params: { ...DEFAULT_SETTINGS.params, wiredDelayUs: 0.5 } }).ok,
    ).toBe(false);
  });
});

describe('URL parameters', () => {
  it('apply the valid ones and report each bad one', () => {
    const ok = applyUrl(DEFAULT_SETTINGS, '?scenario=fig2&seed=2&mode=mipv6');
    expect(ok.errors).toEqual([]);
    expect(ok.settings).toMatchObject({ scenario: 'fig2', seed: 2, params: { mode: 'mipv6' } });
    const bad = applyUrl(DEFAULT_SETTINGS, '?scenario=../x&seed=abc&mode=warp');
    expect(bad.settings).toEqual(DEFAULT_SETTINGS);
    expect(bad.errors).toHaveLength(3);
    expect(bad.errors[2]).toMatch(/mode="warp" is not an available handover mode/);
    // The tunnel-based handover (§3.2–§3.5) is a mode like the others now that the engine has it.
    expect(applyUrl(DEFAULT_SETTINGS, '?mode=beth').settings.params.mode).toBe('beth');
  });
});
