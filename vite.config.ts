// The renderer's build: Svelte 5 compiled by Vite into dist/renderer, loaded by Electron through
// its app:// protocol and by `backprop-lab serve` over HTTP. Relative asset paths work for both.
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'src-renderer',
  base: './',
  plugins: [svelte()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2023',
    chunkSizeWarningLimit: 1000,
  },
});
