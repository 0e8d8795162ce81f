// The backend a loss landscape computes on: the WebAssembly SIMD kernels where this runtime has
// them (one thread: the landscape shares the machine with training), else the TypeScript
// reference, chosen as a training run's is (src-core/wasm/choose.ts).

import type { LayerStack } from '../../src-core/network.ts';
import { CHUNK } from '../../src-core/train.ts';
import { denseBlocks } from '../../src-core/landscape/layout.ts';
import { DEFAULT_CAPACITY } from '../../src-core/wasm/backend.ts';
import { chooseBackend, type BackendChoice } from '../../src-core/wasm/choose.ts';
import { readKernels } from './training-backend.ts';

/** Bytes the WASM backend reserves: the first layer's products of up to three fixed vectors
 * for every image, a few networks' parameters and 1000-row buffers, twice over, and room for
 * the images it gathers from. Reserved pages cost nothing until written. */
export function landscapeCapacity(stack: LayerStack, images: number, datasetBytes: number): number {
  const blocks = denseBlocks(stack);
  const units = blocks.reduce((n, b) => n + b.outSize, stack.inputs);
  const params = blocks.reduce((n, b) => n + (b.inSize + 1) * b.outSize, 0);
  const work = 4 * (3 * images * blocks[0].outSize + 6 * params + 6 * CHUNK * units);
  return DEFAULT_CAPACITY + 2 * work + datasetBytes;
}

export async function chooseLandscapeBackend(
  stack: LayerStack,
  images: number,
  datasetBytes: number,
): Promise<BackendChoice> {
  return chooseBackend(await readKernels('single'), {
    capacity: landscapeCapacity(stack, images, datasetBytes),
  });
}
