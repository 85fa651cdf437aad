// The one typed protocol between the page and the engine's Web Worker (svelte.dev's REPL
// worker client is the model). Every request carries an id; every reply names the id it
// answers, so the client can drop stale replies. The page owns wall-clock time: it asks the
// worker to advance virtual time; core/ never reads a clock.
import type { Micros, TraceRecord } from './trace.ts';

export interface ScenarioRef {
  /** A built-in scenario id (e.g. "skeleton") or an inline scenario object. */
  id?: string;
  inline?: unknown;
}

export type Request =
  | { type: 'load'; id: number; scenario: ScenarioRef; seed: number }
  | { type: 'move'; id: number; node: string; x: number; y: number }
  | { type: 'advance'; id: number; to: Micros };

export type Reply =
  | { type: 'loaded'; id: number; topology: Topology; now: Micros }
  | { type: 'records'; id: number; records: TraceRecord[]; now: Micros }
  | { type: 'error'; id: number; message: string; where?: string };

/** What the page needs to draw the world; derived from the scenario by the engine. */
export interface Topology {
  routers: { name: string; x: number; y: number; radius: number; prefix: string; lla: string }[];
  mobiles: { name: string; x: number; y: number }[];
  links: { a: string; b: string; delayUs: number }[];
  /** Width and height of the world, in metres. */
  width: number;
  height: number;
}

export function isRequest(v: unknown): v is Request {
  if (typeof v !== 'object' || v === null) return false;
  const m = v as Record<string, unknown>;
  if (typeof m.id !== 'number') return false;
  switch (m.type) {
    case 'load':
      return typeof m.seed === 'number' && typeof m.scenario === 'object' && m.scenario !== null;
    case 'move':
      return typeof m.node === 'string' && Number.isFinite(m.x) && Number.isFinite(m.y);
    case 'advance':
      return Number.isInteger(m.to) && (m.to as number) >= 0;
    default:
      return false;
  }
}
