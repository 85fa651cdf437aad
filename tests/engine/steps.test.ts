// The access router and the MN as pure steps (issue 10): driven here with no engine at all — a
// message or a named timer in, the actions out as data, in the order the draft's rules give them.
import { describe, expect, it } from 'vitest';
import { builtin } from '../../core/scenario/builtin.ts';
import { validateScenario } from '../../core/scenario/schema.ts';
import { arConfigOf, mnConfigOf } from '../../core/engine/configs.ts';
import { arInit, arStep, type ArView } from '../../core/roles/ar.ts';
import { mnInit, mnStep, type MnView } from '../../core/roles/mn.ts';
import { hi, prRtAdv, rtSolPr } from '../../core/roles/build.ts';
import { joinPrefixIid, prefix64 } from '../../core/wire/addr.ts';
import { Rng } from '../../core/sim/kernel.ts';
import type { Action, Timer } from '../../core/roles/actions.ts';
import type { Scenario } from '../../core/scenario/types.ts';

function scenario(id: string): Scenario {
  const v = validateScenario(builtin(id));
  if (!v.ok) throw new Error(`${id}: ${JSON.stringify(v.errors)}`);
  return v.scenario;
}

const arView: ArView = {
  rng: new Rng(1),
  ncLookup: () => undefined,
  hasTunnel: () => false,
  listening: () => false,
  bethHandles: () => false,
  hasBeth: false,
};

const kinds = (as: readonly Action[]) => as.map((a) => a.do);
const armed = (as: readonly Action[]): Timer => {
  const a = as.find((x) => x.do === 'arm');
  if (!a || a.do !== 'arm') throw new Error('no timer armed');
  return a.timer;
};
const MN_LLA = '02:00:00:00:00:10';

describe('the access router as a pure step', () => {
  const sc = scenario('fig3');
  const router = (name: string) => sc.routers.find((r) => r.name === name)!;

  it('answers a HI as data: nCoA into the neighbor cache, defended, HACK code 0; the defence timer ends it (§3.1.3, §5.2.2)', () => {
    const nar = arInit(arConfigOf(sc, router('nAR')), 7);
    const nCoA = joinPrefixIid(router('nAR').prefix, '::10');
    const oar = joinPrefixIid(router('oAR').prefix, '::1');
    const msg = hi(
      oar,
      nar.address,
      42,
      { S: false, U: false },
      MN_LLA,
      joinPrefixIid(router('oAR').prefix, '::10'),
      nCoA,
      2,
    );
    const a = arStep(nar, { on: 'message', msg, fromLla: undefined }, 0, arView).actions;
    expect(kinds(a)).toEqual(['nc', 'arm', 'state', 'send']);
    expect(a[0]).toMatchObject({ do: 'nc', addr: nCoA, lla: MN_LLA, state: 'INCOMPLETE' });
    const hack = a[3]!;
    expect(hack.do === 'send' && hack.msg.kind === 'HACK' && hack.msg.code).toBe(0);
    const defend = armed(a);
    expect(defend.name).toBe('defend');
    // The MN never arrives: the timer's data alone brings the step back to its handover.
    const b = arStep(nar, { on: 'timer', timer: defend }, 1_000_000, arView).actions;
    expect(b).toContainEqual(expect.objectContaining({ do: 'nc', addr: nCoA, state: null }));
    expect(b).toContainEqual(
      expect.objectContaining({ do: 'state', machine: `nAR:${MN_LLA}`, from: 'expecting', to: 'idle' }),
    );
  });

  it('a HI-retry timer of an earlier HI does nothing; the current one resends the HI (§5.2.1)', () => {
    const oarSpec = router('oAR');
    const st = arInit(arConfigOf(sc, oarSpec), 100);
    const oCoA = joinPrefixIid(oarSpec.prefix, '::10');
    const ap = st.cfg.aps.find((x) => x.router.name === 'nAR')!;
    const msg = rtSolPr(oCoA, st.address, 5, MN_LLA, ap.apLla);
    const a = arStep(st, { on: 'message', msg, fromLla: MN_LLA }, 0, arView).actions;
    const t = armed(a);
    expect(t).toMatchObject({ name: 'HI-retry', key: MN_LLA });
    expect(a.some((x) => x.do === 'send' && x.msg.kind === 'HI')).toBe(true);
    expect(arStep(st, { on: 'timer', timer: { ...t, id: (t.id! + 1) & 0xffff } }, 1, arView).actions).toEqual([]);
    const b = arStep(st, { on: 'timer', timer: t }, 2, arView).actions;
    expect(kinds(b)).toEqual(['send', 'arm', 'state']);
    expect(b[2]).toMatchObject({ do: 'state', from: 'awaiting-hack', to: 'awaiting-hack' });
  });
});

describe('the MN as a pure step', () => {
  const sc = scenario('fig3');
  const info = (name: string) => {
    const r = sc.routers.find((x) => x.name === name)!;
    return { name, address: joinPrefixIid(r.prefix, '::1'), lla: r.lla, prefix: r.prefix };
  };
  const view: MnView = {
    rng: new Rng(1),
    routerByName: (n) => (sc.routers.some((r) => r.name === n) ? info(n) : undefined),
    routerOfPrefix: (a) => {
      const r = sc.routers.find((x) => prefix64(joinPrefixIid(x.prefix, '::1')) === prefix64(a));
      return r && info(r.name);
    },
  };

  it('predictive information: RtSolPr, its retry timer, soliciting; a PrRtAdv with another Identifier is no answer (§3.1.6, §5.1.1)', () => {
    const cfg = mnConfigOf(sc, sc.mobiles[0]!);
    expect(cfg.initiation).toBe('mobile');
    const s = mnInit(cfg, 9, 1);
    mnStep(s, { on: 'start', ar: 'oAR' }, 0, view);
    const nar = info('nAR');
    const a = mnStep(s, { on: 'predict', target: { cell: 'nAR', router: 'nAR', lla: nar.lla } }, 1, view).actions;
    expect(kinds(a)).toEqual(['send', 'arm', 'state']);
    expect(armed(a)).toMatchObject({ name: 'RtSolPr-retry', id: 10 });
    expect(s.phase.p).toBe('soliciting');
    const other = prRtAdv(info('oAR').address, s.coa, 11, 0, info('oAR').lla, nar);
    expect(mnStep(s, { on: 'message', msg: other }, 2, view).actions).toEqual([]);
    const reply = prRtAdv(info('oAR').address, s.coa, 10, 0, info('oAR').lla, nar);
    const b = mnStep(s, { on: 'message', msg: reply }, 3, view).actions;
    expect(b[0]).toMatchObject({ do: 'cancel', timer: { name: 'RtSolPr-retry' } });
    expect(s.phase.p).toBe('prepared');
  });
});
