// Deep links into the course: `#lesson=02-figure3-mobile-initiated&step=3` opens a lesson at a
// step (1-based, as the page numbers them). A bad link is named, never guessed at. A teacher's
// own lesson file can come from `?lesson=URL` on the same site (never from another origin).
import { PROGRESS_KEY, loadProgress } from './progress.ts';

export interface LessonLink {
  lesson: string;
  /** 0-based. */
  step: number;
}

/**
 * Whether the page opens with the lessons panel: its URL asks for a lesson, or a lesson was open
 * when the learner left (the saved progress says which).
 */
export function wantsLessons(hash: string, search: string, storage: Storage | null): boolean {
  if (/(?:^#|&)lesson=/.test(hash) || new URLSearchParams(search).has('lesson')) return true;
  try {
    return loadProgress(storage?.getItem(PROGRESS_KEY) ?? null).progress.open !== undefined;
  } catch {
    return false;
  }
}

/**
 * Reads a `#lesson=…&step=…` fragment against the course (lesson id → its number of steps).
 * Null when the fragment names no lesson.
 */
export function parseLessonLink(
  hash: string,
  stepsOf: (id: string) => number | null,
  ids: readonly string[],
): { ok: true; link: LessonLink } | { ok: false; error: string } | null {
  if (!/(?:^#|&)lesson=/.test(hash)) return null;
  const q = new URLSearchParams(hash.replace(/^#/, ''));
  const id = q.get('lesson') ?? '';
  const n = stepsOf(id);
  if (n === null)
    return {
      ok: false,
      error: `The link names no lesson of the course: "${id.slice(0, 80)}" (lessons: ${ids.join(', ')}).`,
    };
  const s = q.get('step');
  if (s === null) return { ok: true, link: { lesson: id, step: 0 } };
  if (!/^\d+$/.test(s) || Number(s) < 1 || Number(s) > n)
    return {
      ok: false,
      error: `The link's step "${s.slice(0, 20)}" is not a step of lesson ${id} (it has steps 1 to ${n}); opening its first step.`,
    };
  return { ok: true, link: { lesson: id, step: Number(s) - 1 } };
}

export function lessonFragment(link: LessonLink): string {
  return `#lesson=${encodeURIComponent(link.lesson)}&step=${link.step + 1}`;
}

/** A `?lesson=` URL, resolved against the page: same origin only. */
export function lessonUrl(param: string, page: string): { ok: true; url: string } | { ok: false; error: string } {
  let u: URL;
  try {
    u = new URL(param, page);
  } catch {
    return { ok: false, error: `The lesson address "${param.slice(0, 80)}" is not a URL.` };
  }
  if (u.origin !== new URL(page).origin)
    return {
      ok: false,
      error: `The lesson address ${u.origin} is not this site: a lesson file is only opened from the lab's own site.`,
    };
  return { ok: true, url: u.href };
}
