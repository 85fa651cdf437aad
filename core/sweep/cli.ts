// `npm run sim -- sweep <scenario> --param NAME=FROM:TO:STEP --modes a,b,c --seeds N [--seed-start N]
//  [--buffering on|off] [--workers N] [--format csv|table] [--out FILE]` (issue 14): the sweep on
// the machine's cores (worker_threads), written as the page's CSV export writes it, or as a table
// of means beside the model. Dispatched from core/cli.ts.
import { readFileSync } from 'node:fs';
import { MODES } from '../protocol.ts';
import { resolveScenario } from '../engine/run.ts';
import {
  SWEEP_PARAMS,
  SWEEP_PARAM_NAMES,
  pointScenario,
  summarise,
  validateSweep,
  type RunResult,
  type SweepSpec,
} from './sweep.ts';
import { toCsv } from './csv.ts';
import { modelLatency } from './model.ts';
import { cores, runSweepNode } from './node.ts';

export const SWEEP_USAGE = `usage: npm run sim -- sweep <scenario> --param NAME=FROM:TO:STEP --modes MODE,MODE,… [--seeds N]
         [--seed-start N] [--buffering on|off] [--workers N] [--format csv|table] [--out FILE]
  NAME: ${SWEEP_PARAM_NAMES.join(', ')}
  MODE: ${MODES.join(', ')}`;

export interface SweepArgs {
  spec: SweepSpec;
  workers: number | undefined;
  format: 'csv' | 'table';
  out?: string;
}

/** The command line → a validated sweep, or the problems (each naming the option). */
export function parseSweepArgs(argv: readonly string[]): SweepArgs | string {
  const raw: Record<string, unknown> = {};
  let workers: number | undefined;
  let format: 'csv' | 'table' = 'csv';
  let out: string | undefined;
  const problems: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const x = argv[i]!;
    const val = () => argv[++i];
    if (x === '--param') {
      const v = val() ?? '';
      const m = /^([A-Za-z][A-Za-z0-9]*)=([^:]*):([^:]*):([^:]*)$/.exec(v);
      if (!m) {
        problems.push(`--param expects NAME=FROM:TO:STEP (e.g. l2HandoverMs=0:200:10), got ${JSON.stringify(v)}`);
        continue;
      }
      raw.param = m[1];
      const n = (s: string) => (/^-?\d+(\.\d+)?$/.test(s) ? Number(s) : s);
      raw.from = n(m[2]!);
      raw.to = n(m[3]!);
      raw.step = n(m[4]!);
    } else if (x === '--modes') raw.modes = (val() ?? '').split(',').filter((s) => s !== '');
    else if (x === '--seeds' || x === '--seed-start' || x === '--workers') {
      const v = val();
      const n = v !== undefined && /^\d+$/.test(v) ? Number(v) : NaN;
      if (x === '--workers') {
        if (!Number.isInteger(n) || n < 1)
          problems.push(`--workers expects a whole number ≥ 1, got ${JSON.stringify(v)}`);
        else workers = n;
      } else raw[x === '--seeds' ? 'seeds' : 'seedStart'] = Number.isNaN(n) ? v : n;
    } else if (x === '--buffering') {
      const v = val();
      if (v !== 'on' && v !== 'off') problems.push(`--buffering expects on or off, got ${JSON.stringify(v)}`);
      else raw.buffering = v === 'on';
    } else if (x === '--format') {
      const v = val();
      if (v !== 'csv' && v !== 'table') problems.push(`--format expects csv or table, got ${JSON.stringify(v)}`);
      else format = v;
    } else if (x === '--out') {
      out = val();
      if (!out) problems.push('--out expects a file name');
    } else if (x.startsWith('--')) problems.push(`unknown option ${x}`);
    else if (raw.scenario === undefined) raw.scenario = x;
    else problems.push(`unexpected argument ${JSON.stringify(x)}`);
  }
  if (raw.param === undefined) problems.push('--param is required');
  if (raw.modes === undefined) problems.push('--modes is required');
  if (problems.length) return problems.join('\n');
  const v = validateSweep(raw);
  if (!v.ok) {
    const opt: Record<string, string> = {
      scenario: 'scenario',
      param: '--param NAME',
      from: '--param FROM',
      to: '--param TO',
      step: '--param STEP',
      seeds: '--seeds',
      seedStart: '--seed-start',
      buffering: '--buffering',
    };
    return v.errors
      .map((e) => `${opt[e.field] ?? (e.field.startsWith('modes') ? '--modes' : e.field)}: ${e.message}`)
      .join('\n');
  }
  return { spec: v.spec, workers, format, ...(out ? { out } : {}) };
}

/** The lab's version (package.json), named in the CSV header. */
export function labVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** The CSV as the page exports it, the model column included. */
export function sweepCsv(spec: SweepSpec, results: readonly RunResult[]): string {
  return toCsv(spec, results, labVersion(), (value, mode) =>
    resolveScenario(pointScenario(spec, value, mode, spec.seedStart)),
  );
}

/** Means per point and mode beside the model's latency, as text. */
export function sweepTable(spec: SweepSpec, results: readonly RunResult[]): string {
  const info = SWEEP_PARAMS[spec.param];
  const head = `${spec.param}${info.unit ? ` (${info.unit})` : ''}`;
  const lines = [
    [
      head.padEnd(20),
      'mode'.padEnd(30),
      'latency ms (min–max)'.padEnd(26),
      'model ms',
      'lost',
      'buffered',
      'tunnelled',
      'sig B',
    ].join(' '),
  ];
  for (const s of summarise(spec, results)) {
    const l = s.stats.latencyUs;
    const model = modelLatency(resolveScenario(pointScenario(spec, s.value, s.mode, spec.seedStart)), s.mode);
    const f = (k: 'lost' | 'buffered' | 'tunnelled' | 'sigBytes') => (s.stats[k]?.mean ?? NaN).toFixed(1);
    lines.push(
      [
        String(s.value).padEnd(20),
        s.mode.padEnd(30),
        (l ? `${(l.mean / 1000).toFixed(1)} (${(l.min / 1000).toFixed(1)}–${(l.max / 1000).toFixed(1)})` : '—').padEnd(
          26,
        ),
        (model.latencyUs / 1000).toFixed(1).padStart(8),
        f('lost').padStart(4),
        f('buffered').padStart(8),
        f('tunnelled').padStart(9),
        f('sigBytes').padStart(5),
      ].join(' '),
    );
  }
  return lines.join('\n') + '\n';
}

/** Exit code: 0 done, 1 a run failed, 2 bad arguments. */
export async function sweepMain(argv: readonly string[]): Promise<number> {
  const a = parseSweepArgs(argv);
  if (typeof a === 'string') {
    process.stderr.write(`sim sweep: ${a.split('\n').join('\nsim sweep: ')}\n${SWEEP_USAGE}\n`);
    return 2;
  }
  const o = await runSweepNode(a.spec, { workers: Math.min(a.workers ?? cores(), cores()) });
  if (o.error) {
    process.stderr.write(`sim sweep: ${o.error}\n`);
    return 1;
  }
  const text = a.format === 'csv' ? sweepCsv(a.spec, o.results) : sweepTable(a.spec, o.results);
  if (a.out) {
    const fs = await import('node:fs');
    fs.writeFileSync(a.out, text);
  } else await new Promise<void>((res) => process.stdout.write(text, () => res()));
  return 0;
}
