// The console's language: the tokenizer, the parser, Tab completion, `?` and `help`, all derived
// from the one table of commands (core/console/commands.ts). Pure and DOM-free: the page's
// terminal and `npm run sim -- --script` run the same module.
//
// A router CLI is the model (IOS's `?` lists what can come next, with `<cr>` when the line may end
// there); errors are one line saying what was wrong and what would be right.

import {
  COMMANDS,
  MSG,
  NODE,
  command,
  usages,
  type CommandSpec,
  type Placeholder,
  type Slot,
  type Vocab,
} from './commands.ts';
export * from './commands.ts';

// ---------------------------------------------------------------------------------------------
// Tokens

export interface Token {
  text: string;
  /** Offset of its first character in the line. */
  start: number;
  end: number;
}

/** Splits on blanks; "double quotes" group words (the quotes are not part of the token). */
export function tokenize(line: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < line.length) {
    while (i < line.length && /\s/.test(line[i]!)) i++;
    if (i >= line.length) break;
    const start = i;
    let text = '';
    if (line[i] === '"') {
      i++;
      while (i < line.length && line[i] !== '"') text += line[i++];
      if (i < line.length) i++;
    } else while (i < line.length && !/\s/.test(line[i]!)) text += line[i++];
    out.push({ text, start, end: i });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Values

/** Virtual time from text: bare numbers are ms (the page's unit); s, ms, us/µs suffixes. */
export function parseTime(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?|\.\d+)\s*(s|ms|us|µs)?$/i.exec(text.trim());
  if (!m) return null;
  const v = Number(m[1]);
  const unit = (m[2] ?? 'ms').toLowerCase();
  const us = unit === 's' ? v * 1e6 : unit === 'ms' ? v * 1e3 : v;
  if (!Number.isFinite(us) || us > 3.6e12) return null;
  return Math.round(us);
}

/** The page's playing speeds (app/timeline/events.ts SPEEDS): virtual µs per wall-clock ms. */
export const SPEED_WORDS: Record<string, number> = { '1': 1, '10': 10, '100': 100, real: 1000, '1000': 1000 };

export function speedName(v: number): string {
  return v === 1000 ? 'real time' : `${v} ms per second`;
}

/** A list for an error message: at most `max` names, then how many more. */
export function listOf(names: readonly string[], max = 10): string {
  if (names.length <= max) return names.join(', ');
  return `${names.slice(0, max).join(', ')}, … (${names.length - max} more)`;
}

/** Names closest to `s` first (shared prefix, then edit distance), for "what would be right". */
export function closest(s: string, names: readonly string[], max = 6): string[] {
  const lo = s.toLowerCase();
  const d = (a: string): number => {
    const b = a.toLowerCase();
    if (b.startsWith(lo) || lo.startsWith(b)) return -1;
    const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= lo.length; i++) {
      let diag = prev[0]!;
      prev[0] = i;
      for (let j = 1; j <= b.length; j++) {
        const t = prev[j]!;
        prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (lo[i - 1] === b[j - 1] ? 0 : 1));
        diag = t;
      }
    }
    return prev[b.length]!;
  };
  return [...names]
    .map((n, i) => ({ n, i, d: d(n) }))
    .sort((a, b) => a.d - b.d || a.i - b.i)
    .slice(0, max)
    .map((x) => x.n);
}

type SlotResult = { ok: true; value: unknown } | { ok: false; error: string };

function pick(names: readonly string[], text: string, what: string, plural: string): SlotResult {
  const exact = names.find((n) => n === text) ?? names.find((n) => n.toLowerCase() === text.toLowerCase());
  if (exact !== undefined) return { ok: true, value: exact };
  if (names.length === 0) return { ok: false, error: `no ${what} "${text}"; no ${plural} (load a scenario first)` };
  const list = names.length > 16 ? `${listOf(closest(text, names), 6)}, …` : names.join(', ');
  return { ok: false, error: `no ${what} "${text}"; ${plural}: ${list}` };
}

