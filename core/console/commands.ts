// The console's commands: one table, each command with the forms it accepts (a sequence of
// words and placeholders) and what each placeholder takes. The parser, Tab completion, `?` and
// `help` (core/console/grammar.ts) all derive from it, so a command added here is parsed,
// completed and documented at once.

/** What the parser and the completer may propose: names from the loaded run and the catalogue. */
export interface Vocab {
  /** Every node: mobiles, routers, HA, CN. */
  nodes: readonly string[];
  /** Nodes the user may move (mobile nodes). */
  mobiles: readonly string[];
  /** Cells (one per access router). */
  cells: readonly string[];
  scenarios: readonly string[];
  /** `set` parameter names. */
  params: readonly string[];
  modes: readonly string[];
  /** Message names as the ladder writes them (RtSolPr, HI, F-BU, …). */
  messages: readonly string[];
}

export type SlotKind =
  | 'node'
  | 'mobile'
  | 'cell'
  | 'scenario'
  | 'param'
  | 'value'
  | 'mode'
  | 'msg'
  | 'int'
  | 'number'
  | 'time'
  | 'speed'
  | 'pkt'
  | 'file'
  | 'command'
  | 'text';

export interface Placeholder {
  kind: SlotKind;
  /** As usage lines write it: NODE, CELL, … */
  name: string;
  /** What it is, for `?`. */
  help: string;
}

export type Slot = { lit: string } | Placeholder;

export interface CommandSpec {
  name: string;
  summary: string;
  /** The accepted forms: each a sequence of slots (no optional slots: alternatives are forms). */
  forms: Slot[][];
  /** Help for the literal words of the forms (subcommands). */
  words?: Record<string, string>;
  /** More lines for `help CMD`. */
  details?: string[];
  /** The last placeholder takes the rest of the line (tcpdump's filter, expect's text). */
  rest?: boolean;
  /** Only meaningful in scripts (still accepted interactively). */
  script?: boolean;
}

const P = (kind: SlotKind, name: string, help: string): Placeholder => ({ kind, name, help });

export const NODE = P('node', 'NODE', 'a node of the run');
const MOBILE = P('mobile', 'NODE', 'a mobile node to move');
const CELL = P('cell', 'CELL', 'a cell, named by its access router');
const ID = P('scenario', 'ID', 'a scenario id (`scenarios` lists them)');
const PARAM = P('param', 'PARAM', 'a parameter (`params` lists them)');
const VALUE = P('value', 'VALUE', "the parameter's new value, in the unit `params` shows");
const MODE = P('mode', 'MODE', 'a handover mode');
export const MSG = P('msg', 'MSG', 'a message name as the ladder writes it (HI, F-BU, …)');
const N = P('int', 'N', 'a whole number');
const SEED = P('value', 'N', 'the random seed, a whole number');
const X = P('number', 'X', 'metres from the left of the world');
const Y = P('number', 'Y', 'metres from the top of the world');
const TIME = P('time', 'TIME', 'a time: 1705 or 1705ms, 1.705s, 1705034us');
const SPEED = P('speed', 'VALUE', 'ms of simulation per second: 1, 10, 100, or real');
const PKT = P('pkt', 'N', 'a packet number, as tcpdump and the event log show it (4 or #4)');
const FILE = P('file', 'FILE', 'a script file: one command a line, # comments');
const CMD = P('command', 'CMD', 'a command');
const FILTER = P('text', 'FILTER', 'icmp6, data, msg MSG, src NODE, dst NODE, host NODE; not, and, or');
const TEXT = P('text', 'TEXT', 'text the last output must contain');
const L = (lit: string): Slot => ({ lit });

