// The Lab: the engine as the worker drives it. Loads a scenario (built-in id or inline object) with
// a seed and optional page parameters, takes live movement at the current virtual time, and runs
// virtual time forward, returning the new trace records in order. The whole engine is core/engine/.
import type { PacketCore } from './wasm.ts';
import type { Micros, TraceRecord } from './trace.ts';
import type { LabParams, ScenarioInfo, ScenarioRef, Topology } from './protocol.ts';
import { codecFor } from './wire/codec.ts';
import { World } from './engine/world.ts';
import { resolveScenario } from './engine/run.ts';
import { BUILTIN, builtin } from './scenario/builtin.ts';
import type { Scenario } from './scenario/schema.ts';

/** The built-in scenarios, for the page's picker. */
export function scenarioCatalogue(): ScenarioInfo[] {
  return BUILTIN.map((s) => ({ id: String(s.id), title: String(s.title), description: String(s.description ?? '') }));
}

/** Applies the page's parameters over a scenario object (before validation). */
export function applyParams(input: unknown, p: LabParams): unknown {
  const s = structuredClone(input) as Record<string, unknown> & {
    routers?: Record<string, unknown>[];
    mobiles?: Record<string, unknown>[];
    links?: Record<string, unknown>[];
  };
  const routerNames = new Set((s.routers ?? []).map((r) => r.name));
  for (const l of s.links ?? []) if (routerNames.has(l.a) && routerNames.has(l.b)) l.delayUs = p.wiredDelayUs;
  s.radio = { ...((s.radio as object) ?? {}), l2HandoverUs: p.l2HandoverUs };
  s.timers = { ...((s.timers as object) ?? {}), raMinUs: p.raMinUs, raMaxUs: p.raMaxUs };
  const stateful = p.mode.endsWith('-stateful');
  for (const r of s.routers ?? []) {
    const caps = { ...((r.caps as object) ?? {}), buffer: p.buffering, bufferPackets: p.bufferPackets } as Record<
      string,
      unknown
    >;
    if (p.mode.startsWith('anticipated')) caps.stateful = stateful;
    // §3.2: in the tunnel-based mode every router hands the MN over with BETs.
    if (p.mode === 'beth') caps.beth = true;
    r.caps = caps;
  }
  for (const m of s.mobiles ?? []) {
    if (p.mode === 'mipv6') m.mode = 'mipv6';
    else if (p.mode.startsWith('anticipated')) {
      m.mode = 'fast';
      m.initiation = p.mode.startsWith('anticipated-mobile') ? 'mobile' : 'network';
    } else if (p.mode === 'beth') m.mode = 'beth';
  }
  return s;
}

export function topologyOf(sc: Scenario): Topology {
  return {
    width: sc.width,
    height: sc.height,
    routers: sc.routers.map((r) => ({ name: r.name, x: r.x, y: r.y, radius: r.radius, prefix: r.prefix, lla: r.lla })),
    mobiles: sc.mobiles.map((m) => ({ name: m.name, x: m.x, y: m.y })),
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
   * `scenario`: a built-in id (the skeleton's "skeleton" is Figure 3's world) or `{ inline }`.
   * Throws an Error naming the bad field (path and what was expected) for an invalid scenario.
   */
  constructor(core: PacketCore, seed: number, scenario: ScenarioRef | string = 'fig3', params?: LabParams) {
    const ref = typeof scenario === 'string' ? { id: scenario } : scenario;
    let input: unknown =
      ref.inline ?? builtin(ref.id === 'skeleton' || ref.id === undefined ? 'fig3' : ref.id) ?? ref.id;
    if (params) input = applyParams(input, params);
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
