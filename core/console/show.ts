// `show …`: the state of the run at the cursor as aligned tables, in a router's `show` style.
// Every table is read from `stateAt(trace, cursor)` (core/state.ts, engineer B) — the same fold
// the page's State panel and the lessons read — never from the console's own bookkeeping.
import type { Micros } from '../trace.ts';
import type { ConsoleSession } from './session.ts';
import { ms, table } from './format.ts';
import { stateOf, type WorldView } from './state.ts';

const exp = (lifetime: number | undefined, expires: Micros | undefined): [string, string] => [
  lifetime === undefined ? '-' : `${lifetime} s`,
  expires === undefined ? '-' : ms(expires),
];

/** Nodes of the run in the order the topology lists them, then any other the state names. */
function nodeOrder(s: ConsoleSession, w: WorldView): string[] {
  const t = s.topology!;
  const known = [
    ...t.mobiles.map((m) => m.name),
    ...t.routers.map((r) => r.name),
    ...(t.hosts ?? []).map((h) => h.name),
  ];
  return [...known, ...Object.keys(w.nodes).filter((n) => !known.includes(n))];
}

function empty(what: string, t: Micros): string[] {
  return [`no ${what} at ${ms(t)}`];
}

export function showLines(what: string, node: string | undefined, s: ConsoleSession): string[] {
  const t = s.cursor;
  const w = stateOf(s.records(), t);
  const at = (n: string) =>
    w.nodes[n] ?? { machines: {}, neighbors: [], bindings: [], routes: [], tunnels: [], buffers: [] };
  const topo = s.topology!;
  switch (what) {
    case 'nodes': {
      const rows = nodeOrder(s, w).map((n) => {
        const r = topo.routers.find((x) => x.name === n);
        const h = topo.hosts?.find((x) => x.name === n);
        const m = topo.mobiles.find((x) => x.name === n);
        const role = r ? 'AR' : h ? h.kind : m ? 'MN' : '?';
        const addr = r ? r.prefix : h ? h.address : '';
        // The node's own machine (named after it) first, else every machine it runs.
        const ms2 = at(n).machines;
        const own = ms2[n]?.state;
        const states =
          own ??
          Object.values(ms2)
            .map((x) => x.state)
            .join(', ');
        return [n, role, addr, states || '-'];
      });
      return [`nodes at ${ms(t)}`, ...table(['NODE', 'ROLE', 'PREFIX/ADDRESS', 'STATE'], rows)];
    }
    case 'neighbors': {
      const n = at(node!).neighbors;
      if (n.length === 0) return empty(`neighbor cache entries on ${node}`, t);
      return [
        `${node} neighbor cache (§7) at ${ms(t)}`,
        ...table(
          ['IPV6 ADDRESS', 'LINK-LAYER ADDR', 'STATE', 'AGE'],
          n.map((e) => [e.addr, e.lla || '-', e.state, ms(t - e.since)]),
        ),
      ];
    }
    case 'routes': {
      const n = at(node!).routes;
      if (n.length === 0) return empty(`host routes on ${node}`, t);
      return [
        `${node} host routes at ${ms(t)}`,
        ...table(
          ['DESTINATION', 'VIA'],
          n.map((e) => [e.dest, e.via]),
        ),
      ];
    }
    case 'tunnels': {
      const rows: string[][] = [];
      for (const n of nodeOrder(s, w))
        for (const e of at(n).tunnels)
          rows.push([n, e.peer, e.kind, e.addr, e.peerAddr, ...exp(e.lifetime, e.expires)]);
      if (rows.length === 0) return empty('tunnels', t);
      return [
        `tunnels at ${ms(t)}`,
        ...table(['NODE', 'PEER', 'KIND', 'FOR', 'PEER ADDRESS', 'LIFETIME', 'EXPIRES'], rows),
      ];
    }
    case 'bindings': {
      const rows: string[][] = [];
      for (const n of nodeOrder(s, w))
        for (const e of at(n).bindings) rows.push([n, e.home, e.careOf, ...exp(e.lifetime, e.expires)]);
      if (rows.length === 0) return empty('bindings', t);
      return [
        `bindings at ${ms(t)}`,
        ...table(['NODE', 'HOME ADDRESS', 'CARE-OF ADDRESS', 'LIFETIME', 'EXPIRES'], rows),
      ];
    }
    case 'buffers': {
      const rows: string[][] = [];
      for (const n of nodeOrder(s, w))
        for (const e of at(n).buffers) rows.push([n, e.owner, e.addr, e.on ? 'on' : 'off', String(e.depth)]);
      if (rows.length === 0) return empty('buffers', t);
      return [`buffers at ${ms(t)}`, ...table(['NODE', 'FOR', 'ADDRESS', 'BUFFERING', 'HELD'], rows)];
    }
    case 'state': {
      const m = Object.entries(at(node!).machines).sort(([a], [b]) => a.localeCompare(b));
      if (m.length === 0) return empty(`protocol machines on ${node}`, t);
      return [
        `${node} protocol machines at ${ms(t)}`,
        ...table(
          ['MACHINE', 'STATE', 'SINCE', 'WHY'],
          m.map(([k, v]) => [
            k,
            v.state,
            ms(v.since),
            v.why ? `${v.why.text}${v.why.section ? ` (${v.why.section})` : ''}` : '',
          ]),
        ),
      ];
    }
  }
  return [`show: no table "${what}"`];
}
