// Every field of a scenario file tried with bad values (issue 15, "Robustness, counted"): wrong
// type, out of range, huge, empty, unicode, script text. Table-driven: each row is a field and the
// kind of value it takes; each bad value must give an error whose path is that field, saying what
// was expected and showing what came (shortened), and the input the user gave is left as it was.
import { describe, expect, it } from 'vitest';
import { formatErrors, validateScenario } from '../../core/scenario/schema.ts';
import { builtin } from '../../core/scenario/builtin.ts';

type Obj = Record<string, unknown>;

/** Figure 3 with every optional field spelt out (valid), so each one can be broken alone. */
function full(): Obj {
  const s = builtin('fig3') as Obj & { routers: Obj[]; mobiles: Obj[]; traffic: Obj[] };
  s.routers[0]!.caps = {
    fast: true,
    stateful: false,
    buffer: true,
    bufferPackets: 64,
    neighbors: ['nAR'],
    hackCode: 0,
    occupied: ['2001:db8:1::99'],
    poolExhausted: false,
    linkUpDelivers: false,
    loseFirst: [{ msg: 'HI', count: 0 }],
    beth: false,
    triggers: { st: true, tt: true, ld: true, lu: true },
    betLifetimeS: 10,
    betPlacement: 1,
    betRenew: true,
    betGrant: true,
  };
  Object.assign(s.mobiles[0]!, {
    home: '2001:db8:ffff::10',
    loseFirst: [{ msg: 'F-BACK', count: 0 }],
    fbuAfterMove: false,
    obtainNcoaAfterUs: null,
    interfaces: 1,
  });
  Object.assign(s.traffic[0]!, { startUs: 0, stopUs: 3_000_000 });
  s.timers = {
    raMinUs: 30_000,
    raMaxUs: 70_000,
    movementDetection: 'ra',
    rsReplyMaxUs: 10_000,
    dadUs: 1_000_000,
    defendUs: 1_000_000,
    accessRttUs: 0,
    rtSolPrResends: 1,
    hiResends: 2,
    fbackWaitUs: 100_000,
    fbuResends: 1,
    tunnelLifetimeS: 10,
    bindingLifetimeS: 420,
  };
  s.radio = {
    leadUs: 200_000,
    l2HandoverUs: 50_000,
    tickUs: 5_000,
    airDelayUs: 1_000,
    airBandwidthBps: 11_000_000,
    fbackOnOldLink: true,
    predict: 'path',
  };
  s.bindCn = true;
  s.security = {
    associations: false,
    attacks: [{ node: 'MN', atUs: 0, forge: 'F-BU', victim: 'MN', to: 'nAR', lla: '02:00:00:00:00:66' }],
  };
  return s;
}

const HUGE_TEXT = 'x'.repeat(100_000);
const UNICODE = 'Ω💥\u202e';
const SCRIPT = '<script>alert(1)</script>';
const notNumbers = ['5', true, null, [], {}, NaN, Infinity, -Infinity];
const notStrings = [5, true, null, [], {}];
const notBools = ['true', 1, 0, null, [], {}];
const notObjects = ['x', 5, [], null, true];
const notLists = ['x', 5, {}, null, true, new Array(10_001).fill(0)];

type Kind =
  | { k: 'num'; min: number; max: number; int?: boolean; nullable?: boolean }
  | { k: 'name' }
  | { k: 'text'; max: number }
  | { k: 'ref' }
  | { k: 'format'; nullable?: boolean }
  | { k: 'enum' }
  | { k: 'bool' }
  | { k: 'list' }
  | { k: 'obj' };
const num = (min: number, max: number, int = true, nullable = false): Kind => ({ k: 'num', min, max, int, nullable });
const US = num(0, 3_600_000_000);
const M = num(-1e7, 1e7, false);

