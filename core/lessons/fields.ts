// Reading a lesson's front matter field by field: each reader checks one field's type and names
// (messages, nodes, parameters, as core/ names them) and, when it is wrong, records an error with
// the line of the lesson file and the field's path (the `yaml` package's positions). The readers
// never throw; parse.ts collects their errors and shows them all at once.
import { isMap, isNode, type Document, type Node as YamlNode } from 'yaml';
import { MSG_NAMES } from '../scenario/schema.ts';
import { MODES } from '../protocol.ts';
import {
  LESSON_PARAMS,
  type Bounds,
  type LessonError,
  type LessonParams,
  type LessonParse,
  type MsgName,
  type MsgPattern,
} from './types.ts';

export type Path = (string | number)[];
export const fmt = (p: Path) => p.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');

export const isMsg = (v: unknown): v is MsgName =>
  typeof v === 'string' && (MSG_NAMES as readonly string[]).includes(v);

/** The front matter's fields, read with errors that name their line and path. */
export class Fields {
  constructor(
    private readonly doc: Document,
    /** The lesson file's line of an offset in the front matter. */
    private readonly lineAt: (offset: number) => number,
  ) {}

  readonly errors: LessonError[] = [];
  /** The line of the deepest node that exists along `path`. */
  readonly lineOf = (path: Path): number => {
    for (let n = path.length; n >= 0; n--) {
      const node: unknown = n === 0 ? this.doc.contents : this.doc.getIn(path.slice(0, n), true);
      if (isNode(node) && (node as YamlNode).range) return this.lineAt((node as YamlNode).range![0]);
    }
    return 1;
  };
  /** Line of a mapping's key (the field is wrong), else of its value. */
  readonly keyLine = (path: Path): number => {
    const parent = path.length > 1 ? this.doc.getIn(path.slice(0, -1), true) : this.doc.contents;
    if (isMap(parent)) {
      const pair = parent.items.find(
        (p) => (isNode(p.key) ? (p.key as { value?: unknown }).value : p.key) === path.at(-1),
      );
      const k = pair?.key;
      if (isNode(k) && k.range) return this.lineAt(k.range[0]);
    }
    return this.lineOf(path);
  };
  readonly err = (path: Path, message: string) => this.errors.push(mk(this.keyLine(path), fmt(path), message));

  readonly str = (o: Record<string, unknown>, path: Path, key: string, optional = false): string => {
    const v = o[key];
    if (v === undefined && optional) return '';
    if (typeof v !== 'string' || v.trim() === '') {
      this.err([...path, key], v === undefined ? `missing: expected a non-empty text` : 'expected a non-empty text');
      return '';
    }
    return v;
  };
  readonly num = (o: Record<string, unknown>, path: Path, key: string, opts: { min?: number; int?: boolean } = {}) => {
    const v = o[key];
    if (
      typeof v !== 'number' ||
      !Number.isFinite(v) ||
      (opts.int && !Number.isInteger(v)) ||
      (opts.min !== undefined && v < opts.min)
    ) {
      this.err(
        [...path, key],
        `expected ${opts.int ? 'an integer' : 'a number'}${opts.min !== undefined ? ` ≥ ${opts.min}` : ''}, got ${show(v)}`,
      );
      return opts.min ?? 0;
    }
    return v;
  };
  readonly obj = (v: unknown, path: Path, what = 'a mapping of fields'): Record<string, unknown> | null => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      this.err(path, `expected ${what}`);
      return null;
    }
    return v as Record<string, unknown>;
  };
  readonly onlyKeys = (o: Record<string, unknown>, path: Path, keys: string[]) => {
    for (const k of Object.keys(o))
      if (!keys.includes(k)) this.err([...path, k], `unknown field "${k}" here (expected ${keys.join(', ')})`);
  };

  readonly pattern = (v: unknown, path: Path, nodes: string[] | null, needEnds: boolean): MsgPattern | null => {
    const o = this.obj(v, path, 'a message: { msg, from, to }');
    if (!o) return null;
    this.onlyKeys(o, path, ['msg', 'from', 'to']);
    if (!isMsg(o.msg)) {
      this.err([...path, 'msg'], `unknown message name ${show(o.msg)} (expected one of ${MSG_NAMES.join(', ')})`);
      return null;
    }
    const p: MsgPattern = { msg: o.msg };
    for (const k of ['from', 'to'] as const) {
      if (o[k] === undefined) {
        if (needEnds)
          this.err([...path, k], `missing: expected the node that ${k === 'from' ? 'sends' : 'receives'} it`);
        continue;
      }
      if (typeof o[k] !== 'string' || (nodes && !nodes.includes(o[k]))) {
        this.err([...path, k], `unknown node ${show(o[k])}${nodes ? ` (this scenario has ${nodes.join(', ')})` : ''}`);
        continue;
      }
      p[k] = o[k];
    }
    return p;
  };
  readonly bounds = (o: Record<string, unknown>, path: Path, need: boolean): Bounds => {
    const b: Bounds = {};
    for (const k of ['min', 'max', 'above', 'below'] as const) if (o[k] !== undefined) b[k] = this.num(o, path, k);
    if (need && Object.keys(b).length === 0) this.err(path, 'expected at least one bound: min, max, above or below');
    return b;
  };
  readonly params = (v: unknown, path: Path): LessonParams | undefined => {
    const o = this.obj(v, path, 'a mapping of parameters');
    if (!o) return undefined;
    const out: Record<string, unknown> = {};
    for (const [k, val] of Object.entries(o)) {
      if (!(k in LESSON_PARAMS)) {
        this.err([...path, k], `unknown parameter "${k}" (expected ${Object.keys(LESSON_PARAMS).join(', ')})`);
        continue;
      }
      if (k === 'mode') {
        if (!(MODES as readonly unknown[]).includes(val)) this.err([...path, k], `expected one of ${MODES.join(', ')}`);
        else out[k] = val;
      } else if (k === 'buffering') {
        if (typeof val !== 'boolean') this.err([...path, k], 'expected true or false');
        else out[k] = val;
      } else out[k] = this.num(o, path, k, { min: 0, int: k === 'bufferPackets' });
    }
    return out as LessonParams;
  };
}

export function mk(line: number, field: string, message: string): LessonError {
  return { line, field, message, where: field ? `line ${line}, ${field}` : `line ${line}` };
}
export function fail(line: number, field: string, message: string): LessonParse {
  return { ok: false, errors: [mk(line, field, message)] };
}
export function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 40 ? s.slice(0, 37) + '...' : s;
}
