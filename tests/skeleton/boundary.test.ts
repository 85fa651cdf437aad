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

  it('app/ may use the DOM and the clock', async () => {
    expect(await ruleIds('export const t = Date.now() + document.body.clientWidth;\n', 'app/x.ts')).toEqual([]);
  });
});
