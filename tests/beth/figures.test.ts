// Tunnel-based handover (§3.2–§3.4), figure by figure: the order of events each figure and its
// text require (which must happen before which), the contents §3.3 asks of the HI/HACK, and what
// the MN sees (its CoA kept, no layer-3 signalling over the air). Not snapshots.
import { beforeAll, describe, expect, it } from 'vitest';
import type { World } from '../../core/engine/world.ts';
import type { TraceRecord } from '../../core/trace.ts';
import { optAddress, optLla } from '../../core/roles/build.ts';
import { all, bethHeld, dataSeqsAt, decode, first, inOrder, l2, lifetimeOf, pk, run, tunnel } from './helpers.ts';

const MN_LLA = '02:00:00:00:00:10';
const w: Record<string, World> = {};
const IDS = [
  'fig7',
  'fig8',
  'beth-no-ld',
  'fig10',
  'fig11',
  'beth-place-early',
  'beth-place-late',
  'beth-special',
  'beth-pingpong',
];
beforeAll(async () => {
  for (const id of IDS) w[id] = await run(id, 1);
});
const recs = (id: string): TraceRecord[] => w[id]!.records;
/** The MN's home address in a scenario: what §3.3 steps 2a/3a put in the HI(H) and HACK(T). */
const home = (id: string): string => w[id]!.sc.mobiles.find((m) => m.name === 'MN')!.home;

/** §3.2: "the MN continues to receive its packets without the MN having to change its CoA"; no MIP signalling over the air. */
function noLayer3FromMn(r: TraceRecord[], since: number): void {
  const air = r.filter((x, i) => i > since && x.kind === 'tx' && x.node === 'MN' && x.msg !== 'DATA');
  expect(air.map((x) => ('msg' in x ? x.msg : ''))).toEqual([]);
}
/** After L2-LU at `ar`, the MN gets data through `ar` and its uplink goes into the reverse tunnel to `anchor`. */
function dataFlowsThrough(r: TraceRecord[], ar: string, anchor: string): void {
  const lu = first(r, l2('L2-LU', ar));
  const down = r.findIndex(
    (x, i) => i > lu && x.kind === 'fwd' && x.node === ar && x.msg === 'DATA' && x.next === 'MN',
  );
  expect(down).toBeGreaterThan(lu);
  const decapDown = r.findIndex(
    (x, i) => i > lu && x.kind === 'decap' && x.node === ar && x.msg === 'DATA' && x.peer === anchor,
  );
  expect(decapDown).toBeGreaterThan(lu);
  // §3.3 reverse tunnel: "MUST be established by nAR when nAR begins tunneling packets from the MN with oCoA".
  const up = r.findIndex(
    (x, i) => i > lu && x.kind === 'encap' && x.node === ar && x.msg === 'DATA' && x.peer === anchor && x.from === 'MN',
  );
  expect(up).toBeGreaterThan(lu);
  // and the anchor "MUST de-tunnel the packets and MUST route them to the original destination".
  expect(
    r.findIndex((x, i) => i > up && x.kind === 'decap' && x.node === anchor && x.msg === 'DATA' && x.from === 'MN'),
  ).toBeGreaterThan(up);
}

