// The engine's Web Worker. DOM-free: it receives requests, drives the Lab, posts records.
// The message handler is registered synchronously (a module worker that awaits before setting
// onmessage loses its first message — STACK.md) and awaits the packet core inside.
/// <reference lib="webworker" />
import { loadPacketCore } from './wasm.ts';
import { Lab } from './lab.ts';
import { isRequest, type Reply, type Request } from './protocol.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const core = loadPacketCore();
let lab: Lab | undefined;

function reply(r: Reply): void {
  scope.postMessage(r);
}

async function handle(req: Request): Promise<void> {
  switch (req.type) {
    case 'load': {
      lab = new Lab(await core, req.seed);
      reply({ type: 'loaded', id: req.id, topology: lab.topology, now: lab.time });
      return;
    }
    case 'move': {
      if (!lab) throw new Error('move before load');
      reply({ type: 'records', id: req.id, records: lab.move(req.node, req.x, req.y), now: lab.time });
      return;
    }
    case 'advance': {
      if (!lab) throw new Error('advance before load');
      reply({ type: 'records', id: req.id, records: lab.advance(req.to), now: lab.time });
      return;
    }
  }
}

scope.onmessage = (ev: MessageEvent<unknown>) => {
  const data = ev.data;
  if (!isRequest(data)) {
    const id = typeof (data as { id?: unknown })?.id === 'number' ? (data as { id: number }).id : -1;
    reply({ type: 'error', id, message: 'malformed request to the engine worker', where: 'worker' });
    return;
  }
  handle(data).catch((e: unknown) => {
    reply({ type: 'error', id: data.id, message: e instanceof Error ? e.message : String(e), where: data.type });
  });
};
