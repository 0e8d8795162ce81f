// The WebAssembly kernels (src-core/wasm/kernels.wat) compiled to dist/wasm/kernels.wasm. The
// .wasm is generated and git-ignored (dist/); it is rebuilt when missing or older than its
// source, by `npm run build:wasm`, by the tests' global setup and by loadKernels(), so a fresh
// checkout needs no separate step (as renderer-build.ts does for the renderer). Compiling needs
// wabt, a devDependency: a packaged app ships the built file.

import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { wasmApi, type WasmModule } from '../src-core/wasm/webassembly.ts';
import { writeFileAtomic } from './atomic-write.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const KERNELS_SOURCE = join(ROOT, 'src-core', 'wasm', 'kernels.wat');
export const KERNELS_WASM = join(ROOT, 'dist', 'wasm', 'kernels.wasm');

/** The post-MVP features the kernels use: f32x4, relaxed multiply-add, shared memory. */
const FEATURES = { simd: true, relaxed_simd: true, threads: true } as const;

/** The kernels' WAT source compiled to a binary module; throws with wabt's message (file, line,
 * column) when the source is not valid. */
export async function compileKernels(
  source = readFileSync(KERNELS_SOURCE, 'utf8'),
): Promise<Uint8Array> {
  const { default: wabt } = await import('wabt');
  const module = (await wabt()).parseWat('kernels.wat', source, FEATURES);
  try {
    // validate() takes the features too, though wabt's types leave the parameter out.
    (module.validate as (features: typeof FEATURES) => void)(FEATURES);
    return module.toBinary({}).buffer;
  } finally {
    module.destroy();
  }
}

export function kernelsAreCurrent(): boolean {
  return (
    existsSync(KERNELS_WASM) && statSync(KERNELS_SOURCE).mtimeMs <= statSync(KERNELS_WASM).mtimeMs
  );
}

/** Compiles the kernels unless the built file is current; returns its path. */
export async function ensureKernelsBuilt(log: (line: string) => void = () => {}): Promise<string> {
  if (kernelsAreCurrent()) return KERNELS_WASM;
  log('Compiling the WebAssembly kernels (once, after each change to kernels.wat)…');
  const bytes = await compileKernels();
  mkdirSync(dirname(KERNELS_WASM), { recursive: true });
  writeFileAtomic(KERNELS_WASM, bytes);
  return KERNELS_WASM;
}

/** The kernels' bytes, built first if needed: what the core's WASM backend is made from. */
export async function loadKernels(log?: (line: string) => void): Promise<Uint8Array> {
  return readFileSync(await ensureKernelsBuilt(log));
}

/** The built kernels compiled, for code that runs after a build step (tests, benchmarks); throws
 * rather than run kernels older than their source. */
export function builtKernelsModule(): WasmModule {
  if (!kernelsAreCurrent())
    throw new Error(`${KERNELS_WASM} is missing or older than kernels.wat: run npm run build:wasm`);
  const api = wasmApi();
  if (api === null) throw new Error('This runtime has no WebAssembly');
  return new api.Module(readFileSync(KERNELS_WASM));
}
