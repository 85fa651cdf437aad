// BET renewal and termination (Figure 12, §3.4.1) and the end of BETH (§3.5): each path, in runs.
import { beforeAll, describe, expect, it } from 'vitest';
import type { World } from '../../core/engine/world.ts';
import type { TraceRecord } from '../../core/trace.ts';
import { all, bethHeld, decode, first, inOrder, lifetimeOf, pk, run, tunnel } from './helpers.ts';

const MN_LLA = '02:00:00:00:00:10';
const w: Record<string, World> = {};
beforeAll(async () => {
  for (const id of ['fig12', 'beth-term-expiry', 'beth-term-refused', 'beth-term-ncoa', 'beth-term-third'])
    w[id] = await run(id, 1);
});
const recs = (id: string): TraceRecord[] => w[id]!.records;

describe('Figure 12: renewal (§3.4.1)', () => {
  it('AR1 (the current AR) sends HI(r) to AR2 before the BET expires; AR2 answers HACK(r); the BET outlives its first lifetime', async () => {
    const r = recs('fig12');
    const up = first(r, tunnel('AR2', 'up', false));
    const t0 = r[up]!.t;
    const hi = first(r, pk('tx', 'HI', 'AR1', 'R', 'AR2'));
    // "Prior to the lifetime of a BET expiring, the MN's current AR MUST signal the aAR"
    expect(r[hi]!.t).toBeLessThan(t0 + 2_000_000);
    inOrder(
      r,
      ['HI(r) AR1→AR2', pk('tx', 'HI', 'AR1', 'R', 'AR2')],
      ['HACK(r) AR2→AR1', pk('tx', 'HACK', 'AR2', 'R', 'AR1')],
    );
    const req = lifetimeOf(await decode(r[hi]!))!;
    const ack = lifetimeOf(await decode(r[first(r, pk('tx', 'HACK', 'AR2', 'R'))]!))!;
    expect(req).toBeGreaterThan(0); // "Extension SHOULD occur when the HI originates with the MN's current AR and it contains a nonzero lifetime"
    expect(ack).toBeLessThanOrEqual(req); // "the shorter of the two"
    // Still tunnelled after the first lifetime: the renewal worked, and no tunnel down for the BET in the run.
    expect(all(r, tunnel('AR2', 'down', false))).toEqual([]);
    expect(w.fig12!.tunnelsAt().some((x) => x.node === 'AR2')).toBe(true);
    // Data still reaches the MN through AR1 at the end of the run, 4 s after the first lifetime would have ended.
    const late = r.filter((x) => x.kind === 'rx' && x.node === 'MN' && x.msg === 'DATA' && x.t > t0 + 4_000_000);
    expect(late.length).toBeGreaterThan(10);
  });
});

describe('Teardown on lifetime expiry (§3.4.1, §3.2 event 1)', () => {
  it('no renewal: the current AR first tells the MN (§3.5.1), then the aAR terminates the BET when the lifetime expires', () => {
    const r = recs('beth-term-expiry');
    const up = first(r, tunnel('oAR', 'up', false));
    const t0 = r[up]!.t;
    const ra = r.findIndex(
      (x) =>
        x.kind === 'tx' &&
        x.node === 'nAR' &&
        x.msg === 'RA' &&
        x.to === 'MN' &&
        x.t > t0 &&
        !(x as { hex: string }).hex.includes('ff020000000000000000000000000001'),
    );
    const down = first(
      r,
      (x) =>
        x.kind === 'tunnel' &&
        x.node === 'oAR' &&
        x.action === 'down' &&
        /expired/.test((x as { why?: { text: string } }).why?.text ?? ''),
    );
    expect(ra).toBeGreaterThan(up);
    expect(down).toBeGreaterThan(ra);
    expect(r[down]!.t).toBe(t0 + 2_000_000); // the 2 s lifetime, to the microsecond
    expect(all(r, pk('tx', 'HI', 'nAR', 'R'))).toEqual([]); // no renewal asked
    expect(
      first(r, (x) => x.kind === 'tunnel' && x.node === 'nAR' && x.action === 'down' && x.type.endsWith('reverse')),
    ).toBeGreaterThan(-1);
    expect(bethHeld(w['beth-term-expiry']!, MN_LLA)).toEqual([]);
    expect(w['beth-term-expiry']!.tunnelsAt()).toEqual([]);
  });
});

