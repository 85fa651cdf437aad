// The per-node data plane: every action (deliver, forward, encap, decap, buffer, drop) and every
// drop reason, on the wasm tables and on the plain TypeScript reference alike; then a
// differential test drives both with the same random table edits and packets.
import { describe, expect, it, beforeAll } from 'vitest';
import fc from 'fast-check';
import { loadCodec, type Codec } from '../../core/wire/codec.ts';
import { DataPlane, type DataPlaneApi, type NeighborState } from '../../core/wire/dataplane.ts';
import { RefDataPlane } from '../../core/wire/dataplane-ref.ts';

import { OAR, NAR, OCOA, NCOA, CN, MN_MAC, NAR_MAC } from '../../core/wire/samples.ts';
import { loadPacketCore } from '../../core/wasm.ts';

let codec: Codec;
let wasm: DataPlane;
beforeAll(async () => {
  codec = await loadCodec();
  wasm = new DataPlane(await loadPacketCore());
});

const GW = '2001:db8:f::1';
const GW_MAC = '02:00:00:00:0f:01';
const data = (dst: string, hopLimit = 64, seq = 1, src = CN): Uint8Array =>
  codec.emit({ kind: 'DATA', src, dst, hopLimit, srcPort: 5001, dstPort: 5001, seq, payloadLength: 16 });

/** The oAR of a handover: its own address, the MN on link 1, a default route via GW on link 0. */
function oar(dp: DataPlaneApi): number {
  dp.reset();
  const n = dp.createNode();
  dp.addAddress(n, OAR);
  dp.setPrefixRoute(n, '2001:db8:1::', 64, { link: 1 });
  dp.setPrefixRoute(n, '::', 0, { link: 0, via: GW });
  dp.setNeighbor(n, OCOA, { state: 'REACHABLE', link: 1, lla: MN_MAC });
  dp.setNeighbor(n, GW, { state: 'REACHABLE', link: 0, lla: GW_MAC, isRouter: true });
  return n;
}

const impls: [string, () => DataPlaneApi][] = [
  ['wasm', () => wasm],
  ['reference', () => new RefDataPlane()],
];

