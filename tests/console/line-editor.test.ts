// The terminal's line editor (app/terminal/line-editor.ts): typing, editing keys, history with
// ↑/↓, paste, and the keys the console handles (Enter, Tab, ?, Ctrl-C, Ctrl-L) as actions.
import { describe, expect, it } from 'vitest';
import { LineEditor } from '../../app/terminal/line-editor.ts';

describe('line editor', () => {
  it('edits the line: insert, backspace, arrows, Home/End, Ctrl-A/E/U/K, Delete', () => {
    const e = new LineEditor();
    e.start('> ');
    e.input('show tunels');
    e.input('\x1b[D\x1b[D\x1b[D');
    e.input('n');
    expect(e.line).toBe('show tunnels');
    e.input('\x1b[H');
    expect(e.pos).toBe(0);
    e.input('\x1b[3~');
    expect(e.line).toBe('how tunnels');
    e.input('s\x05\x7f');
    expect(e.line).toBe('show tunnel');
    e.input('\x01\x1b[C\x1b[C\x1b[C\x1b[C\x0b');
    expect(e.line).toBe('show');
    e.input('\x15');
    expect(e.line).toBe('');
  });

  it('Enter submits; Tab and ? ask for completion and help on the text before the cursor', () => {
    const e = new LineEditor();
    e.start('> ');
    expect(e.input('sh\t').actions).toEqual([{ kind: 'complete', line: 'sh' }]);
    expect(e.input('ow ?').actions).toEqual([{ kind: 'help', line: 'show ' }]);
    expect(e.input('\r').actions).toEqual([{ kind: 'submit', line: 'show ' }]);
    expect(e.line).toBe('');
    expect(e.input('\x03').actions).toEqual([{ kind: 'interrupt' }]);
    expect(e.input('\x0c').actions).toEqual([{ kind: 'clear' }]);
  });

  it('a pasted block runs line by line', () => {
    const e = new LineEditor();
    e.start('> ');
    const r = e.input('load fig3\r\nmove MN nAR\r\n');
    expect(r.actions).toEqual([
      { kind: 'submit', line: 'load fig3' },
      { kind: 'submit', line: 'move MN nAR' },
    ]);
  });

  it('↑/↓ walk the history and come back to what was being typed', () => {
    const e = new LineEditor(['load fig3']);
    e.start('> ');
    e.remember('goto end');
    e.remember('goto end');
    expect(e.entries).toEqual(['load fig3', 'goto end']);
    e.input('sho');
    e.input('\x1b[A');
    expect(e.line).toBe('goto end');
    e.input('\x1b[A');
    expect(e.line).toBe('load fig3');
    e.input('\x1b[B\x1b[B');
    expect(e.line).toBe('sho');
  });

  it('redraws a wrapped line from its first row', () => {
    const e = new LineEditor([], 10);
    e.start('ab> ');
    e.input('0123456789');
    // 14 characters on 10 columns: the next redraw goes up one row first.
    expect(e.input('x').out.startsWith('\x1b[1A\r\x1b[J')).toBe(true);
  });
});
