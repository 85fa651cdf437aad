// The page's lesson progress and deep links (app/lessons/progress.ts, link.ts): what is read
// back from storage or a learner's file is validated field by field, a bad file changes nothing
// and says what is wrong, and a deep link names what it cannot open.
import { describe, expect, it } from 'vitest';
import {
  PROGRESS_FORMAT,
  emptyProgress,
  exportProgress,
  importProgress,
  loadProgress,
  validateProgress,
  type Progress,
} from '../../app/lessons/progress.ts';
import { lessonFragment, lessonUrl, parseLessonLink } from '../../app/lessons/link.ts';

const some: Progress = {
  version: 1,
  open: '02-figure3-mobile-initiated',
  lessons: {
    '02-figure3-mobile-initiated': {
      step: 2,
      done: ['figure', 'drag'],
      checks: ['ask', 'fbu'],
      answers: {
        drag: {
          kind: 'predict',
          guess: { msg: 'F-BU', from: 'MN', to: 'oAR' },
          truth: [{ msg: 'F-BU', from: 'MN', to: 'oAR' }],
          right: true,
        },
        measure: { kind: 'number', value: 66, truth: 66.089, right: true },
        'why-na': { kind: 'choice', choice: 0, right: false },
      },
    },
  },
};

describe('lesson progress', () => {
  it('keeps the wrong answers taken back with "Try again", and refuses a bad count', () => {
    const tried: Progress = structuredClone(some);
    tried.lessons['02-figure3-mobile-initiated']!.wrong = { drag: 1 };
    expect(loadProgress(JSON.stringify(tried)).progress).toEqual(tried);
    const bad = structuredClone(tried) as unknown as { lessons: Record<string, { wrong: unknown }> };
    bad.lessons['02-figure3-mobile-initiated']!.wrong = { drag: -1 };
    expect(validateProgress(bad)).toEqual({
      ok: false,
      error: 'lessons.02-figure3-mobile-initiated.wrong.drag: expected a count of wrong answers',
    });
  });

  it('round-trips through storage and through a file', () => {
    expect(loadProgress(JSON.stringify(some)).progress).toEqual(some);
    const back = importProgress(exportProgress(some), emptyProgress());
    expect(back).toEqual({ ok: true, value: { ...emptyProgress(), lessons: some.lessons } });
  });

  it('an import replaces the lessons it holds and keeps the others', () => {
    const mine: Progress = {
      version: 1,
      lessons: { '01-standard-mipv6': { step: 1, done: ['a'], checks: [], answers: {} } },
    };
    const r = importProgress(exportProgress(some), mine);
    expect(r.ok && Object.keys(r.value.lessons).sort()).toEqual(['01-standard-mipv6', '02-figure3-mobile-initiated']);
  });

  it('a bad file names what is wrong and changes nothing', () => {
    expect(importProgress('not json', some)).toEqual({ ok: false, error: 'this is not a progress file (not JSON)' });
    expect(importProgress('{"version":1,"lessons":{}}', some)).toMatchObject({
      ok: false,
      error: expect.stringContaining(`"format": "${PROGRESS_FORMAT}"`),
    });
    const broken = JSON.parse(exportProgress(some));
    broken.lessons['02-figure3-mobile-initiated'].answers.drag.right = 'yes';
    expect(importProgress(JSON.stringify(broken), some)).toEqual({
      ok: false,
      error: 'lessons.02-figure3-mobile-initiated.answers.drag.right: expected true or false',
    });
    broken.lessons['02-figure3-mobile-initiated'].answers.drag = { kind: 'guess', right: true };
    expect(importProgress(JSON.stringify(broken), some)).toMatchObject({
      ok: false,
      error: /unknown answer kind "guess"/,
    });
    expect(validateProgress({ version: 2, lessons: {} })).toEqual({ ok: false, error: 'version: expected 1, got 2' });
  });

  it('unreadable storage gives empty progress and says so', () => {
    expect(loadProgress(null)).toEqual({ progress: emptyProgress() });
    expect(loadProgress('{')).toMatchObject({ progress: emptyProgress(), notice: /could not be read/ });
    expect(loadProgress('{"version":1,"lessons":{"x":{"step":-1}}}').notice).toMatch(/lessons\.x\.step/);
  });
});

describe('lesson deep links', () => {
  const steps = (id: string) => (id === '02-figure3-mobile-initiated' ? 5 : null);
  const ids = ['02-figure3-mobile-initiated'];

  it('opens a lesson at a step (1-based in the link)', () => {
    expect(parseLessonLink('#lesson=02-figure3-mobile-initiated&step=3', steps, ids)).toEqual({
      ok: true,
      link: { lesson: '02-figure3-mobile-initiated', step: 2 },
    });
    expect(parseLessonLink('#lesson=02-figure3-mobile-initiated', steps, ids)).toMatchObject({ link: { step: 0 } });
    expect(lessonFragment({ lesson: '02-figure3-mobile-initiated', step: 2 })).toBe(
      '#lesson=02-figure3-mobile-initiated&step=3',
    );
    expect(parseLessonLink('#run=abc', steps, ids)).toBeNull();
  });

  it('names a lesson or step it cannot open', () => {
    expect(parseLessonLink('#lesson=99-x&step=1', steps, ids)).toMatchObject({
      ok: false,
      error: expect.stringContaining('no lesson of the course: "99-x"'),
    });
    for (const s of ['0', '6', 'two', '-1', '2.5'])
      expect(parseLessonLink(`#lesson=02-figure3-mobile-initiated&step=${s}`, steps, ids)).toMatchObject({
        ok: false,
        error: expect.stringContaining(
          `step "${s}" is not a step of lesson 02-figure3-mobile-initiated (it has steps 1 to 5)`,
        ),
      });
  });

  it('a lesson file from a URL: same origin only', () => {
    expect(lessonUrl('/teacher/a.md', 'http://lab.example/fmip/?x=1')).toEqual({
      ok: true,
      url: 'http://lab.example/teacher/a.md',
    });
    expect(lessonUrl('b.md', 'http://lab.example/fmip/')).toEqual({ ok: true, url: 'http://lab.example/fmip/b.md' });
    expect(lessonUrl('https://evil.example/a.md', 'http://lab.example/')).toMatchObject({
      ok: false,
      error: expect.stringContaining('https://evil.example is not this site'),
    });
    expect(lessonUrl('javascript:alert(1)', 'http://lab.example/')).toMatchObject({ ok: false });
  });
});
