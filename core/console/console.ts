// The console: one set of commands over a ConsoleSession (core/console/session.ts). The page's
// terminal and `npm run sim -- --script FILE` both drive this class and print what it returns, so
// a script prints the same text in both. Every failure is one line — what was wrong and what
// would be right — and leaves the session as it was.
import { indexAfter, type Micros, type TraceRecord } from '../trace.ts';
import { type HandoverMode, type WhatIf } from '../protocol.ts';
import { MODE_LABELS, UNAVAILABLE_MODES, availableModes, departures, parseSeed } from '../settings.ts';
import { pathPosition } from '../radio.ts';
import { tracePcap } from '../wire/pcap.ts';
import {
  complete,
  helpAt,
  helpText,
  parse,
  speedName,
  tokenize,
  type Completion,
  type Parsed,
  type Vocab,
} from './grammar.ts';
import {
  Failure,
  captured,
  fail,
  inspectLines,
  ms,
  parseTcpdump,
  table,
  tcpdumpLines,
  type TcpdumpArgs,
} from './format.ts';
import { isStepEvent, MESSAGES } from './vocab.ts';
import { OTHER_PARAMS, PARAM_NAMES, howText, paramsLines, setRequest, writtenOf } from './params.ts';
import { logLine, packetOf, readCapture, whyLines } from './packets.ts';
import { showLines } from './show.ts';
import type { ConsoleSession } from './session.ts';

export { PARAM_NAMES } from './params.ts';
export { logLine } from './packets.ts';

/** What one command printed. */
export interface Output {
  lines: string[];
  /** The command failed (its one line says why). */
  error?: boolean;
  /** Clear the screen first (`clear`). */
  clear?: boolean;
}

/** Drag-sized steps: the page's keyboard moves the MN 10 m a key press (app/topology). */
const STEP_M = 10;
/** How far past the engine's present `step` and `goto next` let it run looking for an event. */
const SEARCH_US = 3_000_000;
const SEARCH_SLICE_US = 250_000;

interface Capture {
  args: TcpdumpArgs;
  /** Index of the next record to look at. */
  pos: number;
  count: number;
}

export class Console {
  private readonly log: string[] = [];
  private capture: Capture | null = null;
  private lastOutput: string[] = [];
  /** Commands since the last load, for `export run`. */
  private runScript: string[] = [];
  private depth = 0;

  constructor(
    readonly session: ConsoleSession,
    history: readonly string[] = [],
  ) {
    this.log.push(...history);
  }

  /** The names completion and checks draw on, from the loaded run. */
  vocab(): Vocab {
    const t = this.session.topology;
    const mobiles = t?.mobiles.map((m) => m.name) ?? [];
    const cells = t?.routers.map((r) => r.name) ?? [];
    const hosts = t?.hosts?.map((h) => h.name) ?? [];
    return {
      nodes: [...mobiles, ...cells, ...hosts],
      mobiles,
      cells,
      scenarios: this.session.catalogue.map((s) => s.id),
      params: [...Object.keys(PARAM_NAMES), ...OTHER_PARAMS],
      modes: availableModes(),
      messages: [...MESSAGES],
    };
  }

  /** "fig3 1705.034 ms> " — the scenario and the cursor, as the page's timeline writes it. */
  prompt(): string {
    return `${this.session.scenario || 'fmip'} ${ms(this.session.cursor)}> `;
  }

  get capturing(): boolean {
    return this.capture !== null;
  }

  get history(): readonly string[] {
    return this.log;
  }

  complete(line: string): Completion {
    return complete(line, this.vocab());
  }

  /** `?` typed after `before`. */
  helpAt(before: string): string[] {
    return helpAt(before, this.vocab());
  }

  /** Runs one line; never throws. */
  async run(line: string): Promise<Output> {
    const text = line.trim();
    if (text === '' || text.startsWith('#')) return { lines: [] };
    this.log.push(text);
    // Names (scenarios, nodes) come from the loaded run: wait for the page's own load first.
    await this.session.whenReady?.();
    const q = text.indexOf('?');
    if (q >= 0 && !/^expect\b/i.test(text)) return this.done({ lines: this.helpAt(text.slice(0, q)) });
    const p = parse(text, this.vocab());
    if (!p.ok) return this.done({ lines: [p.error], error: true });
    try {
      const out = await this.exec(p.parsed);
      if (!['help', 'history', 'clear', 'export', 'expect', 'source'].includes(p.parsed.cmd.name))
        this.runScript.push(text);
      return this.done(out);
    } catch (e) {
      if (e instanceof Failure) return this.done({ lines: [`${p.parsed.cmd.name}: ${e.message}`], error: true });
      // An engine or page problem: still one line, never a stack trace; the session is kept.
      const m = e instanceof Error ? e.message : String(e);
      return this.done({ lines: [`${p.parsed.cmd.name}: ${m.split('\n')[0]}`], error: true });
    }
  }

