// The sweep plot's layout (issue 14): scales, ticks, one line per mode with its spread over the
// seeds (a min–max band), the model as a dashed line, from d3-scale / d3-shape (no hand-made tick
// code). Pure: the component draws what this returns, the tests read it.
import { scaleLinear } from 'd3-scale';
import { area, line } from 'd3-shape';
import type { HandoverMode } from '../../core/protocol.ts';
import { MEASURES, SWEEP_PARAMS, type MeasureKey, type PointSummary, type SweepSpec } from '../../core/sweep/sweep.ts';

export const MODE_COLOURS: Record<HandoverMode, string> = {
  mipv6: '#c0392b',
  'anticipated-mobile-stateless': '#1f6fb2',
  'anticipated-mobile-stateful': '#7b4fb8',
  'anticipated-network-stateless': '#138a72',
  'anticipated-network-stateful': '#b7791f',
  beth: '#444e5c',
};

export const MODE_SHORT: Record<HandoverMode, string> = {
  mipv6: 'Standard MIPv6',
  'anticipated-mobile-stateless': 'Anticipated, mobile, stateless',
  'anticipated-mobile-stateful': 'Anticipated, mobile, stateful',
  'anticipated-network-stateless': 'Anticipated, network, stateless',
  'anticipated-network-stateful': 'Anticipated, network, stateful',
  beth: 'BETH (tunnel-based)',
};

export interface PlotPoint {
  x: number;
  y: number;
  point: number;
  value: number;
  mode: HandoverMode;
  label: string;
}

export interface PlotSeries {
  mode: HandoverMode;
  colour: string;
  line: string;
  band: string;
  points: PlotPoint[];
  /** The model's line (latency only), dashed. */
  model: string | null;
}

export interface PlotLayout {
  width: number;
  height: number;
  margin: { top: number; right: number; bottom: number; left: number };
  xTicks: { x: number; label: string }[];
  yTicks: { y: number; label: string }[];
  xLabel: string;
  yLabel: string;
  series: PlotSeries[];
}

const fmt = (v: number) => (Math.abs(v) >= 1000 ? v.toLocaleString('en') : String(+v.toFixed(3)));

/**
 * `model(value, mode)`: the model's latency in µs at a point (latency plots only). The y axis
 * starts at 0 so that modes far apart (seconds and tens of ms) are read honestly.
 */
export function layoutPlot(opts: {
  spec: SweepSpec;
  summaries: readonly PointSummary[];
  measure: MeasureKey;
  width: number;
  height: number;
  model?: (value: number, mode: HandoverMode) => number;
}): PlotLayout {
  const { spec, summaries, measure, width, height } = opts;
  const margin = { top: 12, right: 22, bottom: 44, left: 64 };
  const info = SWEEP_PARAMS[spec.param];
  const m = MEASURES[measure];
  const k = m.scale;
  const x = scaleLinear()
    .domain(spec.from === spec.to ? [spec.from - 1, spec.to + 1] : [spec.from, spec.to])
    .range([margin.left, width - margin.right]);
  let yMax = 0;
  for (const s of summaries) yMax = Math.max(yMax, (s.stats[measure]?.max ?? 0) * k);
  const modelAt = measure === 'latencyUs' ? opts.model : undefined;
  const values = [...new Set(summaries.map((s) => s.value))].sort((a, b) => a - b);
  if (modelAt) for (const v of values) for (const mode of spec.modes) yMax = Math.max(yMax, modelAt(v, mode) * k);
  const y = scaleLinear()
    .domain([0, yMax > 0 ? yMax : 1])
    .nice()
    .range([height - margin.bottom, margin.top]);
  const series: PlotSeries[] = spec.modes.map((mode) => {
    const pts = summaries.filter((s) => s.mode === mode && s.stats[measure]).sort((a, b) => a.value - b.value);
    const mean = line<PointSummary>()
      .x((s) => x(s.value))
      .y((s) => y(s.stats[measure]!.mean * k));
    const band = area<PointSummary>()
      .x((s) => x(s.value))
      .y0((s) => y(s.stats[measure]!.min * k))
      .y1((s) => y(s.stats[measure]!.max * k));
    const modelLine = modelAt
      ? line<number>()
          .x((v) => x(v))
          .y((v) => y(modelAt(v, mode) * k))(values)
      : null;
    return {
      mode,
      colour: MODE_COLOURS[mode],
      line: mean(pts) ?? '',
      band: band(pts) ?? '',
      model: modelLine,
      points: pts.map((s) => {
        const st = s.stats[measure]!;
        return {
          x: x(s.value),
          y: y(st.mean * k),
          point: s.point,
          value: s.value,
          mode,
          label: `${MODE_SHORT[mode]} at ${info.label.toLowerCase()} ${fmt(s.value)}${info.unit ? ' ' + info.unit : ''}: ${m.label.toLowerCase()} ${fmt(st.mean * k)} ${m.unit} (min ${fmt(st.min * k)}, max ${fmt(st.max * k)}, ${st.n} seeds)`,
        };
      }),
    };
  });
  return {
    width,
    height,
    margin,
    xTicks: x.ticks(Math.max(2, Math.floor(width / 80))).map((v) => ({ x: x(v), label: fmt(v) })),
    yTicks: y.ticks(Math.max(2, Math.floor(height / 50))).map((v) => ({ y: y(v), label: fmt(v) })),
    xLabel: `${info.label}${info.unit ? ` (${info.unit})` : ''}`,
    yLabel: `${m.label} (${m.unit})`,
    series,
  };
}
