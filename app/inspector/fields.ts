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
