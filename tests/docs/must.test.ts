// MUSTs of §3–§8 that hold for every message of every built-in scenario, checked over all of them
// at once (docs/conformance.md cites each test by name). The bytes are the packet core's, decoded
// by the codec: what a capture would show, not what the engine meant to send.
import { beforeAll, describe, expect, it } from 'vitest';
import { builtinIds } from '../../core/scenario/builtin.ts';
import { codec } from '../../core/engine/run.ts';
import { fromHex, type TraceRecord } from '../../core/trace.ts';
import type { Message } from '../../core/wire/types.ts';
import { run } from '../engine/helpers.ts';

type Tx = Extract<TraceRecord, { kind: 'tx' | 'rx' }>;
interface Sent {
  id: string;
  r: Tx;
  m: Message;
}
const runs: { id: string; recs: TraceRecord[] }[] = [];
const sent: Sent[] = [];

beforeAll(async () => {
  const c = await codec();
  for (const id of builtinIds()) {
    const w = await run(id, 1);
    runs.push({ id, recs: w.records });
    for (const r of w.records) {
      if (r.kind !== 'tx' || !r.hex) continue;
      const p = c.parse(fromHex(r.hex));
      if (p.ok) sent.push({ id, r, m: p.msg });
    }
  }
  // Every built-in scenario once: tens of seconds on a loaded 2-core machine.
}, 240_000);

const of = <K extends Message['kind']>(kind: K) =>
  sent.filter((s) => s.m.kind === kind) as (Sent & { m: Extract<Message, { kind: K }> })[];

describe('MUSTs over every built-in scenario', () => {
  it('PrRtAdv: the source is the link-local address of the sending interface (§5.1.2)', () => {
    const p = of('PrRtAdv');
    expect(p.length).toBeGreaterThan(10);
    for (const { id, m } of p) expect(m.src, id).toMatch(/^fe80:/);
  });

  it('F-BU: each one from an MN to the same router has a greater Sequence Number (§5.3.1)', () => {
    const last = new Map<string, number>();
    let repeats = 0;
    for (const { id, r, m } of of('F-BU')) {
      if (r.node !== 'MN' && !r.node.startsWith('MN')) continue; // the attacker's forgeries are not the MN's
      const k = `${id}/${r.node}/${m.dst}`;
      const prev = last.get(k);
      if (prev !== undefined) {
        repeats++;
        expect((m.sequence - prev + 0x10000) % 0x10000, k).toBeGreaterThan(0); // modulo 2**16
        expect((m.sequence - prev + 0x10000) % 0x10000, k).toBeLessThan(0x8000);
      }
      last.set(k, m.sequence);
    }
    expect(repeats).toBeGreaterThan(0); // err-fbu-retry re-sends one
  });

  it('every HI a router accepts is answered by a HACK to its sender (§5.2.2, §3.3)', () => {
    // §3.4 step 2b: an oAR answers the nAR's HI(T) with an HTT (an HI with H and T, §5.2.3),
    // which the nAR then answers with a HACK; that is the one other answer the draft gives.
    let n = 0;
    for (const { id, recs } of runs) {
      for (const r of recs) {
        if (r.kind !== 'rx' || r.msg !== 'HI') continue;
        n++;
        // The answer goes to the HI's source address (a forged HI's answer goes to whom it names).
        const hi = sent.find((x) => x.id === id && x.r.pkt === r.pkt)!;
        const answered = sent.some(
          (x) =>
            x.id === id &&
            (x.m.kind === 'HACK' || x.m.kind === 'HI') &&
            (x.r.msg === 'HACK' || x.r.msg === 'HTT') &&
            x.r.node === r.node &&
            x.r.t >= r.t &&
            x.m.dst === hi.m.src,
        );
        expect(answered, `${id}: HI from ${r.from} at ${r.node} (t=${r.t}) has no HACK`).toBe(true);
      }
    }
    expect(n).toBeGreaterThan(20);
  });

  it('every F-BU on the wire carries the Home Address option and the Alternate Care-of Address sub-option (§5.3.1)', () => {
    const f = of('F-BU');
    expect(f.length).toBeGreaterThan(10);
    for (const { id, m } of f) {
      expect(m.homeAddress, id).not.toBe('::');
      expect(m.altCoA, id).not.toBe('::');
    }
  });

  it('every F-NA carries the oCoA as source, the nCoA and the MN LLA (§3.1.8, §5.1.3)', () => {
    const f = of('F-NA');
    expect(f.length).toBeGreaterThan(0);
    for (const { id, m } of f) {
      expect(m.src, id).toBe(m.oldCoA);
      expect(m.newCoA, id).not.toBe('::');
      expect(m.newCoA, id).not.toBe(m.oldCoA);
      expect(
        m.options.some((o) => o.type === 'TLLA' || o.type === 'LLA'),
        id,
      ).toBe(true);
    }
  });

  it('every RtSolPr names a new attachment point LLA and an identifier the PrRtAdv echoes (§5.1.1, §3.1.6)', () => {
    const rs = of('RtSolPr');
    expect(rs.length).toBeGreaterThan(5);
    for (const { id, m } of rs) {
      expect(
        m.options.some((o) => o.type === 'LLA' && o.subType === 1),
        `${id}: RtSolPr without the new attachment point LLA`,
      ).toBe(true);
    }
    for (const { id, recs } of runs) {
      const ids = new Set(
        of('RtSolPr')
          .filter((s) => s.id === id)
          .map((s) => s.m.identifier),
      );
      for (const p of of('PrRtAdv').filter((s) => s.id === id)) {
        const solicited = recs.some(
          (r) => r.kind === 'rx' && r.msg === 'RtSolPr' && r.t <= p.r.t && r.node === p.r.node,
        );
        if (solicited) expect(ids.has(p.m.identifier), `${id}: PrRtAdv identifier ${p.m.identifier}`).toBe(true);
      }
    }
  });

  it('no F-BACK before the oAR has the HACK, in any built-in scenario (§5.3.2)', () => {
    // A refusal (status 128, "handover refused") after the HI was never answered (§5.2.1: "no
    // fast handover") is the one F-BACK without a HACK: the MN must learn its F-BU failed, and the
    // draft gives no other way (docs/conformance.md row of §5.3.2).
    const refusals = new Set(
      of('F-BACK')
        .filter((s) => s.m.status >= 128)
        .map((s) => s.r.pkt),
    );
    let n = 0;
    for (const { id, recs } of runs) {
      for (const [i, r] of recs.entries()) {
        if (r.kind !== 'tx' || r.msg !== 'F-BACK' || refusals.has(r.pkt)) continue;
        n++;
        const hack = recs.slice(0, i).some((x) => x.kind === 'rx' && x.msg === 'HACK' && x.node === r.node);
        expect(hack, `${id}: F-BACK from ${r.node} at ${r.t} before any HACK there`).toBe(true);
      }
    }
    expect(n).toBeGreaterThan(10);
  });
});
