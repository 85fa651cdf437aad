// §4 interoperability: the Handover Capabilities extension (§5.4.5) on RtSolPr/PrRtAdv, the three
// outcomes of §4.1, suppression (§4.2) and boundary transitions (§4.3) — as decisions, and as real
// bytes through the packet core.
import { describe, expect, it, beforeAll } from 'vitest';
import { loadCodec, type Codec } from '../../core/wire/codec.ts';
import {
  boundaryNotice,
  capabilityAdv,
  capabilitySol,
  CapsTable,
  codeOf,
  hoCapsOf,
  isCapabilityExchange,
  mnAfterNotice,
  outcome,
  HOCAPS_ANTICIPATED,
  HOCAPS_MIPV6_ONLY,
  HOCAPS_TUNNEL,
} from '../../core/roles/caps.ts';

let codec: Codec;
beforeAll(async () => {
  codec = await loadCodec();
});
const AR_LLA = '02:00:00:00:01:01';

describe('§4.1 initial exchange', () => {
  it('the capability RtSolPr names the current AR itself and carries the MN code; the AR tells it from a handover request', () => {
    const sol = capabilitySol('2001:db8:1::10', '2001:db8:1::1', 5, '02:00:00:00:00:10', AR_LLA, HOCAPS_TUNNEL);
    const p = codec.parse(codec.emit(sol));
    expect(p.ok).toBe(true);
    if (!p.ok || p.msg.kind !== 'RtSolPr') return;
    expect(isCapabilityExchange(p.msg, AR_LLA)).toBe(true);
    expect(isCapabilityExchange(p.msg, '02:00:00:00:02:01')).toBe(false); // a real handover request names another AP
    expect(hoCapsOf(p.msg)).toBe(HOCAPS_TUNNEL);
  });
  it('the reply PrRtAdv carries the AR LLA and its code, and survives the wire', () => {
    const adv = capabilityAdv('fe80::1', '2001:db8:1::10', 5, AR_LLA, HOCAPS_ANTICIPATED);
    const p = codec.parse(codec.emit(adv));
    expect(p.ok && p.msg.kind === 'PrRtAdv' && hoCapsOf(p.msg)).toBe(HOCAPS_ANTICIPATED);
  });
  it('the three outcomes', () => {
    expect(outcome('beth', HOCAPS_TUNNEL)).toBe('beth'); // 1: both tunnel-based
    expect(outcome('beth', HOCAPS_ANTICIPATED)).toBe('anticipated'); // 2: the MN MUST use anticipated
    expect(outcome('anticipated', HOCAPS_TUNNEL)).toBe('anticipated'); // 3: the network MUST use anticipated
  });
  it('§4.2: no PrRtAdv → the MN reverts to standard Mobile IPv6; a standard-only AR answer too', () => {
    expect(outcome('beth', undefined)).toBe('mipv6');
    expect(outcome('anticipated', HOCAPS_MIPV6_ONLY)).toBe('mipv6');
  });
  it('§4.2: the AR suppresses fast signalling for an MN that never announced itself', () => {
    const t = new CapsTable();
    expect(t.suppress('02:00:00:00:00:10')).toBe(true);
    t.learn('02:00:00:00:00:10', 'beth');
    expect(t.suppress('02:00:00:00:00:10')).toBe(false);
    t.learn('02:00:00:00:00:11', 'mipv6');
    expect(t.suppress('02:00:00:00:00:11')).toBe(true);
  });
});

describe('§4.3 transitions between coverage areas', () => {
  it('§4.3.1 into a standard-only area: code 3, the MN goes standard', () => {
    expect(boundaryNotice('beth', 'mipv6')).toEqual({ code: HOCAPS_MIPV6_ONLY, mnMust: 'mipv6' });
    expect(boundaryNotice('anticipated', 'mipv6')).toEqual({ code: HOCAPS_MIPV6_ONLY, mnMust: 'mipv6' });
    expect(mnAfterNotice('beth', 'beth', HOCAPS_MIPV6_ONLY, true)).toBe('mipv6');
  });
  it('§4.3.1 out of a standard-only area: the boundary AR announces itself; the MN MUST begin anticipated (or MAY tunnel-based)', () => {
    expect(boundaryNotice('mipv6', 'anticipated')).toEqual({ code: HOCAPS_ANTICIPATED, mnMust: 'anticipated' });
    expect(mnAfterNotice('mipv6', 'beth', HOCAPS_ANTICIPATED, true)).toBe('anticipated');
    expect(boundaryNotice('mipv6', 'beth')?.mnMust).toBe('may-switch');
    expect(mnAfterNotice('mipv6', 'beth', HOCAPS_TUNNEL, true)).toBe('beth');
    expect(mnAfterNotice('mipv6', 'beth', HOCAPS_TUNNEL, false)).toBe('anticipated');
  });
  it('§4.3.2 tunnel-based → anticipated: the MN MUST switch at once; anticipated → tunnel-based: MAY', () => {
    expect(boundaryNotice('beth', 'anticipated')).toEqual({ code: HOCAPS_ANTICIPATED, mnMust: 'anticipated' });
    expect(mnAfterNotice('beth', 'beth', HOCAPS_ANTICIPATED, true)).toBe('anticipated');
    expect(boundaryNotice('anticipated', 'beth')).toEqual({ code: HOCAPS_TUNNEL, mnMust: 'may-switch' });
    expect(mnAfterNotice('anticipated', 'beth', HOCAPS_TUNNEL, false)).toBe('anticipated');
    expect(mnAfterNotice('anticipated', 'anticipated', HOCAPS_TUNNEL, true)).toBe('anticipated'); // an anticipated-only MN cannot
  });
  it('codes round-trip; no notice inside one area', () => {
    for (const m of ['beth', 'anticipated', 'mipv6'] as const) expect(boundaryNotice(m, m)).toBeUndefined();
    expect([codeOf('beth'), codeOf('anticipated'), codeOf('mipv6')]).toEqual([2, 0, 3]);
  });
});
