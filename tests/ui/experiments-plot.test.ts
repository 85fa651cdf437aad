// The sweep plot's layout (issue 14), as a student reads it: modes told apart by shape as well as
// colour (two modes that measure the same still both show), a linear axis from 0, and a
// logarithmic one that shows the fast handover's tens of ms beside standard Mobile IPv6's second.
import { describe, expect, it } from 'vitest';
import { layoutPlot, modeMarker, plotTable, underText } from '../../app/experiments/plot.ts';
import { MODES } from '../../core/protocol.ts';
import { mustSweep, type PointSummary, type Stat } from '../../core/sweep/sweep.ts';

const spec = mustSweep({
  scenario: 'fig3',
  param: 'l2HandoverMs',
  from: 0,
  to: 200,
  step: 100,
  modes: ['mipv6', 'anticipated-mobile-stateless', 'beth'],
  seeds: 1,
});
const stat = (ms: number): Stat => ({ mean: ms * 1000, min: ms * 1000, max: ms * 1000, n: 1 });
/** Standard MIPv6 about a second above layer 2; the anticipated handover and BETH equal, 20 ms above it. */
const summaries: PointSummary[] = [0, 100, 200].flatMap((value, point) =>
  spec.modes.map((mode) => ({
    point,
    value,
    mode,
    runs: 1,
    stats: {
      latencyUs: stat(value + (mode === 'mipv6' ? 1100 : 20)),
      lost: { mean: 0, min: 0, max: 0, n: 1 },
      buffered: null,
      tunnelled: null,
      sigBytes: null,
    },
  })),
);
const plot = (over: Partial<Parameters<typeof layoutPlot>[0]> = {}) =>
  layoutPlot({ spec, summaries, measure: 'latencyUs', width: 390, height: 240, ...over });

describe('the sweep plot', () => {
  it('gives every mode its own marker shape', () => {
    const shapes = MODES.map((m) => modeMarker(m));
    expect(new Set(shapes).size).toBe(MODES.length);
    expect(plot().series.map((s) => s.marker)).toEqual(spec.modes.map((m) => modeMarker(m)));
  });

  it('says when a line is hidden under another mode with the same values', () => {
    const p = plot();
    expect(p.series.map((s) => s.under)).toEqual([null, 'beth', null]);
    expect(p.series[1]!.underBy).toBe(0);
    expect(underText('BETH', p.series[1]!.underBy, 'ms')).toBe('under BETH: the same values');
  });

  it('says "the same values" only when they are: lines a few hundredths of a ms apart overlap (session 9 review)', () => {
    // The review's sweep: anticipated 22.049 and 71.089 ms, BETH 22.020 and 69.966 ms — within 2 px
    // on the plot, but not the same values.
    const near = summaries.map((s) =>
      s.mode !== 'beth'
        ? s
        : { ...s, stats: { ...s.stats, latencyUs: stat(s.value + 20 - (s.point === 1 ? 1.123 : 0.029)) } },
    );
    const p = layoutPlot({ spec, summaries: near, measure: 'latencyUs', width: 390, height: 240, yScale: 'log' });
    const s = p.series[1]!;
    expect(s.under).toBe('beth');
    expect(s.underBy).toBeCloseTo(1.123, 9);
    expect(underText('BETH', s.underBy, 'ms')).toBe('under BETH: the lines overlap, within 1.123 ms');
    expect(underText('BETH', 0.0001, 'ms')).toBe('under BETH: the lines overlap, within 0.001 ms');
  });

  it('writes a count of one seed in the singular', () => {
    expect(plot().series[0]!.points[0]!.label).toMatch(/, 1 seed\)$/);
  });

  it('draws a linear axis from 0 by default, labelled with its unit', () => {
    const p = plot();
    expect(p.yScale).toBe('linear');
    expect(p.yTicks[0]!.label).toBe('0');
    expect(p.yLabel).toBe('L3 handover latency (ms)');
    // On a linear axis the anticipated handover's 20 ms and 220 ms are squeezed together.
    const inner = p.height - p.margin.top - p.margin.bottom;
    const pts = p.series[1]!.points;
    expect(pts[0]!.y - pts[2]!.y).toBeLessThan(0.2 * inner);
  });

  it('on a logarithmic axis spreads 20 ms and 1.1 s apart, with labelled decades', () => {
    const p = plot({ yScale: 'log' });
    expect(p.yScale).toBe('log');
    expect(p.yLabel).toBe('L3 handover latency (ms, log scale)');
    const labels = p.yTicks.map((t) => t.label);
    expect(labels).toContain('100');
    expect(labels).toContain('1,000');
    const inner = p.height - p.margin.top - p.margin.bottom;
    const pts = p.series[1]!.points;
    expect(pts[0]!.y - pts[2]!.y).toBeGreaterThan(0.4 * inner);
    // Ticks stay inside the plot.
    for (const t of p.yTicks) expect(t.y).toBeGreaterThanOrEqual(p.margin.top - 0.5);
  });

  it('refuses a logarithmic axis where a value is 0, says why, and draws the linear one', () => {
    const p = plot({ measure: 'lost', yScale: 'log' });
    expect(p.yScale).toBe('linear');
    expect(p.noLog).toBe('a value of packets lost is 0');
  });

  it('gives the same numbers as a table: a row per value, mean (min–max) and the model per mode', () => {
    const t = plotTable({
      spec,
      summaries,
      measure: 'latencyUs',
      model: (v, m) => (v + (m === 'mipv6' ? 1099 : 12)) * 1000,
    });
    expect(t.head).toEqual([
      'Layer-2 handover time (ms)',
      'Standard MIPv6, ms',
      'Standard MIPv6, model, ms',
      'Anticipated, mobile, stateless, ms',
      'Anticipated, mobile, stateless, model, ms',
      'BETH (tunnel-based), ms',
      'BETH (tunnel-based), model, ms',
    ]);
    expect(t.rows[1]).toEqual(['100', '1,200 (1,200–1,200)', '1,199', '120 (120–120)', '112', '120 (120–120)', '112']);
    expect(plotTable({ spec, summaries, measure: 'lost' }).head).toHaveLength(4);
  });
});
