// One table of code points: assembly/codepoints.ts, mirrored in core/wire/codepoints.ts and in
// docs/codepoints.md; the descriptor layout mirrored in core/wire/layout.ts. The status list is
// not mirrored: assembly/status.ts is the one table, and npm run build:wasm generates its names
// for TypeScript (build/status.ts, re-exported by core/wire/layout.ts).
// These tests read the AssemblyScript source text and check the mirrors agree, and that the
// chosen values keep captures from being mistaken for deployed protocols.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as C from '../../core/wire/codepoints.ts';
import * as L from '../../core/wire/layout.ts';
import { statusNamesSource } from '../../scripts/build-wasm.mjs';

const root = join(import.meta.dirname, '../..');
const read = (p: string): string => readFileSync(join(root, p), 'utf8');
/** `export const NAME: type = VALUE;` from an AssemblyScript file, numeric values only. */
function asConstants(path: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of read(path).matchAll(/^export const (\w+): \w+ = (0x[0-9a-fA-F]+|\d+);/gm))
    out.set(m[1]!, Number(m[2]));
  return out;
}

describe('the code point table', () => {
  const as = asConstants('assembly/codepoints.ts');
  it('core/wire/codepoints.ts has every AssemblyScript constant with the same value, and no other', () => {
    expect(as.size).toBeGreaterThan(40);
    const ts = Object.fromEntries(Object.entries(C).filter(([, v]) => typeof v === 'number'));
    expect(ts).toEqual(Object.fromEntries(as));
  });
  it('docs/codepoints.md lists the message, option and destination option types with the same values', () => {
    const doc = read('docs/codepoints.md');
    const rows = new Map([...doc.matchAll(/^\| (\w+) \| (0x[0-9a-f]+|\d+) \|/gm)].map((m) => [m[1]!, Number(m[2])]));
    const listed = [...as.keys()].filter((k) => /^(ICMP6_|OPT_|DOPT_)/.test(k));
    for (const k of listed) expect([k, rows.get(k)]).toEqual([k, as.get(k)]);
  });
  it('no ICMPv6 type Wireshark decodes as another protocol (150, 154), and only unassigned values', () => {
    for (const t of [C.ICMP6_RTSOLPR, C.ICMP6_PRRTADV, C.ICMP6_FNA, C.ICMP6_HI, C.ICMP6_HACK]) {
      expect(t).not.toBe(150);
      expect(t).not.toBe(154);
      expect(t >= 162 && t <= 199).toBe(true);
    }
    for (const o of [C.OPT_IP_ADDRESS, C.OPT_LLA, C.OPT_LIFETIME, C.OPT_NAACK, C.OPT_HO_CAPS]) {
      expect(o > 41 && o !== 138 && o < 253).toBe(true);
    }
  });
  it('destination option types carry the action bits the draft asks for (RFC 2460 §4.2)', () => {
    // §5.3.1: unrecognised F-BU → discard + ICMP Parameter Problem unless multicast (11), no change
    expect(C.DOPT_FBU >> 5).toBe(0b110);
    expect([0x1e, 0x3e, 0x5e, 0x7e, 0x9e, 0xbe, 0xde, 0xfe]).toContain(C.DOPT_FBU);
    expect([0x1e, 0x3e, 0x5e, 0x7e, 0x9e, 0xbe, 0xde, 0xfe]).toContain(C.DOPT_FBACK);
    expect(C.DOPT_FBACK >> 5).toBe(0b000);
    expect(C.DOPT_BU >> 5).toBe(0b110);
    expect(C.DOPT_BACK >> 5).toBe(0b000);
    expect(C.DOPT_BACK).not.toBe(0x07); // CALIPSO
    expect(C.DOPT_HOME_ADDRESS).toBe(0xc9);
  });
});

describe('the descriptor layout and statuses', () => {
  it('core/wire/layout.ts mirrors assembly/desc.ts', () => {
    const as = asConstants('assembly/desc.ts');
    // derived constants in the AS file are expressions; compare the literal ones and the derived values
    const ts = L as unknown as Record<string, number>;
    for (const [k, v] of as) expect([k, ts[k]]).toEqual([k, v]);
    expect(L.D_OPTS).toBe(L.D_TUNNELS + L.TUN_REC * L.TUN_MAX);
    expect(as.size).toBeGreaterThan(30);
  });
  it('STATUS_NAMES follows the numbers of assembly/status.ts', () => {
    const st = asConstants('assembly/status.ts');
    const names = [...read('assembly/status.ts').matchAll(/^export const ST_(\w+): i32 = (\d+);/gm)].map((m) => [
      m[1]!.toLowerCase().replace(/_/g, ''),
      Number(m[2]),
    ]);
    expect(names.length).toBe(L.STATUS_NAMES.length);
    expect(st.size).toBe(L.STATUS_NAMES.length);
    for (const [n, v] of names) expect(L.STATUS_NAMES[v as number]?.toLowerCase()).toBe(n);
  });
  it('build/status.ts is what the generator makes of assembly/status.ts today (not stale, not hand-edited)', () => {
    expect(read('build/status.ts')).toBe(statusNamesSource(read('assembly/status.ts')));
  });
  it('the generator refuses a status table the codec could misread, naming the line', () => {
    const ok = 'export const ST_OK: i32 = 0;\nexport const ST_TRUNCATED: i32 = 1; // short\n';
    expect(statusNamesSource(ok)).toContain("'Truncated', // 1: short");
    // a gap: the codec maps numbers to names by index, so code 2 would be read as a wrong name
    expect(() => statusNamesSource(ok + 'export const ST_BAD_X: i32 = 3;\n', 's.ts')).toThrow(
      /s\.ts:3: .*ST_BAD_X is 3, expected 2/,
    );
    // a repeat: two names for one code
    expect(() => statusNamesSource(ok + 'export const ST_BAD_X: i32 = 1;\n', 's.ts')).toThrow(
      /ST_\w+ is 1, expected 2/,
    );
    // a line of another shape (hex, no type) would silently drop a status
    expect(() => statusNamesSource(ok + 'export const ST_BAD_X: i32 = 0x2;\n', 's.ts')).toThrow(
      /s\.ts:3: expected 'export const ST_NAME: i32 = <decimal>;/,
    );
    expect(() => statusNamesSource('export const ST_TRUNCATED: i32 = 1;\n', 's.ts')).toThrow(/ST_OK = 0/);
  });
});
