// Bundles the Electron side into dist/electron with Vite (npm run build:electron):
//   main.js               the main process (ESM; package.json "main")
//   preload.cjs           the window's preload: one CommonJS file, as a sandboxed preload must be
//   training-worker.mjs   the training process that utilityProcess.fork starts (.mjs because it
//                         runs from app.asar.unpacked, where no package.json says "type": "module")
//   import-worker.mjs     the worker thread that parses an imported dataset off the main thread
//                         (also unpacked, for the same reason)
//   wasm-helper-worker.mjs  the training worker's second WebAssembly thread (also unpacked)
//   landscape-worker.mjs  the worker thread that computes a loss landscape (also unpacked)
// and makes sure dist/wasm holds the kernels the training worker reads (src-main/wasm-build.ts).
// Everything is bundled except Electron itself, Node's built-ins and better-sqlite3 (a native
// module, loaded from node_modules).

import { rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type InlineConfig } from 'vite';
import { ensureKernelsBuilt } from '../src-main/wasm-build.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const ELECTRON_OUT = path.join(ROOT, 'dist', 'electron');
const EXTERNAL = ['electron', 'better-sqlite3'];

interface Bundle {
  readonly entry: string;
  readonly file: string;
  readonly format: 'es' | 'cjs';
  /** Where it runs: Electron 45's Node 24, or its Chromium for the preload. */
  readonly target: string;
}

const BUNDLES: readonly Bundle[] = [
  { entry: 'src-main/electron/main.ts', file: 'main.js', format: 'es', target: 'node24' },
  {
    entry: 'src-main/electron/preload.ts',
    file: 'preload.cjs',
    format: 'cjs',
    target: 'chrome140',
  },
  {
    entry: 'src-main/worker/training-worker.ts',
    file: 'training-worker.mjs',
    format: 'es',
    target: 'node24',
  },
  {
    entry: 'src-main/services/import-worker.ts',
    file: 'import-worker.mjs',
    format: 'es',
    target: 'node24',
  },
  {
    entry: 'src-main/worker/landscape-worker.ts',
    file: 'landscape-worker.mjs',
    format: 'es',
    target: 'node24',
  },
  {
    entry: 'src-main/wasm-helper-worker.ts',
    file: 'wasm-helper-worker.mjs',
    format: 'es',
    target: 'node24',
  },
];

function configFor(bundle: Bundle): InlineConfig {
  return {
    configFile: false,
    root: ROOT,
    logLevel: 'warn',
    // An SSR build is Vite's Node bundle: Node resolution, built-ins left as imports.
    ssr: { noExternal: true, external: EXTERNAL },
    build: {
      ssr: bundle.entry,
      outDir: ELECTRON_OUT,
      emptyOutDir: false,
      target: bundle.target,
      minify: false,
      sourcemap: true,
      rolldownOptions: {
        external: [...EXTERNAL, ...builtinModules, /^node:/],
        output: { format: bundle.format, entryFileNames: bundle.file },
      },
    },
  };
}

/** The files this build writes into dist/electron. */
export const BUNDLE_FILES: readonly string[] = BUNDLES.map((bundle) => bundle.file);

export async function buildElectron(): Promise<void> {
  rmSync(ELECTRON_OUT, { recursive: true, force: true });
  for (const bundle of BUNDLES) await build(configFor(bundle));
  await ensureKernelsBuilt();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildElectron();
  console.log(`Built ${BUNDLE_FILES.join(', ')} in ${path.relative(ROOT, ELECTRON_OUT)}`);
}
