// `npm run lessons:check [FILE|DIR …]`: validates lesson files (errors with line and field), runs
// each lesson's scripted solution in the engine and judges its checks and questions on that run,
// and checks that its explanations quote the draft (when the draft is found beside the repository,
// ../shared/spec, or given with --draft FILE). Without arguments: every lesson under lessons/.
// Exit status 1 when anything fails.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseLesson, quoteInDraft } from '../core/lessons.ts';
import { checkLesson } from '../core/lesson-run.ts';
import { loadPacketCore } from '../core/wasm.ts';
import { lessonStateAt } from '../core/lesson-state.ts';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DRAFT = 'draft-ietf-mobileip-fast-mipv6-04.txt';

/** ../shared/spec beside the repository (a worktree sits one level deeper: the nearest ancestor that has it). */
export function findDraft(from = REPO): string | null {
  for (let dir = from; dirname(dir) !== dir; dir = dirname(dir)) {
    const f = join(dirname(dir), 'shared', 'spec', DRAFT);
    if (existsSync(f)) return f;
  }
  return null;
}

function lessonFiles(args: string[]): string[] {
  const targets = args.length > 0 ? args : [join(REPO, 'lessons')];
  const out: string[] = [];
  for (const t of targets) {
    if (!existsSync(t)) {
      out.push(t);
      continue;
    }
    if (statSync(t).isDirectory()) {
      const idx = join(t, 'index.md');
      if (existsSync(idx)) out.push(idx);
      else
        for (const d of readdirSync(t).sort()) {
          const f = join(t, d, 'index.md');
          if (existsSync(f)) out.push(f);
        }
    } else out.push(t);
  }
  return out;
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const di = argv.indexOf('--draft');
  const draftFile = di >= 0 ? argv[di + 1] : findDraft();
  const files = lessonFiles(argv.filter((_, i) => di < 0 || (i !== di && i !== di + 1)));
  const draft = draftFile && existsSync(draftFile) ? readFileSync(draftFile, 'utf8') : null;
  if (!draft) console.log('(the draft was not found: explanations are not compared with its text; --draft FILE)');
  const core = await loadPacketCore();
  let failed = 0;
  for (const file of files) {
    console.log(`\n${file}`);
    if (!existsSync(file)) {
      console.log(`  ✗ no such file`);
      failed++;
      continue;
    }
    const parsed = parseLesson(readFileSync(file, 'utf8'));
    if (!parsed.ok) {
      for (const e of parsed.errors) console.log(`  ✗ ${file}:${e.line}: ${e.field ? `${e.field}: ` : ''}${e.message}`);
      failed++;
      continue;
    }
    const lesson = parsed.lesson;
    console.log(`  "${lesson.title}" — ${lesson.steps.length} steps, sections ${lesson.sections.join(', ')}`);
    let bad = 0;
    if (draft)
      for (const s of lesson.steps)
        for (const e of s.explain ?? [])
          if (!quoteInDraft(draft, e.section, e.quote)) {
            console.log(`  ✗ ${file}:${s.line}: steps "${s.id}" explain: not the words of §${e.section}: "${e.quote}"`);
            bad++;
          }
    for (const run of checkLesson(core, lesson, lessonStateAt)) {
      console.log(`  run of step "${run.step}" (${run.scenario}, ${run.records.length} records)`);
      for (const c of run.checks) {
        console.log(`    ${c.passed ? '✓' : '✗'} ${c.id}: ${c.text} — ${c.detail}`);
        if (!c.passed) bad++;
      }
      for (const q of run.questions) {
        console.log(`    ${q.ok ? '✓' : '✗'} question of step "${q.step}" (${q.kind}): ${q.detail}`);
        if (!q.ok) bad++;
      }
    }
    if (bad > 0) failed++;
  }
  console.log(`\n${files.length - failed} lesson(s) passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

process.exitCode = await main();
