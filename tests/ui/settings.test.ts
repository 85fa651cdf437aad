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
import { DEFAULT_PARAMS, departureText, departures } from '../../app/controls/settings.ts';
import { isWhatIf } from '../../core/protocol.ts';
import { scenarioCatalogue, writtenParams } from '../../core/lab.ts';
import { resolveScenario } from '../../core/engine/run.ts';

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
    const s = { ...DEFAULT_SETTINGS, seed: 9, whatIf: { l2HandoverUs: 80_000 } };
    const back = loadStored(storeSettings(s));
    expect(back).toEqual({ settings: s, notice: null });
    expect(isWhatIf(back.settings!.whatIf)).toBe(true);
  });
  it('ignore bad data with a notice, never throwing', () => {
    expect(loadStored(null)).toEqual({ settings: null, notice: null });
    expect(loadStored('{not json').notice).toMatch(/not JSON/);
    expect(loadStored('{"scenario":"fig3","seed":-4}').notice).toMatch(/bad seed/);
    expect(validateSettings({ ...DEFAULT_SETTINGS, whatIf: { raMinUs: 90_000, raMaxUs: 70_000 } })).toEqual({
      ok: false,
      error: 'RA interval min above max',
    });
    expect(validateSettings({ ...DEFAULT_SETTINGS, whatIf: { mode: 'warp' } }).ok).toBe(false);
    expect(validateSettings({ ...DEFAULT_SETTINGS, whatIf: { wiredDelayUs: 0.5 } }).ok).toBe(false);
    expect(validateSettings({ ...DEFAULT_SETTINGS, whatIf: { speed: 3 } }).ok).toBe(false);
  });
  it('the first version (a mode applied over every scenario) keeps only its scenario and seed', () => {
    const v1 = JSON.stringify({ scenario: 'fig7', seed: 4, params: { ...DEFAULT_PARAMS } });
    expect(loadStored(null, v1)).toEqual({ settings: { scenario: 'fig7', seed: 4, whatIf: {} }, notice: null });
    // A newer stored value wins over the old one.
    expect(loadStored(storeSettings(DEFAULT_SETTINGS), v1).settings).toEqual(DEFAULT_SETTINGS);
  });
});

describe('URL parameters', () => {
  it('apply the valid ones and report each bad one', () => {
    const ok = applyUrl(DEFAULT_SETTINGS, '?scenario=fig2&seed=2&mode=mipv6');
    expect(ok.errors).toEqual([]);
    expect(ok.settings).toMatchObject({ scenario: 'fig2', seed: 2, whatIf: { mode: 'mipv6' } });
    const bad = applyUrl(DEFAULT_SETTINGS, '?scenario=../x&seed=abc&mode=warp');
    expect(bad.settings).toEqual(DEFAULT_SETTINGS);
    expect(bad.errors).toHaveLength(3);
    expect(bad.errors[2]).toMatch(/mode="warp" is not an available handover mode/);
    // The tunnel-based handover (§3.2–§3.5) is a mode like the others now that the engine has it.
    expect(applyUrl(DEFAULT_SETTINGS, '?mode=beth').settings.whatIf.mode).toBe('beth');
  });
  it('a remembered change belongs to its scenario: a URL naming another one starts from its own values', () => {
    const remembered = { scenario: 'fig3', seed: 1, whatIf: { mode: 'beth' as const, l2HandoverUs: 80_000 } };
    expect(applyUrl(remembered, '?scenario=fig7').settings.whatIf).toEqual({});
    expect(applyUrl(remembered, '?scenario=fig3').settings.whatIf).toEqual(remembered.whatIf);
  });
});

describe('what if: departures from the scenario as written', () => {
  const fig7 = writtenParams(resolveScenario('fig7'));
  it('the catalogue gives each figure its own mode, Figure 4 and the mosaic their mixed values', () => {
    const modes = Object.fromEntries(scenarioCatalogue().map((s) => [s.id, s.written.mode]));
    expect(modes).toMatchObject({
      fig1: 'anticipated-network-stateless',
      fig2: 'anticipated-network-stateful',
      fig3: 'anticipated-mobile-stateless',
      fig4: 'anticipated-mobile-stateless',
      fig7: 'beth',
      fig8: 'beth',
      fig10: 'beth',
      fig11: 'beth',
      fig12: 'beth',
      mipv6: 'mipv6',
      'beth-attacker-open': 'beth',
      'beth-mosaic': null,
    });
    expect(writtenParams(resolveScenario('fig4')).wiredDelayUs).toBeNull();
  });
  it('a value equal to the written one is no departure; the sentence names the figure and the change', () => {
    expect(departures(fig7, { mode: 'beth' })).toEqual({});
    expect(departureText('Figure 7: two-party', fig7, { mode: 'beth' })).toBeNull();
    expect(departureText('Figure 7: two-party', fig7, { mode: 'anticipated-mobile-stateless' })).toBe(
      "Figure 7, run in anticipated mode (mobile-initiated, stateless nCoA): not the draft's figure.",
    );
    expect(departureText('Ping-pong: x', fig7, { l2HandoverUs: 80_000 })).toBe(
      '"Ping-pong", run with layer-2 handover time 80 ms: not the scenario as written.',
    );
  });
});
