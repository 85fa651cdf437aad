// Issue 9's label layout, over every built-in scenario run to its end: no two labels' boxes
// intersect, and no label covers an arrowhead, a layer-2 mark or an arrow's line — computed from the layout (the
// boxes the page draws with), not from pixels. Both time axes the page offers are checked.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../core/engine/run.ts';
import { builtinIds } from '../../core/scenario/builtin.ts';
import {
  arrowAt,
  arrowSegments,
  distanceTo,
  crosses,
  headBox,
  intersects,
  labelBox,
  labelBoxes,
  layoutLadder,
  LadderIndex,
  ROW_PX,
  type Box,
} from '../../core/views/ladder.ts';
import { LOOKAHEAD_US } from '../../app/timeline/events.ts';

const fmt = (b: Box) => `[${b.x0.toFixed(0)},${b.y0.toFixed(0)} ${b.x1.toFixed(0)},${b.y1.toFixed(0)}]`;

describe('label layout over every built-in scenario', () => {
  it('a label box grows with its text and sits above its baseline', () => {
    const short = labelBox('HI', 100, 50);
    const long = labelBox('F-BACK status 0', 100, 50);
    expect(long.x1 - long.x0).toBeGreaterThan(5 * (short.x1 - short.x0));
    expect(short.y0).toBeLessThan(50);
    expect(intersects(short, long)).toBe(true);
    expect(intersects(short, labelBox('HI', 100, 80))).toBe(false);
  });

  for (const id of builtinIds())
    it(`${id}: no label overlaps another label, a mark, an arrowhead or an arrow's line`, async () => {
      const world = await runScenario(id, { seed: 1, trace: true });
      const records = world.records;
      const end = records.at(-1)?.t ?? 0;
      for (const stretch of [true, false]) {
        const l = layoutLadder(records, { cursor: end, stretch });
        const labels = labelBoxes(l);
        const problems: string[] = [];
        for (let i = 0; i < labels.length; i++)
          for (let j = i + 1; j < labels.length; j++)
            if (intersects(labels[i]!.box, labels[j]!.box))
              problems.push(
                `"${labels[i]!.what}" ${fmt(labels[i]!.box)} over "${labels[j]!.what}" ${fmt(labels[j]!.box)}`,
              );
        for (const a of l.arrows) {
          if (a.lost) continue;
          const head = headBox(a);
          for (const lb of labels)
            if (intersects(lb.box, head)) problems.push(`"${lb.what}" over the arrowhead of "${a.name}"`);
        }
        // No label on an arrow's line (its own or another's): a label written across a line reads
        // as that line's, and a click on the line lands on the label (Figure 4 near 1.3 s: "HACK
        // code 0" lay on the F-BU, a click on the F-BU's middle opened the HACK). On both axes: the
        // linear one gives every event a row of its own where events crowd (ROW_PX), as
        // Wireshark's flow graph does; at a plain 2 px per ms Figure 4's first exchange of six
        // messages fell within 12 px, where no place beside a line was clear of the others.
        for (const a of l.arrows)
          for (const seg of arrowSegments(a))
            for (const lb of labels)
              if (crosses(seg, lb.box)) problems.push(`"${lb.what}" ${fmt(lb.box)} on the line of "${a.name}"`);
        expect(problems.slice(0, 5), `${id}, stretch ${stretch}`).toEqual([]);
        expect(l.arrows.length).toBeGreaterThan(0);
      }
    });
});

describe('what a click selects (arrowAt, the page asks it which arrow is under the pointer)', () => {
  for (const id of ['fig1', 'fig2', 'fig3', 'fig4', 'fig7', 'fig8', 'fig10', 'fig11', 'fig12'])
    it(`${id}: a label's middle is its arrow, a line's middle is its arrow, empty space is none (both axes)`, async () => {
      const world = await runScenario(id, { seed: 1, trace: true });
      for (const stretch of [true, false])
        clicks(layoutLadder(world.records, { cursor: world.records.at(-1)?.t ?? 0, stretch }));
    });
});

