// The items of docs/draft-inconsistencies.md, by id ("I-12"), for the inspector: where a record's
// `why.conflict` names one, the inspector shows that item's text (the draft contradicts itself
// there, and the item says which reading the lab takes). Bundled as text; never run as script.
import text from '../../docs/draft-inconsistencies.md?raw';

export interface ConflictItem {
  id: string;
  title: string;
  body: string;
}

/** Splits the document at its "## I-N: title" headings. */
export function parseConflicts(md: string): Map<string, ConflictItem> {
  const out = new Map<string, ConflictItem>();
  const re = /^## (I-\d+): (.*)$/gm;
  const heads = [...md.matchAll(re)];
  heads.forEach((m, i) => {
    const start = m.index! + m[0].length;
    const end = i + 1 < heads.length ? heads[i + 1]!.index! : md.length;
    // The item ends at the next heading of any level 2.
    const body = md.slice(start, end).split(/^## /m)[0]!.trim();
    out.set(m[1]!, { id: m[1]!, title: m[2]!.trim(), body });
  });
  return out;
}

let cache: Map<string, ConflictItem> | undefined;
export function conflictItem(id: string): ConflictItem | undefined {
  cache ??= parseConflicts(text);
  return cache.get(id);
}
