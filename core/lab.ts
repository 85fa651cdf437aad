// The Lab: the engine as the worker drives it. Loads a scenario (built-in id or inline object) with
// a seed and optional page parameters, takes live movement at the current virtual time, and runs
// virtual time forward, returning the new trace records in order. The whole engine is core/engine/.
import type { PacketCore } from './wasm.ts';
import type { Micros, TraceRecord } from './trace.ts';
import type { HandoverMode, ScenarioInfo, ScenarioRef, Topology, WhatIf, WrittenParams } from './protocol.ts';
import { codecFor } from './wire/codec.ts';
import { startCell } from './radio.ts';
import { World } from './engine/world.ts';
import { resolveScenario } from './engine/run.ts';
import { BUILTIN, builtin } from './scenario/builtin.ts';
import type { Scenario } from './scenario/schema.ts';

/** The built-in scenarios, for the page's picker, each with its own values as written. */
export function scenarioCatalogue(): ScenarioInfo[] {
  return BUILTIN.map((s) => ({
    id: String(s.id),
    title: String(s.title),
    description: String(s.description ?? ''),
    written: writtenParams(resolveScenario(structuredClone(s))),
  }));
}

/** The one value every item gives, or null when they differ (or there are none). */
function same<T>(values: readonly T[]): T | null {
  if (values.length === 0) return null;
  return values.every((v) => v === values[0]) ? values[0]! : null;
}

/** Mobiles that are attackers of §8 (security.attacks[].node): "what if" changes leave them alone. */
function attackers(s: { security?: { attacks?: { node?: unknown }[] } }): Set<unknown> {
  return new Set((s.security?.attacks ?? []).map((a) => a.node));
}

/**
 * What a scenario runs, in the page's terms: the handover mode its MN and routers are configured
 * for, and the parameters, each `null` where it varies inside the scenario. The mode is the MN's
 * (the first mobile that is not an attacker): standard MIPv6, tunnel-based (every router with
 * BETH) or anticipated with its initiation, stateful when a router allocates nCoAs (§3.1.4);
 * null for a mix (the §4 mosaic: BETH and anticipated routers on one path).
 */
export function writtenParams(sc: Scenario): WrittenParams {
  const bad = attackers(sc);
  const mn = sc.mobiles.find((m) => !bad.has(m.name));
  const routers = sc.routers.filter((r) => r.apOf === null);
  let mode: HandoverMode | null = null;
  if (mn?.mode === 'mipv6') mode = 'mipv6';
  else if (mn?.mode === 'beth') mode = routers.every((r) => r.caps.beth) ? 'beth' : null;
  else if (mn?.mode === 'fast' && routers.every((r) => !r.caps.beth && r.caps.fast)) {
    const stateful = routers.some((r) => r.caps.stateful);
    mode = `anticipated-${mn.initiation}-${stateful ? 'stateful' : 'stateless'}`;
  }
  const names = new Set(sc.routers.map((r) => r.name));
  return {
    mode,
    wiredDelayUs: same(sc.links.filter((l) => names.has(l.a) && names.has(l.b)).map((l) => l.delayUs)),
    l2HandoverUs: sc.radio.l2HandoverUs,
    raMinUs: sc.timers.raMinUs,
    raMaxUs: sc.timers.raMaxUs,
    buffering: same(sc.routers.map((r) => r.caps.buffer)),
    bufferPackets: same(sc.routers.map((r) => r.caps.bufferPackets)),
  };
}

/**
 * Applies "what if" changes over a scenario object (before validation). Only the keys given
 * change anything: no key, the scenario as written. A mode applies to the MN(s) and the routers
 * alike, never to a §8 attacker: standard MIPv6 = the MN does RFC 3775 only (mobile initiation,
 * so no router starts a fast handover for it); anticipated = routers without BETH, the MN fast
 * with that initiation, every router stateful or not (§3.1.3/§3.1.4); tunnel-based = every router
 * with BETH, the MN keeping its CoA (§3.2).
 */
