// Figures 7–12 begin after the MN's §4.1 capability exchange (scenario field
// `mobiles[].capabilitiesKnown`, docs/draft-inconsistencies.md I-34): the figures do not draw the
// RtSolPr/PrRtAdv pair "when an MN ... comes up", so the run starts where they start. The same
// scenario with the exchange at the start must send exactly that pair first and then the very same
// messages — the field moves the start of the run, it changes nothing of the handover.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../core/engine/run.ts';
import { builtin } from '../../core/scenario/builtin.ts';
import { validateScenario } from '../../core/scenario/schema.ts';
import { messagesOf } from '../engine/messages.ts';

const FIGURES = ['fig7', 'fig8', 'fig10', 'fig11', 'fig12'];

/** The built-in scenario with its MN making the exchange at the start, as a fresh MN would. */
function withExchange(id: string): unknown {
  const sc = structuredClone(builtin(id)!) as { mobiles: Record<string, unknown>[] };
  for (const m of sc.mobiles) m.capabilitiesKnown = false;
  return sc;
}

describe('Figures 7–12 begin after the §4.1 capability exchange', () => {
  for (const id of FIGURES)
    it(`${id}: no RtSolPr or PrRtAdv in the figure; with the exchange, that pair first and then the same messages`, async () => {
      const figure = messagesOf((await runScenario(id, { seed: 1, trace: true })).records);
      const exchanged = messagesOf((await runScenario(withExchange(id), { seed: 1, trace: true })).records);
      const kinds = (s: typeof figure) => s.sends.map((x) => x.msg);
      // The figures draw no RtSolPr and no PrRtAdv (§3.3, §3.4: tunnel-based handover has none).
      expect(kinds(figure).filter((k) => k === 'RtSolPr' || k === 'PrRtAdv')).toEqual([]);
      // §4.1 steps 1 and 2: the MN's RtSolPr, the AR's PrRtAdv; then exactly the figure.
      expect(kinds(exchanged).slice(0, 2)).toEqual(['RtSolPr', 'PrRtAdv']);
      expect(exchanged.sends.slice(2)).toEqual(figure.sends);
      expect(exchanged.dataSent).toBe(figure.dataSent);
    });

  it('the §4 mosaic still starts with the exchange (its subject)', async () => {
    const mosaic = messagesOf((await runScenario('beth-mosaic', { seed: 1, trace: true })).records);
    expect(mosaic.sends[0]!.msg).toBe('RtSolPr');
  });

  it('capabilitiesKnown must be true or false, the error naming the field; another mode ignores it', async () => {
    const sc = structuredClone(builtin('fig7')!) as { mobiles: Record<string, unknown>[] };
    sc.mobiles[0]!.capabilitiesKnown = 'yes';
    const v = validateScenario(sc);
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.errors.map((e) => e.path)).toContain('mobiles[0].capabilitiesKnown');
    // Figure 7 run in anticipated mode (a "what if"): the field stays and changes nothing.
    sc.mobiles[0]!.capabilitiesKnown = true;
    sc.mobiles[0]!.mode = 'fast';
    const fast = messagesOf((await runScenario(sc, { seed: 1, trace: true })).records);
    sc.mobiles[0]!.capabilitiesKnown = false;
    expect(messagesOf((await runScenario(sc, { seed: 1, trace: true })).records)).toEqual(fast);
  });
});
