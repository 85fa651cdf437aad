// Shareable runs (issue 13): a run is its inputs; a replay gives the trace the learner saw, record
// by record, whatever steps the live engine was driven in; links and files that are corrupt, too
// long or from another version are refused with a named error.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPacketCore, type PacketCore } from '../../core/wasm.ts';
import { Lab } from '../../core/lab.ts';
import type { LabParams } from '../../core/protocol.ts';
import type { TraceRecord } from '../../core/trace.ts';
import {
  MAX_LINK_CHARS,
  RUN_VERSION,
  RunError,
  makeRun,
  parseRunFile,
  runFromFragment,
  runToFragment,
  runToJson,
  traceFingerprint,
  type Run,
} from '../../core/run/run.ts';
import { replayRun } from '../../core/run/replay.ts';

const PARAMS: LabParams = {
  mode: 'anticipated-mobile-stateless',
  wiredDelayUs: 2_000,
  l2HandoverUs: 50_000,
  raMinUs: 30_000,
  raMaxUs: 70_000,
  buffering: true,
  bufferPackets: 64,
};

let core: PacketCore;
beforeAll(async () => {
  core = await loadPacketCore();
});

/**
 * A learner's session as the worker sees it: advances in uneven slices (the page's frames), a
 * drag from the oAR's cell towards the nAR's applied at the engine's present, then more frames.
 * `rand` picks the slice sizes, so the live run's steps differ from the replay's.
 */
function liveSession(seed: number, rand: () => number): { records: TraceRecord[]; end: number } {
  const lab = new Lab(core, seed, 'fig3', PARAMS);
  const records: TraceRecord[] = [];
  const frame = () => records.push(...lab.advance(lab.time + 1 + Math.floor(rand() * 40_000)));
  while (lab.time < 300_000) frame();
  for (let x = 100; x <= 350; x += 12.5) {
    records.push(...lab.move('MN', x, 150 + (x % 3) * 0.25));
    frame();
  }
  while (lab.time < 1_400_000) frame();
  return { records, end: lab.time };
}

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

describe('replay', () => {
  it('gives the live trace record by record, whatever slices the live engine ran in', () => {
    for (const seed of [1, 7]) {
      const live = liveSession(seed, lcg(seed * 31));
      const run = makeRun({ scenario: 'fig3', seed, params: PARAMS }, live.records, live.end, live.end - 5_000);
      expect(run.moves.length).toBeGreaterThan(10);
      const back = replayRun(core, parseRunFile(runToJson(run)));
      expect(back.records.length).toBe(live.records.length);
      for (let i = 0; i < live.records.length; i++) expect(back.records[i], `record ${i}`).toEqual(live.records[i]);
      expect(JSON.stringify(back.records)).toBe(JSON.stringify(live.records));
      expect(back.mismatch).toBe(false);
      // The handover really happened in the run being compared (an empty run would prove nothing).
      expect(live.records.some((r) => r.kind === 'tx' && r.msg === 'F-BU')).toBe(true);
    }
  });

  it('through a share link too, with the cursor where it was', () => {
    const live = liveSession(3, lcg(5));
    const run = makeRun({ scenario: 'fig3', seed: 3, params: PARAMS }, live.records, live.end, 812_345);
    const frag = runToFragment(run);
    expect(frag.length).toBeLessThan(MAX_LINK_CHARS);
    const back = runFromFragment('#' + frag);
    expect(back).toEqual(run);
    expect(back.cursor).toBe(812_345);
    expect(replayRun(core, back).records).toEqual(live.records);
  });

  it('flags a run whose moves were edited (the fingerprint no longer matches the replay)', () => {
    const live = liveSession(2, lcg(9));
    const run = makeRun({ scenario: 'fig3', seed: 2, params: PARAMS }, live.records, live.end, 0);
    const edited: Run = { ...run, moves: run.moves.map((m, i) => (i === 3 ? { ...m, x: m.x + 40 } : m)) };
    expect(replayRun(core, edited).mismatch).toBe(true);
    expect(replayRun(core, { ...run, seed: 3 }).mismatch).toBe(true);
    expect(replayRun(core, run).fingerprint).toBe(traceFingerprint(live.records));
  });
});

