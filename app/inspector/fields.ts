// Shapes the reference decoder's flat field list (core/wire/reference.ts `fields()`) for the
// inspector: one table per layer — outer IPv6, each inner IPv6 of a tunnelled packet, the
// Authentication Header, the destination options header, the ICMPv6 message — and one per option.
import type { Field } from '../../core/wire/types.ts';

export interface LayerGroup {
  key: string;
  name: string;
  fields: { field: Field; i: number }[];
}

function layerName(layer: string, outerCount: number): string {
  if (layer === 'IPv6') return outerCount > 0 ? 'Outer IPv6 header (tunnel)' : 'IPv6 header';
  const inner = /^IPv6 \(inner (\d+)\)$/.exec(layer);
  if (inner) return `Inner IPv6 header ${inner[1]} (tunnelled packet)`;
  if (layer === 'DestOpts') return 'Destination Options header';
  // §8: the IPsec AH the HI/HACK/HTT/F-BU carry when associations are on (read, not verified here).
  if (layer === 'AH') return 'Authentication Header (RFC 2402)';
  if (layer === 'ICMPv6') return 'ICMPv6 message';
  if (layer === 'error') return 'Undecoded bytes';
  return layer;
}

export function groupLayers(fields: readonly Field[]): LayerGroup[] {
  const tunnelled = fields.some((f) => f.layer.startsWith('IPv6 (inner'));
  const out: LayerGroup[] = [];
  let cur: LayerGroup | undefined;
  let options = 0;
  fields.forEach((field, i) => {
    // An ND option starts at its Type field: each option gets its own table.
    const startsOption = field.layer === 'Option' && field.name === 'Type';
    if (!cur || cur.key.split('#')[0] !== field.layer || startsOption) {
      const n = startsOption ? ++options : 0;
      const name =
        field.layer === 'Option'
          ? `Option ${n}: ${startsOption ? field.value.replace(/^\d+ \((.*)\)$/, '$1') : ''}`
          : layerName(field.layer, tunnelled ? 1 : 0);
      cur = { key: `${field.layer}#${i}`, name, fields: [] };
      out.push(cur);
    }
    cur.fields.push({ field, i });
  });
  return out;
}

/** The ICMPv6 or UDP checksum's verdict, or null if the packet has none (destination options). */
export function checksumStatus(fields: readonly Field[]): 'good' | 'bad' | null {
  if (fields.some((f) => f.problem === 'BadChecksum')) return 'bad';
  if (fields.some((f) => (f.layer === 'ICMPv6' || f.layer === 'UDP') && f.name === 'Checksum')) return 'good';
  return null;
}

/** Flag bits of each message, most significant first: mask, letter, meaning (the draft's section). */
const FLAG_BITS: Record<string, [number, string, string][]> = {
  // §5.2.1
  HI: [
    [0x80, 'S', 'stateful nCoA (assigned by the nAR, §3.1.4)'],
    [0x40, 'U', 'buffer (§5.2.1)'],
    [0x20, 'H', 'BET request, source trigger (§3.3)'],
    [0x10, 'T', 'BET request, target trigger (§3.3)'],
    [0x08, 'R', 'BET renewal or release (§3.4)'],
  ],
  // §5.2.2
  HACK: [
    [0x80, 'H', 'BET, source trigger (§3.3)'],
    [0x40, 'T', 'BET, target trigger (§3.3)'],
    [0x20, 'R', 'BET renewal or release (§3.4)'],
  ],
  // RFC 2461 §4.4 (and the F-NA, §5.1.3)
  NA: [
    [0x80, 'R', 'router'],
    [0x40, 'S', 'solicited'],
    [0x20, 'O', 'override'],
  ],
  // RFC 2461 §4.2
  RA: [
    [0x80, 'M', 'managed address configuration'],
    [0x40, 'O', 'other configuration'],
  ],
  // §5.3.1: the first octet, drawn "Reserved"; the lab reads its high bit as the A bit of §5.3.2.
  'F-BU': [[0x80, 'A', 'acknowledge (§5.3.2)']],
  // [MIPv6] draft-12 §5.1
  BU: [
    [0x80, 'A', 'acknowledge'],
    [0x40, 'H', 'home registration'],
    [0x20, 'R', 'router'],
    [0x10, 'D', 'duplicate address detection'],
  ],
};
FLAG_BITS['F-NA'] = FLAG_BITS.NA!;

