// The engine's state at any time of a run, from the trace alone: one pure fold of the typed state
// records (core/trace.ts: state, neighbor, binding, route, tunnel, queue) up to a time into every
// node's tables — its role machines, neighbor cache (§7), binding cache ([MIPv6]), host routes
// (§3.1.3), tunnels and BETs (§3.1.5, §3.3) and buffers (§5.2.1). The console's `show`, lesson
// checks and the State panel read it; tests/engine/state.test.ts checks that it equals the
// engine's live state (World.live()) at random instants. Documented in docs/trace.md.
import { initialState } from './roles/machines.ts';
import type { Micros, NeighborState, NodeName, TraceRecord, TunnelKind, Why } from './trace.ts';

export interface MachineState {
  state: string;
  /** When the machine entered it (µs). */
  since: Micros;
  /** The state it left (its table's row is `transitionRow(machine, from, state, why.section)`). */
  from?: string;
  /** The reason of the transition that led here (its section in `why.section`). */
  why?: Why;
}
export interface NeighborEntry {
  addr: string;
  lla: string;
  state: NeighborState;
  since: Micros;
}
export interface BindingEntry {
  home: string;
  careOf: string;
  /** Seconds, as registered; absent: no expiry. */
  lifetime?: number;
  expires?: Micros;
}
export interface RouteEntry {
  dest: string;
  via: string;
}
export interface TunnelEntry {
  /** Packets to this address (from it, for `reverse` and `bet-reverse`) go in the tunnel. */
  addr: string;
  peer: NodeName;
  peerAddr: string;
  kind: TunnelKind;
  lifetime?: number;
  expires?: Micros;
}
export interface BufferEntry {
  addr: string;
  owner: NodeName;
  /** Buffering is on for this address (an HI with U, §5.2.1; a BET's smoothing). */
  on: boolean;
  depth: number;
}
export interface NodeState {
  machines: Record<string, MachineState>;
  neighbors: NeighborEntry[];
  bindings: BindingEntry[];
  routes: RouteEntry[];
  tunnels: TunnelEntry[];
  buffers: BufferEntry[];
}
export interface WorldState {
  t: Micros;
  nodes: Record<NodeName, NodeState>;
}

/** The state a machine is in before its first record: its table's initial state (core/roles/machines.ts). */
export { initialState };

/** Forward tunnels (`tunnel`, `bet`) share one entry per address, so do the reverse ones; bicasts are their own. */
function tunnelSlot(kind: TunnelKind): string {
  return kind === 'tunnel' || kind === 'bet' ? 'fwd' : kind === 'bicast' ? 'bicast' : 'rev';
}

function emptyNode(): NodeState {
  return { machines: {}, neighbors: [], bindings: [], routes: [], tunnels: [], buffers: [] };
}

