// The correspondent node role ([MIPv6] route optimisation) as a step: a binding cache
// home → CoA decides where its stream goes. All of the CN's transitions live here (machine
// `binding:<home>`, core/roles/machines.ts); `cnStep` returns them as actions. Like the AR's and
// the MN's steps it updates its binding cache in place (a campus's thousand bindings copied at
// every BU, and at each MN's start, was ~3 % of its run: issue 14).
import type { Action, Input, Step } from './actions.ts';
import { backIfAsked } from './build.ts';

export interface CnState {
  readonly address: string;
  readonly bindings: Map<string, string>;
}

export function cnStep(st: CnState, input: Input, now: number): Step<CnState> {
  void now; // the CN keeps no timers
  if (input.on === 'start') {
    // The scenario starts with the CN's binding in place (route optimisation, `bindCn`).
    const { home, coa } = input;
    st.bindings.set(home, coa);
    return {
      state: st,
      actions: [
        { do: 'bind', home, coa, lifetimeUs: Infinity, why: 'the scenario starts with the binding in place' },
        {
          do: 'state',
          machine: `binding:${home}`,
          from: 'none',
          to: 'bound',
          why: `initial binding: ${home} → ${coa} ([MIPv6])`,
        },
      ],
    };
  }
  const m = input.msg;
  if (m.kind !== 'BU') return { state: st, actions: [] };
  const bindings = st.bindings;
  const coa = m.altCoA ?? m.src;
  const before = bindings.has(m.homeAddress) ? 'bound' : 'none';
  if (m.lifetime === 0) bindings.delete(m.homeAddress);
  else bindings.set(m.homeAddress, coa);
  const actions: Action[] = [
    {
      do: 'bind',
      home: m.homeAddress,
      coa,
      lifetimeUs: m.lifetime * 1_000_000,
      why: m.lifetime === 0 ? 'BU lifetime 0 deletes the binding ([MIPv6])' : 'BU: route optimisation ([MIPv6])',
    },
    {
      do: 'state',
      machine: `binding:${m.homeAddress}`,
      from: before,
      to: m.lifetime === 0 ? 'none' : 'bound',
      why: `BU: ${m.homeAddress} → ${coa}`,
    },
  ];
  const ack = backIfAsked(st.address, m, coa);
  if (ack) actions.push(ack);
  return { state: st, actions };
}

/** The CN node: its name and its state between steps. */
export class Correspondent {
  state: CnState;
  constructor(
    readonly name: string,
    readonly address: string,
  ) {
    this.state = { address, bindings: new Map() };
  }

  step(input: Input, now: number): Action[] {
    const r = cnStep(this.state, input, now);
    this.state = r.state;
    return r.actions;
  }

  /** Where a packet for this home address goes now: the CoA if bound, else the home address (via the HA). */
  destinationFor(home: string): string {
    return this.state.bindings.get(home) ?? home;
  }

  /** The CN's machines and their states now (the engine's live state, World.live). */
  machines(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const home of this.state.bindings.keys()) out[`binding:${home}`] = 'bound';
    return out;
  }
}
