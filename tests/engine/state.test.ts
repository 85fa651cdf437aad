// stateAt (core/state.ts) against the engine: for random built-in scenarios, seeds and live
// movements, the fold of the trace up to a random instant t equals the engine's live state at t
// (World.live: the roles' machines and the data plane's tables), table by table.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { builtinIds } from '../../core/scenario/builtin.ts';
import { codec, resolveScenario } from '../../core/engine/run.ts';
import { World, type LiveState } from '../../core/engine/world.ts';
import { initialState, machineState, stateAt, type WorldState } from '../../core/state.ts';
import { run } from './helpers.ts';

type Tables = Record<string, Record<string, string[]>>;

/** Both sides as sorted lines per node and table (a node with nothing in a table has an empty list). */
function fromFold(w: WorldState, live: LiveState): Tables {
  const out: Tables = {};
  const names = new Set([...Object.keys(w.nodes), ...Object.keys(live.nodes)]);
  for (const n of names) {
    const s = w.nodes[n];
    const machines = new Set([...Object.keys(s?.machines ?? {}), ...Object.keys(live.nodes[n]?.machines ?? {})]);
    out[n] = {
      machines: [...machines].map((m) => `${m} ${machineState(s, m)}`).sort(),
      neighbors: (s?.neighbors ?? []).map((e) => `${e.addr} ${e.lla} ${e.state}`).sort(),
      bindings: (s?.bindings ?? [])
        .map((b) => `${b.home}→${b.careOf}${n === 'CN' ? '' : ` ${b.expires ?? '∞'}`}`)
        .sort(),
      routes: (s?.routes ?? []).map((r) => `${r.dest} via ${r.via}`).sort(),
      tunnels: (s?.tunnels ?? []).map((x) => `${x.kind} ${x.addr}→${x.peerAddr} ${x.expires ?? '∞'}`).sort(),
      buffers: (s?.buffers ?? []).map((b) => `${b.addr} ${b.on ? 'on' : 'off'} ${b.depth}`).sort(),
    };
  }
  return out;
}
function fromLive(live: LiveState, w: WorldState): Tables {
  const out: Tables = {};
  const names = new Set([...Object.keys(w.nodes), ...Object.keys(live.nodes)]);
  for (const n of names) {
    const s = live.nodes[n];
    const machines = new Set([...Object.keys(w.nodes[n]?.machines ?? {}), ...Object.keys(s?.machines ?? {})]);
    out[n] = {
      machines: [...machines].map((m) => `${m} ${s?.machines[m] ?? initialState(m)}`).sort(),
      neighbors: (s?.neighbors ?? []).map((e) => `${e.addr} ${e.lla} ${e.state}`).sort(),
      bindings: (s?.bindings ?? [])
        .map((b) => `${b.home}→${b.careOf}${n === 'CN' ? '' : ` ${b.expires ?? '∞'}`}`)
        .sort(),
      routes: (s?.routes ?? []).map((r) => `${r.dest} via ${r.via}`).sort(),
      tunnels: (s?.tunnels ?? []).map((x) => `${x.kind} ${x.addr}→${x.peerAddr} ${x.expires ?? '∞'}`).sort(),
      buffers: (s?.buffers ?? []).map((b) => `${b.addr} ${b.on ? 'on' : 'off'} ${b.depth}`).sort(),
    };
  }
  return out;
}

function compare(w: World, where: string): void {
  const live = w.live();
  const fold = stateAt(w.records, w.now);
  const a = fromFold(fold, live);
  const b = fromLive(live, fold);
  for (const n of Object.keys(b))
    for (const table of Object.keys(b[n]!)) expect(a[n]![table], `${where}: ${n} ${table}`).toEqual(b[n]![table]);
}

const IDS = builtinIds();

describe('stateAt(trace, t) equals the engine live state at t', () => {
  it('fig3 at 1.6 s: the nAR expects the MN (INCOMPLETE, buffering), the oAR forwards (§3.1.3, §7)', async () => {
    const s = stateAt((await run('fig3')).records, 1_600_000);
    expect(s.nodes.nAR!.neighbors).toEqual([
      { addr: '2001:db8:2::10', lla: '02:00:00:00:00:10', state: 'INCOMPLETE', since: expect.any(Number) },
    ]);
    expect(s.nodes.nAR!.buffers.map((b) => b.on)).toEqual([true]);
    expect(machineState(s.nodes.oAR, 'oAR:02:00:00:00:00:10')).toBe('forwarding');
    expect(s.nodes.oAR!.machines['oAR:02:00:00:00:00:10']!.why?.section).toBe('§3.1.3');
  });

  it('random scenarios, seeds, movements and instants (fast-check)', async () => {
    const c = await codec();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...IDS),
        fc.integer({ min: 0, max: 0xffff }),
        fc.array(
          fc.tuple(
            fc.double({ min: 0, max: 1, noNaN: true }),
            fc.double({ min: 0, max: 1, noNaN: true }),
            fc.double({ min: 0, max: 1, noNaN: true }),
          ),
          { maxLength: 2 },
        ),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 4 }),
        async (id, seed, moves, instants) => {
          const sc = resolveScenario(id);
          const w = new World(sc, c, { seed, trace: true });
          w.start();
          const xs = sc.routers.map((r) => r.x);
          const ys = sc.routers.map((r) => r.y);
          const [x0, x1, y0, y1] = [
            Math.min(...xs) - 60,
            Math.max(...xs) + 60,
            Math.min(...ys) - 60,
            Math.max(...ys) + 60,
          ];
          // The run ends at the last instant: the whole scenario only when that instant is near its end.
          const end = Math.max(...instants) * sc.durationUs;
          const events: { t: number; move?: [number, number] }[] = [
            ...instants.map((f) => ({ t: Math.round(f * sc.durationUs) })),
            ...moves.map(([f, x, y]) => ({
              t: Math.round(f * end),
              move: [x0 + x * (x1 - x0), y0 + y * (y1 - y0)] as [number, number],
            })),
          ].sort((a, b) => a.t - b.t);
          const mn = w.mobileNames()[0]!;
          for (const e of events) {
            w.runUntil(e.t);
            if (e.move) w.move(mn, e.move[0], e.move[1]);
            else compare(w, `${id} seed ${seed} at ${e.t} µs`);
          }
        },
      ),
      { numRuns: 200, seed: 0x5a7e },
    );
  }, 600_000);
});
