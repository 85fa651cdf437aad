// The home agent role ([MIPv6]) as a step: binding cache home address → CoA; packets to the
// home address are tunnelled to the CoA by the data plane. All of the HA's transitions live here
// (machine `binding:<home>`, core/roles/machines.ts); `haStep` returns them as actions. Like the
// AR's and the MN's steps it updates its binding cache in place (a campus's thousand bindings
// copied at every BU, and at each MN's start, was ~4 % of its run: issue 14).
import type { Action, Input, Step } from './actions.ts';
import { backIfAsked } from './build.ts';

type Binding = { p: 'none' } | { p: 'bound'; coa: string; seq: number };

export interface HaState {
  readonly address: string;
  readonly bindings: Map<string, Binding>;
}

export function haStep(st: HaState, input: Input, now: number): Step<HaState> {
  void now; // the HA keeps no timers: its bindings' lifetimes are the data plane's
  const actions: Action[] = [];
  const bindings = st.bindings;
  if (input.on === 'start') {
    // The scenario starts with the MN's home registration in place.
    const { home, coa } = input;
    actions.push(
      { do: 'bind', home, coa, lifetimeUs: Infinity, why: 'the scenario starts with the home registration in place' },
      {
        do: 'state',
        machine: `binding:${home}`,
        from: 'none',
        to: 'bound',
        why: `initial home registration: ${home} → ${coa} ([MIPv6])`,
      },
    );
    bindings.set(home, { p: 'bound', coa, seq: 0 });
    return { state: st, actions };
  }
  const m = input.msg;
  if (m.kind !== 'BU' || !m.flags.H) return { state: st, actions };
  const prev = bindings.get(m.homeAddress) ?? { p: 'none' as const };
  const coa = m.altCoA ?? m.src;
  const machine = `binding:${m.homeAddress}`;
  if (m.lifetime === 0) {
    // [MIPv6]: lifetime 0 deletes the binding.
    actions.push(
      { do: 'bind', home: m.homeAddress, coa, lifetimeUs: 0, why: 'BU lifetime 0 deletes the binding ([MIPv6])' },
      { do: 'state', machine, from: prev.p, to: 'none', why: 'BU lifetime 0' },
    );
    bindings.set(m.homeAddress, { p: 'none' });
  } else {
    // [MIPv6] home registration; §3.1.8 "the MN MUST send a BU to its HA" completes the nCoA.
    actions.push(
      {
        do: 'bind',
        home: m.homeAddress,
        coa,
        lifetimeUs: m.lifetime * 1_000_000,
        why: 'BU: home registration (§3.1.8, [MIPv6])',
      },
      { do: 'state', machine, from: prev.p, to: 'bound', why: `BU: ${m.homeAddress} → ${coa}` },
    );
    bindings.set(m.homeAddress, { p: 'bound', coa, seq: m.sequence });
  }
  const ack = backIfAsked(st.address, m, coa);
  if (ack) actions.push(ack);
  return { state: st, actions };
}

/** The HA node: its name and its state between steps. */
export class HomeAgent {
  state: HaState;
  constructor(
    readonly name: string,
    readonly address: string,
  ) {
    this.state = { address, bindings: new Map() };
  }

  /** One step: the new state is kept, the actions are returned for the engine to carry out. */
  step(input: Input, now: number): Action[] {
    const r = haStep(this.state, input, now);
    this.state = r.state;
    return r.actions;
  }

  /** The HA's machines and their states now (the engine's live state, World.live). */
  machines(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [home, b] of this.state.bindings) out[`binding:${home}`] = b.p;
    return out;
  }
}
