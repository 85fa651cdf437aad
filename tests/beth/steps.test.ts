// BETH's serving, target and anchor roles as pure steps (issue 10): driven here with no engine at
// all — a message, a layer-2 trigger or a named timer in, the actions out as data, in the order
// the draft's rules give them. Every phase change a step makes is a row of its machine's table
// (core/roles/machines.ts), with the section it names.
import { describe, expect, it } from 'vitest';
import { builtin } from '../../core/scenario/builtin.ts';
import { validateScenario } from '../../core/scenario/schema.ts';
import { arConfigOf } from '../../core/engine/configs.ts';
import {
  bethConfigOf,
  bethIdentityOf,
  bethInit,
  bethStep,
  type BethState,
  type BethView,
} from '../../core/roles/beth.ts';
import { transitionRow } from '../../core/roles/machines.ts';
import { whyOf } from '../../core/trace.ts';
import { joinPrefixIid, prefix64 } from '../../core/wire/addr.ts';
import { optAddress, optLifetime } from '../../core/roles/build.ts';
import type { Action, Timer } from '../../core/roles/actions.ts';
import type { HACK, HI, NdOption } from '../../core/wire/types.ts';
import type { Scenario } from '../../core/scenario/types.ts';

function scenario(id: string): Scenario {
  const v = validateScenario(builtin(id));
  if (!v.ok) throw new Error(`${id}: ${JSON.stringify(v.errors)}`);
  return v.scenario;
}

const MN_LLA = '02:00:00:00:00:10';
const sc = scenario('fig7');
const spec = (name: string) => sc.routers.find((r) => r.name === name)!;
const info = (name: string) => {
  const r = spec(name);
  return { name, address: joinPrefixIid(r.prefix, '::1'), lla: r.lla, prefix: r.prefix };
};
const oCoA = joinPrefixIid(spec('oAR').prefix, '::10');
const HOME = '2001:db8:ffff::10';

/** The routers the step knows by address (what `BethRouter` asks the world), and the MN on the oAR's link. */
const view: BethView = {
  peerOf: (a) => {
    const r = sc.routers.find((x) => prefix64(joinPrefixIid(x.prefix, '::1')) === prefix64(a));
    return r && joinPrefixIid(r.prefix, '::1') === a ? info(r.name) : undefined;
  },
  attachedCoa: (lla) => (lla === MN_LLA ? oCoA : undefined),
};

function router(name: string, seq0 = 0x8100): BethState {
  const cfg = arConfigOf(sc, spec(name));
  return bethInit(bethIdentityOf(cfg), bethConfigOf(cfg), cfg.timers, seq0);
}

const kinds = (as: readonly Action[]) => as.map((a) => a.do);
const sends = (as: readonly Action[]) => as.flatMap((a) => (a.do === 'send' || a.do === 'send-link' ? [a.msg] : []));
const armedTimer = (as: readonly Action[], name: string): Timer => {
  const a = as.find((x) => x.do === 'arm' && x.timer.name === name);
  if (!a || a.do !== 'arm') throw new Error(`no ${name} armed`);
  return a.timer;
};
/** Each phase change is a row of its machine's table, found by the section its reason names. */
function expectRows(as: readonly Action[]): void {
  for (const a of as)
    if (a.do === 'state')
      expect(
        transitionRow(a.machine, a.from, a.to, whyOf(a.why).section),
        `${a.machine} ${a.from} → ${a.to}`,
      ).toBeDefined();
}

function hiH(from: string, to: string, id: number, lifetimeS: number): HI {
  const options: NdOption[] = [
    { type: 'LLA', subType: 2, lla: MN_LLA },
    { type: 'IPAddress', subType: 4, prefixLength: 64, address: HOME },
    { type: 'IPAddress', subType: 1, prefixLength: 64, address: oCoA },
    { type: 'Lifetime', lifetime: lifetimeS },
  ];
  return {
    kind: 'HI',
    src: info(from).address,
    dst: info(to).address,
    hopLimit: 255,
    identifier: id,
    flags: { S: false, U: false, H: true, T: false, R: false },
    options,
  };
}
function hack(from: string, to: string, id: number, f: 'H' | 'R', lifetimeS: number): HACK {
  return {
    kind: 'HACK',
    src: info(from).address,
    dst: info(to).address,
    hopLimit: 255,
    code: 0,
    identifier: id,
    flags: { H: f === 'H', T: false, R: f === 'R' },
    options: [{ type: 'Lifetime', lifetime: lifetimeS }],
  };
}

