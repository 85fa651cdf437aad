// The engine's Web Worker. DOM-free: it receives requests, drives the engine, posts records.
// The message handler is registered synchronously (a module worker that awaits before setting
// onmessage loses its first message — STACK.md) and awaits the packet core inside.
//
// `createEngine` and `catalogue` are the one place where the worker meets the engine's facade
// (core/lab.ts): the rest of this file only speaks the protocol.
/// <reference lib="webworker" />
import { loadPacketCore, type PacketCore } from './wasm.ts';
import { Lab, scenarioCatalogue } from './lab.ts';
import {
  isRequest,
  type WhatIf,
  type Reply,
  type Request,
  type ScenarioInfo,
  type ScenarioRef,
  type Topology,
} from './protocol.ts';
import type { Micros, TraceRecord } from './trace.ts';

/** What the worker needs from an engine run. */
interface Engine {
  readonly topology: Topology;
  readonly scenario?: {
    durationUs: Micros;
    mobiles: { name: string; mode: string; path: { t: Micros; x: number; y: number }[] }[];
  };
  readonly time: Micros;
  move(node: string, x: number, y: number): TraceRecord[];
  advance(to: Micros): TraceRecord[];
}

/** Built-in scenarios the page may load (the engine's catalogue). */
function catalogue(): ScenarioInfo[] {
  return scenarioCatalogue();
}

/** A run of a scenario with the page's parameters (the engine validates the scenario and throws a clear error). */
function createEngine(core: PacketCore, scenario: ScenarioRef, seed: number, params: WhatIf | undefined): Engine {
  if (scenario.id !== undefined && scenario.id !== 'skeleton' && !catalogue().some((s) => s.id === scenario.id))
    throw new Error(
      `unknown scenario "${scenario.id}": expected one of ${catalogue()
        .map((s) => s.id)
        .join(', ')}`,
    );
  return new Lab(core, seed, scenario, params);
}
/** Whether the engine runs a standard-MIPv6 baseline beside the chosen mode. */
const supportsModes = true;

const scope = self as unknown as DedicatedWorkerGlobalScope;
const core = loadPacketCore();
let lab: Engine | undefined;
let baseline: Engine | undefined;

function reply(r: Reply): void {
  scope.postMessage(r);
}

const SLICE_US = 100;

async function handle(req: Request): Promise<void> {
  switch (req.type) {
    case 'catalogue':
      reply({ type: 'catalogue', id: req.id, scenarios: catalogue() });
      return;
    case 'load': {
      const c = await core;
      lab = createEngine(c, req.scenario, req.seed, req.params);
      // The baseline: standard MIPv6 on the same scenario and movement, unless the run already is.
      const runsFast = (lab.scenario?.mobiles ?? []).some((m) => m.mode !== 'mipv6');
      baseline =
        supportsModes && req.baseline && runsFast
          ? createEngine(await loadPacketCore(), req.scenario, req.seed, { ...req.params, mode: 'mipv6' })
          : undefined;
      const paths = Object.fromEntries((lab.scenario?.mobiles ?? []).map((m) => [m.name, m.path]));
      const topology: Topology = {
        ...lab.topology,
        paths,
        ...(lab.scenario ? { durationUs: lab.scenario.durationUs } : {}),
      };
      reply({ type: 'loaded', id: req.id, topology, now: lab.time, baseline: baseline !== undefined });
      return;
    }
    case 'move': {
      if (!lab) throw new Error('move before load');
      // The move happens at its own virtual time (never in the engine's past): both runs get it
      // at the same instant, whatever else the worker was doing when it arrived.
      const before = req.at !== undefined && req.at > lab.time ? lab.advance(req.at) : [];
      const records = before.concat(lab.move(req.node, req.x, req.y));
      const base = baseline ? baseline.advance(lab.time).concat(baseline.move(req.node, req.x, req.y)) : undefined;
      reply({ type: 'records', id: req.id, records, now: lab.time, ...(base ? { baseline: base } : {}) });
      return;
    }
    case 'advance': {
      if (!lab) throw new Error('advance before load');
      let records: TraceRecord[];
      if (req.untilRecord) {
        records = [];
        while (lab.time < req.to && records.length === 0) records = lab.advance(Math.min(req.to, lab.time + SLICE_US));
      } else records = lab.advance(req.to);
      const base = baseline?.advance(lab.time);
      reply({ type: 'records', id: req.id, records, now: lab.time, ...(base ? { baseline: base } : {}) });
      return;
    }
    case 'crash':
      // Thrown outside any handler, as a bug would be: the page sees the worker's error event.
      setTimeout(() => {
        throw new Error('engine crash requested by a test');
      });
      return;
  }
}

scope.onmessage = (ev: MessageEvent<unknown>) => {
  const data = ev.data;
  if (!isRequest(data)) {
    const id = typeof (data as { id?: unknown })?.id === 'number' ? (data as { id: number }).id : -1;
    reply({ type: 'error', id, message: 'malformed request to the engine worker', where: 'worker' });
    return;
  }
  handle(data).catch((e: unknown) => {
    reply({ type: 'error', id: data.id, message: e instanceof Error ? e.message : String(e), where: data.type });
  });
};
