// Offline (issue 13): registers the service worker vite-plugin-pwa generates (it precaches the
// whole build), relative to the page so it works from any folder of a static host. Only in a
// build: the dev server has no service worker. A failure only means no offline copy.
//
// Registered once the lab is ready (the first scenario loaded: the engine's worker and the packet
// core have arrived), then when the browser is idle: the precache is about 650 KB gzipped, more
// than twice what the lab needs to start, and on a slow link it would compete with the worker and
// the wasm for the first visit's bandwidth. A page that never gets ready still registers after
// READY_WAIT_MS.
import { Workbox } from 'workbox-window';
import { READY_EVENT } from './lib/session.svelte.ts';
const READY_WAIT_MS = 15_000;

export function registerOffline(swUrl: string): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  let done = false;
  const go = (): void => {
    if (done) return;
    done = true;
    const register = (): void => {
      new Workbox(swUrl).register().catch(() => {
        // No service worker (private mode, file://, a host that refuses it): the lab still works online.
      });
    };
    if ('requestIdleCallback' in window) requestIdleCallback(register, { timeout: 2000 });
    else setTimeout(register, 0);
  };
  window.addEventListener(READY_EVENT, go, { once: true });
  setTimeout(go, READY_WAIT_MS);
}
