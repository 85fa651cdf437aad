// §8 in runs: with the security associations off, a forged F-BU diverts the MN's traffic and a
// forged HI(R) cuts the BET; with them on, both are dropped, traced with the AH status and counted,
// and nothing in the routing changes. Tampered layer-2 trigger addresses are detected (§8.2.1).
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { World } from '../../core/engine/world.ts';
import type { TraceRecord } from '../../core/trace.ts';
import { all, dataSeqsAt, first, pk, run, variant } from './helpers.ts';

const w: Record<string, World> = {};
beforeAll(async () => {
  for (const id of ['beth-attacker-open', 'beth-attacker-secured', 'beth-l2-tamper', 'fig10']) w[id] = await run(id, 1);
  w['fig10-secured'] = await run(
    variant('fig10', (s) => (s.security = { associations: true, attacks: [] })),
    1,
  );
});
const recs = (id: string): TraceRecord[] => w[id]!.records;
const X_COA = '2001:db8:2::66';

describe('associations off: the attacker wins (§8.1, §8.2.2)', () => {
  it("a forged F-BU naming the MN's oCoA makes the oAR tunnel the MN's traffic to the attacker", () => {
    const r = recs('beth-attacker-open');
    const fbu = first(r, pk('rx', 'F-BU', 'oAR'));
    expect(r[fbu]!.kind === 'rx' && r[fbu]!.from).toBe('X');
    const diverted = r.findIndex(
      (x, i) => i > fbu && x.kind === 'tunnel' && x.node === 'oAR' && x.action === 'up' && x.peerAddr === X_COA,
    );
    expect(diverted).toBeGreaterThan(fbu);
    // The MN's data now goes to X: encapsulated at the oAR towards the attacker.
    expect(
      r.filter((x, i) => i > diverted && x.kind === 'encap' && x.node === 'oAR' && x.msg === 'DATA' && x.peer === 'X')
        .length,
    ).toBeGreaterThan(5);
  });
  it('a forged HI(R) with lifetime 0 "from" the nAR makes the oAR cut the BET (immediate termination, §3.4.1)', () => {
    const r = recs('beth-attacker-open');
    const hi = first(r, pk('rx', 'HI', 'oAR', 'R'));
    expect(r[hi]!.kind === 'rx' && r[hi]!.from).toBe('X');
    expect(
      r.findIndex((x, i) => i >= hi && x.kind === 'tunnel' && x.node === 'oAR' && x.action === 'down'),
    ).toBeGreaterThan(hi);
    expect(w['beth-attacker-open']!.tunnelsAt()).toEqual([]);
  });
  it('the MN loses most of its traffic after the attack', () => {
    const open = dataSeqsAt(recs('beth-attacker-open')).length;
    const secured = dataSeqsAt(recs('beth-attacker-secured')).length;
    expect(open).toBeLessThan(secured - 40);
  });
});

describe('associations on: forgeries rejected, traced, counted (§5.2.1, §5.2.2, §8)', () => {
  it('the forged F-BU and HI are dropped at the oAR with the AH status, and counted', () => {
    const r = recs('beth-attacker-secured');
    const drops = all(r, (x) => x.kind === 'drop' && x.node === 'oAR' && /^unauthenticated/.test(x.reason));
    expect(drops.map((d) => (d.kind === 'drop' ? `${d.msg} ${d.reason}` : ''))).toEqual([
      'F-BU unauthenticated: AH BadIcv (§8)',
      'HI unauthenticated: AH BadIcv (§8)',
    ]);
    expect(w['beth-attacker-secured']!.count.authRejected).toBe(2);
    expect(all(r, pk('rx', 'F-BU', 'oAR'))).toEqual([]);
  });
  it('routing is unchanged: the BET still goes to the nAR and the MN keeps receiving', () => {
    const x = w['beth-attacker-secured']!;
    expect(x.tunnelsAt().map((t) => `${t.node} ${t.addr}`)).toEqual(['oAR 2001:db8:1::10']);
    const r = recs('beth-attacker-secured');
    expect(all(r, (y) => y.kind === 'tunnel' && y.t >= 2_200_000)).toEqual([]);
    expect(
      r.filter((y) => y.kind === 'rx' && y.node === 'MN' && y.msg === 'DATA' && y.t > 2_200_000).length,
    ).toBeGreaterThan(50);
  });
  it('every HI, HACK and HTT on the wire carries an AH (IPv6 next header 51) and still works (Figure 10 secured)', () => {
    const r = recs('fig10-secured');
    const sig = r.filter((x) => x.kind === 'tx' && (x.msg === 'HI' || x.msg === 'HACK' || x.msg === 'HTT'));
    expect(sig.length).toBe(
      recs('fig10').filter((x) => x.kind === 'tx' && (x.msg === 'HI' || x.msg === 'HACK' || x.msg === 'HTT')).length,
    );
    expect(sig.length).toBe(8); // Figure 10's HI/HACK pairs: the first move (2) and the three-party one (6)
    for (const s of sig) expect((s as { hex: string }).hex.slice(12, 14)).toBe('33');
    // Same handover as without the associations: same signalling, same delivery.
    const names = (id: string) =>
      recs(id)
        .filter((x) => x.kind === 'rx' && x.msg !== 'DATA')
        .map((x) => `${x.node}<${'msg' in x ? x.msg : ''}${'flags' in x ? x.flags : ''}`);
    expect(names('fig10-secured')).toEqual(names('fig10'));
    expect(w['fig10-secured']!.count.authRejected).toBe(0);
  });
  it('property: with associations on, no attack — any kind, any time — changes any routing state', async () => {
    const base = await run(
      variant('beth-attacker-secured', (s) => (s.security.attacks = [])),
      1,
    );
    const routing = (x: World) =>
      x.records.filter((y) => y.kind === 'tunnel').map((y) => JSON.stringify({ ...y, pkt: undefined }));
    const want = routing(base);
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({ atUs: fc.integer({ min: 100_000, max: 3_000_000 }), forge: fc.constantFrom('F-BU', 'HI') }),
          { minLength: 1, maxLength: 4 },
        ),
        async (attacks) => {
          const sc = variant(
            'beth-attacker-secured',
            (s) =>
              (s.security.attacks = attacks.map((a) => ({
                node: 'X',
                victim: 'MN',
                to: a.atUs % 2 ? 'oAR' : 'nAR',
                ...a,
              }))),
          );
          const x = await run(sc, 1);
          expect(routing(x)).toEqual(want);
          expect(x.count.authRejected).toBe(attacks.length);
        },
      ),
      { numRuns: 6, seed: 8 },
    );
  });
});

describe('§8.2.1 tampered layer-2 trigger', () => {
  it('the L2-TT names another station; when the MN arrives the nAR sees the mismatch and gives no service on it', () => {
    const r = recs('beth-l2-tamper');
    const tt = first(r, (x) => x.kind === 'l2' && x.trigger === 'L2-TT' && x.node === 'nAR');
    expect(r[tt]!.kind === 'l2' && r[tt]!.detail).toContain('02:00:00:00:00:66');
    const mismatch = first(r, (x) => x.kind === 'state' && x.node === 'nAR' && x.to === 'mismatch');
    expect(mismatch).toBeGreaterThan(first(r, (x) => x.kind === 'l2' && x.trigger === 'L2-LU' && x.node === 'nAR') - 1);
    expect(w['beth-l2-tamper']!.router('nAR')!.beth!.mismatches).toEqual(['02:00:00:00:00:66→02:00:00:00:00:10']);
    expect(w['beth-l2-tamper']!.tunnelsAt()).toEqual([]);
  });
});