describe.each(impls)('%s data plane', (_name, make) => {
  it("deliver: a packet to one of the node's addresses", () => {
    const dp = make();
    const n = oar(dp);
    expect(dp.process(n, 0, data(OAR))).toEqual({ action: 'deliver' });
  });
  it('forward: on-link, hop limit decremented, next hop and LLA from the neighbor cache', () => {
    const dp = make();
    const n = oar(dp);
    const d = dp.process(n, 0, data(OCOA, 64));
    expect(d).toMatchObject({ action: 'forward', link: 1, nextHop: OCOA, lla: MN_MAC, neighborState: 'REACHABLE' });
    const r = codec.parse(d.bytes!);
    expect(r.ok && r.msg.hopLimit).toBe(63);
  });
  it('forward: the longest prefix wins; a host route beats any prefix', () => {
    const dp = make();
    const n = oar(dp);
    expect(dp.process(n, 0, data('2001:db8:7::1'))).toMatchObject({ action: 'forward', link: 0, nextHop: GW });
    dp.setNeighbor(n, '2001:db8:1::77', { state: 'REACHABLE', link: 1, lla: MN_MAC });
    dp.setHostRoute(n, '2001:db8:7::1', { link: 1, via: '2001:db8:1::77' });
    expect(dp.process(n, 0, data('2001:db8:7::1'))).toMatchObject({
      action: 'forward',
      link: 1,
      nextHop: '2001:db8:1::77',
    });
    expect(dp.removeHostRoute(n, '2001:db8:7::1')).toBe(true);
    expect(dp.process(n, 0, data('2001:db8:7::1'))).toMatchObject({ link: 0 });
  });
  it('forward: a STALE neighbor moves to DELAY when used (RFC 2461 §7.3.3)', () => {
    const dp = make();
    const n = oar(dp);
    dp.setNeighbor(n, OCOA, { state: 'STALE', link: 1, lla: MN_MAC });
    expect(dp.process(n, 0, data(OCOA))).toMatchObject({ action: 'forward', neighborState: 'STALE' });
    expect(dp.neighborState(n, OCOA)).toBe('DELAY');
  });
  it('encap: a binding oCoA→nCoA sends packets for the oCoA into the tunnel to the nAR (§3.1.1, RFC 2473)', () => {
    const dp = make();
    const n = oar(dp);
    const t = dp.addTunnel(n, { local: OAR, remote: NAR, hopLimit: 60, expiresUs: 1e6 });
    dp.setBinding(n, OCOA, NCOA, { tunnel: t, expiresUs: 1e6 });
    const d = dp.process(n, 10, data(OCOA, 64, 42));
    expect(d).toMatchObject({ action: 'encap', tunnel: t, link: 0, nextHop: GW });
    const r = codec.parse(d.bytes!);
    expect(r).toEqual({
      ok: true,
      msg: {
        kind: 'TUNNEL',
        src: OAR,
        dst: NAR,
        hopLimit: 60,
        inner: {
          kind: 'DATA',
          src: CN,
          dst: OCOA,
          hopLimit: 63,
          srcPort: 5001,
          dstPort: 5001,
          seq: 42,
          payloadLength: 16,
        },
      },
    });
    expect(dp.tunnelPackets(t)).toBe(1);
  });
  it('encap: a binding without a tunnel encapsulates from the node to the nCoA itself', () => {
    const dp = make();
    const n = oar(dp);
    dp.setBinding(n, OCOA, NCOA, { expiresUs: 1e6 });
    const d = dp.process(n, 0, data(OCOA));
    const r = codec.parse(d.bytes!);
    expect(d.action).toBe('encap');
    expect(r.ok && r.msg.kind === 'TUNNEL' && [r.msg.src, r.msg.dst]).toEqual([OAR, NCOA]);
  });
  it('encap: a route into a tunnel (the BET of §3.2)', () => {
    const dp = make();
    const n = oar(dp);
    const t = dp.addTunnel(n, { local: OAR, remote: NAR, expiresUs: Infinity });
    dp.setPrefixRoute(n, '2001:db8:2::', 64, { link: 0, tunnel: t });
    // the outer packet to the nAR itself must not loop into the tunnel: a host route via GW
    dp.setHostRoute(n, NAR, { link: 0, via: GW });
    expect(dp.process(n, 0, data(NCOA))).toMatchObject({ action: 'encap', tunnel: t, link: 0, nextHop: GW });
  });
  it('an expired binding is ignored: the packet goes where the routes say', () => {
    const dp = make();
    const n = oar(dp);
    dp.setBinding(n, OCOA, NCOA, { expiresUs: 100 });
    expect(dp.process(n, 100, data(OCOA))).toMatchObject({ action: 'forward', link: 1 });
  });
  it('decap: IPv6-in-IPv6 from the remote end of a live tunnel gives the inner packet', () => {
    const dp = make();
    dp.reset();
    const nar = dp.createNode();
    dp.addAddress(nar, NAR);
    const t = dp.addTunnel(nar, { local: NAR, remote: OAR, expiresUs: 500 });
    const inner = data(OCOA, 63);
    const d = dp.process(nar, 0, codec.encapsulate(OAR, NAR, inner));
    expect(d).toEqual({ action: 'decap', tunnel: t, bytes: inner });
  });
  it('drop TunnelExpired: on both ends once the lifetime is over (§3.4.1, §6.1.2)', () => {
    const dp = make();
    const n = oar(dp);
    const t = dp.addTunnel(n, { local: OAR, remote: NAR, expiresUs: 500 });
    dp.setBinding(n, OCOA, NCOA, { tunnel: t, expiresUs: 10_000 });
    expect(dp.process(n, 499, data(OCOA)).action).toBe('encap');
    expect(dp.process(n, 500, data(OCOA))).toEqual({ action: 'drop', reason: 'TunnelExpired', tunnel: t });
    dp.addAddress(n, OAR);
    const back = dp.addTunnel(n, { local: OAR, remote: '2001:db8:3::1', expiresUs: 500 });
    expect(dp.process(n, 600, codec.encapsulate('2001:db8:3::1', OAR, data(CN)))).toEqual({
      action: 'drop',
      reason: 'TunnelExpired',
      tunnel: back,
    });
    // renewed (§3.4.1): live again
    dp.setTunnelExpiry(t, 2000);
    expect(dp.process(n, 600, data(OCOA)).action).toBe('encap');
  });
  it('drop NoTunnel: IPv6-in-IPv6 from a node with no tunnel here', () => {
    const dp = make();
    const n = oar(dp);
    expect(dp.process(n, 0, codec.encapsulate('2001:db8:3::1', OAR, data(CN)))).toEqual({
      action: 'drop',
      reason: 'NoTunnel',
    });
  });
  it('buffer: an INCOMPLETE entry with a buffer (HI with U, §5.2.1) holds packets until the F-NA (§7)', () => {
    const dp = make();
    dp.reset();
    const nar = dp.createNode();
    dp.addAddress(nar, NAR);
    dp.setPrefixRoute(nar, '2001:db8:2::', 64, { link: 1 });
    dp.setHostRoute(nar, OCOA, { link: 1 });
    dp.setNeighbor(nar, OCOA, { state: 'INCOMPLETE', link: 1, lla: MN_MAC, buffer: 3 });
    const sent = [1, 2, 3].map((s) => data(OCOA, 64, s));
    for (const p of sent)
      expect(dp.process(nar, 0, p)).toMatchObject({
        action: 'buffer',
        link: 1,
        nextHop: OCOA,
        neighborState: 'INCOMPLETE',
      });
    expect(dp.process(nar, 0, data(OCOA, 64, 4))).toMatchObject({ action: 'drop', reason: 'BufferFull' });
    expect(dp.buffered(nar, OCOA)).toBe(3);
    // F-NA: REACHABLE, and the queue comes out oldest first, hop limit already decremented
    dp.setNeighbor(nar, OCOA, { state: 'REACHABLE', link: 1, lla: MN_MAC, buffer: 3 });
    const out = [1, 2, 3].map(() => dp.popBuffered(nar, OCOA)!);
    expect(dp.popBuffered(nar, OCOA)).toBeUndefined();
    expect(
      out.map((b) => codec.parse(b)).map((r) => r.ok && r.msg.kind === 'DATA' && [r.msg.seq, r.msg.hopLimit]),
    ).toEqual([
      [1, 63],
      [2, 63],
      [3, 63],
    ]);
    expect(dp.process(nar, 0, data(OCOA)).action).toBe('forward');
  });
  it('buffer: all neighbors share 1,024 slots; a slot handed back and a reset make room again', () => {
    // The wasm core hands out slots it never used before last (bufNext), so a fresh instance keeps
    // its 2 MB of slots untouched: the limit and the reuse must stay what they were.
    const dp = make();
    dp.reset();
    const nar = dp.createNode();
    dp.addAddress(nar, NAR);
    dp.setPrefixRoute(nar, '2001:db8:2::', 64, { link: 1 });
    const mns = [1, 2, 3, 4, 5].map((k) => `2001:db8:2::a${k}`);
    for (const a of mns) dp.setNeighbor(nar, a, { state: 'INCOMPLETE', link: 1, lla: MN_MAC, buffer: 255 });
    const fill = (): number => {
      let held = 0;
      for (const a of mns)
        for (let s = 0; s < 255; s++) if (dp.process(nar, 0, data(a, 64, s)).action === 'buffer') held++;
      return held;
    };
    expect(fill()).toBe(1024);
    expect(dp.process(nar, 0, data(mns[4]!, 64, 9))).toMatchObject({ action: 'drop', reason: 'BufferFull' });
    // One packet out (the oldest of the first MN): its slot takes the next packet, and only it.
    dp.setNeighbor(nar, mns[0]!, { state: 'REACHABLE', link: 1, lla: MN_MAC, buffer: 255 });
    expect(dp.popBuffered(nar, mns[0]!)).toBeDefined();
    dp.setNeighbor(nar, mns[0]!, { state: 'INCOMPLETE', link: 1, lla: MN_MAC, buffer: 255 });
    expect(dp.process(nar, 0, data(mns[4]!, 64, 10)).action).toBe('buffer');
    expect(dp.process(nar, 0, data(mns[4]!, 64, 11))).toMatchObject({ action: 'drop', reason: 'BufferFull' });
    // A reset empties the tables (the neighbors are gone) and gives every slot back.
    dp.reset();
    expect(dp.createNode()).toBe(0);
    expect(dp.neighborState(0, mns[0]!)).toBeUndefined();
    dp.addAddress(0, NAR);
    dp.setPrefixRoute(0, '2001:db8:2::', 64, { link: 1 });
    for (const a of mns) dp.setNeighbor(0, a, { state: 'INCOMPLETE', link: 1, lla: MN_MAC, buffer: 255 });
    expect(fill()).toBe(1024);
  });
  it('drop NeighborUnreachable: no entry, or INCOMPLETE without a buffer', () => {
    const dp = make();
    const n = oar(dp);
    expect(dp.process(n, 0, data('2001:db8:1::99'))).toEqual({
      action: 'drop',
      reason: 'NeighborUnreachable',
      link: 1,
      nextHop: '2001:db8:1::99',
    });
    dp.setNeighbor(n, OCOA, { state: 'INCOMPLETE', link: 1, lla: MN_MAC });
    expect(dp.process(n, 0, data(OCOA))).toMatchObject({
      action: 'drop',
      reason: 'NeighborUnreachable',
      neighborState: 'INCOMPLETE',
    });
    expect(dp.removeNeighbor(n, OCOA)).toBe(true);
    expect(dp.neighborState(n, OCOA)).toBeUndefined();
  });
  it('drop NoRoute, HopLimit, Malformed, NoNode', () => {
    const dp = make();
    dp.reset();
    const n = dp.createNode();
    expect(dp.process(n, 0, data(OCOA))).toEqual({ action: 'drop', reason: 'NoRoute' });
    const m = oar(dp);
    expect(dp.process(m, 0, data(OCOA, 1))).toEqual({ action: 'drop', reason: 'HopLimit' });
    expect(dp.process(m, 0, data(OCOA).slice(0, 50))).toEqual({ action: 'drop', reason: 'Malformed' });
    expect(dp.process(m, 0, new Uint8Array(40))).toEqual({ action: 'drop', reason: 'Malformed' });
    expect(dp.process(7, 0, data(OCOA))).toEqual({ action: 'drop', reason: 'NoNode' });
  });
  it('drop TooBig: a packet larger than a buffer slot cannot be buffered', () => {
    const dp = make();
    const n = oar(dp);
    dp.setNeighbor(n, OCOA, { state: 'INCOMPLETE', link: 1, lla: MN_MAC, buffer: 4 });
    const big = codec.emit({
      kind: 'DATA',
      src: CN,
      dst: OCOA,
      hopLimit: 64,
      srcPort: 1,
      dstPort: 2,
      seq: 0,
      payloadLength: 3000,
    });
    expect(dp.process(n, 0, big)).toEqual({ action: 'drop', reason: 'TooBig' });
  });
  it("the tables are per node: one node's entries do not serve another", () => {
    const dp = make();
    const n = oar(dp);
    const other = dp.createNode();
    expect(dp.process(other, 0, data(OCOA))).toEqual({ action: 'drop', reason: 'NoRoute' });
    dp.setPrefixRoute(other, '::', 0, { link: 3 });
    expect(dp.process(other, 0, data(OCOA))).toMatchObject({ action: 'drop', reason: 'NeighborUnreachable' });
    expect(dp.process(n, 0, data(OCOA)).action).toBe('forward');
  });
});

