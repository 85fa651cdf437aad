// `show` reads the engine's state at the cursor (core/state.ts stateAt), and prints the tables the
// draft says a node holds at that point of Figure 3: the nAR's neighbor cache entry for the nCoA
// after the HI (§7), its buffer (§5.2.1 U flag), the oAR's tunnel of the oCoA to the nCoA
// (§3.1.3), the bindings to the nCoA at the end — and, where the nCoA is in use, the nAR's host
// route for the oCoA (§5.2.1). Each over the live engine and over the recorded trace alike.
import { beforeAll, describe, expect, it } from 'vitest';
import { Console } from '../../core/console/console.ts';
import { LabSession } from '../../core/console/lab-session.ts';
import { RecordedSession } from '../../core/console/recorded-session.ts';
import type { TraceRecord } from '../../core/trace.ts';

const MN_LLA = '02:00:00:00:00:10';
const OCOA = '2001:db8:1::10';
const NCOA = '2001:db8:2::10';
const HOA = '2001:db8:ffff::10';

/** Runs a line and returns what it printed (failing the test on an error line). */
async function run(c: Console, line: string): Promise<string[]> {
  const o = await c.run(line);
  if (o.error) throw new Error(`${line}: ${o.lines.join(' / ')}`);
  return o.lines;
}

/** The table row whose cells are these, in order, separated by the table's spaces. */
const row = (...cells: string[]) =>
  new RegExp(`^${cells.map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join(' +')}(\\s|$)`);
const has = (lines: string[], re: RegExp) => lines.some((l) => re.test(l));

/** `goto` a record's instant (ms with µs, as the console reads times). */
const at = (r: TraceRecord | undefined) => {
  if (!r) throw new Error('no such record');
  return `goto ${(r.t / 1000).toFixed(3)}`;
};

describe('show over Figure 3: the tables the draft predicts', () => {
  let s: LabSession;
  let c: Console;
  const find = (p: (r: TraceRecord) => boolean) => s.records().find(p);
  beforeAll(async () => {
    s = await LabSession.create();
    c = new Console(s);
    await run(c, 'load fig3');
    await run(c, 'move MN nAR');
    await run(c, 'goto end');
  });

  it('before the handover the nAR has no entry; the oAR has the MN on its link', async () => {
    await run(c, 'goto start');
    expect(await run(c, 'show neighbors nAR')).toEqual(['no neighbor cache entries on nAR at 0.000 ms']);
    expect(has(await run(c, 'show neighbors oAR'), row(OCOA, MN_LLA, 'REACHABLE'))).toBe(true);
  });

  it('after the HI/HACK the nAR holds the nCoA INCOMPLETE with the MN\u2019s address and buffers for it (§7, §5.2.1)', async () => {
    await run(c, 'goto start');
    const hack = await run(c, 'goto next HACK');
    expect(hack.some((l) => / nAR sent HACK code 0 /.test(l))).toBe(true);
    const nc = await run(c, 'show neighbors nAR');
    expect(nc[0]).toMatch(/^nAR neighbor cache \(§7\) at \d+\.\d{3} ms$/);
    expect(has(nc, row(NCOA, MN_LLA, 'INCOMPLETE'))).toBe(true);
    // The HI's U flag: the nAR buffers for the nCoA, nothing held yet.
    expect(has(await run(c, 'show buffers'), row('nAR', 'MN', NCOA, 'on', '0'))).toBe(true);
    // The nCoA is valid: no host route for the oCoA (that is the invalid case, below).
    expect((await run(c, 'show routes nAR'))[0]).toMatch(/^no host routes on nAR/);
  });

  it('while the MN is between links the oAR tunnels the oCoA to the nCoA and the nAR holds what arrives (§3.1.3)', async () => {
    const up = find((r) => r.kind === 'tunnel' && r.node === 'oAR' && r.action === 'up');
    await run(c, at(up));
    expect(has(await run(c, 'show tunnels'), row('oAR', 'MN', 'tunnel', OCOA, NCOA, '3 s'))).toBe(true);
    // Just before the MN's NA reaches the nAR, the packets tunnelled to the nCoA are held there.
    // (It had the F-BACK before it moved, so it announces itself with a standard NA, §3.1.1.)
    const fna = find((r) => r.kind === 'rx' && r.node === 'nAR' && r.msg === 'NA');
    await run(c, `goto ${((fna!.t - 1) / 1000).toFixed(3)}`);
    const held = (await run(c, 'show buffers')).find((l) => row('nAR', 'MN', NCOA, 'on').test(l));
    expect(Number(held?.trim().split(/\s+/).at(-1))).toBeGreaterThan(0);
    expect(has(await run(c, 'show neighbors nAR'), row(NCOA, MN_LLA, 'INCOMPLETE'))).toBe(true);
  });

  it('the NA makes the entry REACHABLE and the queue is sent (§7); at the end HA and CN bind the HoA to the nCoA', async () => {
    const fna = find((r) => r.kind === 'rx' && r.node === 'nAR' && r.msg === 'NA');
    await run(c, at(fna));
    expect(has(await run(c, 'show neighbors nAR'), row(NCOA, MN_LLA, 'REACHABLE'))).toBe(true);
    expect((await run(c, 'show buffers'))[0]).toMatch(/^no buffers at/);
    await run(c, 'goto end');
    const b = await run(c, 'show bindings');
    expect(has(b, row('HA', HOA, NCOA, '60 s'))).toBe(true);
    expect(has(b, row('CN', HOA, NCOA, '60 s'))).toBe(true);
    // The forwarding tunnel's lifetime (3 s) is over by then (§6.1.2).
    expect(await run(c, 'show tunnels')).toEqual(['no tunnels at 3500.000 ms']);
  });

  it('a recorded trace prints the same tables at the same instants', async () => {
    const rec = new RecordedSession({
      scenario: s.scenario,
      seed: s.seed,
      whatIf: s.whatIf,
      topology: s.topology!,
      end: s.end,
      catalogue: s.catalogue,
      records: s.records().filter((r) => r.t <= s.end),
    });
    const script = [
      'goto next HACK',
      'show neighbors nAR',
      'show buffers',
      'goto next BU',
      'show neighbors nAR',
      'goto end',
      'show bindings',
      'show nodes',
    ].join('\n');
    await run(c, 'goto start');
    const live = await c.script(script);
    const r = new Console(rec);
    const recorded = await r.script(script);
    expect(recorded.lines).toEqual(live.lines);
    expect(live.failed).toBe(0);
  });
});

