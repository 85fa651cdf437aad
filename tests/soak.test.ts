// The soak in CI (issue 15): a few hundred random scenarios through the engine, every invariant of
// tests/invariants.ts checked (`npm run soak -- 10000` runs the long version). And the invariants
// themselves fire: each one is shown failing on a doctored trace.
import { describe, expect, it } from 'vitest';
import { randomCase, soakOne } from './soak-core.ts';
import { invariantViolations, viewOf, type RunView } from './invariants.ts';
import { run } from './engine/helpers.ts';
import type { TraceRecord } from '../core/trace.ts';

const CI_RUNS = 200;

describe('soak', () => {
  it(`${CI_RUNS} random scenarios (capabilities, modes, movements, speeds, losses, seeds): no invariant broken`, async () => {
    const modes = new Set<string>();
    const failures: string[] = [];
    for (let i = 0; i < CI_RUNS; i++) {
      const r = await soakOne(randomCase(i, 0xc1));
      modes.add(r.case.mode);
      if (r.problems.length > 0) failures.push(`case ${i} (${r.case.mode}): ${r.problems.slice(0, 3).join('; ')}`);
    }
    expect(failures).toEqual([]);
    expect([...modes].sort()).toEqual(['beth', 'fast', 'mipv6']);
  });

  it('the generator is deterministic and its scenarios are valid', async () => {
    expect(randomCase(7)).toEqual(randomCase(7));
    expect(randomCase(7)).not.toEqual(randomCase(8));
    for (let i = 0; i < 50; i++) {
      const r = await soakOne(randomCase(i, 0x77));
      expect(r.problems.filter((p) => p.startsWith('invalid'))).toEqual([]);
    }
  });
});

describe('the invariants fire', () => {
  async function doctored(id: string, change: (recs: TraceRecord[]) => TraceRecord[]): Promise<string[]> {
    const w = await run(id, 1);
    const v: RunView = viewOf(w);
    return invariantViolations({ ...v, records: change([...w.records]) });
  }
  it('a clean run has none', async () => {
    expect(invariantViolations(viewOf(await run('fig10', 1)))).toEqual([]);
  });
  it('conservation: a packet with two ends, a packet missing from the trace', async () => {
    const v = await doctored('fig3', (r) => {
      const rx = r.find((x) => x.kind === 'rx')!;
      return [...r, rx];
    });
    expect(v.join('\n')).toMatch(/has 2 ends/);
    const m = await doctored('fig3', (r) => {
      const p = (r.find((x) => x.kind === 'tx') as { pkt: number }).pkt;
      return r.filter((x) => !('pkt' in x) || x.pkt !== p);
    });
    expect(m.join('\n')).toMatch(/packets sent but \d+ in the trace/);
  });
  it('a loop: one packet forwarded three times by one node', async () => {
    const v = await doctored('fig3', (r) => {
      const f = r.find((x) => x.kind === 'fwd')!;
      return [...r, f, f];
    });
    expect(v.join('\n')).toMatch(/loop: packet \d+@\w+ forwarded 3 times/);
  });
  it('forwarding before the F-BU, and an encapsulation outside any tunnel', async () => {
    const v = await doctored('fig3', (r) => r.filter((x) => !(x.kind === 'rx' && x.msg === 'F-BU')));
    expect(v.join('\n')).toMatch(/forwarding before the F-BU: tunnel up at oAR/);
    const e = await doctored('fig3', (r) => r.filter((x) => !(x.kind === 'tunnel' && x.node === 'oAR')));
    expect(e.join('\n')).toMatch(/tunnel outlived its lifetime: encap at oAR/);
  });
  it('a BET neither torn down nor renewed', async () => {
    const v = await doctored('beth-term-expiry', (r) => r.filter((x) => !(x.kind === 'tunnel' && x.action === 'down')));
    expect(v.join('\n')).toMatch(/neither torn down nor renewed/);
  });
  it("the engine's own flags: an unconfirmed nCoA used as a source", async () => {
    const w = await run('fig3', 1);
    expect(
      invariantViolations({ ...viewOf(w), violations: ['MN used unconfirmed source 2001:db8:2::10 at 5'] }),
    ).toEqual(['engine: MN used unconfirmed source 2001:db8:2::10 at 5']);
  });
});