describe('§3.5.1 end of life: the aAR refuses the renewal', () => {
  it('HACK(r) lifetime 0 → the current AR sends the MN an RA → §3.5.2 → the MN tears the BET down with a BU', async () => {
    const r = recs('beth-term-refused');
    const ack = first(r, pk('tx', 'HACK', 'oAR', 'R', 'nAR'));
    expect(lifetimeOf(await decode(r[ack]!))).toBe(0);
    inOrder(
      r,
      ['HI(r) nAR→oAR', pk('tx', 'HI', 'nAR', 'R', 'oAR')],
      ['HACK(r) lifetime 0', pk('tx', 'HACK', 'oAR', 'R', 'nAR')],
      ['RA to the MN', (x) => x.kind === 'tx' && x.node === 'nAR' && x.msg === 'RA' && x.t >= r[ack]!.t],
      ['RS from the MN', pk('tx', 'RS', 'MN')],
      ['BU to the HA', (x) => x.kind === 'tx' && x.node === 'MN' && x.msg === 'BU' && x.to === 'HA'],
      ['BU to the aAR', (x) => x.kind === 'tx' && x.node === 'MN' && x.msg === 'BU' && x.to === 'oAR'],
      ['BET down at oAR', tunnel('oAR', 'down', false)],
    );
    expect(w['beth-term-refused']!.tunnelsAt()).toEqual([]);
  });
});

describe('§3.5.2 the MN decides to obtain a nCoA', () => {
  it('RS to the current AR, address configuration (DAD), BUs with the A bit, the last BACK, then the BU to the aAR that tears the tunnel down', async () => {
    const r = recs('beth-term-ncoa');
    const [, , , buHa, , , back, buAar, hir] = inOrder(
      r,
      ['L2-LU at nAR', (x) => x.kind === 'l2' && x.trigger === 'L2-LU' && x.node === 'nAR'],
      ['RS (§3.5.2 MUST)', pk('tx', 'RS', 'MN')],
      ['DAD', pk('tx', 'NS', 'MN')],
      ['BU to the HA', (x) => x.kind === 'tx' && x.node === 'MN' && x.msg === 'BU' && x.to === 'HA'],
      ['BU to the CN', (x) => x.kind === 'tx' && x.node === 'MN' && x.msg === 'BU' && x.to === 'CN'],
      ['BACK from the HA', (x) => x.kind === 'rx' && x.node === 'MN' && x.msg === 'BACK' && x.from === 'HA'],
      [
        'BACK from the CN (the last one)',
        (x) => x.kind === 'rx' && x.node === 'MN' && x.msg === 'BACK' && x.from === 'CN',
      ],
      ['BU to the aAR', (x) => x.kind === 'tx' && x.node === 'MN' && x.msg === 'BU' && x.to === 'oAR'],
      ['HI(R) lifetime 0 aAR→nAR', pk('tx', 'HI', 'oAR', 'R', 'nAR')],
    );
    // §3.5.2: "the MN SHOULD set the 'A' (Acknowledge) bit".
    expect(r[buHa!]!.kind === 'tx' && (r[buHa!] as { flags?: string }).flags).toContain('A');
    const bu = await decode(r[buAar!]!);
    expect(bu.kind === 'BU' && bu.lifetime).toBe(0);
    expect(bu.kind === 'BU' && bu.homeAddress).toBe('2001:db8:1::10'); // the aCoA
    expect(r[back!]!.t).toBeLessThanOrEqual(r[buAar!]!.t); // sent on the last BACK, not before
    expect(lifetimeOf(await decode(r[hir!]!))).toBe(0);
    expect(
      first(r, (x) => x.kind === 'tunnel' && x.node === 'nAR' && x.action === 'down' && x.type.endsWith('reverse')),
    ).toBeGreaterThan(hir!);
    expect(w['beth-term-ncoa']!.mobile('MN')!.coa).toBe('2001:db8:2::10');
    expect(bethHeld(w['beth-term-ncoa']!, MN_LLA)).toEqual([]);
    expect(w['beth-term-ncoa']!.tunnelsAt()).toEqual([]);
  });
});

describe('Teardown on a move to a third AR (§3.2 event 3)', () => {
  it("the oAR's end of the BET (serving, reverse tunnel) comes down at L2-LD, the aAR re-anchors at the nAR", () => {
    const r = recs('beth-term-third');
    const ld = r.findIndex((x) => x.kind === 'l2' && x.trigger === 'L2-LD' && x.node === 'oAR');
    const down = first(
      r,
      (x) => x.kind === 'tunnel' && x.node === 'oAR' && x.action === 'down' && x.type.endsWith('reverse'),
    );
    expect(r[down]!.t).toBe(r[ld]!.t);
    expect(bethHeld(w['beth-term-third']!, MN_LLA).includes('oAR')).toBe(false);
  });
});
