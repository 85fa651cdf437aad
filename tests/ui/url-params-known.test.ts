// The lab's URL parameters, one list (session 9 review): `?lesson=URL` opened a teacher's lesson
// while the page also said it was "not one the lab reads", because the list the check uses was kept
// by hand apart from the code that reads the parameters. This test scans the lab page's code for
// every query parameter it reads and holds the list to it, both ways; and a bad `?scenario=` falls
// back to the default scenario (Figure 3), not to the catalogue's first.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  LAB_URL_PARAMS,
  LAB_URL_PARAM_READERS,
  applyUrl,
  scenarioFallback,
} from '../../app/controls/settings.ts';
import { scenarioCatalogue } from '../../core/lab.ts';

// Pages of their own, with their own parameters (the embed's are checked in app/embed/params.ts).
const OTHER_PAGES = ['app/embed', 'app/wc', 'app/teacher'];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (OTHER_PAGES.includes(p)) return [];
    if (statSync(p).isDirectory()) return files(p);
    return /\.(ts|svelte)$/.test(n) ? [p] : [];
  });
}

/** Query parameters read in a file: `new URLSearchParams(search)` (or location.search), then .get/.has. */
function readsIn(src: string): string[] {
  const out: string[] = [];
  const SRC = String.raw`new URLSearchParams\((?:location\.)?search\)`;
  for (const m of src.matchAll(new RegExp(`${SRC}\\s*\\.(?:get|has)\\('([^']+)'\\)`, 'g'))) out.push(m[1]!);
  for (const v of src.matchAll(new RegExp(String.raw`const (\w+) = ${SRC}`, 'g')))
    for (const m of src.matchAll(new RegExp(String.raw`\b${v[1]}\.(?:get|has|getAll)\('([^']+)'\)`, 'g')))
      out.push(m[1]!);
  for (const m of src.matchAll(/searchParams\.(?:get|has|getAll)\('([^']+)'\)/g)) out.push(m[1]!);
  return out;
}

describe('the URL parameters the lab page reads', () => {
  const found = new Map<string, string[]>();
  for (const f of files('app'))
    for (const k of readsIn(readFileSync(f, 'utf8'))) found.set(k, [...(found.get(k) ?? []), f]);

  it('are exactly the ones the "not one the lab reads" check knows', () => {
    expect([...found.keys()].sort()).toEqual([...LAB_URL_PARAMS].sort());
    for (const [k, where] of found)
      expect(where, k).toContain(LAB_URL_PARAM_READERS[k as keyof typeof LAB_URL_PARAM_READERS]);
  });

  it('?lesson=URL (a teacher’s lesson file, README and docs/ui.md) is not reported as unknown', () => {
    expect(LAB_URL_PARAMS).toContain('lesson');
    expect(applyUrl(DEFAULT_SETTINGS, '?lesson=examples/exercise-figure3.md', LAB_URL_PARAMS).errors).toEqual([]);
    expect(applyUrl(DEFAULT_SETTINGS, '?lesson=x.md&sede=4', LAB_URL_PARAMS).errors).toEqual([
      `URL parameter "sede" is not one the lab reads (${LAB_URL_PARAMS.join(', ')}).`,
    ]);
  });
});

describe('a scenario the catalogue does not have', () => {
  const ids = scenarioCatalogue().map((s) => s.id);

  it('gives way to the default scenario, Figure 3, and the notice says so', () => {
    expect(ids[0]).not.toBe(DEFAULT_SETTINGS.scenario);
    const r = scenarioFallback('fig99', ids)!;
    expect(r.id).toBe('fig3');
    expect(r.notice).toBe(
      `There is no scenario "fig99"; showing the default scenario, "fig3", instead (available: ${ids.join(', ')}).`,
    );
  });

  it('changes nothing for a scenario it has; falls back to the first when even the default is missing', () => {
    expect(scenarioFallback('fig7', ids)).toBeNull();
    expect(scenarioFallback('fig99', ['a', 'b'])?.id).toBe('a');
  });
});
