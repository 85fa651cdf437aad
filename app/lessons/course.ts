// The built-in course: every lessons/NN-slug/index.md, bundled as text (so the course works
// offline with the rest of the build) and parsed by core/lessons.ts, in folder order. A lesson
// that fails to parse stays in the list with its errors (the tests keep that from shipping).
import { parseLesson, type LessonParse } from '../../core/lessons.ts';

export interface CourseEntry {
  /** The folder name: "02-figure3-mobile-initiated" (deep links and progress use it). */
  id: string;
  parsed: LessonParse;
}

const files = import.meta.glob('../../lessons/*/index.md', { query: '?raw', import: 'default', eager: true });

export const COURSE: readonly CourseEntry[] = Object.entries(files)
  .map(([path, text]) => ({ id: path.split('/').at(-2)!, parsed: parseLesson(text as string) }))
  .sort((a, b) => a.id.localeCompare(b.id));
