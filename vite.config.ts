import { build, defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';
import { fileURLToPath } from 'node:url';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The web component (issue 13, app/wc/fmip-lab.ts) as `fmip-lab.js` at the build's root, built
 * after the pages by a second build of its own: its Svelte styles are injected into each element's
 * shadow root (emitCss: false), which the pages' extracted CSS files could not reach, and it
 * shares no chunk with the pages, so it is one module (plus its worker and the wasm beside it).
 * Then the sample course page and its animated SVG are copied into `examples/`, served as they are.
 */
function webComponent(): Plugin {
  let outDir = '';
  return {
    name: 'fmip-web-component',
    apply: 'build',
    configResolved(c) {
      outDir = resolve(c.root, c.build.outDir);
    },
    async closeBundle() {
      await build({
        configFile: false,
        root,
        base: './',
        logLevel: 'warn',
        plugins: [svelte({ emitCss: false })],
        worker: { format: 'es' },
        build: {
          outDir,
          emptyOutDir: false,
          copyPublicDir: false,
          target: 'es2022',
          assetsInlineLimit: 0,
          rollupOptions: {
            input: { 'fmip-lab': join(root, 'app/wc/fmip-lab.ts') },
            output: {
              entryFileNames: '[name].js',
              codeSplitting: false,
              assetFileNames: 'assets/[name]-[hash][extname]',
            },
          },
        },
      });
      mkdirSync(join(outDir, 'examples'), { recursive: true });
      for (const f of ['course-page.html', 'fig3-ladder.svg', 'exercise-figure3.md'])
        copyFileSync(join(root, 'examples', f), join(outDir, 'examples', f));
    },
  };
}

export default defineConfig({
  root: 'app',
  // Relative asset URLs: the build works from any folder of any static host (docs/embedding.md).
  base: './',
  plugins: [
    svelte(),
    webComponent(),
    // Offline after the first visit (issue 13): a service worker precaching the whole build.
    // We register it ourselves (app/offline.ts, with workbox-window) so the lab and the embed
    // both do, each relative to its own URL.
    VitePWA({
      injectRegister: null,
      registerType: 'autoUpdate',
      manifest: false,
      workbox: {
        // Every kind of file the pages use, the Wireshark dissector (.lua, the export tools' link)
        // too; e2e/offline.spec.ts checks the precache is exactly what the pages reach.
        globPatterns: ['**/*.{js,css,html,wasm,svg,png,json,lua}'],
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
        // The teacher's marking page (issue 13): its own entry, so the lab's page stays as it is;
        // index.html, so /teacher/ opens it on any static server.
        teacher: fileURLToPath(new URL('./app/teacher/index.html', import.meta.url)),
      },
    },
  },
});
