// A console session over a recorded trace: no engine, the records fixed (as the page's trace
// store holds them once filled from a recorded run). It answers every observing command — goto,
// step, back, show, tcpdump, inspect, why — exactly as the live session does on the same trace;
// commands that need the engine (load, move, set) say so.
import type { ScenarioInfo, Topology, WhatIf } from '../protocol.ts';
import type { Micros, TraceRecord } from '../trace.ts';
import { CursorState, type ConsoleSession } from './session.ts';

export interface Recording {
  scenario: string;
  seed: number;
  whatIf: WhatIf;
  topology: Topology;
  end: Micros;
  catalogue: readonly ScenarioInfo[];
  records: readonly TraceRecord[];
}

export class RecordedSession extends CursorState implements ConsoleSession {
  /** Packets `inspect` selected, in order (what the page would have highlighted). */
  readonly selected: number[] = [];

  constructor(private readonly rec: Recording) {
    super();
  }

  get scenario(): string {
    return this.rec.scenario;
  }
  get seed(): number {
    return this.rec.seed;
  }
  get whatIf(): WhatIf {
    return this.rec.whatIf;
  }
  get topology(): Topology {
    return this.rec.topology;
  }
  get end(): Micros {
    return this.rec.end;
  }
  get catalogue(): readonly ScenarioInfo[] {
    return this.rec.catalogue;
  }
  /** The recording's last instant: the engine never runs further. */
  get now(): Micros {
    const r = this.rec.records;
    return Math.max(this.rec.end, r.length > 0 ? r[r.length - 1]!.t : 0);
  }

  async load(): Promise<void> {
    throw new Error('a recorded run cannot load another scenario');
  }
  async runTo(): Promise<void> {}
  async move(): Promise<void> {
    throw new Error('a recorded run cannot be changed');
  }
  records(): readonly TraceRecord[] {
    return this.rec.records;
  }
  selectedPacket(): number | null {
    return this.selected.at(-1) ?? null;
  }
  select(pkt: number): void {
    this.selected.push(pkt);
  }
  async save(): Promise<string> {
    throw new Error('a recorded run saves nothing');
  }
  async readFile(): Promise<string> {
    throw new Error('no files here');
  }
}
