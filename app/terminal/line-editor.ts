// The console's line editor: a pure state machine over the terminal's input (xterm's onData
// strings), returning the escape sequences that redraw the line and the actions for the host
// (run a line, complete, show `?` help, interrupt, clear). DOM-free, unit-tested.
//
// Why not xterm-readline (installed, 1.2): it fits the basics (editing, history, Ctrl-C) but has
// no Tab-completion hook and no way to print above a line being read and redraw it (its prompt
// sits at an absolute anchor row), both of which `Tab` and IOS-style `?` need; and it keeps its
// history under the page-wide localStorage key "history". This editor is ~150 lines we test.

export type EditorAction =
  | { kind: 'submit'; line: string }
  | { kind: 'complete'; line: string }
  | { kind: 'help'; line: string }
  | { kind: 'interrupt' }
  | { kind: 'clear' };

export interface EditorResult {
  /** Escape sequences and text to write to the terminal. */
  out: string;
  actions: EditorAction[];
}

/** How many history entries are kept (and stored). */
export const HISTORY_MAX = 200;

export class LineEditor {
  line = '';
  /** Cursor position in `line`. */
  pos = 0;
  prompt = '';
  private history: string[];
  /** Index into history while browsing with ↑/↓ (history.length = the line being typed). */
  private hi: number;
  private draft = '';

  constructor(
    history: readonly string[] = [],
    /** Terminal width in columns (for redrawing lines that wrap). */
    public cols = 80,
  ) {
    this.history = history.slice(-HISTORY_MAX);
    this.hi = this.history.length;
  }

  get entries(): readonly string[] {
    return this.history;
  }

  /** Starts a new line after `prompt` (written by this call). */
  start(prompt: string): string {
    this.prompt = prompt;
    this.line = '';
    this.pos = 0;
    this.hi = this.history.length;
    return prompt;
  }

  /** Replaces the line (completion), keeping the prompt; returns the redraw. */
  set(line: string): string {
    const before = this.pos;
    this.line = line;
    this.pos = line.length;
    return this.redraw(before);
  }

  /** Redraw the prompt and line from the row the cursor was on (`oldPos`: cursor index before the edit). */
  private redraw(oldPos: number): string {
    const cols = Math.max(1, this.cols);
    const p = this.prompt.length;
    const rowOf = (i: number) => Math.floor(i / cols);
    let s = '';
    const up = rowOf(p + oldPos);
    if (up > 0) s += `\x1b[${up}A`;
    s += '\r\x1b[J' + this.prompt + this.line;
    const total = p + this.line.length;
    // After writing `total` characters the cursor is on this row (a full last row waits to wrap).
    const endRow = total > 0 && total % cols === 0 ? total / cols - 1 : rowOf(total);
    const target = p + this.pos;
    const tRow = rowOf(target);
    if (endRow > tRow) s += `\x1b[${endRow - tRow}A`;
    if (total % cols === 0 && total > 0 && target === total) s += '\r\n';
    else {
      s += '\r';
      const col = target % cols;
      if (col > 0) s += `\x1b[${col}C`;
    }
    return s;
  }

  /** A new prompt for the line being typed (the cursor's time moved); returns the redraw. */
  reprompt(prompt: string): string {
    const before = this.pos;
    const old = this.prompt.length;
    this.prompt = prompt;
    // The redraw starts from the row the old prompt put the cursor on.
    const shift = old - prompt.length;
    return this.redraw(before + shift);
  }

  /** Adds a line to the history (not twice in a row). */
  remember(line: string): void {
    if (line.trim() === '' || this.history[this.history.length - 1] === line) return;
    this.history.push(line);
    if (this.history.length > HISTORY_MAX) this.history.shift();
    this.hi = this.history.length;
  }

  /** Feeds one onData string (a key, an escape sequence, or pasted text). */
  input(data: string): EditorResult {
    const actions: EditorAction[] = [];
    let out = '';
    const edit = (f: () => void) => {
      const before = this.pos;
      f();
      out += this.redraw(before);
    };
    let i = 0;
    while (i < data.length) {
      const rest = data.slice(i);
      // eslint-disable-next-line no-control-regex -- terminal input is escape sequences
      const esc = /^\x1b(\[[0-9;]*[A-Za-z~]|O[A-Za-z])/.exec(rest);
      if (esc) {
        i += esc[0].length;
        const k = esc[1]!;
        if (k === '[D' || k === 'OD') edit(() => (this.pos = Math.max(0, this.pos - 1)));
        else if (k === '[C' || k === 'OC') edit(() => (this.pos = Math.min(this.line.length, this.pos + 1)));
        else if (k === '[H' || k === 'OH' || k === '[1~') edit(() => (this.pos = 0));
        else if (k === '[F' || k === 'OF' || k === '[4~') edit(() => (this.pos = this.line.length));
        else if (k === '[3~') edit(() => (this.line = this.line.slice(0, this.pos) + this.line.slice(this.pos + 1)));
        else if (k === '[A' || k === 'OA') edit(() => this.browse(-1));
        else if (k === '[B' || k === 'OB') edit(() => this.browse(1));
        // Bracketed paste markers and other sequences: ignored.
        continue;
      }
      const ch = data[i]!;
      i++;
      const code = ch.charCodeAt(0);
      if (ch === '\r' || ch === '\n') {
        // A pasted block runs line by line, as a shell does.
        if (ch === '\n' && data[i - 2] === '\r') continue;
        const line = this.line;
        out += '\r\n';
        this.line = '';
        this.pos = 0;
        actions.push({ kind: 'submit', line });
        continue;
      }
      if (ch === '\t') {
        actions.push({ kind: 'complete', line: this.line.slice(0, this.pos) });
        continue;
      }
      if (ch === '?') {
        actions.push({ kind: 'help', line: this.line.slice(0, this.pos) });
        continue;
      }
      if (code === 3) {
        out += '^C\r\n';
        this.line = '';
        this.pos = 0;
        actions.push({ kind: 'interrupt' });
        continue;
      }
      if (code === 12) {
        actions.push({ kind: 'clear' });
        continue;
      }
      if (code === 127 || code === 8) {
        if (this.pos > 0)
          edit(() => {
            this.line = this.line.slice(0, this.pos - 1) + this.line.slice(this.pos);
            this.pos--;
          });
        continue;
      }
      if (code === 1) edit(() => (this.pos = 0));
      else if (code === 5) edit(() => (this.pos = this.line.length));
      else if (code === 21)
        edit(() => {
          this.line = this.line.slice(this.pos);
          this.pos = 0;
        });
      else if (code === 11) edit(() => (this.line = this.line.slice(0, this.pos)));
      else if (code >= 32) {
        // Printable text (typed or pasted): inserted at the cursor.
        let j = i;
        while (j < data.length && data.charCodeAt(j) >= 32 && data[j] !== '?' && data[j] !== '\x7f') j++;
        const text = ch + data.slice(i, j);
        i = j;
        edit(() => {
          this.line = this.line.slice(0, this.pos) + text + this.line.slice(this.pos);
          this.pos += text.length;
        });
      }
    }
    return { out, actions };
  }

  private browse(d: number): void {
    if (this.history.length === 0) return;
    if (this.hi === this.history.length) this.draft = this.line;
    this.hi = Math.max(0, Math.min(this.history.length, this.hi + d));
    this.line = this.hi === this.history.length ? this.draft : this.history[this.hi]!;
    this.pos = this.line.length;
  }
}
