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

  onMessage(m: Message): void {
    if (m.kind !== 'BU') return;
    const coa = m.altCoA ?? m.src;
    const before = this.bindings.has(m.homeAddress) ? 'bound' : 'none';
    if (m.lifetime === 0) this.bindings.delete(m.homeAddress);
    else this.bindings.set(m.homeAddress, coa);
    this.net.state(
      this.name,
      `binding:${m.homeAddress}`,
      before,
      m.lifetime === 0 ? 'none' : 'bound',
      `BU: ${m.homeAddress} → ${coa}`,
    );
    if (m.flags.A) this.net.send(this.name, back(this.address, coa, 0, m.sequence, m.lifetime));
  }
}
