// From the scenario to what each node is configured with (core/roles/config.ts). The roles never
// see the scenario (eslint.config.js): this is the one place that decides what a node knows at the
// start — its own settings, and for an AR the neighbour table a real AR is configured with.
import type { RouterSpec, Scenario } from '../scenario/schema.ts';
import type { ApNeighbor, ArConfig, MnConfig } from '../roles/config.ts';
import { joinPrefixIid } from '../wire/addr.ts';

/**
 * An AR's configuration. Its neighbour table (§3.1, §4.3) has one row per attachment point it
 * knows: its own cells (an AP bridged to it, §3.1.1 case 2) and those of the ARs named in
 * `caps.neighbors` (every other AR when that is null), each row with that AR's address, LLA,
 * prefix and the capabilities a neighbour needs (config.ts `ApNeighbor`).
 */
export function arConfigOf(sc: Scenario, r: RouterSpec): ArConfig {
  const known = r.caps.neighbors;
  const owners = new Map(sc.routers.filter((x) => !x.apOf).map((x) => [x.name, x]));
  const aps: ApNeighbor[] = [];
  for (const cell of sc.routers) {
    const owner = owners.get(cell.apOf ?? cell.name);
    if (!owner) continue;
    if (owner.name !== r.name && known && !known.includes(owner.name)) continue;
    aps.push({
      apLla: cell.lla,
      router: {
        name: owner.name,
        address: joinPrefixIid(owner.prefix, '::1'),
        lla: owner.lla,
        prefix: owner.prefix,
      },
      caps: {
        fast: owner.caps.fast,
        stateful: owner.caps.stateful,
        buffer: owner.caps.buffer,
        beth: owner.caps.beth,
      },
    });
  }
  return {
    name: r.name,
    lla: r.lla,
    prefix: r.prefix,
    caps: r.caps,
    timers: sc.timers,
    fbackOnOldLink: sc.radio.fbackOnOldLink,
    aps,
  };
}

/** An MN's configuration: its own settings, the timers, its home agent and correspondent ([MIPv6]). */
export function mnConfigOf(sc: Scenario, m: Scenario['mobiles'][number]): MnConfig {
  return {
    name: m.name,
    lla: m.lla,
    iid: m.iid,
    home: m.home,
    mode: m.mode,
    initiation: m.initiation,
    loseFirst: m.loseFirst,
    fbuAfterMove: m.fbuAfterMove,
    obtainNcoaAfterUs: m.obtainNcoaAfterUs,
    interfaces: m.interfaces,
    capabilitiesKnown: m.capabilitiesKnown,
    timers: sc.timers,
    radio: { leadUs: sc.radio.leadUs, l2HandoverUs: sc.radio.l2HandoverUs },
    haAddress: sc.ha.address,
    cnAddress: sc.cn.address,
    bindCn: sc.bindCn,
  };
}
