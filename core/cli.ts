// Headless command line: npm run sim -- <scenario id or file> [--seed N] [--format json|ladder|pcap|svg] [--out FILE]
//                        npm run sim -- <scenario> --state-at 1.6s   (every node's state tables then, core/state.ts)
//                        npm run sim -- --list
//                        npm run sim -- --script FILE   (console commands, core/console/)
//                        npm run sim -- sweep <scenario> --param NAME=FROM:TO:STEP --modes … (core/sweep/cli.ts)
// json: JSON Lines, one trace record per line in the order events happened (docs/trace.md).
// ladder: a text ladder like the draft's figures. pcap: a capture (link type 229) to --out or stdout,
// the same file the page's export and the console's `export pcap` write (core/wire/pcap.ts tracePcap:
// each packet once as sent, and each tunnel's outer packet; not every forwarded hop, which a
// capture without interfaces would show as duplicates).
// svg: the message ladder the page exports for the same scenario and seed, run to its end
// (core/views/svg.ts, the page's own export functions); --animate: the animated image an <img> plays.
import type { TraceRecord } from './trace.ts';
import { runScenario, ScenarioInvalid } from './engine/run.ts';
import { BUILTIN } from './scenario/builtin.ts';
import { tracePcap } from './wire/pcap.ts';
import { lifelineOrder, messageLabel } from './views/vocabulary.ts';
import { formatState, stateAt } from './state.ts';
import { ladderTitle, traceToSvg } from './views/svg.ts';
import { topologyOf, writtenParams } from './lab.ts';
import type { Scenario } from './scenario/schema.ts';

const USAGE = `usage: npm run sim -- <scenario id or file.json> [--seed N] [--format json|ladder|pcap] [--out FILE]
       npm run sim -- <scenario id or file.json> [--seed N] --format svg [--animate] [--linear] [--out FILE]
           (the ladder the page exports after "Run to end"; --animate: the animated SVG for an <img>;
            --linear: a linear time axis, 2 px per ms with a row of at least 20 px per
             event, instead of the page's default stretched one)
       npm run sim -- <scenario id or file.json> [--seed N] --state-at TIME   (TIME: 1.6s, 1600ms, 1600000us)
       npm run sim -- --list
       npm run sim -- --script FILE
       npm run sim -- sweep <scenario> --param NAME=FROM:TO:STEP --modes MODE,… [--seeds N] [--format csv|table]`;

interface Args {
  scenario?: string;
  seed: number;
  format: 'json' | 'ladder' | 'pcap' | 'svg';
  out?: string;
  /** --animate (svg only): the animated ladder, as the page's "Animated SVG" button exports it. */
  animate?: true;
  /** --linear (svg only): a linear time axis (the page's "Stretch short intervals" unticked). */
  linear?: true;
  list: boolean;
  /** --state-at: print the state tables at this time (µs) instead of the trace. */
  stateAt?: number;
}

/** "1.6s", "1600ms", "1600000us" (or µs) → µs; undefined when it is not such a time. */
export function parseTime(v: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(s|ms|us|µs)$/.exec(v.trim());
  if (!m) return undefined;
  const k = m[2] === 's' ? 1e6 : m[2] === 'ms' ? 1e3 : 1;
  return Math.round(Number(m[1]) * k);
}

