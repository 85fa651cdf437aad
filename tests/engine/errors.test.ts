// The error cases of §3.1 and §6 (issue 4 "Errors"), each from its built-in scenario.
import { beforeAll, describe, expect, it } from 'vitest';
import { all, first, inOrder, l2, msg, run } from './helpers.ts';
import type { World } from '../../core/engine/world.ts';
import type { TraceRecord } from '../../core/trace.ts';
import { fromHex } from '../../core/trace.ts';
import { codec } from '../../core/engine/run.ts';

const ids = [
  'err-rtsolpr-retry',
  'err-rtsolpr-fail',
  'err-hi-retry',
  'err-hi-fail',
  'err-fbu-retry',
  'err-ncoa-invalid',
  'err-stateful-fail',
  'err-hack-refused',
  'err-pingpong',
  'err-erroneous',
  'err-tunnel-lifetime',
  'prrtadv-code1',
  'prrtadv-code2',
];
const w: Record<string, World> = {};
beforeAll(async () => {
  for (const id of ids) w[id] = await run(id, 1);
});
const R = (id: string) => w[id]!.records;
const times = (rs: TraceRecord[]) => rs.map((r) => r.t);
async function decode(r: TraceRecord) {
  const p = (await codec()).parse(fromHex((r as { hex: string }).hex));
  if (!p.ok) throw new Error(p.status);
  return p.msg;
}

describe('RtSolPr retransmission (§5.1.1)', () => {
  it('is resent after max(2×RTT, 100 ms), at most twice, with the same identifier', async () => {
    const tx = all(R('err-rtsolpr-retry'), msg('tx', 'RtSolPr', 'MN'));
    expect(tx.length).toBe(3); // first + two resends; the third is answered
    const t = times(tx);
    expect(t[1]! - t[0]!).toBe(100_000); // RTT unknown: 100 ms
    expect(t[2]! - t[1]!).toBe(100_000);
    const idsSeen = await Promise.all(tx.map(async (r) => ((await decode(r)) as { identifier: number }).identifier));
    expect(new Set(idsSeen).size).toBe(1);
    expect(first(R('err-rtsolpr-retry'), msg('rx', 'PrRtAdv', 'MN'))).toBeGreaterThan(-1);
  });
  it('never more than twice; then the MN reverts to standard MIPv6 (§4.2)', () => {
    const r = R('err-rtsolpr-fail');
    expect(all(r, msg('tx', 'RtSolPr', 'MN')).length).toBe(3);
    expect(first(r, msg('tx', 'F-BU', 'MN'))).toBe(-1);
    // standard MIPv6: DAD (NS) then BU after arriving
    inOrder(
      r,
      ['L2-LU', l2('L2-LU', 'MN')],
      ['DAD NS', msg('tx', 'NS', 'MN')],
      ['BU', (x) => x.kind === 'tx' && x.msg === 'BU' && x.to === 'HA'],
    );
  });
});

describe('HI retransmission (§5.2.1)', () => {
  it('is resent until a HACK comes', () => {
    const r = R('err-hi-retry');
    const tx = all(r, msg('tx', 'HI', 'oAR'));
    expect(tx.length).toBe(3);
    expect(times(tx)[1]! - times(tx)[0]!).toBeGreaterThanOrEqual(100_000);
    expect(first(r, msg('rx', 'HACK', 'oAR'))).toBeGreaterThan(first(r, (x) => x === tx[2]));
  });
  it('up to 4 times; then no fast handover (the F-BU is refused)', () => {
    const r = R('err-hi-fail');
    expect(all(r, msg('tx', 'HI', 'oAR')).length).toBe(5); // 1 + 4 resends
    const fb = all(r, msg('tx', 'F-BACK', 'oAR'));
    expect(fb.every((x) => (x as { status?: number }).status! >= 128)).toBe(true);
    expect(first(r, (x) => x.kind === 'tunnel' && x.node === 'oAR' && x.action === 'up')).toBe(-1);
  });
});

