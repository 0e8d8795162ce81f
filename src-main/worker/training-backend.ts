// The backend a training process computes on, chosen once per run by the core's chooser
// (src-core/wasm/choose.ts) from the kernels built into dist/wasm: the WebAssembly SIMD kernels
// where this runtime has what they need, else the TypeScript reference. The process logs the
// reason on its stderr and its `started` message carries the label, stored with the run.

import { availableParallelism } from 'node:os';
import { architectureOf } from '../../src-core/architecture.ts';
import type { TrainConfig } from '../../src-core/config.ts';
import { CHUNK } from '../../src-core/train.ts';
import { estimateRun, type DatasetShape } from '../../src-core/estimate.ts';
import { COPY_BYTES_PER_PIXEL, DEFAULT_CAPACITY } from '../../src-core/wasm/backend.ts';
import { chooseBackend, type BackendChoice } from '../../src-core/wasm/choose.ts';
import { loadKernels, type KernelsVariant } from '../wasm-build.ts';
import { startHelperThread } from '../wasm-threads.ts';

/** Bytes the WASM backend reserves for a run: twice what the estimate says its network, its
 * optimiser and its batch buffers take (the rest is scratch and alignment), and never less
 * than the backend's default, plus room for its own copy of the dataset's images, which it
 * gathers batches from (COPY_BYTES_PER_PIXEL). Reserved pages cost nothing until written. */
export function wasmCapacity(config: TrainConfig, shape: DatasetShape): number {
  const { weights, gradients, optimizer, activations, batch } = estimateRun(config, shape).ram;
  const images = (shape.trainCount + shape.testCount) * shape.rows * shape.cols;
  const work = 2 * (weights + gradients + optimizer + activations + batch);
  return Math.max(DEFAULT_CAPACITY, work) + COPY_BYTES_PER_PIXEL * images;
}

/** Multiply-adds in a step's first product (rows at once × inputs × first layer's units) from
 * which auto takes two threads. Measured in real training on this project's 2-core machine with
 * nothing else running (`Trainer` runs of a few seconds, one thread against two, twice each): two
 * were no faster for 784-32-16-10 on batches of 64 (1.6 million; 182k and 269k samples/s against
 * 125k and 235k), and faster for 784-128-64-10 on 64 (6.4 million; 75k and 82k against 88k and
 * 99k) and the Article net's 1000-row chunks (25 million; 4.0 and 5.7 iterations/s against 6.9
 * and 6.6). A single step with its data already in cache gains more from two (1.2×, 1.46×,
 * 1.75×: `npx node scripts/kernel-speed.ts`); in training each batch's images come from memory.
 * On a busy machine the backend takes back any half the helper has not started, so two are
 * never much slower than one. */
export const TWO_THREADS_FROM = 4_000_000;

/** Threads for a run: what the setting asks for, or on auto (also when absent) two where the
 * machine has two cores or more and the network's products are large enough to share. */
export function threadsFor(
  config: TrainConfig,
  shape: DatasetShape,
  cores = availableParallelism(),
): 1 | 2 {
  if (config.threads === 1 || config.threads === 2) return config.threads;
  if (cores < 2) return 1;
  const [inputs, units] = architectureOf(config, shape);
  const rows = config.batchSize === 'full' ? CHUNK : Math.min(config.batchSize, CHUNK);
  return rows * inputs * units >= TWO_THREADS_FROM ? 2 : 1;
}

/** The kernels' bytes, or null (saying why on stderr) when they cannot be read or built. */
export async function readKernels(variant: KernelsVariant): Promise<Uint8Array | null> {
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
  const shared = threadsFor(config, shape) === 2 ? await readKernels('shared') : null;
  const choice = chooseBackend(await readKernels('single'), {
    capacity: wasmCapacity(config, shape),
    twoThreads: shared === null ? undefined : { kernels: shared, start: startHelperThread },
  });
  console.error(`Backend: ${choice.label}. ${choice.reason}.`);
  return choice;
}
