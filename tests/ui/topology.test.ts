// The topology draws what the trace says (issue 9, "Topology completes the story"): the §8
// attacker where it sits and the tunnel it diverts, the radio link down during the layer-2
// handover (Disconnect to Connect, §3.2.1 Table 1), and packet dots that never cover a name.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Lab, topologyOf } from '../../core/lab.ts';
import { builtinIds } from '../../core/scenario/builtin.ts';
import { resolveScenario } from '../../core/engine/run.ts';
import { builtin } from '../../core/scenario/builtin.ts';
import { TraceIndex, radioLinksAt, tunnelsAt } from '../../app/topology/world.ts';
import { dotPlace, type Shape } from '../../app/topology/dots.ts';
import { run } from '../engine/helpers.ts';
import { loadPacketCore } from '../../core/wasm.ts';
import type { TraceRecord } from '../../core/trace.ts';

async function indexed(
  id: string,
): Promise<{ index: TraceIndex; records: TraceRecord[]; topo: ReturnType<typeof topologyOf> }> {
  const w = await run(id);
  const index = new TraceIndex();
  index.append(w.records);
  return { index, records: w.records, topo: topologyOf(resolveScenario(builtin(id))) };
}

describe('the §8 attacker', () => {
  it('is marked in the topology where the scenario puts it, in the nAR’s cell', () => {
    const t = topologyOf(resolveScenario(builtin('beth-attacker-open')));
    const x = t.mobiles.find((m) => m.name === 'X')!;
    expect(x).toMatchObject({ attacker: true, startsOn: 'nAR', x: 380, y: 200 });
    expect(t.mobiles.find((m) => m.name === 'MN')!.attacker).toBeUndefined();
  });

  it('without security associations, the oAR’s forwarding tunnel goes to X: traffic diverted (§8.1)', async () => {
    const { index, records } = await indexed('beth-attacker-open');
    const forged = records.find((r) => r.kind === 'rx' && r.node === 'oAR' && r.msg === 'F-BU' && r.from === 'X')!;
    const before = tunnelsAt(index, forged.t - 1);
    expect(before.some((v) => v.via.includes('X'))).toBe(false);
    // Once a diverted packet has gone through, its path is oAR → nAR → X.
    const firstDiverted = records.find((r) => r.kind === 'decap' && r.node === 'X')!;
    const after = tunnelsAt(index, firstDiverted.t);
    expect(after.find((v) => v.via[v.via.length - 1] === 'X')?.via).toEqual(['oAR', 'nAR', 'X']);
  });

  it('with security associations, no tunnel ever reaches X (the forgeries are dropped)', async () => {
    const { index, records } = await indexed('beth-attacker-secured');
    const end = records[records.length - 1]!.t;
    for (let t = 0; t <= end; t += 50_000) expect(tunnelsAt(index, t).some((v) => v.via.includes('X'))).toBe(false);
  });
});

describe('the radio link', () => {
  it('Figure 3: up to the oAR, down from Disconnect to Connect, then up to the nAR', async () => {
    const { index, records, topo } = await indexed('fig3');
    const ld = records.find((r) => r.kind === 'l2' && r.node === 'MN' && r.trigger === 'L2-LD')!.t;
    const lu = records.find((r) => r.kind === 'l2' && r.node === 'MN' && r.trigger === 'L2-LU')!.t;
    const at = (t: number) => radioLinksAt(index, t, topo.mobiles);
    expect(at(0)).toEqual([{ mn: 'MN', cell: 'oAR', up: true }]);
    expect(at(ld - 1)).toEqual([{ mn: 'MN', cell: 'oAR', up: true }]);
    expect(at(ld)).toEqual([{ mn: 'MN', cell: 'oAR', up: false }]);
    expect(at(lu - 1)).toEqual([{ mn: 'MN', cell: 'oAR', up: false }]);
    expect(at(lu)).toEqual([{ mn: 'MN', cell: 'nAR', up: true }]);
  });

  it('every scenario starts each mobile on the cell the engine attached it to', async () => {
    const core = await loadPacketCore();
    for (const id of builtinIds()) {
      const lab = new Lab(core, 1, id);
      const recs = lab.world.records.filter(
        (r) => r.t === 0 && r.kind === 'neighbor' && r.why?.text === 'the MN starts attached here',
      );
      for (const m of lab.topology.mobiles) {
        const lla = lab.scenario.mobiles.find((x) => x.name === m.name)!.lla;
        const seen = recs.find((r) => r.kind === 'neighbor' && r.lla === lla);
        const owner = m.startsOn && (lab.scenario.routers.find((r) => r.name === m.startsOn)!.apOf ?? m.startsOn);
        expect(owner ?? null, `${id}: ${m.name}`).toBe(seen?.node ?? null);
      }
    }
  });
});

describe('packet dots', () => {
  const box: Shape = { hw: 18, hh: 10 };
  const disc: Shape = { r: 12 };
  const inside = (p: { x: number; y: number }, c: { x: number; y: number }, s: Shape, r: number) =>
    'r' in s
      ? Math.hypot(p.x - c.x, p.y - c.y) < s.r + r
      : Math.abs(p.x - c.x) < s.hw + r && Math.abs(p.y - c.y) < s.hh + r;

  it('never cover either end’s name, at any point of the hop', () => {
    const pt = fc.record({ x: fc.integer({ min: 0, max: 500 }), y: fc.integer({ min: 0, max: 300 }) });
    fc.assert(
      fc.property(pt, pt, fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(box, disc), (a, b, f, sb) => {
        // Nodes drawn apart (their shapes and a dot fit between them; overlapping nodes leave no
        // room, and the dot is then painted under the names).
        fc.pre(Math.hypot(b.x - a.x, b.y - a.y) > 2 * Math.hypot(18, 10) + 10);
        const p = dotPlace(a, box, b, sb, f, 4);
        expect(inside(p, a, box, 4)).toBe(false);
        expect(inside(p, b, sb, 4)).toBe(false);
      }),
    );
  });

  it('move from one end to the other as the packet flies', () => {
    const a = { x: 0, y: 0 };
    const b = { x: 200, y: 0 };
    expect(dotPlace(a, box, b, box, 0, 4).x).toBeCloseTo(23);
    expect(dotPlace(a, box, b, box, 1, 4).x).toBeCloseTo(177);
    expect(dotPlace(a, box, b, box, 0.5, 4).x).toBeCloseTo(100);
  });
});
