// core/views/vocabulary.ts: one vocabulary and one lifeline order for every view. The page's
// ladder and the command line's ladder put the lifelines of each figure scenario in the order the
// draft's figure draws them (issue 10: "two ladders with different column orders").
import { describe, expect, it } from 'vitest';
import { ladder } from '../../core/cli.ts';
import { LadderIndex } from '../../core/views/ladder.ts';
import {
  FIGURE_ORDER,
  arrowName,
  lifelineOrder,
  messageKind,
  messageLabel,
  triggerWord,
} from '../../core/views/vocabulary.ts';
import { run } from '../engine/helpers.ts';

describe('the message vocabulary', () => {
  it('labels and accessible names read as the issue writes them', () => {
    expect(messageLabel({ msg: 'HI', flags: 'SU' })).toBe('HI [S,U]');
    expect(arrowName('HI [S,U]', 'oAR', 'nAR', 197_713)).toBe('HI [S,U] from oAR to nAR, sent 197.713 ms');
    expect(['DATA', 'BU', 'BACK', 'NA', 'F-BU'].map(messageKind)).toEqual(['data', 'binding', 'binding', 'nd', 'fast']);
  });

  it("puts a figure's nodes in the figure's order, the canonical names next, the others last", () => {
    expect(lifelineOrder(['CN', 'oAR', 'MN', 'nAR', 'X'], 'fig7')).toEqual(['MN', 'nAR', 'oAR', 'CN', 'X']);
    expect(lifelineOrder(['CN', 'oAR', 'MN', 'nAR'], 'fig3-fna')).toEqual(['MN', 'oAR', 'nAR', 'CN']);
    expect(lifelineOrder(['HA', 'aAR', 'oAR', 'MN', 'nAR'], 'mipv6')).toEqual(['MN', 'oAR', 'nAR', 'aAR', 'HA']);
  });
});

describe('layer-2 marks', () => {
  it('on the MN read as the figures write them; on a router they name the MN whose link it is (§3.2.1)', async () => {
    const w = await run('fig10');
    const page = new LadderIndex();
    page.scenario = 'fig10';
    page.append(w.records);
    const words = new Set(page.view({ cursor: Infinity, stretch: false }).marks.map((m) => `${m.node}: ${m.word}`));
    expect(words).toContain('MN: Disconnect');
    expect(words).toContain('MN: Connect');
    expect(words).toContain('oAR: MN link down');
    expect(words).toContain('nAR: MN link up');
    expect([...words].filter((x) => !x.startsWith('MN:') && /Disconnect|Connect/.test(x))).toEqual([]);
    expect(triggerWord({ node: 'oAR', trigger: 'L2-ST' })).toBe('Source trigger');
    // At the oAR it is §2's source trigger (BETH); on the MN's own lifeline, its prediction (§3.1).
    expect(triggerWord({ node: 'oAR', trigger: 'L2-ST', link: { mn: 'MN' } })).toBe('Source trigger');
    expect(triggerWord({ node: 'MN', trigger: 'L2-ST', link: { mn: 'MN' } })).toBe('Move predicted');
  });
});

describe('the page and the command line draw the lifelines in each figure’s order', () => {
  for (const id of Object.keys(FIGURE_ORDER))
    it(id, async () => {
      const w = await run(id);
      const cli = ladder(w.records, id).split('\n')[0]!.trim().split(/\s+/).slice(2);
      const page = new LadderIndex();
      page.scenario = id;
      page.append(w.records);
      const cols = page.nodesAt(Infinity).filter((n) => cli.includes(n));
      expect(cli).toEqual(cols);
      // The figure's own nodes come first, in its order.
      expect(cli.slice(0, FIGURE_ORDER[id]!.length)).toEqual(FIGURE_ORDER[id]);
    });
});
