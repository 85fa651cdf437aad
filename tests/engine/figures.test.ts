// The figures of §3.1, as orders of events the figures and their text require (not snapshots),
// plus one fingerprint per scenario: a one-line check that the run did exactly the same thing.
import { beforeAll, describe, expect, it } from 'vitest';
import { all, first, inOrder, l2, msg, run } from './helpers.ts';
import type { World } from '../../core/engine/world.ts';
import type { TraceRecord } from '../../core/trace.ts';
import { fromHex } from '../../core/trace.ts';
import { codec } from '../../core/engine/run.ts';
import { optAddress } from '../../core/roles/build.ts';

type Rec<K extends TraceRecord['kind']> = Extract<TraceRecord, { kind: K }>;
const w: Record<string, World> = {};
beforeAll(async () => {
  for (const id of ['fig1', 'fig2', 'fig3', 'fig4']) w[id] = await run(id, 1);
});

async function decode(r: TraceRecord) {
  if (!('hex' in r) || !r.hex) throw new Error('record without bytes');
  const p = (await codec()).parse(fromHex(r.hex));
  if (!p.ok) throw new Error(`bytes do not parse: ${p.status}`);
  return p.msg;
}

/** Rules common to every anticipated handover (§3.1.1, §3.1.3, §5.3.2). */
function commonRules(recs: TraceRecord[], oar: string) {
  // §5.3.2: no F-BACK before the HACK.
  const hackRx = first(recs, msg('rx', 'HACK', 'oAR'));
  for (const i of recs.keys()) if (msg('tx', 'F-BACK', oar)(recs[i]!)) expect(i).toBeGreaterThan(hackRx);
  // §3.1.1/§3.1.3: "the oAR MUST NOT forward packets until it has received a F-BU".
  const fbuRx = first(recs, msg('rx', 'F-BU', oar));
  const up = first(
    recs,
    (r) => r.kind === 'tunnel' && r.node === oar && r.action === 'up' && !r.type.endsWith('reverse'),
  );
  expect(up).toBeGreaterThan(fbuRx);
  // §3.1.1: on the new link the MN announces itself (NA if it has the F-BACK, F-NA if not) after L2-LU.
  const lu = first(recs, l2('L2-LU', 'MN'));
  const announce = first(
    recs,
    (r) => r.kind === 'tx' && r.node === 'MN' && (r.msg === 'NA' || r.msg === 'F-NA') && r.t >= recs[lu]!.t,
  );
  expect(announce).toBeGreaterThan(lu);
  // §3.1.8: the BU to the HA completes the nCoA, after arriving.
  const buHa = first(recs, (r) => r.kind === 'tx' && r.msg === 'BU' && r.to === 'HA');
  expect(buHa).toBeGreaterThan(lu);
  // The HA acknowledges; the handover is complete.
  expect(first(recs, msg('rx', 'BACK', 'MN'))).toBeGreaterThan(buHa);
}

describe('Figure 1: network-initiated, stateless (§3.1.2, §3.1.3)', () => {
  it('the oAR gets the L2 source trigger, then sends PrRtAdv and HI at the same time', async () => {
    const r = w.fig1!.records;
    const [st, pr] = inOrder(r, ['L2-ST at oAR', l2('L2-ST', 'oAR')], ['PrRtAdv tx', msg('tx', 'PrRtAdv', 'oAR')]);
    const [, hi] = inOrder(r, ['L2-ST at oAR', l2('L2-ST', 'oAR')], ['HI tx', msg('tx', 'HI', 'oAR')]);
    expect(r[pr!]!.t).toBe(r[st!]!.t);
    expect(r[hi!]!.t).toBe(r[pr!]!.t); // §3.1.3 "At the same time the oAR MUST send the HI"
    expect(first(r, msg('tx', 'RtSolPr'))).toBe(-1); // nothing from the MN first
    const pra = (await decode(r[pr!]!)) as Extract<Awaited<ReturnType<typeof decode>>, { kind: 'PrRtAdv' }>;
    expect(pra.code).toBe(0);
    expect(pra.identifier).toBe(0); // §5.1.2: zero if unsolicited
    const h = await decode(r[hi!]!);
    expect(h.kind === 'HI' && !h.flags.S).toBe(true);
    // §3.1.3: the HI carries the oCoA and the proposed nCoA, the one the PrRtAdv gave
    expect(h.kind === 'HI' && optAddress(h, 2)).toBe('2001:db8:2::10');
    expect(h.kind === 'HI' && optAddress(h, 1)).toBe('2001:db8:1::10');
  });
  it('PrRtAdv → F-BU → F-BACK → disconnect → forward → F-NA/NA → deliver', () => {
    const r = w.fig1!.records;
    inOrder(
      r,
      ['PrRtAdv at MN', msg('rx', 'PrRtAdv', 'MN')],
      ['F-BU from MN', msg('tx', 'F-BU', 'MN')],
      ['HACK at oAR', msg('rx', 'HACK', 'oAR')],
      ['F-BACK from oAR', msg('tx', 'F-BACK', 'oAR')],
      ['disconnect', l2('L2-LD', 'MN')],
      ['forward', (x) => x.kind === 'encap' && x.node === 'oAR' && x.msg === 'DATA'],
      ['connect', l2('L2-LU', 'MN')],
      ['deliver', (x) => x.kind === 'fwd' && x.node === 'nAR' && x.msg === 'DATA' && x.next === 'MN'],
    );
    commonRules(r, 'oAR');
  });
});

