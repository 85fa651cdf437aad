// The page's views on real engine runs (core/lab.ts, the same facade the worker drives): the
// measures of issue 6 for a fast handover and for standard Mobile IPv6 on the same movement,
// the world at a cursor (tunnel up, packets buffered at the nAR while the MN is away), and the
// exports (every pcap record decodes; the SVG is self-contained and escaped).
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPacketCore } from '../../core/wasm.ts';
import { Lab } from '../../core/lab.ts';
import { decode } from '../../core/wire/reference.ts';
import type { TraceRecord } from '../../core/trace.ts';
import { DEFAULT_PARAMS } from '../../app/controls/settings.ts';
import { measureHandovers } from '../../core/views/measures.ts';
import { TraceIndex, packetsAt, positionAt, tunnelsAt } from '../../app/topology/world.ts';
import { layoutLadder } from '../../core/views/ladder.ts';
import { pcapRecords, tracePcap } from '../../core/wire/pcap.ts';
import { ladderToSvg } from '../../core/views/svg.ts';

const END = 3_500_000;
let fast: TraceRecord[];
let mipv6: TraceRecord[];
let lab: Lab;

beforeAll(async () => {
  lab = new Lab(await loadPacketCore(), 1, 'fig3', { ...DEFAULT_PARAMS, mode: 'anticipated-mobile-stateless' });
  fast = lab.advance(END);
  const base = new Lab(await loadPacketCore(), 1, 'fig3', { ...DEFAULT_PARAMS, mode: 'mipv6' });
  mipv6 = base.advance(END);
});

describe('measures', () => {
  it('per handover: layer-2 time from the parameters, and the fast handover beats standard MIPv6', () => {
    const [f] = measureHandovers(fast, END);
    const [m] = measureHandovers(mipv6, END);
    expect(f).toBeDefined();
    expect(m).toBeDefined();
    // Link down to link up is the layer-2 handover time the page set (50 ms).
    expect(f!.l2Us).toBe(DEFAULT_PARAMS.l2HandoverUs);
    expect(m!.l2Us).toBe(DEFAULT_PARAMS.l2HandoverUs);
    // §3.1: the fast handover signals before the link goes down; MIPv6 does nothing in advance…
    expect(f!.anticipationUs).toBeGreaterThan(0);
    expect(m!.anticipationUs).toBeNull();
    // …and MIPv6 pays movement detection + DAD (1 s) + the binding after link up.
    expect(m!.dadUs).toBe(1_000_000);
    expect(m!.afterLinkUpUs!).toBeGreaterThan(1_000_000);
    expect(f!.afterLinkUpUs!).toBeLessThan(100_000);
    expect(f!.l3LatencyUs!).toBeLessThan(m!.l3LatencyUs!);
    expect(f!.lost).toBeLessThan(m!.lost);
    // The HI's U flag had the nAR buffer (§5.2.1) and the oAR tunnel (§3.1.3) packets.
    expect(f!.buffered).toBeGreaterThan(0);
    expect(f!.tunnelled).toBeGreaterThan(0);
    expect(m!.buffered + m!.tunnelled).toBe(0);
  });
  it('nothing is measured before the cursor reaches the handover', () => {
    expect(measureHandovers(fast, 1_000_000)).toEqual([]);
  });
});

describe('the world at a cursor', () => {
  const ld = () => fast.find((r) => r.kind === 'l2' && r.trigger === 'L2-LD' && r.node === 'MN')!.t;
  it('shows the forwarding tunnel while it is up, and the buffered packets at the nAR', () => {
    const ix = new TraceIndex();
    ix.append(fast);
    const during = ld() + 40_000;
    expect(tunnelsAt(ix, during).length).toBeGreaterThan(0);
    // §3.1.3: the oAR tunnels the oCoA's packets to the nCoA. Its far end is the MN, but the
    // packets go oAR → nAR over the wire, then the last hop to the MN: drawn as they travel.
    const fwd = tunnelsAt(ix, during).find((t) => t.name.startsWith('2001:db8:1::'))!;
    expect(fwd.via).toEqual(['oAR', 'nAR', 'MN']);
    expect(tunnelsAt(ix, ld() - 300_000)).toEqual([]);
    const snap = packetsAt(ix, during, 20_000);
    expect(snap.held.get('nAR') ?? 0).toBeGreaterThan(0);
    // After delivery (end of the run) nothing waits at the nAR any more.
    expect(packetsAt(ix, END, 20_000).held.get('nAR') ?? 0).toBe(0);
  });
  it('places the MN on its scripted path at the cursor, and at its last live move once dragged', () => {
    const path = lab.scenario.mobiles[0]!.path;
    const ix = new TraceIndex();
    ix.append(fast);
    const start = positionAt(ix, 'MN', 0, { x: 0, y: 0 }, path);
    const later = positionAt(ix, 'MN', 2_000_000, { x: 0, y: 0 }, path);
    expect(later.x).toBeGreaterThan(start.x);
    ix.append([{ t: 2_500_000, kind: 'move', node: 'MN', x: 123, y: 45 }]);
    expect(positionAt(ix, 'MN', 2_600_000, { x: 0, y: 0 }, path)).toEqual({ x: 123, y: 45 });
    expect(positionAt(ix, 'MN', 2_000_000, { x: 0, y: 0 }, path)).toEqual(later);
  });
});

