// The console's language (issue 11): every command's parsing, its errors (one line: what was
// wrong, what would be right), Tab completion and `?`, tcpdump's filters, and a script printing
// the same text over the live engine (Node) as over a recorded trace (the page's trace store).
import { describe, expect, it } from 'vitest';
import { COMMANDS, complete, helpAt, parse, parseTime, tokenize, type Vocab } from '../../core/console/grammar.ts';
import { parseTcpdump } from '../../core/console/format.ts';
import { Console, logLine } from '../../core/console/console.ts';
import { runScenario } from '../../core/engine/run.ts';
import { LabSession } from '../../core/console/lab-session.ts';
import { RecordedSession } from '../../core/console/recorded-session.ts';
import { MESSAGES } from '../../core/console/vocab.ts';
import { availableModes } from '../../core/settings.ts';

const V: Vocab = {
  nodes: ['MN', 'oAR', 'nAR', 'HA', 'CN'],
  mobiles: ['MN'],
  cells: ['oAR', 'nAR'],
  scenarios: ['fig1', 'fig2', 'fig3', 'fig4', 'mipv6'],
  params: ['wired-delay', 'l2-handover', 'ra-min', 'ra-max', 'buffer-size', 'buffering', 'seed'],
  modes: availableModes(),
  messages: [...MESSAGES],
};

const ok = (line: string) => {
  const r = parse(line, V);
  if (!r.ok) throw new Error(`${line}: ${r.error}`);
  return r.parsed;
};
const err = (line: string) => {
  const r = parse(line, V);
  if (r.ok) throw new Error(`${line} parsed`);
  return r.error;
};

describe('parsing', () => {
  it('accepts every form of every command', () => {
    const lines = [
      'help',
      'help show',
      'scenarios',
      'load fig3',
      'load fig3 seed 7',
      'mode beth',
      'set wired-delay 5',
      'reset',
      'params',
      'move MN nAR',
      'move MN 350 150',
      'play',
      'pause',
      'step',
      'step 3',
      'back',
      'back 2',
      'goto 1705',
      'goto 1.7s',
      'goto end',
      'goto start',
      'goto next HI',
      'speed real',
      'show nodes',
      'show neighbors nAR',
      'show routes oAR',
      'show tunnels',
      'show bindings',
      'show buffers',
      'show state MN',
      'tcpdump',
      'tcpdump -i nAR msg HI',
      'inspect 12',
      'why 12',
      'export pcap',
      'export svg',
      'export run',
      'clear',
      'history',
      'source ex.txt',
      'wait 100ms',
      'expect HI',
      'expect no "F-BU"',
    ];
    for (const l of lines) ok(l);
    // Every command is covered above.
    for (const c of COMMANDS)
      expect(
        lines.some((l) => l.split(' ')[0] === c.name),
        c.name,
      ).toBe(true);
  });

  it('reads values: names case-insensitively as written, times in ms by default', () => {
    expect(ok('move mn nar').values).toEqual(['MN', 'nAR']);
    expect(ok('move MN 350 150').values).toEqual(['MN', 350, 150]);
    expect(ok('goto next f-bu').values).toEqual(['next', 'F-BU']);
    expect(ok('load fig3 seed 7').values).toEqual(['fig3', 'seed', '7']);
    expect(ok('show neighbors nAR').values).toEqual(['neighbors', 'nAR']);
    expect(ok('speed 10').values).toEqual([10]);
    expect(ok('expect no "tunnel up"').values).toEqual(['no', 'tunnel up']);
    expect(ok('tcpdump -i nAR msg HI').values).toEqual(['-i nAR msg HI']);
    expect(parseTime('1705')).toBe(1_705_000);
    expect(parseTime('1.705s')).toBe(1_705_000);
    expect(parseTime('1705034us')).toBe(1_705_034);
    expect(parseTime('12abc')).toBeNull();
    expect(tokenize('expect "a b"  c').map((t) => t.text)).toEqual(['expect', 'a b', 'c']);
  });

  it('errors are one line naming what was wrong and what would be right', () => {
    expect(err('move MN nAR2')).toBe('move: no cell "nAR2"; cells: oAR, nAR');
    expect(err('move oAR nAR')).toBe('move: oAR cannot be moved; movable: MN');
    expect(err('move MN 10')).toMatch(/^move: missing Y .*usage: move NODE CELL \| move NODE X Y$/);
    expect(err('move MN 350 150 9')).toMatch(/^move: unexpected "9"/);
    expect(err('shwo tunnels')).toBe('no command "shwo"; did you mean show, set, step? (help lists them all)');
    expect(err('show tunnel')).toMatch(/^show: no subcommand "tunnel"; expected nodes, neighbors, routes, tunnels/);
    expect(err('show neighbors X')).toBe('show: no node "X"; nodes: MN, oAR, nAR, HA, CN');
    expect(err('load fig9')).toMatch(/^load: no scenario "fig9"; scenarios: fig1, fig2, fig3, fig4, mipv6$/);
    expect(err('mode fast')).toMatch(/^mode: no mode "fast"; modes: mipv6, anticipated-mobile-stateless/);
    expect(err('set delay 5')).toMatch(/^set: no parameter "delay"; parameters: wired-delay/);
    expect(err('goto soon')).toMatch(/^goto: "soon" is not a time; e\.g\. 1705 \(ms\)/);
    expect(err('goto next HELLO')).toMatch(/^goto: no message "HELLO"; messages: RtSolPr, PrRtAdv, HI/);
    expect(err('step two')).toBe('step: "two" is not a whole number');
    expect(err('speed 50')).toMatch(/^speed: "50" is not a speed; speeds: 1, 10, 100/);
    expect(err('export png')).toMatch(/^export: no subcommand "png"; expected pcap, svg, run$/);
    expect(err('inspect x')).toBe('inspect: "x" is not a packet number (4 or #4)');
    expect(err('show neighbors')).toMatch(/^show: missing NODE /);
    for (const l of ['move MN nAR2', 'shwo', 'goto soon', 'step two']) expect(err(l)).not.toMatch(/\n|at .*\.ts/);
  });

  it('tcpdump filters: words, names and operators; bad words named', () => {
    const a = parseTcpdump(['-i', 'nar', 'msg', 'hi'], V.nodes, V.messages);
    expect(a).toMatchObject({ iface: 'nAR', read: false, filter: { k: 'msg', msg: 'HI' } });
    const b = parseTcpdump(['-r', 'not', 'data', 'and', 'src', 'MN'], V.nodes, V.messages);
    expect(b).toMatchObject({
      read: true,
      filter: { k: 'and', a: { k: 'not', a: { k: 'data' } }, b: { k: 'src', node: 'MN' } },
    });
    const c = parseTcpdump(['icmp6', 'or', 'msg', 'F-BU'], V.nodes, V.messages);
    expect(c).toMatchObject({ filter: { k: 'or', a: { k: 'icmp6' }, b: { k: 'msg', msg: 'F-BU' } } });
    expect(parseTcpdump(['-i', 'nAR2'], V.nodes, V.messages)).toBe('-i: no node "nAR2"; nodes: MN, oAR, nAR, HA, CN');
    expect(parseTcpdump(['tcp'], V.nodes, V.messages)).toMatch(/^no filter word "tcp"; filters: icmp6, data/);
    expect(parseTcpdump(['msg'], V.nodes, V.messages)).toMatch(/^msg needs a message/);
  });
});

