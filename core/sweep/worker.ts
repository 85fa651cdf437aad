// A Web Worker of a sweep (the page's experiments view, app/experiments/): runs the jobs it is
// given, one at a time, with the trace off. The handler is registered synchronously (STACK.md).
/// <reference lib="webworker" />
import { sweepServer } from './pool.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const handle = sweepServer((m) => scope.postMessage(m));
scope.onmessage = (ev: MessageEvent<unknown>) => handle(ev.data);
