// The page ⇄ the classroom worker (classroom.worker.ts): the teacher's re-check of a class's
// result files, and the student's hand-in (its claims judged on a replay of its runs, exactly as
// the teacher's re-check will judge them).
import type { Lesson } from '../../core/lessons.ts';
import type { Run } from '../../core/run/run.ts';
import type { HandIn, RawAnswer, Verdict } from '../../core/run/classroom.ts';

export type MarkRequest =
  | { type: 'exercise'; gen: number; text: string }
  | { type: 'recheck'; gen: number; id: string; handIn: HandIn }
  | {
      type: 'handin';
      id: string;
      lesson: Lesson;
      student: string;
      runs: Record<string, Run>;
      answers: Record<string, RawAnswer>;
      handedIn: string;
    };

export type MarkReply =
  | { type: 'verdict'; gen: number; id: string; verdict: Verdict }
  | { type: 'failed'; gen: number; id: string; message: string }
  | { type: 'handin'; id: string; handIn: HandIn }
  | { type: 'handin-failed'; id: string; message: string }
  | { type: 'broken'; message: string };