describe('Figure 7: two-party source trigger (§3.3)', () => {
  it('L2-ST at the oAR → HI(H) → HACK(H) → L2-LD: forward BET → L2-LU: delivery and reverse BET', () => {
    const r = recs('fig7');
    inOrder(
      r,
      ['L2-ST at oAR', l2('L2-ST', 'oAR')],
      ['HI(H) oAR→nAR', pk('tx', 'HI', 'oAR', 'H', 'nAR')],
      ['HI(H) received', pk('rx', 'HI', 'nAR', 'H')],
      ['HACK(H) nAR→oAR', pk('tx', 'HACK', 'nAR', 'H', 'oAR')],
      ['HACK received', pk('rx', 'HACK', 'oAR', 'H')],
      ['L2-LD at oAR', l2('L2-LD', 'oAR')],
      ['forward BET up at oAR', tunnel('oAR', 'up', false)],
      ['L2-LU at nAR', l2('L2-LU', 'nAR')],
      ['reverse BET up at nAR', tunnel('nAR', 'up', true)],
    );
    // §3.3 step 4a: the oAR "MUST begin forwarding MN-bound packets through the BET" at L2-LD (same instant).
    expect(r[first(r, tunnel('oAR', 'up', false))]!.t).toBe(r[first(r, l2('L2-LD', 'oAR'))]!.t);
    dataFlowsThrough(r, 'nAR', 'oAR');
    noLayer3FromMn(r, first(r, l2('L2-ST', 'oAR')));
    expect(w.fig7!.mobile('MN')!.coa).toBe('2001:db8:1::10');
  });
  it('§3.3 step 2a / 3b contents: HI with H (never S), Lifetime, home address, oCoA, the MN LLA; HACK with H and Lifetime', async () => {
    const r = recs('fig7');
    const h = await decode(r[first(r, pk('tx', 'HI', 'oAR', 'H'))]!);
    expect(h.kind === 'HI' && h.flags).toEqual({ S: false, U: false, H: true, T: false, R: false });
    if (h.kind !== 'HI') return;
    expect(optLla(h, 'LLA', 2)).toBe(MN_LLA);
    // "an IP address option containing the MN's home address" (our sub-type 4), "an IP address option containing the MN's oCoA"
    expect(home('fig7')).not.toBe('::');
    expect(optAddress(h, 4)).toBe(home('fig7'));
    expect(optAddress(h, 1)).toBe('2001:db8:1::10');
    expect(h.options.map((o) => o.type + ('subType' in o ? o.subType : ''))).toEqual([
      'LLA2',
      'IPAddress4',
      'IPAddress1',
      'Lifetime',
    ]);
    expect(lifetimeOf(h)).toBe(10);
    const a = await decode(r[first(r, pk('tx', 'HACK', 'nAR', 'H'))]!);
    expect(a.kind === 'HACK' && a.flags).toEqual({ H: true, T: false, R: false });
    expect(lifetimeOf(a)).toBe(10);
  });
});

describe('Figure 8: two-party target trigger (§3.3)', () => {
  it('L2-TT at the nAR → HI(T) → HACK(T) with the oCoA → L2-LD → L2-LU', async () => {
    const r = recs('fig8');
    inOrder(
      r,
      ['L2-TT at nAR', l2('L2-TT', 'nAR')],
      ['HI(T) nAR→oAR', pk('tx', 'HI', 'nAR', 'T', 'oAR')],
      ['HACK(T) oAR→nAR', pk('tx', 'HACK', 'oAR', 'T', 'nAR')],
      ['L2-LD at oAR', l2('L2-LD', 'oAR')],
      ['forward BET at oAR', tunnel('oAR', 'up', false)],
      ['L2-LU at nAR', l2('L2-LU', 'nAR')],
      ['reverse BET at nAR', tunnel('nAR', 'up', true)],
    );
    expect(first(r, l2('L2-ST', 'oAR'))).toBe(-1); // the oAR has no L2-ST in this scenario
    // §3.3 step 2b: "Neither the MN's home address nor the MN's oCoA are sent because neither are known."
    const h = await decode(r[first(r, pk('tx', 'HI', 'nAR', 'T'))]!);
    expect(h.kind === 'HI' && optAddress(h, 1)).toBeUndefined();
    expect(h.kind === 'HI' && optAddress(h, 4)).toBeUndefined();
    expect(h.kind === 'HI' && optLla(h, 'LLA', 2)).toBe(MN_LLA);
    // §3.3 step 3a: the oAR's HACK(T) carries the Lifetime, the MN's home address and the oCoA.
    const a = await decode(r[first(r, pk('tx', 'HACK', 'oAR', 'T'))]!);
    if (a.kind !== 'HACK') throw new Error('a HACK');
    expect(optAddress(a, 1)).toBe('2001:db8:1::10');
    expect(optAddress(a, 4)).toBe(home('fig8'));
    expect(a.options.map((o) => o.type + ('subType' in o ? o.subType : ''))).toEqual([
      'Lifetime',
      'IPAddress4',
      'IPAddress1',
    ]);
    dataFlowsThrough(r, 'nAR', 'oAR');
    noLayer3FromMn(r, first(r, l2('L2-TT', 'nAR')));
  });
});

