// Reading a scenario file field by field: each reader checks one field (type, range, name, IPv6
// text through core/wire/addr.ts, the one IPv6 text module) and, when it is wrong, records an
// error naming the field's path and what was expected, then returns a default so validation goes
// on and reports every error at once. schema.ts's validateScenario drives them.
import { canonIPv6 } from '../wire/addr.ts';
import type { ScenarioError } from './schema.ts';

/** The messages the draft names (and the lab's data packets), in the ladder's order: the one list
 * lesson files, attacks, losses and the console's filters are checked against. */
export const MSG_NAMES = [
  'RtSolPr',
  'PrRtAdv',
  'HI',
  'HACK',
  'HTT',
  'F-BU',
  'F-BACK',
  'F-NA',
  'RS',
  'RA',
  'NS',
  'NA',
  'BU',
  'BACK',
  'DATA',
] as const;

export function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    s = String(v);
  }
  return s.length > 60 ? s.slice(0, 57) + '...' : s;
}

export const LLA_RE = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i;
/** Node names, as run files take them (core/run/run.ts NODE_NAME). */
export const NODE_NAME = /^[A-Za-z0-9_-]{1,32}$/;
/**
 * Bounds on untrusted input, so a huge value is an error naming its field rather than a run that
 * never ends or a number that wraps in a 32-bit field: virtual times at most an hour (as
 * `durationUs`), positions within 10,000 km, lists of a campus' size (bench/campus.ts: 100 routers,
 * 400 links), text of a title's length.
 */
export const MAX_US = 3_600_000_000;
export const MAX_M = 1e7;
export const MAX_LIST = 10_000;
export const MAX_TEXT = 200;
export const MAX_BPS = 1e12;

export class V {
  errors: ScenarioError[] = [];
  err(path: string, expected: string, got: unknown): void {
    this.errors.push({ path, expected, got: show(got) });
  }
  obj(v: unknown, path: string): Record<string, unknown> | null {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      this.err(path, 'an object', v);
      return null;
    }
    return v as Record<string, unknown>;
  }
  str(o: Record<string, unknown>, k: string, path: string, def?: string, maxLen = MAX_TEXT): string {
    const v = o[k];
    if (v === undefined && def !== undefined) return def;
    if (typeof v !== 'string' || v.length === 0 || v.length > maxLen) {
      this.err(`${path}.${k}`, `a non-empty string of at most ${maxLen} characters`, v);
      return def ?? '';
    }
    return v;
  }
  /** A node's name: it labels the node in the ladder, the console and run files (core/run/run.ts). */
  name(o: Record<string, unknown>, k: string, path: string, def?: string): string {
    const v = o[k];
    if (v === undefined && def !== undefined) return def;
    if (typeof v !== 'string' || !NODE_NAME.test(v)) {
      this.err(`${path}.${k}`, 'a node name: 1 to 32 letters, digits, "-" or "_"', v);
      return def ?? '';
    }
    return v;
  }
  /** Fields a section may have: a misspelt one would otherwise be ignored in silence. */
  known(o: Record<string, unknown>, path: string, keys: readonly string[]): void {
    for (const k of Object.keys(o))
      if (!keys.includes(k)) this.err(`${path}.${k}`, `no such field (known: ${keys.join(', ')})`, o[k]);
  }
  num(
    o: Record<string, unknown>,
    k: string,
    path: string,
    opts: { def?: number; min?: number; max?: number; int?: boolean } = {},
  ): number {
    const v = o[k];
    if (v === undefined && opts.def !== undefined) return opts.def;
    const what = `${opts.int ? 'an integer' : 'a number'}${opts.min !== undefined ? ` >= ${opts.min}` : ''}${opts.min !== undefined && opts.max !== undefined ? ' and' : ''}${opts.max !== undefined ? ` <= ${opts.max}` : ''}`;
    if (
      typeof v !== 'number' ||
      !Number.isFinite(v) ||
      (opts.int && !Number.isInteger(v)) ||
      (opts.min !== undefined && v < opts.min) ||
      (opts.max !== undefined && v > opts.max)
    ) {
      this.err(`${path}.${k}`, what, v);
      return opts.def ?? 0;
    }
    return v;
  }
  bool(o: Record<string, unknown>, k: string, path: string, def: boolean): boolean {
    const v = o[k];
    if (v === undefined) return def;
    if (typeof v !== 'boolean') {
      this.err(`${path}.${k}`, 'true or false', v);
      return def;
    }
    return v;
  }
  oneOf<T extends string>(o: Record<string, unknown>, k: string, path: string, allowed: readonly T[], def: T): T {
    const v = o[k];
    if (v === undefined) return def;
    if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
      this.err(`${path}.${k}`, `one of ${allowed.map((a) => `"${a}"`).join(', ')}`, v);
      return def;
    }
    return v as T;
  }
  arr(o: Record<string, unknown>, k: string, path: string, optional: boolean, max = MAX_LIST): unknown[] {
    const v = o[k];
    if (v === undefined && optional) return [];
    if (!Array.isArray(v)) {
      this.err(`${path}.${k}`, 'an array', v);
      return [];
    }
    if (v.length > max) {
      this.err(`${path}.${k}`, `at most ${max} entries`, `${v.length} entries`);
      return [];
    }
    return v;
  }
  addr(o: Record<string, unknown>, k: string, path: string): string {
    const v = o[k];
    const c = typeof v === 'string' ? canonIPv6(v) : null;
    if (!c) {
      this.err(`${path}.${k}`, 'an IPv6 address such as "2001:db8::1"', v);
      return '::';
    }
    return c;
  }
  prefix(o: Record<string, unknown>, k: string, path: string): string {
    const v = o[k];
    if (typeof v === 'string') {
      const [a, len] = v.split('/');
      const c = a !== undefined ? canonIPv6(a) : null;
      if (c && len === '64') return `${c}/64`;
    }
    this.err(`${path}.${k}`, 'a /64 prefix such as "2001:db8:1::/64"', v);
    return '::/64';
  }
  loss(o: Record<string, unknown>, path: string): { msg: string; count: number }[] {
    return this.arr(o, 'loseFirst', path, true).map((x, i) => {
      const p = `${path}.loseFirst[${i}]`;
      const lo = this.obj(x, p) ?? {};
      this.known(lo, p, ['msg', 'count']);
      return {
        msg: this.oneOf(lo, 'msg', p, MSG_NAMES, 'DATA'),
        count: this.num(lo, 'count', p, { min: 0, max: 1_000_000, int: true }),
      };
    });
  }
}
