// The page's exports besides the ladder's SVG (which is DOM-free, core/views/svg.ts, shared with
// the command line): a PNG of that SVG, drawn by the browser through a canvas, and the run as a
// classic pcap (the packet core's writer), one record per packet put on the wire: each message's
// first transmission and each encapsulation (the outer packet of a tunnel).
import type { TraceRecord } from '../../core/trace.ts';
import { fromHex } from '../../core/trace.ts';
import { writePcap, type PcapRecord } from '../../core/wire/pcap.ts';

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