/** Checks one token against a slot. */
export function checkSlot(s: Placeholder, text: string, v: Vocab): SlotResult {
  switch (s.kind) {
    case 'node':
      return pick(v.nodes, text, 'node', 'nodes');
    case 'mobile':
      if (!v.mobiles.some((m) => m.toLowerCase() === text.toLowerCase()) && v.nodes.includes(text))
        return { ok: false, error: `${text} cannot be moved; movable: ${v.mobiles.join(', ')}` };
      return pick(v.mobiles, text, 'mobile node', 'mobile nodes');
    case 'cell':
      return pick(v.cells, text, 'cell', 'cells');
    case 'scenario':
      return pick(v.scenarios, text, 'scenario', 'scenarios');
    case 'param':
      return pick(v.params, text, 'parameter', 'parameters');
    case 'mode':
      return pick(v.modes, text, 'mode', 'modes');
    case 'msg':
      return pick(v.messages, text, 'message', 'messages');
    case 'int':
      if (!/^\d{1,10}$/.test(text)) return { ok: false, error: `"${text}" is not a whole number` };
      return { ok: true, value: Number(text) };
    case 'pkt':
      // As the event log and tcpdump write it ("(#4)"), or the bare number.
      if (!/^#?\d{1,10}$/.test(text)) return { ok: false, error: `"${text}" is not a packet number (4 or #4)` };
      return { ok: true, value: Number(text.replace('#', '')) };
    case 'number':
      if (!/^-?(\d+(\.\d+)?|\.\d+)$/.test(text)) return { ok: false, error: `"${text}" is not a number of metres` };
      return { ok: true, value: Number(text) };
    case 'time': {
      const t = parseTime(text);
      if (t === null) return { ok: false, error: `"${text}" is not a time; e.g. 1705 (ms), 1705ms, 1.705s, 1705034us` };
      return { ok: true, value: t };
    }
    case 'speed': {
      const w = text.toLowerCase().replace(/ms\/s$/, '');
      const v2 = SPEED_WORDS[w];
      if (v2 === undefined)
        return { ok: false, error: `"${text}" is not a speed; speeds: 1, 10, 100 (ms of simulation per second), real` };
      return { ok: true, value: v2 };
    }
    case 'command': {
      const c = command(text);
      if (!c) return unknownCommand(text);
      return { ok: true, value: c.name };
    }
    case 'value':
    case 'file':
    case 'text':
      return { ok: true, value: text };
  }
}

function unknownCommand(text: string): { ok: false; error: string } {
  const near = closest(
    text,
    COMMANDS.map((c) => c.name),
    3,
  );
  return { ok: false, error: `no command "${text}"; did you mean ${near.join(', ')}? (help lists them all)` };
}

// ---------------------------------------------------------------------------------------------
// Parsing

export interface Parsed {
  cmd: CommandSpec;
  /** The matched form's index in `cmd.forms`. */
  form: number;
  /** Literal words matched (lower case) and placeholder values, in order. */
  values: unknown[];
  /** The raw argument texts. */
  args: string[];
}

export type ParseResult = { ok: true; parsed: Parsed } | { ok: false; error: string };

/** Parses one line (not empty, no `?`) into a command and its values, or one error line. */
export function parse(line: string, v: Vocab): ParseResult {
  const toks = tokenize(line);
  if (toks.length === 0) return { ok: false, error: 'empty line' };
  const cmd = command(toks[0]!.text);
  if (!cmd) return unknownCommand(toks[0]!.text);
  const args = toks.slice(1).map((t) => t.text);
  if (cmd.rest) {
    // The last placeholder takes the rest of the line, as typed.
    const rawRest = (from: number) => {
      const r = line.slice(toks[from]?.start ?? line.length).trim();
      // One quoted argument ("tunnel up") is its text.
      return /^"[^"]*"$/.test(r) ? r.slice(1, -1) : r;
    };
    for (let f = 0; f < cmd.forms.length; f++) {
      const form = cmd.forms[f]!;
      const lits = form.filter((s) => 'lit' in s);
      const head = args.slice(0, lits.length);
      if (lits.every((s, i) => 'lit' in s && head[i]?.toLowerCase() === s.lit)) {
        // A form with literals wins over one without only when they match.
        if (lits.length === 0 && cmd.forms.some((o) => o !== form && o.some((s) => 'lit' in s && s.lit === args[0])))
          continue;
        return {
          ok: true,
          parsed: { cmd, form: f, values: [...head.map((h) => h.toLowerCase()), rawRest(1 + lits.length)], args },
        };
      }
    }
  }
  let best: { depth: number; error: string } | null = null;
  const fail = (depth: number, error: string) => {
    if (!best || depth > best.depth) best = { depth, error };
  };
  for (let f = 0; f < cmd.forms.length; f++) {
    const form = cmd.forms[f]!;
    const values: unknown[] = [];
    let ok = true;
    for (let i = 0; i < form.length; i++) {
      const s = form[i]!;
      const a = args[i];
      if (a === undefined) {
        ok = false;
        const what = 'lit' in s ? `"${s.lit}"` : `${s.name} (${s.help})`;
        fail(i, `missing ${what}; usage: ${usages(cmd).join(' | ')}`);
        break;
      }
      if ('lit' in s) {
        if (a.toLowerCase() !== s.lit) {
          ok = false;
          const lits = cmd.forms.map((g) => g[i]).filter((x): x is { lit: string } => !!x && 'lit' in x);
          const alts = cmd.forms.map((g) => g[i]).filter((x): x is Placeholder => !!x && !('lit' in x));
          // A word where only words fit: say which; a placeholder alternative gets its own try.
          if (alts.length === 0)
            fail(i, `no ${i === 0 ? 'subcommand' : 'word'} "${a}"; expected ${lits.map((l) => l.lit).join(', ')}`);
          else fail(i - 0.5, `unexpected "${a}"; usage: ${usages(cmd).join(' | ')}`);
          break;
        }
        values.push(s.lit);
      } else {
        const r = checkSlot(s, a, v);
        if (!r.ok) {
          ok = false;
          fail(i, r.error);
          break;
        }
        values.push(r.value);
      }
    }
    if (!ok) continue;
    if (args.length > form.length) {
      // A word that fits no longer form loses to what a longer form says of it.
      fail(form.length - 0.5, `unexpected "${args[form.length]}"; usage: ${usages(cmd).join(' | ')}`);
      continue;
    }
    return { ok: true, parsed: { cmd, form: f, values, args } };
  }
  return { ok: false, error: `${cmd.name}: ${best!.error}` };
}

