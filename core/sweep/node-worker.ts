// A worker_threads worker of a sweep (core/sweep/node.ts): runs the jobs it is given, one at a time.
import { parentPort } from 'node:worker_threads';
import { sweepServer } from './pool.ts';

const port = parentPort!;
const handle = sweepServer((m) => port.postMessage(m));
port.on('message', handle);