describe('Figure 2: network-determined, stateful (§3.1.4)', () => {
  it('HI(S) and the HACK with the nCoA precede the PrRtAdv, which carries that nCoA', async () => {
    const r = w.fig2!.records;
    const [hi, hack, pr] = inOrder(
      r,
      ['HI', msg('tx', 'HI', 'oAR')],
      ['HACK at oAR', msg('rx', 'HACK', 'oAR')],
      ['PrRtAdv', msg('tx', 'PrRtAdv', 'oAR')],
    );
    const h = await decode(r[hi!]!);
    expect(h.kind === 'HI' && h.flags.S).toBe(true);
    const a = await decode(r[hack!]!);
    expect(a.kind === 'HACK' && a.code).toBe(3); // §5.2.2: "a Code of 3"
    const nCoA = a.kind === 'HACK' ? optAddress(a, 2) : undefined;
    expect(nCoA).toMatch(/^2001:db8:2:/);
    const p = await decode(r[pr!]!);
    expect(p.kind === 'PrRtAdv' && optAddress(p, 2)).toBe(nCoA);
    // and the MN uses it: its BU to the HA binds that address
    const bu = all(r, (x) => x.kind === 'tx' && x.msg === 'BU' && x.to === 'HA')[0]!;
    const b = await decode(bu);
    expect(b.kind === 'BU' && b.altCoA).toBe(nCoA);
    commonRules(r, 'oAR');
  });
});

describe('Figure 3: mobile-initiated (§3.1.6)', () => {
  it('RtSolPr naming the new attachment point, PrRtAdv with its identifier, HI, then the common sequence', async () => {
    const r = w.fig3!.records;
    const [, rt, , pr] = inOrder(
      r,
      ['L2-ST at MN', l2('L2-ST', 'MN')],
      ['RtSolPr', msg('tx', 'RtSolPr', 'MN')],
      ['RtSolPr at oAR', msg('rx', 'RtSolPr', 'oAR')],
      ['PrRtAdv', msg('tx', 'PrRtAdv', 'oAR')],
      ['F-BU', msg('tx', 'F-BU', 'MN')],
      ['F-BACK', msg('rx', 'F-BACK', 'MN')],
      ['disconnect', l2('L2-LD', 'MN')],
      ['connect', l2('L2-LU', 'MN')],
      ['deliver', (x) => x.kind === 'fwd' && x.node === 'nAR' && x.msg === 'DATA' && x.next === 'MN'],
    );
    expect(first(r, msg('tx', 'HI', 'oAR'))).toBeGreaterThan(first(r, msg('rx', 'RtSolPr', 'oAR')));
    const s = await decode(r[rt!]!);
    const p = await decode(r[pr!]!);
    expect(
      s.kind === 'RtSolPr' &&
        s.options.some((o) => o.type === 'LLA' && o.subType === 1 && o.lla === '02:00:00:00:02:01'),
    ).toBe(true); // §3.1.6 MUST
    expect(s.kind === 'RtSolPr' && p.kind === 'PrRtAdv' && p.identifier === s.identifier).toBe(true); // §5.1.2
    // §3.1.3 MAY: the F-BACK also on the old link — two F-BACKs, one to the nCoA
    const fb = all(r, msg('tx', 'F-BACK', 'oAR'));
    expect(fb.length).toBe(2);
    commonRules(r, 'oAR');
  });
  it('every packet in the trace is real bytes that the packet core parses', async () => {
    for (const x of w.fig3!.records.filter((x) => x.kind === 'tx' && x.msg !== 'DATA')) {
      const m = await decode(x);
      expect(m.kind).toBe((x as Rec<'tx'>).msg);
    }
  });
});

