// Messages between the supervisor and the training process, both directions, with schemas:
// each side validates what it receives, because the other side is another program.

import { z } from 'zod';
import { valueProblem } from '../../src-core/settings.ts';
import { trainConfigSchema } from './config-schema.ts';

/** Where the worker finds the data: a CSV file or a folder of IDX files (MNIST is one). */
export const datasetSourceSchema = z.strictObject({
  kind: z.enum(['csv', 'idx']),
  path: z.string().min(1),
  name: z.string(),
});
export type DatasetSource = z.infer<typeof datasetSourceSchema>;

const finite = z.number().refine(Number.isFinite, 'must be finite');
/** As in a config: above 0, at most 100. */
/** A learning rate changed during a run: the settings table's range, in its words. */
const learningRate = finite.superRefine((r, ctx) => {
  const problem = valueProblem('learningRate', r);
  if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
});

const weights = z.instanceof(Float32Array);
/** Core train-state.ts bytes: what a resumed run goes on from. */
const trainState = z.instanceof(Uint8Array);

/** `start` with `resume` goes on after the epoch that state was saved at. `cancel` stops after
 * the batch in flight, first testing `testWith` (the run's best checkpoint) when given.
 * `pause` stops the run before its next batch; while paused, each `step` trains one batch;
 * `resume` goes on; `set-learning-rate` replaces the rate (and schedule) from the next batch. */
export const toWorkerSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('start'),
    runId: z.number().int(),
    config: trainConfigSchema,
    dataset: datasetSourceSchema,
    resume: trainState.optional(),
  }),
  z.strictObject({ type: z.literal('cancel'), testWith: weights.nullable() }),
  z.strictObject({ type: z.literal('pause') }),
  z.strictObject({ type: z.literal('resume') }),
  z.strictObject({ type: z.literal('step') }),
  z.strictObject({ type: z.literal('set-learning-rate'), learningRate }),
]);
export type ToWorker = z.infer<typeof toWorkerSchema>;

export const fromWorkerSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('started'),
    trainCount: z.number().int(),
    validationCount: z.number().int(),
    testCount: z.number().int(),
    testHeldOut: z.boolean(),
    batchesPerEpoch: z.number().int(),
    parameters: z.number().int(),
    /** services/datasets.ts datasetHash of the data the process read, to compare with the
     * registered dataset's: the file may have changed on disk since it was imported. */
    datasetHash: z.string().regex(/^[0-9a-f]{64}$/, 'must be a sha256 in hex'),
    /** The kernels it computes on, in a few words (src-core/wasm/choose.ts label). */
    backend: z.string().min(1),
    /** The weights before any training (the loss landscape's start); absent on a resume. */
    weights: weights.optional(),
  }),
  z.strictObject({
    type: z.literal('progress'),
    epoch: z.number().int(),
    epochs: z.number().int(),
    batch: z.number().int(),
    batches: z.number().int(),
    images: z.number().int(),
    loss: finite,
    accuracy: finite,
    samplesPerSecond: finite,
    elapsedSeconds: finite,
  }),
  /** Waiting before a batch: after a `pause`, and again after each `step` (then `step`). */
  z.strictObject({
    type: z.literal('paused'),
    step: z.boolean(),
    epoch: z.number().int(),
    epochs: z.number().int(),
    batch: z.number().int(),
    batches: z.number().int(),
    loss: finite.nullable(),
    accuracy: finite.nullable(),
    lastBatchLoss: finite.nullable(),
    learningRate: finite,
    elapsedSeconds: finite,
  }),
  /** Training again after a `resume`, from this batch of this epoch. */
  z.strictObject({
    type: z.literal('resumed'),
    epoch: z.number().int(),
    batch: z.number().int(),
  }),
  /** The rate a `set-learning-rate` asked for is in force from the next batch. */
  z.strictObject({
    type: z.literal('learning-rate'),
    learningRate: finite,
    epoch: z.number().int(),
    batch: z.number().int(),
  }),
  z.strictObject({
    type: z.literal('epoch'),
    epoch: z.number().int(),
    epochs: z.number().int(),
    trainLoss: finite,
    trainAccuracy: finite,
    validationLoss: finite.nullable(),
    validationAccuracy: finite.nullable(),
    learningRate: finite,
    seconds: finite,
    samplesPerSecond: finite,
    gradientNorms: z.array(finite),
    weights,
    trainState,
  }),
  z.strictObject({
    type: z.literal('done'),
    testLoss: finite,
    testAccuracy: finite,
    confusion: z.array(z.array(z.number().int())),
    trainSeconds: finite,
    samplesPerSecond: finite,
    weights,
  }),
  /** Stopped by a `cancel`, at this batch of this epoch; `tested` is the result of the weights
   * the cancel asked to test, null if it asked for none or came before the data was loaded. */
  z.strictObject({
    type: z.literal('cancelled'),
    epoch: z.number().int(),
    batch: z.number().int(),
    tested: z
      .strictObject({
        testLoss: finite,
        testAccuracy: finite,
        confusion: z.array(z.array(z.number().int())),
      })
      .nullable(),
  }),
  z.strictObject({
    type: z.literal('failed'),
    reason: z.enum(['diverged', 'data', 'error']),
    message: z.string(),
  }),
]);
export type FromWorker = z.infer<typeof fromWorkerSchema>;
