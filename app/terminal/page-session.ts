// The console's session in the page: the page's own Session (app/lib/session.svelte.ts) and
// settings store, behind the console's interface (core/console/session.ts). There is one session:
// a command changes what the page shows exactly as the page's controls do — `load`, `set`, `mode`
// and `reset` go through the settings store and the page's restart (so the fields, the departure
// banner and the stored settings follow), `move` is the page's live move, `goto`/`step`/`back`
// move the ladder's cursor, `inspect` selects in the inspector — and what the console reads
// (`show`, `tcpdump`, the prompt) is the page's trace at the page's cursor, wherever the mouse put it.
import type { ConsoleSession, ExportKind } from '../../core/console/session.ts';
import type { ScenarioInfo, Topology, WhatIf } from '../../core/protocol.ts';
import type { Micros, TraceRecord } from '../../core/trace.ts';
import type { Session } from '../lib/session.svelte.ts';
import type { SettingsStore } from '../controls/store.svelte.ts';
import { ladderTitle, ladderToSvg } from '../../core/views/svg.ts';

export interface PageHooks {
  /** Restarts the engine on the store's settings (the page's own restart: catalogue, written values, load). */
  restart(): Promise<void>;
  /** The ladder's "Stretch short intervals" choice (an SVG export draws the ladder as shown). */
  stretch(): boolean;
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class PageSession implements ConsoleSession {
  constructor(
    private readonly session: Session,
    private readonly store: SettingsStore,
    private readonly hooks: PageHooks,
  ) {}

  get scenario(): string {
    return this.store.current.scenario;
  }
  get seed(): number {
    return this.store.current.seed;
  }
  /** The changes that really depart from the scenario as written: what the engine runs with. */
  get whatIf(): WhatIf {
    return this.store.departures;
  }
  get topology(): Topology | null {
    return this.session.topology;
  }
  get end(): Micros {
    return this.session.end;
  }
  get catalogue(): readonly ScenarioInfo[] {
    return this.session.scenarios;
  }

  async whenReady(): Promise<void> {
    // The page starts its engine as it opens (catalogue, then the stored scenario): a command
    // typed before that is done waits for it (at most 10 s; a failed start is reported by the command).
    const waiting = () => this.session.status === 'idle' || this.session.status === 'loading';
    for (let i = 0; i < 400 && waiting(); i++) await wait(25);
  }

  async load(id: string, seed: number, whatIf: WhatIf): Promise<void> {
    if (!this.catalogue.some((s) => s.id === id)) throw new Error(`no scenario "${id}"`);
    // Through the store, as the page's picker and fields: the settings persist and the banner says
    // whether the run departs from the scenario as written.
    this.store.replace({ scenario: id, seed, whatIf: { ...whatIf } });
    this.session.pause();
    await this.hooks.restart();
    if (this.session.error) throw new Error(this.session.error);
    this.session.pause();
  }

  get now(): Micros {
    return this.session.now;
  }

  async runTo(t: Micros): Promise<void> {
    // One advance at a time: the page's frames may have one in flight; wait for it, then ours.
    while (this.session.now < t && this.session.status === 'ready') {
      while (this.session.busy) await wait(5);
      if (this.session.now >= t) break;
      const ok = await this.session.advance(t);
      if (!ok && !this.session.busy) break;
    }
    this.session.flush();
  }

  async move(node: string, x: number, y: number): Promise<void> {
    // As the page's drag: a rewound view returns to the present first; paused, the move is at it.
    while (this.session.busy) await wait(5);
    const ok = await this.session.move(node, x, y);
    if (!ok) throw new Error(this.session.error ?? 'there is no engine to move (a recorded run, or loading)');
    this.session.flush();
    this.session.goLive();
  }

  get cursor(): Micros {
    return this.session.cursor;
  }
  seek(t: Micros): void {
    this.session.goto(t);
  }
  get playing(): boolean {
    return this.session.playing;
  }
  play(): void {
    this.session.play();
  }
  pause(): void {
    this.session.pause();
  }
  get speed(): number {
    return this.session.speed;
  }
  setSpeed(v: number): void {
    this.session.setSpeed(v);
  }
  records(): readonly TraceRecord[] {
    return this.session.trace.records;
  }
  select(pkt: number): void {
    this.session.select(pkt);
  }

  selectedPacket(): number | null {
    return this.session.selected;
  }

  async save(kind: ExportKind, name: string, data?: string | Uint8Array): Promise<string> {
    const body =
      data ??
      ladderToSvg(
        this.session.trace.ladder.view({
          cursor: this.session.cursor,
          stretch: this.hooks.stretch(),
          known: this.session.trace.nodes,
        }),
        // The title the export button writes (scenario, mode, seed).
        ladderTitle({
          scenario: this.store.current.scenario,
          seed: this.store.current.seed,
          mode: this.store.values.mode,
          whatIfMode: this.store.departures.mode,
        }),
      );
    const type = kind === 'pcap' ? 'application/vnd.tcpdump.pcap' : kind === 'svg' ? 'image/svg+xml' : 'text/plain';
    const url = URL.createObjectURL(new Blob([body as string | Uint8Array<ArrayBuffer>], { type }));
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
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
