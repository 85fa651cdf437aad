// §8 Security in the world: which messages must carry an Authentication Header when the scenario
// turns security associations on, the associations themselves (one per sender → receiver pair,
// keyed for the lab), sealing an outgoing message and checking an incoming one, and the scenario's
// attacks (a forged F-BU, §8.1; a forged HI(R) cutting a BET off, §8.2.2). The header is built and
// checked in the packet core (assembly/auth.ts, through core/wire/auth.ts); this decides when and
// with which association. Split out of world.ts.
import type { Message } from '../wire/types.ts';
import type { PacketCore } from '../wasm.ts';
import { authFor, hasAuth, labKey, newSa, type Authenticator, type SecurityAssociation } from '../wire/auth.ts';
import type { AttackSpec } from '../scenario/schema.ts';
import { fbu } from '../roles/build.ts';

/** What an attack needs to know of the nodes it names. */
export interface AttackView {
  /** The MN's current CoA and link-layer address. */
  mobile(name: string): { coa: string; lla: string; router: string | undefined } | undefined;
  router(name: string): { address: string } | undefined;
}

export class Security {
  /** §8: the AH stand-in and the security associations, one per (sender, receiver) pair. */
  private readonly auth: Authenticator;
  private readonly sas = new Map<string, SecurityAssociation>();
  private readonly attackers = new Set<string>();

  constructor(
    core: PacketCore,
    /** The scenario's `security.associations`: routing messages must be authenticated. */
    private readonly associations: boolean,
    attacks: readonly AttackSpec[],
    /** Is this node an access router (a BU to it must be authenticated, §3.5.2)? */
    private readonly isRouter: (node: string) => boolean,
  ) {
    this.auth = authFor(core);
    for (const a of attacks) this.attackers.add(a.node);
  }

  /** Messages that change routing and MUST be authenticated when associations are on. */
  needsAuth(m: Message, receiver: string): boolean {
    if (!this.associations) return false;
    // §5.2.1/§5.2.2/§8.2.2 (HI, HACK, HTT) and §8.1 (F-BU).
    if (m.kind === 'HI' || m.kind === 'HACK' || m.kind === 'F-BU') return true;
    // §3.5.2: the MN's BU to the aAR that tears the tunnel down is "suitably authenticated".
    return m.kind === 'BU' && this.isRouter(receiver);
  }

  /** The bytes `from` sends `to`, with the AH of their association when the message needs one. */
  seal(bytes: Uint8Array, m: Message, from: string, to: string): Uint8Array {
    return this.needsAuth(m, to) ? this.auth.addAuth(bytes, this.saFor(from, to)) : bytes;
  }

  /**
   * §8: verify an AH against the receiver's security associations before anything reads the
   * message: the packet without its header, `null` when it carries none, or why it is rejected.
   */
  open(bytes: Uint8Array, node: string): Uint8Array | null | string {
    if (!hasAuth(bytes)) return null;
    const v = this.auth.verifyAuth(bytes, this.inbound(node));
    return v.ok ? v.packet : `unauthenticated: AH ${v.status} (§8)`;
  }

  private saFor(from: string, to: string): SecurityAssociation {
    const key = `${from}>${to}`;
    if (this.attackers.has(from)) {
      // The attacker holds no key: it guesses the SPI of the association it impersonates.
      const victim = [...this.sas.entries()].find(([k]) => k.endsWith(`>${to}`))?.[1]?.spi ?? 0x1000;
      // A fresh sequence number, so that the ICV (not the replay window) is what rejects it.
      return { ...newSa(victim, labKey(this.auth, `forged by ${from}`)), seq: 999 };
    }
    let sa = this.sas.get(key);
    if (!sa) {
      sa = newSa(0x1000 + this.sas.size, labKey(this.auth, key));
      this.sas.set(key, sa);
    }
    return sa;
  }
  /** The receiver's inbound SAs: every association whose far end is `node`. */
  private inbound(node: string): SecurityAssociation[] {
    const out: SecurityAssociation[] = [];
    for (const [k, sa] of this.sas) if (k.endsWith(`>${node}`)) out.push(sa);
    return out;
  }
}

/** An attack of the scenario (§8): the forged message the attacker node sends, and why; none if a node it names is missing. */
export function attackMessage(a: AttackSpec, w: AttackView): { msg: Message; why: string } | undefined {
  const victim = w.mobile(a.victim);
  const to = w.router(a.to);
  const x = w.mobile(a.node);
  if (!victim || !to || !x) return undefined;
  if (a.forge === 'F-BU')
    // §8.1: a node masquerading as the MN "could usurp traffic destined [to] the MN, diverting it".
    return {
      msg: fbu(x.coa, to.address, victim.coa, x.coa, 0x7777, 10),
      why: 'the attacker masquerades as the MN with a forged F-BU, to divert its traffic (§8.1)',
    };
  if (a.forge === 'HI') {
    // §8.2.2: a forged HI(R), lifetime 0, "from" the MN's current AR: the BET would be cut off.
    const cur = victim.router;
    const spoof = cur && cur !== a.to ? w.router(cur)!.address : to.address;
    return {
      msg: {
        kind: 'HI',
        src: spoof,
        dst: to.address,
        hopLimit: 255,
        identifier: 0x7777,
        flags: { S: false, U: false, H: false, T: false, R: true },
        options: [
          { type: 'LLA', subType: 2, lla: victim.lla },
          { type: 'IPAddress', subType: 1, prefixLength: 64, address: victim.coa },
          { type: 'Lifetime', lifetime: 0 },
        ],
      },
      why: 'the attacker forges an HI(R) with lifetime 0 "from" the MN\'s AR, to cut the BET off (§8.2.2)',
    };
  }
  return undefined;
}
