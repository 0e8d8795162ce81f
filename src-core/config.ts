// Everything that defines a training run, in one serialisable object, with its checks. The
// same config and seed always give the same weights and metrics (see rng.ts).

import { ACTIVATIONS, type ActivationName } from './activations.ts';
import { AUGMENTATION_LIMITS, THICKNESS_LIMIT, type Augmentation } from './augment.ts';
import { INITIALIZERS, type InitializerName } from './initializers.ts';
import { DEFAULT_INPUT, LIMITS, parameterProblem } from './limits.ts';
import { LOSSES, type LossName } from './losses.ts';
import { OPTIMIZERS, type OptimizerName } from './optimizers/optimizer.ts';
import type { Schedule } from './schedule.ts';

export interface TrainConfig {
  /** Hidden layer sizes; the input (784) and output (10) layers come from the data. */
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
  readonly schedule: Schedule;
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
  readonly field: string;
  constructor(field: string, problem: string) {
    super(`${field}: ${problem}`);
    this.name = 'ConfigError';
    this.field = field;
  }
}

/** Checks every field, within the caps of limits.ts; throws ConfigError naming the first bad
 * field. Returns the config. (checkRunFits in estimate.ts checks it against its dataset.) */
export function validateConfig(c: TrainConfig): TrainConfig {
  const positiveInt = (field: string, v: unknown, max: number): void => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > max)
      throw new ConfigError(field, `must be a whole number from 1 to ${max}, got ${String(v)}`);
  };
  const inRange = (field: string, v: unknown, min: number, max: number, open = false): void => {
    const ok = typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max;
    if (!ok || (open && v === min))
      throw new ConfigError(
        field,
        `must be a number ${open ? 'above' : 'from'} ${min} to ${max}, got ${String(v)}`,
      );
  };
  const oneOf = <T extends string>(field: string, v: unknown, allowed: readonly T[]): void => {
    if (!allowed.includes(v as T))
      throw new ConfigError(field, `must be one of ${allowed.join(', ')}, got ${String(v)}`);
  };

  if (!Array.isArray(c.layers) || c.layers.length > LIMITS.hiddenLayers)
    throw new ConfigError('layers', `must list at most ${LIMITS.hiddenLayers} hidden layer sizes`);
  c.layers.forEach((n, i) => positiveInt(`layers[${i}]`, n, LIMITS.unitsPerLayer));
  const tooMany = parameterProblem(c.layers, DEFAULT_INPUT, '28×28');
  if (tooMany !== null) throw new ConfigError('layers', tooMany);
  if (!Array.isArray(c.activations) || c.activations.length !== c.layers.length)
    throw new ConfigError(
      'activations',
      `needs one activation per hidden layer (${c.layers.length}), got ${Array.isArray(c.activations) ? c.activations.length : String(c.activations)}`,
    );
  c.activations.forEach((a, i) => oneOf(`activations[${i}]`, a, ACTIVATIONS));
  oneOf('loss', c.loss, LOSSES);
  oneOf('init', c.init, INITIALIZERS);
  oneOf('optimizer', c.optimizer, OPTIMIZERS);
  inRange('learningRate', c.learningRate, 0, 100, true);
  inRange('momentum', c.momentum, 0, 0.999);
  if (c.batchSize !== 'full') positiveInt('batchSize', c.batchSize, LIMITS.batchSize);
  if (c.optimizer === 'gd' && c.batchSize !== 'full')
    throw new ConfigError(
      'batchSize',
      `optimizer gd is full-batch gradient descent; use batch full, or optimizer sgd for batches of ${c.batchSize}`,
    );
  positiveInt('epochs', c.epochs, LIMITS.epochs);
  inRange('l2', c.l2, 0, 1);
  validateSchedule(c.schedule);
  if (typeof c.validation !== 'number' || !Number.isInteger(c.validation) || c.validation < 0)
    throw new ConfigError(
      'validation',
      `must be a whole number of images, 0 or more, got ${String(c.validation)}`,
    );
  inRange('testFraction', c.testFraction, 0, 0.5, true);
  if (typeof c.seed !== 'number' || !Number.isInteger(c.seed) || c.seed < 0 || c.seed > 0xffffffff)
    throw new ConfigError(
      'seed',
      `must be a whole number from 0 to 4294967295, got ${String(c.seed)}`,
    );
  const a = c.augmentation;
  if (a !== undefined && a !== null) {
    if (typeof a !== 'object')
      throw new ConfigError('augmentation', `must be the distortions or null, got ${String(a)}`);
    for (const [key, max] of Object.entries(AUGMENTATION_LIMITS))
      inRange(`augmentation.${key}`, a[key as keyof typeof AUGMENTATION_LIMITS], 0, max);
    if (typeof a.elastic !== 'boolean')
      throw new ConfigError(
        'augmentation.elastic',
        `must be true or false, got ${String(a.elastic)}`,
      );
    // Optional: augmentation saved before stroke thickening existed has none, meaning 0.
    if (a.thickness !== undefined)
      inRange('augmentation.thickness', a.thickness, 0, THICKNESS_LIMIT);
  }
  return c;
}

function validateSchedule(s: Schedule): void {
  if (s === null || typeof s !== 'object') throw new ConfigError('schedule', 'is missing');
  switch (s.type) {
    case 'constant':
      return;
    case 'step':
      if (!Number.isInteger(s.every) || s.every < 1)
        throw new ConfigError(
          'schedule.every',
          `must be a whole number of epochs, got ${String(s.every)}`,
        );
      if (typeof s.factor !== 'number' || !(s.factor > 0 && s.factor <= 1))
        throw new ConfigError(
          'schedule.factor',
          `must be above 0 and at most 1, got ${String(s.factor)}`,
        );
      return;
    case 'cosine':
      if (typeof s.minFactor !== 'number' || !(s.minFactor >= 0 && s.minFactor <= 1))
        throw new ConfigError(
          'schedule.minFactor',
          `must be from 0 to 1, got ${String(s.minFactor)}`,
        );
      return;
    default:
      throw new ConfigError('schedule.type', `must be constant, step or cosine`);
  }
}
