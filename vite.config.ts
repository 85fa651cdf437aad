import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: 'app',
  base: './',
  plugins: [svelte()],
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
  },
});
