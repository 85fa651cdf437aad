// The teacher's page ⇄ its re-check worker (recheck.worker.ts).
import type { HandIn, Verdict } from '../../core/run/classroom.ts';

export type MarkRequest =
  { type: 'exercise'; gen: number; text: string } | { type: 'recheck'; gen: number; id: string; handIn: HandIn };

export type MarkReply =
  | { type: 'verdict'; gen: number; id: string; verdict: Verdict }
  | { type: 'failed'; gen: number; id: string; message: string }
  | { type: 'broken'; message: string };
