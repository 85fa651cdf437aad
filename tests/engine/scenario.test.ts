// Scenario validation (issue 4 "World"): a bad file gets an error naming the field and what was
// expected, never a crash; every built-in scenario is valid.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { validateScenario } from '../../core/scenario/schema.ts';
import { BUILTIN, builtin } from '../../core/scenario/builtin.ts';

const errorsOf = (x: unknown) => {
  const v = validateScenario(x);
  return v.ok ? [] : v.errors;
};

describe('scenario validation', () => {
  it('accepts every built-in scenario, including one per figure', () => {
    for (const s of BUILTIN) expect(errorsOf(s), String(s.id)).toEqual([]);
    for (const id of ['fig1', 'fig2', 'fig3', 'fig4', 'mipv6']) expect(builtin(id)).toBeDefined();
  });

  it('names the field and what was expected', () => {
    const s = structuredClone(builtin('fig3')) as any;
    s.routers[1].radius = -5;
    s.routers[0].lla = 'zz';
    s.links[0].b = 'nowhere';
    s.mobiles[0].path[1].t = 0;
    s.timers = { hiResends: 9 };
    const e = errorsOf(s);
    const paths = e.map((x) => x.path);
    expect(paths).toContain('routers[1].radius');
    expect(paths).toContain('routers[0].lla');
    expect(paths).toContain('links[0].b');
    expect(paths).toContain('mobiles[0].path[1].t');
    expect(paths).toContain('timers.hiResends');
    expect(e.find((x) => x.path === 'routers[1].radius')!.expected).toMatch(/number >= 1/);
    expect(e.find((x) => x.path === 'timers.hiResends')!.expected).toMatch(/<= 4/); // §5.2.1: up to 4
  });

  it('rejects duplicate prefixes and unknown neighbours', () => {
    const s = structuredClone(builtin('fig3')) as any;
    s.routers[1].prefix = s.routers[0].prefix;
    s.routers[0].caps = { neighbors: ['ghost'] };
    const paths = errorsOf(s).map((x) => x.path);
    expect(paths).toContain('routers[1].prefix');
    expect(paths).toContain('routers[0].caps.neighbors[0]');
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.anything(), (x) => {
        const v = validateScenario(x);
        return v.ok || v.errors.length > 0;
      }),
      { numRuns: 300 },
    );
    // and on a real scenario with random values planted in fields
    fc.assert(
      fc.property(
        fc.constantFrom('routers', 'links', 'mobiles', 'timers', 'radio', 'traffic', 'ha'),
        fc.anything(),
        (k, val) => {
          const s = structuredClone(builtin('fig1')) as any;
          s[k] = val;
          const v = validateScenario(s);
          return v.ok || v.errors.every((e) => typeof e.path === 'string' && e.path.length > 0);
        },
      ),
      { numRuns: 200 },
    );
  });
});
