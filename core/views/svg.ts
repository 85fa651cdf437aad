// The ladder as a standalone SVG file, DOM-free: the page's "Export ladder (SVG)" and "Animated SVG"
// buttons and `npm run sim -- ID --format svg [--animate]` all write it from the same layout
// (ladder.ts), so for the same trace, cursor and options they write the same bytes (tested in
// tests/ui/svg-cli.test.ts and, against the page, e2e/image.spec.ts). It has its own colours so it
// reads outside the page; its text is sized as the layout's width model assumes (ladder.ts ADVANCE).
import type { Micros, TraceRecord } from '../trace.ts';
import {
  LABEL_PX,
  LadderIndex,
  MARK_PX,
  TOP,
  arrowPoints,
  bandText,
  type Ladder,
  type LadderFilter,
} from './ladder.ts';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Coordinates to one decimal: the file does not change with floating-point noise. */
const n = (v: number) => (Math.round(v * 10) / 10).toString();

/** The height of the title line written above the drawing. */
export const TITLE_H = 22;

/**
 * The drawing's title: which scenario, run how (its mode as written, or the "what if" mode that
 * replaced it), with which seed — "fig3: as written (anticipated-mobile-stateless), seed 1".
 */
export function ladderTitle(t: {
  scenario: string;
  seed: number;
  /** The mode the scenario is written for (null: a mix, as the §4 mosaic). */
  mode?: string | null;
  /** A "what if" mode replacing it. */
  whatIfMode?: string | null;
}): string {
  const how = t.whatIfMode
    ? `what if: ${t.whatIfMode}, not as written`
    : t.mode
      ? `as written (${t.mode})`
      : 'as written';
  return `${t.scenario}: ${how}, seed ${t.seed}`;
}

/**
 * The ladder as a standalone SVG: a title line (scenario, mode, seed), then the drawing as the
 * page draws it, with its time axis.
 */
export function ladderToSvg(l: Ladder, title = 'fmip-lab message ladder'): string {
  const out: string[] = [];
  const h = l.height + TITLE_H;
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${n(l.width)} ${n(h)}" width="${n(l.width)}" height="${n(h)}" font-family="sans-serif">`,
    `<title>${esc(title)}</title>`,
    `<defs><marker id="head" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="11" markerHeight="11" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="context-stroke"/></marker></defs>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="6" y="15" font-size="13" font-weight="600" fill="#1b1f24">${esc(title)}</text>`,
    `<g transform="translate(0 ${TITLE_H})">`,
  );
  // The time axis, right of the lifelines, as the page draws it.
  out.push(`<line x1="${n(l.axisX)}" y1="22" x2="${n(l.axisX)}" y2="${n(l.height)}" stroke="#5b6470"/>`);
  for (const k of l.ticks)
    out.push(
      `<line x1="${n(l.axisX)}" y1="${n(k.y)}" x2="${n(l.axisX + 5)}" y2="${n(k.y)}" stroke="#5b6470"/>` +
        `<text x="${n(l.axisX + 8)}" y="${n(k.y + 3.5)}" font-size="${LABEL_PX}" fill="#5b6470">${esc(k.text)}</text>`,
    );
  const x = l.xOf;
  for (const node of l.nodes) {
    out.push(
      `<text x="${n(x(node))}" y="16" text-anchor="middle" font-size="12" font-weight="600" fill="#1b1f24">${esc(node)}</text>`,
      `<line x1="${n(x(node))}" y1="22" x2="${n(x(node))}" y2="${n(l.height)}" stroke="#5b6470" stroke-dasharray="3 3"/>`,
    );
  }
  // As the page draws it: data as an outlined lane, signalling dark, colour only for meaning
  // (lost red, tunnelled as a double line), layer-2 words where the page placed them.
  for (const b of l.bands)
    out.push(
      `<g><polygon points="${b.points}" fill="none" stroke="#2f6fb3" stroke-opacity="0.55" stroke-dasharray="2 2"/>` +
        `<text x="${n(b.labelX)}" y="${n(b.labelY)}" text-anchor="middle" font-size="${LABEL_PX}" fill="#2f6fb3">${esc(bandText(b))}</text></g>`,
    );
  for (const m of l.marks)
    out.push(
      `<g><title>${esc(`${m.word} (${m.trigger}) at ${m.node}`)}</title>` +
        `<line x1="${n(m.x - 8)}" y1="${n(m.y)}" x2="${n(m.x + 8)}" y2="${n(m.y)}" stroke="#7b3fb8" stroke-width="3"/>` +
        `<text x="${n(m.wx)}" y="${n(m.wy)}" text-anchor="${m.anchor}" font-size="${MARK_PX}" fill="#7b3fb8">${esc(m.word)}</text></g>`,
    );
  for (const a of l.arrows) {
    const colour = a.lost ? '#b3392f' : '#1b1f24';
    const pts = arrowPoints(a)
      .split(' ')
      .map((p) =>
        p
          .split(',')
          .map((v) => n(Number(v)))
          .join(','),
      )
      .join(' ');
    const line = (w: number, c: string, extra = '') =>
      `<polyline points="${pts}" fill="none" stroke="${c}" stroke-width="${w}"${extra}/>`;
    out.push(
      `<g>` +
        (a.tunnelled
          ? line(4.5, colour, a.lost ? '' : ' marker-end="url(#head)"') + line(1.6, '#ffffff')
          : line(
              1.4,
              colour,
              `${a.lost || a.t1 === null ? ' stroke-dasharray="5 3"' : ''}${a.lost ? '' : ' marker-end="url(#head)"'}`,
            )) +
        `<text x="${n(a.labelX)}" y="${n(a.labelY)}" text-anchor="middle" font-size="${LABEL_PX}" fill="${colour}">${esc(a.label)}</text>` +
        (a.release
          ? `<text x="${n(a.release.x)}" y="${n(a.release.y)}" text-anchor="middle" font-size="${LABEL_PX}" fill="${colour}">${esc(a.label)}</text>`
          : '') +
        (a.lost
          ? `<text x="${n(a.x1)}" y="${n(a.y1 + 4)}" text-anchor="middle" font-size="14" fill="#b3392f">×</text>`
          : '') +
        `</g>`,
    );
  }
  for (const loss of l.losses)
    out.push(`<text x="${n(loss.x)}" y="${n(loss.y + 4)}" text-anchor="middle" font-size="12" fill="#b3392f">×</text>`);
  out.push('</g>', '</svg>');
  return out.join('\n');
}

