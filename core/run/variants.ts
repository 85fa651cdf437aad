// A class exercise's per-student numbers (issue 13). Each parameter the exercise varies is drawn
// from its range by a seed hashed from the student's name or number and the exercise's title, as
// Packet Tracer's activity variables are: the same student always gets the same numbers, another
// exercise gives them others, and the hash spreads neighbours apart. Deterministic (no
// Math.random): the teacher's page draws the same numbers to re-check a hand-in.
import { VARIANT_NAMES, type Lesson, type LessonParams, type VariantName } from '../lessons.ts';
import type { LabParams } from '../protocol.ts';
import { NUMBER_FIELDS, formatField } from '../settings.ts';

/** A student's name or number as the hash sees it: trimmed, spaces collapsed, case and accents kept apart from layout. */
export function studentKey(student: string): string {
  return student.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
}

/** A 32-bit FNV-1a hash of a text (deterministic everywhere: no platform hash, no clock). */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The seed of a student's variant in an exercise. */
export function variantSeed(student: string, exerciseTitle: string): number {
  return fnv1a(`${studentKey(student)}\n${exerciseTitle}`);
}

/** mulberry32: a small seeded generator, enough to spread a 32-bit seed over a few ranges. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Variant = Partial<Record<VariantName, number>>;

/**
 * A student's numbers for an exercise: each varied parameter drawn from min, min + step, …, max,
 * in the fixed order of VARIANT_NAMES (so adding a range to an exercise changes only that one).
 */
export function drawVariant(lesson: Lesson, student: string): Variant {
  const ranges = lesson.exercise?.variants ?? {};
  const out: Variant = {};
  for (const name of VARIANT_NAMES) {
    const r = ranges[name];
    if (!r) continue;
    // One generator per parameter, so each is independent of which others the exercise varies.
    const rnd = mulberry32(variantSeed(student, lesson.title) ^ fnv1a(name));
    const n = Math.floor((r.max - r.min) / r.step + 1e-9) + 1;
    // Rounded to the step's decimals: 0.1 × 3 must read 0.3, not 0.30000000000000004.
    const v = r.min + r.step * Math.floor(rnd() * n);
    out[name] = Math.round(v * 1e6) / 1e6;
  }
  return out;
}

/** The exercise as this student sees it: every run's setup with the student's numbers. */
export function applyVariant(lesson: Lesson, variant: Variant): Lesson {
  if (Object.keys(variant).length === 0) return lesson;
  const { seed, ...params } = variant;
  return {
    ...lesson,
    ...(seed !== undefined ? { seed } : {}),
    steps: lesson.steps.map((s) =>
      s.setup
        ? {
            ...s,
            setup: {
              ...s.setup,
              ...(seed !== undefined ? { seed } : {}),
              ...(Object.keys(params).length > 0
                ? { params: { ...(s.setup.params ?? {}), ...(params as LessonParams) } }
                : {}),
            },
          }
        : s,
    ),
  };
}

/**
 * A varied number as the lab's Scenario pane labels it ("Layer-2 handover time", "ms"): the
 * student's panel, the teacher's table, its CSV and its flags all name the numbers this one way,
 * in the units the student typed them in (session 9 review: "wiredDelayUs 5000" beside
 * "wiredDelayMs 5" on one page).
 */
export function variantLabel(name: VariantName): { label: string; unit: string } {
  if (name === 'seed') return { label: 'Seed', unit: '' };
  const f = fieldOf(engineValue(name, 0)[0]);
  return f ? { label: f.label, unit: f.unit } : { label: name, unit: '' };
}

const fieldOf = (key: keyof LabParams) => NUMBER_FIELDS.find((f) => f.key === key);

/** A variant in words: "Layer-2 handover time 130 ms, Seed 7". */
export function variantText(v: Variant): string {
  return VARIANT_NAMES.filter((k) => v[k] !== undefined)
    .map((k) => {
      const { label, unit } = variantLabel(k);
      return `${label} ${v[k]}${unit ? ` ${unit}` : ''}`;
    })
    .join(', ');
}

/** An engine parameter as the page labels it, and its value in the page's unit (the engine keeps µs). */
export function engineText(key: keyof LabParams, v: unknown): { label: string; value: string } {
  const f = fieldOf(key);
  const value =
    v === undefined ? 'as written' : f && typeof v === 'number' ? `${formatField(f, v)} ${f.unit}` : String(v);
  return { label: f?.label ?? key, value };
}

/** The engine parameter (and its value in engine units) a variant fixes. */
export function engineValue(name: Exclude<VariantName, 'seed'>, v: number): [keyof LabParams, number] {
  const key = (
    {
      wiredDelayMs: 'wiredDelayUs',
      l2HandoverMs: 'l2HandoverUs',
      raMinMs: 'raMinUs',
      raMaxMs: 'raMaxUs',
      bufferPackets: 'bufferPackets',
    } as const
  )[name];
  return [key, key.endsWith('Us') ? Math.round(v * 1000) : v];
}

/** One varied number of a verdict: the expected one (the student's) and the one the file has. */
export interface VerdictNumber {
  label: string;
  unit: string;
  expected: number | undefined;
  handedIn: number | undefined;
}

/**
 * The numbers an exercise varies, as the teacher's table shows them and the CSV's columns hold
 * them — one function, so the two always say the same (session 9 review: the table showed the
 * file's numbers and the CSV the student's, in the same place).
 */
export function verdictNumbers(lesson: Lesson, v: { variant: Variant; handedIn: Variant }): VerdictNumber[] {
  return VARIANT_NAMES.filter((n) => lesson.exercise?.variants[n]).map((n) => ({
    ...variantLabel(n),
    expected: v.variant[n],
    handedIn: v.handedIn[n],
  }));
}
