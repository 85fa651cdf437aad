// Issue 9's packet list search and sort (core/views/packet-list.ts) on Figure 3's own run: what a
// student types finds the rows they mean, sorting groups them in send order, and the index's rows
// are never changed by either.
import { beforeAll, describe, expect, it } from 'vitest';
import { runScenario } from '../../core/engine/run.ts';
import { LadderIndex, type PacketRow } from '../../core/views/ladder.ts';
import { listRows, matches, packetAddresses, searchWords } from '../../core/views/packet-list.ts';

let rows: readonly PacketRow[];
let n: number;
beforeAll(async () => {
  const records = (await runScenario('fig3', { seed: 1, trace: true })).records;
  const cut = new LadderIndex().append(records).rowsUpTo(records.at(-1)!.t);
  rows = cut.all;
  n = cut.n;
});

describe('search', () => {
  it('"F-BU" keeps exactly Figure 3’s F-BU rows, any case', () => {
    const fbu = rows.slice(0, n).filter((r) => r.msg === 'F-BU');
    expect(fbu.length).toBeGreaterThan(0);
    expect(listRows(rows, n, 'F-BU', 'time')).toEqual(fbu);
    expect(listRows(rows, n, 'f-bu', 'time')).toEqual(fbu);
  });

  it('every word must match: "hi nAR" is the HI to the nAR, not every packet of the nAR', () => {
    const got = listRows(rows, n, '  hi   nAR ', 'time');
    expect(got.length).toBeGreaterThan(0);
    for (const r of got) {
      expect(r.label.toLowerCase()).toContain('hi');
      expect([r.node, r.from, r.to]).toContain('nAR');
    }
    expect(got.length).toBeLessThan(listRows(rows, n, 'nAR', 'time').length);
  });

  it('finds a packet by an address of its IPv6 header, outer or tunnelled', () => {
    const fbu = rows.slice(0, n).find((r) => r.msg === 'F-BU')!;
    const [src, dst] = packetAddresses(fbu.hex);
    expect(src).toMatch(/:/);
    const bySrc = listRows(rows, n, src!, 'time');
    expect(bySrc).toContain(fbu);
    for (const r of bySrc) expect(packetAddresses(r.hex)).toContain(src);
    expect(listRows(rows, n, dst!, 'time')).toContain(fbu);
  });

  it('reads the inner header of an IPv6-in-IPv6 packet (next header 41, RFC 2473) too', () => {
    const addr = (last: number) => '20010db8' + '00'.repeat(11) + last.toString(16).padStart(2, '0');
    // version 6, payload 40, next header 41 (IPv6), hop limit 64; then the inner header (next
    // header 59: no next header) and nothing after it.
    const outer = '60000000' + '0028' + '29' + '40' + addr(1) + addr(2);
    const inner = '60000000' + '0000' + '3b' + '40' + addr(0x10) + addr(0x20);
    expect(packetAddresses(outer + inner)).toEqual(['2001:db8::1', '2001:db8::2', '2001:db8::10', '2001:db8::20']);
    expect(packetAddresses(inner)).toEqual(['2001:db8::10', '2001:db8::20']);
    // Too short for a header, or not IPv6: no address, no throw.
    expect(packetAddresses(outer.slice(0, 60))).toEqual([]);
    expect(packetAddresses('45' + '00'.repeat(39))).toEqual([]);
  });

  it('an empty search keeps every row; a search nothing matches keeps none', () => {
    expect(listRows(rows, n, '', 'time')).toEqual(rows.slice(0, n));
    expect(listRows(rows, n, '   ', 'time')).toEqual(rows.slice(0, n));
    expect(listRows(rows, n, 'no-such-message', 'time')).toEqual([]);
    expect(searchWords(' A  b ')).toEqual(['a', 'b']);
    expect(matches(rows[0]!, [])).toBe(true);
  });
});

describe('sort', () => {
  const groups = (rs: PacketRow[], key: (r: PacketRow) => string) => {
    const seen: string[] = [];
    for (const r of rs) if (seen.at(-1) !== key(r)) seen.push(key(r));
    return seen;
  };

  it('by message type: one group per type, each in send order, the same rows', () => {
    const sorted = listRows(rows, n, '', 'message');
    expect(sorted.length).toBe(n);
    const g = groups(sorted, (r) => r.msg);
    expect(new Set(g).size).toBe(g.length); // each type is one run of rows
    expect(g).toEqual([...g].sort());
    for (const type of g) {
      const inGroup = sorted.filter((r) => r.msg === type).map((r) => r.pkt);
      expect(inGroup).toEqual(
        rows
          .slice(0, n)
          .filter((r) => r.msg === type)
          .map((r) => r.pkt),
      );
    }
    expect([...sorted].sort((a, c) => a.pkt - c.pkt)).toEqual(rows.slice(0, n));
  });

  it('by node: one group per sending node; search and sort together', () => {
    const g = groups(listRows(rows, n, '', 'node'), (r) => r.node);
    expect(new Set(g).size).toBe(g.length);
    expect(g).toContain('MN');
    const both = listRows(rows, n, 'F-B', 'node');
    expect(both.every((r) => r.msg.startsWith('F-B'))).toBe(true);
    expect(new Set(groups(both, (r) => r.node)).size).toBe(groups(both, (r) => r.node).length);
  });

  it('never changes the index’s rows', () => {
    const before = rows.slice(0, n).map((r) => r.pkt);
    listRows(rows, n, '', 'message');
    listRows(rows, n, 'nAR', 'node');
    expect(rows.slice(0, n).map((r) => r.pkt)).toEqual(before);
  });
});
