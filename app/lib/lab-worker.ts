// The lab's engine worker (core/worker.ts): one per page, for the lab itself and the iframe embed.
// A module of its own that only they import: the web component passes its shared worker instead
// (app/wc/engines.ts), so its build neither bundles nor emits this one (issue 13: it was an unused
// 170 KB file in the build, precached by the service worker).
export function labWorker(): Worker {
  return new Worker(new URL('../../core/worker.ts', import.meta.url), { type: 'module' });
}