describe('BETH as pure steps (§3.3, §3.4.1, §5.2.1)', () => {
  it('the nAR answers a HI(H) with a HACK(H) of the shorter lifetime and expects the MN; at L2-LU it serves it over the BET (§3.3 steps 3b, 4b; §3.4.1)', () => {
    const nar = router('nAR');
    const offered = nar.cfg.lifetimeS + 5;
    const a = bethStep(nar, { on: 'message', msg: hiH('oAR', 'nAR', 0x9001, offered) }, 0, view).actions;
    expectRows(a);
    const [reply] = sends(a);
    expect(reply).toMatchObject({ kind: 'HACK', identifier: 0x9001, dst: info('oAR').address, code: 0 });
    expect((reply as HACK).flags).toEqual({ H: true, T: false, R: false });
    // §3.4.1: "the shorter of the two lifetime values in the HI/HACK exchange".
    expect(optLifetime(reply as HACK)).toBe(nar.cfg.lifetimeS);
    expect(kinds(a)).toEqual(['send', 'host-route', 'nc', 'buffer', 'state']);
    expect(a[2]).toMatchObject({ addr: oCoA, lla: MN_LLA, state: 'INCOMPLETE' });
    expect(a[4]).toMatchObject({ machine: `BETH-ho:${MN_LLA}`, from: 'idle', to: 'tgt-ready' });
    // The HI(H) named the MN's home address: the router knows it from now on (I-36).
    expect(nar.homes.get(MN_LLA)).toBe(HOME);

    // Its HACK lost, the oAR resends the HI(H): the same HACK, and nothing else (§5.2.1, §5.2.2).
    const again = bethStep(nar, { on: 'message', msg: hiH('oAR', 'nAR', 0x9001, offered) }, 100_000, view).actions;
    expect(kinds(again)).toEqual(['send']);
    expect(sends(again)[0]).toBe(reply);

    const up = bethStep(nar, { on: 'link-up', mnLla: MN_LLA }, 200_000, view).actions;
    expectRows(up);
    expect(up).toContainEqual(expect.objectContaining({ do: 'nc', addr: oCoA, state: 'REACHABLE' }));
    // §3.3 reverse tunnel: "MUST be established by nAR when nAR begins tunneling packets from the MN with oCoA".
    expect(up).toContainEqual(
      expect.objectContaining({ do: 'reverse', src: oCoA, peer: info('oAR').address, type: 'bet-reverse' }),
    );
    expect(armedTimer(up, 'BET-renew').key).toBe(MN_LLA);
    expect(armedTimer(up, 'BET-end').key).toBe(MN_LLA);
    expect(nar.serving.get(MN_LLA)).toMatchObject({ coa: oCoA, anchor: { name: 'oAR' } });
    expect(nar.ho.has(MN_LLA)).toBe(false);
  });

  it('L2-ST: HI(H) and its retry timer; a retry timer of an earlier HI does nothing; the current one resends the same HI, then the handover is given up (§3.3 step 2a, §5.2.1)', () => {
    const oar = router('oAR');
    oar.homes.set(MN_LLA, HOME);
    const a = bethStep(oar, { on: 'source-trigger', mnLla: MN_LLA, coa: oCoA, peer: info('nAR') }, 0, view).actions;
    expectRows(a);
    expect(kinds(a)).toEqual(['send', 'arm', 'state']);
    const hi = sends(a)[0] as HI;
    expect(hi.flags).toMatchObject({ H: true, T: false, R: false });
    // §3.3 step 2a: the MN's LLA, home address, oCoA and the Lifetime.
    expect(optAddress(hi, 4)).toBe(HOME);
    expect(optAddress(hi, 1)).toBe(oCoA);
    const retry = armedTimer(a, 'BETH-HI-retry');
    expect(retry).toEqual({ name: 'BETH-HI-retry', key: MN_LLA, id: hi.identifier });

    expect(bethStep(oar, { on: 'timer', timer: { ...retry, id: hi.identifier - 1 } }, 1, view).actions).toEqual([]);

    for (let i = 0; i < oar.timers.hiResends; i++) {
      const b = bethStep(oar, { on: 'timer', timer: retry }, 2 + i, view).actions;
      expect(kinds(b)).toEqual(['send', 'arm']);
      expect(sends(b)[0]).toEqual(hi);
    }
    const end = bethStep(oar, { on: 'timer', timer: retry }, 10, view).actions;
    expectRows(end);
    expect(end).toEqual([
      expect.objectContaining({ do: 'state', machine: `BETH-ho:${MN_LLA}`, from: 'src-wait', to: 'idle' }),
    ]);
    // The HACK that comes too late is a late duplicate: nothing.
    expect(bethStep(oar, { on: 'message', msg: hack('nAR', 'oAR', hi.identifier, 'H', 10) }, 11, view).actions).toEqual(
      [],
    );
  });

  it('the anchor places the BET at L2-LD, renews it, ignores the lifetime timer the renewal replaced, and ends the BET at its lifetime (§3.3 step 4a, §3.4.1)', () => {
    const oar = router('oAR');
    const st = bethStep(oar, { on: 'source-trigger', mnLla: MN_LLA, coa: oCoA, peer: info('nAR') }, 0, view);
    const hi = sends(st.actions)[0] as HI;
    const ack = bethStep(oar, { on: 'message', msg: hack('nAR', 'oAR', hi.identifier, 'H', 4) }, 10_000, view).actions;
    expectRows(ack);
    expect(ack).toContainEqual(
      expect.objectContaining({ do: 'cancel', timer: armedTimer(st.actions, 'BETH-HI-retry') }),
    );
    expect(oar.ho.get(MN_LLA)).toMatchObject({ p: 'src-ready', lifetimeS: 4 });

    const down = bethStep(oar, { on: 'link-down', mnLla: MN_LLA }, 20_000, view).actions;
    expectRows(down);
    // §3.3 forward tunnel: "MUST be established by oAR when oAR begins tunneling packets with MN's oCoA".
    expect(down).toContainEqual(
      expect.objectContaining({
        do: 'tunnel',
        addr: oCoA,
        peer: info('nAR').address,
        lifetimeUs: 4_000_000,
        type: 'bet',
      }),
    );
    const first = armedTimer(down, 'BET-lifetime');
    expect(down).toContainEqual(
      expect.objectContaining({ machine: `BETH-anchor:${MN_LLA}`, from: 'none', to: 'to nAR' }),
    );

    // The serving AR asks to renew with HI(R) (§3.4.1): granted for the shorter lifetime.
    const renew: HI = {
      kind: 'HI',
      src: info('nAR').address,
      dst: info('oAR').address,
      hopLimit: 255,
      identifier: 0x9100,
      flags: { S: false, U: false, H: false, T: false, R: true },
      options: [
        { type: 'LLA', subType: 2, lla: MN_LLA },
        { type: 'IPAddress', subType: 1, prefixLength: 64, address: oCoA },
        { type: 'Lifetime', lifetime: 3 },
      ],
    };
    const r = bethStep(oar, { on: 'message', msg: renew }, 3_000_000, view).actions;
    expectRows(r);
    const granted = sends(r)[0] as HACK;
    expect(granted).toMatchObject({ kind: 'HACK', identifier: 0x9100, flags: { R: true } });
    expect(optLifetime(granted)).toBe(3);
    expect(r).toContainEqual({ do: 'cancel', timer: first });
    const second = armedTimer(r, 'BET-lifetime');
    expect(second.id).not.toBe(first.id);

    // The first lifetime's timer, had it fired, is an earlier BET's: nothing happens.
    expect(bethStep(oar, { on: 'timer', timer: first }, 4_020_000, view).actions).toEqual([]);
    expect(oar.anchors.has(MN_LLA)).toBe(true);
    // §3.4.1: "If no such signal is received, the aAR MUST terminate the BET when the lifetime expires".
    const end = bethStep(oar, { on: 'timer', timer: second }, 6_000_000, view).actions;
    expectRows(end);
    expect(end).toContainEqual(expect.objectContaining({ do: 'untunnel', addr: oCoA }));
    expect(end).toContainEqual(
      expect.objectContaining({ do: 'state', machine: `BETH-anchor:${MN_LLA}`, from: 'to nAR', to: 'none' }),
    );
    expect(oar.anchors.has(MN_LLA)).toBe(false);
  });

  it('an HI(T) for an MN this router does not know is refused, code 128, oCoA unspecified (§3.3 step 3a, §8.2.1)', () => {
    const oar = router('oAR');
    const hiT: HI = {
      kind: 'HI',
      src: info('nAR').address,
      dst: info('oAR').address,
      hopLimit: 255,
      identifier: 0x9200,
      flags: { S: false, U: false, H: false, T: true, R: false },
      options: [
        { type: 'LLA', subType: 2, lla: '02:00:00:00:00:66' },
        { type: 'Lifetime', lifetime: 10 },
      ],
    };
    const a = bethStep(oar, { on: 'message', msg: hiT }, 0, view).actions;
    expect(kinds(a)).toEqual(['send']);
    const refused = sends(a)[0] as HACK;
    expect(refused).toMatchObject({ code: 128, flags: { T: true } });
    expect(optLifetime(refused)).toBe(0);
    expect(optAddress(refused, 1)).toBe('::');
  });

  it('L2-TT with no answer: the HI(T) is resent, then the target gives up; no HACK(T) means no BET (§3.3 step 2b, §5.2.1)', () => {
    const nar = router('nAR');
    const a = bethStep(nar, { on: 'target-trigger', mnLla: MN_LLA, peer: info('oAR') }, 0, view).actions;
    expectRows(a);
    const hiT = sends(a)[0] as HI;
    // §3.3 step 2b: the T bit; "Neither the MN's home address nor the MN's oCoA are sent".
    expect(hiT.flags).toMatchObject({ H: false, T: true, R: false });
    expect(optAddress(hiT, 4)).toBeUndefined();
    expect(optAddress(hiT, 1)).toBeUndefined();
    const retry = armedTimer(a, 'BETH-HI-retry');
    for (let i = 0; i < nar.timers.hiResends; i++)
      expect(sends(bethStep(nar, { on: 'timer', timer: retry }, 1 + i, view).actions)).toEqual([hiT]);
    const end = bethStep(nar, { on: 'timer', timer: retry }, 10, view).actions;
    expectRows(end);
    expect(end).toEqual([expect.objectContaining({ do: 'state', from: 'tgt-wait', to: 'idle' })]);
  });

  it('a HACK(H) with lifetime 0 refuses tunnel service: at L2-LD no BET is placed (§3.3 step 3a, §3.4.1)', () => {
    const oar = router('oAR');
    const a = bethStep(oar, { on: 'source-trigger', mnLla: MN_LLA, coa: oCoA, peer: info('nAR') }, 0, view).actions;
    const hi = sends(a)[0] as HI;
    bethStep(oar, { on: 'message', msg: hack('nAR', 'oAR', hi.identifier, 'H', 0) }, 10_000, view);
    expect(oar.ho.get(MN_LLA)).toMatchObject({ p: 'src-ready', lifetimeS: 0 });
    const down = bethStep(oar, { on: 'link-down', mnLla: MN_LLA }, 20_000, view).actions;
    expectRows(down);
    expect(kinds(down)).toEqual(['state']);
    expect(oar.anchors.size).toBe(0);
  });

  it('an arrival the L2-TT did not announce: the announced handover is dropped as a tampered trigger (§8.2.1)', () => {
    const nar = router('nAR');
    const forged = '02:00:00:00:00:66';
    bethStep(nar, { on: 'target-trigger', mnLla: forged, peer: info('oAR') }, 0, view);
    const up = bethStep(nar, { on: 'link-up', mnLla: MN_LLA }, 50_000, view).actions;
    expectRows(up);
    expect(up).toContainEqual(
      expect.objectContaining({ machine: `BETH-security:${MN_LLA}`, from: 'trigger', to: 'mismatch' }),
    );
    expect(up).toContainEqual(
      expect.objectContaining({ do: 'cancel', timer: expect.objectContaining({ name: 'BETH-HI-retry', key: forged }) }),
    );
    expect(up).toContainEqual(expect.objectContaining({ machine: `BETH-ho:${forged}`, from: 'tgt-wait', to: 'idle' }));
    expect(nar.mismatches).toEqual([`${forged}→${MN_LLA}`]);
    expect(nar.ho.size).toBe(0);
  });
});
