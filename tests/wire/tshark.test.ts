// Captures: a run's packets as classic pcap (link type 229, raw IPv6), read by real tshark.
// Asserts on a capture holding every message type, a tunnelled data packet and an F-BU with its
// Home Address option: no malformed packet and no warning, every ICMPv6 and UDP checksum good,
// the tunnelled packet decodes to its inner packet, the Home Address option is recognised.
// Then the Lua dissector (tools/wireshark/fmip.lua): no Lua error on stderr (a Lua error still
// exits 0), and its field values match the messages. tshark missing is a failure, not a skip.
import { describe, expect, it, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { loadCodec, type Codec } from '../../core/wire/codec.ts';
import { writePcap } from '../../core/wire/pcap.ts';
import { SAMPLES, HOA } from '../../core/wire/samples.ts';
import { authFor, newSa } from '../../core/wire/auth.ts';
import { DATA_PORT, type Message } from '../../core/wire/types.ts';
import { arbMessage, arbMutation, mutate } from './arbitraries.ts';

const LUA = join(import.meta.dirname, '../../tools/wireshark/fmip.lua');
const NAMES = Object.keys(SAMPLES);
let codec: Codec;
let pcap: string;
const dir = mkdtempSync(join(tmpdir(), 'fmip-tshark-'));

function tshark(args: string[]): { out: string; err: string } {
  const r = spawnSync('tshark', args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  expect(r.status, r.stderr).toBe(0);
  return { out: r.stdout, err: r.stderr };
}
/** tshark -T fields: one row per frame, one column per field. */
function fieldsOf(file: string, names: string[], extra: string[] = []): string[][] {
  const { out } = tshark([
    '-r',
    file,
    ...extra,
    '-o',
    'udp.check_checksum:TRUE',
    '-T',
    'fields',
    ...names.flatMap((n) => ['-e', n]),
  ]);
  return out
    .trimEnd()
    .split('\n')
    .map((l) => l.split('\t'));
}
// A Lua syntax error is reported on stderr; a runtime error inside the dissector only as
// "Lua Error" in the packet details (stdout); tshark exits 0 either way.
const luaErrors = (err: string, out = ''): string[] =>
  [...err.split('\n'), ...out.split('\n')].filter((l) => /lua:|lua error|attempt to/i.test(l));

beforeAll(async () => {
  const found = spawnSync('tshark', ['-v'], { encoding: 'utf8' });
  if (found.error || found.status !== 0) {
    throw new Error('tshark is not installed: run `apt-get install -y tshark` (this test needs it, it is not skipped)');
  }
  codec = await loadCodec();
  pcap = join(dir, 'all.pcap');
  writeFileSync(pcap, writePcap(NAMES.map((k, i) => ({ tUs: i * 1500, bytes: codec.emit(SAMPLES[k] as Message) }))));
});

describe('tshark reads the capture', () => {
  it('the pcap holds every message: HTT, tunnel and F-BU with its Home Address option included', () => {
    expect(existsSync(pcap)).toBe(true);
    expect(NAMES).toEqual(
      expect.arrayContaining(['HI', 'HACK', 'HTT-HI', 'HTT-HACK', 'F-BU', 'TUNNEL', 'DATA', 'RA', 'NS', 'NA']),
    );
    expect(fieldsOf(pcap, ['frame.number'])).toHaveLength(NAMES.length);
  });
  it('no malformed packet and no expert warning', () => {
    const { out } = tshark([
      '-r',
      pcap,
      '-o',
      'udp.check_checksum:TRUE',
      '-Y',
      '_ws.malformed || _ws.expert.severity >= warning',
    ]);
    expect(out).toBe('');
  });
  it('every ICMPv6 and UDP checksum is good (status 1)', () => {
    const rows = fieldsOf(pcap, ['frame.number', 'icmpv6.checksum.status', 'udp.checksum.status']);
    let icmp = 0;
    let udp = 0;
    rows.forEach(([, ic, ud], i) => {
      const kind = (SAMPLES[NAMES[i] as string] as Message).kind;
      if (ic) {
        icmp++;
        expect(ic, NAMES[i]).toBe('1');
      }
      if (ud) {
        udp++;
        expect(ud, NAMES[i]).toBe('1');
      }
      if (['F-BU', 'F-BACK', 'BU', 'BACK'].includes(kind)) expect(`${ic ?? ''}${ud ?? ''}`).toBe('');
    });
    expect(icmp).toBe(NAMES.filter((k) => !['F-BU', 'F-BACK', 'BU', 'BACK', 'DATA', 'TUNNEL'].includes(k)).length);
    expect(udp).toBe(2);
  });
  it('the tunnelled packet decodes to its inner packet (RFC 2473)', () => {
    const i = NAMES.indexOf('TUNNEL');
    const row = fieldsOf(pcap, ['ipv6.src', 'ipv6.dst', 'ipv6.nxt', 'udp.dstport', 'udp.checksum.status'])[i] ?? [];
    const t = SAMPLES.TUNNEL as Extract<Message, { kind: 'TUNNEL' }>;
    const inner = t.inner as Extract<Message, { kind: 'DATA' }>;
    expect(row).toEqual([`${t.src},${inner.src}`, `${t.dst},${inner.dst}`, '41,17', String(inner.dstPort), '1']);
  });
  it('the data stream is plain UDP to stock Wireshark: no dissector claims its ports (issue 15)', () => {
    // The frames: UDP then "data", nothing decoded on top (5000/5001 came out as other protocols).
    const rows = fieldsOf(pcap, ['frame.protocols']);
    expect(rows[NAMES.indexOf('DATA')]?.[0]).toBe('ipv6:udp:data');
    expect(rows[NAMES.indexOf('TUNNEL')]?.[0]).toBe('ipv6:ipv6:udp:data');
    // And the ports of the first ten streams (DATA_PORT + i) are in no table of this tshark.
    const { out } = tshark(['-G', 'decodes']);
    const claimed = new Set(
      out
        .split('\n')
        .map((l) => l.split('\t'))
        .filter((c) => c[0] === 'udp.port')
        .map((c) => Number(c[1])),
    );
    const ours = Array.from({ length: 10 }, (_, i) => DATA_PORT + i);
    expect(ours.filter((p) => claimed.has(p))).toEqual([]);
    expect(claimed.has(5000)).toBe(true); // the table is read right: the old port is in it
  });
  it('the Home Address option of the F-BU and BU is recognised', () => {
    const rows = fieldsOf(pcap, ['ipv6.opt.type', 'ipv6.opt.mipv6.home_address']);
    for (const k of ['F-BU', 'BU']) {
      const m = SAMPLES[k] as Extract<Message, { kind: 'F-BU' | 'BU' }>;
      expect(rows[NAMES.indexOf(k)]?.[1]).toBe(m.homeAddress);
      expect(rows[NAMES.indexOf(k)]?.[0]).toContain('0xc9');
    }
  });
});

describe('the Lua dissector', () => {
  const FIELDS = [
    'fmip.msg',
    'fmip.identifier',
    'fmip.flags',
    'fmip.htt',
    'fmip.opt.lifetime',
    'fmip.naack.status',
    'fmip.hoa',
    'fmip.bu.altcoa',
    'fmip.bu.sequence',
    'fmip.ba.status',
    'fmip.opt.home_address',
    'fmip.ah',
  ];
  it('loads without a Lua error and decodes every draft message', () => {
    const { out, err } = tshark(['-X', `lua_script:${LUA}`, '-r', pcap, '-V']);
    expect(luaErrors(err, out)).toEqual([]);
    expect(out).toContain('Fast Handovers for MIPv6');
    const bad = tshark([
      '-X',
      `lua_script:${LUA}`,
      '-r',
      pcap,
      '-Y',
      '_ws.malformed || _ws.expert.severity >= warning',
    ]);
    expect(bad.out).toBe('');
    const rows = fieldsOf(pcap, FIELDS, ['-X', `lua_script:${LUA}`]);
    const row = (k: string): Record<string, string> =>
      Object.fromEntries(FIELDS.map((f, j) => [f, rows[NAMES.indexOf(k)]?.[j] ?? '']));
    expect(row('HI')).toMatchObject({ 'fmip.msg': 'HI', 'fmip.identifier': '7', 'fmip.flags': 'U', 'fmip.htt': '0' });
    // §3.3 steps 2a/3a: the home address (IP Address sub-type 4) of the HI(H) and HACK(T).
    expect(row('HI-H')).toMatchObject({ 'fmip.flags': 'H', 'fmip.opt.lifetime': '5', 'fmip.opt.home_address': HOA });
    expect(row('HACK-T')).toMatchObject({ 'fmip.flags': 'T', 'fmip.opt.home_address': HOA, 'fmip.ah': '' });
    expect(row('HACK-R')).toMatchObject({ 'fmip.msg': 'HACK', 'fmip.flags': 'R', 'fmip.opt.lifetime': '10' });
    expect(row('HTT-HI')).toMatchObject({ 'fmip.msg': 'HTT (HI)', 'fmip.flags': 'HT', 'fmip.htt': '1' });
    expect(row('HTT-HACK')).toMatchObject({ 'fmip.msg': 'HTT (HACK)', 'fmip.htt': '1' });
    expect(row('RtSolPr')['fmip.msg']).toBe('RtSolPr');
    expect(row('PrRtAdv')['fmip.msg']).toBe('PrRtAdv');
    expect(row('F-NA')['fmip.msg']).toBe('F-NA');
    expect(row('RA')).toMatchObject({ 'fmip.msg': 'RA', 'fmip.naack.status': '0' });
    const fbu = SAMPLES['F-BU'] as Extract<Message, { kind: 'F-BU' }>;
    expect(row('F-BU')).toMatchObject({
      'fmip.msg': 'Home Address,F-BU',
      'fmip.hoa': fbu.homeAddress,
      'fmip.bu.altcoa': fbu.altCoA,
      'fmip.bu.sequence': String(fbu.sequence),
    });
    expect(row('F-BACK')).toMatchObject({ 'fmip.msg': 'F-BACK', 'fmip.ba.status': '0' });
    expect(row('BU')['fmip.msg']).toBe('Home Address,BU');
    expect(row('BACK')['fmip.msg']).toBe('BA');
  });
  it('decodes the messages behind an IPsec AH (§8: HI, HACK, HTT, F-BU of a secured scenario)', () => {
    const auth = authFor(codec.core);
    const sa = newSa(0x1001, new Uint8Array(32).fill(9));
    const kinds = ['HI', 'HI-H', 'HACK-T', 'HTT-HI', 'HTT-HACK', 'F-BU'];
    const file = join(dir, 'ah.pcap');
    writeFileSync(
      file,
      writePcap(kinds.map((k, i) => ({ tUs: i * 1000, bytes: auth.addAuth(codec.emit(SAMPLES[k] as Message), sa) }))),
    );
    const { out, err } = tshark(['-X', `lua_script:${LUA}`, '-r', file, '-V']);
    expect(luaErrors(err, out)).toEqual([]);
    const bad = tshark([
      '-X',
      `lua_script:${LUA}`,
      '-r',
      file,
      '-Y',
      '_ws.malformed || _ws.expert.severity >= warning',
    ]);
    expect(bad.out).toBe('');
    const rows = fieldsOf(file, ['ah.spi', 'icmpv6.checksum.status', ...FIELDS], ['-X', `lua_script:${LUA}`]);
    const row = (k: string): Record<string, string> =>
      Object.fromEntries(
        ['ah.spi', 'icmpv6.checksum.status', ...FIELDS].map((f, j) => [f, rows[kinds.indexOf(k)]?.[j] ?? '']),
      );
    for (const k of kinds) expect(row(k)).toMatchObject({ 'ah.spi': '0x00001001', 'fmip.ah': '1' });
    expect(row('HI')).toMatchObject({ 'fmip.msg': 'HI', 'fmip.identifier': '7', 'icmpv6.checksum.status': '1' });
    expect(row('HI-H')).toMatchObject({ 'fmip.flags': 'H', 'fmip.opt.home_address': HOA, 'fmip.opt.lifetime': '5' });
    expect(row('HACK-T')).toMatchObject({ 'fmip.msg': 'HACK', 'fmip.flags': 'T', 'fmip.opt.home_address': HOA });
    expect(row('HTT-HI')).toMatchObject({ 'fmip.msg': 'HTT (HI)', 'fmip.htt': '1' });
    expect(row('HTT-HACK')).toMatchObject({ 'fmip.msg': 'HTT (HACK)', 'fmip.htt': '1' });
    const fbu = SAMPLES['F-BU'] as Extract<Message, { kind: 'F-BU' }>;
    expect(row('F-BU')).toMatchObject({ 'fmip.msg': 'Home Address,F-BU', 'fmip.bu.altcoa': fbu.altCoA });
  });
  it('raises no Lua error on 300 damaged packets', () => {
    // every other one behind an AH (§8), so the AH walk meets damage too
    const auth = authFor(codec.core);
    const sa = newSa(0x1001, new Uint8Array(32).fill(9));
    const bad = fc.sample(fc.tuple(arbMessage, arbMutation), { numRuns: 300, seed: 11 }).map(([m, mu], i) => ({
      tUs: i,
      bytes: mutate(i % 2 && m.kind !== 'TUNNEL' ? auth.addAuth(codec.emit(m), sa) : codec.emit(m), mu),
    }));
    const file = join(dir, 'damaged.pcap');
    writeFileSync(file, writePcap(bad));
    const { out, err } = tshark(['-X', `lua_script:${LUA}`, '-r', file, '-V']);
    expect(out.length).toBeGreaterThan(0);
    expect(luaErrors(err, out)).toEqual([]);
  });
});
