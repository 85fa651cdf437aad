// The headless command line (issue 4 "Scenarios and command line").
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { ladder, parseArgs } from '../../core/cli.ts';
import { tracePcap } from '../../core/wire/pcap.ts';
import { run } from './helpers.ts';

describe('sim command line', () => {
  it('rejects bad arguments with a message', () => {
    expect(parseArgs([])).toMatch(/missing scenario/);
    expect(parseArgs(['fig1', '--seed', '-3'])).toMatch(/--seed expects/);
    expect(parseArgs(['fig1', '--format', 'xml'])).toMatch(/--format expects json, ladder, pcap or svg/);
    expect(parseArgs(['fig1', '--bogus'])).toMatch(/unknown option/);
    expect(parseArgs(['fig1', '--seed', '7', '--format', 'ladder'])).toEqual({
      scenario: 'fig1',
      seed: 7,
      format: 'ladder',
      list: false,
    });
  });

  it('exits non-zero with the field path for an unknown scenario or a bad file', () => {
    const r = spawnSync('node', ['--import', 'tsx', 'core/cli.ts', 'nope'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/expected a built-in id/);
    const b = spawnSync('node', ['--import', 'tsx', 'core/cli.ts', 'tests/engine/no-such.json'], { encoding: 'utf8' });
    expect(b.status).toBe(2);
    expect(b.stderr).toMatch(/cannot read/);
  });

  it('json: one record per line with t, kind, node, in time order', () => {
    const r = spawnSync('node', ['--import', 'tsx', 'core/cli.ts', 'fig1', '--seed', '3'], {
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    });
    expect(r.status).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.length).toBeGreaterThan(100);
    for (const [i, x] of lines.entries()) {
      expect(typeof x.t).toBe('number');
      expect(typeof x.kind).toBe('string');
      expect(typeof x.node).toBe('string');
      if (i > 0) expect(x.t).toBeGreaterThanOrEqual(lines[i - 1].t);
    }
    const hi = lines.find((x) => x.kind === 'tx' && x.msg === 'HI');
    expect(hi).toMatchObject({ from: 'oAR', to: 'nAR', flags: 'U' });
    expect(hi.hex).toMatch(/^60/);
  });

  it('ladder draws the figure, pcap is a classic capture with link type 229', async () => {
    const w = await run('fig3');
    const text = ladder(w.records);
    expect(text.split('\n')[0]).toMatch(/MN +oAR +nAR/);
    expect(text).toMatch(/\|-+RtSolPr-+>\|/);
    expect(text).toMatch(/\|<-*PrRtAdv code 0-*\|/);
    expect(text).toMatch(/~L2-LD~/);
  });

  it("--format pcap writes the page's capture byte for byte: each packet once as sent and each tunnel's outer packet, link type 229", async () => {
    const w = await run('fig3');
    const r = spawnSync('node', ['--import', 'tsx', 'core/cli.ts', 'fig3', '--format', 'pcap'], { maxBuffer: 1 << 26 });
    expect(r.status).toBe(0);
    const cap = new Uint8Array(r.stdout);
    expect(Buffer.from(cap).equals(Buffer.from(tracePcap(w.records)))).toBe(true);
    const dv = new DataView(cap.buffer, cap.byteOffset, cap.byteLength);
    expect(dv.getUint32(0, true)).toBe(0xa1b2c3d4);
    expect(dv.getUint32(20, true)).toBe(229);
    let n = 0;
    for (let o = 24; o < cap.length; o += 16 + dv.getUint32(o + 8, true)) n++;
    const sent = w.records.filter((x) => (x.kind === 'tx' || x.kind === 'encap') && x.hex).length;
    expect(n).toBe(sent);
    expect(w.records.some((x) => x.kind === 'fwd')).toBe(true); // forwarded hops exist, and are not repeated
  });

  it('--list names every figure', () => {
    const r = spawnSync('node', ['--import', 'tsx', 'core/cli.ts', '--list'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    for (const id of ['fig1', 'fig2', 'fig3', 'fig4', 'mipv6', 'err-pingpong']) expect(r.stdout).toContain(id);
  });
});
