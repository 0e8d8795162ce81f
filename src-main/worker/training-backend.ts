// The backend a training process computes on, chosen once per run by the core's chooser
// (src-core/wasm/choose.ts) from the kernels built into dist/wasm: the WebAssembly SIMD kernels
// where this runtime has what they need, else the TypeScript reference. The process logs the
// reason on its stderr and its `started` message carries the label, stored with the run.

import type { TrainConfig } from '../../src-core/config.ts';
import { estimateRun, type DatasetShape } from '../../src-core/estimate.ts';
import { DEFAULT_CAPACITY } from '../../src-core/wasm/backend.ts';
import { chooseBackend, type BackendChoice } from '../../src-core/wasm/choose.ts';
import { loadKernels, type KernelsVariant } from '../wasm-build.ts';
import { startHelperThread } from '../wasm-threads.ts';

/** Bytes the WASM backend reserves for a run: twice what the estimate says its network, its
 * optimiser and its batch buffers take (the rest is scratch and alignment), and never less
 * than the backend's default. Reserved pages cost nothing until they are written. */
export function wasmCapacity(config: TrainConfig, shape: DatasetShape): number {
  const { weights, gradients, optimizer, activations, batch } = estimateRun(config, shape).ram;
  return Math.max(DEFAULT_CAPACITY, 2 * (weights + gradients + optimizer + activations + batch));
}

/** What the threads setting (absent = auto) asks for. Auto is one thread for now: two were
 * measured slower than one on a whole batch-64 step of a 2-core machine under load. */
export function threadsFor(config: TrainConfig): 1 | 2 {
  return config.threads === 2 ? 2 : 1;
}

/** The kernels' bytes, or null (saying why on stderr) when they cannot be read or built. */
async function readKernels(variant: KernelsVariant): Promise<Uint8Array | null> {
  try {
    return new Uint8Array(await loadKernels(variant));
  } catch (error) {
    console.error(
      `The WebAssembly kernels could not be read: ${error instanceof Error ? error.message : String(error)}`,
    );
    return null;
  }
}

export async function chooseTrainingBackend(
  config: TrainConfig,
  shape: DatasetShape,
): Promise<BackendChoice> {
  const shared = threadsFor(config) === 2 ? await readKernels('shared') : null;
  const choice = chooseBackend(await readKernels('single'), {
    capacity: wasmCapacity(config, shape),
    twoThreads: shared === null ? undefined : { kernels: shared, start: startHelperThread },
  });
  console.error(`Backend: ${choice.label}. ${choice.reason}.`);
  return choice;
}
