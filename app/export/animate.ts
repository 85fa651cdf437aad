// The image embed (issue 13): the ladder as an SVG that plays by itself inside an <img> tag, where
// no script runs. The ladder's y axis is its time axis, so revealing the drawing from the top down
// at a steady pace replays the run in order: a SMIL <animate> grows a clip rectangle over the
// ladder and moves a cursor line with it, then holds the whole figure and starts again. Built on
// the same SVG the export writes (export.ts), so the image and the file never differ.
import { TITLE_H, ladderToSvg } from './export.ts';
import type { Ladder } from '../ladder/layout.ts';
import { TOP } from '../ladder/layout.ts';

export interface AnimateOptions {
  /** Seconds to reveal the whole ladder (then it holds for a fifth of that and loops). */
  seconds?: number;
  title?: string;
}

const n = (v: number) => (Math.round(v * 10) / 10).toString();

export function animatedLadderSvg(l: Ladder, opts: AnimateOptions = {}): string {
  const seconds = opts.seconds ?? 10;
  const svg = ladderToSvg(l, opts.title ?? 'fmip-lab message ladder (animated)');
  const bg = '<rect width="100%" height="100%" fill="#ffffff"/>';
  const at = svg.indexOf(bg);
  const close = svg.lastIndexOf('</svg>');
  if (at < 0 || close < 0) throw new Error('animatedLadderSvg: unexpected SVG shape');
  const dur = `${n(seconds * 1.25)}s`;
  // In the file's coordinates: the drawing sits under the export's title line.
  const top = TOP + TITLE_H;
  const bottom = l.height + TITLE_H;
  // A quiet lead-in (Figure 3's first 1.5 s: only the data band until the source trigger) is passed
  // in the loop's first 3 %, so an <img> on a course page shows its first messages at once instead
  // of a tall empty box: the reveal slows to its steady pace just above the first arrow or trigger.
  const first = Math.min(...l.arrows.map((a) => Math.min(a.y0, a.labelY - 12)), ...l.marks.map((m) => m.y - 12));
  const skip = Number.isFinite(first) ? first + TITLE_H - 8 : top;
  const lead = skip - top > 0.1 * (bottom - top);
  const values = lead ? `${n(top)};${n(skip)};${n(bottom)};${n(bottom)}` : `${n(top)};${n(bottom)};${n(bottom)}`;
  const keyTimes = lead ? '0;0.03;0.8;1' : '0;0.8;1';
  const anim = (attr: string) =>
    `<animate attributeName="${attr}" values="${values}" keyTimes="${keyTimes}" dur="${dur}" repeatCount="indefinite"/>`;
  const head =
    `<defs><clipPath id="reveal"><rect x="0" y="0" width="${n(l.width)}" height="${n(top)}">` +
    anim('height') +
    `</rect></clipPath></defs>\n<g clip-path="url(#reveal)">`;
  const cursor = `<line x1="0" x2="${n(l.width)}" y1="${n(top)}" y2="${n(top)}" stroke="#7b3fb8" stroke-width="1.2">${anim('y1')}${anim('y2')}</line>`;
  return svg.slice(0, at + bg.length) + '\n' + head + svg.slice(at + bg.length, close) + '</g>\n' + cursor + '\n</svg>';
}

/** A PNG of an SVG (the whole figure, as the static export draws it), via a canvas. Browser only. */
export async function svgToPng(svg: string, width: number, height: number, scale = 2): Promise<Blob> {
  const img = new Image();
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(width * scale);
  canvas.height = Math.ceil(height * scale);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas');
  ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the PNG could not be made'))), 'image/png'),
  );
}