describe('Figure 4: three-party (§3.1.7)', () => {
  it('RtSolPr to oAR, HI/HACK with nAR, PrRtAdv, F-BU to the aAR through the oAR, F-BACKs, aAR forwards to nAR', () => {
    const r = w.fig4!.records;
    // the second handover (oAR → nAR) is the three-party one
    const start = r.findIndex((x, i) => i > first(r, l2('L2-LU', 'MN')) && l2('L2-ST', 'MN')(x));
    const tail = r.slice(start);
    inOrder(
      tail,
      ['RtSolPr', (x) => x.kind === 'rx' && x.msg === 'RtSolPr' && x.to === 'oAR'],
      ['HI oAR→nAR', (x) => x.kind === 'rx' && x.msg === 'HI' && x.from === 'oAR' && x.to === 'nAR'],
      ['HACK nAR→oAR', (x) => x.kind === 'rx' && x.msg === 'HACK' && x.from === 'nAR' && x.to === 'oAR'],
      ['F-BU MN→aAR at aAR', (x) => x.kind === 'rx' && x.msg === 'F-BU' && x.from === 'MN' && x.to === 'aAR'],
      ['F-BACK at MN', (x) => x.kind === 'rx' && x.msg === 'F-BACK' && x.from === 'aAR'],
      ['connect', l2('L2-LU', 'MN')],
      ['F-NA or NA to nAR', (x) => x.kind === 'rx' && x.node === 'nAR' && (x.msg === 'NA' || x.msg === 'F-NA')],
    );
    // PrRtAdv to the MN before its F-BU
    expect(first(tail, msg('rx', 'PrRtAdv', 'MN'))).toBeLessThan(first(tail, msg('tx', 'F-BU', 'MN')));
    // The F-BU passes through the oAR (tunnelled back to the anchor, §3.1.5) — the oAR is a router in between.
    expect(
      first(tail, (x) => (x.kind === 'encap' || x.kind === 'fwd') && x.node === 'oAR' && x.msg === 'F-BU'),
    ).toBeGreaterThan(-1);
    // Figure 4's "+++" F-BACK from the aAR through the oAR, and the one to the MN's nCoA
    expect(
      first(tail, (x) => x.kind === 'encap' && x.node === 'aAR' && x.msg === 'F-BACK' && x.peer === 'oAR'),
    ).toBeGreaterThan(-1);
    expect(all(tail, msg('tx', 'F-BACK', 'aAR')).length).toBe(2);
    // the aAR moves the tunnel to the nCoA (forward packets ===> nAR), after the F-BU
    const up = first(tail, (x) => x.kind === 'tunnel' && x.node === 'aAR' && x.action === 'up');
    expect(up).toBeGreaterThan(first(tail, msg('rx', 'F-BU', 'aAR')));
    expect(
      first(tail, (x) => x.kind === 'fwd' && x.node === 'nAR' && x.msg === 'DATA' && x.next === 'MN'),
    ).toBeGreaterThan(up);
    // no F-BU ever reaches the oAR as its destination
    expect(first(tail, msg('rx', 'F-BU', 'oAR'))).toBe(-1);
  });
});

describe('fingerprints', () => {
  it('a seed replays a run exactly; another seed differs', async () => {
    const a = await run('fig3', 5);
    const b = await run('fig3', 5);
    const c = await run('fig3', 6);
    expect(a.fingerprint.value).toBe(b.fingerprint.value);
    expect(a.fingerprint.value).not.toBe(c.fingerprint.value);
  });
  it('each figure has its recorded fingerprint (change only on purpose)', () => {
    expect({
      fig1: w.fig1!.fingerprint.value,
      fig2: w.fig2!.fingerprint.value,
      fig3: w.fig3!.fingerprint.value,
      fig4: w.fig4!.fingerprint.value,
    }).toEqual(FINGERPRINTS);
  });
});

// Changed by issue 10: the typed state records (neighbor, binding, route, tunnel, queue) replaced the string-encoded ones.
const FINGERPRINTS = { fig1: '9d8b7b4f', fig2: '1b7c439a', fig3: 'b6025575', fig4: 'bdc53a24' };
