// The WebAssembly kernels (src-core/wasm/kernels.wat) compiled to dist/wasm/*.wasm. The .wasm
// files are generated and git-ignored (dist/); it is rebuilt when missing or older than its
// source, by `npm run build:wasm`, by the tests' global setup and by loadKernels(), so a fresh
// checkout needs no separate step (as renderer-build.ts does for the renderer). Compiling needs
// wabt, a devDependency: a packaged app ships the built file.

import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { wasmApi, type WasmModule } from '../src-core/wasm/webassembly.ts';
import { writeFileAtomic } from './atomic-write.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Whether this code runs from a bundle in dist/electron (scripts/build-electron.ts), as the
 * packaged app's training worker does, rather than from src-main in a checkout. */
export const BUNDLED = new URL('.', import.meta.url).pathname.endsWith('/dist/electron/');
/** dist/wasm, found from src-main or from dist/electron beside it (in the packaged app, in
 * app.asar.unpacked: electron-builder.yml unpacks both). */
const WASM_DIR = fileURLToPath(new URL(BUNDLED ? '../wasm/' : '../dist/wasm/', import.meta.url));
export const KERNELS_SOURCE = join(ROOT, 'src-core', 'wasm', 'kernels.wat');
/** One source, two modules: one importing an ordinary memory, and one importing a shared memory
 * (SharedArrayBuffer), which a helper thread can work in too (src-core/wasm/threads.ts). */
export const KERNELS_WASM = {
  single: join(WASM_DIR, 'kernels.wasm'),
  shared: join(WASM_DIR, 'kernels-shared.wasm'),
} as const;
export type KernelsVariant = keyof typeof KERNELS_WASM;
const MEMORY_IMPORT = '(import "env" "memory" (memory 1))';
const SHARED_MEMORY_IMPORT = '(import "env" "memory" (memory 1 65536 shared))';

/** The post-MVP features the kernels use: f32x4, relaxed multiply-add, shared memory. */
const FEATURES = { simd: true, relaxed_simd: true, threads: true } as const;

/** The kernels' WAT source compiled to a binary module; throws with wabt's message (file, line,
 * column) when the source is not valid. */
export async function compileKernels(
  variant: KernelsVariant,
  source = readFileSync(KERNELS_SOURCE, 'utf8'),
): Promise<Uint8Array> {
  if (!source.includes(MEMORY_IMPORT))
    throw new Error(`kernels.wat must import its memory as ${MEMORY_IMPORT}`);
  const text = variant === 'shared' ? source.replace(MEMORY_IMPORT, SHARED_MEMORY_IMPORT) : source;
  const { default: wabt } = await import('wabt');
  const module = (await wabt()).parseWat('kernels.wat', text, FEATURES);
  try {
    // validate() takes the features too, though wabt's types leave the parameter out.
    (module.validate as (features: typeof FEATURES) => void)(FEATURES);
    return module.toBinary({}).buffer;
  } finally {
    module.destroy();
  }
}

/** Whether both modules exist and are newer than kernels.wat; a packaged app has no source, and
 * its modules are current when they exist. */
export function kernelsAreCurrent(): boolean {
  const source = existsSync(KERNELS_SOURCE) ? statSync(KERNELS_SOURCE).mtimeMs : 0;
  return Object.values(KERNELS_WASM).every(
    (path) => existsSync(path) && source <= statSync(path).mtimeMs,
  );
}

/** Compiles both modules unless they are current. */
export async function ensureKernelsBuilt(log: (line: string) => void = () => {}): Promise<void> {
  if (kernelsAreCurrent()) return;
  log('Compiling the WebAssembly kernels (once, after each change to kernels.wat)…');
  for (const [variant, path] of Object.entries(KERNELS_WASM)) {
    const bytes = await compileKernels(variant as KernelsVariant);
    mkdirSync(dirname(path), { recursive: true });
    writeFileAtomic(path, bytes);
  }
}

/** A module's bytes, built first if needed: what the core's WASM backend is made from. */
export async function loadKernels(
  variant: KernelsVariant = 'single',
  log?: (line: string) => void,
): Promise<Uint8Array> {
  await ensureKernelsBuilt(log);
  return readFileSync(KERNELS_WASM[variant]);
}

/** A built module compiled, for code that runs after a build step (tests, benchmarks); throws
 * rather than run kernels older than their source. */
export function builtKernelsModule(variant: KernelsVariant = 'single'): WasmModule {
  if (!kernelsAreCurrent())
    throw new Error(
      `The kernels in ${dirname(KERNELS_WASM.single)} are missing or older than kernels.wat: run npm run build:wasm`,
    );
  const api = wasmApi();
  if (api === null) throw new Error('This runtime has no WebAssembly');
  return new api.Module(readFileSync(KERNELS_WASM[variant]));
}
