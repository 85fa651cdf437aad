// Every lesson parses, names real scenarios and messages, and its checks pass on the engine's run
// of its scenario; broken lessons get errors that say where; checks fail when the trace says so.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseLesson, runChecks, type Check } from '../../core/lessons.ts';
import { runScenario } from '../../core/engine/run.ts';
import type { TraceRecord } from '../../core/trace.ts';

const dirs = readdirSync('lessons', { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

async function traceOf(scenario: string, seed: number): Promise<TraceRecord[]> {
  const records: TraceRecord[] = [];
  await runScenario(scenario, { seed, onRecord: (r) => records.push(r) });
  return records;
}

describe('lessons/', () => {
  it('has numbered lesson folders', () => {
    expect(dirs.length).toBeGreaterThanOrEqual(3);
    for (const d of dirs) expect(d).toMatch(/^\d\d-[a-z0-9-]+$/);
  });

  for (const d of dirs) {
    it(`${d}: parses and its checks pass on its scenario`, async () => {
      const parsed = parseLesson(readFileSync(`lessons/${d}/index.md`, 'utf8'));
      if (!parsed.ok) throw new Error(parsed.errors.map((e) => `${e.where}: ${e.message}`).join('\n'));
      const results = runChecks(parsed.lesson.checks, await traceOf(parsed.lesson.scenario, parsed.lesson.seed));
      for (const r of results) expect(r.passed, `${r.id}: ${r.text} — ${r.detail}`).toBe(true);
    });
  }
});

describe('parseLesson', () => {
  const good = `---\ntitle: T\nscenario: fig3\nchecks:\n  - id: a\n    text: x\n    kind: sent\n    msg: HI\n---\nBody`;

  it('reads a minimal lesson', () => {
    const p = parseLesson(good);
    expect(p.ok && p.lesson.body).toBe('Body');
    expect(p.ok && p.lesson.seed).toBe(1);
  });

  it('names the field that is wrong', () => {
    const p = parseLesson(good.replace('scenario: fig3', 'scenario: fig99').replace('msg: HI', 'msg: HELLO'));
    expect(p.ok).toBe(false);
    if (p.ok) return;
    expect(p.errors.map((e) => e.where)).toEqual(['scenario', 'checks[0].msg']);
    expect(p.errors[0]!.message).toContain('fig99');
  });

  it('says which line of broken YAML is wrong', () => {
    const p = parseLesson('---\ntitle: T\nchecks: [\n---\n');
    expect(p.ok).toBe(false);
    if (!p.ok) expect(p.errors[0]!.where).toMatch(/^line \d+$/);
  });

  it('rejects a file with no front matter, duplicate ids and unknown check kinds', () => {
    expect(parseLesson('# just markdown').ok).toBe(false);
    const dup = good.replace('checks:\n', 'checks:\n  - id: a\n    text: y\n    kind: not-sent\n    msg: NS\n');
    const p = parseLesson(dup);
    expect(!p.ok && p.errors[0]!.message).toContain('duplicate');
    const k = parseLesson(good.replace('kind: sent', 'kind: maybe'));
    expect(!k.ok && k.errors[0]!.where).toBe('checks[0].kind');
  });
});

describe('runChecks', () => {
  it('fails an order check when the trace has the other order (stateless Figure 1 sends PrRtAdv with the HI)', async () => {
    const order: Check = { id: 'o', text: 'HACK before PrRtAdv', kind: 'order', first: 'HACK', then: 'PrRtAdv' };
    const [stateful] = runChecks([order], await traceOf('fig2', 1));
    const [stateless] = runChecks([order], await traceOf('fig1', 1));
    expect(stateful!.passed).toBe(true);
    expect(stateless!.passed).toBe(false);
  });

  it('counts sent messages by sender and receiver', async () => {
    const trace = await traceOf('fig3', 1);
    const [toOar] = runChecks([{ id: 's', text: '', kind: 'sent', msg: 'F-BU', from: 'MN', to: 'oAR', min: 1 }], trace);
    const [toNar] = runChecks([{ id: 's', text: '', kind: 'sent', msg: 'F-BU', from: 'MN', to: 'nAR', min: 1 }], trace);
    expect(toOar!.passed).toBe(true);
    expect(toNar!.passed).toBe(false);
    expect(toNar!.detail).toContain('0 × F-BU from MN to nAR');
  });
});
