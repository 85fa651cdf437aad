import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: 'app',
  // Relative asset URLs: the build works from any folder of any static host (docs/embedding.md).
  base: './',
  plugins: [
    svelte(),
    // Offline after the first visit (issue 13): a service worker precaching the whole build.
    // We register it ourselves (app/offline.ts, with workbox-window) so the lab and the embed
    // both do, each relative to its own URL.
    VitePWA({
      injectRegister: null,
      registerType: 'autoUpdate',
      manifest: false,
      workbox: {
        globPatterns: ['**/*.{js,css,html,wasm,svg,png,json}'],
        // The lab's settings live in the query (?scenario=fig3&seed=2): any query opens the cached page.
        ignoreURLParametersMatching: [/.*/],
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        skipWaiting: true,
      },
    }),
  ],
  worker: { format: 'es' },
  server: {
    // app/ is the web root; core/ and build/ sit beside it.
    fs: { allow: [root] },
  },
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    target: 'es2022',
    // Keep the wasm a separate, cacheable asset (Vite inlines under 4 KiB by default).
    assetsInlineLimit: 0,
    rollupOptions: {
      // The lab, the embed for iframes in course pages (docs/embedding.md), the teacher's page.
      input: {
        main: fileURLToPath(new URL('./app/index.html', import.meta.url)),
        embed: fileURLToPath(new URL('./app/embed/embed.html', import.meta.url)),
        // The teacher's marking page (issue 13): its own entry, so the lab's page stays as it is.
        teacher: fileURLToPath(new URL('./app/teacher/teacher.html', import.meta.url)),
      },
    },
  },
});
