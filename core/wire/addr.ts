// IPv6 and link-layer address text <-> bytes. Text output is canonical (RFC 5952: lower case,
// longest run of two or more zero groups as '::', the first such run on a tie), so values
// compare as strings.

/** Parses IPv6 text (full or '::'-compressed; no dotted IPv4 tail) into 16 octets. */
export function parseIPv6(text: string, out: Uint8Array = new Uint8Array(16), at = 0): Uint8Array {
  const bad = (): never => {
    throw new Error(`not an IPv6 address: '${text}'`);
  };
  const halves = text.split('::');
  if (halves.length > 2) bad();
  const part = (p: string): number[] =>
    p === ''
      ? []
      : p.split(':').map((g) => {
          if (!/^[0-9a-fA-F]{1,4}$/.test(g)) bad();
          return parseInt(g, 16);
        });
  const head = part(halves[0] ?? '');
  const rest = halves.length === 2 ? part(halves[1] ?? '') : [];
  let groups: number[];
  if (halves.length === 2) {
    if (head.length + rest.length > 7) bad();
    groups = [...head, ...new Array<number>(8 - head.length - rest.length).fill(0), ...rest];
  } else {
    if (head.length !== 8) bad();
    groups = head;
  }
  for (let i = 0; i < 8; i++) {
    const g = groups[i] ?? 0;
    out[at + 2 * i] = g >> 8;
    out[at + 2 * i + 1] = g & 0xff;
  }
  return out;
}

/** Canonical text of the 16 octets at `at` (RFC 5952). */
export function formatIPv6(b: Uint8Array, at = 0): string {
  const g: number[] = [];
  for (let i = 0; i < 8; i++) g.push(((b[at + 2 * i] ?? 0) << 8) | (b[at + 2 * i + 1] ?? 0));
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (x: number[]): string => x.map((v) => v.toString(16)).join(':');
  if (bestStart < 0) return hex(g);
  return hex(g.slice(0, bestStart)) + '::' + hex(g.slice(bestStart + bestLen));
}

/** Canonical form of any IPv6 text. */
export function canonicalIPv6(text: string): string {
  return formatIPv6(parseIPv6(text));
}

/** 'aa:bb:cc:dd:ee:ff' -> 6 octets. */
export function parseLla(text: string, out: Uint8Array = new Uint8Array(6), at = 0): Uint8Array {
  const parts = text.split(':');
  if (parts.length !== 6 || parts.some((p) => !/^[0-9a-fA-F]{2}$/.test(p))) {
    throw new Error(`not a 6-octet link-layer address: '${text}'`);
  }
  parts.forEach((p, i) => (out[at + i] = parseInt(p, 16)));
  return out;
}

export function formatLla(b: Uint8Array, at = 0): string {
  const parts: string[] = [];
  for (let i = 0; i < 6; i++) parts.push((b[at + i] ?? 0).toString(16).padStart(2, '0'));
  return parts.join(':');
}