function clicks(l: ReturnType<typeof layoutLadder>): void {
  const wrong: string[] = [];
  let lines = 0;
  for (const a of l.arrows) {
    const b = labelBox(a.label, a.labelX, a.labelY);
    const got = arrowAt(l.arrows, (b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2);
    if (got?.pkt !== a.pkt) wrong.push(`label of "${a.name}" gave "${got?.name}"`);
    const s = arrowSegments(a)[0]!;
    const mx = (s.x0 + s.x1) / 2;
    const my = (s.y0 + s.y1) / 2;
    // Where another line crosses the very middle, no pointer can tell the two apart.
    if (l.arrows.some((o) => o !== a && arrowSegments(o).some((q) => distanceTo(q, mx, my) < 1))) continue;
    lines++;
    const hit = arrowAt(l.arrows, mx, my);
    if (hit?.pkt !== a.pkt) wrong.push(`middle of "${a.name}" gave "${hit?.name}"`);
  }
  expect(wrong).toEqual([]);
  expect(lines).toBeGreaterThan(l.arrows.length * 0.8);
  // Right of the last lifeline, by the axis: nothing.
  expect(arrowAt(l.arrows, l.axisX - 4, l.height - 30)).toBeNull();
}

describe('the linear time axis', () => {
  it("is 2 px per ms where events are 10 ms or more apart, and gives each event a row of at least ROW_PX where they crowd (Figure 4's first exchange)", async () => {
    const world = await runScenario('fig4', { seed: 1, trace: true });
    const l = layoutLadder(world.records, { cursor: world.records.at(-1)!.t, stretch: false });
    // Every arrow's ends are events of the axis: their times and ys, in time order.
    const at = new Map<number, number>();
    for (const a of l.arrows) {
      at.set(a.t0, a.y0);
      if (a.t1 !== null && !a.via) at.set(a.t1, a.y1);
    }
    const ev = [...at].sort((a, b) => a[0] - b[0]);
    let crowded = 0;
    let spread = 0;
    for (let i = 1; i < ev.length; i++) {
      const dt = ev[i]![0] - ev[i - 1]![0];
      const dy = ev[i]![1] - ev[i - 1]![1];
      expect(dy, `${ev[i - 1]![0]} → ${ev[i]![0]} µs`).toBeGreaterThanOrEqual(ROW_PX - 1e-9);
      if (dt >= 10_000) {
        spread++;
        // Not one event between them on the axis: exactly the time's proportion.
        expect(dy).toBeGreaterThanOrEqual((dt / 1000) * 2 - 1e-9);
      } else crowded++;
    }
    expect(crowded).toBeGreaterThan(5);
    expect(spread).toBeGreaterThan(0);
    // The 1 s between the first exchange and the handover keeps its length (2000 px and more).
    expect(l.yOf(1_400_000) - l.yOf(400_000)).toBeGreaterThanOrEqual(2000);
  });
});

describe('labels are placed once (issue 9: a label beside an arrow in flight moved while it flew)', () => {
  // The page's trace grows as it plays: the engine runs LOOKAHEAD_US (50 ms) ahead of the cursor.
  // Replayed that way, at every signalling event and between each send and its arrival, each
  // arrow's label (and its release label, once drawn) never moves from where it is first drawn,
  // and that is where the whole trace, laid out at once, puts it. The one exception: a flight
  // longer than the lookahead (err-pingpong's BU over a 300 ms path to the HA), whose end is not
  // in the trace when it is first drawn: while it is in the air, where its line will run is not
  // known, so its label and those of the arrows sent under it may move once, when it lands.
  for (const id of ['fig3', 'fig4', 'fig10', 'err-pingpong'])
    it(`${id}: on both axes, while playing, every label stays where it was first drawn`, async () => {
      const world = await runScenario(id, { seed: 1, trace: true });
      const records = world.records;
      const end = records.at(-1)!.t;
      const known = [
        ...new Set(
          records.flatMap((r): string[] => ('from' in r && r.from && r.to ? [r.node, r.from, r.to] : [r.node])),
        ),
      ];
      const cursors = new Set<number>();
      const sent = new Map<number, number>();
      for (const r of records) {
        if (r.kind === 'l2') cursors.add(r.t);
        if ((r.kind !== 'tx' && r.kind !== 'rx' && r.kind !== 'buffer') || r.msg === 'DATA') continue;
        cursors.add(r.t);
        if (r.kind === 'tx') sent.set(r.pkt, r.t);
        else if (sent.has(r.pkt)) {
          const t0 = sent.get(r.pkt)!;
          for (const f of [0.25, 0.5, 0.75]) cursors.add(Math.round(t0 + (r.t - t0) * f));
        }
      }
      for (const stretch of [true, false]) {
        const whole = layoutLadder(records, { cursor: end, stretch, known });
        const at = new Map(whole.arrows.map((a) => [a.pkt, a]));
        const index = new LadderIndex();
        let i = 0;
        const moved: string[] = [];
        let inFlight = 0;
        // Long flights: the label may be somewhere else only while the end is not in the trace.
        const flight = new Map<number, number>();
        for (const a of whole.arrows) flight.set(a.pkt, (a.t1 ?? a.lost?.t ?? end) - a.t0);
        const early = new Set<number>();
        for (const c of [...cursors].sort((a, b) => a - b)) {
          const upto = c + LOOKAHEAD_US;
          const chunk: typeof records = [];
          while (i < records.length && records[i]!.t <= upto) chunk.push(records[i++]!);
          index.append(chunk);
          for (const a of index.view({ cursor: c, stretch, known }).arrows) {
            const w = at.get(a.pkt)!;
            if (a.t1 === null && !a.lost) inFlight++;
            const pending = whole.arrows.some(
              (o) => flight.get(o.pkt)! > LOOKAHEAD_US && o.t0 <= upto && o.t0 + flight.get(o.pkt)! > upto,
            );
            if (pending && (a.labelX !== w.labelX || a.labelY !== w.labelY)) {
              early.add(a.pkt);
              continue;
            }
            if (a.labelX !== w.labelX || a.labelY !== w.labelY)
              moved.push(`${a.name} at ${c} µs: (${a.labelX}, ${a.labelY}), finally (${w.labelX}, ${w.labelY})`);
            if (a.release && (a.release.x !== w.release?.x || a.release.y !== w.release?.y)) {
              if (pending) early.add(a.pkt);
              else moved.push(`${a.name}'s release label at ${c} µs`);
            }
          }
        }
        expect(moved.slice(0, 5), `${id}, stretch ${stretch}`).toEqual([]);
        expect(inFlight).toBeGreaterThan(5);
        if (id !== 'err-pingpong') expect(early.size).toBe(0);
      }
    });
});