describe.each(impls)('%s data plane, engine features', (_name, make) => {
  it('deliver: link-local multicast is for the node itself, never forwarded (RFC 4291 §2.7)', () => {
    const dp = make();
    const n = oar(dp);
    // the DAD probe's solicited-node group and all-routers: delivered, even with hop limit 1
    expect(dp.process(n, 0, data('ff02::1:ff00:a', 1))).toEqual({ action: 'deliver' });
    expect(dp.process(n, 0, data('ff02::2', 255))).toEqual({ action: 'deliver' });
    // a global-scope group is not link-local: routed like any destination (the default route)
    expect(dp.process(n, 0, data('ff0e::1')).action).toBe('forward');
  });
  it('decap: a tunnel with remote :: accepts any entry point (the exit of the oAR→nAR tunnel, §3.1.5)', () => {
    const dp = make();
    const n = oar(dp);
    const inner = data(OCOA);
    // no tunnel: refused
    expect(dp.process(n, 0, codec.encapsulate(NAR, OAR, inner))).toMatchObject({ action: 'drop', reason: 'NoTunnel' });
    const any = dp.addTunnel(n, { local: OAR, remote: '::' });
    const d = dp.process(n, 0, codec.encapsulate(NAR, OAR, inner));
    expect(d).toMatchObject({ action: 'decap', tunnel: any });
    expect(d.bytes).toEqual(inner);
  });
  it('encap: a source binding tunnels packets from the oCoA back to the oAR (§3.1.5), until it expires', () => {
    const dp = make();
    const n = oar(dp); // playing the nAR: the MN still sends from its oCoA
    const back = dp.addTunnel(n, { local: OAR, remote: NAR });
    dp.setNeighbor(n, NAR, { state: 'REACHABLE', link: 0, lla: NAR_MAC });
    dp.setHostRoute(n, NAR, { link: 0 });
    dp.setSourceBinding(n, OCOA, { tunnel: back, expiresUs: 100 });
    const up = data(CN, 64, 3, OCOA);
    const d = dp.process(n, 50, up);
    expect(d).toMatchObject({ action: 'encap', tunnel: back, nextHop: NAR, lla: NAR_MAC });
    const r = codec.parse(d.bytes!);
    expect(r.ok && r.msg.kind === 'TUNNEL' && r.msg.src === OAR && r.msg.dst === NAR).toBe(true);
    // a packet from another source is routed normally; after the lifetime the binding is ignored
    expect(dp.process(n, 50, data(CN, 64, 3, NCOA)).action).toBe('forward');
    expect(dp.process(n, 100, up)).toMatchObject({ action: 'forward', nextHop: GW });
    // only what the MN sent on the access link: a packet out of a tunnel, or from the wired side, is
    // routed to its destination (§3.3 "MUST route them to the original destination address")
    dp.setSourceBinding(n, OCOA, { tunnel: back, expiresUs: 200 });
    dp.setFromAccess(false);
    expect(dp.process(n, 150, up)).toMatchObject({ action: 'forward', nextHop: GW });
    dp.setFromAccess(true);
    expect(dp.process(n, 150, up)).toMatchObject({ action: 'encap', tunnel: back });
    expect(dp.removeSourceBinding(n, OCOA)).toBe(true);
    expect(dp.removeSourceBinding(n, OCOA)).toBe(false);
  });
  it('entries that come and go (a handover each) leave every other entry findable and every removed one gone', () => {
    const dp = make();
    dp.reset();
    const n = dp.createNode();
    const a = (k: number) => `2001:db8:7::${k.toString(16)}`;
    const live = new Set<number>();
    // about 7,000 entries kept (table 16,384), 5,000 made and removed among them: long probe runs
    for (let k = 0; k < 12000; k++) {
      expect(dp.setNeighbor(n, a(k), { state: 'REACHABLE', link: 0, lla: MN_MAC })).toBe(true);
      if (k % 13 < 3 || k % 2 === 0) live.add(k);
      else expect(dp.removeNeighbor(n, a(k))).toBe(true);
      if (k % 4 === 1 && live.has(k - 1) && k > 2000) {
        live.delete(k - 1);
        expect(dp.removeNeighbor(n, a(k - 1))).toBe(true);
      }
    }
    for (let k = 0; k < 12000; k++) expect(dp.neighborState(n, a(k))).toBe(live.has(k) ? 'REACHABLE' : undefined);
  });
  it('neighbor(): state and link-layer address of an entry (what the F-NA handler reads, §7)', () => {
    const dp = make();
    const n = oar(dp);
    expect(dp.neighbor(n, OCOA)).toEqual({ state: 'REACHABLE', lla: MN_MAC });
    expect(dp.neighbor(n, NCOA)).toBeUndefined();
  });
  it('prefix routes scale: 5,000 prefixes over 50 nodes, each lookup the longest match of its own node', () => {
    const dp = make();
    dp.reset();
    for (let n = 0; n < 50; n++) {
      dp.createNode();
      dp.setPrefixRoute(n, '::', 0, { link: 500, via: GW });
      dp.setNeighbor(n, GW, { state: 'REACHABLE', link: 200, lla: GW_MAC });
      for (let k = 0; k < 100; k++) {
        const hop = `2001:db8:f::${k + 2}`;
        expect(dp.setPrefixRoute(n, `2001:db8:${(0x100 + k).toString(16)}::`, 64, { link: k, via: hop })).toBe(true);
        dp.setNeighbor(n, hop, { state: 'REACHABLE', link: k, lla: GW_MAC });
      }
    }
    expect(dp.process(49, 0, data('2001:db8:163::7'))).toMatchObject({
      action: 'forward',
      link: 0x63,
      nextHop: '2001:db8:f::101',
    });
    expect(dp.process(7, 0, data('2001:db8:105::7'))).toMatchObject({ action: 'forward', link: 5 });
    expect(dp.process(7, 0, data('2001:db8:999::7'))).toMatchObject({ action: 'forward', link: 500, nextHop: GW });
    expect(dp.removePrefixRoute(7, '2001:db8:105::', 64)).toBe(true);
    expect(dp.process(7, 0, data('2001:db8:105::7'))).toMatchObject({ action: 'forward', link: 500 });
    expect(dp.process(8, 0, data('2001:db8:105::7'))).toMatchObject({ action: 'forward', link: 5 });
  });
});

