// A sweep's data as CSV (issue 14 "Export"): `#` header lines name the lab's version, the scenario,
// the parameter and its range, the modes, the seed range and the buffering, then one row per run
// (point, mode, seed). Times are written in ms with three decimals, which is exact for the engine's
// integer µs, so the file reads back into the same results (`parseCsv(toCsv(x))` equals x). The
// page's export and `npm run sim -- sweep … --format csv` write the same text.
import { MODES, type HandoverMode } from '../protocol.ts';
import { SWEEP_PARAMS, validateSweep, type RunResult, type SweepSpec } from './sweep.ts';
import { modelLatency } from './model.ts';
import type { Scenario } from '../scenario/schema.ts';

export const CSV_COLUMNS = [
  'point',
  'value',
  'mode',
  'seed',
  'latency_ms',
  'lost',
  'buffered',
  'tunnelled',
  'sig_air_bytes',
  'sig_wire_bytes',
  'handovers',
  'fell_back',
  'before_down_ms',
  'l2_ms',
  'after_up_ms',
  'model_latency_ms',
] as const;

const msText = (us: number | null) => (us === null ? '' : (us / 1000).toFixed(3));

/**
 * `scenarioOf(value, mode)`: the point's scenario, for the model column (optional: without it the
 * column is empty). Rows in the sweep's job order (point, mode, seed), whatever order they finished in.
 */
export function toCsv(
  spec: SweepSpec,
  results: readonly RunResult[],
  version: string,
  scenarioOf?: (value: number, mode: HandoverMode) => Scenario,
): string {
  const info = SWEEP_PARAMS[spec.param];
  const last = spec.seedStart + spec.seeds - 1;
  const lines = [
    `# fmip-lab ${version} sweep`,
    `# scenario: ${spec.scenario}`,
    `# parameter: ${spec.param} from ${spec.from} to ${spec.to} step ${spec.step}${info.unit ? ` ${info.unit}` : ''} (${info.what})`,
    `# modes: ${spec.modes.join(' ')}`,
    `# seeds: ${spec.seedStart}..${last} (${spec.seeds} per point)`,
    `# buffering: ${spec.buffering ? 'on' : 'off'}`,
    `# runs: ${results.length}`,
    `# spec: ${JSON.stringify(spec)}`,
    `# value is ${spec.param}${info.unit ? ` in ${info.unit}` : ''}; latency from the last data packet on the old link to the first on the new`,
    CSV_COLUMNS.join(','),
  ];
  const model = new Map<string, string>();
  for (const r of [...results].sort((a, b) => a.index - b.index)) {
    const m = r.m;
    let mod = '';
    if (scenarioOf) {
      const k = `${r.value}|${r.mode}`;
      if (!model.has(k)) model.set(k, msText(Math.round(modelLatency(scenarioOf(r.value, r.mode), r.mode).latencyUs)));
      mod = model.get(k)!;
    }
    lines.push(
      [
        r.point,
        r.value,
        r.mode,
        r.seed,
        msText(m.latencyUs),
        m.lost,
        m.buffered,
        m.tunnelled,
        m.sigAirBytes,
        m.sigWireBytes,
        m.handovers,
        m.fellBack ? 1 : 0,
        msText(m.beforeDownUs),
        msText(m.l2Us),
        msText(m.afterUpUs),
        mod,
      ].join(','),
    );
  }
  return lines.join('\n') + '\n';
}

export class CsvInvalid extends Error {}

/** Reads a sweep CSV back. Errors name the line and the column. */
export function parseCsv(text: string): { version: string; spec: SweepSpec; results: RunResult[] } {
  const lines = text.split(/\r?\n/);
  let version = '';
  let specJson: string | undefined;
  let i = 0;
  for (; i < lines.length && lines[i]!.startsWith('#'); i++) {
    const l = lines[i]!;
    const v = /^# fmip-lab (\S+) sweep$/.exec(l);
    if (v) version = v[1]!;
    if (l.startsWith('# spec: ')) specJson = l.slice(8);
  }
  if (!version) throw new CsvInvalid('line 1: expected "# fmip-lab <version> sweep"');
  if (specJson === undefined) throw new CsvInvalid('header: no "# spec:" line');
  let raw: unknown;
  try {
    raw = JSON.parse(specJson);
  } catch (e) {
    throw new CsvInvalid(`header "# spec:": not JSON (${(e as Error).message})`);
  }
  const v = validateSweep(raw);
  if (!v.ok) throw new CsvInvalid(`header "# spec:": ${v.errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`);
  if (lines[i] !== CSV_COLUMNS.join(','))
    throw new CsvInvalid(`line ${i + 1}: expected the column names ${CSV_COLUMNS.join(',')}`);
  const results: RunResult[] = [];
  for (let n = i + 1; n < lines.length; n++) {
    const l = lines[n]!;
    if (l === '') continue;
    const c = l.split(',');
    const where = (col: number) => `line ${n + 1}, column ${CSV_COLUMNS[col]}`;
    if (c.length !== CSV_COLUMNS.length)
      throw new CsvInvalid(`line ${n + 1}: expected ${CSV_COLUMNS.length} columns, got ${c.length}`);
    const int = (col: number): number => {
      const s = c[col]!;
      if (!/^-?\d+$/.test(s)) throw new CsvInvalid(`${where(col)}: expected a whole number, got ${JSON.stringify(s)}`);
      return Number(s);
    };
    const us = (col: number): number | null => {
      const s = c[col]!;
      if (s === '') return null;
      if (!/^-?\d+(\.\d+)?$/.test(s))
        throw new CsvInvalid(`${where(col)}: expected milliseconds, got ${JSON.stringify(s)}`);
      return Math.round(Number(s) * 1000);
    };
    const mode = c[2] as HandoverMode;
    if (!(MODES as readonly string[]).includes(mode))
      throw new CsvInvalid(`${where(2)}: expected one of ${MODES.join(', ')}, got ${JSON.stringify(c[2])}`);
    if (c[11] !== '0' && c[11] !== '1')
      throw new CsvInvalid(`${where(11)}: expected 0 or 1, got ${JSON.stringify(c[11])}`);
    const value = Number(c[1]);
    if (c[1] === '' || !Number.isFinite(value))
      throw new CsvInvalid(`${where(1)}: expected a number, got ${JSON.stringify(c[1])}`);
    const point = int(0);
    const seed = int(3);
    const mi = v.spec.modes.indexOf(mode);
    if (mi < 0) throw new CsvInvalid(`${where(2)}: ${mode} is not one of the sweep's modes`);
    if (seed < v.spec.seedStart || seed >= v.spec.seedStart + v.spec.seeds)
      throw new CsvInvalid(`${where(3)}: seed ${seed} is outside the sweep's seed range`);
    results.push({
      // The job's index, as `jobs(spec)` numbers them (point-major, then mode, then seed).
      index: (point * v.spec.modes.length + mi) * v.spec.seeds + (seed - v.spec.seedStart),
      point,
      value,
      mode,
      seed,
      m: {
        latencyUs: us(4),
        lost: int(5),
        buffered: int(6),
        tunnelled: int(7),
        sigAirBytes: int(8),
        sigWireBytes: int(9),
        handovers: int(10),
        fellBack: c[11] === '1',
        beforeDownUs: us(12),
        l2Us: us(13),
        afterUpUs: us(14),
      },
    });
  }
  return { version, spec: v.spec, results };
}
