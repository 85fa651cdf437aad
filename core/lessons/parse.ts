// Parses and validates a lesson file (Markdown with a YAML front matter). Every error names the
// line of the lesson file and the field (the `yaml` package's positions). Lessons name scenarios,
// nodes and messages by the names core/ gives them and this module validates those names, so a
// rename in core/ breaks a test instead of silently breaking a lesson. Also the draft's sections
// and quotes are in draft.ts; the field readers in fields.ts.
import { LineCounter, parseDocument } from 'yaml';
import { Fields, fail, isMsg, mk, show, type Path } from './fields.ts';
import { MSG_NAMES, validateScenario, type Scenario } from '../scenario/schema.ts';
import { builtin, builtinIds } from '../scenario/builtin.ts';
import {
  MEASURE_UNIT,
  type MsgName,
  type MsgPattern,
  MEASURES,
  type MeasureName,
  STATE_TABLES,
  type StateTable,
  LESSON_PARAMS,
  type LessonParamName,
  type Check,
  CHECK_KINDS,
  type Setup,
  type SolutionMove,
  type Solution,
  type Step,
  VARIANT_NAMES,
  type VariantName,
  type Exercise,
  type LessonParse,
} from './types.ts';

/** The node names of a built-in scenario (routers, mobiles, home agent, correspondent). */
export function scenarioNodes(id: string): string[] | null {
  const s = scenarioOf(id);
  if (!s) return null;
  return [...s.mobiles.map((m) => m.name), ...s.routers.map((r) => r.name), s.ha.name, s.cn.name];
}

const scenarios = new Map<string, Scenario | null>();
/** A built-in scenario, validated (memoised). */
export function scenarioOf(id: string): Scenario | null {
  if (!scenarios.has(id)) {
    const input = builtin(id);
    const v = input ? validateScenario(input) : null;
    scenarios.set(id, v && v.ok ? v.scenario : null);
  }
  return scenarios.get(id)!;
}