export function parseArgs(argv: string[]): Args | string {
  const a: Args = { seed: 1, format: 'json', list: false };
  for (let i = 0; i < argv.length; i++) {
    const x = argv[i]!;
    if (x === '--list') a.list = true;
    else if (x === '--seed') {
      const v = argv[++i];
      if (v === undefined || !/^\d+$/.test(v) || Number(v) > 0xffffffff)
        return `--seed expects a non-negative integer, got ${v === undefined ? 'nothing' : JSON.stringify(v)}`;
      a.seed = Number(v);
    } else if (x === '--format') {
      const v = argv[++i];
      if (v !== 'json' && v !== 'ladder' && v !== 'pcap' && v !== 'svg')
        return `--format expects json, ladder, pcap or svg, got ${v === undefined ? 'nothing' : JSON.stringify(v)}`;
      a.format = v;
    } else if (x === '--animate') a.animate = true;
    else if (x === '--linear') a.linear = true;
    else if (x === '--state-at') {
      const v = argv[++i];
      const t = v === undefined ? undefined : parseTime(v);
      if (t === undefined)
        return `--state-at expects a time such as 1.6s, 1600ms or 1600000us, got ${v === undefined ? 'nothing' : JSON.stringify(v)}`;
      a.stateAt = t;
    } else if (x === '--out') {
      const v = argv[++i];
      if (!v) return '--out expects a file name';
      a.out = v;
    } else if (x.startsWith('--')) return `unknown option ${x}`;
    else if (a.scenario === undefined) a.scenario = x;
    else return `unexpected argument ${JSON.stringify(x)}`;
  }
  if (!a.list && a.scenario === undefined) return 'missing scenario id or file';
  for (const o of ['animate', 'linear'] as const)
    if (a[o] && a.format !== 'svg') return `--${o} applies to --format svg only (the format is ${a.format})`;
  if (a.format === 'svg' && a.stateAt !== undefined) return '--state-at prints tables, not a ladder: drop --format svg';
  return a;
}

/**
 * A text ladder of the signalling, like the draft's figures (data packets summarised): the same
 * lifeline order and labels as the page's ladder (core/views/vocabulary.ts), so "HI [U]" reads
 * the same in both and Figure 4's MN, nAR, oAR, aAR come in the figure's order.
 */
export function ladder(records: readonly TraceRecord[], scenario?: string): string {
  const seen: string[] = [];
  for (const r of records)
    if (r.kind === 'tx' || r.kind === 'rx')
      for (const n of [r.from, r.to]) if (!seen.includes(n) && !n.includes(':')) seen.push(n);
  const cols = lifelineOrder(seen, scenario);
  const W = 18;
  const col = (n: string) => cols.indexOf(n);
  const blank = () => cols.map(() => '|'.padEnd(W)).join('');
  const lines: string[] = [' time ms  ' + cols.map((c) => c.padEnd(W)).join('')];
  const txAt = new Map<number, number>();
  let dataRun = 0;
  const flushData = () => {
    if (dataRun > 0) lines.push(`          ${blank()}  (${dataRun} data packets)`);
    dataRun = 0;
  };
  for (const r of records) {
    if (r.kind === 'tx') txAt.set(r.pkt, r.t);
    if (r.kind === 'rx' && r.msg === 'DATA') {
      dataRun++;
      continue;
    }
    const t = `${(r.t / 1000).toFixed(3).padStart(9)} `;
    if (r.kind === 'rx' && !(r.msg === 'RA' && r.status === undefined)) {
      flushData();
      const a = col(r.from);
      const b = col(r.to);
      if (a < 0 || b < 0) continue;
      const label = messageLabel(r);
      const row = blank().split('');
      const lo = Math.min(a, b) * W;
      const hi = Math.max(a, b) * W;
      for (let i = lo + 1; i < hi; i++) row[i] = '-';
      if (b > a) row[hi - 1] = '>';
      else row[lo + 1] = '<';
      const mid = Math.max(lo + 2, Math.floor((lo + hi - label.length) / 2));
      for (let i = 0; i < label.length && mid + i < row.length; i++) row[mid + i] = label[i]!;
      lines.push(t + row.join('').trimEnd() + `   (sent ${((txAt.get(r.pkt) ?? r.t) / 1000).toFixed(3)})`);
    } else if (
      r.kind === 'l2' ||
      (r.kind === 'tunnel' && col(r.node) >= 0) ||
      (r.kind === 'drop' && r.msg !== 'DATA' && r.msg !== undefined)
    ) {
      if (col(r.node) < 0) continue;
      flushData();
      const row = blank().split('');
      const note =
        r.kind === 'l2'
          ? `~${r.trigger}~`
          : r.kind === 'tunnel'
            ? `[tunnel ${r.action} → ${r.peer}]`
            : `x ${r.msg} dropped: ${r.reason}`;
      const at = col(r.node) * W;
      for (let i = 0; i < note.length && at + i < row.length + 40; i++) row[at + i] = note[i]!;
      lines.push(t + row.join('').trimEnd());
    }
  }
  flushData();
  return lines.join('\n');
}

