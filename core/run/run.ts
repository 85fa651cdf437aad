// Runs as files and links. A run is its inputs, never its output: the scenario, the seed, the
// page's parameters and the learner's moves with the virtual time each took effect. The engine is
// deterministic (integer µs, one seeded random source), so replaying those inputs gives the same
// trace byte for byte; the fingerprint of the trace travels with the run so a replay can prove it
// (and a teacher's re-marking can flag a run whose claims do not match it, core/run/classroom.ts).
//
// A run file is JSON (`RUN_FORMAT`, `RUN_VERSION`); a share link carries the same JSON deflated
// (fflate) and base64url-encoded in the URL fragment, so it never reaches a server: `#run=1.<data>`.
// Everything read from outside goes through `parseRun`, which names the field that is wrong.
import { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate';
import { isWhatIf, type WhatIf } from '../protocol.ts';
import type { Micros, NodeName, TraceRecord } from '../trace.ts';

export const RUN_FORMAT = 'fmip-lab run';
/** Bumped whenever the meaning of a run's fields changes; older readers refuse newer runs. */
export const RUN_VERSION = 1;
/**
 * The longest share link fragment we write or read. Browsers take far more, but mail clients,
 * chat programs and learning platforms cut long links; past this the page offers "Save run".
 */
export const MAX_LINK_CHARS = 8_000;
/** Bound on a run file read from outside (a learner's run is a few kilobytes). */
export const MAX_RUN_BYTES = 2_000_000;
const MAX_MOVES = 50_000;
/** Virtual time a run may reach: an hour is far beyond any lesson. */
const MAX_TIME_US = 3_600_000_000;

/** One live move of a node, as the engine recorded it (the trace's `move` record). */
export interface RunMove {
  node: NodeName;
  x: number;
  y: number;
  /** The virtual time the move took effect, µs (the worker protocol's `move.at`). */
  at: Micros;
}

export interface Run {
  format: typeof RUN_FORMAT;
  version: typeof RUN_VERSION;
  /** A built-in scenario id, or "inline" with `inline` holding the scenario object. */
  scenario: string;
  inline?: unknown;
  seed: number;
  /** The page's parameters applied over the scenario; absent = the scenario as written. */
  params?: WhatIf;
  moves: RunMove[];
  /** The virtual time the engine had reached: a replay runs to exactly here. */
  end: Micros;
  /** Where the page's time cursor was. */
  cursor: Micros;
  /** `traceFingerprint` of the trace up to `end`, as the author's engine produced it. */
  fingerprint?: string;
}

export type RunErrorCode = 'corrupt' | 'too-long' | 'version' | 'invalid';

/** A run that cannot be read: `code` says which kind of problem, `where` which field or part. */
export class RunError extends Error {
  constructor(
    readonly code: RunErrorCode,
    readonly where: string,
    message: string,
  ) {
    super(message);
    this.name = 'RunError';
  }
}

/** The moves of a trace: the learner's live input, recorded by the engine as `move` records. */
export function movesOf(records: readonly TraceRecord[]): RunMove[] {
  const out: RunMove[] = [];
  for (const r of records) if (r.kind === 'move') out.push({ node: r.node, x: r.x, y: r.y, at: r.t });
  return out;
}

/**
 * A 53-bit hash (cyrb53) of the trace's canonical JSON, as 14 hex digits. Not cryptographic: it
 * detects a replay that differs (another engine version, a tampered run), not a forger who
 * recomputes it — the teacher's re-marking never trusts it, it replays.
 */
export function traceFingerprint(records: readonly TraceRecord[]): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (const r of records) {
    const s = JSON.stringify(r);
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 2654435761);
      h2 = Math.imul(h2 ^ c, 1597334677);
    }
    // A record separator, so record boundaries count.
    h1 = Math.imul(h1 ^ 10, 2654435761);
    h2 = Math.imul(h2 ^ 10, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  const v = 4294967296 * (2097151 & h2) + (h1 >>> 0);
  return v.toString(16).padStart(14, '0');
}

export interface RunInputs {
  scenario: string;
  inline?: unknown;
  seed: number;
  params?: WhatIf;
}

