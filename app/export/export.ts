// Exports: the ladder as a standalone SVG file (built from the same layout the page draws, with
// its own colours so it reads outside the page) and the run as a classic pcap (the packet core's
// writer), one record per packet put on the wire: each message's first transmission and each
// encapsulation (the outer packet of a tunnel).
import type { TraceRecord } from '../../core/trace.ts';
import { fromHex } from '../../core/trace.ts';
import { writePcap, type PcapRecord } from '../../core/wire/pcap.ts';
import { arrowPoints, bandText, type Ladder } from '../ladder/layout.ts';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const n = (v: number) => (Math.round(v * 10) / 10).toString();

/** The height of the title line written above the drawing. */
export const TITLE_H = 22;

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
        `<text x="${n(l.axisX + 8)}" y="${n(k.y + 3.5)}" font-size="11" fill="#5b6470">${esc(k.text)}</text>`,
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
        `<text x="${n(b.labelX)}" y="${n(b.labelY)}" text-anchor="middle" font-size="11" fill="#2f6fb3">${esc(bandText(b))}</text></g>`,
    );
  for (const m of l.marks)
    out.push(
      `<g><title>${esc(`${m.word} (${m.trigger}) at ${m.node}`)}</title>` +
        `<line x1="${n(m.x - 8)}" y1="${n(m.y)}" x2="${n(m.x + 8)}" y2="${n(m.y)}" stroke="#7b3fb8" stroke-width="3"/>` +
        `<text x="${n(m.wx)}" y="${n(m.wy)}" text-anchor="${m.anchor}" font-size="10" fill="#7b3fb8">${esc(m.word)}</text></g>`,
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
        `<text x="${n(a.labelX)}" y="${n(a.labelY)}" text-anchor="middle" font-size="11" fill="${colour}">${esc(a.label)}</text>` +
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

/** The packets of a run as pcap records, in trace order (which is time order). */
export function pcapRecords(records: readonly TraceRecord[], upTo = Infinity): PcapRecord[] {
  const out: PcapRecord[] = [];
  for (const r of records) {
    if (r.t > upTo) break;
    if ((r.kind === 'tx' || r.kind === 'encap') && r.hex) out.push({ tUs: r.t, bytes: fromHex(r.hex) });
  }
  return out;
}

export function tracePcap(records: readonly TraceRecord[], upTo = Infinity): Uint8Array {
  return writePcap(pcapRecords(records, upTo));
}