function errorOf(f: () => unknown): RunError {
  try {
    f();
  } catch (e) {
    if (e instanceof RunError) return e;
    throw e;
  }
  throw new Error('expected a RunError');
}

describe('bad links and files', () => {
  const good = makeRun({ scenario: 'fig3', seed: 1, params: PARAMS }, [], 0, 0);
  const frag = runToFragment({
    ...good,
    moves: Array.from({ length: 40 }, (_, i) => ({ node: 'MN', x: 100 + i * 7.25, y: 150, at: i * 16_700 })),
    end: 700_000,
  });

  it('a truncated or damaged link is "corrupt" and names the link', () => {
    for (const cut of [frag.length - 1, frag.length - 10, Math.floor(frag.length / 2), 8]) {
      const e = errorOf(() => runFromFragment(frag.slice(0, cut)));
      expect(e.code, `cut at ${cut}`).toBe('corrupt');
      expect(e.where).toBe('link');
      expect(e.message).toMatch(/damaged|cut short|no run/);
    }
    expect(errorOf(() => runFromFragment('run=1.@@@@')).code).toBe('corrupt');
    expect(errorOf(() => runFromFragment('scenario=fig3')).code).toBe('corrupt');
  });

  it('a link of another version says so', () => {
    const e = errorOf(() => runFromFragment(frag.replace(/^run=1\./, `run=${RUN_VERSION + 1}.`)));
    expect(e.code).toBe('version');
    expect(e.message).toMatch(/newer fmip-lab/);
  });

  it('a link too long is refused before it is decoded', () => {
    expect(errorOf(() => runFromFragment('run=1.' + 'A'.repeat(MAX_LINK_CHARS))).code).toBe('too-long');
    // And a run that needs one is not turned into one.
    const big = { ...good, scenario: 'inline', inline: { junk: Array.from({ length: 9000 }, (_, i) => i * 7919) } };
    expect(errorOf(() => runToFragment(big)).code).toBe('too-long');
  });

  it('a file that is not JSON, of a newer version, or with a bad field names what and where', () => {
    expect(errorOf(() => parseRunFile('{"format": "fmip-lab run",')).code).toBe('corrupt');
    const v2 = errorOf(() => parseRunFile(JSON.stringify({ ...good, version: 2 })));
    expect([v2.code, v2.where]).toEqual(['version', 'version']);
    const cases: [unknown, string][] = [
      [{ ...good, format: 'something else' }, 'format'],
      [{ ...good, seed: -1 }, 'seed'],
      [{ ...good, scenario: '../etc' }, 'scenario'],
      [{ ...good, params: { ...PARAMS, raMinUs: 90_000 } }, 'params'],
      [{ ...good, moves: [{ node: 'MN', x: 1, y: 2, at: 1.5 }], end: 10 }, 'moves[0].at'],
      [{ ...good, moves: [{ node: 'MN', x: 'a', y: 2, at: 1 }], end: 10 }, 'moves[0].x'],
      [
        {
          ...good,
          moves: [
            { node: 'MN', x: 1, y: 2, at: 5 },
            { node: 'MN', x: 1, y: 2, at: 4 },
          ],
          end: 10,
        },
        'moves[1].at',
      ],
      [{ ...good, moves: [{ node: 'MN', x: 1, y: 2, at: 50 }], end: 10 }, 'end'],
      [{ ...good, cursor: 5, end: 0 }, 'cursor'],
      [[1, 2], 'run'],
    ];
    for (const [v, where] of cases) {
      const e = errorOf(() => parseRunFile(JSON.stringify(v)));
      expect([e.code, e.where], JSON.stringify(v).slice(0, 80)).toEqual(['invalid', where]);
      expect(e.message.startsWith(where)).toBe(true);
    }
  });
});
