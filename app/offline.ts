// Offline (issue 13): registers the service worker vite-plugin-pwa generates (it precaches the
// whole build), relative to the page so it works from any folder of a static host. Only in a
// build: the dev server has no service worker. A failure only means no offline copy.
import { Workbox } from 'workbox-window';

export function registerOffline(swUrl: string): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  new Workbox(swUrl).register().catch(() => {
    // No service worker (private mode, file://, a host that refuses it): the lab still works online.
  });
}
