// The one place the console reads the run's state: stateAt (core/state.ts, engineer B).
// Until it is on this branch, `show` says so in one line.
import type { Micros, TraceRecord } from '../trace.ts';

export interface WorldView {
  t: Micros;
  nodes: Record<
    string,
    {
      machines: Record<string, { state: string; since: Micros; why?: { text: string; section?: string } }>;
      neighbors: { addr: string; lla: string; state: string; since: Micros }[];
      bindings: { home: string; careOf: string; lifetime?: number; expires?: Micros }[];
      routes: { dest: string; via: string }[];
      tunnels: { addr: string; peer: string; peerAddr: string; kind: string; lifetime?: number; expires?: Micros }[];
      buffers: { addr: string; owner: string; on: boolean; depth: number }[];
    }
  >;
}

export function stateOf(records: readonly TraceRecord[], t: Micros): WorldView {
  void records;
  void t;
  throw new Error('the state tables need stateAt (core/state.ts), not on this branch yet');
}