/** Tables of every node after every record with `r.t <= t` (records in trace order). Pure. */
export function stateAt(records: readonly TraceRecord[], t: Micros): WorldState {
  const machines = new Map<NodeName, Map<string, MachineState>>();
  const neighbors = new Map<string, NeighborEntry & { node: NodeName }>();
  const bindings = new Map<string, BindingEntry & { node: NodeName }>();
  const routes = new Map<string, RouteEntry & { node: NodeName }>();
  const tunnels = new Map<string, TunnelEntry & { node: NodeName }>();
  const buffers = new Map<string, BufferEntry & { node: NodeName }>();
  const nodes = new Set<NodeName>();
  for (const r of records) {
    if (r.t > t) break;
    switch (r.kind) {
      case 'state': {
        nodes.add(r.node);
        let m = machines.get(r.node);
        if (!m) machines.set(r.node, (m = new Map()));
        m.set(r.machine, { state: r.to, from: r.from, since: r.t, why: r.why });
        break;
      }
      case 'neighbor': {
        nodes.add(r.node);
        const k = `${r.node}|${r.addr}`;
        if (r.state === 'deleted') neighbors.delete(k);
        else {
          const was = neighbors.get(k);
          const since = was && was.state === r.state && was.lla === r.lla ? was.since : r.t;
          neighbors.set(k, { node: r.node, addr: r.addr, lla: r.lla, state: r.state, since });
        }
        break;
      }
      case 'binding': {
        nodes.add(r.node);
        const k = `${r.node}|${r.home}`;
        if (r.lifetime === 0) bindings.delete(k);
        else {
          const b: BindingEntry & { node: NodeName } = { node: r.node, home: r.home, careOf: r.careOf };
          if (r.lifetime !== undefined) b.lifetime = r.lifetime;
          if (r.expires !== undefined) b.expires = r.expires;
          bindings.set(k, b);
        }
        break;
      }
      case 'route': {
        nodes.add(r.node);
        const k = `${r.node}|${r.dest}`;
        if (r.action === 'remove') routes.delete(k);
        else routes.set(k, { node: r.node, dest: r.dest, via: r.via });
        break;
      }
      case 'tunnel': {
        nodes.add(r.node);
        const k = `${r.node}|${tunnelSlot(r.type)}|${r.addr}`;
        if (r.action === 'down') tunnels.delete(k);
        else {
          const e: TunnelEntry & { node: NodeName } = {
            node: r.node,
            addr: r.addr,
            peer: r.peer,
            peerAddr: r.peerAddr,
            kind: r.type,
          };
          if (r.lifetime !== undefined) e.lifetime = r.lifetime;
          if (r.expires !== undefined) e.expires = r.expires;
          tunnels.set(k, e);
        }
        break;
      }
      case 'queue': {
        nodes.add(r.node);
        const k = `${r.node}|${r.addr}`;
        if (!r.on && r.depth === 0) buffers.delete(k);
        else buffers.set(k, { node: r.node, addr: r.addr, owner: r.owner, on: r.on, depth: r.depth });
        break;
      }
      default:
        break;
    }
  }
  const out: WorldState = { t, nodes: {} };
  const node = (n: NodeName): NodeState => (out.nodes[n] ??= emptyNode());
  for (const n of nodes) node(n);
  for (const [n, m] of machines) for (const [name, s] of m) node(n).machines[name] = s;
  const strip = <T extends { node: NodeName }>(e: T): Omit<T, 'node'> => {
    const { node: _n, ...rest } = e;
    return rest;
  };
  // Expired entries are gone at `t` (the data plane treats now >= expiry as expired).
  const live = (e: { expires?: Micros }) => e.expires === undefined || e.expires > t;
  for (const e of neighbors.values()) node(e.node).neighbors.push(strip(e));
  for (const e of bindings.values()) if (live(e)) node(e.node).bindings.push(strip(e));
  for (const e of routes.values()) node(e.node).routes.push(strip(e));
  for (const e of tunnels.values()) if (live(e)) node(e.node).tunnels.push(strip(e));
  for (const e of buffers.values()) node(e.node).buffers.push(strip(e));
  return out;
}

/** The machine's state in `s` (its initial state when it has no record yet). */
export function machineState(s: NodeState | undefined, machine: string): string {
  return s?.machines[machine]?.state ?? initialState(machine);
}

/** The state tables as text, one block per node (`npm run sim -- X --state-at T`, the console's `show`). */
export function formatState(w: WorldState): string {
  const us = (x: Micros) => `${(x / 1000).toFixed(3)} ms`;
  const lines: string[] = [`state at ${us(w.t)}`];
  for (const name of Object.keys(w.nodes).sort()) {
    const n = w.nodes[name]!;
    lines.push('', `${name}`);
    const ms = Object.entries(n.machines).sort(([a], [b]) => a.localeCompare(b));
    if (ms.length > 0) {
      lines.push('  machines');
      for (const [m, s] of ms)
        lines.push(
          `    ${m.padEnd(34)} ${s.state.padEnd(14)} since ${us(s.since)}${s.why ? `  ${s.why.text}${s.why.section ? ` (${s.why.section})` : ''}` : ''}`,
        );
    }
    if (n.neighbors.length > 0) {
      lines.push('  neighbor cache (§7)');
      for (const e of n.neighbors) lines.push(`    ${e.addr.padEnd(28)} ${e.lla}  ${e.state}`);
    }
    if (n.bindings.length > 0) {
      lines.push('  binding cache');
      for (const b of n.bindings)
        lines.push(
          `    ${b.home.padEnd(28)} → ${b.careOf.padEnd(28)} ${b.lifetime === undefined ? 'no expiry' : `${b.lifetime} s, until ${us(b.expires ?? 0)}`}`,
        );
    }
    if (n.routes.length > 0) {
      lines.push('  host routes');
      for (const r of n.routes) lines.push(`    ${r.dest.padEnd(28)} via ${r.via}`);
    }
    if (n.tunnels.length > 0) {
      lines.push('  tunnels');
      for (const x of n.tunnels)
        lines.push(
          `    ${x.kind.padEnd(12)} ${x.kind.endsWith('reverse') ? 'from' : 'to'} ${x.addr.padEnd(28)} → ${x.peer} (${x.peerAddr})${x.lifetime === undefined ? '' : `, ${x.lifetime} s, until ${us(x.expires ?? 0)}`}`,
        );
    }
    if (n.buffers.length > 0) {
      lines.push('  buffers');
      for (const b of n.buffers)
        lines.push(`    ${b.addr.padEnd(28)} (${b.owner}) ${b.on ? 'buffering' : 'not buffering'}, ${b.depth} held`);
    }
  }
  return lines.join('\n');
}
