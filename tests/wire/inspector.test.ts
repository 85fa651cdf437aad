// The packet inspector's field list (core/wire/reference.ts `fields()`, grouped by
// app/inspector/fields.ts) for a secured HI taken from a real run: with the security
// associations on (§8.2.2) every HI carries an IPsec AH, and a learner must see it as its own
// layer — Next Header, Payload Len, SPI, Sequence Number, ICV with their bytes — and the HI
// behind it, not a "broken packet". Browser-free: the Svelte component only renders these groups.
import { beforeAll, describe, expect, it } from 'vitest';
import { fromHex, type TraceRecord } from '../../core/trace.ts';
import { fields } from '../../core/wire/reference.ts';
import type { Field } from '../../core/wire/types.ts';
import { checksumStatus, groupLayers } from '../../app/inspector/fields.ts';
import { run } from '../beth/helpers.ts';
import { builtinIds } from '../../core/scenario/builtin.ts';

let hi: Uint8Array;
let mnHome: string;
beforeAll(async () => {
  const w = await run('beth-attacker-secured', 1);
  const rec = w.records.find(
    (r): r is TraceRecord & { kind: 'tx'; hex: string } =>
      r.kind === 'tx' && 'msg' in r && r.msg === 'HI' && r.flags === 'H' && r.node === 'oAR' && 'hex' in r,
  );
  if (!rec) throw new Error('no HI(H) from the oAR in beth-attacker-secured (its L2-ST, §3.3 step 2a)');
  hi = fromHex(rec.hex);
  mnHome = w.sc.mobiles.find((m) => m.name === 'MN')!.home;
});

describe('inspector: a secured HI', () => {
  it('shows the AH as its own layer, every field at its offset, and no problem', () => {
    expect(hi[6]).toBe(51); // the IPv6 Next Header names the AH
    const f = fields(hi);
    expect(f.filter((x) => x.problem)).toEqual([]);
    const groups = groupLayers(f);
    expect(groups.map((g) => g.name).slice(0, 3)).toEqual([
      'IPv6 header',
      'Authentication Header (RFC 2402)',
      'ICMPv6 message',
    ]);
    const ah = groups[1]!.fields.map(({ field }) => field);
    const at = (name: string): Field => ah.find((x) => x.name.startsWith(name))!;
    expect(at('Next Header')).toMatchObject({ value: '58', offset: 40, length: 1 });
    expect(at('Payload Len')).toMatchObject({ value: '4 (24 octets)', offset: 41, length: 1 });
    expect(at('SPI')).toMatchObject({ offset: 44, length: 4 });
    expect(Number(at('SPI').value.split(' ')[0])).toBeGreaterThanOrEqual(256); // RFC 2402 §2.4
    expect(at('Sequence Number')).toMatchObject({ value: '1', offset: 48, length: 4 });
    expect(at('ICV')).toMatchObject({ offset: 52, length: 12 });
    expect(at('ICV').value).toBe(Buffer.from(hi.subarray(52, 64)).toString('hex'));
    // Every byte of the AH belongs to one of its fields (the hex dump links them both ways).
    const covered = new Set(ah.flatMap((x) => Array.from({ length: x.length }, (_, k) => x.offset + k)));
    expect([...covered].sort((x, y) => x - y)).toEqual(Array.from({ length: 24 }, (_, k) => 40 + k));
  });
  it('decodes the HI(H) behind it: type and good checksum after the AH, the home address option', () => {
    const f = fields(hi);
    expect(f.find((x) => x.layer === 'ICMPv6' && x.name === 'Type')).toMatchObject({ value: '173 (HI)', offset: 64 });
    expect(checksumStatus(f)).toBe('good');
    expect(f.find((x) => x.layer === 'ICMPv6' && x.name === 'Flags')?.value).toBe('H');
    // §3.3 step 2a: the HI(H) carries the MN's home address (IP Address sub-type 4).
    expect(f.some((x) => x.name === 'Sub-Type' && x.value === '4 (home address)')).toBe(true);
    expect(f.some((x) => x.name === 'IPv6 Address' && x.value === mnHome)).toBe(true);
  });
});

// A student reads every octet of a packet in the inspector: an octet no decoded field covers is
// shown as a gap ("Reserved", "Reserved / padding") and flagged "(not zero)" when it is not zero.
// So a non-zero octet outside every decoded field is the decoder failing to name part of a
// message — as it did with the destination options' Type and Length octets (the Home Address
// option's c9 10 shown as "Reserved (not zero)") and the Lifetime option's Sub-Type (§5.4.3).
describe('inspector: every octet a figure sends is named', () => {
  it('no non-zero octet of any packet of any built-in scenario falls outside a decoded field', async () => {
    const unnamed: string[] = [];
    for (const id of builtinIds()) {
      const w = await run(id, 1);
      const seen = new Set<string>();
      for (const r of w.records) {
        if (r.kind !== 'tx' || !('hex' in r) || typeof r.hex !== 'string') continue;
        const key = `${r.msg}:${r.flags ?? ''}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const bytes = fromHex(r.hex);
        const f = fields(bytes);
        expect(
          f.filter((x) => x.problem),
          `${id} ${key}`,
        ).toEqual([]);
        const covered = new Uint8Array(bytes.length);
        for (const x of f) covered.fill(1, x.offset, x.offset + x.length);
        const gaps = [...bytes.keys()].filter((i) => !covered[i] && bytes[i] !== 0);
        if (gaps.length > 0)
          unnamed.push(`${id} ${key}: octets ${gaps.join(',')} (${gaps.map((i) => bytes[i]!.toString(16)).join(' ')})`);
      }
    }
    expect(unnamed).toEqual([]);
  }, 120_000);

  it("names the F-BU's destination options octet by octet: Home Address option, F-BU option, sub-options", async () => {
    const w = await run('fig3', 1);
    const rec = w.records.find((r) => r.kind === 'tx' && 'msg' in r && r.msg === 'F-BU' && 'hex' in r);
    if (!rec || rec.kind !== 'tx' || typeof rec.hex !== 'string') throw new Error('fig3 sends no F-BU');
    const bytes = fromHex(rec.hex);
    const f = fields(bytes);
    const home = f.filter((x) => x.layer === 'Home Address option').map((x) => x.name);
    // The PadN before it aligns it (8n+6): shown with the option it aligns.
    expect(home).toEqual(['PadN', 'Option Type', 'Option Length', 'Home Address']);
    // One Destination Options header, then its options, each once (it read as two headers).
    const groups = groupLayers(f).map((g) => g.name);
    expect(groups.filter((g) => /^Destination Options/.test(g))).toHaveLength(1);
    expect(new Set(groups).size).toBe(groups.length);
    const t = f.find((x) => x.layer === 'Home Address option' && x.name === 'Option Type')!;
    expect(bytes[t.offset]).toBe(0xc9); // [MIPv6] Home Address option type
    const fbu = f.filter((x) => x.layer === 'F-BU').map((x) => x.name);
    expect(fbu.slice(0, 4)).toEqual(['PadN', 'Option Type', 'Option Length', 'Flags']);
    expect(fbu).toContain('Sub-option Type');
    expect(fbu).toContain('Alternate Care-of Address');
  });
});
