// The embed's URL parameters and postMessage commands (issue 13, docs/embedding.md): every
// parameter and command with good and bad values; bad ones name themselves, foreign messages are
// ignored, and only the parent at the allowed origin may command the frame.
import { describe, expect, it } from 'vitest';
import { parseEmbedParams } from '../../app/embed/params.ts';
import { acceptedFrom, parseCommand } from '../../app/embed/messages.ts';

describe('embed URL parameters', () => {
  it('defaults: both views, Figure 3, autoplay, no loop, drag allowed, system theme', () => {
    const { options, errors } = parseEmbedParams('');
    expect(errors).toEqual([]);
    expect(options).toMatchObject({
      view: 'both',
      autoplay: true,
      loop: false,
      drag: true,
      theme: 'auto',
      startUs: 0,
      endUs: null,
      origin: null,
      speed: 100,
    });
    expect(options.settings.scenario).toBe('fig3');
  });

  it('reads every parameter', () => {
    const { options, errors } = parseEmbedParams(
      '?scenario=fig1&seed=4&mode=mipv6&view=measures&autoplay=0&loop=1&start=250&end=1200.5&drag=0&theme=dark&speed=1000&origin=https://course.example.org',
    );
    expect(errors).toEqual([]);
    expect(options).toMatchObject({
      view: 'measures',
      autoplay: false,
      loop: true,
      startUs: 250_000,
      endUs: 1_200_500,
      drag: false,
      theme: 'dark',
      speed: 1000,
      origin: 'https://course.example.org',
    });
    expect(options.settings).toMatchObject({ scenario: 'fig1', seed: 4, whatIf: { mode: 'mipv6' } });
  });

  it('names each bad value and keeps the default for it', () => {
    const cases: [string, RegExp][] = [
      ['view=sideways', /^view="sideways": expected one of ladder, topology, both, measures/],
      ['autoplay=yes', /^autoplay="yes": expected 1 or 0/],
      ['loop=2', /^loop="2"/],
      ['drag=no', /^drag="no"/],
      ['theme=blue', /^theme="blue": expected light, dark or auto/],
      ['start=-1', /^start="-1": expected a time in milliseconds/],
      ['end=1e3', /^end="1e3"/],
      ['end=0', /^end=0 must be after start=0/],
      ['speed=7', /^speed="7"/],
      ['origin=https://x.org/path', /^origin="https:\/\/x\.org\/path": expected an origin/],
      ['origin=javascript:alert(1)', /^origin=/],
      ['seed=abc', /^seed="abc"/],
      ['mode=teleport', /^mode="teleport"/],
      ['scenario=../../etc', /^scenario=/],
      ['colour=red', /^unknown parameter "colour"/],
    ];
    const dflt = parseEmbedParams('').options;
    for (const [q, re] of cases) {
      const { options, errors } = parseEmbedParams('?' + q);
      expect(errors.length, q).toBe(1);
      expect(errors[0], q).toMatch(re);
      // The rest is the default: a typo never leaves the frame half-configured.
      expect(options, q).toEqual(dflt);
    }
  });
});

describe('embed postMessage commands', () => {
  it('parses each command', () => {
    expect(parseCommand({ fmip: 1, type: 'play' })).toEqual({ type: 'play' });
    expect(parseCommand({ fmip: 1, type: 'pause' })).toEqual({ type: 'pause' });
    expect(parseCommand({ fmip: 1, type: 'seek', t: 12.5 })).toEqual({ type: 'seek', t: 12.5 });
    expect(parseCommand({ fmip: 1, type: 'move', x: 300, y: 150 })).toEqual({ type: 'move', x: 300, y: 150 });
    expect(parseCommand({ fmip: 1, type: 'load', scenario: 'fig1', seed: 2, mode: 'mipv6' })).toEqual({
      type: 'load',
      scenario: 'fig1',
      seed: 2,
      mode: 'mipv6',
    });
  });

  it('a bad value of a known command is an error naming the field', () => {
    const bad: [unknown, RegExp][] = [
      [{ fmip: 1, type: 'seek' }, /^seek: t/],
      [{ fmip: 1, type: 'seek', t: -1 }, /^seek: t/],
      [{ fmip: 1, type: 'seek', t: Infinity }, /^seek: t/],
      [{ fmip: 1, type: 'move', x: 1 }, /^move: x and y/],
      [{ fmip: 1, type: 'move', x: NaN, y: 1 }, /^move: x and y/],
      [{ fmip: 1, type: 'load', seed: 1.5 }, /^load: seed/],
      [{ fmip: 1, type: 'load', scenario: 'A B' }, /^load: scenario/],
      [{ fmip: 1, type: 'load', mode: 'x' }, /^load: mode/],
    ];
    for (const [m, re] of bad) {
      const r = parseCommand(m);
      expect(r && 'error' in r ? r.error : null, JSON.stringify(m)).toMatch(re);
    }
  });

  it('ignores what is not an fmip command', () => {
    for (const m of [
      null,
      'play',
      42,
      [],
      { type: 'play' },
      { fmip: 2, type: 'play' },
      { fmip: 1, type: 'explode' },
      { fmip: 1 },
    ])
      expect(parseCommand(m), JSON.stringify(m)).toBeNull();
  });

  it('accepts commands only from the parent window at the allowed origin', () => {
    const parent = {};
    const own = 'https://lab.example.org';
    expect(acceptedFrom({ source: parent, origin: own }, parent, own, null)).toBe(true);
    expect(acceptedFrom({ source: parent, origin: 'https://evil.example' }, parent, own, null)).toBe(false);
    expect(acceptedFrom({ source: {}, origin: own }, parent, own, null)).toBe(false);
    const course = 'https://course.example.org';
    expect(acceptedFrom({ source: parent, origin: course }, parent, own, course)).toBe(true);
    expect(acceptedFrom({ source: parent, origin: own }, parent, own, course)).toBe(false);
  });
});
