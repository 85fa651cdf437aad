// The web component (issue 13, docs/embedding.md): one ES module, `fmip-lab.js` at the build's
// root, that defines <fmip-lab> (the iframe embed's views: both, ladder, topology or measures) and
// <fmip-ladder> (the ladder alone). Attributes are the iframe's URL parameters (params.ts), checked
// the same way: a bad one is named in a message inside the element and keeps its default. Each
// element mounts its own Figure (app/embed/Figure.svelte) in its own shadow root, so it has its own
// Session and engine (an engine server of its own in the page's one engine worker, engines.ts) and
// its styles neither leak out nor are touched by the page's. The worker and the packet core are
// files beside this module, found from its own URL (Vite rewrites `new URL(…, import.meta.url)`),
// so it works from any folder of the course's own origin.
import { mount, unmount } from 'svelte';
import Figure from '../embed/Figure.svelte';
import { PARAMS, parseEmbedParams } from '../embed/params.ts';
import { parseCommand, type Command, type EmbedEvent } from '../embed/messages.ts';
import appCss from '../app.css?inline';
import embedCss from '../embed/embed.css?inline';
import { sharedEngine } from './engines.ts';

/**
 * The page's palette (app.css, embed.css) for a shadow root: :root is the host, data-theme its
 * `theme` attribute, body the host. Matched loosely: the build minifies the CSS (one line, the
 * attribute's quotes dropped).
 */
const PALETTE = (appCss + '\n' + embedCss)
  .replace(/:root\[data-theme=['"]?(\w+)['"]?\]/g, ":host([theme='$1'])")
  .replace(/:root/g, ':host')
  .replace(/(^|[}\s,])body(?=\s*[{,])/g, '$1:host');

const HOST_CSS = `
:host { display: block; position: relative; height: 520px; border: 1px solid var(--muted); border-radius: 6px; }
:host([hidden]) { display: none; }
`;

/** The attributes an element reads: the iframe's parameters but `origin` (no postMessage here). */
const ATTRIBUTES = PARAMS.filter((p) => p !== 'origin');

type Instance = ReturnType<typeof Figure>;

abstract class FmipElement extends HTMLElement {
  static get observedAttributes(): string[] {
    return [...ATTRIBUTES];
  }
  /** The view this element always shows (<fmip-ladder>), or null (the `view` attribute decides). */
  protected abstract readonly fixedView: string | null;
  private readonly root: ShadowRoot;
  private readonly container: HTMLDivElement;
  private figure: Instance | null = null;
  private remountQueued = false;

  constructor() {
    super();
    this.root = this.attachShadow({ mode: 'open' });
    const style = document.createElement('style');
    style.textContent = PALETTE + HOST_CSS;
    this.container = document.createElement('div');
    this.container.style.height = '100%';
    this.root.append(style, this.container);
  }

  connectedCallback(): void {
    if (!this.figure) this.mountFigure();
  }

  disconnectedCallback(): void {
    // Its worker stops with it (a course page that removes a figure leaves nothing running).
    this.unmountFigure();
  }

  attributeChangedCallback(): void {
    // A changed attribute makes a new figure (as a changed iframe src would); several at once, one.
    if (!this.figure || this.remountQueued) return;
    this.remountQueued = true;
    queueMicrotask(() => {
      this.remountQueued = false;
      if (!this.isConnected) return;
      this.unmountFigure();
      this.mountFigure();
    });
  }

  // The postMessage commands as methods, checked the same way (a bad value throws, naming it).
  play(): void {
    this.run({ fmip: 1, type: 'play' });
  }
  pause(): void {
    this.run({ fmip: 1, type: 'pause' });
  }
  /** Moves the time cursor to `ms` (virtual time; up to the scenario's end the engine runs there first) and pauses. */
  seek(ms: number): void {
    this.run({ fmip: 1, type: 'seek', t: ms });
  }
  /** Puts the mobile node at (x, y) metres, as a drag would (refused when drag="0"). */
  move(x: number, y: number): void {
    this.run({ fmip: 1, type: 'move', x, y });
  }
  load(opts: { scenario?: string; seed?: number; mode?: string } = {}): void {
    this.run({ fmip: 1, type: 'load', ...opts });
  }

  private run(msg: unknown): void {
    const c = parseCommand(msg);
    if (c === null) return;
    if ('error' in c) throw new TypeError(`<${this.localName}> ${c.error}`);
    this.figure?.command(c as Command);
  }

  private mountFigure(): void {
    const q = new URLSearchParams();
    for (const a of ATTRIBUTES) {
      const v = this.getAttribute(a);
      if (v !== null) q.set(a, v);
    }
    const errors: string[] = [];
    if (this.fixedView !== null) {
      if (q.has('view'))
        errors.push(`view=${JSON.stringify(q.get('view'))}: <${this.localName}> always shows the ${this.fixedView}.`);
      q.set('view', this.fixedView);
    }
    const parsed = parseEmbedParams('?' + q.toString());
    // parseEmbedParams names URL parameters; here they are attributes.
    errors.push(...parsed.errors);
    this.figure = mount(Figure, {
      target: this.container,
      props: {
        options: parsed.options,
        errors,
        standalone: false,
        labHref: new URL(/* @vite-ignore */ './index.html', import.meta.url).href,
        problemsLabel: `<${this.localName}> attributes:`,
        createWorker: sharedEngine,
        onevent: (e: EmbedEvent) => this.dispatchEvent(new CustomEvent('fmip', { detail: e })),
      },
    });
  }

  private unmountFigure(): void {
    if (this.figure) void unmount(this.figure);
    this.figure = null;
  }
}

/** The lab's live figure: views both (default), ladder, topology or measures. */
export class FmipLabElement extends FmipElement {
  protected readonly fixedView = null;
}

/** The message ladder alone, as the draft's figures draw it. */
export class FmipLadderElement extends FmipElement {
  protected readonly fixedView = 'ladder';
}

// Defined once, even if a page loads the module twice (another copy of the build, say).
if (!customElements.get('fmip-lab')) customElements.define('fmip-lab', FmipLabElement);
if (!customElements.get('fmip-ladder')) customElements.define('fmip-ladder', FmipLadderElement);
