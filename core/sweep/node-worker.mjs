// Entry of a sweep's worker_threads worker: worker threads do not inherit the parent's tsx loader
// (Node 20), so register it here, then load the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./node-worker.ts');