  private done(o: Output): Output {
    if (!o.clear) this.lastOutput = o.lines;
    return o;
  }

  /**
   * New capture lines up to the cursor (a following tcpdump). The page calls it as the cursor
   * moves; commands that move time call it themselves. A rewound cursor prints nothing new.
   */
  pump(): string[] {
    const c = this.capture;
    if (!c) return [];
    const recs = this.session.records();
    const cursor = this.session.cursor;
    const out: string[] = [];
    while (c.pos < recs.length && recs[c.pos]!.t <= cursor) {
      const r = recs[c.pos++]!;
      if (captured(r, c.args)) {
        out.push(...tcpdumpLines(r, c.args.verbose));
        c.count++;
      }
    }
    return out;
  }

  /** Ctrl-C: stops a following tcpdump. */
  interrupt(): string[] {
    if (!this.capture) return [];
    const out = [...this.pump(), `${this.capture.count} packet${this.capture.count === 1 ? '' : 's'} captured`];
    this.capture = null;
    return out;
  }

  /**
   * Runs a script: one command a line, `#` comments, `wait TIME` and `expect [no] TEXT` lines. Each
   * command is echoed after the prompt, then its output, as in a terminal. `failed` counts the
   * errors and failed expectations.
   */
  async script(text: string): Promise<{ lines: string[]; failed: number }> {
    const lines: string[] = [];
    let failed = 0;
    for (const raw of text.split(/\r?\n/)) {
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) continue;
      lines.push(this.prompt() + line);
      const o = await this.run(line);
      if (o.error) failed++;
      lines.push(...o.lines);
    }
    if (this.capture) lines.push(...this.interrupt());
    return { lines, failed };
  }

  // -------------------------------------------------------------------------------------------

  private async exec(p: Parsed): Promise<Output> {
    const s = this.session;
    const v = p.values;
    const needRun = () => {
      if (!s.topology) fail('no scenario loaded; load one first (scenarios lists them)');
    };
    switch (p.cmd.name) {
      case 'help':
        return { lines: helpText(v[0] as string | undefined) };
      case 'scenarios':
        return {
          lines: table(
            ['ID', 'TITLE'],
            s.catalogue.map((c) => [c.id, c.title]),
          ),
        };
      case 'load': {
        let seed = s.seed;
        if (p.form === 1) {
          const r = parseSeed(String(v[2]));
          if (!r.ok) fail(r.error);
          seed = (r as { value: number }).value;
        }
        // Another scenario starts from its own values (as the page's picker); the same one keeps its changes.
        const id = v[0] as string;
        return this.reload(id, seed, id === s.scenario ? s.whatIf : {});
      }
      case 'mode': {
        needRun();
        const mode = v[0] as HandoverMode;
        const why = UNAVAILABLE_MODES[mode];
        if (why) fail(`${mode} is not available: ${why}`);
        const o = await this.reload(s.scenario, s.seed, { ...s.whatIf, mode });
        return { lines: [`mode ${mode}: ${MODE_LABELS[mode]}`, ...o.lines] };
      }
      case 'set':
        needRun();
        {
          const r = setRequest(s, v[0] as string, v[1] as string);
          const o = await this.reload(s.scenario, r.seed, r.whatIf);
          return { lines: r.echo ? [r.echo, ...o.lines] : o.lines };
        }
      case 'reset':
        needRun();
        return this.reload(s.scenario, s.seed, {});
      case 'params':
        return { lines: paramsLines(s) };
      case 'move':
        needRun();
        return this.move(p);
      case 'play':
        needRun();
        s.play();
        return { lines: [`playing at ${speedName(s.speed)} from ${ms(s.cursor)}`] };
      case 'pause':
        s.pause();
        return { lines: [`paused at ${ms(s.cursor)}`] };
      case 'step':
        needRun();
        return this.step(p.form === 1 ? (v[0] as number) : 1);
      case 'back':
        needRun();
        return this.back(p.form === 1 ? (v[0] as number) : 1);
      case 'goto':
        needRun();
        return this.goto(p);
      case 'speed':
        s.setSpeed(v[0] as number);
        return { lines: [`speed ${speedName(s.speed)}`] };
      case 'show':
        needRun();
        return { lines: showLines(v[0] as string, v[1] as string | undefined, s) };
      case 'tcpdump':
        needRun();
        return this.tcpdump(v[0] as string);
      case 'inspect': {
        needRun();
        const r = packetOf(s, this.pktArg(v[0], 'inspect'));
        s.select(r.pkt);
        return { lines: inspectLines(r) };
      }
      case 'why':
        needRun();
        return { lines: whyLines(s, this.pktArg(v[0], 'why')) };
      case 'export':
        needRun();
        return this.export(v[0] as 'pcap' | 'svg' | 'run');
      case 'clear':
        return { lines: [], clear: true };
      case 'history':
        return { lines: this.log.map((l, i) => `${String(i + 1).padStart(4)}  ${l}`) };
      case 'source':
        return this.source(v[0] as string);
      case 'wait': {
        needRun();
        const to = s.cursor + (v[0] as number);
        await s.runTo(to);
        s.seek(to);
        return { lines: [...this.pump(), `at ${ms(s.cursor)}`] };
      }
      case 'expect':
        return this.expect(p.form === 1, String(v[p.form === 1 ? 1 : 0]));
    }
    return fail('not implemented');
  }

  private async reload(id: string, seed: number, whatIf: WhatIf): Promise<Output> {
    const s = this.session;
    if (this.capture) this.capture = null;
    // A change equal to the scenario's own value is no change (as the page's fields).
    const changes = departures(writtenOf(s, id), whatIf);
    await s.load(id, seed, changes);
    s.pause();
    s.seek(0);
    this.runScript = [];
    const title = s.catalogue.find((c) => c.id === id)?.title ?? id;
    return { lines: [`loaded ${id} (${title}), seed ${seed}, ${howText(changes)}; paused at ${ms(s.cursor)}`] };
  }

  /** Where a mobile node is at the engine's present: its last live move, else its scripted path. */
  private position(node: string): { x: number; y: number } {
    const s = this.session;
    const recs = s.records();
    for (let i = recs.length - 1; i >= 0; i--) {
      const r = recs[i]!;
      if (r.kind === 'move' && r.node === node) return { x: r.x, y: r.y };
    }
    const m = s.topology!.mobiles.find((x) => x.name === node)!;
    const out = { x: m.x, y: m.y };
    pathPosition(s.topology!.paths?.[node] ?? [], s.now, out);
    return { x: Math.round(out.x), y: Math.round(out.y) };
  }

  private async move(p: Parsed): Promise<Output> {
    const s = this.session;
    const t = s.topology!;
    const node = p.values[0] as string;
    let x: number;
    let y: number;
    let where: string;
    if (p.form === 0) {
      const cell = t.routers.find((r) => r.name === p.values[1])!;
      x = cell.x;
      y = cell.y;
      where = `${cell.name} (${x}, ${y})`;
    } else {
      x = p.values[1] as number;
      y = p.values[2] as number;
      if (x < 0 || x > t.width) fail(`X ${x} is outside the world; X is 0–${t.width} m`);
      if (y < 0 || y > t.height) fail(`Y ${y} is outside the world; Y is 0–${t.height} m`);
      where = `(${x}, ${y})`;
    }
    const from = this.position(node);
    // As a drag with the run paused (e2e/helpers.ts `paused`): drag-sized steps, all at the
    // engine's present, so the engine sees the same input whatever the machine's speed.
    const d = Math.hypot(x - from.x, y - from.y);
    const n = Math.max(1, Math.ceil(d / STEP_M));
    for (let i = 1; i <= n; i++) {
      const k = i / n;
      await s.move(node, Math.round(from.x + (x - from.x) * k), Math.round(from.y + (y - from.y) * k));
    }
    return {
      lines: [
        ...this.pump(),
        `${node} moved from (${from.x}, ${from.y}) to ${where} at ${ms(s.cursor)} in ${n} step${n === 1 ? '' : 's'}`,
      ],
    };
  }

  /** The step events at exactly time t, as log lines. */
  private eventsAt(t: Micros): string[] {
    return this.session
      .records()
      .filter((r) => r.t === t && isStepEvent(r))
      .map(logLine);
  }

  private async nextEvent(after: Micros, match: (r: TraceRecord) => boolean): Promise<TraceRecord | null> {
    const s = this.session;
    const limit = Math.max(s.now, after) + SEARCH_US;
    for (;;) {
      const recs = s.records();
      const i = indexAfter(recs, after);
      for (let j = i; j < recs.length; j++) if (match(recs[j]!)) return recs[j]!;
      if (s.now >= limit) return null;
      const before = s.now;
      await s.runTo(Math.min(limit, s.now + SEARCH_SLICE_US));
      // A recorded run (or a stopped engine) goes no further.
      if (s.now <= before) return null;
    }
  }

  private async step(n: number): Promise<Output> {
    const s = this.session;
    s.pause();
    for (let i = 0; i < n; i++) {
      const r = await this.nextEvent(s.cursor, isStepEvent);
      if (!r) {
        if (i === 0) fail(`no event after ${ms(s.cursor)}`);
        break;
      }
      s.seek(r.t);
    }
    return { lines: [...this.pump(), ...this.eventsAt(s.cursor), `at ${ms(s.cursor)}`] };
  }

  private back(n: number): Output {
    const s = this.session;
    s.pause();
    const recs = s.records();
    let t = s.cursor;
    for (let i = 0; i < n && t > 0; i++) {
      let j = indexAfter(recs, t - 1) - 1; // last record before t
      while (j >= 0 && !(recs[j]!.t < t && isStepEvent(recs[j]!))) j--;
      t = j >= 0 ? recs[j]!.t : 0;
    }
    this.resync(t);
    s.seek(t);
    return { lines: [...this.eventsAt(t), `at ${ms(s.cursor)}`] };
  }

  /** A capture does not print the past again when the cursor goes back. */
  private resync(t: Micros): void {
    if (this.capture) this.capture.pos = indexAfter(this.session.records(), t);
  }

  private async goto(p: Parsed): Promise<Output> {
    const s = this.session;
    const what = p.values[0];
    let t: Micros;
    if (what === 'start') t = 0;
    else if (what === 'end') {
      t = s.end;
      await s.runTo(t);
    } else if (what === 'next') {
      const msg = p.values[1] as string;
      const r = await this.nextEvent(s.cursor, (x) => x.kind === 'tx' && x.msg === msg);
      if (!r) fail(`no ${msg} sent after ${ms(s.cursor)}`);
      t = r!.t;
    } else {
      t = what as number;
      if (t > s.now) await s.runTo(t);
    }
    if (t < s.cursor) this.resync(t);
    s.seek(t);
    const lines = [...this.pump()];
    if (what === 'next') lines.push(...this.eventsAt(t));
    lines.push(`at ${ms(s.cursor)}`);
    return { lines };
  }

  private tcpdump(rest: string): Output {
    const s = this.session;
    const v = this.vocab();
    const a = parseTcpdump(
      tokenize(rest).map((t) => t.text),
      v.nodes,
      v.messages,
    );
    if (typeof a === 'string') return fail(a);
    const recs = s.records();
    const where = a.iface ? `on ${a.iface}` : 'on every node';
    const filt = a.text ? `, filter "${a.text}"` : '';
    if (a.read)
      return { lines: [`reading the run up to ${ms(s.cursor)} ${where}${filt}`, ...readCapture(recs, s.cursor, a)] };
    this.capture = { args: a, pos: indexAfter(recs, s.cursor), count: 0 };
    return { lines: [`listening ${where}${filt} from ${ms(s.cursor)}; Ctrl-C stops`] };
  }

  /** The packet a command names, or (none named) the one selected on the page. */
  private pktArg(v: unknown, cmd: string): number {
    if (typeof v === 'number') return v;
    const sel = this.session.selectedPacket?.() ?? null;
    if (sel === null) fail(`no packet selected: click one on the ladder, or name it: ${cmd} N (tcpdump -r lists them)`);
    return sel!;
  }

  private async export(kind: 'pcap' | 'svg' | 'run'): Promise<Output> {
    const s = this.session;
    const base = `run-${s.scenario}-seed${s.seed}`;
    if (kind === 'pcap') {
      // The page's export (core/wire/pcap.ts): each message's first transmission and each
      // encapsulation, up to the cursor.
      return { lines: [await s.save('pcap', `${base}.pcap`, tracePcap(s.records(), s.cursor))] };
    }
    if (kind === 'svg') return { lines: [await s.save('svg', `ladder-${s.scenario}.svg`)] };
    const text = [
      `# fmip-lab console run: ${s.scenario}, seed ${s.seed}`,
      `load ${s.scenario} seed ${s.seed}`,
      ...this.runScript.filter((l) => !/^load\b/i.test(l)),
    ].join('\n');
    return { lines: [await s.save('run', `${base}.txt`, text + '\n')] };
  }

  private async source(file: string): Promise<Output> {
    if (this.depth >= 4) fail(`${file}: scripts nest too deep (at most 4)`);
    const text = await this.session.readFile(file);
    this.depth++;
    try {
      const r = await this.script(text);
      return { lines: r.lines, ...(r.failed > 0 ? { error: true } : {}) };
    } finally {
      this.depth--;
    }
  }

  private expect(not: boolean, text: string): Output {
    const has = this.lastOutput.some((l) => l.includes(text));
    if (has === !not) return { lines: [`ok: ${not ? 'no ' : ''}"${text}"`] };
    return fail(`${not ? 'found' : 'did not find'} "${text}" in the last output (${this.lastOutput.length} lines)`);
  }
}
