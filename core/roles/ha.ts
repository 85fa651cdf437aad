// The home agent role ([MIPv6]): binding cache home address → CoA; packets to the home address
// are tunnelled to the CoA by the data plane. All of the HA's transitions live here.
import type { Message } from '../wire/types.ts';
import type { Net } from './net.ts';
import { back } from './build.ts';

type Binding = { p: 'none' } | { p: 'bound'; coa: string; seq: number };

export class HomeAgent {
  readonly bindings = new Map<string, Binding>();
  constructor(
    private readonly net: Net,
    readonly name: string,
    readonly address: string,
  ) {}

  /** The HA's machines and their states now (the engine's live state, World.live). */
  machines(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [home, b] of this.bindings) out[`binding:${home}`] = b.p;
    return out;
  }

  /** The scenario starts with the MN's home registration in place. */
  start(home: string, coa: string): void {
    this.net.fwd.bind(this.name, home, coa, Infinity, 'the scenario starts with the home registration in place');
    this.bindings.set(home, { p: 'bound', coa, seq: 0 });
    this.net.state(
      this.name,
      `binding:${home}`,
      'none',
      'bound',
      `initial home registration: ${home} → ${coa} ([MIPv6])`,
    );
  }

  onMessage(m: Message): void {
    if (m.kind !== 'BU' || !m.flags.H) return;
    const prev = this.bindings.get(m.homeAddress) ?? { p: 'none' as const };
    const coa = m.altCoA ?? m.src;
    if (m.lifetime === 0) {
      // [MIPv6]: lifetime 0 deletes the binding.
      this.net.fwd.bind(this.name, m.homeAddress, coa, 0, 'BU lifetime 0 deletes the binding ([MIPv6])');
      this.bindings.set(m.homeAddress, { p: 'none' });
      this.net.state(this.name, `binding:${m.homeAddress}`, prev.p, 'none', 'BU lifetime 0');
    } else {
      // [MIPv6] home registration; §3.1.8 "the MN MUST send a BU to its HA" completes the nCoA.
      this.net.fwd.bind(
        this.name,
        m.homeAddress,
        coa,
        m.lifetime * 1_000_000,
        'BU: home registration (§3.1.8, [MIPv6])',
      );
      this.bindings.set(m.homeAddress, { p: 'bound', coa, seq: m.sequence });
      this.net.state(this.name, `binding:${m.homeAddress}`, prev.p, 'bound', `BU: ${m.homeAddress} → ${coa}`);
    }
    if (m.flags.A)
      this.net.send(
        this.name,
        back(this.address, coa, 0, m.sequence, m.lifetime),
        'the BU asked for an acknowledgement (A flag) ([MIPv6])',
      );
  }
}