/** Field (as the error names it) → what it takes. `scenario.x` is the file's top level. */
const FIELDS: [string, Kind][] = [
  ['scenario.id', { k: 'text', max: 64 }],
  ['scenario.title', { k: 'text', max: 200 }],
  ['scenario.description', { k: 'text', max: 10_000 }],
  ['scenario.durationUs', num(1, 3_600_000_000)],
  ['scenario.width', num(1, 1e7, false)],
  ['scenario.height', num(1, 1e7, false)],
  ['scenario.routers', { k: 'list' }],
  ['scenario.links', { k: 'list' }],
  ['scenario.mobiles', { k: 'list' }],
  ['scenario.traffic', { k: 'list' }],
  ['scenario.bindCn', { k: 'bool' }],
  ['ha', { k: 'obj' }],
  ['ha.name', { k: 'name' }],
  ['ha.address', { k: 'format' }],
  ['ha.homePrefix', { k: 'format' }],
  ['cn', { k: 'obj' }],
  ['cn.name', { k: 'name' }],
  ['cn.address', { k: 'format' }],
  ['routers[0]', { k: 'obj' }],
  ['routers[0].name', { k: 'name' }],
  ['routers[0].x', M],
  ['routers[0].y', M],
  ['routers[0].radius', num(1, 1e7, false)],
  ['routers[0].lla', { k: 'format' }],
  ['routers[0].prefix', { k: 'format' }],
  ['routers[1].apOf', { k: 'ref' }],
  ['routers[0].caps', { k: 'obj' }],
  ['routers[0].caps.fast', { k: 'bool' }],
  ['routers[0].caps.stateful', { k: 'bool' }],
  ['routers[0].caps.buffer', { k: 'bool' }],
  ['routers[0].caps.bufferPackets', num(0, 100_000)],
  ['routers[0].caps.neighbors', { k: 'list' }],
  ['routers[0].caps.neighbors[0]', { k: 'ref' }],
  ['routers[0].caps.hackCode', num(0, 255)],
  ['routers[0].caps.occupied', { k: 'list' }],
  ['routers[0].caps.occupied[0]', { k: 'format' }],
  ['routers[0].caps.poolExhausted', { k: 'bool' }],
  ['routers[0].caps.linkUpDelivers', { k: 'bool' }],
  ['routers[0].caps.loseFirst', { k: 'list' }],
  ['routers[0].caps.loseFirst[0].msg', { k: 'enum' }],
  ['routers[0].caps.loseFirst[0].count', num(0, 1_000_000)],
  ['routers[0].caps.beth', { k: 'bool' }],
  ['routers[0].caps.triggers', { k: 'obj' }],
  ['routers[0].caps.triggers.st', { k: 'bool' }],
  ['routers[0].caps.triggers.lu', { k: 'bool' }],
  ['routers[0].caps.betLifetimeS', num(0, 0xffffffff)],
  ['routers[0].caps.betPlacement', num(0, 1, false)],
  ['routers[0].caps.betRenew', { k: 'bool' }],
  ['routers[0].caps.betGrant', { k: 'bool' }],
  ['links[0]', { k: 'obj' }],
  ['links[0].a', { k: 'ref' }],
  ['links[0].b', { k: 'ref' }],
  ['links[0].delayUs', US],
  ['links[0].bandwidthBps', num(1000, 1e12, false)],
  ['mobiles[0]', { k: 'obj' }],
  ['mobiles[0].name', { k: 'name' }],
  ['mobiles[0].x', M],
  ['mobiles[0].y', M],
  ['mobiles[0].lla', { k: 'format' }],
  ['mobiles[0].iid', { k: 'format' }],
  ['mobiles[0].home', { k: 'format' }],
  ['mobiles[0].mode', { k: 'enum' }],
  ['mobiles[0].initiation', { k: 'enum' }],
  ['mobiles[0].path', { k: 'list' }],
  ['mobiles[0].path[0]', { k: 'obj' }],
  ['mobiles[0].path[1].t', num(1, 3_600_000_000)],
  ['mobiles[0].path[0].x', M],
  ['mobiles[0].path[0].y', M],
  ['mobiles[0].loseFirst', { k: 'list' }],
  ['mobiles[0].loseFirst[0].msg', { k: 'enum' }],
  ['mobiles[0].loseFirst[0].count', num(0, 1_000_000)],
  ['mobiles[0].fbuAfterMove', { k: 'bool' }],
  ['mobiles[0].obtainNcoaAfterUs', num(0, 3_600_000_000, true, true)],
  ['mobiles[0].interfaces', num(1, 2)],
  ['mobiles[0].capabilitiesKnown', { k: 'bool' }],
  ['traffic[0]', { k: 'obj' }],
  ['traffic[0].dir', { k: 'enum' }],
  ['traffic[0].mn', { k: 'ref' }],
  ['traffic[0].intervalUs', num(100, 3_600_000_000)],
  ['traffic[0].payloadBytes', num(0, 1400)],
  // Above stopUs is refused too, named at stopUs (`a number >= startUs`).
  ['traffic[0].startUs', US],
  ['traffic[0].stopUs', US],
  ['timers', { k: 'obj' }],
  // Above raMaxUs is refused too, named at raMaxUs.
  ['timers.raMinUs', num(1000, 3_600_000_000)],
  ['timers.raMaxUs', num(30_000, 3_600_000_000)],
  ['timers.movementDetection', { k: 'enum' }],
  ['timers.rsReplyMaxUs', US],
  ['timers.dadUs', US],
  ['timers.defendUs', num(1, 3_600_000_000)],
  ['timers.accessRttUs', US],
  ['timers.rtSolPrResends', num(0, 2)],
  ['timers.hiResends', num(0, 4)],
  ['timers.fbackWaitUs', num(1, 3_600_000_000)],
  ['timers.fbuResends', num(0, 3)],
  ['timers.tunnelLifetimeS', num(1, 3600)],
  ['timers.bindingLifetimeS', num(1, 0xffffffff)],
  ['radio', { k: 'obj' }],
  ['radio.leadUs', US],
  ['radio.l2HandoverUs', US],
  ['radio.tickUs', num(100, 3_600_000_000)],
  ['radio.airDelayUs', US],
  ['radio.airBandwidthBps', num(1000, 1e12, false)],
  ['radio.fbackOnOldLink', { k: 'bool' }],
  ['radio.predict', { k: 'enum' }],
  ['security', { k: 'obj' }],
  ['security.associations', { k: 'bool' }],
  ['security.attacks', { k: 'list' }],
  ['security.attacks[0]', { k: 'obj' }],
  ['security.attacks[0].node', { k: 'ref' }],
  ['security.attacks[0].atUs', US],
  ['security.attacks[0].forge', { k: 'enum' }],
  ['security.attacks[0].victim', { k: 'ref' }],
  ['security.attacks[0].to', { k: 'ref' }],
  ['security.attacks[0].lla', { k: 'format', nullable: true }],
];

