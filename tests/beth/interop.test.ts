// §4 interoperability in runs: the capability exchange (§4.1), the suppression for a standard-only
// MN (§4.2), and a mosaic of coverage areas crossed in both directions (§4.3.1, §4.3.2).
import { beforeAll, describe, expect, it } from 'vitest';
import type { World } from '../../core/engine/world.ts';
import type { TraceRecord } from '../../core/trace.ts';
import { all, bethHeld, decode, first, inOrder, pk, run } from './helpers.ts';
import { hoCapsOf } from '../../core/roles/caps.ts';

const w: Record<string, World> = {};
beforeAll(async () => {
  for (const id of ['beth-mosaic', 'beth-std-mn']) w[id] = await run(id, 1);
});
const recs = (id: string): TraceRecord[] => w[id]!.records;
const mech = (r: TraceRecord[]) =>
  r.filter((x) => x.kind === 'state' && x.node === 'MN' && x.machine === 'MN-mechanism');
const linkUp = (r: TraceRecord[], ar: string) =>
  first(r, (x) => x.kind === 'l2' && x.trigger === 'L2-LU' && x.node === ar);

describe('§4.1 the initial exchange', () => {
  it('the MN sends a RtSolPr naming its current AR with its capability; the AR answers a PrRtAdv with its own; no F-BU follows', async () => {
    const r = recs('beth-mosaic');
    const sol = first(r, pk('tx', 'RtSolPr', 'MN', undefined, 'A1'));
    const m = await decode(r[sol]!);
    expect(m.kind === 'RtSolPr' && hoCapsOf(m)).toBe(2); // tunnel-based requested
    const adv = first(r, pk('rx', 'PrRtAdv', 'MN'));
    const a = await decode(r[adv]!);
    expect(a.kind === 'PrRtAdv' && hoCapsOf(a)).toBe(0); // A1: anticipated only
    // Outcome 2: "the MN MUST use anticipated handover"; the exchange is not a handover: no F-BU before the next move.
    expect(mech(r)[0]).toMatchObject({ from: 'beth', to: 'anticipated' });
    const nextMove = first(r, pk('tx', 'RtSolPr', 'MN'));
    expect(first(r, pk('tx', 'F-BU', 'MN'))).toBeGreaterThan(
      r.findIndex((x, i) => i > nextMove && x.kind === 'tx' && x.msg === 'RtSolPr' && x.node === 'MN'),
    );
  });
});