/** One line per bit of a flags octet, Wireshark's way: ".... ..1. = U: buffer" (unnamed bits: reserved). */
export function flagBits(kind: string, byte: number): string[] {
  const bits = FLAG_BITS[kind];
  if (!bits) return [];
  const out: string[] = [];
  for (let i = 7; i >= 0; i--) {
    const mask = 1 << i;
    const named = bits.find(([m]) => m === mask);
    const set = (byte & mask) !== 0;
    if (!named && !set) continue;
    let pattern = '';
    for (let k = 7; k >= 0; k--) pattern += (k === i ? (set ? '1' : '0') : '.') + (k === 4 ? ' ' : '');
    out.push(
      named
        ? `${pattern} = ${named[1]}: ${named[2]}${set ? '' : ' (not set)'}`
        : `${pattern} = reserved bit, set (should be 0)`,
    );
  }
  return out;
}

/** The message a layer's Flags field belongs to: its ICMPv6 Type ("173 (HI)") or its option's layer. */
export function flagsKind(fields: readonly Field[], flags: Field): string {
  if (flags.layer === 'ICMPv6') {
    const type = fields.find((f) => f.layer === 'ICMPv6' && f.name === 'Type');
    return /\(([^)]+)\)/.exec(type?.value ?? '')?.[1] ?? '';
  }
  return flags.layer;
}

/**
 * Bytes no decoded field covers, as named fields: the rest of the IPv6 header's first word
 * (Traffic Class, Flow Label), reserved octets of a message or an option, padding to an option's
 * length — each in the layer of the field before it, so every byte of the dump maps to a name.
 */
export function gapFields(fields: readonly Field[], bytes: Uint8Array): Field[] {
  const covered = new Uint8Array(bytes.length);
  for (const f of fields) for (let i = f.offset; i < f.offset + f.length && i < bytes.length; i++) covered[i] = 1;
  const out: Field[] = [];
  let i = 0;
  while (i < bytes.length) {
    if (covered[i]) {
      i++;
      continue;
    }
    let j = i;
    while (j < bytes.length && !covered[j]) j++;
    const before = [...fields].reverse().find((f) => f.offset < i);
    const layer = before?.layer ?? 'error';
    let name = 'Reserved';
    if (/^IPv6/.test(layer) && before?.name === 'Version') name = 'Traffic Class, Flow Label';
    else if (layer === 'Option' || layer === 'DestOpts') name = 'Reserved / padding';
    else if (before?.name === 'Option Length' || /^(F-BU|F-BACK|BU|BACK)$/.test(layer))
      name = i === (before?.offset ?? 0) - 1 ? 'Option Type' : 'Reserved';
    const hex = Array.from(bytes.slice(i, j), (b) => b.toString(16).padStart(2, '0')).join(' ');
    const zero = bytes.slice(i, j).every((b) => b === 0);
    out.push({
      layer,
      name,
      value: `${hex}${name === 'Reserved' || name === 'Reserved / padding' ? (zero ? ' (zero)' : ' (not zero)') : ''}`,
      offset: i,
      length: j - i,
    });
    i = j;
  }
  return out;
}

/** The decoded fields with the gaps named, in byte order (decoded fields are in byte order already). */
export function withGaps(fields: readonly Field[], bytes: Uint8Array): Field[] {
  const gaps = gapFields(fields, bytes);
  const out: Field[] = [];
  let g = 0;
  for (const f of fields) {
    while (g < gaps.length && gaps[g]!.offset < f.offset) out.push(gaps[g++]!);
    out.push(f);
  }
  while (g < gaps.length) out.push(gaps[g++]!);
  return out;
}

/** The printable ASCII of a byte, "." otherwise (the dump's right column). */
export function ascii(b: number): string {
  return b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
}