/**
 * The ladder's SVG for a run to its scenario's end, exactly as the page exports it after "Run to
 * end" with the same scenario and seed: the cursor at the scenario's `durationUs`, the topology's
 * nodes as lifelines in the figure's order, the page's default stretched time axis, no filter, and
 * the page's title (scenario, mode as written, seed). The animated image covers the same span.
 */
export function svgOf(
  records: readonly TraceRecord[],
  sc: Scenario,
  o: { scenario: string; seed: number; animate?: boolean; linear?: boolean },
): string {
  const t = topologyOf(sc);
  return traceToSvg(records, {
    cursor: sc.durationUs,
    stretch: !o.linear,
    scenario: o.scenario,
    known: [...t.mobiles.map((m) => m.name), ...t.routers.map((r) => r.name), ...(t.hosts ?? []).map((h) => h.name)],
    title: ladderTitle({ scenario: o.scenario, seed: o.seed, mode: writtenParams(sc).mode }),
    animate: o.animate === true,
  });
}

async function main(argv: string[]): Promise<number> {
  // The console's language in Node (issue 11): its own module prints the transcript.
  if (argv[0] === '--script') {
    if (argv.length !== 2) {
      process.stderr.write(`sim: --script expects one file\n${USAGE}\n`);
      return 2;
    }
    const { runScriptFile } = await import('./console/script.ts');
    return runScriptFile(argv[1]!);
  }
  // Experiments (issue 14): the sweep has its own options and module.
  if (argv[0] === 'sweep') return (await import('./sweep/cli.ts')).sweepMain(argv.slice(1));
  const a = parseArgs(argv);
  if (typeof a === 'string') {
    process.stderr.write(`sim: ${a}\n${USAGE}\n`);
    return 2;
  }
  if (a.list) {
    for (const s of BUILTIN) process.stdout.write(`${String(s.id).padEnd(22)} ${String(s.title)}\n`);
    return 0;
  }
  let ref: unknown = a.scenario!;
  if (a.scenario!.endsWith('.json') || a.scenario!.includes('/')) {
    const fs = await import('node:fs');
    let text: string;
    try {
      text = fs.readFileSync(a.scenario!, 'utf8');
    } catch (e) {
      process.stderr.write(`sim: cannot read ${a.scenario}: ${(e as Error).message}\n`);
      return 2;
    }
    try {
      ref = JSON.parse(text);
    } catch (e) {
      process.stderr.write(`sim: ${a.scenario} is not JSON: ${(e as Error).message}\n`);
      return 2;
    }
  }
  let w;
  try {
    w = await runScenario(ref, { seed: a.seed, trace: true });
  } catch (e) {
    if (e instanceof ScenarioInvalid) {
      process.stderr.write(`sim: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  if (a.stateAt !== undefined) await write(formatState(stateAt(w.records, a.stateAt)) + '\n', a.out);
  else if (a.format === 'json') {
    const out: string[] = [];
    for (const r of w.records) out.push(JSON.stringify(r));
    await write(out.join('\n') + '\n', a.out);
  } else if (a.format === 'ladder')
    await write(ladder(w.records, typeof ref === 'string' ? ref : undefined) + '\n', a.out);
  else if (a.format === 'svg')
    await write(
      svgOf(w.records, w.sc, {
        scenario: typeof ref === 'string' ? ref : w.sc.id,
        seed: a.seed,
        animate: a.animate === true,
        linear: a.linear === true,
      }),
      a.out,
    );
  else await write(tracePcap(w.records), a.out);
  return 0;
}

async function write(data: string | Uint8Array, out: string | undefined): Promise<void> {
  if (out) {
    const fs = await import('node:fs');
    fs.writeFileSync(out, data);
    return;
  }
  await new Promise<void>((res) => process.stdout.write(data, () => res()));
}

process.stdout?.on?.('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
});

const isMain =
  typeof process !== 'undefined' && process.argv[1] !== undefined && /core[\\/]cli\.ts$/.test(process.argv[1]);
if (isMain) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`sim: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
