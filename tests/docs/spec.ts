// The draft's normative sentences, extracted from its text (issue 15, "Every MUST accounted for").
// The spec lives beside the repository (CI clones the repo next to a copy of shared/), so it is
// resolved as ../shared/spec from the repository root; a missing spec is an error, never a skip.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DRAFT = 'draft-ietf-mobileip-fast-mipv6-04.txt';

/**
 * ../shared/spec beside the repository; a git worktree (/work/wt/x) sits one level deeper than the
 * checkout it was made from, so the nearest ancestor holding shared/spec is the one.
 */
export function findSpec(from = REPO): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const f = join(dirname(dir), 'shared', 'spec', DRAFT);
    if (existsSync(f)) return f;
    if (dirname(dir) === dir) return resolve(from, '../shared/spec', DRAFT);
  }
}
export const SPEC_FILE = findSpec();

export type Level = 'MUST' | 'SHOULD';
export interface Normative {
  /** The innermost numbered section the sentence is in, e.g. "3.1.3". */
  section: string;
  /** The sentence, whitespace collapsed to single spaces. */
  text: string;
  level: Level;
}

export function readSpec(file = SPEC_FILE): string {
  if (!existsSync(file)) {
    throw new Error(
      `the draft is not at ${file}: the conformance check needs /work/shared/spec (../shared/spec beside the repository)`,
    );
  }
  return readFileSync(file, 'utf8');
}

/** One sentence's words, for comparing a quoted sentence with the draft's. */
export function normalise(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

const HEADING = /^(\d+(?:\.\d+)*)\.?\s+\S/;
const PAGE_FOOTER = /^Design Team\s+\d+\s*$/;
const PAGE_HEADER = /^Internet Draft\s+Fast Handovers for MIPv6/;

/**
 * Every sentence of §3–§8 holding MUST / MUST NOT (level MUST) or SHOULD / SHOULD NOT (level
 * SHOULD) in capitals — RFC 2119's keywords (§1.2). A sentence with both counts as MUST.
 */
export function normativeSentences(text: string): Normative[] {
  const lines = text.split(/\r?\n/);
  // Drop the page breaks (footer, header and the blank lines around them) so that a paragraph
  // running over a page is one paragraph.
  const kept: string[] = [];
  for (const line of lines) {
    if (PAGE_HEADER.test(line)) {
      while (kept.length > 0 && kept[kept.length - 1]!.trim() === '') kept.pop();
      kept.push('\u0000'); // page-join marker: swallow the blank lines that follow
      continue;
    }
    if (PAGE_FOOTER.test(line)) continue;
    if (kept[kept.length - 1] === '\u0000' && line.trim() === '') continue;
    kept.push(line);
  }
  const body: { section: string; para: string }[] = [];
  let section = '';
  let inBody = false;
  let para: string[] = [];
  const flush = () => {
    if (para.length > 0 && inBody) body.push({ section, para: para.join(' ') });
    para = [];
  };
  for (const line of kept) {
    if (line === '\u0000') continue;
    const h = HEADING.exec(line);
    if (h && !line.includes('....')) {
      flush();
      section = h[1]!;
      const top = Number(section.split('.')[0]);
      // The body of §3–§8 starts at "3. The Handover Mechanisms" (past the table of contents).
      if (top === 3 && section === '3') inBody = true;
      if (top >= 9) inBody = false;
      continue;
    }
    if (line.trim() === '') flush();
    else para.push(line.trim());
  }
  flush();
  const out: Normative[] = [];
  for (const { section: sec, para: p } of body) {
    for (const s of sentences(p)) {
      const level: Level | null = /\bMUST\b/.test(s) ? 'MUST' : /\bSHOULD\b/.test(s) ? 'SHOULD' : null;
      if (level) out.push({ section: sec, text: s, level });
    }
  }
  return out;
}

/** A paragraph cut into sentences: at ". " (or "." with no space before a capital) not after "e.g"/"i.e". */
function sentences(p: string): string[] {
  const s = normalise(p);
  const out: string[] = [];
  let start = 0;
  const re = /[.;:]?[.!?](?=\s+[A-Z("[]|[A-Z][a-z]|$)/g;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    const end = m.index + m[0].length;
    const before = s.slice(Math.max(0, m.index - 4), m.index + 1);
    if (/\b(e\.g|i\.e|Sec|al)\.$/i.test(before)) continue;
    out.push(s.slice(start, end).trim());
    start = end;
  }
  if (start < s.length) out.push(s.slice(start).trim());
  // A numbered or lettered list's next marker ("... it MUST resend. 2.") belongs to the next item.
  return out.map((x) => x.replace(/([.!?:])\s+(?:\d{1,2}|[a-z])\.$/, '$1')).filter((x) => x.length > 0);
}
