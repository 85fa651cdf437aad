// The course: every lesson parses, names real scenarios, nodes and messages, quotes the draft in
// its own words, and its scripted solution passes all its checks and questions in the engine;
// together the lessons cover every section of §3–§8. Broken lessons get errors with line and
// field; checks fail (saying what was seen) when the run says so.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  draftSections,
  evaluateChecks,
  parseLesson,
  quoteInDraft,
  runsOf,
  scenarioNodes,
  scenarioOf,
  scenarioParams,
  type Check,
  type Lesson,
} from '../../core/lessons.ts';
import { checkLesson, runSolution } from '../../core/lesson-run.ts';
import { loadPacketCore, type PacketCore } from '../../core/wasm.ts';
import { lessonStateAt } from '../../core/lesson-state.ts';
import { MSG_NAMES } from '../../core/scenario/schema.ts';
import { handoversOf } from '../../core/lessons/judge.ts';
import { measureHandovers } from '../../core/views/measures.ts';
import { builtinIds } from '../../core/scenario/builtin.ts';
import { run } from '../engine/helpers.ts';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The draft beside the repository (../shared/spec; a worktree sits one level deeper). */
function findDraft(): string {
  for (let dir = REPO; dirname(dir) !== dir; dir = dirname(dir)) {
    const f = join(dirname(dir), 'shared', 'spec', 'draft-ietf-mobileip-fast-mipv6-04.txt');
    if (existsSync(f)) return f;
  }
  throw new Error('the draft is not at ../shared/spec beside the repository: the lesson tests need it');
}
const draft = readFileSync(findDraft(), 'utf8');

