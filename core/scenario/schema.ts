// The scenario file: what a lab world is made of. Documented in docs/scenarios.md.
// `validateScenario` turns untrusted JSON into a `Scenario` with every default filled in, or
// returns errors that name the field (a path such as `routers[1].radius`) and what was expected.
// It never throws on bad input.
import { canonIPv6, iidOf, joinPrefixIid, prefix64 } from '../wire/addr.ts';

import {
  DEFAULT_RADIO,
  DEFAULT_TIMERS,
  type LinkSpec,
  type MobileSpec,
  type RadioParams,
  type RouterSpec,
  type Scenario,
  type SecuritySpec,
  type Timers,
  type TrafficSpec,
} from './types.ts';

// The types are types.ts's; importers of the schema get them from here too.
export * from './types.ts';
export { MSG_NAMES } from './fields.ts';
import { LLA_RE, MAX_BPS, MAX_M, MAX_US, V } from './fields.ts';

export interface ScenarioError {
  /** Path of the offending field, e.g. `routers[1].radius`. */
  path: string;
  /** What was expected there. */
  expected: string;
  /** What was found, shortened. */
  got: string;
}

export type Validation = { ok: true; scenario: Scenario } | { ok: false; errors: ScenarioError[] };

export function formatErrors(errors: ScenarioError[]): string {
  return errors.map((e) => `${e.path}: expected ${e.expected}, got ${e.got}`).join('\n');
}

const SCENARIO_FIELDS = [
  'id',
  'title',
  'description',
  'durationUs',
  'width',
  'height',
  'routers',
  'ha',
  'cn',
  'links',
  'mobiles',
  'traffic',
  'timers',
  'radio',
  'bindCn',
  'security',
] as const;
const CAPS_FIELDS = [
  'fast',
  'stateful',
  'buffer',
  'bufferPackets',
  'neighbors',
  'hackCode',
  'occupied',
  'poolExhausted',
  'linkUpDelivers',
  'loseFirst',
  'beth',
  'triggers',
  'betLifetimeS',
  'betPlacement',
  'betRenew',
  'betGrant',
] as const;
const MOBILE_FIELDS = [
  'name',
  'x',
  'y',
  'lla',
  'iid',
  'home',
  'mode',
  'initiation',
  'path',
  'loseFirst',
  'fbuAfterMove',
  'obtainNcoaAfterUs',
  'interfaces',
  'capabilitiesKnown',
] as const;