/** The run of a trace so far: its inputs, its moves, where the engine and the cursor were. */
export function makeRun(inputs: RunInputs, records: readonly TraceRecord[], end: Micros, cursor: Micros): Run {
  return {
    format: RUN_FORMAT,
    version: RUN_VERSION,
    scenario: inputs.scenario,
    ...(inputs.inline !== undefined ? { inline: inputs.inline } : {}),
    seed: inputs.seed,
    ...(inputs.params ? { params: { ...inputs.params } } : {}),
    moves: movesOf(records),
    end,
    cursor: Math.max(0, Math.min(end, Math.round(cursor))),
    fingerprint: traceFingerprint(records),
  };
}

const SCENARIO_ID = /^[a-z0-9][a-z0-9-]{0,40}$/;
const NODE_NAME = /^[A-Za-z0-9_-]{1,32}$/;
const isTime = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= MAX_TIME_US;

/** Validates a run read from outside (already JSON-parsed). Throws RunError naming the field. */
export function validateRun(v: unknown): Run {
  const bad = (where: string, expected: string): never => {
    throw new RunError('invalid', where, `${where}: expected ${expected}`);
  };
  if (typeof v !== 'object' || v === null || Array.isArray(v)) bad('run', 'a JSON object');
  const o = v as Record<string, unknown>;
  if (o.format !== RUN_FORMAT) bad('format', `"${RUN_FORMAT}" (this is not an fmip-lab run)`);
  if (o.version !== RUN_VERSION) {
    if (Number.isInteger(o.version) && (o.version as number) > RUN_VERSION)
      throw new RunError(
        'version',
        'version',
        `this run was made by a newer fmip-lab (run format ${String(o.version)}; this lab reads format ${RUN_VERSION}); open it in the version it came from`,
      );
    throw new RunError(
      'version',
      'version',
      `version: run format ${JSON.stringify(o.version)} is not one this lab reads (format ${RUN_VERSION})`,
    );
  }
  if (typeof o.scenario !== 'string' || !(SCENARIO_ID.test(o.scenario) || o.scenario === 'inline'))
    bad('scenario', 'a scenario id (letters, digits and dashes)');
  if (o.scenario === 'inline' && (typeof o.inline !== 'object' || o.inline === null))
    bad('inline', 'the scenario object of an inline run');
  if (!Number.isInteger(o.seed) || (o.seed as number) < 0 || (o.seed as number) > 0xffffffff)
    bad('seed', 'an integer from 0 to 4294967295');
  if (o.params !== undefined && !isWhatIf(o.params))
    bad('params', 'the lab parameters (mode, delays, RA interval, buffering)');
  if (!Array.isArray(o.moves)) bad('moves', 'a list of moves');
  const moves = o.moves as unknown[];
  if (moves.length > MAX_MOVES) bad('moves', `at most ${MAX_MOVES} moves`);
  let last = 0;
  const out: RunMove[] = moves.map((m, i) => {
    const at = `moves[${i}]`;
    if (typeof m !== 'object' || m === null) bad(at, 'an object {node, x, y, at}');
    const mm = m as Record<string, unknown>;
    if (typeof mm.node !== 'string' || !NODE_NAME.test(mm.node)) bad(`${at}.node`, 'a node name');
    if (!Number.isFinite(mm.x) || Math.abs(mm.x as number) > 1e7) bad(`${at}.x`, 'a position in metres');
    if (!Number.isFinite(mm.y) || Math.abs(mm.y as number) > 1e7) bad(`${at}.y`, 'a position in metres');
    if (!isTime(mm.at)) bad(`${at}.at`, 'a virtual time in whole µs');
    if ((mm.at as number) < last) bad(`${at}.at`, `a time no earlier than the move before (${last} µs)`);
    last = mm.at as number;
    return { node: mm.node as string, x: mm.x as number, y: mm.y as number, at: mm.at as number };
  });
  if (!isTime(o.end)) bad('end', 'a virtual time in whole µs');
  if ((o.end as number) < last) bad('end', `a time no earlier than the last move (${last} µs)`);
  if (!isTime(o.cursor) || (o.cursor as number) > (o.end as number)) bad('cursor', 'a virtual time from 0 to end');
  if (o.fingerprint !== undefined && (typeof o.fingerprint !== 'string' || !/^[0-9a-f]{14}$/.test(o.fingerprint)))
    bad('fingerprint', '14 hex digits');
  return {
    format: RUN_FORMAT,
    version: RUN_VERSION,
    scenario: o.scenario as string,
    ...(o.scenario === 'inline' ? { inline: o.inline } : {}),
    seed: o.seed as number,
    ...(o.params !== undefined ? { params: o.params as WhatIf } : {}),
    moves: out,
    end: o.end as number,
    cursor: o.cursor as number,
    ...(o.fingerprint !== undefined ? { fingerprint: o.fingerprint as string } : {}),
  };
}

