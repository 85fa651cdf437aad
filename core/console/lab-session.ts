// The console's session in Node: drives the engine directly (core/lab.ts, as the worker does) with
// the cursor where the commands put it. `npm run sim -- --script FILE` and the unit tests use it;
// the page's session does the same through the worker.
import type { PacketCore } from '../wasm.ts';
import { loadPacketCore } from '../wasm.ts';
import { Lab, scenarioCatalogue } from '../lab.ts';
import type { ScenarioInfo, Topology, WhatIf } from '../protocol.ts';
import type { Micros, TraceRecord } from '../trace.ts';
import { CursorState, type ConsoleSession, type ExportKind } from './session.ts';

export interface LabSessionOptions {
  /** Where exports go and scripts are read (Node: the file system). Absent: exports are refused. */
  files?: {
    write(name: string, data: string | Uint8Array): string;
    read(name: string): string;
  };
}

export class LabSession extends CursorState implements ConsoleSession {
  scenario = '';
  seed = 1;
  whatIf: WhatIf = {};
  topology: Topology | null = null;
  end: Micros = 0;
  readonly catalogue: readonly ScenarioInfo[] = scenarioCatalogue();
  private lab: Lab | null = null;
  private log: TraceRecord[] = [];

  private constructor(
    private readonly core: PacketCore,
    private readonly opts: LabSessionOptions,
  ) {
    super();
  }

  static async create(opts: LabSessionOptions = {}): Promise<LabSession> {
    return new LabSession(await loadPacketCore(), opts);
  }

  async load(id: string, seed: number, whatIf: WhatIf): Promise<void> {
    if (!this.catalogue.some((s) => s.id === id)) throw new Error(`no scenario "${id}"`);
    const lab = new Lab(this.core, seed, id, Object.keys(whatIf).length > 0 ? whatIf : undefined);
    this.lab = lab;
    this.scenario = id;
    this.seed = seed;
    this.whatIf = { ...whatIf };
    this.end = lab.scenario.durationUs;
    // As the worker sends it (core/worker.ts): the topology with each mobile's scripted path.
    this.topology = { ...lab.topology, paths: Object.fromEntries(lab.scenario.mobiles.map((m) => [m.name, m.path])) };
    this.log = lab.advance(0);
    this.cursor = 0;
  }

  get now(): Micros {
    return this.lab?.time ?? 0;
  }

  async runTo(t: Micros): Promise<void> {
    if (!this.lab) return;
    for (const r of this.lab.advance(Math.round(t))) this.log.push(r);
  }

  async move(node: string, x: number, y: number): Promise<void> {
    if (!this.lab) return;
    this.cursor = this.lab.time;
    for (const r of this.lab.move(node, x, y)) this.log.push(r);
  }

  records(): readonly TraceRecord[] {
    return this.log;
  }

  /** `inspect` selects a packet, as it does on the page; `why` alone then explains it. */
  private selected: number | null = null;
  select(pkt: number): void {
    this.selected = pkt;
  }
  selectedPacket(): number | null {
    return this.selected;
  }

  async save(kind: ExportKind, name: string, data?: string | Uint8Array): Promise<string> {
    if (!this.opts.files) throw new Error('exports are not saved here');
    if (data === undefined) throw new Error(`export ${kind} is drawn by the page only`);
    const where = this.opts.files.write(name, data);
    return `wrote ${where} (${data.length} ${typeof data === 'string' ? 'characters' : 'bytes'})`;
  }

  async readFile(name: string): Promise<string> {
    if (!this.opts.files) throw new Error('no files here');
    return this.opts.files.read(name);
  }
}