describe('completion and ?', () => {
  it('completes commands, subcommands, nodes, cells, scenarios, parameters, messages', () => {
    expect(complete('sh', V)).toEqual({ line: 'show ', candidates: ['show'] });
    expect(complete('show t', V).line).toBe('show tunnels ');
    expect(complete('show n', V).candidates).toEqual(['nodes', 'neighbors']);
    expect(complete('show ne', V).line).toBe('show neighbors ');
    expect(complete('show neighbors n', V).line).toBe('show neighbors nAR ');
    expect(complete('move MN o', V).line).toBe('move MN oAR ');
    expect(complete('move ', V).line).toBe('move MN ');
    expect(complete('load fig', V)).toEqual({ line: 'load fig', candidates: ['fig1', 'fig2', 'fig3', 'fig4'] });
    expect(complete('load fig3 ', V).line).toBe('load fig3 seed ');
    expect(complete('set ra', V)).toEqual({ line: 'set ra-m', candidates: ['ra-min', 'ra-max'] });
    expect(complete('goto next F-B', V)).toEqual({ line: 'goto next F-B', candidates: ['F-BU', 'F-BACK'] });
    expect(complete('tcpdump -i ', V).candidates).toEqual(V.nodes);
    expect(complete('tcpdump msg H', V).candidates).toEqual(['HI', 'HACK', 'HTT']);
    expect(complete('mode an', V).line).toBe('mode anticipated-');
    // Nothing fits: the line stays as typed.
    expect(complete('zz', V)).toEqual({ line: 'zz', candidates: [] });
    expect(complete('show nodes ', V)).toEqual({ line: 'show nodes ', candidates: [] });
  });

  it('? lists what can come next, IOS-style, with <cr> where the line may end', () => {
    const show = helpAt('show ', V);
    expect(show[0]).toMatch(/^ {2}nodes +every node/);
    expect(show.some((l) => l.trim().startsWith('tunnels'))).toBe(true);
    expect(helpAt('sh', V)).toEqual(['  show  tables at the cursor, like a router\u2019s show']);
    const step = helpAt('step ', V);
    expect(step).toEqual(['  N     a whole number', '  <cr>  run the command']);
    expect(helpAt('move MN ', V)[0]).toMatch(/CELL +a cell, named by its access router: oAR, nAR/);
    expect(helpAt('frob ', V)[0]).toMatch(/^no command "frob"/);
  });
});

