// Node's way of starting the WebAssembly backend's helper thread (src-core/wasm/threads.ts): a
// worker thread given the compiled kernels and the shared memory, which it serves until the
// backend stops it. The worker does not keep the process alive.

import { Worker } from 'node:worker_threads';
import type { HelperStart, StartHelper } from '../src-core/wasm/threads.ts';
import { BUNDLED } from './wasm-build.ts';

/** Its entry: the source here, or its bundle beside this one (scripts/build-electron.ts). */
export const HELPER_WORKER = new URL(
  BUNDLED ? './wasm-helper-worker.mjs' : './wasm-helper-worker.ts',
  import.meta.url,
);

/** A helper that fails to start leaves the backend on one thread (it waits for a ready helper
 * before splitting any work), so its error is said on stderr rather than ending the process. */
export const startHelperThread: StartHelper = (start: HelperStart) => {
  const worker = new Worker(HELPER_WORKER, { workerData: start });
  worker.on('error', (error) =>
    console.error(`The WebAssembly helper thread stopped: ${error.message}`),
  );
  worker.unref();
};
