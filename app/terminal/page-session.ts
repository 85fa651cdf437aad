// The console's session in the page: today's worker client, time cursor and settings (until the
// page's Session of issue 10 replaces them, behind this same interface). A command changes what
// the page shows exactly as the page's own controls do: `set` goes through the settings store, a
// move is the page's drag move, `goto` scrubs the timeline, `inspect` selects in the inspector.
import type { ConsoleSession, ExportKind } from '../../core/console/session.ts';
import type { LabParams, ScenarioInfo, Topology } from '../../core/protocol.ts';
import type { Micros, TraceRecord } from '../../core/trace.ts';
import { builtin } from '../../core/scenario/builtin.ts';
import { NUMBER_FIELDS, formatField } from '../../core/settings.ts';
import type { LabClient } from '../lib/lab-client.svelte.ts';
import type { Timeline } from '../timeline/timeline.svelte.ts';
import type { SettingsStore } from '../controls/store.svelte.ts';

export interface PageHooks {
  /** Restarts the engine with the store's settings (asWritten: without parameter overrides). */
  restart(asWritten: boolean): Promise<void>;
  select(pkt: number): void;
  /** The ladder at the cursor as SVG. */
  svg(): string;
  download(name: string, data: string | Uint8Array<ArrayBuffer>, type: string): void;
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class PageSession implements ConsoleSession {
  private asWritten = false;

  constructor(
    private readonly lab: LabClient,
    private readonly timeline: Timeline,
    private readonly store: SettingsStore,
    private readonly hooks: PageHooks,
  ) {}

  get scenario(): string {
    return this.store.current.scenario;
  }
  get seed(): number {
    return this.store.current.seed;
  }
  get params(): LabParams | null {
    return this.asWritten ? null : this.store.current.params;
  }
  get topology(): Topology | null {
    return this.lab.topology;
  }
  get end(): Micros {
    const d = builtin(this.scenario)?.durationUs;
    return typeof d === 'number' ? d : 3_000_000;
  }
  get catalogue(): readonly ScenarioInfo[] {
    return this.lab.scenarios;
  }

  async load(id: string, seed: number, params: LabParams | null): Promise<void> {
    if (!this.catalogue.some((s) => s.id === id)) throw new Error(`no scenario "${id}"`);
    this.store.setScenario(id);
    if (seed !== this.store.current.seed) this.store.edit('seed', String(seed));
    if (params) {
      for (const f of NUMBER_FIELDS) this.store.edit(f.key, formatField(f, params[f.key]));
      if (params.mode !== this.store.current.params.mode) this.store.setMode(params.mode);
      if (params.buffering !== this.store.current.params.buffering) this.store.setBuffering(params.buffering);
    }
    this.asWritten = params === null;
    this.timeline.pause();
    await this.hooks.restart(this.asWritten);
    if (this.lab.error) throw new Error(this.lab.error);
    this.timeline.pause();
  }

  get now(): Micros {
    return this.lab.now;
  }

  async runTo(t: Micros): Promise<void> {
    // One advance at a time (the timeline may have one in flight).
    while (this.lab.busy) await wait(5);
    if (t > this.lab.now) await this.lab.advance(t);
    this.lab.flush();
  }

  async move(node: string, x: number, y: number): Promise<void> {
    // As the page's drag: a rewound view returns to the present first; paused, the move is at it.
    if (!this.timeline.live) this.timeline.goLive();
    while (this.lab.busy) await wait(5);
    await this.lab.move(node, x, y);
    this.lab.flush();
    this.timeline.goLive();
  }

  get cursor(): Micros {
    return this.timeline.cursor;
  }
  seek(t: Micros): void {
    this.timeline.scrub(t);
  }
  get playing(): boolean {
    return this.timeline.playing;
  }
  play(): void {
    this.timeline.play();
  }
  pause(): void {
    this.timeline.pause();
  }
  get speed(): number {
    return this.timeline.speed;
  }
  setSpeed(v: number): void {
    this.timeline.speed = v;
  }
  records(): readonly TraceRecord[] {
    return this.lab.records;
  }
  select(pkt: number): void {
    this.hooks.select(pkt);
  }

  async save(kind: ExportKind, name: string, data?: string | Uint8Array): Promise<string> {
    const body = data ?? this.hooks.svg();
    const type = kind === 'pcap' ? 'application/vnd.tcpdump.pcap' : kind === 'svg' ? 'image/svg+xml' : 'text/plain';
    this.hooks.download(name, body as string | Uint8Array<ArrayBuffer>, type);
    return `downloaded ${name} (${body.length} ${typeof body === 'string' ? 'characters' : 'bytes'})`;
  }

  async readFile(name: string): Promise<string> {
    // Same-origin files only (lessons and examples the site serves).
    const url = new URL(name, location.href);
    if (url.origin !== location.origin) throw new Error(`${name}: only files of this site can be sourced`);
    const r = await fetch(url);
    if (!r.ok) throw new Error(`cannot read ${name}: HTTP ${r.status}`);
    return r.text();
  }
}
