// The architecture's invariants are enforced by ESLint (eslint.config.js); this checks that the
// rules really fire on code that breaks them, and stay quiet where the code is allowed.
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: process.cwd() });

async function ruleIds(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? 'parse-error');
}

describe('boundary rules', () => {
  it('core/ may not touch the DOM or import app/', async () => {
    expect(await ruleIds('export const w = document.body;\n', 'core/x.ts')).toContain('no-restricted-globals');
    expect(await ruleIds('export const w = window.innerWidth;\n', 'core/x.ts')).toContain('no-restricted-globals');
    expect(await ruleIds("import App from '../app/App.svelte';\nexport { App };\n", 'core/x.ts')).toContain(
      'no-restricted-imports',
    );
  });

  it('core/ may not read the wall clock or Math.random', async () => {
    expect(await ruleIds('export const r = Math.random();\n', 'core/x.ts')).toContain('no-restricted-properties');
    expect(await ruleIds('export const t = Date.now();\n', 'core/x.ts')).toContain('no-restricted-properties');
    expect(await ruleIds('export const t = performance.now();\n', 'core/x.ts')).toContain('no-restricted-properties');
    expect(await ruleIds('export const d = new Date();\n', 'core/x.ts')).toContain('no-restricted-syntax');
  });

  it('assembly/ may not throw', async () => {
    expect(await ruleIds("export function f(): void {\n  throw new Error('x');\n}\n", 'assembly/x.ts')).toContain(
      'no-restricted-syntax',
    );
  });

  it('a role may not import the scenario or the engine, or read the scenario off the net (issue 10)', async () => {
    const role = 'core/roles/x.ts';
    expect(
      await ruleIds("import type { Scenario } from '../scenario/schema.ts';\nexport type S = Scenario;\n", role),
    ).toContain('no-restricted-imports');
    expect(
      await ruleIds("import { builtin } from '../scenario/builtin.ts';\nexport const b = builtin;\n", role),
    ).toContain('no-restricted-imports');
    expect(
      await ruleIds(
        'export class R {\n  constructor(private readonly net: { sc: unknown }) {}\n  f() {\n    return this.net.sc;\n  }\n}\n',
        role,
      ),
    ).toContain('no-restricted-syntax');
    expect(
      await ruleIds('export function f(net: { sc: unknown }) {\n  const { sc } = net;\n  return sc;\n}\n', role),
    ).toContain('no-restricted-syntax');
    // Nor the engine: a step's actions go to `Net.perform` (issue 10).
    expect(
      await ruleIds("import { perform } from '../engine/effects.ts';\nexport const p = perform;\n", role),
    ).toContain('no-restricted-imports');
    // core/'s own rules still hold in the roles (the block above replaces their options).
    expect(await ruleIds("import App from '../../app/App.svelte';\nexport { App };\n", role)).toContain(
      'no-restricted-imports',
    );
    expect(await ruleIds('export const d = new Date();\n', role)).toContain('no-restricted-syntax');
    // Its configuration and the engine's use of the scenario stay allowed.
    expect(await ruleIds("import type { ArConfig } from './config.ts';\nexport type A = ArConfig;\n", role)).toEqual(
      [],
    );
    expect(
      await ruleIds(
        "import type { Scenario } from '../scenario/schema.ts';\nexport const f = (w: { sc: Scenario }) => w.sc;\n",
        'core/engine/x.ts',
      ),
    ).toEqual([]);
  });

  it('the roles as they are pass the rule', async () => {
    const files = (await import('node:fs')).readdirSync('core/roles').filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(5);
    const results = await eslint.lintFiles(files.map((f) => `core/roles/${f}`));
    const hits = results.flatMap((r) =>
      r.messages
        .filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-syntax')
        .map((m) => `${r.filePath}:${m.line} ${m.message}`),
    );
    expect(hits).toEqual([]);
  });

  it('app/ may use the DOM and the clock', async () => {
    expect(await ruleIds('export const t = Date.now() + document.body.clientWidth;\n', 'app/x.ts')).toEqual([]);
  });
});