/** The observing half of a lesson: runs the same over the engine and over the recorded trace. */
const OBSERVE = `# observe Figure 3
goto start
goto next HI
tcpdump -r msg HI
step 3
back
goto 1705
tcpdump -i nAR -r not data
goto next RA
why 4
inspect 4
tcpdump -r -v msg HACK
show neighbors nAR
show buffers
goto end
show bindings
show tunnels
show nodes
tcpdump -r icmp6 and src MN
goto 1.71s
back 2
step
inspect 99999
`;

describe('scripts', () => {
  it('a script prints the same text over the live engine and over the recorded trace', async () => {
    const live = await LabSession.create();
    const c = new Console(live);
    await c.run('load fig3');
    await c.run('move MN nAR');
    await c.run('goto end');
    const a = await c.script(OBSERVE);
    // The page's trace store, filled from the recorded run: no engine.
    const rec = new RecordedSession({
      scenario: live.scenario,
      seed: live.seed,
      whatIf: live.whatIf,
      topology: live.topology!,
      end: live.end,
      catalogue: live.catalogue,
      records: live.records().filter((r) => r.t <= live.end),
    });
    rec.seek(live.end);
    const b = await new Console(rec).script(OBSERVE);
    expect(b.lines).toEqual(a.lines);
    expect(a.lines.some((l) => / nAR In {2}IP6 .* HI \[U\]/.test(l) || /#\d+ oAR Out IP6 .* HI \[U\]/.test(l))).toBe(
      true,
    );
    // The packet that does not exist fails in one line, in both.
    expect(b.failed).toBe(a.failed);
    expect(a.lines.filter((l) => l.startsWith('inspect: no packet #99999'))).toHaveLength(1);
    expect(rec.selected).toEqual([4]);
  });

  it('move is the same move as a drag: the handover of Figure 3, then goto end', async () => {
    const s = await LabSession.create();
    const c = new Console(s);
    expect((await c.run('load fig3')).lines[0]).toMatch(/^loaded fig3 .*seed 1, as written; paused at 0\.000 ms$/);
    expect((await c.run('move MN nAR')).lines.at(-1)).toBe(
      'MN moved from (100, 150) to nAR (350, 150) at 0.000 ms in 25 steps',
    );
    await c.run('goto end');
    const sent = s
      .records()
      .filter((r) => r.kind === 'tx' && r.msg !== 'DATA' && r.msg !== 'RA')
      .map((r) => 'msg' in r && r.msg);
    // Figure 3's order (§3.1.3): RtSolPr, HI and PrRtAdv, F-BU, HACK, F-BACK, then the bindings.
    const at = (m: string) => sent.indexOf(m);
    expect(at('RtSolPr')).toBeGreaterThanOrEqual(0);
    expect(at('RtSolPr')).toBeLessThan(at('HI'));
    expect(at('HI')).toBeLessThan(at('HACK'));
    expect(at('F-BU')).toBeLessThan(at('F-BACK'));
    expect(at('F-BACK')).toBeLessThan(at('BU'));
    expect(c.prompt()).toBe('fig3 3500.000 ms> ');
  });

  it('set, mode and load seed use the page\u2019s validation and messages; nothing is lost on an error', async () => {
    const s = await LabSession.create();
    const c = new Console(s);
    await c.run('load fig3');
    expect((await c.run('set wired-delay 5000')).lines).toEqual([
      'set: Wired link delay must be between 0 and 1000 ms.',
    ]);
    expect((await c.run('set ra-min 80')).lines).toEqual(['set: RA interval, max must be at least the min.']);
    expect((await c.run('set buffer-size 1.5')).lines).toEqual(['set: Buffer size must be a whole number.']);
    expect((await c.run('load fig3 seed -1')).lines).toEqual([
      'load: Seed must be a whole number from 0 to 2147483647.',
    ]);
    expect((await c.run('set buffering maybe')).lines).toEqual(['set: buffering is on or off, not "maybe"']);
    // Nothing was changed by the refused values: the run is still the scenario as written.
    expect(s.whatIf).toEqual({});
    const o = await c.run('set wired-delay 5');
    expect(o.lines[0]).toBe('wired-delay 5 ms');
    expect(o.lines[1]).toMatch(/what if wired-delay 5 ms \(not as written\)/);
    expect(s.whatIf).toEqual({ wiredDelayUs: 5000 });
    await c.run('mode mipv6');
    expect(s.whatIf).toEqual({ mode: 'mipv6', wiredDelayUs: 5000 });
    // A "change" to the scenario's own value is no change (as the page's fields).
    await c.run('set wired-delay 2');
    expect(s.whatIf).toEqual({ mode: 'mipv6' });
    // Another scenario starts from its own values; the same one keeps its changes with a new seed.
    await c.run('load fig3 seed 2');
    expect(s.whatIf).toEqual({ mode: 'mipv6' });
    await c.run('reset');
    expect(s.whatIf).toEqual({});
    expect((await c.run('params')).lines.at(-1)).toMatch(/the scenario as written/);
  });

  it('expect lines check the last output; tcpdump follows the cursor and Ctrl-C stops it', async () => {
    const s = await LabSession.create();
    const c = new Console(s);
    const r = await c.script(`load fig3
move MN nAR
tcpdump -i nAR msg HI
goto 100
expect HI [U]
expect no F-BU
expect PrRtAdv
`);
    expect(r.failed).toBe(1);
    expect(r.lines).toContain('ok: "HI [U]"');
    expect(r.lines).toContain('ok: no "F-BU"');
    expect(r.lines.some((l) => l.startsWith('expect: did not find "PrRtAdv"'))).toBe(true);
    // The script's end stops the capture as Ctrl-C would, with tcpdump's count.
    expect(r.lines.at(-1)).toBe('1 packet captured');
    // Interactive: the capture prints as the cursor moves, not what is behind it.
    await c.run('goto start');
    expect((await c.run('tcpdump msg HI')).lines[0]).toMatch(
      /^listening on every node, filter "msg HI" from 0\.000 ms/,
    );
    expect(c.capturing).toBe(true);
    s.seek(50_000);
    expect(c.pump()).toHaveLength(1);
    expect(c.pump()).toEqual([]);
    expect(c.interrupt()).toEqual(['1 packet captured']);
    expect(c.capturing).toBe(false);
  });
});

describe('npm run sim -- --script', () => {
  it('prints the transcript the console prints (prompt, command, output) and exits 1 on a failed expect', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { spawnSync } = await import('node:child_process');
    const dir = mkdtempSync(join(tmpdir(), 'fmip-console-'));
    const script = `load fig3\nmove MN nAR\ngoto next HACK\nshow neighbors nAR\nexpect INCOMPLETE\ntcpdump -r -v msg HACK\n`;
    const file = join(dir, 'observe.txt');
    writeFileSync(file, script);
    const r = spawnSync('node', ['--import', 'tsx', 'core/cli.ts', '--script', file], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    const c = new Console(await LabSession.create());
    expect(r.stdout).toBe((await c.script(script)).lines.join('\n') + '\n');
    expect(r.stdout).toContain('fig3 3.063 ms> show neighbors nAR');
    writeFileSync(file, `${script}expect no HACK code 0\n`);
    const bad = spawnSync('node', ['--import', 'tsx', 'core/cli.ts', '--script', file], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/expect: found "HACK code 0" in the last output/);
  });
});

describe('a session still starting', () => {
  it('a command waits for it (the page\u2019s own first load) instead of answering from an empty catalogue', async () => {
    const s = await LabSession.create();
    let release = () => {};
    const ready = new Promise<void>((r) => (release = r));
    // As the page's session: not ready until its first load is done.
    Object.assign(s, { whenReady: () => ready });
    const c = new Console(s);
    const out = c.run('load fig3');
    await new Promise((r) => setTimeout(r, 20));
    expect(s.topology).toBeNull();
    release();
    expect((await out).lines[0]).toMatch(/^loaded fig3 /);
  });
});

describe('the event log', () => {
  it('names the layer-2 triggers as the figures and the ladder do: the MN’s Disconnect, the oAR’s “MN link down”', async () => {
    const records = (await runScenario('fig3', { seed: 1, trace: true })).records;
    const lines = records.filter((r) => r.kind === 'l2').map(logLine);
    expect(lines.some((l) => /\bMN Disconnect \(L2-LD\)/.test(l))).toBe(true);
    expect(lines.some((l) => /\boAR MN link down \(L2-LD\)/.test(l))).toBe(true);
    expect(lines.some((l) => /\bnAR MN link up \(L2-LU\)/.test(l))).toBe(true);
    expect(lines.some((l) => /\b(oAR|nAR) (Disconnect|Connect)\b/.test(l))).toBe(false);
  });
});
