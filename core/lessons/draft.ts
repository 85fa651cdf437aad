// The draft's own text, which `npm run lessons:check` and the course test hold a lesson to: its
// section numbers (the lessons together must cover §3–§8) and whether an explanation's quote is
// the draft's words in the section it names.

/** Section numbers of the draft's headings (from its text), e.g. ["1", "1.1", …, "8.2.2", "9"]. */
export function draftSections(draft: string): string[] {
  const out: string[] = [];
  for (const line of draft.split('\n')) {
    const m = /^(\d+(?:\.\d+)*)\.?\s+[A-Z]/.exec(line);
    // Headings have no leader dots (those are the table of contents).
    if (m && !/\.{4,}/.test(line) && !out.includes(m[1]!)) out.push(m[1]!);
  }
  return out;
}

const squash = (s: string) =>
  s
    .replace(/\r/g, '')
    .replace(/\n\s*\f?\s*Design Team\s+\d+\s*\n\s*Internet Draft[^\n]*\n/g, '\n')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();

/**
 * Whether `quote` is the draft's own words in section `section` (whitespace and page breaks
 * ignored). A quote may elide with "…" or "...": each part must appear, in order, in the section.
 */
export function quoteInDraft(draft: string, section: string, quote: string): boolean {
  const lines = draft.split('\n');
  const heading = (l: string) => /^(\d+(?:\.\d+)*)\.?\s+[A-Z]/.exec(l);
  let start = -1;
  let end = lines.length;
  for (let i = 0; i < lines.length; i++) {
    const h = heading(lines[i]!);
    if (!h || /\.{4,}/.test(lines[i]!)) continue;
    if (start < 0 && h[1] === section) start = i;
    else if (start >= 0 && !h[1]!.startsWith(`${section}.`)) {
      end = i;
      break;
    }
  }
  if (start < 0) return false;
  const text = squash(lines.slice(start, end).join('\n'));
  let at = 0;
  for (const part of quote
    .split(/…|\.\.\./)
    .map(squash)
    .filter(Boolean)) {
    const i = text.indexOf(part, at);
    if (i < 0) return false;
    at = i + part.length;
  }
  return true;
}
