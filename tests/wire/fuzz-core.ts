// The fuzzer shared by tests/wire/fuzz.test.ts (100,000 packets in CI) and scripts/fuzz.ts
// (1,000,000): random bytes and mutations of valid packets of every kind go through the wasm
// parser and the wasm data plane. A trap (WebAssembly.RuntimeError) or a rejection without a
// known status is a failure; every 8th packet is also compared with the reference decoder.
import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import type { Codec } from '../../core/wire/codec.ts';
import { STATUS_NAMES } from '../../core/wire/layout.ts';
import { decode } from '../../core/wire/reference.ts';
import type { DataPlane } from '../../core/wire/dataplane.ts';
import { SAMPLES, OAR, NAR, OCOA, NCOA, MN_MAC } from '../../core/wire/samples.ts';
import { authFor, newSa } from '../../core/wire/auth.ts';
import { arbMessage, arbPlain } from './arbitraries.ts';
import { fillChecksum } from './helpers.ts';

export interface FuzzReport {
  packets: number;
  accepted: number;
  /** accepted packets that carried an AH (parsed through it, §8) */
  acceptedWithAuth: number;
  rejected: number;
  traps: number;
  unnamed: number;
  mismatches: number;
  byStatus: Record<string, number>;
  dataPlaneTraps: number;
  firstProblem?: string;
}

/** xorshift32: deterministic, no Math.random. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

export function fuzz(codec: Codec, dp: DataPlane, n: number, seed = 1): FuzzReport {
  const next = rng(seed);
  // §8: some packets carry an AH (RFC 2402), as the HI/HACK/HTT/F-BU of a secured scenario do.
  const auth = authFor(codec.core);
  const sa = newSa(0x1001, new Uint8Array(32).fill(1));
  const corpus: Uint8Array[] = [
    ...Object.values(SAMPLES).map((m) => codec.emit(m)),
    ...fc.sample(arbMessage, { numRuns: 1500, seed }).map((m) => codec.emit(m)),
    ...fc.sample(arbPlain, { numRuns: 300, seed: seed + 1 }).map((m) => auth.addAuth(codec.emit(m), sa)),
  ];
  // A data plane with some state, so fuzzed packets reach every branch.
  dp.reset();
  const node = dp.createNode();
  dp.addAddress(node, OAR);
  dp.setPrefixRoute(node, '::', 0, { link: 0, via: NAR });
  dp.setNeighbor(node, NAR, { state: 'REACHABLE', link: 0, lla: MN_MAC });
  dp.setNeighbor(node, OCOA, { state: 'INCOMPLETE', link: 1, lla: MN_MAC, buffer: 8 });
  dp.setHostRoute(node, OCOA, { link: 1 });
  const t = dp.addTunnel(node, { local: OAR, remote: NAR, expiresUs: 1e9 });
  dp.setBinding(node, NCOA, OCOA, { tunnel: t, expiresUs: 1e9 });

  const rep: FuzzReport = {
    packets: 0,
    accepted: 0,
    acceptedWithAuth: 0,
    rejected: 0,
    traps: 0,
    unnamed: 0,
    mismatches: 0,
    byStatus: {},
    dataPlaneTraps: 0,
  };
  const buf = new Uint8Array(2048);
  for (let i = 0; i < n; i++) {
    let pkt: Uint8Array;
    const r = next();
    if (r % 10 === 0) {
      // random bytes, sometimes behind a plausible IPv6 header
      const len = next() % 300;
      for (let j = 0; j < len; j++) buf[j] = next() & 0xff;
      if (len >= 40 && r % 20 === 0) {
        buf[0] = 0x60;
        buf[4] = (len - 40) >> 8;
        buf[5] = (len - 40) & 0xff;
        buf[6] = [58, 60, 17, 41, 51][next() % 5] ?? 58;
      }
      pkt = buf.slice(0, len);
    } else {
      // a mutated valid packet: 1–4 edits (flip, set, truncate, extend, swap)
      const base = corpus[next() % corpus.length] as Uint8Array;
      let p = base.slice();
      const edits = 1 + (next() % 4);
      for (let e = 0; e < edits && p.length > 0; e++) {
        const k = next() % 6;
        const at = next() % p.length;
        if (k === 0) p[at] = (p[at] ?? 0) ^ (1 << (next() % 8));
        else if (k === 1) p[at] = next() & 0xff;
        else if (k === 2) p = p.slice(0, at);
        else if (k === 3) {
          const g = new Uint8Array(p.length + 1 + (next() % 16));
          g.set(p);
          p = g;
        } else if (k === 4) {
          const b = next() % p.length;
          [p[at], p[b]] = [p[b] ?? 0, p[at] ?? 0];
        } else p[at] = [0, 1, 0xff, 0x80, 0x7f][next() % 5] ?? 0;
      }
      // Half the time repair the IPv6 Payload Length and the checksum, so the damage reaches
      // the message and option parsers instead of stopping at the first length or checksum test.
      if (p.length >= 48 && next() % 2 === 0) {
        p[4] = (p.length - 40) >> 8;
        p[5] = (p.length - 40) & 0xff;
        // behind a 24-octet AH the upper layer starts at 64 (the pseudo-header is still at 0)
        const at = p[6] === 51 && p[41] === 4 && p.length >= 72 ? 64 : 40;
        const nh = at === 64 ? p[40] : p[6];
        if (nh === 58) fillChecksum(p, 58, at + 2, at, 0);
        else if (nh === 17) {
          p[at + 4] = (p.length - at) >> 8;
          p[at + 5] = (p.length - at) & 0xff;
          fillChecksum(p, 17, at + 6, at, 0);
        }
      }
      pkt = p;
    }
    rep.packets++;
    try {
      const res = codec.parse(pkt);
      if (res.ok) {
        rep.accepted++;
        if (res.msg.auth) rep.acceptedWithAuth++;
      } else {
        rep.rejected++;
        rep.byStatus[res.status] = (rep.byStatus[res.status] ?? 0) + 1;
        if (!STATUS_NAMES.includes(res.status) || res.status === ('Ok' as string)) {
          rep.unnamed++;
          rep.firstProblem ??= `unnamed status for ${Buffer.from(pkt).toString('hex')}`;
        }
      }
      if (i % 8 === 0 && !isDeepStrictEqual(decode(pkt), res)) {
        rep.mismatches++;
        rep.firstProblem ??= `reference disagrees on ${Buffer.from(pkt).toString('hex')}`;
      }
    } catch (e) {
      rep.traps++;
      rep.firstProblem ??= `parse threw ${String(e)} on ${Buffer.from(pkt).toString('hex')}`;
    }
    try {
      dp.process(node, i, pkt);
      if (i % 64 === 0) dp.popBuffered(node, OCOA);
    } catch (e) {
      rep.dataPlaneTraps++;
      rep.firstProblem ??= `data plane threw ${String(e)} on ${Buffer.from(pkt).toString('hex')}`;
    }
  }
  return rep;
}