/** The values that must be refused for a kind of field. */
function badValues(kind: Kind): unknown[] {
  switch (kind.k) {
    case 'num': {
      const out = [...notNumbers.filter((v) => !(kind.nullable && v === null)), kind.min - 1, kind.max + 1, 1e300];
      if (kind.int) out.push(kind.min + 0.5);
      return out;
    }
    case 'name':
      return [...notStrings, '', HUGE_TEXT, UNICODE, SCRIPT, 'two words', 'x'.repeat(33)];
    case 'text':
      return [...notStrings, '', HUGE_TEXT, 'x'.repeat(kind.max + 1)].filter(
        // A description may be empty.
        (v) => !(v === '' && kind.max === 10_000),
      );
    case 'format':
      return [...notStrings.filter((v) => !(kind.nullable && v === null)), '', HUGE_TEXT, UNICODE, SCRIPT];
    case 'ref':
    case 'enum':
      return [...notStrings, '', HUGE_TEXT, UNICODE, SCRIPT];
    case 'bool':
      return notBools;
    case 'list':
      return notLists;
    case 'obj':
      return notObjects;
  }
}

/** Sets a field named as the validator names it (`scenario.x` is the top level). */
function set(s: Obj, path: string, value: unknown): void {
  const parts = path
    .replace(/^scenario\./, '')
    .split(/\.|\[(\d+)\]/)
    .filter((p) => p !== undefined && p !== '');
  let o = s as Record<string, unknown>;
  for (const p of parts.slice(0, -1)) o = o[p] as Record<string, unknown>;
  o[parts[parts.length - 1]!] = value;
}

describe('scenario fields with bad values', () => {
  it('the fully spelt-out scenario is valid (each row below breaks one field of it)', () => {
    expect(validateScenario(full())).toMatchObject({ ok: true });
  });

  for (const [path, kind] of FIELDS)
    it(`${path} (${kind.k})`, () => {
      for (const bad of badValues(kind)) {
        const input = full();
        set(input, path, bad);
        const before = structuredClone(input);
        const v = validateScenario(input);
        const label = `${path} = ${String(JSON.stringify(bad) ?? bad).slice(0, 40)}`;
        expect(v.ok, label).toBe(false);
        if (v.ok) continue;
        const mine = v.errors.find((e) => e.path === path);
        expect(mine, `${label}: errors at ${v.errors.map((e) => e.path).join(', ')}`).toBeDefined();
        expect(mine!.expected.length).toBeGreaterThan(3);
        // What came is shown, shortened: a 100,000-character value is not pasted into the message.
        expect(mine!.got.length).toBeLessThanOrEqual(60);
        expect(formatErrors(v.errors).split('\n')).toContain(`${path}: expected ${mine!.expected}, got ${mine!.got}`);
        // The user's scenario is untouched: the page can show it again, with the error beside it.
        expect(input, label).toEqual(before);
      }
    });

  it('free text keeps unicode and script text as text (the page renders it, never runs it)', () => {
    for (const path of ['scenario.title', 'scenario.description']) {
      for (const text of [UNICODE, SCRIPT]) {
        const input = full();
        set(input, path, text);
        const v = validateScenario(input);
        expect(v.ok).toBe(true);
        if (v.ok) expect(path.endsWith('title') ? v.scenario.title : v.scenario.description).toBe(text);
      }
    }
  });

  it('a misspelt field is named, with the fields that section has', () => {
    const cases: [string, string][] = [
      ['scenario.radious', 'scenario.radious'],
      ['routers[0].radious', 'routers[0].radious'],
      ['routers[0].caps.bufer', 'routers[0].caps.bufer'],
      ['mobiles[0].path[0].z', 'mobiles[0].path[0].z'],
      ['timers.raMin', 'timers.raMin'],
      ['radio.lead', 'radio.lead'],
      ['security.attacks[0].when', 'security.attacks[0].when'],
    ];
    for (const [field, where] of cases) {
      const input = full();
      set(input, field, 1);
      const v = validateScenario(input);
      expect(v.ok, field).toBe(false);
      if (!v.ok) expect(v.errors.find((e) => e.path === where)?.expected, field).toMatch(/^no such field \(known: /);
    }
  });
});
