// The walking skeleton's slice: the wasm packet core writes a Handover Initiate (§5.2.1) and an
// independent decoder written here, from the draft's diagrams, checks every field and the checksum.
import { describe, expect, it } from 'vitest';
import { loadPacketCore } from '../../core/wasm.ts';

const OLD_COA = [0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10];
const NEW_COA = [0x20, 0x01, 0x0d, 0xb8, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10];
const SRC = [0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
const DST = [0x20, 0x01, 0x0d, 0xb8, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
const MN_LLA = [0x02, 0, 0, 0, 0, 0x10];

/** RFC 1071 sum over the IPv6 pseudo-header and the ICMPv6 message; 0xffff when correct. */
function icmpv6ChecksumOk(pkt: Uint8Array): boolean {
  const plen = (pkt[4]! << 8) | pkt[5]!;
  const words: number[] = [];
  const add16 = (b: Uint8Array, off: number, len: number) => {
    for (let i = 0; i < len; i += 2) words.push((b[off + i]! << 8) | (i + 1 < len ? b[off + i + 1]! : 0));
  };
  add16(pkt, 8, 32); // source and destination addresses
  words.push(plen >>> 16, plen & 0xffff, 0, 58); // upper-layer length, zeros, next header
  add16(pkt, 40, plen);
  let sum = words.reduce((a, b) => a + b, 0);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum === 0xffff;
}

async function buildHI(flags: number, present: number, lifetime: number): Promise<Uint8Array> {
  const core = await loadPacketCore();
  const mem = new Uint8Array(core.memory.buffer);
  const p = core.params();
  mem.set(SRC, p);
  mem.set(DST, p + 16);
  mem.set(OLD_COA, p + 32);
  mem.set(NEW_COA, p + 48);
  mem.set(MN_LLA, p + 64);
  // Fill the output with 0xff first: emit must write every byte (smoltcp's habit).
  mem.fill(0xff, core.pktOut(), core.pktOut() + 256);
  const len = core.buildHI(0x1234, flags, present, MN_LLA.length, 64, lifetime);
  return new Uint8Array(core.memory.buffer, core.pktOut(), len).slice();
}

describe('Handover Initiate built by the wasm core (§5.2.1)', () => {
  it('has the IPv6 header, ICMPv6 header, flags, options in the mandated order and a correct checksum', async () => {
    // S and U set (stateful request with buffering); every option present.
    const pkt = await buildHI(0x80 | 0x40, 1 | 2 | 4 | 8, 3);
    // IPv6 header (RFC 2460 §3)
    expect(pkt[0]! >> 4).toBe(6); // version
    expect(((pkt[0]! & 0x0f) << 4) | (pkt[1]! >> 4)).toBe(0); // traffic class
    expect(((pkt[1]! & 0x0f) << 16) | (pkt[2]! << 8) | pkt[3]!).toBe(0); // flow label
    const plen = (pkt[4]! << 8) | pkt[5]!;
    expect(plen).toBe(pkt.length - 40);
    expect(pkt[6]).toBe(58); // next header: ICMPv6
    expect(pkt[7]).toBe(255); // §5.2.1: Hop Limit 255
    expect([...pkt.subarray(8, 24)]).toEqual(SRC);
    expect([...pkt.subarray(24, 40)]).toEqual(DST);
    // ICMPv6: Type (our code point for HI), Code 0, Checksum, Identifier, S|U|H|T|R|Reserved
    const icmp = pkt.subarray(40);
    expect(icmp[0]).toBe(173);
    expect(icmp[1]).toBe(0);
    expect((icmp[4]! << 8) | icmp[5]!).toBe(0x1234);
    expect(icmp[6]).toBe(0xc0); // S and U, nothing else; reserved bits zero
    expect(icmp[7]).toBe(0);
    expect(icmpv6ChecksumOk(pkt)).toBe(true);
    // Options, in the §5.2.1 order: MN's LLA, old CoA, new CoA, Lifetime. ND framing: length in 8-octet units.
    const opts: { type: number; body: Uint8Array }[] = [];
    for (let off = 8; off < icmp.length;) {
      const len = icmp[off + 1]! * 8;
      expect(len).toBeGreaterThan(0);
      opts.push({ type: icmp[off]!, body: icmp.subarray(off, off + len) });
      off += len;
    }
    expect(opts.map((o) => o.type)).toEqual([231, 230, 230, 232]);
    // LLA option (§5.4.2): sub-type 2 = MN, then the address, zero padding to 16 octets.
    expect(opts[0]!.body.length).toBe(16);
    expect(opts[0]!.body[2]).toBe(2);
    expect([...opts[0]!.body.subarray(3, 9)]).toEqual(MN_LLA);
    expect([...opts[0]!.body.subarray(9)]).toEqual([0, 0, 0, 0, 0, 0, 0]);
    // IP Address options (§5.4.1): Length 3, sub-type 1 = old CoA / 2 = new CoA, prefix length, reserved, address.
    for (const [i, sub, addr] of [
      [1, 1, OLD_COA],
      [2, 2, NEW_COA],
    ] as const) {
      const o = opts[i]!.body;
      expect(o[1]).toBe(3);
      expect(o[2]).toBe(sub);
      expect(o[3]).toBe(64);
      expect([...o.subarray(4, 8)]).toEqual([0, 0, 0, 0]);
      expect([...o.subarray(8, 24)]).toEqual(addr);
    }
    // Lifetime option (§5.4.3): sub-type 1, reserved 0, lifetime in seconds.
    const lt = opts[3]!.body;
    expect([...lt]).toEqual([232, 1, 1, 0, 0, 0, 0, 3]);
  });

  it('omits the options that are not asked for and still checksums correctly', async () => {
    const pkt = await buildHI(0, 1 | 2, 0);
    expect(pkt.length).toBe(40 + 8 + 16 + 24);
    expect(icmpv6ChecksumOk(pkt)).toBe(true);
    // A single flipped bit anywhere in the ICMPv6 part breaks the checksum.
    for (const i of [40, 47, 60, pkt.length - 1]) {
      const bad = pkt.slice();
      bad[i]! ^= 0x01;
      expect(icmpv6ChecksumOk(bad)).toBe(false);
    }
  });

  it('agrees with the core on which checksums are good', async () => {
    const core = await loadPacketCore();
    const pkt = await buildHI(0x20, 1 | 2 | 8, 10);
    const mem = new Uint8Array(core.memory.buffer);
    mem.set(pkt, core.pktIn());
    expect(core.verifyChecksum(pkt.length)).toBe(1);
    mem[core.pktIn() + 50]! ^= 0x80;
    expect(core.verifyChecksum(pkt.length)).toBe(0);
    expect(core.verifyChecksum(39)).toBe(-1);
  });
});
