// The sweep plot's layout (issue 14): scales, ticks, one line per mode with its spread over the
// seeds (a min–max band), the model as a dashed line, from d3-scale / d3-shape (no hand-made tick
// code). Pure: the component draws what this returns, the tests read it.
//
// Each mode has its own marker shape as well as its colour: modes that measure the same (the
// anticipated handover and BETH both hand over before the link goes down) draw on top of each
// other, and the shapes keep both visible, also to a reader who does not tell the colours apart.
import { scaleLinear, scaleLog } from 'd3-scale';
import {
  area,
  line,
  symbol,
  symbolCircle,
  symbolCross,
  symbolDiamond,
  symbolSquare,
  symbolTriangle,
  symbolWye,
  type SymbolType,
} from 'd3-shape';
import type { HandoverMode } from '../../core/protocol.ts';
import { count } from '../../core/plural.ts';
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

const MODE_SYMBOLS: Record<HandoverMode, SymbolType> = {
  mipv6: symbolCircle,
  'anticipated-mobile-stateless': symbolSquare,
  'anticipated-mobile-stateful': symbolDiamond,
  'anticipated-network-stateless': symbolTriangle,
  'anticipated-network-stateful': symbolWye,
  beth: symbolCross,
};

/** A mode's marker as an SVG path centred on (0, 0), `size` px² (d3-shape's symbol area). */
export function modeMarker(mode: HandoverMode, size = 64): string {
  return symbol(MODE_SYMBOLS[mode], size)() ?? '';
}

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
  /** The marker of each point (a path around (0, 0)). */
  marker: string;
  line: string;
  band: string;
  points: PlotPoint[];
  /** The model's line (latency only), dashed. */
  model: string | null;
  /**
   * A mode drawn later whose points all fall within 2 px of this one's (the anticipated handover
   * and BETH often measure the same): the legend says this line is under it, not missing.
   */
  under: HandoverMode | null;
  /** With `under`: the largest difference of the two lines' means, in the measure's unit (0: equal). */
  underBy: number;
  /** Each point's mean, in the measure's unit (the same order as `points`). */
  means: number[];
}

/**
 * The legend's words for a line drawn under another: "the same values" only when every mean is
 * equal, else how close they are (session 9 review: "the same values" beside 22.049 and 22.020 ms).
 */
export function underText(under: string, by: number, unit: string): string {
  if (by === 0) return `under ${under}: the same values`;
  return `under ${under}: the lines overlap, within ${fmt(Math.max(by, 0.001))} ${unit}`;
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
  /** The y axis as drawn: logarithmic only when asked and every value drawn is above 0. */
  yScale: 'linear' | 'log';
  /** Why a logarithmic axis cannot be drawn (a value of 0), or null. */
  noLog: string | null;
}

const fmt = (v: number) => (Math.abs(v) >= 1000 ? v.toLocaleString('en') : String(+v.toFixed(3)));

/**
 * `model(value, mode)`: the model's latency in µs at a point (latency plots only). The linear y
 * axis starts at 0 so that modes far apart (seconds and tens of ms) are read honestly; the
 * logarithmic one (`yScale: 'log'`) shows the small values too, and where each agrees with its model.
 */