const dirs = readdirSync(join(REPO, 'lessons'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();
const lessons = new Map<string, Lesson>();
for (const d of dirs) {
  const p = parseLesson(readFileSync(join(REPO, 'lessons', d, 'index.md'), 'utf8'));
  if (p.ok) lessons.set(d, p.lesson);
}

let core: PacketCore;
beforeAll(async () => {
  core = await loadPacketCore();
});

describe('the course (lessons/)', () => {
  it('has about sixteen numbered lessons, in order', () => {
    expect(dirs.length).toBeGreaterThanOrEqual(15);
    dirs.forEach((d, i) => expect(d).toMatch(new RegExp(`^${String(i + 1).padStart(2, '0')}-[a-z0-9-]+$`)));
  });

  for (const d of dirs) {
    describe(d, () => {
      it('parses, with goals, steps, a prediction and checks', () => {
        const p = parseLesson(readFileSync(join(REPO, 'lessons', d, 'index.md'), 'utf8'));
        if (!p.ok) throw new Error(p.errors.map((e) => `${e.where}: ${e.message}`).join('\n'));
        const l = p.lesson;
        expect(l.goals.length).toBeGreaterThan(0);
        expect(l.steps.length).toBeGreaterThanOrEqual(3);
        expect(l.steps.some((s) => s.question?.kind === 'predict')).toBe(true);
        expect(l.checks.length).toBeGreaterThan(0);
        expect(l.sections.length).toBeGreaterThan(0);
        // Every run has a scripted solution (its moves may be none: the scenario's own path).
        for (const r of runsOf(l)) expect(r.solution, `run of step ${l.steps[r.start]!.id}`).toBeDefined();
      });

      it('names real scenarios, nodes and messages', () => {
        const l = lessons.get(d)!;
        for (const r of runsOf(l)) {
          expect(scenarioOf(r.setup.scenario)).not.toBeNull();
          const nodes = scenarioNodes(r.setup.scenario)!;
          for (const i of r.steps)
            for (const c of l.steps[i]!.checks) {
              const named = [
                'from' in c ? c.from : undefined,
                'to' in c ? c.to : undefined,
                c.kind === 'state' ? c.node : undefined,
              ];
              for (const n of named) if (n !== undefined) expect(nodes).toContain(n);
              for (const m of ['msg' in c ? c.msg : undefined, 'first' in c ? c.first : undefined])
                if (m !== undefined) expect(MSG_NAMES).toContain(m);
            }
        }
      });

      it('explains in the draft’s own words, in the section it names', () => {
        const l = lessons.get(d)!;
        const quotes = l.steps.flatMap((s) => s.explain ?? []);
        expect(quotes.length).toBeGreaterThan(0);
        for (const q of quotes)
          expect(quoteInDraft(draft, q.section, q.quote), `§${q.section}: "${q.quote}"`).toBe(true);
        for (const s of l.sections) expect(draftSections(draft)).toContain(s);
      });

      it('its scripted solution passes all its checks and questions in the engine', () => {
        const l = lessons.get(d)!;
        for (const run of checkLesson(core, l, lessonStateAt)) {
          for (const c of run.checks) expect(c.passed, `${run.step} ▸ ${c.id}: ${c.text} — ${c.detail}`).toBe(true);
          for (const q of run.questions) expect(q.ok, `${q.step} (${q.kind}): ${q.detail}`).toBe(true);
        }
      });
    });
  }

  it('covers every section of §3–§8 of the draft', () => {
    const wanted = draftSections(draft).filter((s) => /^[3-8](\.|$)/.test(s));
    const covered = new Set([...lessons.values()].flatMap((l) => l.sections));
    const missing = wanted.filter((s) => !covered.has(s));
    expect(wanted.length).toBeGreaterThan(50);
    expect(missing, `sections no lesson teaches`).toEqual([]);
  });
});

describe('parseLesson errors name the line and the field', () => {
  const good = [
    '---', // 1
    'title: T', // 2
    'sections: ["3.1.6"]', // 3
    'goals: [g]', // 4
    'steps:', // 5
    '  - id: one', // 6
    '    title: One', // 7
    '    setup: { scenario: fig3 }', // 8
    '    question:', // 9
    '      kind: predict', // 10
    '      prompt: next?', // 11
    '      answer: { msg: F-BU, from: MN, to: oAR }', // 12
    '    checks:', // 13
    '      - id: a', // 14
    '        text: x', // 15
    '        kind: sent', // 16
    '        msg: HI', // 17
    '---', // 18
    'Body',
  ].join('\n');

  it('reads a good lesson', () => {
    const p = parseLesson(good);
    if (!p.ok) throw new Error(JSON.stringify(p.errors));
    expect(p.lesson.body).toBe('Body');
    expect(p.lesson.steps[0]!.setup).toEqual({ scenario: 'fig3', seed: 1, cursorMs: 0 });
    expect(p.lesson.checks[0]!.line).toBe(14);
  });

  it('bad YAML: the line of the problem', () => {
    const p = parseLesson(good.replace('    title: One', '    title: [One'));
    expect(p.ok).toBe(false);
    if (!p.ok) {
      expect(p.errors[0]!.line).toBeGreaterThanOrEqual(7);
      expect(p.errors[0]!.line).toBeLessThanOrEqual(9);
      expect(p.errors[0]!.message).toMatch(/^YAML/);
    }
  });

  it('an unknown check kind: its line and field', () => {
    const p = parseLesson(good.replace('kind: sent', 'kind: maybe'));
    expect(p.ok).toBe(false);
    if (!p.ok) {
      expect(p.errors).toHaveLength(1);
      expect(p.errors[0]).toMatchObject({ line: 16, field: 'steps[0].checks[0].kind' });
      expect(p.errors[0]!.message).toContain('maybe');
      expect(p.errors[0]!.where).toBe('line 16, steps[0].checks[0].kind');
    }
  });

  it('an unknown message name, node or scenario: each with its line', () => {
    const p = parseLesson(
      good.replace('msg: HI', 'msg: HELLO').replace('to: oAR }', 'to: xAR }').replace('fig3', 'fig99'),
    );
    expect(p.ok).toBe(false);
    if (p.ok) return;
    expect(p.errors.map((e) => [e.line, e.field])).toEqual([
      [8, 'steps[0].setup.scenario'],
      [17, 'steps[0].checks[0].msg'],
    ]);
    const q = parseLesson(good.replace('msg: HI', 'msg: HELLO').replace('to: oAR }', 'to: xAR }'));
    expect(!q.ok && q.errors.map((e) => [e.line, e.field])).toEqual([
      [12, 'steps[0].question.answer.to'],
      [17, 'steps[0].checks[0].msg'],
    ]);
    expect(!q.ok && q.errors[0]!.message).toContain('MN, oAR, nAR, HA, CN');
  });

  it('no front matter, duplicate ids, a missing setup', () => {
    expect(parseLesson('# just markdown').ok).toBe(false);
    const dup = parseLesson(good.replace('      - id: a', '      - id: one'));
    expect(!dup.ok && dup.errors[0]).toMatchObject({ line: 14, field: 'steps[0].checks[0].id' });
    const nosetup = parseLesson(good.replace('    setup: { scenario: fig3 }\n', ''));
    expect(!nosetup.ok && nosetup.errors[0]!.field).toBe('steps[0].setup');
  });
});

describe('checks on a run', () => {
  const base = { text: '', line: 1 };
  async function traceOf(scenario: string) {
    const l = parseLesson(
      `---\ntitle: t\nsections: ["3"]\ngoals: [g]\nsteps:\n  - id: s\n    title: s\n    setup: { scenario: ${scenario} }\n    solution: {}\n---\n`,
    );
    if (!l.ok) throw new Error(JSON.stringify(l.errors));
    return runSolution(core, runsOf(l.lesson)[0]!);
  }
  function judge(checks: Check[], run: Awaited<ReturnType<typeof traceOf>>, cursor = run.until) {
    return evaluateChecks(checks, {
      records: run.records,
      cursor,
      endUs: run.until,
      scenario: run.lab.scenario,
      params: scenarioParams(run.lab.scenario),
    });
  }

  it('an order check fails on the other order and says what was seen (stateless Figure 1 sends PrRtAdv with the HI)', async () => {
    const order: Check = { ...base, id: 'o', kind: 'order', first: 'HACK', then: 'PrRtAdv' };
    expect(judge([order], await traceOf('fig2'))[0]!.passed).toBe(true);
    const [r] = judge([order], await traceOf('fig1'));
    expect(r!.status).toBe('failed');
    expect(r!.detail).toMatch(/first HACK at .* first PrRtAdv at/);
  });

  it('a sent check counts by sender and receiver and names what went elsewhere', async () => {
    const run = await traceOf('fig3');
    const to = (n: string): Check => ({ ...base, id: 's', kind: 'sent', msg: 'F-BU', from: 'MN', to: n, min: 1 });
    expect(judge([to('oAR')], run)[0]!.passed).toBe(true);
    const [r] = judge([to('nAR')], run);
    expect(r!.passed).toBe(false);
    expect(r!.detail).toContain('0 × F-BU from MN to nAR');
    expect(r!.detail).toContain('seen instead: F-BU from MN to oAR');
  });

  it('negative checks wait until the handover has settled; positive ones tick as they happen', async () => {
    const run = await traceOf('mipv6');
    const checks: Check[] = [
      { ...base, id: 'n', kind: 'not-sent', msg: 'F-BU' },
      { ...base, id: 'ns', kind: 'sent', msg: 'NS', from: 'MN', min: 1 },
    ];
    expect(judge(checks, run, 100_000).map((r) => r.status)).toEqual(['pending', 'pending']);
    expect(judge(checks, run).map((r) => r.status)).toEqual(['passed', 'passed']);
  });

  it('time and parameter checks compare with the run and say the value seen', async () => {
    const run = await traceOf('mipv6');
    const [slow, l2] = judge(
      [
        { ...base, id: 't', kind: 'time', measure: 'l3-latency', handover: 1, below: 100 },
        { ...base, id: 'p', kind: 'param', param: 'l2HandoverMs', above: 200 },
      ],
      run,
    );
    // Standard Mobile IPv6 waits a second for DAD: far above 100 ms.
    expect(slow!.status).toBe('failed');
    expect(slow!.detail).toMatch(/layer-3 handover latency: \d{4}\.\d ms \(wanted < 100 ms\)/);
    expect(l2!.status).toBe('failed');
    expect(l2!.detail).toBe('l2HandoverMs is 50 ms (wanted > 200 ms)');
  });
});

describe('state checks read the state fold (core/state.ts stateAt)', () => {
  let core: Awaited<ReturnType<typeof loadPacketCore>>;
  beforeAll(async () => {
    core = await loadPacketCore();
  });
  const base = { text: '', line: 1 };

  it("tick when a node's table holds the row at some instant, and say what it holds when not", async () => {
    const l = parseLesson(
      `---\ntitle: t\nsections: ["3"]\ngoals: [g]\nsteps:\n  - id: s\n    title: s\n    setup: { scenario: fig3, params: { mode: anticipated-mobile-stateless } }\n    solution: {}\n---\n`,
    );
    if (!l.ok) throw new Error(JSON.stringify(l.errors));
    const run = runSolution(core, runsOf(l.lesson)[0]!);
    const ctx = {
      records: run.records,
      cursor: run.until,
      endUs: run.until,
      scenario: run.lab.scenario,
      params: scenarioParams(run.lab.scenario),
      stateAt: lessonStateAt,
    };
    const state = (
      node: string,
      table: 'tunnels' | 'bindings',
      match: Record<string, string>,
      absent = false,
    ): Check => ({
      ...base,
      id: `${node}-${table}`,
      kind: 'state',
      node,
      table,
      match,
      absent,
    });
    // §3.1.1: the oAR tunnels packets for the oCoA to the nCoA.
    const [tunnel, wrong, never] = evaluateChecks(
      [
        state('oAR', 'tunnels', { addr: 'oCoA', peerAddr: 'nCoA' }),
        state('HA', 'bindings', { home: 'HoA', careOf: '2001:db8:9::10' }),
        state('nAR', 'tunnels', { addr: 'oCoA' }, true),
      ],
      ctx,
    );
    expect(tunnel!.status).toBe('passed');
    expect(tunnel!.detail).toMatch(/^oAR tunnels at [\d.]+ ms: addr 2001:db8:1::10, peer MN, peerAddr 2001:db8:2::10/);
    expect(wrong!.status).toBe('failed');
    expect(wrong!.detail).toContain('it holds: home 2001:db8:ffff::10, careOf 2001:db8:2::10');
    expect(never!.status).toBe('passed');
    // Without the fold, a state check cannot be judged (and says so) rather than passing.
    const { stateAt: _s, ...noState } = ctx;
    expect(evaluateChecks([state('oAR', 'tunnels', { addr: 'oCoA' })], noState)[0]!.status).toBe('pending');
  });
});

describe('a number read from the Measures panel is judged against the panel’s number', () => {
  // Lesson 2 asks for "the layer-3 handover latency the Measures panel shows"; a time check says
  // "no packet lost". The lessons once counted their own way (from link-down to link-down), so a
  // two-handover run judged other numbers than the panel showed: Figure 10's first handover was
  // judged on 78 tunnelled packets while the panel (and the engine) said 63.
  it('on every built-in scenario, handover by handover: l2, L3 latency, DAD, lost to the MN, buffered, tunnelled', async () => {
    let compared = 0;
    for (const id of builtinIds()) {
      const w = await run(id);
      const panel = measureHandovers(w.records, Infinity, 'MN');
      const judged = handoversOf(w.records);
      expect(judged.length, id).toBe(panel.length);
      panel.forEach((m, k) => {
        const v = judged[k]!.values;
        const ms = (us: number | null) => (us === null ? undefined : us / 1000);
        expect(v['l3-latency'], `${id} #${k + 1} l3`).toBe(ms(m.l3LatencyUs));
        expect(v.l2, `${id} #${k + 1} l2`).toBe(ms(m.l2Us));
        expect(v.dad, `${id} #${k + 1} dad`).toBe(ms(m.dadUs));
        expect(v.lost, `${id} #${k + 1} lost`).toBe(m.lostTo + m.droppedTo);
        expect(v.buffered, `${id} #${k + 1} buffered`).toBe(m.buffered);
        expect(v.tunnelled, `${id} #${k + 1} tunnelled`).toBe(m.tunnelled);
        compared++;
      });
    }
    expect(compared).toBeGreaterThan(40);
    const fig10 = handoversOf((await run('fig10')).records);
    expect(fig10[0]!.values.tunnelled).toBe(63);
  }, 120_000);
});
