// What the console drives: a session of the lab. In the page it is the page's session (the worker
// client, the trace store and the time cursor); in Node it is `LabSession` (core/console/lab-session.ts)
// over core/lab.ts directly; in tests it may also be a recorded trace. The console only ever sees
// this interface, so the same commands print the same text in both.
import type { ScenarioInfo, Topology, WhatIf } from '../protocol.ts';
import type { Micros, TraceRecord } from '../trace.ts';

export type ExportKind = 'pcap' | 'svg' | 'run';

export interface ConsoleSession {
  /**
   * The loaded scenario's id ('' before the first load), its seed, and the "what if" changes
   * over the scenario as written ({}: exactly the scenario — its own modes and parameters).
   */
  readonly scenario: string;
  readonly seed: number;
  readonly whatIf: WhatIf;
  /** The loaded world (routers, mobiles with their scripted paths, hosts); null before a load. */
  readonly topology: Topology | null;
  /** The scenario's end, µs (what `goto end` runs to). */
  readonly end: Micros;
  readonly catalogue: readonly ScenarioInfo[];
  /** Loads a scenario with these changes over it; rejects with an Error whose message says what was wrong. */
  load(id: string, seed: number, whatIf: WhatIf): Promise<void>;
  /** How far the engine has run. */
  readonly now: Micros;
  /** Runs the engine to at least `t`. */
  runTo(t: Micros): Promise<void>;
  /**
   * One live move of a mobile node at the engine's present (as a drag with the run paused); the
   * cursor goes to the present first.
   */
  move(node: string, x: number, y: number): Promise<void>;
  /** The time cursor: what instant the views show. Never beyond `now`. */
  readonly cursor: Micros;
  seek(t: Micros): void;
  readonly playing: boolean;
  play(): void;
  pause(): void;
  /** Virtual µs per wall-clock ms. */
  readonly speed: number;
  setSpeed(v: number): void;
  /** Every record the engine has produced, in order (it may run past the cursor). */
  records(): readonly TraceRecord[];
  /** Selects a packet in the page's ladder and inspector (no-op outside the page). */
  select(pkt: number): void;
  /** The packet selected on the page (`why` and `inspect` with no number); absent or null: none. */
  selectedPacket?(): number | null;
  /**
   * Saves an export (the page downloads it; Node writes a file); returns what it did, in words.
   * `data` absent: the session draws it itself (the ladder's SVG at the cursor).
   */
  save(kind: ExportKind, name: string, data?: string | Uint8Array): Promise<string>;
  /**
   * Resolves once the session can answer (the page's first load, started with the page, has its
   * catalogue and its run): a command typed at once waits for it instead of finding no scenarios.
   * Absent: always ready.
   */
  whenReady?(): Promise<void>;
  /** A script file's text for `source`; rejects with a readable Error. */
  readFile(name: string): Promise<string>;
}

/**
 * The time cursor and play state of a session that has no page to hold them (LabSession in Node,
 * RecordedSession over a recorded trace): the cursor stays within what the engine has run.
 */
export abstract class CursorState {
  cursor: Micros = 0;
  playing = false;
  speed = 100;
  abstract readonly now: Micros;

  seek(t: Micros): void {
    this.cursor = Math.max(0, Math.min(this.now, Math.round(t)));
  }
  play(): void {
    this.playing = true;
  }
  pause(): void {
    this.playing = false;
  }
  setSpeed(v: number): void {
    this.speed = v;
  }
}
