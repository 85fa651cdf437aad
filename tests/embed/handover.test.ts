// Where a stopped embed scrolls its ladder to (app/embed/handover.ts): the handover's first
// signalling message, whichever figure of §3.1 or plain Mobile IPv6 runs.
import { describe, expect, it } from 'vitest';
import { loadPacketCore } from '../../core/wasm.ts';
import { Lab } from '../../core/lab.ts';
import type { TraceRecord } from '../../core/trace.ts';
import { handoverStart } from '../../app/embed/handover.ts';

async function run(scenario: string, whatIf = {}): Promise<TraceRecord[]> {
  const lab = new Lab(await loadPacketCore(), 1, scenario, whatIf);
  return [...lab.advance(3_000_000)];
}

const firstTx = (recs: TraceRecord[], msg: string) => recs.find((r) => r.kind === 'tx' && r.msg === msg)!.t;

describe('handoverStart', () => {
  it("is Figure 3's RtSolPr (the MN asks first, §3.1) and Figure 2's HI (the network decides, §3.1.4)", async () => {
    const fig3 = await run('fig3');
    expect(handoverStart(fig3, 3_000_000)).toBe(firstTx(fig3, 'RtSolPr'));
    const fig2 = await run('fig2');
    const t = handoverStart(fig2, 3_000_000);
    expect(t).toBe(firstTx(fig2, 'HI'));
    expect(t).toBeLessThan(firstTx(fig2, 'PrRtAdv'));
  });

  it('is the first binding update after the link went down in standard Mobile IPv6, and null before anything', async () => {
    const recs = await run('fig3', { mode: 'mipv6' });
    expect(recs.some((r) => r.kind === 'tx' && r.msg === 'RtSolPr')).toBe(false);
    const down = recs.find((r) => r.kind === 'l2' && r.trigger === 'L2-LD')!.t;
    const t = handoverStart(recs, 3_000_000);
    expect(t).not.toBeNull();
    expect(t!).toBeGreaterThan(down);
    expect(recs.find((r) => r.t === t && r.kind === 'tx')).toMatchObject({ msg: 'BU', from: 'MN' });
    // Before the handover began there is nothing to show.
    expect(handoverStart(recs, down - 1)).toBeNull();
  });
});
