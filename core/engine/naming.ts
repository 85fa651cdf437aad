// Naming in the world: the node records (each router with its cells, each MN with its link and
// radio state) and the registry that turns an address or a link-layer address into a node — which
// node owns an address (the roles' `own` / `disown`, the nAR's `expect` of an address an MN will
// use), which router owns a /64, and the MN of a link-layer address (per packet on an access
// link: by its last two octets first). The trace names packets' ends with `nodeOf`. Split out of
// world.ts, which keeps the wiring.
import { joinPrefixIid, prefix64 } from '../wire/addr.ts';
import type { Mobility, Cell } from '../radio.ts';
import type { AccessRouter } from '../roles/ar.ts';
import type { MobileNode } from '../roles/mn.ts';
import type { PerMn } from '../measures.ts';

export interface RouterState {
  role: AccessRouter;
  cells: Cell[];
  /** Its data-plane node. */
  id: number;
}

export interface MobileState {
  role: MobileNode;
  mob: Mobility;
  cell: Cell | null;
  up: boolean;
  /** L2 handover in progress towards this cell. */
  switching: boolean;
  predicted: Cell | null;
  predictedAt: number;
  /** §3.5.2 second interface: the first interface's cell, still up after the home address moved (make-before-break). */
  old: Cell | null;
  busy: number;
  /** The MN's link-layer address as two numbers (first four octets, last two) and as one key. */
  llaHi: number;
  llaLo: number;
  /** The MN's record in the measures (no lookup by name per data packet). */
  meas: PerMn;
  /** The last `learn` of this MN's source address at a router (see DataPath.forwardAt). */
  learnAr: AccessRouter | null;
  learnGen: number;
  learnSrc: string;
  /**
   * The data plane's last `learnAt` of this MN's data packets that found (or made) its entry
   * REACHABLE: at which node, that node's table generation after it, for which source. While all
   * three hold, the entry is still so and `learnAt` would answer 0 again (see DataPath.forwardAt).
   */
  dpLearnId: number;
  dpLearnGen: number;
  dpLearnSrc: string;
  /** `cell` as last seen by Links.cellRouter, its router and that router's data-plane node (read per packet without reading the cell). */
  memoCell: Cell | null;
  memoRouter: string | undefined;
  memoId: number;
}

/** An MN's record at the start: detached, its link-layer address as two numbers. */
export function mobileRecord(role: MobileNode, lla: Uint8Array, meas: PerMn, mob: Mobility): MobileState {
  const llaHi = ((lla[0]! << 24) | (lla[1]! << 16) | (lla[2]! << 8) | lla[3]!) >>> 0;
  const llaLo = (lla[4]! << 8) | lla[5]!;
  // Fields in the order a data packet reads them: an object's properties lie in the order they
  // are created, so the hot ones share its first cache lines (campus speed, issue 14).
  return {
    role,
    up: false,
    cell: null,
    memoCell: null,
    memoRouter: undefined,
    memoId: -1,
    old: null,
    busy: 0,
    meas,
    dpLearnId: -1,
    dpLearnGen: 0,
    dpLearnSrc: '',
    learnAr: null,
    learnGen: -1,
    learnSrc: '',
    llaHi,
    llaLo,
    mob,
    switching: false,
    predicted: null,
    predictedAt: 0,
  };
}

/** What a role may know of a router by its name or prefix (Net.routerOfPrefix / routerByName). */
export interface RouterInfo {
  name: string;
  address: string;
  lla: string;
  prefix: string;
}

export class Names {
  /** Who owns each address (a role's `own`, the scenario's nodes). */
  readonly owners = new Map<string, string>();
  /** Addresses an MN will use, by the nAR's `expect`, until someone owns them (the trace's name for them). */
  readonly expectHints = new Map<string, string>();
  /** Which node owns each /64. */
  readonly prefixOwner = new Map<string, string>();
  readonly routerInfo = new Map<string, RouterInfo>();
  readonly mobiles = new Map<string, MobileState>();
  private readonly mnByLla = new Map<string, MobileState>();
  private readonly mnByLlaKey = new Map<number, MobileState>();
  /** The MNs by the last two octets of their link-layer address (checked against the first four), before `mnByLlaKey`. */
  private readonly mnByLlaLo: (MobileState | undefined)[] = new Array<MobileState | undefined>(65536);
  private readonly mnByHome = new Map<string, MobileState>();
  private readonly byIid = new Map<string, string>();

  /** A router, the HA or the CN: the addresses it owns, and the /64s of `prefixesOf` it owns. */
  addNode(name: string, addrs: readonly string[], prefixesOf: readonly string[]): void {
    for (const a of prefixesOf) this.prefixOwner.set(prefix64(a), name);
    for (const a of addrs) this.owners.set(a, name);
  }

  addMobile(name: string, lla: string, home: string, s: MobileState): void {
    this.mobiles.set(name, s);
    if (!this.mnByLlaLo[s.llaLo]) this.mnByLlaLo[s.llaLo] = s;
    this.mnByHome.set(home, s);
    this.mnByLla.set(lla, s);
    this.mnByLlaKey.set(s.llaHi * 65536 + s.llaLo, s);
    this.owners.set(home, name);
  }

  own(node: string, addr: string): void {
    this.owners.set(addr, node);
    this.expectHints.delete(addr);
  }
  disown(node: string, addr: string): void {
    if (this.owners.get(addr) === node) this.owners.delete(addr);
  }
  /** The nAR validated or allocated an address the MN will use: name it in the trace. */
  expect(addr: string, mnLla: string): void {
    const s = this.mnByLla.get(mnLla);
    if (s && !this.owners.has(addr)) this.expectHints.set(addr, s.role.name);
  }
  routerOfPrefix(addr: string): RouterInfo | undefined {
    const n = this.prefixOwner.get(prefix64(addr));
    return n ? this.routerInfo.get(n) : undefined;
  }

  /** The node an address names: its owner, the MN expected to use it, the MN of its interface identifier, its prefix's owner. */
  nodeOf(addr: string): string {
    return (
      this.owners.get(addr) ??
      this.expectHints.get(addr) ??
      this.mnByIid(addr) ??
      this.prefixOwner.get(prefix64(addr)) ??
      addr
    );
  }
  private mnByIid(addr: string): string | undefined {
    if (this.byIid.size === 0)
      for (const s of this.mobiles.values()) this.byIid.set(joinPrefixIid('::/64', s.role.spec.iid), s.role.name);
    return this.byIid.get(joinPrefixIid('::/64', addr));
  }

  /** The MN with this link-layer address. */
  mobileByLla(lla: string): MobileState | undefined {
    return this.mnByLla.get(lla);
  }
  /** The MN with this home address. */
  mobileByHome(home: string): MobileState | undefined {
    return this.mnByHome.get(home);
  }
  /** The MN whose link-layer address is these six octets (the first four as `hi`, the last two as `lo`). */
  mobileByLlaWords(hi: number, lo: number): MobileState | undefined {
    const s = this.mnByLlaLo[lo];
    if (s !== undefined && s.llaHi === hi) return s;
    return this.mnByLlaKey.get(hi * 65536 + lo);
  }
}