/** Parses and validates a lesson file's text. Never throws: problems come back with line and field. */
export function parseLesson(text: string): LessonParse {
  if (typeof text !== 'string') return fail(1, '', 'a lesson is text');
  const m = /^(---\r?\n)([\s\S]*?\r?\n)?---[ \t]*(?:\r?\n|$)([\s\S]*)$/.exec(text);
  if (!m) return fail(1, '', 'expected a front matter block between --- lines at the top of the file');
  const fmText = m[2] ?? '';
  // The front matter starts on line 2 of the file.
  const lineOffset = 1;
  const lc = new LineCounter();
  const doc = parseDocument(fmText, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const lineAt = (offset: number) => lc.linePos(offset).line + lineOffset;
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((e) => {
        const line = lineAt(e.pos[0]);
        return mk(line, '', `YAML: ${e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`);
      }),
    };
  }
  const fm: unknown = doc.toJS();
  const r = new Fields(doc, lineAt);
  const { errors, err, lineOf, str, num, obj, onlyKeys, pattern, bounds, params } = r;

  if (typeof fm !== 'object' || fm === null || Array.isArray(fm))
    return fail(2, '', 'the front matter must be a mapping of fields (title, sections, goals, steps)');
  const f = fm as Record<string, unknown>;
  const known = new Set(['title', 'sections', 'goals', 'steps', 'exercise', 'scenario', 'seed', 'checks']);
  for (const k of Object.keys(f))
    if (!known.has(k)) err([k], `unknown field "${k}" (expected ${[...known].join(', ')})`);

  const title = str(f, [], 'title');
  const sections: string[] = [];
  if (!Array.isArray(f.sections) || f.sections.length === 0)
    err(['sections'], 'expected a list of the draft sections taught, e.g. ["3.1.1", "5.2.1"]');
  else
    f.sections.forEach((s: unknown, i: number) => {
      const t = typeof s === 'number' ? String(s) : s;
      if (typeof t !== 'string' || !/^[3-9](\.\d+)*$/.test(t))
        err(['sections', i], `expected a section number of the draft such as "3.1.1", got ${show(s)}`);
      else sections.push(t);
    });
  const goals: string[] = [];
  if (!Array.isArray(f.goals) || f.goals.length === 0) err(['goals'], 'expected a list of goals (texts)');
  else
    f.goals.forEach((g: unknown, i: number) => {
      if (typeof g !== 'string' || !g.trim()) err(['goals', i], 'expected a text');
      else goals.push(g);
    });
  if (f.scenario !== undefined || f.checks !== undefined)
    err(
      [f.scenario !== undefined ? 'scenario' : 'checks'],
      'lessons now put the scenario in the first step\'s "setup" and checks in steps (lessons/README.md)',
    );

  let exercise: Exercise | undefined;
  if (f.exercise !== undefined) {
    const eo = obj(f.exercise, ['exercise'], 'a mapping: { variants }');
    if (eo) {
      onlyKeys(eo, ['exercise'], ['variants']);
      exercise = { variants: {} };
      if (eo.variants !== undefined) {
        const vp: Path = ['exercise', 'variants'];
        const vo = obj(eo.variants, vp, 'a mapping of parameters to ranges { min, max, step }');
        for (const [k, rv] of Object.entries(vo ?? {})) {
          if (!(VARIANT_NAMES as readonly string[]).includes(k)) {
            err([...vp, k], `"${k}" cannot vary (expected ${VARIANT_NAMES.join(', ')})`);
            continue;
          }
          const rp: Path = [...vp, k];
          const ro = obj(rv, rp, 'a range { min, max, step }');
          if (!ro) continue;
          onlyKeys(ro, rp, ['min', 'max', 'step']);
          const int = k === 'seed' || k === 'bufferPackets';
          const min = num(ro, rp, 'min', { min: 0, int });
          const max = num(ro, rp, 'max', { min: 0, int });
          const step = ro.step === undefined ? 1 : num(ro, rp, 'step', { min: 0, int });
          if (step <= 0) err([...rp, 'step'], 'expected a step above 0');
          else if (max < min) err([...rp, 'max'], `expected a maximum no smaller than the minimum (${min})`);
          else if ((max - min) / step > 1_000_000)
            err([...rp, 'step'], 'expected at most a million values in the range');
          exercise.variants[k as VariantName] = { min, max, step };
        }
      }
    }
  }

  const allIds = new Map<string, string>();
  const uniq = (id: string, path: Path, what: string) => {
    if (!id) return;
    if (allIds.has(id)) err(path, `duplicate id "${id}" (also ${allIds.get(id)})`);
    else allIds.set(id, `${what} at line ${lineOf(path)}`);
  };

  const steps: Step[] = [];
  let current: { scenario: string; nodes: string[] | null } | null = null;
  if (!Array.isArray(f.steps) || f.steps.length === 0) err(['steps'], 'expected a non-empty list of steps');
  else
    f.steps.forEach((sv: unknown, i: number) => {
      const sp: Path = ['steps', i];
      const s = obj(sv, sp);
      if (!s) return;
      onlyKeys(s, sp, ['id', 'title', 'text', 'task', 'setup', 'solution', 'question', 'explain', 'checks']);
      const id = str(s, sp, 'id');
      if (id && !/^[a-z0-9][a-z0-9-]*$/.test(id)) err([...sp, 'id'], 'expected lowercase letters, digits and -');
      uniq(id, [...sp, 'id'], 'a step');
      const step: Step = {
        id,
        title: str(s, sp, 'title'),
        text: str(s, sp, 'text', true),
        checks: [],
        line: lineOf(sp),
      };
      if (s.task !== undefined) step.task = str(s, sp, 'task');
      if (s.setup !== undefined) {
        const up: Path = [...sp, 'setup'];
        const o = obj(s.setup, up);
        if (o) {
          onlyKeys(o, up, ['scenario', 'seed', 'params', 'cursorMs']);
          const scenario = str(o, up, 'scenario');
          if (scenario && !builtinIds().includes(scenario))
            err([...up, 'scenario'], `"${scenario}" is not a built-in scenario (${builtinIds().join(', ')})`);
          const setup: Setup = {
            scenario,
            seed: o.seed === undefined ? 1 : num(o, up, 'seed', { min: 0, int: true }),
            cursorMs: o.cursorMs === undefined ? 0 : num(o, up, 'cursorMs', { min: 0 }),
          };
          if (o.params !== undefined) {
            const p = params(o.params, [...up, 'params']);
            if (p) setup.params = p;
          }
          step.setup = setup;
          current = { scenario, nodes: scenario ? scenarioNodes(scenario) : null };
        }
      } else if (i === 0) err([...sp, 'setup'], 'missing: the first step must set up the lab (setup: { scenario })');
      const nodes = current?.nodes ?? null;
      const node = (o: Record<string, unknown>, path: Path, key: string): string => {
        const v = o[key];
        if (typeof v !== 'string' || (nodes && !nodes.includes(v))) {
          err([...path, key], `unknown node ${show(v)}${nodes ? ` (this scenario has ${nodes.join(', ')})` : ''}`);
          return '';
        }
        return v;
      };
      if (s.solution !== undefined) {
        const up: Path = [...sp, 'solution'];
        if (s.setup === undefined) err(up, "a solution belongs to a step with a setup (it is that run's moves)");
        const o = obj(s.solution, up);
        if (o) {
          onlyKeys(o, up, ['moves', 'params', 'untilMs']);
          const moves: SolutionMove[] = [];
          const mv = o.moves === undefined ? [] : o.moves;
          if (!Array.isArray(mv))
            err([...up, 'moves'], 'expected a list of moves { atMs, node, x, y } or { atMs, node, cell }');
          else
            mv.forEach((m: unknown, j: number) => {
              const mp: Path = [...up, 'moves', j];
              const mo = obj(m, mp);
              if (!mo) return;
              onlyKeys(mo, mp, ['atMs', 'node', 'x', 'y', 'cell']);
              const atMs = num(mo, mp, 'atMs', { min: 0 });
              const nd = node(mo, mp, 'node');
              if (mo.cell !== undefined) {
                const routers = current ? (scenarioOf(current.scenario)?.routers.map((r) => r.name) ?? []) : [];
                if (typeof mo.cell !== 'string' || !routers.includes(mo.cell))
                  err([...mp, 'cell'], `unknown cell ${show(mo.cell)} (cells: ${routers.join(', ')})`);
                moves.push({ atMs, node: nd, cell: String(mo.cell) });
              } else moves.push({ atMs, node: nd, x: num(mo, mp, 'x'), y: num(mo, mp, 'y') });
            });
          const sol: Solution = { moves };
          if (o.params !== undefined) {
            const p = params(o.params, [...up, 'params']);
            if (p) sol.params = p;
          }
          if (o.untilMs !== undefined) sol.untilMs = num(o, up, 'untilMs', { min: 1 });
          step.solution = sol;
        }
      }
      if (s.question !== undefined) {
        const qp: Path = [...sp, 'question'];
        const q = obj(s.question, qp);
        if (q) {
          const prompt = str(q, qp, 'prompt');
          switch (q.kind) {
            case 'choice': {
              onlyKeys(q, qp, ['kind', 'prompt', 'choices', 'answer']);
              const choices = Array.isArray(q.choices) ? q.choices.map(String) : [];
              if (!Array.isArray(q.choices) || choices.length < 2)
                err([...qp, 'choices'], 'expected a list of at least two choices');
              const answer = num(q, qp, 'answer', { min: 0, int: true });
              if (answer >= choices.length && choices.length > 0)
                err([...qp, 'answer'], `expected the index of the right choice, 0 to ${choices.length - 1}`);
              step.question = { kind: 'choice', prompt, choices, answer };
              break;
            }
            case 'number': {
              onlyKeys(q, qp, ['kind', 'prompt', 'measure', 'handover', 'count', 'tolerance']);
              let measure: MeasureName | undefined;
              let count: MsgPattern | undefined;
              if (q.measure !== undefined) {
                if (!(MEASURES as readonly unknown[]).includes(q.measure))
                  err([...qp, 'measure'], `unknown measure ${show(q.measure)} (expected ${MEASURES.join(', ')})`);
                else measure = q.measure as MeasureName;
              } else if (q.count !== undefined) count = pattern(q.count, [...qp, 'count'], nodes, false) ?? undefined;
              else
                err(qp, 'a number question reads a measure (measure: l3-latency) or counts messages (count: { msg })');
              const handover = q.handover === undefined ? 1 : num(q, qp, 'handover', { min: 1, int: true });
              const tolerance = num(q, qp, 'tolerance', { min: 0 });
              step.question = {
                kind: 'number',
                prompt,
                handover,
                tolerance,
                unit: measure ? MEASURE_UNIT[measure] : 'messages',
                ...(measure ? { measure } : {}),
                ...(count ? { count } : {}),
              };
              break;
            }
            case 'predict': {
              onlyKeys(q, qp, ['kind', 'prompt', 'answer', 'after']);
              const answer = pattern(q.answer, [...qp, 'answer'], nodes, true);
              const after = q.after === undefined ? undefined : pattern(q.after, [...qp, 'after'], nodes, false);
              if (answer && answer.msg === 'DATA')
                err([...qp, 'answer', 'msg'], 'predict a signalling message (data packets flow all the time)');
              if (answer)
                step.question = {
                  kind: 'predict',
                  prompt,
                  answer: answer as Required<MsgPattern>,
                  ...(after ? { after } : {}),
                };
              break;
            }
            default:
              err([...qp, 'kind'], `unknown question kind ${show(q.kind)} (expected choice, number, predict)`);
          }
        }
      }
      if (s.explain !== undefined) {
        const ep: Path = [...sp, 'explain'];
        const list = Array.isArray(s.explain) ? s.explain : [s.explain];
        step.explain = [];
        list.forEach((e: unknown, j: number) => {
          const p = Array.isArray(s.explain) ? [...ep, j] : ep;
          const o = obj(e, p, 'an explanation { section, quote }');
          if (!o) return;
          onlyKeys(o, p, ['section', 'quote']);
          const section = typeof o.section === 'number' ? String(o.section) : o.section;
          if (typeof section !== 'string' || !/^[1-9](\.\d+)*$/.test(section))
            err([...p, 'section'], `expected a section number such as "3.1.1", got ${show(o.section)}`);
          step.explain!.push({ section: String(section), quote: str(o, p, 'quote') });
        });
      }
      if (s.checks !== undefined) {
        if (!Array.isArray(s.checks)) err([...sp, 'checks'], 'expected a list of checks');
        else
          s.checks.forEach((cv: unknown, j: number) => {
            const cp: Path = [...sp, 'checks', j];
            const c = parseCheck(cv, cp);
            if (c) step.checks.push(c);
          });
      }
      steps.push(step);
    });

  function parseCheck(cv: unknown, cp: Path): Check | null {
    const o = obj(cv, cp);
    if (!o) return null;
    const id = str(o, cp, 'id');
    uniq(id, [...cp, 'id'], 'a check');
    const base = { id, text: str(o, cp, 'text'), line: lineOf(cp) };
    const nodes = current?.nodes ?? null;
    const msg = (k: string): MsgName => {
      if (!isMsg(o[k])) err([...cp, k], `unknown message name ${show(o[k])} (expected one of ${MSG_NAMES.join(', ')})`);
      return o[k] as MsgName;
    };
    const ends = (): { from?: string; to?: string } => {
      const out: { from?: string; to?: string } = {};
      for (const k of ['from', 'to'] as const) {
        if (o[k] === undefined) continue;
        if (typeof o[k] !== 'string' || (nodes && !nodes.includes(o[k])))
          err([...cp, k], `unknown node ${show(o[k])}${nodes ? ` (this scenario has ${nodes.join(', ')})` : ''}`);
        else out[k] = o[k];
      }
      return out;
    };
    const common = ['id', 'text', 'kind'];
    switch (o.kind) {
      case 'order':
        onlyKeys(o, cp, [...common, 'first', 'then']);
        return { ...base, kind: 'order', first: msg('first'), then: msg('then') };
      case 'sent': {
        onlyKeys(o, cp, [...common, 'msg', 'from', 'to', 'min']);
        const min = o.min === undefined ? 1 : num(o, cp, 'min', { min: 1, int: true });
        return { ...base, kind: 'sent', msg: msg('msg'), min, ...ends() };
      }
      case 'not-sent':
        onlyKeys(o, cp, [...common, 'msg', 'from', 'to']);
        return { ...base, kind: 'not-sent', msg: msg('msg'), ...ends() };
      case 'state': {
        onlyKeys(o, cp, [...common, 'node', 'table', 'match', 'absent']);
        const nd = typeof o.node === 'string' && nodes && !nodes.includes(o.node) ? '' : String(o.node ?? '');
        if (!nd)
          err(
            [...cp, 'node'],
            `unknown node ${show(o.node)}${nodes ? ` (this scenario has ${nodes.join(', ')})` : ''}`,
          );
        if (!(STATE_TABLES as readonly unknown[]).includes(o.table))
          err([...cp, 'table'], `unknown table ${show(o.table)} (expected ${STATE_TABLES.join(', ')})`);
        const match: Record<string, string | number> = {};
        const mo = o.match === undefined ? {} : obj(o.match, [...cp, 'match']);
        for (const [k, v] of Object.entries(mo ?? {})) {
          if (typeof v !== 'string' && typeof v !== 'number') err([...cp, 'match', k], 'expected a text or a number');
          else match[k] = v;
        }
        if (o.absent !== undefined && typeof o.absent !== 'boolean') err([...cp, 'absent'], 'expected true or false');
        return { ...base, kind: 'state', node: nd, table: o.table as StateTable, match, absent: o.absent === true };
      }
      case 'time': {
        onlyKeys(o, cp, [...common, 'measure', 'handover', 'min', 'max', 'above', 'below']);
        if (!(MEASURES as readonly unknown[]).includes(o.measure))
          err([...cp, 'measure'], `unknown measure ${show(o.measure)} (expected ${MEASURES.join(', ')})`);
        const handover = o.handover === undefined ? 1 : num(o, cp, 'handover', { min: 1, int: true });
        return { ...base, kind: 'time', measure: o.measure as MeasureName, handover, ...bounds(o, cp, true) };
      }
      case 'param': {
        onlyKeys(o, cp, [...common, 'param', 'equals', 'min', 'max', 'above', 'below']);
        if (typeof o.param !== 'string' || !(o.param in LESSON_PARAMS))
          err(
            [...cp, 'param'],
            `unknown parameter ${show(o.param)} (expected ${Object.keys(LESSON_PARAMS).join(', ')})`,
          );
        const b = bounds(o, cp, o.equals === undefined);
        const eq = o.equals;
        if (eq !== undefined && typeof eq !== 'string' && typeof eq !== 'number' && typeof eq !== 'boolean')
          err([...cp, 'equals'], 'expected a value');
        return {
          ...base,
          kind: 'param',
          param: o.param as LessonParamName,
          ...b,
          ...(eq !== undefined ? { equals: eq as string | number | boolean } : {}),
        };
      }
      default:
        err([...cp, 'kind'], `unknown check kind ${show(o.kind)} (expected one of: ${CHECK_KINDS.join(', ')})`);
        return null;
    }
  }

  if (errors.length > 0) return { ok: false, errors: errors.sort((a, b) => a.line - b.line) };
  const first = steps[0]!.setup!;
  return {
    ok: true,
    lesson: {
      title,
      sections,
      goals,
      steps,
      body: m[3] ?? '',
      ...(exercise ? { exercise } : {}),
      scenario: first.scenario,
      seed: first.seed,
      checks: steps.flatMap((s) => s.checks),
    },
  };
}

export { draftSections, quoteInDraft } from './draft.ts';