// The image embed (issue 13): the ladder as an SVG that plays by itself inside an <img> tag, where
// no script runs. The ladder's y axis is its time axis, so revealing the drawing from the top down
// at a steady pace replays the run in order: a SMIL <animate> grows a clip rectangle over the
// ladder and moves a cursor line with it, then holds the whole figure and starts again. Built on
// the static SVG above, so the image and the file never differ.

export interface AnimateOptions {
  /** Seconds to reveal the whole ladder (then it holds for a fifth of that and loops). */
  seconds?: number;
  title?: string;
}

/** The default title of the animated image when none is given. */
export const ANIMATED_TITLE = 'fmip-lab message ladder (animated)';

export function animatedLadderSvg(l: Ladder, opts: AnimateOptions = {}): string {
  const seconds = opts.seconds ?? 10;
  const svg = ladderToSvg(l, opts.title ?? ANIMATED_TITLE);
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
    `${anim('height')}</rect></clipPath></defs>\n<g clip-path="url(#reveal)">`;
  const cursor = `<line x1="0" x2="${n(l.width)}" y1="${n(top)}" y2="${n(top)}" stroke="#7b3fb8" stroke-width="1.2">${anim('y1')}${anim('y2')}</line>`;
  return svg.slice(0, at + bg.length) + '\n' + head + svg.slice(at + bg.length, close) + '</g>\n' + cursor + '\n</svg>';
}

/** What a ladder export draws: the part of the run, how, and which lifelines at least. */
export interface LadderExport {
  /** Up to this virtual time (the page's cursor; the animated image: the whole run so far). */
  cursor: Micros;
  /** Stretch short intervals (the page's default) or a linear time axis. */
  stretch: boolean;
  /** The scenario id, for its figure's lifeline order (vocabulary.ts `figureOrder`). */
  scenario?: string;
  /** Every node of the topology: a lifeline each, even before it acts (the page's `trace.nodes`). */
  known?: readonly string[];
  filter?: LadderFilter;
  title?: string;
  /** The animated image instead of the still one. */
  animate?: boolean;
}

/**
 * A trace's ladder as SVG, as the page exports it: what the command line calls. The page calls
 * `ladderToSvg` / `animatedLadderSvg` on its own incremental index of the same records, which lays
 * out a view exactly as an index filled at once does.
 */
export function traceToSvg(records: readonly TraceRecord[], o: LadderExport): string {
  const index = new LadderIndex();
  index.scenario = o.scenario;
  const l = index
    .append(records)
    .view({ cursor: o.cursor, stretch: o.stretch, ...(o.known ? { known: o.known } : {}), filter: o.filter });
  return o.animate ? animatedLadderSvg(l, o.title === undefined ? {} : { title: o.title }) : ladderToSvg(l, o.title);
}
