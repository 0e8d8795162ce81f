// Node's way of starting the WebAssembly backend's helper thread (src-core/wasm/threads.ts): a
// worker thread given the compiled kernels and the shared memory, which it serves until the
// backend stops it. The worker does not keep the process alive.

import { Worker } from 'node:worker_threads';
import type { HelperStart, StartHelper } from '../src-core/wasm/threads.ts';

export const HELPER_WORKER = new URL('./wasm-helper-worker.ts', import.meta.url);

export const startHelperThread: StartHelper = (start: HelperStart) => {
  const worker = new Worker(HELPER_WORKER, { workerData: start });
  worker.unref();
};