export function applyParams(input: unknown, p: WhatIf): unknown {
  const s = structuredClone(input) as Record<string, unknown> & {
    routers?: Record<string, unknown>[];
    mobiles?: Record<string, unknown>[];
    links?: Record<string, unknown>[];
    security?: { attacks?: { node?: unknown }[] };
  };
  const routerNames = new Set((s.routers ?? []).map((r) => r.name));
  if (p.wiredDelayUs !== undefined)
    for (const l of s.links ?? []) if (routerNames.has(l.a) && routerNames.has(l.b)) l.delayUs = p.wiredDelayUs;
  if (p.l2HandoverUs !== undefined) s.radio = { ...((s.radio as object) ?? {}), l2HandoverUs: p.l2HandoverUs };
  if (p.raMinUs !== undefined || p.raMaxUs !== undefined)
    s.timers = {
      ...((s.timers as object) ?? {}),
      ...(p.raMinUs !== undefined ? { raMinUs: p.raMinUs } : {}),
      ...(p.raMaxUs !== undefined ? { raMaxUs: p.raMaxUs } : {}),
    };
  const mode = p.mode;
  for (const r of s.routers ?? []) {
    const caps = { ...((r.caps as object) ?? {}) } as Record<string, unknown>;
    if (p.buffering !== undefined) caps.buffer = p.buffering;
    if (p.bufferPackets !== undefined) caps.bufferPackets = p.bufferPackets;
    if (mode?.startsWith('anticipated')) {
      caps.fast = true;
      caps.beth = false;
      caps.stateful = mode.endsWith('-stateful');
    } else if (mode === 'beth') caps.beth = true;
    r.caps = caps;
  }
  const bad = attackers(s);
  for (const m of s.mobiles ?? []) {
    if (mode === undefined || bad.has(m.name)) continue;
    if (mode === 'mipv6') {
      m.mode = 'mipv6';
      m.initiation = 'mobile';
    } else if (mode.startsWith('anticipated')) {
      m.mode = 'fast';
      m.initiation = mode.startsWith('anticipated-mobile') ? 'mobile' : 'network';
    } else if (mode === 'beth') m.mode = 'beth';
  }
  return s;
}

export function topologyOf(sc: Scenario): Topology {
  const bad = attackers(sc);
  return {
    width: sc.width,
    height: sc.height,
    routers: sc.routers.map((r) => ({ name: r.name, x: r.x, y: r.y, radius: r.radius, prefix: r.prefix, lla: r.lla })),
    mobiles: sc.mobiles.map((m) => {
      const at0 = startCell(sc, m);
      return {
        name: m.name,
        x: m.x,
        y: m.y,
        ...(bad.has(m.name) ? { attacker: true } : {}),
        ...(at0 ? { startsOn: at0.name } : {}),
      };
    }),
    links: sc.links.map((l) => ({ a: l.a, b: l.b, delayUs: l.delayUs })),
    hosts: [
      { name: sc.ha.name, kind: 'HA', x: sc.width * 0.35, y: 16, address: sc.ha.address },
      { name: sc.cn.name, kind: 'CN', x: sc.width * 0.65, y: 16, address: sc.cn.address },
    ],
  };
}

export class Lab {
  readonly topology: Topology;
  readonly scenario: Scenario;
  readonly world: World;

  /**
   * `scenario`: a built-in id (the skeleton's "skeleton" is Figure 3's world) or `{ inline }`;
   * `params`: "what if" changes over it (none: the scenario exactly as written).
   * Throws an Error naming the bad field (path and what was expected) for an invalid scenario.
   */
  constructor(core: PacketCore, seed: number, scenario: ScenarioRef | string = 'fig3', params?: WhatIf) {
    const ref = typeof scenario === 'string' ? { id: scenario } : scenario;
    let input: unknown =
      ref.inline ?? builtin(ref.id === 'skeleton' || ref.id === undefined ? 'fig3' : ref.id) ?? ref.id;
    if (params && Object.keys(params).length > 0) input = applyParams(input, params);
    this.scenario = resolveScenario(input);
    this.world = new World(this.scenario, codecFor(core), { seed, trace: true });
    this.world.start();
    this.topology = topologyOf(this.scenario);
  }

  get time(): Micros {
    return this.world.now;
  }

  private drain(): TraceRecord[] {
    return this.world.records.splice(0);
  }

  /** Live movement input at the current virtual time. Returns the records it causes at once. */
  move(node: string, x: number, y: number): TraceRecord[] {
    this.world.move(node, x, y);
    return this.drain();
  }

  /** Run virtual time forward to `to`, returning the records of the events on the way, in order. */
  advance(to: Micros): TraceRecord[] {
    if (to > this.world.now) this.world.runUntil(to);
    return this.drain();
  }
}
