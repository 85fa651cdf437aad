// The embed dialog's snippets (issue 13, docs/embedding.md): from the options a teacher picks, the
// query of embed/embed.html, the attributes of <fmip-lab>/<fmip-ladder> and the three snippets to
// paste into a course page. Pure (no DOM): the dialog shows them, tests/embed/snippets.test.ts reads
// them back through parseEmbedParams, so a snippet always means what the dialog showed.
import type { EmbedView } from './params.ts';

export interface EmbedChoice {
  view: EmbedView;
  scenario: string;
  seed: number;
  autoplay: boolean;
  loop: boolean;
  /** ms; 0 = from the start. */
  start: number;
  /** ms; null = runs on. */
  end: number | null;
  drag: boolean;
  theme: 'light' | 'dark' | 'auto';
  /** Virtual µs per ms (the timeline's speeds). */
  speed: number;
}

export const DEFAULT_CHOICE: EmbedChoice = {
  view: 'both',
  scenario: 'fig3',
  seed: 1,
  autoplay: true,
  loop: false,
  start: 0,
  end: null,
  drag: true,
  theme: 'auto',
  speed: 100,
};

/** The parameters that differ from the embed's defaults (the scenario always: a snippet says which figure). */
export function embedParams(c: EmbedChoice): [string, string][] {
  const d = DEFAULT_CHOICE;
  const out: [string, string][] = [['scenario', c.scenario]];
  if (c.view !== d.view) out.push(['view', c.view]);
  if (c.seed !== d.seed) out.push(['seed', String(c.seed)]);
  if (c.autoplay !== d.autoplay) out.push(['autoplay', c.autoplay ? '1' : '0']);
  if (c.loop !== d.loop) out.push(['loop', c.loop ? '1' : '0']);
  if (c.start !== d.start) out.push(['start', String(c.start)]);
  if (c.end !== null) out.push(['end', String(c.end)]);
  if (c.drag !== d.drag) out.push(['drag', c.drag ? '1' : '0']);
  if (c.theme !== d.theme) out.push(['theme', c.theme]);
  if (c.speed !== d.speed) out.push(['speed', String(c.speed)]);
  return out;
}

export function embedQuery(c: EmbedChoice): string {
  return new URLSearchParams(embedParams(c)).toString();
}

const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export interface Snippets {
  iframe: string;
  component: string;
  image: string;
  /** The animated SVG's file name the image snippet refers to (the dialog downloads it). */
  imageFile: string;
}

/**
 * @param base the build's folder URL (where index.html, embed/ and fmip-lab.js are), ending in "/".
 * @param title the figure's title (the iframe's title, the image's alternative text).
 */
export function snippets(c: EmbedChoice, base: string, title: string): Snippets {
  const iframe =
    `<iframe src="${attr(`${base}embed/embed.html?${embedQuery(c)}`)}"\n` +
    `        title="${attr(title)}" width="640" height="${c.view === 'both' ? 560 : 480}" style="border:0"></iframe>`;
  // The ladder alone is <fmip-ladder>, which takes no view attribute.
  const tag = c.view === 'ladder' ? 'fmip-ladder' : 'fmip-lab';
  const attrs = embedParams(c)
    .filter(([k]) => !(tag === 'fmip-ladder' && k === 'view'))
    .map(([k, v]) => `${k}="${attr(v)}"`)
    .join(' ');
  const component =
    `<script type="module" src="${attr(`${base}fmip-lab.js`)}"></script>\n` +
    `<${tag} ${attrs} style="height:${c.view === 'both' ? 560 : 480}px"></${tag}>`;
  const imageFile = `ladder-${c.scenario}-animated.svg`;
  const image = `<img src="${attr(imageFile)}" alt="${attr(`${title}: the message ladder, animated`)}">`;
  return { iframe, component, image, imageFile };
}
