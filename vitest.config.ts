import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

/** Tests slow by design: training on all of MNIST, killing and waiting for real processes,
 * thousands of generated requests, very large models. Their own project, still run by npm test
 * and CI, so the unit project stays quick to run while working (npx vitest run --project unit). */
const SLOW = [
  'tests/core/robustness.test.ts',
  'tests/core/train.test.ts',
  'tests/main/cli/crash.test.ts',
  'tests/main/services/supervisor-resume.test.ts',
  'tests/main/fuzz/**/*.test.ts',
  'tests/main/transport/large-model.test.ts',
  'tests/main/store/list-speed.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: [
            'tests/core/**/*.test.ts',
            'tests/main/**/*.test.ts',
            'tests/electron/**/*.test.ts',
            'tests/renderer/**/*.test.ts',
          ],
          exclude: SLOW,
          globalSetup: ['tests/core/wasm-build.ts'],
        },
      },
      {
        extends: true,
        test: { name: 'slow', include: SLOW, testTimeout: 240_000 },
      },
      {
        // The desktop wiring: the real main, preload and worker bundles under the electron
        // stand-in (tests/desktop/stand-in), and the renderer in Chromium behind the same bridge.
        // One file at a time: each runs the app's main process, and some Chromium and training.
        // The Svelte plugin compiles the renderer modules a test loads in Node (api.ts reports to
        // the runes of lib/connection.svelte.ts), as the renderer's build does.
        extends: true,
        plugins: [svelte()],
        test: {
          name: 'desktop',
          include: ['tests/desktop/**/*.test.ts'],
          fileParallelism: false,
          globalSetup: ['tests/desktop/build-bundles.ts'],
          testTimeout: 120_000,
        },
      },
      {
        // Browser tests: one file at a time (each runs a server, Chromium and training on 2 cores),
        // against a renderer built once before they start.
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          fileParallelism: false,
          globalSetup: ['tests/e2e/build-renderer.ts'],
          testTimeout: 120_000,
        },
      },
      {
        // What electron-builder makes (tests/packaging/layout.test.ts packs the app with a
        // stand-in Electron) and the files it packs from: icons, the CI workflow.
        extends: true,
        test: {
          name: 'packaging',
          include: ['tests/packaging/**/*.test.ts'],
          testTimeout: 180_000,
        },
      },
    ],
  },
});
