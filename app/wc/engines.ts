// The web components' engine worker, shared by every element on the page (engines.worker.ts): each
// element's WorkerClient gets a Worker-like end of a MessageChannel, so the client, its protocol and
// its stale-reply rules are the lab's own (app/lib/worker-client.ts). Nine figures measured 378 MB
// of renderer memory with a worker each (bench/embeds.ts); the worker's heap and code are paid once.
// If the shared worker dies, every element hears it as its own worker's error: each shows it with a
// Restart button (app/embed/Figure.svelte), and the first restart starts a fresh shared worker.

type ErrorLike = { message: string; preventDefault(): void };

/** One element's end: what WorkerClient uses of a Worker (onmessage, onerror, postMessage, terminate). */
class PortEngine {
  onmessage: ((ev: MessageEvent) => void) | null = null;
  onerror: ((ev: ErrorLike) => void) | null = null;
  constructor(
    private readonly port: MessagePort,
    private readonly done: (e: PortEngine) => void,
  ) {
    port.onmessage = (ev) => this.onmessage?.(ev);
  }
  postMessage(message: unknown, transfer: Transferable[] = []): void {
    this.port.postMessage(message, transfer);
  }
  terminate(): void {
    this.port.postMessage({ fmipHub: 'close' });
    this.port.close();
    this.done(this);
  }
  fail(message: string): void {
    this.onerror?.({ message, preventDefault: () => {} });
  }
}

let worker: Worker | null = null;
const engines = new Set<PortEngine>();
let idle: ReturnType<typeof setTimeout> | undefined;

/** A fresh engine for one element (its Session's worker factory). */
export function sharedEngine(): Worker {
  clearTimeout(idle);
  if (!worker) {
    const w = new Worker(new URL('./engines.worker.ts', import.meta.url), { type: 'module' });
    w.onerror = (ev) => {
      ev.preventDefault();
      if (worker !== w) return;
      worker = null;
      w.terminate();
      const all = [...engines];
      engines.clear();
      for (const e of all) e.fail(ev.message || 'the worker failed to start');
    };
    worker = w;
  }
  const channel = new MessageChannel();
  worker.postMessage(null, [channel.port2]);
  const engine = new PortEngine(channel.port1, (e) => {
    engines.delete(e);
    // The last figure gone (removed from the page): stop the worker, unless another comes soon
    // (a figure that reloads ends its engine and starts the next one at once).
    if (engines.size === 0)
      idle = setTimeout(() => {
        if (engines.size === 0 && worker) {
          worker.terminate();
          worker = null;
        }
      }, 2000);
  });
  engines.add(engine);
  return engine as unknown as Worker;
}