describe('show where the nCoA is in use (err-ncoa-invalid, §5.2.1)', () => {
  it('the nAR answers HACK code 2, keeps a host route for the oCoA and an INCOMPLETE entry for the oCoA (§7)', async () => {
    const s = await LabSession.create();
    const c = new Console(s);
    await run(c, 'load err-ncoa-invalid');
    await run(c, 'move MN nAR');
    const hack = await run(c, 'goto next HACK');
    expect(hack.some((l) => / nAR sent HACK code 2 /.test(l))).toBe(true);
    expect(has(await run(c, 'show routes nAR'), row(OCOA, 'access link'))).toBe(true);
    const nc = await run(c, 'show neighbors nAR');
    expect(has(nc, row(OCOA, MN_LLA, 'INCOMPLETE'))).toBe(true);
    expect(has(nc, row(NCOA))).toBe(false);
  });
});

describe('why in inspect and tcpdump -v', () => {
  /** Figure 3 moved to the nAR and run to its HACK: the console, and the oAR's HI's packet number. */
  async function fig3AtHack(): Promise<{ c: Console; n: number }> {
    const s = await LabSession.create();
    const c = new Console(s);
    await run(c, 'load fig3');
    await run(c, 'move MN nAR');
    await run(c, 'goto next HACK');
    const hi = s.records().find((r) => r.kind === 'tx' && r.msg === 'HI');
    return { c, n: (hi && 'pkt' in hi ? hi.pkt : undefined) ?? -1 };
  }

  it('inspect says why the node sent the packet; tcpdump -v puts each packet\u2019s reason under it', async () => {
    const { c, n } = await fig3AtHack();
    const ins = await run(c, `inspect ${n}`);
    expect(ins[1]).toMatch(/^why: .*\(§3\.1\.3, §5\.2\.1\)$/);
    const v = await run(c, 'tcpdump -r -v msg HI');
    const i = v.findIndex((l) => / oAR Out +IP6 .* HI \[U\]/.test(l));
    expect(v[i + 1]).toMatch(/^ {4}why: the oAR proposes the nCoA it formed; .*\(§3\.1\.3, §5\.2\.1\)$/);
    const rx = await run(c, 'tcpdump -i nAR -r -v msg HI');
    expect(rx[2]).toBe('    why: the HI asks this router to prepare for the MN (§5.2.1)');
    // Without -v, one line a packet.
    expect((await run(c, 'tcpdump -r msg HI')).some((l) => l.startsWith('    why:'))).toBe(false);
  });

  it('why takes the packet as the event log writes it (#N), or the selected packet when none is named', async () => {
    const { c, n } = await fig3AtHack();
    // Nothing selected yet: it says how to name one.
    const none = await c.run('why');
    expect(none.error).toBe(true);
    expect(none.lines.join('\n')).toMatch(/^why: no packet selected: click one on the ladder, or name it: why N/);
    const plain = await run(c, `why ${n}`);
    expect(plain.join('\n')).toMatch(/oAR tx HI \[U\]: .*\(§3\.1\.3, §5\.2\.1\)/);
    expect(await run(c, `why #${n}`)).toEqual(plain);
    // inspect selects it (as on the page); why alone then explains that packet.
    await run(c, `inspect #${n}`);
    expect(await run(c, 'why')).toEqual(plain);
    expect((await c.run('why #x')).lines).toEqual(['why: "#x" is not a packet number (4 or #4)']);
  });
});