describe('§4.3 a mosaic: A1 (anticipated) → B1, B2 (tunnel-based) → A2 (anticipated) → S1 (standard only) → A3', () => {
  it('the mechanism follows the areas: anticipated, tunnel-based, anticipated, standard, anticipated', () => {
    expect(mech(recs('beth-mosaic')).map((x) => (x.kind === 'state' ? x.to : ''))).toEqual([
      'anticipated',
      'beth',
      'anticipated',
      'mipv6',
      'anticipated',
    ]);
  });
  it('anticipated → tunnel-based (§4.3.2): the MN MAY keep anticipated handover into B1, then the exchange there says tunnel-based', () => {
    const r = recs('beth-mosaic');
    const lu = linkUp(r, 'B1');
    expect(first(r, pk('tx', 'HI', 'A1', '', 'B1'))).toBeLessThan(lu); // an anticipated HI
    expect(
      r.findIndex((x, i) => i > lu && x.kind === 'tx' && x.node === 'MN' && x.msg === 'RtSolPr' && x.to === 'B1'),
    ).toBeGreaterThan(lu);
  });
  it('tunnel-based inside the area: B1 → B2 with HI(H)/HACK(H) and no layer-3 signalling from the MN', () => {
    const r = recs('beth-mosaic');
    const st = first(r, pk('tx', 'HI', 'B1', 'H', 'B2'));
    const lu = linkUp(r, 'B2');
    expect(st).toBeGreaterThan(0);
    expect(r.filter((x, i) => i > st && i < lu + 20 && x.kind === 'tx' && x.node === 'MN' && x.msg !== 'DATA')).toEqual(
      [],
    );
  });
  it('tunnel-based → anticipated (§4.3.2): the boundary AR B2 sends the capability of A2 and the MN switches at once (F-BU)', async () => {
    const r = recs('beth-mosaic');
    const [notice, , fbu] = inOrder(
      r,
      ['boundary PrRtAdv from B2', pk('tx', 'PrRtAdv', 'B2')],
      ['HI B2→A2', pk('tx', 'HI', 'B2', 'U', 'A2')],
      ['F-BU from the MN', (x) => x.kind === 'tx' && x.node === 'MN' && x.msg === 'F-BU' && x.t > 3_000_000],
    );
    const m = await decode(r[notice!]!);
    expect(m.kind === 'PrRtAdv' && hoCapsOf(m)).toBe(0);
    expect(r[fbu!]!.t).toBeGreaterThan(r[notice!]!.t);
    // Out of the BETH area the BET is torn down once the new CoA is bound (§3.5.2): the aAR (B1) tells B2.
    expect(first(r, pk('tx', 'HI', 'B1', 'R', 'B2'))).toBeGreaterThan(fbu!);
  });
  it('anticipated → standard only (§4.3.1): the boundary AR says code 3, the MN solicits an RA at L2-LU', async () => {
    const r = recs('beth-mosaic');
    const sol = r.findIndex(
      (x) => x.kind === 'tx' && x.node === 'MN' && x.msg === 'RtSolPr' && x.to === 'A2' && x.t > 5_000_000,
    );
    const code3 = r.findIndex((x, i) => i > sol && x.kind === 'tx' && x.node === 'A2' && x.msg === 'PrRtAdv');
    const m = await decode(r[code3]!);
    expect(m.kind === 'PrRtAdv' && hoCapsOf(m)).toBe(3);
    const lu = linkUp(r, 'S1');
    const rs = r.findIndex((x, i) => i > lu && x.kind === 'tx' && x.node === 'MN' && x.msg === 'RS');
    expect(r[rs]!.t).toBe(r[lu]!.t); // "as soon as it gets the L2-LU trigger"
  });
  it('§4.2 in a standard-only area: the capability RtSolPr goes unanswered and the MN reverts to standard Mobile IPv6', () => {
    const r = recs('beth-mosaic');
    const sol = first(r, pk('tx', 'RtSolPr', 'MN', undefined, 'S1'));
    expect(sol).toBeGreaterThan(0);
    expect(r.findIndex((x, i) => i > sol && x.kind === 'tx' && x.node === 'S1' && x.msg === 'PrRtAdv')).toBe(-1);
    // The wait runs out ("If the MN does not receive a reply to a RtSolPr, it MUST discontinue performing fast handover").
    const out = r.findIndex(
      (x, i) => i > sol && x.kind === 'timer' && x.node === 'MN' && x.name === 'caps-wait' && x.action === 'fired',
    );
    expect(r[out]!.t - r[sol]!.t).toBe(100_000);
    expect(w['beth-mosaic']!.mobile('MN')!.mech).toBe('anticipated'); // (A3 later answered)
    expect(mech(r).filter((x) => x.t > r[sol]!.t && x.t < r[out]!.t + 1)).toEqual([]); // already standard: no change to trace
  });
  it('standard only → anticipated (§4.3.1): after the standard handover into A3 the MN learns A3 is anticipated', () => {
    const r = recs('beth-mosaic');
    const lu = linkUp(r, 'A3');
    const last = mech(r).at(-1)!;
    expect(last).toMatchObject({ from: 'mipv6', to: 'anticipated' });
    expect(r.indexOf(last)).toBeGreaterThan(lu);
    expect(bethHeld(w['beth-mosaic']!, '02:00:00:00:00:10')).toEqual([]);
    expect(w['beth-mosaic']!.tunnelsAt()).toEqual([]);
  });
});

describe('§4.2 a standard-only MN in a fast-handover network', () => {
  it('each AR marks the MN standard-only after a PrRtAdv never answered by an F-BU, and suppresses fast signalling afterwards', () => {
    const r = recs('beth-std-mn');
    expect(all(r, pk('tx', 'F-BU', 'MN'))).toEqual([]);
    const marked = all(
      r,
      (x) => x.kind === 'state' && x.from === 'unknown' && x.to === 'mipv6' && x.machine.startsWith('caps:'),
    );
    expect(marked.map((x) => x.node)).toEqual(['oAR', 'nAR']);
    const suppressed = first(r, (x) => x.kind === 'state' && x.node === 'oAR' && /suppressed/.test(x.why.text));
    expect(suppressed).toBeGreaterThan(r.indexOf(marked[0]!));
    // After the suppression, the oAR sends no more PrRtAdv nor HI.
    expect(
      r.filter(
        (x, i) => i > suppressed && x.kind === 'tx' && x.node === 'oAR' && (x.msg === 'PrRtAdv' || x.msg === 'HI'),
      ),
    ).toEqual([]);
    // The first crossing did signal: that is how the AR found out.
    expect(first(r, pk('tx', 'PrRtAdv', 'oAR'))).toBeLessThan(r.indexOf(marked[0]!));
  });
});
