// The image embed: an animated SVG of Figure 3's ladder that plays inside <img> with no script.
import { describe, expect, it } from 'vitest';
import { loadPacketCore } from '../../core/wasm.ts';
import { Lab } from '../../core/lab.ts';
import { LadderIndex } from '../../core/views/ladder.ts';
import { animatedLadderSvg, ladderToSvg } from '../../core/views/svg.ts';
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
});
