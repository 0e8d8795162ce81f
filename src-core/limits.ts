// The caps on a run's size, in one place: validateConfig (config.ts) and checkAgainstDataset
// (estimate.ts) enforce them, the form and the CLI help quote them. They keep one run, or a few
// side by side, from exhausting a 24 GB machine: the 8 × 4096 network (117M parameters)
// peaked at 3.8 GB in the training process, 2.9 GB in the server and wrote 2.1 GB to the database
// in its first epoch, about 32 bytes a parameter for the training process alone.

import { parameterCount } from './network.ts';
import { PRESETS } from './presets.ts';

export const LIMITS = {
  /** Hidden layers between the input and the output. */
  hiddenLayers: 8,
  /** Units in one hidden layer. */
  unitsPerLayer: 4096,
  /** Weights and biases of the whole network: 10M is 19× the Best preset's 535,818, takes 40 MB
   * per checkpoint and, measured, peaks well under 2 GB (see src-main/bench/peak-memory.ts). */
  parameters: 10_000_000,
  /** Images per gradient step; 'full' (the whole training set) is always allowed. */
  batchSize: 60_000,
  /** 33× the Article preset's 300: each epoch writes a checkpoint and a row of metrics. */
  epochs: 10_000,
  /** The most a run's estimated memory (estimate.ts) may be, in the training process. */
  runMemoryBytes: 1024 * 1024 * 1024,
} as const;

/** Outputs of every network: the digits 0–9. */
export const CLASSES = 10;

/** The input size counted by validateConfig, before the dataset is known: MNIST's 28×28.
 * checkAgainstDataset counts again with the dataset's real size. */
export const DEFAULT_INPUT = 28 * 28;

const thousands = (n: number): string => Math.round(n).toLocaleString('en-US');

/** Why `layers` on `inputs` inputs (an image of `image`, e.g. "28×28") break the parameter cap,
 * or null when they fit. */
export function parameterProblem(
  layers: readonly number[],
  inputs: number,
  image: string,
): string | null {
  const sizes = networkSizes(layers, inputs);
  const p = parameterCount(sizes);
  if (p <= LIMITS.parameters) return null;
  const best = networkSizes(PRESETS.best.layers, DEFAULT_INPUT);
  return (
    `${sizes.join('-')} on ${image} images has ${thousands(p)} parameters, over the cap of ` +
    `${thousands(LIMITS.parameters)}; use fewer or smaller hidden layers ` +
    `(the Best preset, ${best.join('-')}, has ${thousands(parameterCount(best))})`
  );
}

/** A network's sizes, input first: one unit per input, the hidden layers, one output per class. */
export function networkSizes<L extends number | null>(
  layers: readonly L[],
  inputs: number,
): (number | L)[] {
  return [inputs, ...layers, CLASSES];
}
