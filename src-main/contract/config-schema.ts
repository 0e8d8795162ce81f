// Runtime schema of a TrainConfig, for every message that carries one across a process
// boundary. It checks shape and types; the core's validateConfig then checks meaning
// (ranges, combinations), so both the worker and the handler refuse the same configs.

import { z } from 'zod';
import { ACTIVATIONS } from '../../src-core/activations.ts';
import type { TrainConfig } from '../../src-core/config.ts';
import { INITIALIZERS } from '../../src-core/initializers.ts';
import { LOSSES } from '../../src-core/losses.ts';
import { OPTIMIZERS } from '../../src-core/optimizers/optimizer.ts';

export const scheduleSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('constant') }),
  z.strictObject({ type: z.literal('step'), every: z.number(), factor: z.number() }),
  z.strictObject({ type: z.literal('cosine'), minFactor: z.number() }),
]);

export const augmentationSchema = z.strictObject({
  rotation: z.number(),
  scale: z.number(),
  shift: z.number(),
  shear: z.number(),
  elastic: z.boolean(),
  // Optional: augmentation saved before stroke thickening existed has none (which means 0).
  thickness: z.number().optional(),
});

export const trainConfigSchema = z.strictObject({
  layers: z.array(z.number()).readonly(),
  activations: z.array(z.enum(ACTIVATIONS)).readonly(),
  loss: z.enum(LOSSES),
  init: z.enum(INITIALIZERS),
  optimizer: z.enum(OPTIMIZERS),
  learningRate: z.number(),
  momentum: z.number(),
  batchSize: z.union([z.number(), z.literal('full')]),
  epochs: z.number(),
  l2: z.number(),
  schedule: scheduleSchema,
  validation: z.number(),
  testFraction: z.number(),
  seed: z.number(),
  // Optional: configs saved before augmentation existed have no such field.
  augmentation: augmentationSchema.nullable().optional(),
}) satisfies z.ZodType<TrainConfig>;
