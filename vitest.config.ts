import { defineConfig } from 'vitest/config';

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
        },
      },
      {
        // The desktop wiring: the real main, preload and worker bundles under the electron
        // stand-in (tests/desktop/stand-in), and the renderer in Chromium behind the same bridge.
        // One file at a time: each runs the app's main process, and some Chromium and training.
        extends: true,
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
