// The classroom's engine in a Web Worker, so replays never freeze a page. For the teacher's page:
// a class's result files one at a time, each replayed and judged again (core/run/classroom.ts
// recheck); replies carry the generation of the exercise they were judged against, and the page
// drops those of an exercise it has replaced. For the student's "Hand in": their runs replayed and
// judged by the same function, so the claims in the file are what the teacher's replay will find.
import { loadPacketCore, type PacketCore } from '../../core/wasm.ts';
import { parseLesson, type Lesson } from '../../core/lessons.ts';
import { lessonStateAt } from '../../core/lesson-state.ts';
import { makeHandIn, recheck, type HandIn, type RunRecords } from '../../core/run/classroom.ts';
import { replayRun } from '../../core/run/replay.ts';
import type { MarkReply, MarkRequest } from './classroom-protocol.ts';

const scope = self as unknown as {
  postMessage(m: MarkReply): void;
  onmessage: ((e: MessageEvent<MarkRequest>) => void) | null;
};

const ready: Promise<PacketCore> = loadPacketCore();
let lesson: { gen: number; lesson: Lesson } | null = null;
const queue: { gen: number; id: string; handIn: HandIn }[] = [];
let busy = false;

async function drain(): Promise<void> {
  if (busy) return;
  busy = true;
  try {
    const core = await ready;
    while (queue.length > 0) {
      const job = queue.shift()!;
      if (!lesson || job.gen !== lesson.gen) continue;
      try {
        const verdict = recheck(core, lesson.lesson, job.handIn, lessonStateAt);
        scope.postMessage({ type: 'verdict', gen: job.gen, id: job.id, verdict });
      } catch (e) {
        scope.postMessage({
          type: 'failed',
          gen: job.gen,
          id: job.id,
          message: e instanceof Error ? e.message : String(e),
        });
      }
      // Yield between students: a new exercise or more files are taken in between.
      await new Promise((r) => setTimeout(r, 0));
    }
  } catch (e) {
    scope.postMessage({ type: 'broken', message: e instanceof Error ? e.message : String(e) });
  } finally {
    busy = false;
  }
}

// Registered at once: a module worker that awaits first would lose the first message (docs/STACK).
scope.onmessage = (e) => {
  const m = e.data;
  if (m.type === 'exercise') {
    const p = parseLesson(m.text);
    lesson = p.ok ? { gen: m.gen, lesson: p.lesson } : null;
    queue.length = 0;
  } else if (m.type === 'handin') {
    void ready.then(
      (core) => {
        try {
          const runs: Record<string, RunRecords> = {};
          for (const [k, run] of Object.entries(m.runs)) runs[k] = { run, records: replayRun(core, run).records };
          const handIn = makeHandIn(m.lesson, m.student, runs, m.answers, m.handedIn, lessonStateAt);
          scope.postMessage({ type: 'handin', id: m.id, handIn });
        } catch (e) {
          scope.postMessage({ type: 'handin-failed', id: m.id, message: e instanceof Error ? e.message : String(e) });
        }
      },
      (e: unknown) => scope.postMessage({ type: 'broken', message: e instanceof Error ? e.message : String(e) }),
    );
  } else if (m.type === 'recheck') {
    queue.push({ gen: m.gen, id: m.id, handIn: m.handIn });
    void drain();
  }
};
