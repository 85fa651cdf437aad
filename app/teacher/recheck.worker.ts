// The teacher's re-check in a Web Worker, so a class of result files replays without freezing the
// page: one hand-in at a time, each replayed in the engine and judged again
// (core/run/classroom.ts recheck). Replies carry the generation of the exercise they were judged
// against; the page drops those of an exercise it has replaced.
import { loadPacketCore, type PacketCore } from '../../core/wasm.ts';
import { parseLesson, type Lesson } from '../../core/lessons.ts';
import { lessonStateAt } from '../../core/lesson-state.ts';
import { recheck, type HandIn } from '../../core/run/classroom.ts';
import type { MarkReply, MarkRequest } from './protocol.ts';

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
  } else if (m.type === 'recheck') {
    queue.push({ gen: m.gen, id: m.id, handIn: m.handIn });
    void drain();
  }
};