const firstLinkDown = () => fast.find((r) => r.kind === 'l2' && r.trigger === 'L2-LD' && r.node === 'MN')!.t;

describe('the tunnel-based mode (BETH, §3.2–§3.5) on the same movement', () => {
  it('hands the MN over with a BET between the routers, drawn as a BET both ways', async () => {
    const beth = new Lab(await loadPacketCore(), 1, 'fig3', { ...DEFAULT_PARAMS, mode: 'beth' });
    const recs = beth.advance(END);
    // §3.3: the HI and HACK carry the H flag (a BET is asked for, and granted).
    expect(recs.some((r) => r.kind === 'tx' && r.msg === 'HI' && r.flags?.includes('H'))).toBe(true);
    expect(recs.some((r) => r.kind === 'tx' && r.msg === 'HACK' && r.flags?.includes('H'))).toBe(true);
    // The MN keeps its CoA: no F-BU, no BU to the HA during the run.
    expect(recs.some((r) => r.kind === 'tx' && (r.msg === 'F-BU' || r.msg === 'BU'))).toBe(false);
    const ix = new TraceIndex();
    ix.append(recs);
    const up = recs.find((r) => r.kind === 'l2' && r.trigger === 'L2-LU' && r.node === 'MN')!.t;
    const bets = tunnelsAt(ix, up + 10_000);
    expect(bets.length).toBeGreaterThan(0);
    for (const t of bets) {
      expect(t.bet).toBe(true);
      expect([t.a, t.b]).toEqual(['nAR', 'oAR']);
    }
    // With no BET, the same movement's forwarding tunnel is not drawn as one.
    expect(
      tunnelsAt(
        (() => {
          const f = new TraceIndex();
          f.append(fast);
          return f;
        })(),
        firstLinkDown() + 40_000,
      ).every((t) => !t.bet),
    ).toBe(true);
  });
});

describe('packets at a cursor (searched among those that could still be alive)', () => {
  it('finds the same packets as a scan of every packet, at every 5 ms of the run', () => {
    const ix = new TraceIndex();
    ix.append(fast);
    for (let t = 0; t <= END; t += 5_000) {
      const snap = packetsAt(ix, t, 20_000);
      // Reference: every packet with a hop at or before t and not yet at its end.
      const moving = new Set<number>();
      for (const p of ix.packets) {
        const k = p.hops.findLastIndex((h) => h.t <= t);
        if (k < 0 || p.hops[k]!.final) continue;
        const next = p.hops[k + 1];
        if (next && next.node !== p.hops[k]!.node) moving.add(p.pkt);
      }
      expect(new Set(snap.moving.map((m) => m.pkt))).toEqual(moving);
    }
  });
});

describe('exports', () => {
  it('the pcap holds every packet put on the wire, each a packet the decoder accepts', () => {
    const recs = pcapRecords(fast);
    expect(recs.length).toBe(fast.filter((r) => r.kind === 'tx' || r.kind === 'encap').length);
    for (const r of recs) expect(decode(r.bytes).ok).toBe(true);
    const bytes = tracePcap(fast);
    const dv = new DataView(bytes.buffer);
    expect(dv.getUint32(0, true)).toBe(0xa1b2c3d4);
    expect(dv.getUint32(20, true)).toBe(229);
    // Up to the cursor only: a rewound export holds what the page shows.
    expect(pcapRecords(fast, 1_000_000).every((r) => r.tUs <= 1_000_000)).toBe(true);
  });
  it('the SVG is self-contained: namespace, its own colours, labels escaped', () => {
    const l = layoutLadder(fast, { cursor: END, stretch: true });
    const svg = ladderToSvg(l, 'a <b> & "c"');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('<title>a &lt;b&gt; &amp; &quot;c&quot;</title>');
    expect(svg).not.toContain('var(--');
    for (const label of ['RtSolPr', 'HACK code 0', 'F-BU', 'Disconnect (L2-LD)', 'Connect (L2-LU)'])
      expect(svg).toContain(label);
  });
  it('the SVG writes its title (scenario, mode, seed) above the drawing and the time axis with its ticks', () => {
    const l = layoutLadder(fast, { cursor: END, stretch: true });
    const svg = ladderToSvg(l, 'fig3: as written (anticipated-mobile-stateless), seed 1');
    expect(svg).toMatch(/<text [^>]*>fig3: as written \(anticipated-mobile-stateless\), seed 1<\/text>/);
    expect(l.ticks.length).toBeGreaterThan(3);
    for (const k of l.ticks) expect(svg).toContain(`>${k.text}</text>`);
    // The drawing is moved down under the title, not drawn over it.
    expect(svg).toContain('<g transform="translate(0 22)">');
  });
});