describe('§3.3 without optimal triggers', () => {
  it('no L2-LD at the oAR: "the HACK MUST act as the trigger for BET placement"', () => {
    const r = recs('beth-no-ld');
    const hack = first(r, pk('rx', 'HACK', 'oAR', 'H'));
    const up = first(r, tunnel('oAR', 'up', false));
    expect(up).toBeGreaterThan(hack);
    expect(r[up]!.t).toBe(r[hack]!.t);
    expect(up).toBeLessThan(first(r, l2('L2-LD', 'MN')));
    expect(first(r, l2('L2-LD', 'oAR'))).toBe(-1);
  });
  it('a BETH router with neither L2-ST nor L2-TT is refused by the scenario validator (§3.2.1 MUST)', async () => {
    const { resolveScenario } = await import('../../core/engine/run.ts');
    const { variant } = await import('./helpers.ts');
    const bad = variant('fig7', (s) => (s.routers[1].caps.triggers = { st: false, tt: false, ld: true, lu: true }));
    expect(() => resolveScenario(bad)).toThrow(/routers\[1\]\.caps\.triggers: .*L2-ST or L2-TT/);
  });
});

describe('Figure 10: three-party source trigger (§3.4)', () => {
  it('HTT oAR→nAR, HACK, HI(t)/HACK(t) nAR↔aAR, then at L2-LD HI(r)/HACK(r) lifetime 0 oAR↔aAR, then L2-LU', async () => {
    const r = recs('fig10');
    const htt = first(r, pk('tx', 'HTT', 'oAR', 'HT', 'nAR'));
    const idx = inOrder(
      r,
      ['L2-ST at oAR', (x) => x.kind === 'l2' && x.trigger === 'L2-ST' && x.node === 'oAR'],
      ['HTT oAR→nAR', pk('tx', 'HTT', 'oAR', 'HT', 'nAR')],
      ['HACK nAR→oAR', pk('tx', 'HACK', 'nAR', 'H', 'oAR')],
      ['HI(t) nAR→aAR', pk('tx', 'HI', 'nAR', 'T', 'aAR')],
      ['HACK(t) aAR→nAR', pk('tx', 'HACK', 'aAR', 'T', 'nAR')],
      ['L2-LD at oAR (second handover)', (x) => x.kind === 'l2' && x.trigger === 'L2-LD' && x.node === 'oAR'],
      ['HI(r) oAR→aAR', pk('tx', 'HI', 'oAR', 'R', 'aAR')],
      ['HACK(r) aAR→oAR', pk('tx', 'HACK', 'aAR', 'R', 'oAR')],
      ['L2-LU at nAR', l2('L2-LU', 'nAR')],
    );
    expect(idx[1]).toBe(htt);
    // §3.4 step 2a: "the IP address of aAR and two LLAs. The first LLA MUST contain the L2 address of the MN, the second ... of the aAR".
    const m = await decode(r[htt]!);
    if (m.kind !== 'HI') throw new Error('HTT is an HI');
    const llas = m.options.filter((o) => o.type === 'LLA').map((o) => (o as { lla: string }).lla);
    expect(llas).toEqual([MN_LLA, '02:00:00:00:03:01']);
    expect(optAddress(m, 3)).toBe('2001:db8:3::1');
    // §3.4 step 3: the nAR and the aAR run a target-trigger handover "exactly as in Section 3.3": the aAR's
    // HACK(t) carries the MN's home address and the aCoA; the HTT, as an L2-TT would, no home address.
    expect(optAddress(m, 4)).toBeUndefined();
    const ht = await decode(r[first(r, pk('tx', 'HACK', 'aAR', 'T', 'nAR'))]!);
    expect(ht.kind === 'HACK' && [optAddress(ht, 4), optAddress(ht, 1)]).toEqual([home('fig10'), '2001:db8:3::10']);
    // §3.4 step 4b: the HI(r) to the aAR has lifetime zero.
    expect(lifetimeOf(await decode(r[first(r, pk('tx', 'HI', 'oAR', 'R'))]!))).toBe(0);
    // The aAR moves the network end: at the latest (placement 1) on the HI(r), §3.4 extreme 2.
    const hir = first(r, pk('rx', 'HI', 'aAR', 'R'));
    const moved = r.findIndex((x) => x.kind === 'tunnel' && x.node === 'aAR' && x.action === 'up' && x.peer === 'nAR');
    expect(moved).toBeGreaterThan(hir);
    expect(r[moved]!.t).toBe(r[hir]!.t);
    // The oAR's end (serving, reverse tunnel to the aAR) comes down: the MN moved to a third AR (§3.2 teardown 3).
    expect(
      first(r, (x) => x.kind === 'tunnel' && x.node === 'oAR' && x.action === 'down' && x.peer === 'aAR'),
    ).toBeGreaterThan(-1);
    dataFlowsThrough(r, 'nAR', 'aAR');
    expect(w.fig10!.mobile('MN')!.coa).toBe('2001:db8:3::10'); // still the aCoA
    expect(bethHeld(w.fig10!, MN_LLA).sort()).toEqual(['aAR', 'nAR']);
  });
});

