// The embed dialog's snippets mean what the dialog showed: read back through the embed's own
// parameter parser, every choice comes out as chosen, and the snippets name the build's files.
import { describe, expect, it } from 'vitest';
import { DEFAULT_CHOICE, embedQuery, snippets, type EmbedChoice } from '../../app/embed/snippets.ts';
import { parseEmbedParams } from '../../app/embed/params.ts';

const choices: EmbedChoice[] = [
  DEFAULT_CHOICE,
  { ...DEFAULT_CHOICE, view: 'ladder', scenario: 'fig4', seed: 7, autoplay: false, speed: 1000 },
  { ...DEFAULT_CHOICE, view: 'topology', loop: true, start: 400, end: 2200.5, drag: false, theme: 'dark', speed: 10 },
  { ...DEFAULT_CHOICE, view: 'measures', theme: 'light' },
];

describe('embed dialog snippets', () => {
  it.each(choices)('the iframe query reads back as chosen (%o)', (c) => {
    const { options, errors } = parseEmbedParams('?' + embedQuery(c));
    expect(errors).toEqual([]);
    expect(options.view).toBe(c.view);
    expect(options.settings.scenario).toBe(c.scenario);
    expect(options.settings.seed).toBe(c.seed);
    expect([options.autoplay, options.loop, options.drag]).toEqual([c.autoplay, c.loop, c.drag]);
    expect(options.startUs).toBe(c.start * 1000);
    expect(options.endUs).toBe(c.end === null ? null : c.end * 1000);
    expect(options.theme).toBe(c.theme);
    expect(options.speed).toBe(c.speed);
  });

  it('names the build’s files from its folder, and the ladder alone is <fmip-ladder>', () => {
    const s = snippets(choices[1]!, 'https://course.example.org/fmip/', 'Figure 4 "as drawn" <b>');
    expect(s.iframe).toContain('src="https://course.example.org/fmip/embed/embed.html?scenario=fig4&amp;view=ladder');
    expect(s.iframe).toContain('title="Figure 4 &quot;as drawn&quot; &lt;b>"');
    expect(s.component).toContain('<script type="module" src="https://course.example.org/fmip/fmip-lab.js"></script>');
    expect(s.component).toMatch(/^<fmip-ladder scenario="fig4" seed="7" autoplay="0" speed="1000" /m);
    expect(s.component).not.toContain('view=');
    expect(s.image).toBe(
      '<img src="ladder-fig4-animated.svg" alt="Figure 4 &quot;as drawn&quot; &lt;b>: the message ladder, animated">',
    );
    expect(snippets(DEFAULT_CHOICE, '/', 'F').component).toContain('<fmip-lab scenario="fig3" ');
  });
});