describe('wasm fast path for data packets', () => {
  it('flowEmit builds the same bytes as the codec for any addresses, ports, sizes and sequence numbers', () => {
    const a6 = fc.constantFrom(OAR, NAR, OCOA, NCOA, CN, '::1', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff');
    fc.assert(
      fc.property(
        a6,
        a6,
        fc.integer({ min: 0, max: 0xffff }),
        fc.integer({ min: 4, max: 1400 }),
        fc.array(fc.integer({ min: 0, max: 0xffffffff }), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 0, max: 16383 }),
        (src, dst, port, size, seqs, flow) => {
          const base = {
            kind: 'DATA' as const,
            src,
            dst,
            hopLimit: 64,
            srcPort: port,
            dstPort: port,
            seq: 0,
            payloadLength: size,
          };
          expect(wasm.flowSet(flow, base)).toBe(48 + size);
          for (const seq of seqs) {
            // fill PKT_IN with 0xff first: flowEmit must write every octet (smoltcp's check)
            wasm.inBuffer().fill(0xff, 0, 2048);
            const n = wasm.flowEmit(flow, seq);
            expect(wasm.inBuffer().slice(0, n)).toEqual(codec.emit({ ...base, seq }));
          }
        },
      ),
      { numRuns: 300, seed: 5 },
    );
  });
  it('flowEmitTo writes the same packet into a pool slot, and refuses a slot too small', () => {
    const slot = wasm.core.poolPtr() >>> 0;
    const mem = new Uint8Array(wasm.core.memory.buffer);
    const msg = {
      kind: 'DATA' as const,
      src: CN,
      dst: OCOA,
      hopLimit: 64,
      srcPort: 5001,
      dstPort: 5001,
      seq: 0,
      payloadLength: 160,
    };
    expect(wasm.flowSet(9, msg)).toBe(208);
    mem.fill(0xff, slot, slot + 1024);
    expect(wasm.flowEmitTo(9, 77, slot, 1024)).toBe(208);
    expect(mem.slice(slot, slot + 208)).toEqual(codec.emit({ ...msg, seq: 77 }));
    expect(wasm.flowEmitTo(9, 77, slot, 207)).toBe(-1);
  });
  it('processSlot decides like process and leaves what the packet becomes in its slot (forward, encap, decap)', () => {
    const n = oar(wasm);
    const nar = NAR;
    wasm.setNeighbor(n, nar, { state: 'REACHABLE', link: 0, lla: NAR_MAC });
    wasm.setHostRoute(n, nar, { link: 0 });
    wasm.addTunnel(n, { local: OAR, remote: '::' });
    const slot = (wasm.core.poolPtr() >>> 0) + 4096;
    const mem = new Uint8Array(wasm.core.memory.buffer);
    const cases = [data(OCOA), data('2001:db8:9::9'), codec.encapsulate(NAR, OAR, data(OCOA)), data(OAR)];
    const viaProcess = cases.map((b) => wasm.process(n, 5, b));
    wasm.setBinding(n, NCOA, nar, { expiresUs: 10 });
    cases.push(data(NCOA));
    viaProcess.push(wasm.process(n, 5, data(NCOA)));
    cases.forEach((b, k) => {
      mem.set(b, slot);
      const act = wasm.processSlot(n, 5, slot, b.length, 1024);
      const want = viaProcess[k]!;
      expect(['deliver', 'forward', 'encap', 'decap', 'buffer', 'drop'][act - 1]).toBe(want.action);
      if (want.bytes) expect(mem.slice(slot, slot + wasm.lastLength())).toEqual(want.bytes);
    });
    expect(viaProcess.map((d) => d.action)).toEqual(['forward', 'forward', 'decap', 'deliver', 'encap']);
    // what does not fit in the slot stays in PKT_OUT (an encapsulated 1,000-octet packet in a 1,024 slot)
    const big = codec.emit({
      kind: 'DATA',
      src: CN,
      dst: NCOA,
      hopLimit: 64,
      srcPort: 1,
      dstPort: 1,
      seq: 1,
      payloadLength: 1000 - 48,
    });
    mem.set(big, slot);
    expect(wasm.processSlot(n, 5, slot, big.length, 1024)).toBe(3);
    expect(wasm.lastLength()).toBe(1040);
    expect(mem.slice(slot, slot + 1000)).toEqual(big);
    expect(wasm.outBuffer().slice(40, 1040)[7]).toBe(63);
  });
  it('flowEmit refuses a flow without a template; flowSet refuses a message that is not DATA', () => {
    wasm.reset();
    expect(wasm.flowEmit(3, 1)).toBe(-1);
    expect(wasm.flowSet(3, { kind: 'RS', src: '::', dst: 'ff02::2', hopLimit: 255, options: [] })).toBeLessThan(0);
  });
  it('learn: an on-link source becomes a REACHABLE neighbor; INCOMPLETE stays so until confirmed (§7)', () => {
    const n = oar(wasm);
    const lla = [0x02000000, 0x0b0b]; // 02:00:00:00:0b:0b
    const put = (src: string) => wasm.inBuffer().set(data(CN, 64, 1, src));
    put('2001:db8:1::b');
    expect(wasm.learn(n, 1, lla[0]!, lla[1]!)).toBe(1);
    expect(wasm.neighbor(n, '2001:db8:1::b')).toEqual({ state: 'REACHABLE', lla: '02:00:00:00:0b:0b' });
    expect(wasm.learn(n, 1, lla[0]!, lla[1]!)).toBe(0);
    // off-link (no on-link prefix for it on this link), unspecified, or the wrong link: not learned
    put(NCOA);
    expect(wasm.learn(n, 1, lla[0]!, lla[1]!)).toBe(-1);
    put('::');
    expect(wasm.learn(n, 1, lla[0]!, lla[1]!)).toBe(-1);
    put('2001:db8:1::c');
    expect(wasm.learn(n, 0, lla[0]!, lla[1]!)).toBe(-1);
    wasm.setNeighbor(n, '2001:db8:1::c', { state: 'INCOMPLETE', link: 1, lla: MN_MAC });
    expect(wasm.learn(n, 1, lla[0]!, lla[1]!)).toBe(2);
    expect(wasm.neighborState(n, '2001:db8:1::c')).toBe('INCOMPLETE');
  });
});