describe('Figure 11: three-party target trigger (§3.4)', () => {
  it('L2-TT at nAR → HI(t) to the oAR → HTT back → HI(t)/HACK(t) with the aAR → HI(r)/HACK(r) → L2-LU', () => {
    const r = recs('fig11');
    const lastTT = r
      .map((x, i) => (x.kind === 'l2' && x.trigger === 'L2-TT' && x.node === 'nAR' ? i : -1))
      .filter((i) => i >= 0);
    expect(lastTT.length).toBe(1);
    inOrder(
      r,
      ['L2-TT at nAR', l2('L2-TT', 'nAR')],
      ['HI(t) nAR→oAR', pk('tx', 'HI', 'nAR', 'T', 'oAR')],
      ['HTT oAR→nAR (a HACK)', pk('tx', 'HTT', 'oAR', 'HT', 'nAR')],
      ['HI(t) nAR→aAR', pk('tx', 'HI', 'nAR', 'T', 'aAR')],
      ['HACK(t) aAR→nAR', pk('tx', 'HACK', 'aAR', 'T', 'nAR')],
      ['HI(r) oAR→aAR', pk('tx', 'HI', 'oAR', 'R', 'aAR')],
      ['HACK(r) aAR→oAR', pk('tx', 'HACK', 'aAR', 'R', 'oAR')],
      ['L2-LU at nAR', l2('L2-LU', 'nAR')],
    );
    dataFlowsThrough(r, 'nAR', 'aAR');
  });
});

describe('§3.4 BET placement timing at the aAR: duplicates against losses', () => {
  it('earliest (on the HACK(t)): the BET moves before the L2-LD and the oAR keeps a copy — duplicates at the MN', () => {
    const r = recs('beth-place-early');
    const hack = first(r, pk('tx', 'HACK', 'aAR', 'T'));
    const moved = r.findIndex((x) => x.kind === 'tunnel' && x.node === 'aAR' && x.action === 'up' && x.peer === 'nAR');
    expect(moved).toBeGreaterThan(hack);
    expect(moved).toBeLessThan(first(r, pk('tx', 'HI', 'oAR', 'R')));
    const seqs = dataSeqsAt(r);
    expect(seqs.length - new Set(seqs).size).toBeGreaterThan(0);
  });
  it('latest (on the HI(r)): no duplicates', () => {
    const seqs = dataSeqsAt(recs('beth-place-late'));
    expect(seqs.length - new Set(seqs).size).toBe(0);
  });
});

