// Where a packet dot is drawn on its hop: along the line between the two nodes, but only on the
// part outside their shapes, so a dot never covers a router's, host's or mobile's name (issue 9).
// Pure, tested in tests/ui/topology-dots.test.ts.

/** A node as drawn: a box (half width, half height) or a disc (radius), centred on its place. */
export type Shape = { hw: number; hh: number } | { r: number };

/** How far along a→b (0…1) the line leaves a shape of `pad` more than `s` centred on a. */
function exit(s: Shape | undefined, dx: number, dy: number, pad: number): number {
  if (!s) return 0;
  const len = Math.hypot(dx, dy);
  if (len === 0) return 0;
  if ('r' in s) return (s.r + pad) / len;
  const tx = dx === 0 ? Infinity : (s.hw + pad) / Math.abs(dx);
  const ty = dy === 0 ? Infinity : (s.hh + pad) / Math.abs(dy);
  return Math.min(tx, ty);
}

/**
 * The dot of radius `r` at fraction `f` (0 at `a`, 1 at `b`) of its hop, mapped onto the visible
 * part of the line between the shapes `sa` and `sb`. Nodes so close that nothing is visible
 * between them put the dot half-way (drawn under the names, which are painted after the dots).
 */
export function dotPlace(
  a: { x: number; y: number },
  sa: Shape | undefined,
  b: { x: number; y: number },
  sb: Shape | undefined,
  f: number,
  r: number,
): { x: number; y: number } {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const pad = r + 1;
  const t0 = exit(sa, dx, dy, pad);
  const t1 = 1 - exit(sb, dx, dy, pad);
  const k = Math.min(1, Math.max(0, f));
  const t = t0 < t1 ? t0 + (t1 - t0) * k : 0.5;
  return { x: a.x + dx * t, y: a.y + dy * t };
}
