// The WebAssembly backend's helper thread (started by wasm-threads.ts): serves kernels in the
// shared memory until the backend stops it.
import { workerData } from 'node:worker_threads';
import { serveKernels, type HelperStart } from '../src-core/wasm/threads.ts';

serveKernels(workerData as HelperStart);
