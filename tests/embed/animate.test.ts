// The image embed: an animated SVG of Figure 3's ladder that plays inside <img> with no script.
import { describe, expect, it } from 'vitest';
import { loadPacketCore } from '../../core/wasm.ts';
import { Lab } from '../../core/lab.ts';
import { LadderIndex } from '../../core/views/ladder.ts';
import { TITLE_H, animatedLadderSvg, ladderToSvg } from '../../core/views/svg.ts';
import { DEFAULT_PARAMS } from '../../app/controls/settings.ts';

describe('animated ladder SVG', () => {
  it('is the exported ladder plus a SMIL reveal and cursor: no script, no outside reference', async () => {
    const lab = new Lab(await loadPacketCore(), 1, 'fig3', DEFAULT_PARAMS);
    const index = new LadderIndex();
    index.append(lab.advance(2_000_000));
    const ladder = index.view({ cursor: 2_000_000, stretch: true, known: [] });
    // The same title (scenario, mode, seed): the export writes it as the drawing's first line.
    const title = 'fig3: as written, seed 1';
    const still = ladderToSvg(ladder, title);
    const svg = animatedLadderSvg(ladder, { seconds: 8, title });
    // Every element of the still export is in the animation, unchanged and in the same order.
    const bg = '<rect width="100%" height="100%" fill="#ffffff"/>';
    const drawing = still.slice(still.indexOf(bg) + bg.length, still.lastIndexOf('</svg>')).trim();
    expect(drawing.length).toBeGreaterThan(1000);
    expect(svg).toContain(drawing);
    for (const msg of ['RtSolPr', 'PrRtAdv', 'HI', 'HACK', 'F-BU', 'F-BACK']) expect(svg).toContain(`>${msg}`);
    // It plays by itself: SMIL animations that repeat (what an <img> runs), and nothing that needs script.
    expect(svg.match(/<animate /g)?.length).toBe(3);
    expect(svg).toContain('repeatCount="indefinite"');
    expect(svg).not.toMatch(/<script|\son[a-z]+=|javascript:|href="http|url\(http/i);
    expect(svg.match(/<g\b/g)?.length).toBe(svg.match(/<\/g>/g)?.length);
  });

  it("passes Figure 3's quiet lead-in at once: the first messages show early in the loop, the end is unchanged", async () => {
    const lab = new Lab(await loadPacketCore(), 1, 'fig3', DEFAULT_PARAMS);
    const index = new LadderIndex();
    index.append(lab.advance(2_000_000));
    const ladder = index.view({ cursor: 2_000_000, stretch: true, known: [] });
    const svg = animatedLadderSvg(ladder, { seconds: 10 });
    const reveal = svg.match(/<animate attributeName="height" values="([^"]+)" keyTimes="([^"]+)"/);
    expect(reveal).not.toBeNull();
    const values = reveal![1]!.split(';').map(Number);
    const keyTimes = reveal![2]!.split(';').map(Number);
    expect(keyTimes).toEqual([0, 0.03, 0.8, 1]);
    // Within the first 3 % of the loop the reveal reaches just above RtSolPr (Figure 3's first
    // signalling, after 1.5 s of data only), and it still ends with the whole drawing.
    const rtsolpr = ladder.arrows.find((a) => a.label === 'RtSolPr')!;
    expect(values[1]).toBeLessThanOrEqual(rtsolpr.y0 + TITLE_H);
    expect(values[1]).toBeGreaterThan(rtsolpr.y0 + TITLE_H - 40);
    expect(values[1]! - values[0]!).toBeGreaterThan(0.1 * (values[2]! - values[0]!));
    expect(values[2]).toBe(values[3]);
    expect(values[2]).toBeCloseTo(ladder.height + TITLE_H, 0);
    // The cursor line moves with the reveal.
    expect(svg.match(new RegExp(`values="${reveal![1]}" keyTimes="${reveal![2]}"`, 'g'))?.length).toBe(3);
  });
});
