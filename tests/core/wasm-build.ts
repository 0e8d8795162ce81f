// Vitest global setup for the unit tests: compile the WebAssembly kernels once, before any test
// starts, when dist/wasm/kernels.wasm is missing or older than kernels.wat.
import { ensureKernelsBuilt } from '../../src-main/wasm-build.ts';

export default async function setup(): Promise<void> {
  await ensureKernelsBuilt((line) => console.log(line));
}