describe('F-BU retransmission (§3.1.1, §3.1.8, §3.1.9)', () => {
  it('with no F-BACK the MN sends the F-NA on the new link and re-sends the F-BU; the oAR forwards only then', () => {
    const r = R('err-fbu-retry');
    expect(all(r, msg('tx', 'F-BU', 'MN')).length).toBe(2);
    inOrder(
      r,
      ['connect', l2('L2-LU', 'MN')],
      ['F-NA', msg('tx', 'F-NA', 'MN')],
      [
        'RA with NAACK',
        (x) => x.kind === 'rx' && x.msg === 'RA' && x.node === 'MN' && (x as { status?: number }).status === 0,
      ],
      ['second F-BU at oAR', msg('rx', 'F-BU', 'oAR')],
      ['tunnel up', (x) => x.kind === 'tunnel' && x.node === 'oAR' && x.action === 'up'],
      ['F-BACK', msg('rx', 'F-BACK', 'MN')],
    );
  });
});

describe('failure of nCoA establishment (§3.1.5) and DAD handling (§6.1.1)', () => {
  it('nCoA in use: HACK code 2, host route and reverse tunnel at the nAR, F-BACK status 1 tunnelled to the nAR', async () => {
    const r = R('err-ncoa-invalid');
    const hack = r[first(r, msg('rx', 'HACK', 'oAR'))]!;
    expect((hack as { code?: number }).code).toBe(2);
    // §5.3.2: "sent with the MN's [oCoA] tunneled to the nAR"
    expect(
      first(r, (x) => x.kind === 'encap' && x.node === 'oAR' && x.msg === 'F-BACK' && x.peer === 'nAR'),
    ).toBeGreaterThan(-1);
    expect(all(r, msg('rx', 'F-BACK', 'MN')).every((x) => (x as { status?: number }).status === 1)).toBe(true);
    // the oAR tunnels data to the nAR, the nAR decapsulates and delivers by the host route (§6.1.1)
    expect(first(r, (x) => x.kind === 'decap' && x.node === 'nAR' && x.msg === 'DATA')).toBeGreaterThan(-1);
    // §3.1.5: upstream packets with the oCoA are tunnelled back to the oAR
    expect(
      first(
        r,
        (x) => x.kind === 'encap' && x.node === 'nAR' && x.msg === 'DATA' && x.from === 'MN' && x.peer === 'oAR',
      ),
    ).toBeGreaterThan(-1);
    // then a new nCoA: DAD (NS) and the BU to the HA
    inOrder(
      r,
      ['F-BACK 1', msg('rx', 'F-BACK', 'MN')],
      ['DAD', msg('tx', 'NS', 'MN')],
      ['BU', (x) => x.kind === 'tx' && x.msg === 'BU' && x.to === 'HA'],
    );
    const bu = r[first(r, (x) => x.kind === 'tx' && x.msg === 'BU' && x.to === 'HA')]!;
    const b = await decode(bu);
    expect(b.kind === 'BU' && b.altCoA).not.toBe('2001:db8:2::10'); // not the duplicate
  });
  it('stateful nCoA not assigned: HACK code 4, tunnel to the nAR, F-BACK status 1', () => {
    const r = R('err-stateful-fail');
    expect((r[first(r, msg('rx', 'HACK', 'oAR'))] as { code?: number }).code).toBe(4);
    expect(
      first(r, (x) => x.kind === 'tunnel' && x.node === 'oAR' && x.action === 'up' && x.peer === 'nAR'),
    ).toBeGreaterThan(-1);
    expect((r[first(r, msg('rx', 'F-BACK', 'MN'))] as { status?: number }).status).toBe(1);
  });
  it('handover refused: HACK 128 gives F-BACK 128 and standard MIPv6', () => {
    const r = R('err-hack-refused');
    expect((r[first(r, msg('rx', 'HACK', 'oAR'))] as { code?: number }).code).toBe(128);
    expect((r[first(r, msg('rx', 'F-BACK', 'MN'))] as { status?: number }).status).toBe(128);
    expect(first(r, (x) => x.kind === 'tunnel' && x.node === 'oAR')).toBe(-1);
    expect(first(r, msg('tx', 'NS', 'MN'))).toBeGreaterThan(first(r, l2('L2-LU', 'MN')));
  });
});