/** Every command, in the order `help` lists them. */
export const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'help',
    summary: 'list the commands, or explain one',
    forms: [[], [CMD]],
    details: ['Type ? anywhere on a line to see what can come next.'],
  },
  { name: 'scenarios', summary: 'list the built-in scenarios', forms: [[]] },
  {
    name: 'load',
    summary: 'load a scenario (with the current parameters)',
    forms: [[ID], [ID, L('seed'), SEED]],
    words: { seed: 'the random seed of the run' },
  },
  { name: 'mode', summary: 'change the handover mode and reload', forms: [[MODE]] },
  { name: 'set', summary: 'change a parameter and reload', forms: [[PARAM, VALUE]] },
  { name: 'reset', summary: 'reload the scenario as written (no parameter overrides)', forms: [[]] },
  { name: 'params', summary: 'show the parameters, their values and ranges', forms: [[]] },
  {
    name: 'move',
    summary: 'move a node into a cell or to a point, as a drag does',
    forms: [
      [MOBILE, CELL],
      [MOBILE, X, Y],
    ],
    details: [
      'The move happens at the engine\u2019s present, in drag-sized steps, as dragging the node',
      'with the run paused does; a rewound cursor first returns to the present.',
    ],
  },
  { name: 'play', summary: 'play the run', forms: [[]] },
  { name: 'pause', summary: 'pause the run', forms: [[]] },
  { name: 'step', summary: 'go forward N events (default 1)', forms: [[], [N]] },
  { name: 'back', summary: 'go back N events (default 1)', forms: [[], [N]] },
  {
    name: 'goto',
    summary: 'move the cursor to a time, the start, the end, or the next message',
    forms: [[L('start')], [L('end')], [L('next'), MSG], [TIME]],
    words: {
      start: 'the start of the run',
      end: "the scenario's end (the engine runs to it)",
      next: 'the next time MSG is sent after the cursor',
    },
  },
  { name: 'speed', summary: 'set the playing speed', forms: [[SPEED]] },
  {
    name: 'show',
    summary: 'tables at the cursor, like a router\u2019s show',
    forms: [
      [L('nodes')],
      [L('neighbors'), NODE],
      [L('routes'), NODE],
      [L('tunnels')],
      [L('bindings')],
      [L('buffers')],
      [L('state'), NODE],
    ],
    words: {
      nodes: 'every node, its role, address and state',
      neighbors: "a node's neighbor cache (§7)",
      routes: "a node's host routes",
      tunnels: 'the tunnels up at the cursor (§3.1.3, §3.2)',
      bindings: 'the bindings at the HA, CN and access routers',
      buffers: 'packets buffered for arriving nodes (§5.2.1 U flag)',
      state: "a node's protocol machines and their states",
    },
  },
  {
    name: 'tcpdump',
    summary: 'print packets as they happen (Ctrl-C stops); -r: the run so far',
    forms: [[FILTER]],
    rest: true,
    details: [
      'tcpdump [-i NODE] [-r] [-v] [FILTER]',
      '  -i NODE  only packets at NODE (in, out, forwarded, tunnelled, buffered, dropped)',
      '  -r       print the run so far, up to the cursor, instead of following it',
      '  -v       under each packet, why the node did it (the draft\u2019s section)',
      '  FILTER   icmp6 | data | udp | msg MSG | src NODE | dst NODE | host NODE,',
      '           combined with not, and, or (and is implied): not data and src MN',
    ],
  },
  {
    name: 'inspect',
    summary: 'decode a packet layer by layer and select it on the page',
    forms: [[PKT], []],
    details: ['Without N: the packet selected on the page.'],
  },
  {
    name: 'why',
    summary: 'why a packet was sent, forwarded, buffered or dropped',
    forms: [[PKT], []],
    details: ['Without N: the packet selected on the page.'],
  },
  {
    name: 'export',
    summary: 'export the capture, the ladder or the run',
    forms: [[L('pcap')], [L('svg')], [L('run')]],
    words: {
      pcap: 'the capture up to the cursor (Wireshark opens it)',
      svg: 'the ladder as a drawing',
      run: 'the console commands of this run, as a script',
    },
  },
  { name: 'clear', summary: 'clear the screen', forms: [[]] },
  { name: 'history', summary: 'the commands typed so far', forms: [[]] },
  { name: 'source', summary: 'run a script file', forms: [[FILE]] },
  { name: 'wait', summary: 'let TIME pass (scripts)', forms: [[TIME]], script: true },
  {
    name: 'expect',
    summary: 'check the last output contains TEXT (or, with no, that it does not)',
    forms: [[TEXT], [L('no'), TEXT]],
    rest: true,
    script: true,
    words: { no: 'the last output must not contain TEXT' },
  },
];

export function command(name: string): CommandSpec | undefined {
  const n = name.toLowerCase();
  return COMMANDS.find((c) => c.name === n);
}

/** A form as its usage line: "move NODE CELL". */
export function usageOf(c: CommandSpec, form: readonly Slot[]): string {
  return [c.name, ...form.map((s) => ('lit' in s ? s.lit : s.name))].join(' ');
}

export function usages(c: CommandSpec): string[] {
  return c.forms.map((f) => usageOf(c, f));
}
