// The correspondent node role ([MIPv6] route optimisation): a binding cache home → CoA decides
// where its stream goes. All of the CN's transitions live here.
import type { Message } from '../wire/types.ts';
import type { Net } from './net.ts';
import { back } from './build.ts';

export class Correspondent {
  readonly bindings = new Map<string, string>();
  constructor(
    private readonly net: Net,
    readonly name: string,
    readonly address: string,
  ) {}

  /** Where a packet for this home address goes now: the CoA if bound, else the home address (via the HA). */
  destinationFor(home: string): string {
    return this.bindings.get(home) ?? home;
  }

  /** The CN's machines and their states now (the engine's live state, World.live). */
  machines(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const home of this.bindings.keys()) out[`binding:${home}`] = 'bound';
    return out;
  }

  /** The scenario starts with the CN's binding in place (route optimisation, `bindCn`). */
  start(home: string, coa: string): void {
    this.bindings.set(home, coa);
    this.net.fwd.bind(this.name, home, coa, Infinity, 'the scenario starts with the binding in place');
    this.net.state(this.name, `binding:${home}`, 'none', 'bound', `initial binding: ${home} → ${coa} ([MIPv6])`);
  }

  onMessage(m: Message): void {
    if (m.kind !== 'BU') return;
    const coa = m.altCoA ?? m.src;
    const before = this.bindings.has(m.homeAddress) ? 'bound' : 'none';
    if (m.lifetime === 0) this.bindings.delete(m.homeAddress);
    else this.bindings.set(m.homeAddress, coa);
    this.net.fwd.bind(
      this.name,
      m.homeAddress,
      coa,
      m.lifetime * 1_000_000,
      m.lifetime === 0 ? 'BU lifetime 0 deletes the binding ([MIPv6])' : 'BU: route optimisation ([MIPv6])',
    );
    this.net.state(
      this.name,
      `binding:${m.homeAddress}`,
      before,
      m.lifetime === 0 ? 'none' : 'bound',
      `BU: ${m.homeAddress} → ${coa}`,
    );
    if (m.flags.A)
      this.net.send(
        this.name,
        back(this.address, coa, 0, m.sequence, m.lifetime),
        'the BU asked for an acknowledgement (A flag) ([MIPv6])',
      );
  }
}
