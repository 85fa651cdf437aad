// The engine's Web Worker: wires the DOM-free handler (core/engine-server.ts) to `self`. The
// message handler is registered synchronously (a module worker that awaits before setting
// onmessage loses its first message — STACK.md); the handler awaits the packet core inside.
/// <reference lib="webworker" />
import { loadPacketCore } from './wasm.ts';
import { engineServer } from './engine-server.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const handle = engineServer({
  post: (r) => scope.postMessage(r),
  loadCore: loadPacketCore,
  // Thrown outside any handler, as a bug would be: the page sees the worker's error event.
  onCrash: () =>
    setTimeout(() => {
      throw new Error('engine crash requested by a test');
    }),
});
scope.onmessage = (ev: MessageEvent<unknown>) => void handle(ev.data);