describe('PrRtAdv codes (§5.1.2)', () => {
  it('code 1: same router, no CoA change, no HI', () => {
    const r = R('prrtadv-code1');
    expect((r[first(r, msg('rx', 'PrRtAdv', 'MN'))] as { code?: number }).code).toBe(1);
    expect(first(r, msg('tx', 'HI'))).toBe(-1);
    expect(first(r, (x) => x.kind === 'tx' && x.msg === 'BU')).toBe(-1);
  });
  it('code 2: the MN gives up fast handover and uses standard MIPv6', () => {
    const r = R('prrtadv-code2');
    expect((r[first(r, msg('rx', 'PrRtAdv', 'MN'))] as { code?: number }).code).toBe(2);
    expect(first(r, msg('tx', 'F-BU'))).toBe(-1);
    expect(first(r, msg('tx', 'HI'))).toBe(-1);
    inOrder(
      r,
      ['L2-LU', l2('L2-LU', 'MN')],
      ['DAD', msg('tx', 'NS', 'MN')],
      ['BU', (x) => x.kind === 'tx' && x.msg === 'BU' && x.to === 'HA'],
    );
  });
});

describe('fast and erroneous movement (§6.1.2)', () => {
  it('ping-pong: back on the oAR, a BU with Home Address = oCoA and lifetime 0 drops the tunnel', async () => {
    const r = R('err-pingpong');
    const buIdx = r.findIndex((x) => x.kind === 'tx' && x.msg === 'BU' && x.to === 'oAR');
    expect(buIdx).toBeGreaterThan(-1);
    const b = await decode(r[buIdx]!);
    expect(b.kind === 'BU' && b.lifetime).toBe(0);
    expect(b.kind === 'BU' && b.homeAddress).toBe('2001:db8:1::10');
    // The oAR's tunnel is gone once the MN is back: dropped by the BU, or already when the returning
    // handover's HI named the address (the circular-tunnel guard) — never still up after the BU.
    const down = r.findIndex((x) => x.kind === 'tunnel' && x.node === 'oAR' && x.action === 'down');
    expect(down).toBeGreaterThan(r.findIndex((x) => x.kind === 'tunnel' && x.node === 'oAR' && x.action === 'up'));
    expect(r.findIndex((x, i) => i > buIdx && x.kind === 'tunnel' && x.node === 'oAR' && x.action === 'up')).toBe(-1);
    expect(r[buIdx]!.t).toBeGreaterThan(
      r.findLast((x) => x.kind === 'l2' && x.trigger === 'L2-LU' && x.node === 'oAR')!.t - 1,
    );
    // after it, the oAR delivers directly again
    expect(
      r.findIndex((x, i) => i > buIdx && x.kind === 'fwd' && x.node === 'oAR' && x.msg === 'DATA' && x.next === 'MN'),
    ).toBeGreaterThan(buIdx);
  });
  it('erroneous movement: the predicted move does not happen; a BU lifetime 0 to the oAR cancels', async () => {
    const r = R('err-erroneous');
    expect(first(r, l2('L2-LD', 'MN'))).toBe(-1); // it never left
    const i = first(r, (x) => x.kind === 'tx' && x.msg === 'BU' && x.to === 'oAR');
    expect(i).toBeGreaterThan(first(r, msg('rx', 'F-BACK', 'MN')));
    const b = await decode(r[i]!);
    expect(b.kind === 'BU' && b.lifetime).toBe(0);
  });
  it('temporary tunnels end at their lifetime; packets for the oCoA are then lost until the new binding', () => {
    const r = R('err-tunnel-lifetime');
    const up = r[first(r, (x) => x.kind === 'tunnel' && x.node === 'oAR' && x.action === 'up')]!;
    const down = r[first(r, (x) => x.kind === 'tunnel' && x.node === 'oAR' && x.action === 'down')]!;
    // the binding starts when the F-BU is accepted (the F-BACK goes out, after the HACK, §5.3.2)
    const accepted = r[first(r, msg('tx', 'F-BACK', 'oAR'))]!;
    expect(down.t - accepted.t).toBe(1_000_000); // tunnelLifetimeS = 1
    expect(down.t).toBeGreaterThan(up.t);
    expect(r.some((x) => x.kind === 'drop' && x.msg === 'DATA' && x.t > down.t && x.node === 'oAR')).toBe(true);
  });
});
