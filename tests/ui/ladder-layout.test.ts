// Issue 9's label layout, over every built-in scenario run to its end: no two labels' boxes
// intersect, and no label covers an arrowhead or a layer-2 mark — computed from the layout (the
// boxes the page draws with), not from pixels. Both time axes the page offers are checked.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../core/engine/run.ts';
import { builtinIds } from '../../core/scenario/builtin.ts';
import { headBox, intersects, labelBox, labelBoxes, layoutLadder, type Box } from '../../core/views/ladder.ts';

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
    it(`${id}: no label overlaps another label, a mark or an arrowhead`, async () => {
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
        expect(problems.slice(0, 5), `${id}, stretch ${stretch}`).toEqual([]);
        expect(l.arrows.length).toBeGreaterThan(0);
      }
    });
});
