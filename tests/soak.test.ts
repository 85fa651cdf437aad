// The soak's parts (issue 15): its generator of random scenarios (`npm run soak -- N` runs them
// through the engine with tests/invariants.ts), and the invariants themselves, each shown firing
// on a doctored trace.
import { describe, expect, it } from 'vitest';
import { randomCase, soakOne } from './soak-core.ts';
import { invariantViolations, viewOf, type RunView } from './invariants.ts';
import { validateScenario } from '../core/scenario/schema.ts';
import { run } from './engine/helpers.ts';
import type { TraceRecord } from '../core/trace.ts';

/** The CI soak: this many random runs from this base seed (the long one is `npm run soak -- N`). */
const CI_RUNS = 200;
const CI_SEED = 0xc150;

describe('the CI soak', () => {
  // A few hundred of the random runs `npm run soak` makes by the thousand, from a fixed seed, so
  // CI replays the same ones every time. The first failing case is printed whole: its index, the
  // engine seed, what broke, and the scenario as JSON (save it, then `npm run sim -- FILE --seed N`).
  // About 20 s of CPU (≈100 ms a run); the timeout is generous because a loaded machine stretches
  // it several times over, and a slow run is not a failure (speed belongs in `npm run bench`).
  it(`${CI_RUNS} random runs keep every invariant`, { timeout: 900_000 }, async () => {
    for (let i = 0; i < CI_RUNS; i++) {
      const c = randomCase(i, CI_SEED);
      const r = await soakOne(c);
      if (r.problems.length > 0)
        expect.fail(
          `soak case ${i} (base seed ${CI_SEED}, ${c.mode}, engine seed ${c.seed}):\n  ${r.problems.slice(0, 10).join('\n  ')}\n` +
            `scenario: ${JSON.stringify(c.scenario)}`,
        );
    }
  });
});

describe('soak generator', () => {
  it('is deterministic, covers every mode, and its scenarios are valid', () => {
    expect(randomCase(7)).toEqual(randomCase(7));
    expect(randomCase(7)).not.toEqual(randomCase(8));
    const modes = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const c = randomCase(i, 0x77);
      modes.add(c.mode);
      const v = validateScenario(c.scenario);
      expect(v.ok ? [] : v.errors, `case ${i}`).toEqual([]);
    }
    expect([...modes].sort()).toEqual(['beth', 'fast', 'mipv6']);
  });

  it('a case runs to its invariants (one of each mode)', async () => {
    for (const mode of ['fast', 'mipv6', 'beth']) {
      let i = 0;
      while (randomCase(i, 0x77).mode !== mode) i++;
      const r = await soakOne(randomCase(i, 0x77));
      expect(r.problems.filter((p) => p.startsWith('invalid') || p.startsWith('engine threw'))).toEqual([]);
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
