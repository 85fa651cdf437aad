// One engine worker for every web component on a page (app/wc/engines.ts): each element's Session
// talks to its own engine server (core/engine-server.ts, with its own packet core instances) over
// a MessagePort of its own, so the runs stay apart while the page pays for one worker — one
// JavaScript heap and one copy of the engine's code — instead of one per figure. Messages on a port
// are the ordinary worker protocol (core/protocol.ts); `{ fmipHub: 'close' }` ends that port's engine.
/// <reference lib="webworker" />
import { loadPacketCore } from '../../core/wasm.ts';
import { engineServer } from '../../core/engine-server.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
scope.onmessage = (ev: MessageEvent<unknown>) => {
  const port = ev.ports[0];
  if (!port) return;
  // Registered at once: the port's first request must not be lost (STACK.md).
  const handle = engineServer({ post: (r) => port.postMessage(r), loadCore: loadPacketCore });
  port.onmessage = (e: MessageEvent<unknown>) => {
    const d = e.data as { fmipHub?: string } | null;
    if (d && typeof d === 'object' && d.fmipHub === 'close') {
      // The element's run is over: drop its engine (garbage once the port is closed).
      port.onmessage = null;
      port.close();
      return;
    }
    void handle(e.data);
  };
};