export function layoutPlot(opts: {
  spec: SweepSpec;
  summaries: readonly PointSummary[];
  measure: MeasureKey;
  width: number;
  height: number;
  model?: (value: number, mode: HandoverMode) => number;
  yScale?: 'linear' | 'log';
}): PlotLayout {
  const { spec, summaries, measure, width, height } = opts;
  const margin = { top: 12, right: width < 500 ? 12 : 22, bottom: 44, left: width < 500 ? 60 : 64 };
  const info = SWEEP_PARAMS[spec.param];
  const m = MEASURES[measure];
  const k = m.scale;
  const x = scaleLinear()
    .domain(spec.from === spec.to ? [spec.from - 1, spec.to + 1] : [spec.from, spec.to])
    .range([margin.left, width - margin.right]);
  let yMax = 0;
  let yMin = Infinity;
  for (const s of summaries) {
    const st = s.stats[measure];
    if (!st) continue;
    yMax = Math.max(yMax, st.max * k);
    yMin = Math.min(yMin, st.min * k);
  }
  const modelAt = measure === 'latencyUs' ? opts.model : undefined;
  const values = [...new Set(summaries.map((s) => s.value))].sort((a, b) => a - b);
  if (modelAt)
    for (const v of values)
      for (const mode of spec.modes) {
        yMax = Math.max(yMax, modelAt(v, mode) * k);
        yMin = Math.min(yMin, modelAt(v, mode) * k);
      }
  const noLog = yMin > 0 ? null : `a value of ${m.label.toLowerCase()} is 0`;
  const log = opts.yScale === 'log' && noLog === null && yMax > 0;
  const range = [height - margin.bottom, margin.top];
  // Log: a little room above and below, not .nice() (it would stretch 1,400 ms up to 10,000).
  const y = log
    ? scaleLog()
        .domain([yMin / 1.2, yMax * 1.2])
        .range(range)
    : scaleLinear()
        .domain([0, yMax > 0 ? yMax : 1])
        .nice()
        .range(range);
  const tickCount = Math.max(2, Math.floor(height / 50));
  // A log axis has ticks at 1–9 × 10ⁿ; only those its format labels (1, 2, 5 …) are drawn.
  const logLabel = log ? y.tickFormat(tickCount, '~g') : null;
  const yTicks = y
    .ticks(tickCount)
    .map((v) => ({ y: y(v), label: logLabel ? logLabel(v) && fmt(v) : fmt(v) }))
    .filter((t) => t.label !== '');
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
      marker: modeMarker(mode),
      line: mean(pts) ?? '',
      band: band(pts) ?? '',
      model: modelLine,
      under: null,
      underBy: 0,
      means: pts.map((s) => s.stats[measure]!.mean * k),
      points: pts.map((s) => {
        const st = s.stats[measure]!;
        return {
          x: x(s.value),
          y: y(st.mean * k),
          point: s.point,
          value: s.value,
          mode,
          label: `${MODE_SHORT[mode]} at ${info.label.toLowerCase()} ${fmt(s.value)}${info.unit ? ' ' + info.unit : ''}: ${m.label.toLowerCase()} ${fmt(st.mean * k)} ${m.unit} (min ${fmt(st.min * k)}, max ${fmt(st.max * k)}, ${count(st.n, 'seed')})`,
        };
      }),
    };
  });
  for (const [i, s] of series.entries()) {
    const at = (t: PlotSeries, p: PlotPoint) => t.points.find((q) => q.point === p.point);
    const cover = series
      .slice(i + 1)
      .reverse()
      .find(
        (t) =>
          s.points.length > 0 &&
          s.points.every((p) => {
            const q = at(t, p);
            return q !== undefined && Math.abs(q.y - p.y) <= 2;
          }),
      );
    s.under = cover?.mode ?? null;
    s.underBy = 0;
    if (cover)
      for (const [j, p] of s.points.entries()) {
        const q = cover.points.findIndex((c) => c.point === p.point);
        s.underBy = Math.max(s.underBy, Math.abs(cover.means[q]! - s.means[j]!));
      }
  }
  return {
    width,
    height,
    margin,
    xTicks: x.ticks(Math.max(2, Math.floor(width / 80))).map((v) => ({ x: x(v), label: fmt(v) })),
    yTicks,
    xLabel: `${info.label}${info.unit ? ` (${info.unit})` : ''}`,
    yLabel: `${m.label} (${m.unit}${log ? ', log scale' : ''})`,
    series,
    yScale: log ? 'log' : 'linear',
    noLog,
  };
}

/** One entry of the legend drawn into an exported plot. */
export interface LegendItem {
  kind: 'marker' | 'solid' | 'dashed';
  /** The marker's path (kind `marker`). */
  marker?: string;
  colour: string;
  text: string;
}

/**
 * Where the legend goes in an exported SVG or PNG (the page shows it as a list beside the plot,
 * an exported file must carry it itself): rows under the x axis label, wrapped to the width.
 * Text widths are estimated (`charPx` per character at the plot's 11 px font): an export has no
 * layout engine to ask, and a generous estimate only leaves a little room.
 */
export function legendLayout(
  items: readonly LegendItem[],
  width: number,
  left: number,
  charPx = 6.4,
): { items: (LegendItem & { x: number; y: number })[]; height: number } {
  const row = 18;
  const out: (LegendItem & { x: number; y: number })[] = [];
  let x = left;
  let y = row / 2 + 4;
  for (const it of items) {
    const w = 22 + it.text.length * charPx + 14;
    if (x > left && x + w > width - 8) {
      x = left;
      y += row;
    }
    out.push({ ...it, x, y });
    x += w;
  }
  return { items: out, height: y + row / 2 + 4 };
}

/**
 * The plot's numbers as a table (the page shows it under the plot, folded): one row per value
 * of the parameter, per mode the mean with its min–max over the seeds and, for the latency, the
 * model's value. For reading exact values (exercises, screen readers, a phone, where a tap on a
 * point opens its run).
 */
export function plotTable(opts: {
  spec: SweepSpec;
  summaries: readonly PointSummary[];
  measure: MeasureKey;
  model?: (value: number, mode: HandoverMode) => number;
}): { head: string[]; rows: string[][] } {
  const { spec, summaries, measure } = opts;
  const info = SWEEP_PARAMS[spec.param];
  const m = MEASURES[measure];
  const k = m.scale;
  const modelAt = measure === 'latencyUs' ? opts.model : undefined;
  const head = [`${info.label}${info.unit ? ` (${info.unit})` : ''}`];
  for (const mode of spec.modes) {
    head.push(`${MODE_SHORT[mode]}, ${m.unit}`);
    if (modelAt) head.push(`${MODE_SHORT[mode]}, model, ${m.unit}`);
  }
  const values = [...new Set(summaries.map((s) => s.value))].sort((a, b) => a - b);
  const rows = values.map((v) => {
    const row = [fmt(v)];
    for (const mode of spec.modes) {
      const st = summaries.find((s) => s.value === v && s.mode === mode)?.stats[measure];
      row.push(
        st
          ? `${fmt(+(st.mean * k).toFixed(1))} (${fmt(+(st.min * k).toFixed(1))}–${fmt(+(st.max * k).toFixed(1))})`
          : '—',
      );
      if (modelAt) row.push(fmt(+(modelAt(v, mode) * k).toFixed(1)));
    }
    return row;
  });
  return { head, rows };
}