// ---------------------------------------------------------------------------------------------
// What can come next: Tab completion and `?`

/** The names a placeholder may take (empty: free text or a number). */
export function candidatesFor(s: Slot, v: Vocab): readonly string[] {
  if ('lit' in s) return [s.lit];
  switch (s.kind) {
    case 'node':
      return v.nodes;
    case 'mobile':
      return v.mobiles;
    case 'cell':
      return v.cells;
    case 'scenario':
      return v.scenarios;
    case 'param':
      return v.params;
    case 'mode':
      return v.modes;
    case 'msg':
      return v.messages;
    case 'command':
      return COMMANDS.map((c) => c.name);
    case 'speed':
      return ['1', '10', '100', 'real'];
    default:
      return [];
  }
}

/** Words tcpdump's options and filter accept, and what follows each. */
const TCPDUMP_WORDS = ['-i', '-r', '-v', 'icmp6', 'data', 'udp', 'msg', 'src', 'dst', 'host', 'not', 'and', 'or'];

interface Next {
  /** Slots that may come next. */
  slots: Slot[];
  /** The line may end here. */
  end: boolean;
}

/** What may follow the complete tokens `done` (command first). */
function nextAfter(done: readonly string[], v: Vocab): Next | { error: string } {
  if (done.length === 0) return { slots: COMMANDS.map((c) => ({ lit: c.name })), end: true };
  const cmd = command(done[0]!);
  if (!cmd) return { error: unknownCommand(done[0]!).error };
  const args = done.slice(1);
  if (cmd.name === 'tcpdump') {
    const prev = args[args.length - 1]?.toLowerCase();
    if (prev === '-i' || prev === 'src' || prev === 'dst' || prev === 'host')
      return { slots: [{ ...NODE, help: 'a node' }], end: false };
    if (prev === 'msg') return { slots: [MSG], end: false };
    return { slots: TCPDUMP_WORDS.map((w) => ({ lit: w })), end: true };
  }
  const slots: Slot[] = [];
  let end = false;
  for (const form of cmd.forms) {
    if (cmd.rest && form.length > 0 && !('lit' in form[form.length - 1]!)) {
      // Free text after the literals: anything may follow.
      const lits = form.length - 1;
      if (args.length >= lits && form.slice(0, lits).every((s, i) => 'lit' in s && args[i]!.toLowerCase() === s.lit)) {
        if (args.length === lits) slots.push(form[lits]!);
        end ||= args.length > lits;
        continue;
      }
    }
    if (args.length > form.length) continue;
    let fits = true;
    for (let i = 0; i < args.length && fits; i++) {
      const s = form[i]!;
      fits = 'lit' in s ? args[i]!.toLowerCase() === s.lit : checkSlot(s, args[i]!, v).ok;
    }
    if (!fits) continue;
    if (args.length === form.length) end = true;
    else {
      const s = form[args.length]!;
      if (!slots.some((o) => JSON.stringify(o) === JSON.stringify(s))) slots.push(s);
    }
  }
  return { slots, end };
}

export interface Completion {
  /** The line after completion (unchanged when nothing completes). */
  line: string;
  /** The candidates for the word being completed (several: the user picks). */
  candidates: string[];
}

