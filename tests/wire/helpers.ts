// Shared helpers for the wire tests: hex vectors with a comment per field, and an independent
// RFC 1071 checksum used only to fill the checksum of hand-built vectors.
import { parseIPv6 } from '../../core/wire/addr.ts';

/** Joins `[hex, comment]` rows (spaces in hex ignored) into bytes. */
export function vec(rows: [string, string][]): Uint8Array {
  const hex = rows.map(([h]) => h.replace(/\s+/g, '')).join('');
  if (hex.length % 2) throw new Error('odd hex');
  return Uint8Array.from(hex.match(/../g) ?? [], (x) => parseInt(x, 16));
}

/** IPv6 address as hex, for vector rows. */
export function a(text: string): string {
  return Buffer.from(parseIPv6(text)).toString('hex');
}

/**
 * Fills the upper-layer checksum at `at` of the IPv6 packet `p` (upper-layer payload from
 * `payloadStart`, pseudo-header from the IPv6 header at `ip`: right before the payload unless an
 * extension header such as an AH sits between).
 */
export function fillChecksum(
  p: Uint8Array,
  nh: number,
  at: number,
  payloadStart = 40,
  ip = payloadStart - 40,
): Uint8Array {
  const len = p.length - payloadStart;
  p[at] = 0;
  p[at + 1] = 0;
  let s = 0;
  for (let i = ip + 8; i < ip + 40; i += 2) s += ((p[i] ?? 0) << 8) | (p[i + 1] ?? 0);
  s += len + nh;
  for (let i = payloadStart; i < p.length; i += 2) s += ((p[i] ?? 0) << 8) | (p[i + 1] ?? 0);
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  const c = ~s & 0xffff;
  p[at] = c >> 8;
  p[at + 1] = c & 0xff;
  return p;
}

export const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