describe('§3.4 step 6: the nAR is the aAR', () => {
  it('the aAR recognises the MN it tunnels for: no HI/HACK with itself; HI(r)/HACK(r) with the oAR still; the tunnel down by L2-LU, then direct delivery', () => {
    const r = recs('beth-special');
    const lu = r
      .map((x, i) => (x.kind === 'l2' && x.trigger === 'L2-LU' && x.node === 'aAR' ? i : -1))
      .filter((i) => i >= 0);
    expect(lu.length).toBe(1);
    expect(
      first(
        r,
        (x) =>
          x.kind === 'state' &&
          x.node === 'aAR' &&
          x.to === 'tgt-ready' &&
          /§3\.4 step 6/.test(`${x.why.text} (${x.why.section})`),
      ),
    ).toBeGreaterThan(-1);
    // "the tunnel to nAR MUST be torn down": here as soon as the oAR's HI(r) says its service ended (not gated on it, not later than L2-LU).
    const down = r.findIndex((x) => x.kind === 'tunnel' && x.node === 'aAR' && x.action === 'down' && x.peer === 'oAR');
    expect(down).toBeGreaterThan(first(r, pk('rx', 'HI', 'aAR', 'R')) - 1);
    expect(down).toBeLessThan(lu[0]!);
    expect(all(r, (x) => x.kind === 'tx' && x.node === 'aAR' && x.msg === 'HI' && x.to === 'aAR')).toEqual([]);
    inOrder(r, ['HI(r) oAR→aAR', pk('tx', 'HI', 'oAR', 'R', 'aAR')], ['HACK(r)', pk('tx', 'HACK', 'aAR', 'R', 'oAR')]);
    // After L2-LU, data reaches the MN from the aAR with no tunnel.
    expect(
      r.findIndex((x, i) => i > lu[0]! && x.kind === 'fwd' && x.node === 'aAR' && x.msg === 'DATA' && x.next === 'MN'),
    ).toBeGreaterThan(lu[0]!);
    expect(bethHeld(w['beth-special']!, MN_LLA)).toEqual([]);
    expect(w['beth-special']!.tunnelsAt()).toEqual([]);
  });
});

describe('§3.3 step 6: ping-pong', () => {
  it('the layer-2 handover fails: the oAR cancels with HI(R) lifetime 0 and delivers on the old link as before', async () => {
    const r = recs('beth-pingpong');
    const back = r.findIndex((x) => x.kind === 'l2' && x.trigger === 'L2-LU' && x.node === 'oAR');
    expect(back).toBeGreaterThan(first(r, tunnel('oAR', 'up', false)));
    const cancel = first(r, pk('tx', 'HI', 'oAR', 'R', 'nAR'));
    expect(cancel).toBeGreaterThan(back);
    expect(lifetimeOf(await decode(r[cancel]!))).toBe(0);
    expect(first(r, tunnel('oAR', 'down', false))).toBeGreaterThan(back);
    expect(first(r, pk('tx', 'HACK', 'nAR', 'R', 'oAR'))).toBeGreaterThan(cancel);
    expect(first(r, l2('L2-LU', 'nAR'))).toBe(-1);
    expect(
      r.findIndex((x, i) => i > back && x.kind === 'fwd' && x.node === 'oAR' && x.msg === 'DATA' && x.next === 'MN'),
    ).toBeGreaterThan(back);
    expect(bethHeld(w['beth-pingpong']!, MN_LLA)).toEqual([]);
  });
});

describe('every BETH figure: the books balance', () => {
  it.each(IDS)('%s: packet conservation, no forwarding loop, fingerprint replays', async (id) => {
    const x = w[id]!;
    expect(x.count.sent).toBe(x.count.delivered + x.count.dropped + x.count.inFlight + x.count.buffered);
    expect(x.violations).toEqual([]);
    expect((await run(id, 1)).fingerprint.value).toBe(x.fingerprint.value);
  });
});
