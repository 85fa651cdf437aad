// The engine worker's message handler, DOM-free so Node tests can drive it exactly as the page's
// worker does (tests/fuzz/worker.test.ts throws garbage at it). core/worker.ts only wires it to
// `self`. Every message is checked first (core/protocol.ts `checkRequest`); a bad one gets an
// error reply naming the field and what was expected, and changes nothing. Requests are handled
// one at a time in arrival order, so a move can never overtake the load it belongs to. The
// handler never throws: an engine error becomes an error reply for that request.
import type { PacketCore } from './wasm.ts';
import { Lab, scenarioCatalogue } from './lab.ts';
import { checkRequest, type WhatIf, type Reply, type Request, type ScenarioRef, type Topology } from './protocol.ts';
import type { Micros, TraceRecord } from './trace.ts';

/** What the server needs from an engine run. */
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

export interface EngineServerOptions {
  post: (r: Reply) => void;
  /** A packet core instance; called once for the main run and once per baseline run. */
  loadCore: () => Promise<PacketCore>;
  /** The `crash` test hook: the worker throws outside any handler, as a bug would. */
  onCrash?: () => void;
}

const SLICE_US = 100;

/** A run of a scenario with the page's parameters (the engine validates the scenario and throws a clear error). */
function createEngine(core: PacketCore, scenario: ScenarioRef, seed: number, params: WhatIf | undefined): Engine {
  if (scenario.id !== undefined && scenario.id !== 'skeleton' && !scenarioCatalogue().some((s) => s.id === scenario.id))
    throw new Error(
      `unknown scenario ${JSON.stringify(scenario.id)}: expected one of ${scenarioCatalogue()
        .map((s) => s.id)
        .join(', ')}`,
    );
  return new Lab(core, seed, scenario, params);
}

/** Returns the handler for messages from the page; its promise settles when that message is answered. */
export function engineServer(opts: EngineServerOptions): (data: unknown) => Promise<void> {
  const { post } = opts;
  const core = opts.loadCore();
  // Keep the first core's failure from being an unhandled rejection before a load awaits it.
  core.catch(() => {});
  let lab: Engine | undefined;
  let baseline: Engine | undefined;
  let chain: Promise<void> = Promise.resolve();

  async function handle(req: Request): Promise<void> {
    switch (req.type) {
      case 'catalogue':
        post({ type: 'catalogue', id: req.id, scenarios: scenarioCatalogue() });
        return;
      case 'load': {
        // A failed load leaves no run behind: a later move or advance is "before load", never a
        // half-built world.
        lab = baseline = undefined;
        const main = createEngine(await core, req.scenario, req.seed, req.params);
        // The baseline: standard MIPv6 on the same scenario and movement, unless the run already is.
        const runsFast = (main.scenario?.mobiles ?? []).some((m) => m.mode !== 'mipv6');
        const base =
          req.baseline && runsFast
            ? createEngine(await opts.loadCore(), req.scenario, req.seed, { ...req.params, mode: 'mipv6' })
            : undefined;
        lab = main;
        baseline = base;
        const paths = Object.fromEntries((main.scenario?.mobiles ?? []).map((m) => [m.name, m.path]));
        const topology: Topology = {
          ...main.topology,
          paths,
          ...(main.scenario ? { durationUs: main.scenario.durationUs } : {}),
        };
        post({ type: 'loaded', id: req.id, topology, now: main.time, baseline: base !== undefined });
        return;
      }
      case 'move': {
        if (!lab) throw new Error('move before load: load a scenario first');
        if (!lab.topology.mobiles.some((m) => m.name === req.node))
          throw new Error(
            `unknown mobile node ${JSON.stringify(req.node)} (known: ${lab.topology.mobiles.map((m) => m.name).join(', ')})`,
          );
        // The move happens at its own virtual time (never in the engine's past): both runs get it
        // at the same instant, whatever else the worker was doing when it arrived.
        const before = req.at !== undefined && req.at > lab.time ? lab.advance(req.at) : [];
        const records = before.concat(lab.move(req.node, req.x, req.y));
        const base = baseline ? baseline.advance(lab.time).concat(baseline.move(req.node, req.x, req.y)) : undefined;
        post({ type: 'records', id: req.id, records, now: lab.time, ...(base ? { baseline: base } : {}) });
        return;
      }
      case 'advance': {
        if (!lab) throw new Error('advance before load: load a scenario first');
        let records: TraceRecord[];
        if (req.untilRecord) {
          records = [];
          while (lab.time < req.to && records.length === 0)
            records = lab.advance(Math.min(req.to, lab.time + SLICE_US));
        } else records = lab.advance(req.to);
        const base = baseline?.advance(lab.time);
        post({ type: 'records', id: req.id, records, now: lab.time, ...(base ? { baseline: base } : {}) });
        return;
      }
      case 'crash':
        opts.onCrash?.();
        return;
    }
  }

  return (data) => {
    const checked = checkRequest(data);
    if (!checked.ok) {
      post({ type: 'error', id: checked.id, message: checked.message, where: checked.where });
      return chain;
    }
    const req = checked.request;
    chain = chain.then(() =>
      handle(req).catch((e: unknown) => {
        post({ type: 'error', id: req.id, message: e instanceof Error ? e.message : String(e), where: req.type });
      }),
    );
    return chain;
  };
}
