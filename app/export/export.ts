// The page's one export that needs the browser: a PNG of the ladder's SVG, drawn through a canvas.
// The SVG itself (core/views/svg.ts) and the capture (core/wire/pcap.ts `tracePcap`) are DOM-free,
// shared with the console and the command line.

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