/** A run file's text. */
export function runToJson(run: Run): string {
  return JSON.stringify(run, null, 1) + '\n';
}

/** Reads a run file's text. Throws RunError: corrupt (not JSON), too-long, version, invalid. */
export function parseRunFile(text: string): Run {
  if (text.length > MAX_RUN_BYTES)
    throw new RunError('too-long', 'file', `the file is ${text.length} bytes; a run file is at most ${MAX_RUN_BYTES}`);
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new RunError('corrupt', 'file', `the file is not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  return validateRun(v);
}

const B64URL = /^[A-Za-z0-9_-]*$/;

function toBase64url(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64url(s: string): Uint8Array {
  const b = atob(s.replace(/-/g, '+').replace(/_/g, '/'));
  const out = new Uint8Array(b.length);
  for (let i = 0; i < b.length; i++) out[i] = b.charCodeAt(i);
  return out;
}

/** The fragment of a share link (without `#`): `run=<version>.<base64url(deflate(json))>`. */
export function runToFragment(run: Run): string {
  // Compact JSON (no indentation): the link is what must stay short.
  const data = toBase64url(deflateSync(strToU8(JSON.stringify(run)), { level: 9 }));
  const frag = `run=${RUN_VERSION}.${data}`;
  if (frag.length > MAX_LINK_CHARS)
    throw new RunError(
      'too-long',
      'link',
      `this run needs a ${frag.length}-character link (at most ${MAX_LINK_CHARS}); save it as a file instead`,
    );
  return frag;
}

/** Whether a URL fragment (with or without `#`) carries a run. */
export function fragmentHasRun(fragment: string): boolean {
  return /^#?run=/.test(fragment);
}

/** Reads a share link's fragment. Throws RunError naming what is wrong with the link. */
export function runFromFragment(fragment: string): Run {
  const f = fragment.replace(/^#/, '');
  if (f.length > MAX_LINK_CHARS)
    throw new RunError(
      'too-long',
      'link',
      `the link is ${f.length} characters; a run link is at most ${MAX_LINK_CHARS}`,
    );
  const m = /^run=(\d+)\.(.*)$/.exec(f);
  if (!m) throw new RunError('corrupt', 'link', 'the link has no run in it (expected #run=1.…)');
  const version = Number(m[1]);
  if (version !== RUN_VERSION)
    throw new RunError(
      'version',
      'link',
      version > RUN_VERSION
        ? `this link was made by a newer fmip-lab (run format ${version}; this lab reads format ${RUN_VERSION})`
        : `run format ${version} is not one this lab reads (format ${RUN_VERSION})`,
    );
  const data = m[2]!;
  if (data === '' || !B64URL.test(data) || data.length % 4 === 1)
    throw new RunError(
      'corrupt',
      'link',
      'the link is damaged or cut short (it is not base64url): copy the whole link again',
    );
  let json: string;
  try {
    json = strFromU8(inflateSync(fromBase64url(data)));
  } catch {
    // A cut link is the usual case: the deflate stream ends early.
    throw new RunError('corrupt', 'link', 'the link is damaged or cut short: copy the whole link again');
  }
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch {
    throw new RunError('corrupt', 'link', 'the link is damaged or cut short: copy the whole link again');
  }
  return validateRun(v);
}