/** Tab completion of the word at the end of `line`: commands, nodes, cells, scenarios, parameters, messages. */
export function complete(line: string, v: Vocab): Completion {
  const toks = tokenize(line);
  const partial = /\s$/.test(line) || toks.length === 0 ? '' : toks[toks.length - 1]!.text;
  const done = (partial === '' ? toks : toks.slice(0, -1)).map((t) => t.text);
  const next = nextAfter(done, v);
  if ('error' in next) return { line, candidates: [] };
  const seen = new Set<string>();
  const cands: string[] = [];
  for (const s of next.slots)
    for (const c of candidatesFor(s, v))
      if (c.toLowerCase().startsWith(partial.toLowerCase()) && !seen.has(c)) {
        seen.add(c);
        cands.push(c);
      }
  const base = line.slice(0, line.length - partial.length);
  if (cands.length === 1) return { line: base + cands[0]! + ' ', candidates: cands };
  if (cands.length === 0) return { line, candidates: [] };
  // Several: extend to their common prefix (case as the candidates write it).
  let common = cands[0]!;
  for (const c of cands) {
    let i = 0;
    while (i < common.length && i < c.length && common[i]!.toLowerCase() === c[i]!.toLowerCase()) i++;
    common = common.slice(0, i);
  }
  return { line: common.length > partial.length ? base + common : line, candidates: cands };
}

/**
 * `?`: what can come at the position of the `?` (the text before it), one line each, IOS-style:
 * words with their help, placeholders with theirs, `<cr>` when the line may end there. A `?`
 * glued to a word lists the words it begins ("sh?").
 */
export function helpAt(before: string, v: Vocab): string[] {
  const toks = tokenize(before);
  const partial = /\s$/.test(before) || toks.length === 0 ? '' : toks[toks.length - 1]!.text;
  const done = (partial === '' ? toks : toks.slice(0, -1)).map((t) => t.text);
  const next = nextAfter(done, v);
  if ('error' in next) return [next.error];
  const rows: [string, string][] = [];
  const cmd = done.length > 0 ? command(done[0]!) : undefined;
  for (const s of next.slots) {
    if ('lit' in s) {
      if (!s.lit.toLowerCase().startsWith(partial.toLowerCase())) continue;
      const help = done.length === 0 ? (command(s.lit)?.summary ?? '') : (cmd?.words?.[s.lit] ?? tcpdumpHelp(s.lit));
      rows.push([s.lit, help]);
    } else {
      const names = candidatesFor(s, v).filter((c) => c.toLowerCase().startsWith(partial.toLowerCase()));
      rows.push([s.name, s.help + (names.length > 0 ? `: ${listOf(names, 8)}` : '')]);
    }
  }
  if (next.end && partial === '') rows.push(['<cr>', done.length === 0 ? '' : 'run the command']);
  if (rows.length === 0) return [`% nothing fits "${partial}" here`];
  const w = Math.max(...rows.map((r) => r[0].length));
  return rows.map(([a, b]) => `  ${a.padEnd(w)}  ${b}`.trimEnd());
}

function tcpdumpHelp(w: string): string {
  switch (w) {
    case '-i':
      return 'only packets at NODE';
    case '-r':
      return 'the run so far, up to the cursor';
    case '-v':
      return 'each packet with why the node did it (its section of the draft)';
    case 'icmp6':
      return 'ICMPv6 messages (RtSolPr, PrRtAdv, HI, HACK, F-NA, RS, RA, NS, NA)';
    case 'data':
    case 'udp':
      return 'data packets (UDP)';
    case 'msg':
      return 'one message, as the ladder names it';
    case 'src':
      return 'sent by NODE';
    case 'dst':
      return 'for NODE';
    case 'host':
      return 'sent by or for NODE';
    case 'not':
      return 'the opposite of what follows';
    case 'and':
      return 'both';
    case 'or':
      return 'either';
    default:
      return '';
  }
}

/** `help` and `help CMD`. */
export function helpText(name?: string): string[] {
  if (name === undefined) {
    const w = Math.max(...COMMANDS.map((c) => c.name.length));
    return [
      ...COMMANDS.map((c) => `  ${c.name.padEnd(w)}  ${c.summary}`),
      'Type ? anywhere for what can come next, Tab to complete; help CMD for one command.',
    ];
  }
  const c = command(name)!;
  const out = [`${c.name}: ${c.summary}`, ...usages(c).map((u) => `  usage: ${u}`)];
  for (const [w, h] of Object.entries(c.words ?? {})) out.push(`  ${w}: ${h}`);
  const seen = new Set<string>();
  for (const f of c.forms)
    for (const s of f)
      if (!('lit' in s) && !seen.has(s.name)) {
        seen.add(s.name);
        out.push(`  ${s.name}: ${s.help}`);
      }
  if (c.name === 'tcpdump') out.splice(1, out.length - 1, ...c.details!);
  else if (c.details) out.push(...c.details.map((d) => `  ${d}`));
  return out;
}
