// Everything that defines a training run, in one serialisable object. Its fields' ranges,
// labels and flags are the table in settings.ts, which tests hold equal to this type. The
// same config and seed always give the same weights and metrics (see rng.ts).

import type { ActivationName } from './activations.ts';
import type { Augmentation } from './augment.ts';
import type { InitializerName } from './initializers.ts';
import type { LossName } from './losses.ts';
import type { OptimizerName } from './optimizers/optimizer.ts';
import type { Schedule } from './schedule.ts';
import { settingsProblems, type SettingProblem } from './settings.ts';

export interface TrainConfig {
  /** Hidden layer sizes; the input (a unit per pixel) and output (10) layers come from the data. */
  readonly layers: readonly number[];
  /** One activation per hidden layer. */
  readonly activations: readonly ActivationName[];
  readonly loss: LossName;
  readonly init: InitializerName;
  readonly optimizer: OptimizerName;
  readonly learningRate: number;
  /** μ of the momentum optimiser (ignored by the others). */
  readonly momentum: number;
  /** Images per gradient step, or 'full' for the whole training set (the blog's method). */
  readonly batchSize: number | 'full';
  readonly epochs: number;
  /** L2 penalty λ: adds λ·w to each weight's gradient (biases are not penalised). */
  readonly l2: number;
  /** Share of every hidden layer's outputs dropped at random while training (inverted dropout,
   * see dropout.ts); absent = 0, as in runs saved before it existed. */
  readonly dropout?: number;
  readonly schedule: Schedule;
  /** Threads computing each step on the WebAssembly kernels (the results are the same on each);
   * absent = 'auto', as in runs saved before it existed. */
  readonly threads?: number | 'auto';
  /** Training images held out to validate after every epoch (the blog holds out 1000). */
  readonly validation: number;
  /** Share of images held out for testing when the dataset has no test part. */
  readonly testFraction: number;
  readonly seed: number;
  /** Random distortions of the training images (see augment.ts); absent or null = none. Optional
   * because runs saved before it existed have no such field. */
  readonly augmentation?: Augmentation | null;
}

export class ConfigError extends Error {
  /** The first problem's field, e.g. "layers[1]" or "schedule.every". */
  readonly field: string;
  /** Every problem, the first one first. */
  readonly errors: readonly SettingProblem[];
  constructor(field: string, problem: string, more: readonly SettingProblem[] = []) {
    super(`${field}: ${problem}`);
    this.name = 'ConfigError';
    this.field = field;
    this.errors = [{ field, message: problem }, ...more];
  }
}

/** Checks every field against the table of settings (settings.ts), within the caps of
 * limits.ts; throws a ConfigError listing every problem, named after the first. Returns the
 * config. (checkAgainstDataset in estimate.ts checks it against its dataset.) */
export function validateConfig(c: TrainConfig): TrainConfig {
  refuseProblems(settingsProblems(c));
  return c;
}

/** Throws a ConfigError listing `problems`, named after the first; nothing when there are none. */
export function refuseProblems(problems: readonly SettingProblem[]): void {
  const [first, ...more] = problems;
  if (first !== undefined) throw new ConfigError(first.field, first.message, more);
}
