// The teacher's marking: the exercise, the class's result files, and their verdicts as the
// worker replays them. Every file is validated in the page first (a bad one is listed with the
// field that is wrong and nothing else changes); the valid ones go to the worker, one job each.
import { parseLesson, type Lesson, type LessonError } from '../../core/lessons.ts';
import {
  MAX_RESULT_BYTES,
  ResultError,
  parseHandIn,
  studentKey,
  verdictsCsv,
  type HandIn,
  type Verdict,
} from '../../core/run/classroom.ts';
import { RunError, runToFragment, type Run } from '../../core/run/run.ts';
import type { MarkReply, MarkRequest } from '../run/classroom-protocol.ts';

export interface Row {
  /** The file's name (unique: a second file of the same name replaces the first). */
  id: string;
  handIn: HandIn;
  verdict?: Verdict;
  /** The re-check itself failed (not the student's fault: the engine could not run it). */
  failure?: string;
}

export class Marking {
  exercise = $state.raw<{ name: string; text: string; lesson: Lesson } | null>(null);
  exerciseErrors = $state.raw<{ name: string; errors: LessonError[] } | null>(null);
  rows = $state.raw<Row[]>([]);
  /** Files that could not be read, with the field that is wrong. */
  rejected = $state.raw<{ name: string; message: string }[]>([]);
  broken = $state('');
  private gen = 0;
  private worker: Worker | null = null;

  constructor(private readonly makeWorker: () => Worker) {}

  get pending(): number {
    return this.exercise ? this.rows.filter((r) => !r.verdict && !r.failure).length : 0;
  }

  private post(m: MarkRequest): void {
    if (!this.worker) {
      this.worker = this.makeWorker();
      this.worker.onmessage = (e: MessageEvent<MarkReply>) => this.reply(e.data);
      this.worker.onerror = (e) => {
        this.broken = `The re-check stopped: ${e.message || 'the worker failed'}. Reload the page to try again.`;
      };
    }
    this.worker.postMessage(m);
  }

  private reply(m: MarkReply): void {
    if (m.type === 'broken') {
      this.broken = `The engine could not start: ${m.message}`;
      return;
    }
    if (m.type === 'handin' || m.type === 'handin-failed') return;
    // A verdict on an exercise since replaced is stale.
    if (m.gen !== this.gen) return;
    this.rows = this.rows.map((r) =>
      r.id !== m.id ? r : m.type === 'verdict' ? { ...r, verdict: m.verdict } : { ...r, failure: m.message },
    );
  }

  /** Reads files: a lesson file (.md) is the exercise, anything else a result file. */
  async add(files: Iterable<File>): Promise<void> {
    const list = [...files];
    const md = list.filter((f) => /\.(md|markdown)$/i.test(f.name));
    for (const f of md.slice(-1)) this.setExercise(await f.text(), f.name);
    const results = list.filter((f) => !md.includes(f));
    const rejected = [...this.rejected];
    const rows = [...this.rows];
    const fresh: Row[] = [];
    for (const f of results) {
      const drop = (message: string) => rejected.push({ name: f.name, message });
      if (f.size > MAX_RESULT_BYTES) {
        drop(`file: ${f.size} bytes; a result file is at most ${MAX_RESULT_BYTES}`);
        continue;
      }
      try {
        const handIn = parseHandIn(await f.text());
        const row: Row = { id: f.name, handIn };
        const at = rows.findIndex((r) => r.id === f.name);
        if (at >= 0) rows[at] = row;
        else rows.push(row);
        fresh.push(row);
        const old = rejected.findIndex((r) => r.name === f.name);
        if (old >= 0) rejected.splice(old, 1);
      } catch (e) {
        drop(e instanceof ResultError ? e.message : e instanceof Error ? e.message : String(e));
      }
    }
    this.rejected = rejected;
    this.rows = rows.sort((a, b) =>
      studentKey(a.handIn.student).localeCompare(studentKey(b.handIn.student), undefined, { numeric: true }),
    );
    if (this.exercise)
      for (const r of fresh)
        this.post({ type: 'recheck', gen: this.gen, id: r.id, handIn: $state.snapshot(r.handIn) as HandIn });
  }

  /** The exercise every file is judged against; replacing it re-checks every file. */
  setExercise(text: string, name: string): boolean {
    const p = parseLesson(text);
    if (!p.ok) {
      this.exerciseErrors = { name, errors: p.errors };
      return false;
    }
    if (!p.lesson.exercise) {
      this.exerciseErrors = {
        name,
        errors: [
          {
            line: 1,
            field: 'exercise',
            message: 'this lesson is not an exercise (it has no "exercise" field)',
            where: 'line 1, exercise',
          },
        ],
      };
      return false;
    }
    this.exerciseErrors = null;
    this.exercise = { name, text, lesson: p.lesson };
    this.gen++;
    this.post({ type: 'exercise', gen: this.gen, text });
    this.rows = this.rows.map((r) => ({ id: r.id, handIn: r.handIn }));
    for (const r of this.rows)
      this.post({ type: 'recheck', gen: this.gen, id: r.id, handIn: $state.snapshot(r.handIn) as HandIn });
    return true;
  }

  /** Students with more than one file: the last one read counts in the grade book. */
  get duplicates(): Set<string> {
    const seen = new Map<string, number>();
    for (const r of this.rows)
      seen.set(studentKey(r.handIn.student), (seen.get(studentKey(r.handIn.student)) ?? 0) + 1);
    return new Set([...seen].filter(([, n]) => n > 1).map(([k]) => k));
  }

  csv(): string | null {
    if (!this.exercise) return null;
    return verdictsCsv(
      this.exercise.lesson,
      this.rows.flatMap((r) => (r.verdict ? [r.verdict] : [])),
    );
  }

  clear(): void {
    this.rows = [];
    this.rejected = [];
    if (this.exercise) {
      this.gen++;
      // Jobs queued for the files just cleared are dropped as stale.
      this.post({ type: 'exercise', gen: this.gen, text: this.exercise.text });
    }
  }

  dispose(): void {
    this.worker?.terminate();
  }
}

/** The lab with this run, as a share link relative to the teacher's page; null when too long for a link. */
export function runLink(run: Run): string | null {
  try {
    return `../index.html#${runToFragment(run)}`;
  } catch (e) {
    if (e instanceof RunError) return null;
    throw e;
  }
}