/** Validates an untrusted scenario object; fills defaults. Never throws. */
export function validateScenario(input: unknown): Validation {
  const v = new V();
  const o = v.obj(input, 'scenario');
  if (!o) return { ok: false, errors: v.errors };
  v.known(o, 'scenario', SCENARIO_FIELDS);
  const id = v.str(o, 'id', 'scenario', undefined, 64);
  const title = v.str(o, 'title', 'scenario', id || 'untitled');
  if (o.description !== undefined && (typeof o.description !== 'string' || o.description.length > 10_000))
    v.err('scenario.description', 'a string of at most 10000 characters', o.description);
  const description = typeof o.description === 'string' ? o.description : '';
  const durationUs = v.num(o, 'durationUs', 'scenario', { min: 1, max: MAX_US, int: true, def: 3_000_000 });
  const width = v.num(o, 'width', 'scenario', { min: 1, max: MAX_M, def: 600 });
  const height = v.num(o, 'height', 'scenario', { min: 1, max: MAX_M, def: 300 });

  const names = new Set<string>();
  const uniqueName = (n: string, path: string): void => {
    if (names.has(n)) v.err(path, 'a name not used by another node', n);
    names.add(n);
  };

  const routers: RouterSpec[] = v.arr(o, 'routers', 'scenario', false).map((r, i) => {
    const p = `routers[${i}]`;
    const ro = v.obj(r, p) ?? {};
    v.known(ro, p, ['name', 'x', 'y', 'radius', 'lla', 'prefix', 'apOf', 'caps']);
    const name = v.name(ro, 'name', p);
    uniqueName(name, `${p}.name`);
    const lla = v.str(ro, 'lla', p);
    if (lla && !LLA_RE.test(lla)) v.err(`${p}.lla`, 'six hex octets such as "02:00:00:00:01:01"', lla);
    const capsIn = ro.caps === undefined ? {} : (v.obj(ro.caps, `${p}.caps`) ?? {});
    const cp = `${p}.caps`;
    v.known(capsIn, cp, CAPS_FIELDS);
    const neighbors =
      capsIn.neighbors === undefined
        ? null
        : v.arr(capsIn, 'neighbors', cp, false).map((n, j) => {
            if (typeof n !== 'string') v.err(`${cp}.neighbors[${j}]`, 'a router name', n);
            return String(n);
          });
    const hackCode =
      capsIn.hackCode === undefined ? null : v.num(capsIn, 'hackCode', cp, { int: true, min: 0, max: 255 });
    if (hackCode !== null && ![0, 1, 2, 3, 4, 128, 129, 130].includes(hackCode))
      v.err(`${cp}.hackCode`, 'a HACK code of §5.2.2 (0-4, 128-130)', hackCode);
    const occupied = v.arr(capsIn, 'occupied', cp, true).map((a, j) => {
      const c = typeof a === 'string' ? canonIPv6(a) : null;
      if (!c) v.err(`${cp}.occupied[${j}]`, 'an IPv6 address', a);
      return c ?? '::';
    });
    return {
      name,
      x: v.num(ro, 'x', p, { min: -MAX_M, max: MAX_M }),
      y: v.num(ro, 'y', p, { min: -MAX_M, max: MAX_M }),
      radius: v.num(ro, 'radius', p, { min: 1, max: MAX_M }),
      lla: lla.toLowerCase(),
      prefix: ro.apOf !== undefined && ro.prefix === undefined ? '' : v.prefix(ro, 'prefix', p),
      apOf: ro.apOf === undefined ? null : v.str(ro, 'apOf', p),
      caps: {
        fast: v.bool(capsIn, 'fast', cp, true),
        stateful: v.bool(capsIn, 'stateful', cp, false),
        buffer: v.bool(capsIn, 'buffer', cp, true),
        bufferPackets: v.num(capsIn, 'bufferPackets', cp, { def: 64, min: 0, max: 100_000, int: true }),
        neighbors,
        hackCode,
        occupied,
        poolExhausted: v.bool(capsIn, 'poolExhausted', cp, false),
        linkUpDelivers: v.bool(capsIn, 'linkUpDelivers', cp, false),
        loseFirst: v.loss(capsIn, cp),
        beth: v.bool(capsIn, 'beth', cp, false),
        triggers: ((t: Record<string, unknown>) => {
          v.known(t, `${cp}.triggers`, ['st', 'tt', 'ld', 'lu']);
          return {
            st: v.bool(t, 'st', `${cp}.triggers`, true),
            tt: v.bool(t, 'tt', `${cp}.triggers`, true),
            ld: v.bool(t, 'ld', `${cp}.triggers`, true),
            lu: v.bool(t, 'lu', `${cp}.triggers`, true),
          };
        })(capsIn.triggers === undefined ? {} : (v.obj(capsIn.triggers, `${cp}.triggers`) ?? {})),
        betLifetimeS: v.num(capsIn, 'betLifetimeS', cp, { def: 10, min: 0, max: 0xffffffff, int: true }),
        betPlacement: v.num(capsIn, 'betPlacement', cp, { def: 1, min: 0, max: 1 }),
        betRenew: v.bool(capsIn, 'betRenew', cp, true),
        betGrant: v.bool(capsIn, 'betGrant', cp, true),
      },
    };
  });
  // §3.2.1: "The oAR and nAR MUST support at least one of L2-ST or L2-TT."
  routers.forEach((r, i) => {
    if (r.caps.beth && !r.caps.triggers.st && !r.caps.triggers.tt)
      v.err(
        `routers[${i}].caps.triggers`,
        'st or tt true: a BETH router MUST support L2-ST or L2-TT (§3.2.1)',
        r.caps.triggers,
      );
  });
  if (routers.length === 0 && Array.isArray(o.routers))
    v.err('scenario.routers', 'at least one access router', o.routers);
  for (const [i, r] of routers.entries()) {
    if (r.apOf === null) continue;
    const owner = routers.find((x) => x.name === r.apOf);
    if (!owner || owner.apOf !== null)
      v.err(`routers[${i}].apOf`, 'the name of a router that is not itself an access point', r.apOf);
    else r.prefix = owner.prefix;
  }
  const seenPrefix = new Map<string, string>();
  routers.forEach((r, i) => {
    if (r.apOf !== null) return;
    const k = prefix64(r.prefix.split('/')[0]!);
    if (seenPrefix.has(k)) v.err(`routers[${i}].prefix`, `a prefix not used by ${seenPrefix.get(k)}`, r.prefix);
    seenPrefix.set(k, r.name);
  });
  for (const [i, r] of routers.entries())
    for (const [j, n] of (r.caps.neighbors ?? []).entries())
      if (!routers.some((x) => x.name === n))
        v.err(`routers[${i}].caps.neighbors[${j}]`, 'the name of a router in this scenario', n);

  const hao =
    v.obj(
      o.ha === undefined ? { name: 'HA', address: '2001:db8:ffff::1', homePrefix: '2001:db8:ffff::/64' } : o.ha,
      'ha',
    ) ?? {};
  v.known(hao, 'ha', ['name', 'address', 'homePrefix']);
  const ha = {
    name: v.name(hao, 'name', 'ha', 'HA'),
    address: v.addr(hao, 'address', 'ha'),
    homePrefix: v.prefix(hao, 'homePrefix', 'ha'),
  };
  uniqueName(ha.name, 'ha.name');
  const cno = v.obj(o.cn === undefined ? { name: 'CN', address: '2001:db8:cccc::1' } : o.cn, 'cn') ?? {};
  v.known(cno, 'cn', ['name', 'address']);
  const cn = { name: v.name(cno, 'name', 'cn', 'CN'), address: v.addr(cno, 'address', 'cn') };
  uniqueName(cn.name, 'cn.name');

  const wired = new Set([...routers.filter((r) => r.apOf === null).map((r) => r.name), ha.name, cn.name]);
  const links: LinkSpec[] = v.arr(o, 'links', 'scenario', false).map((l, i) => {
    const p = `links[${i}]`;
    const lo = v.obj(l, p) ?? {};
    v.known(lo, p, ['a', 'b', 'delayUs', 'bandwidthBps']);
    const a = v.str(lo, 'a', p);
    const b = v.str(lo, 'b', p);
    if (a && !wired.has(a)) v.err(`${p}.a`, `a router, "${ha.name}" or "${cn.name}"`, a);
    if (b && !wired.has(b)) v.err(`${p}.b`, `a router, "${ha.name}" or "${cn.name}"`, b);
    if (a && a === b) v.err(`${p}.b`, 'a node other than a', b);
    return {
      a,
      b,
      delayUs: v.num(lo, 'delayUs', p, { min: 0, max: MAX_US, int: true }),
      bandwidthBps: v.num(lo, 'bandwidthBps', p, { min: 1000, max: MAX_BPS, def: 100_000_000 }),
    };
  });
  // every wired node must be reachable from the HA
  if (v.errors.length === 0) {
    const adj = new Map<string, string[]>();
    for (const l of links) {
      adj.set(l.a, [...(adj.get(l.a) ?? []), l.b]);
      adj.set(l.b, [...(adj.get(l.b) ?? []), l.a]);
    }
    const seen = new Set([ha.name]);
    const frontier = [ha.name];
    while (frontier.length) {
      for (const n of adj.get(frontier.pop()!) ?? []) {
        if (!seen.has(n)) {
          seen.add(n);
          frontier.push(n);
        }
      }
    }
    for (const n of wired)
      if (!seen.has(n)) v.err('scenario.links', `links connecting "${n}" to "${ha.name}"`, 'no path');
  }

  const mobiles: MobileSpec[] = v.arr(o, 'mobiles', 'scenario', false).map((m, i) => {
    const p = `mobiles[${i}]`;
    const mo = v.obj(m, p) ?? {};
    v.known(mo, p, MOBILE_FIELDS);
    const name = v.name(mo, 'name', p);
    uniqueName(name, `${p}.name`);
    const lla = v.str(
      mo,
      'lla',
      p,
      `02:00:00:00:${(0x10 + (i >> 8)).toString(16).padStart(2, '0')}:${(i & 0xff).toString(16).padStart(2, '0')}`,
    );
    if (!LLA_RE.test(lla)) v.err(`${p}.lla`, 'six hex octets such as "02:00:00:00:00:10"', lla);
    const iid = v.str(mo, 'iid', p, `::${(0x10 + i).toString(16)}`);
    // Only the low 64 bits set, and not all of them zero (RFC 4291 §2.5.1).
    const ig = canonIPv6(iid);
    if (!ig || ig === '::' || iidOf(ig) !== ig)
      v.err(`${p}.iid`, 'a non-zero interface identifier such as "::10"', iid);
    const home = mo.home === undefined ? (ig ? joinPrefixIid(ha.homePrefix, iid) : '::') : v.addr(mo, 'home', p);
    const path = v.arr(mo, 'path', p, true).map((pt, j) => {
      const pp = `${p}.path[${j}]`;
      const po = v.obj(pt, pp) ?? {};
      v.known(po, pp, ['t', 'x', 'y']);
      return {
        t: v.num(po, 't', pp, { min: 0, max: MAX_US, int: true }),
        x: v.num(po, 'x', pp, { min: -MAX_M, max: MAX_M }),
        y: v.num(po, 'y', pp, { min: -MAX_M, max: MAX_M }),
      };
    });
    for (let j = 1; j < path.length; j++)
      if (path[j]!.t <= path[j - 1]!.t)
        v.err(`${p}.path[${j}].t`, `a time after path[${j - 1}].t (${path[j - 1]!.t})`, path[j]!.t);
    const interfaces = v.num(mo, 'interfaces', p, { def: 1, min: 1, max: 2, int: true }) as 1 | 2;
    // §3.5.2: the second-interface handover starts with the MN's RtSolPr: a fast, mobile-initiated MN.
    if (interfaces === 2 && (mo.mode ?? 'fast') !== 'fast')
      v.err(`${p}.interfaces`, '1 unless mode is "fast" (the §3.5.2 second-interface handover is anticipated)', 2);
    else if (interfaces === 2 && (mo.initiation ?? 'mobile') !== 'mobile')
      v.err(`${p}.interfaces`, '1 unless initiation is "mobile" (the MN sends the RtSolPr, §3.5.2)', 2);
    // No effect unless the MN runs BETH (only a BETH MN makes the §4.1 exchange): a "what if" that
    // runs a figure in another mode keeps the field.
    const capabilitiesKnown = v.bool(mo, 'capabilitiesKnown', p, false);
    return {
      name,
      interfaces,
      capabilitiesKnown,
      x: v.num(mo, 'x', p, { min: -MAX_M, max: MAX_M }),
      y: v.num(mo, 'y', p, { min: -MAX_M, max: MAX_M }),
      lla: lla.toLowerCase(),
      iid,
      home,
      mode: v.oneOf(mo, 'mode', p, ['fast', 'mipv6', 'beth'] as const, 'fast'),
      initiation: v.oneOf(mo, 'initiation', p, ['mobile', 'network'] as const, 'mobile'),
      path,
      loseFirst: v.loss(mo, p),
      fbuAfterMove: v.bool(mo, 'fbuAfterMove', p, false),
      obtainNcoaAfterUs:
        mo.obtainNcoaAfterUs === undefined || mo.obtainNcoaAfterUs === null
          ? null
          : v.num(mo, 'obtainNcoaAfterUs', p, { min: 0, max: MAX_US, int: true }),
    };
  });
  if (mobiles.length === 0 && Array.isArray(o.mobiles))
    v.err('scenario.mobiles', 'at least one mobile node', o.mobiles);

  const traffic: TrafficSpec[] = v.arr(o, 'traffic', 'scenario', true).map((t, i) => {
    const p = `traffic[${i}]`;
    const to = v.obj(t, p) ?? {};
    v.known(to, p, ['dir', 'mn', 'intervalUs', 'payloadBytes', 'startUs', 'stopUs']);
    const mn = v.str(to, 'mn', p, mobiles[0]?.name ?? 'MN');
    if (!mobiles.some((m) => m.name === mn)) v.err(`${p}.mn`, 'the name of a mobile node', mn);
    const startUs = v.num(to, 'startUs', p, { def: 0, min: 0, max: MAX_US, int: true });
    return {
      dir: v.oneOf(to, 'dir', p, ['down', 'up'] as const, 'down'),
      mn,
      intervalUs: v.num(to, 'intervalUs', p, { def: 20_000, min: 100, max: MAX_US, int: true }),
      payloadBytes: v.num(to, 'payloadBytes', p, { def: 160, min: 0, max: 1400, int: true }),
      startUs,
      stopUs: v.num(to, 'stopUs', p, { def: durationUs, min: startUs, max: MAX_US, int: true }),
    };
  });

  const ti = o.timers === undefined ? {} : (v.obj(o.timers, 'timers') ?? {});
  v.known(ti, 'timers', Object.keys(DEFAULT_TIMERS));
  const D = DEFAULT_TIMERS;
  const timers: Timers = {
    raMinUs: v.num(ti, 'raMinUs', 'timers', { def: D.raMinUs, min: 1000, max: MAX_US, int: true }),
    raMaxUs: v.num(ti, 'raMaxUs', 'timers', { def: D.raMaxUs, min: 1000, max: MAX_US, int: true }),
    movementDetection: v.oneOf(ti, 'movementDetection', 'timers', ['ra', 'rs'] as const, D.movementDetection),
    rsReplyMaxUs: v.num(ti, 'rsReplyMaxUs', 'timers', { def: D.rsReplyMaxUs, min: 0, max: MAX_US, int: true }),
    dadUs: v.num(ti, 'dadUs', 'timers', { def: D.dadUs, min: 0, max: MAX_US, int: true }),
    defendUs: v.num(ti, 'defendUs', 'timers', { def: D.defendUs, min: 1, max: MAX_US, int: true }),
    accessRttUs: v.num(ti, 'accessRttUs', 'timers', { def: D.accessRttUs, min: 0, max: MAX_US, int: true }),
    rtSolPrResends: v.num(ti, 'rtSolPrResends', 'timers', { def: D.rtSolPrResends, min: 0, max: 2, int: true }),
    hiResends: v.num(ti, 'hiResends', 'timers', { def: D.hiResends, min: 0, max: 4, int: true }),
    fbackWaitUs: v.num(ti, 'fbackWaitUs', 'timers', { def: D.fbackWaitUs, min: 1, max: MAX_US, int: true }),
    fbuResends: v.num(ti, 'fbuResends', 'timers', { def: D.fbuResends, min: 0, max: 3, int: true }),
    tunnelLifetimeS: v.num(ti, 'tunnelLifetimeS', 'timers', { def: D.tunnelLifetimeS, min: 1, max: 3600, int: true }),
    bindingLifetimeS: v.num(ti, 'bindingLifetimeS', 'timers', {
      def: D.bindingLifetimeS,
      min: 1,
      max: 0xffffffff,
      int: true,
    }),
  };
  if (timers.raMaxUs < timers.raMinUs)
    v.err('timers.raMaxUs', `a value >= timers.raMinUs (${timers.raMinUs})`, timers.raMaxUs);
  const ra = o.radio === undefined ? {} : (v.obj(o.radio, 'radio') ?? {});
  v.known(ra, 'radio', Object.keys(DEFAULT_RADIO));
  const R = DEFAULT_RADIO;
  const radio: RadioParams = {
    leadUs: v.num(ra, 'leadUs', 'radio', { def: R.leadUs, min: 0, max: MAX_US, int: true }),
    l2HandoverUs: v.num(ra, 'l2HandoverUs', 'radio', { def: R.l2HandoverUs, min: 0, max: MAX_US, int: true }),
    tickUs: v.num(ra, 'tickUs', 'radio', { def: R.tickUs, min: 100, max: MAX_US, int: true }),
    airDelayUs: v.num(ra, 'airDelayUs', 'radio', { def: R.airDelayUs, min: 0, max: MAX_US, int: true }),
    airBandwidthBps: v.num(ra, 'airBandwidthBps', 'radio', { def: R.airBandwidthBps, min: 1000, max: MAX_BPS }),
    fbackOnOldLink: v.bool(ra, 'fbackOnOldLink', 'radio', R.fbackOnOldLink),
    predict: v.oneOf(ra, 'predict', 'radio', ['path', 'heading'] as const, R.predict),
  };
  const bindCn = v.bool(o, 'bindCn', 'scenario', true);
  const so = o.security === undefined ? {} : (v.obj(o.security, 'security') ?? {});
  v.known(so, 'security', ['associations', 'attacks']);
  const security: SecuritySpec = {
    associations: v.bool(so, 'associations', 'security', false),
    attacks: v.arr(so, 'attacks', 'security', true).map((a, i) => {
      const p = `security.attacks[${i}]`;
      const ao = v.obj(a, p) ?? {};
      v.known(ao, p, ['node', 'atUs', 'forge', 'victim', 'to', 'lla']);
      const at = {
        node: v.str(ao, 'node', p),
        atUs: v.num(ao, 'atUs', p, { min: 0, max: MAX_US, int: true }),
        forge: v.oneOf(ao, 'forge', p, ['F-BU', 'HI', 'L2-TT'] as const, 'F-BU'),
        victim: v.str(ao, 'victim', p),
        to: v.str(ao, 'to', p),
        lla: ao.lla === undefined || ao.lla === null ? null : v.str(ao, 'lla', p).toLowerCase(),
      };
      if (at.victim && !mobiles.some((m) => m.name === at.victim))
        v.err(`${p}.victim`, 'the name of a mobile node', at.victim);
      if (at.to && !routers.some((r) => r.name === at.to)) v.err(`${p}.to`, 'the name of a router', at.to);
      if (at.forge !== 'L2-TT' && at.node && !mobiles.some((m) => m.name === at.node))
        v.err(`${p}.node`, 'the name of a mobile node (the attacker)', at.node);
      if (at.lla !== null && at.lla !== '' && !LLA_RE.test(at.lla))
        v.err(`${p}.lla`, 'six hex octets such as "02:00:00:00:00:66"', at.lla);
      return at;
    }),
  };
  if (v.errors.length > 0) return { ok: false, errors: v.errors };
  return {
    ok: true,
    scenario: {
      id,
      title,
      description,
      durationUs,
      width,
      height,
      routers,
      ha,
      cn,
      links,
      mobiles,
      traffic,
      timers,
      radio,
      bindCn,
      security,
    },
  };
}