describe('differential: wasm data plane vs TypeScript reference', () => {
  const ADDRS = [
    '2001:db8:1::1',
    '2001:db8:1::a',
    '2001:db8:1::b',
    '2001:db8:2::1',
    '2001:db8:2::a',
    '2001:db8:9::9',
    'fe80::1',
  ];
  const addr = fc.constantFrom(...ADDRS);
  const node = fc.integer({ min: 0, max: 2 });
  const state = fc.constantFrom<NeighborState>('INCOMPLETE', 'REACHABLE', 'STALE', 'DELAY', 'PROBE');
  const time = fc.integer({ min: 0, max: 1000 });
  const op = fc.oneof(
    fc.record({ op: fc.constant('addr' as const), node, a: addr }),
    fc.record({ op: fc.constant('unaddr' as const), node, a: addr }),
    fc.record({ op: fc.constant('nb' as const), node, a: addr, state, link: fc.nat(3), buffer: fc.nat(3) }),
    fc.record({ op: fc.constant('unnb' as const), node, a: addr }),
    fc.record({ op: fc.constant('src' as const), node, a: addr, tunnel: fc.integer({ min: -1, max: 2 }), exp: time }),
    fc.record({ op: fc.constant('unsrc' as const), node, a: addr }),
    fc.record({ op: fc.constant('unhost' as const), node, a: addr }),
    fc.record({ op: fc.constant('unbind' as const), node, a: addr }),
    fc.record({ op: fc.constant('pop' as const), node, a: addr }),
    fc.record({
      op: fc.constant('host' as const),
      node,
      a: addr,
      link: fc.nat(3),
      via: fc.option(addr, { nil: undefined }),
      tunnel: fc.integer({ min: -1, max: 2 }),
    }),
    fc.record({
      op: fc.constant('prefix' as const),
      node,
      a: addr,
      plen: fc.constantFrom(0, 16, 48, 64, 128),
      link: fc.nat(3),
      via: fc.option(addr, { nil: undefined }),
      tunnel: fc.integer({ min: -1, max: 2 }),
    }),
    fc.record({ op: fc.constant('tunnel' as const), node, a: addr, b: addr, exp: time }),
    fc.record({ op: fc.constant('untunnel' as const), t: fc.nat(3) }),
    fc.record({
      op: fc.constant('bind' as const),
      node,
      a: addr,
      b: addr,
      tunnel: fc.integer({ min: -1, max: 2 }),
      exp: time,
    }),
    fc.record({
      op: fc.constant('pkt' as const),
      node,
      now: time,
      dst: addr,
      src: addr,
      hop: fc.integer({ min: 0, max: 3 }),
      wrap: fc.option(addr, { nil: undefined }),
    }),
  );
  it('same decisions and same packets after any sequence of edits', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const ref = new RefDataPlane();
        const dps: DataPlaneApi[] = [wasm, ref];
        for (const dp of dps) {
          dp.reset();
          for (let i = 0; i < 3; i++) dp.createNode();
        }
        for (const o of ops) {
          const res = dps.map((dp) => {
            switch (o.op) {
              case 'addr':
                return dp.addAddress(o.node, o.a);
              case 'unaddr':
                return dp.removeAddress(o.node, o.a);
              case 'nb':
                return dp.setNeighbor(o.node, o.a, { state: o.state, link: o.link, lla: NAR_MAC, buffer: o.buffer });
              case 'unnb':
                return dp.removeNeighbor(o.node, o.a);
              case 'src':
                return dp.setSourceBinding(o.node, o.a, { tunnel: o.tunnel, expiresUs: o.exp });
              case 'unsrc':
                return dp.removeSourceBinding(o.node, o.a);
              case 'unhost':
                return dp.removeHostRoute(o.node, o.a);
              case 'unbind':
                return dp.removeBinding(o.node, o.a);
              case 'pop':
                return [dp.popBuffered(o.node, o.a), dp.buffered(o.node, o.a), dp.neighborState(o.node, o.a)];
              case 'host':
                return dp.setHostRoute(o.node, o.a, { link: o.link, via: o.via, tunnel: o.tunnel });
              case 'prefix':
                return dp.setPrefixRoute(o.node, o.a, o.plen, { link: o.link, via: o.via, tunnel: o.tunnel });
              case 'tunnel':
                return dp.addTunnel(o.node, { local: o.a, remote: o.b, expiresUs: o.exp });
              case 'untunnel':
                return [dp.removeTunnel(o.t), dp.tunnelPackets(o.t)];
              case 'bind':
                return dp.setBinding(o.node, o.a, o.b, { tunnel: o.tunnel, expiresUs: o.exp });
              case 'pkt': {
                let p = data(o.dst, o.hop, 7, o.src);
                if (o.wrap) p = codec.encapsulate(o.wrap, o.dst, p, o.hop);
                return dp.process(o.node, o.now, p);
              }
            }
          });
          expect(res[0]).toEqual(res[1]);
        }
      }),
      { numRuns: 400, seed: 21 },
    );
  });
});
