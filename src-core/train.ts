// The training loop, as an iterator of events. The caller pulls events and may stop between
// batches (shouldStop), so the same loop serves a terminal, a worker process and tests. A learner
// may also pause before any batch (pauseRequested), step one batch at a time, and change the
// learning rate (setLearningRate) while the run goes on.
//
// One step: gather a batch as floats (distorted at random if the config augments) → forward →
// loss and its gradient → zero gradients, backward → measure the gradient norms → add L2 →
// optimiser step. Full-batch gradient descent runs the same step over the
// whole training set in chunks, adding the chunks' gradients before one update (each chunk in
// passes of the backend's passRows rows, which give the same gradients).

import { Augmenter } from './augment.ts';
import { forwardBatch } from './batch.ts';
import { ConfigError, type TrainConfig } from './config.ts';
import type { Subset, Splits } from './data/split.ts';
import { explosionLimit } from './divergence.ts';
import { DivergedError, type TrainEvent } from './events.ts';
import type { Backend } from './backend.ts';
import { addWeightGradientNorms, weightedLayerCount } from './gradient-norms.ts';
import { initialize } from './initializers.ts';
import { CLASSES } from './limits.ts';
import type { Loss } from './losses.ts';
import { addToConfusion, countCorrect, emptyConfusion } from './metrics.ts';
import { TypeScriptBackend } from './kernels.ts';
import { Network, stackOf } from './network.ts';
import { createOptimizer } from './optimizers/create.ts';
import type { Optimizer } from './optimizers/optimizer.ts';
import { addL2Gradient } from './regularization.ts';
import { Rng } from './rng.ts';
import type { TrainState } from './train-state.ts';
import { learningRateAt } from './schedule.ts';
import { valueProblem } from './settings.ts';
import type { FloatArray } from './types.ts';
import { architectureOf } from './architecture.ts';

/** Rows per chunk when a pass covers more images than one batch (evaluation, full batch). */
export const CHUNK = 1000;

export interface TrainOptions {
  /** Asked before every batch; true stops the run after the batch in flight. */
  readonly shouldStop?: () => boolean;
  /** Asked before every batch; while true, the loop yields 'paused' and waits to be pulled.
   * Each further pull runs one batch and asks again, so a paused run moves in single steps. */
  readonly pauseRequested?: () => boolean;
  /** Milliseconds; Date.now by default. */
  readonly now?: () => number;
  readonly progressIntervalMs?: number;
}

export interface Evaluation {
  readonly loss: number;
  readonly accuracy: number;
  readonly confusion: number[][];
}

/** How far a gradient step has come: rows gone through, their summed loss and correct count. */
interface StepSoFar {
  readonly rows: number;
  readonly loss: number;
  readonly correct: number;
}

/** Buffers for one batch of up to `rows` images, from the network's backend. */
class BatchBuffers {
  readonly x: FloatArray;
  readonly labels: Uint8Array;
  readonly probs: FloatArray;
  readonly dLogits: FloatArray;
  constructor(backend: Backend, rows: number, pixels: number) {
    this.x = backend.allocate(rows * pixels);
    this.labels = new Uint8Array(rows);
    this.probs = backend.allocate(rows * CLASSES);
    this.dLogits = backend.allocate(rows * CLASSES);
  }
}

export class Trainer {
  readonly config: TrainConfig;
  readonly splits: Splits;
  readonly network: Network;
  readonly #loss: Loss;
  readonly #optimizer: Optimizer;
  readonly #buffers: BatchBuffers;
  readonly #batchSize: number;
  /** Rows per pass through the network within a chunk (see #step). */
  readonly #passRows: number;
  readonly #rng: Rng;
  /** Distorts the training batches; null when the config does not augment. */
  readonly #augmenter: Augmenter | null;
  /** Σ over the epoch's batches of each layer's ‖dW‖₂. */
  readonly #gradientNormSums: Float64Array;
  /** A rate the learner set during the run: it replaces the config's rate and schedule. */
  #learningRate: number | null = null;
  // Where the loop stands between epochs: what a checkpoint saves (see train-state.ts).
  #epochsDone = 0;
  /** The training images' order; each epoch of mini-batches reshuffles the last order. */
  readonly #order: Uint32Array;
  #trainMs = 0;
  #lastBatchLoss: number | null = null;
  /** Set by the run's first batch, measured before any update: no step should make it far worse. */
  #limit = Infinity;

  /** `backend` runs the kernels and holds the buffers: the TypeScript one unless given. With
   * `resume` (a state `checkpoint` gave after an epoch), the run goes on after that epoch. */
  constructor(
    config: TrainConfig,
    splits: Splits,
    backend: Backend = new TypeScriptBackend(),
    resume?: TrainState,
  ) {
    this.config = config;
    this.splits = splits;
    const { rows, cols } = splits.train.set;
    const trainCount = splits.train.indices.length;
    this.#batchSize =
      config.batchSize === 'full' ? trainCount : Math.min(config.batchSize, trainCount);
    const maxRows = bufferRows(this.#batchSize, largestPart(splits));
    // One seeded generator shuffles, starts the weights and draws the dropout masks.
    this.#rng = new Rng(config.seed);
    this.network = new Network(
      stackOf(
        { sizes: architectureOf(config, { rows, cols }), activations: config.activations },
        config.dropout ?? 0,
      ),
      maxRows,
      backend,
      this.#rng,
    );
    this.#buffers = new BatchBuffers(backend, maxRows, rows * cols);
    // Dropout draws its masks layer by layer for the rows of one forward pass: passes would hand
    // the same units other random numbers, so a network with dropout keeps whole chunks.
    this.#passRows = (config.dropout ?? 0) > 0 ? CHUNK : Math.min(backend.passRows ?? CHUNK, CHUNK);
    this.#loss = backend.loss(config.loss);
    this.#optimizer = createOptimizer(
      config.optimizer,
      this.network.params.length,
      config.momentum,
      backend,
    );
    initialize(this.network.chain, config.init, this.#rng);
    this.#augmenter = config.augmentation
      ? new Augmenter(config.augmentation, rows, cols, config.seed)
      : null;
    this.#gradientNormSums = new Float64Array(weightedLayerCount(this.network));
    this.#order = new Uint32Array(trainCount);
    for (let i = 0; i < trainCount; i++) this.#order[i] = i;
    if (resume !== undefined) this.#restore(resume);
  }

  /** The state to go on from after the last finished epoch; read it when the run yields its
   * 'epoch' event (the weights and moments change with the next batch). */
  checkpoint(): TrainState {
    return {
      epochsDone: this.#epochsDone,
      params: this.network.params.slice(),
      optimizer: this.#optimizer.state(),
      rng: this.#rng.state(),
      augmentRng: this.#augmenter?.rng.state() ?? null,
      order: this.#order.slice(),
      learningRate: this.#learningRate,
      trainMs: this.#trainMs,
      limit: this.#limit,
      lastBatchLoss: this.#lastBatchLoss,
    };
  }

  #restore(s: TrainState): void {
    const { params } = this.network;
    const refuse = (what: string, saved: number, own: number) => {
      throw new Error(`the saved training state holds ${saved} ${what}, the network has ${own}`);
    };
    if (s.params.length !== params.length) refuse('weights', s.params.length, params.length);
    if (s.order.length !== this.#order.length)
      refuse('training images', s.order.length, this.#order.length);
    if ((s.augmentRng === null) !== (this.#augmenter === null))
      throw new Error('the saved training state and the config disagree on augmentation');
    if (s.epochsDone < 1 || s.epochsDone > this.config.epochs)
      throw new Error(
        `the saved training state is after epoch ${s.epochsDone}, the run has ${this.config.epochs}`,
      );
    params.set(s.params);
    this.#optimizer.restore(s.optimizer);
    this.#rng.restore(s.rng);
    if (s.augmentRng !== null) this.#augmenter?.rng.restore(s.augmentRng);
    this.#order.set(s.order);
    this.#learningRate = s.learningRate;
    this.#epochsDone = s.epochsDone;
    this.#trainMs = s.trainMs;
    this.#limit = s.limit;
    this.#lastBatchLoss = s.lastBatchLoss;
  }

  /** From the next batch on, train at `lr` for the rest of the run, whatever the schedule says.
   * Throws ConfigError if `lr` is outside the learning rate's range (settings.ts). */
  setLearningRate(lr: number): void {
    this.#learningRate = checkLearningRate(lr);
  }

  *run(options: TrainOptions = {}): Generator<TrainEvent, void> {
    const now = options.now ?? Date.now;
    const interval = options.progressIntervalMs ?? 100;
    const shouldStop = options.shouldStop ?? (() => false);
    const pauseRequested = options.pauseRequested ?? (() => false);
    const { config, splits, network } = this;
    const trainCount = splits.train.indices.length;
    const batches = Math.ceil(trainCount / this.#batchSize);
    yield {
      type: 'start',
      trainCount,
      validationCount: splits.validation.indices.length,
      testCount: splits.test.indices.length,
      testHeldOut: splits.testHeldOut,
      batchesPerEpoch: batches,
      parameters: network.params.length,
    };

    const order = this.#order;
    for (let epoch = this.#epochsDone + 1; epoch <= config.epochs; epoch++) {
      const scheduled = learningRateAt(
        config.learningRate,
        config.schedule,
        epoch - 1,
        config.epochs,
      );
      if (config.batchSize !== 'full') this.#rng.shuffle(order);
      // A pause moves the epoch's start forward by its length, so timings count only work.
      let epochStart = now();
      let lastProgress = epochStart;
      let lossSum = 0;
      let correct = 0;
      let seen = 0;
      this.#gradientNormSums.fill(0);
      let lr = this.#learningRate ?? scheduled;
      for (let b = 0; b < batches; b++) {
        // A run asked to stop does not pause: it ends with 'cancelled' just below.
        if (pauseRequested() && !shouldStop()) {
          const pausedAt = now();
          yield {
            type: 'paused',
            epoch,
            epochs: config.epochs,
            batch: b,
            batches,
            loss: seen > 0 ? lossSum / seen : null,
            accuracy: seen > 0 ? correct / seen : null,
            lastBatchLoss: this.#lastBatchLoss,
            learningRate: this.#learningRate ?? scheduled,
            elapsedSeconds: (this.#trainMs + pausedAt - epochStart) / 1000,
          };
          const pausedFor = now() - pausedAt;
          epochStart += pausedFor;
          lastProgress += pausedFor;
        }
        if (shouldStop()) {
          yield { type: 'cancelled', epoch, batch: b };
          return;
        }
        const start = b * this.#batchSize;
        const size = Math.min(this.#batchSize, trainCount - start);
        lr = this.#learningRate ?? scheduled;
        const steps = this.#step(order, start, size, lr);
        // The step reports each chunk it took; a full batch is many chunks, so a run of one
        // batch per epoch still shows how far its epoch has come.
        let chunk = steps.next();
        for (; !chunk.done; chunk = steps.next()) {
          const t = now();
          const images = seen + chunk.value.rows;
          if (t - lastProgress < interval || images === trainCount) continue;
          lastProgress = t;
          const elapsed = (t - epochStart) / 1000;
          yield {
            type: 'progress',
            epoch,
            epochs: config.epochs,
            batch: chunk.value.rows === size ? b + 1 : b,
            batches,
            images,
            loss: (lossSum + chunk.value.loss) / images,
            accuracy: (correct + chunk.value.correct) / images,
            samplesPerSecond: elapsed > 0 ? images / elapsed : 0,
            elapsedSeconds: (this.#trainMs + t - epochStart) / 1000,
          };
        }
        const step = chunk.value;
        const meanLoss = step.loss / size;
        if (!Number.isFinite(meanLoss) || meanLoss > this.#limit)
          throw new DivergedError(epoch, b + 1, meanLoss, lr, this.#limit);
        if (this.#limit === Infinity) this.#limit = explosionLimit(config.loss, CLASSES, meanLoss);
        this.#lastBatchLoss = meanLoss;
        lossSum += step.loss;
        correct += step.correct;
        seen += size;
      }
      const trainedAt = now();
      this.#trainMs += trainedAt - epochStart;
      const validation =
        splits.validation.indices.length > 0 ? this.evaluate(splits.validation) : null;
      const seconds = (now() - epochStart) / 1000;
      const trainSeconds = (trainedAt - epochStart) / 1000;
      this.#epochsDone = epoch;
      yield {
        type: 'epoch',
        epoch,
        epochs: config.epochs,
        trainLoss: lossSum / seen,
        trainAccuracy: correct / seen,
        validationLoss: validation?.loss ?? null,
        validationAccuracy: validation?.accuracy ?? null,
        learningRate: lr,
        seconds,
        samplesPerSecond: trainSeconds > 0 ? seen / trainSeconds : 0,
        gradientNorms: Array.from(this.#gradientNormSums, (s) => s / batches),
      };
    }
    const test = this.evaluate(splits.test);
    const trainSeconds = this.#trainMs / 1000;
    yield {
      type: 'done',
      testLoss: test.loss,
      testAccuracy: test.accuracy,
      confusion: test.confusion,
      trainSeconds,
      samplesPerSecond: trainSeconds > 0 ? (trainCount * config.epochs) / trainSeconds : 0,
    };
  }

  /** One gradient step over positions [start, start+size) of the epoch's order. After each
   * chunk it yields the rows, summed loss and correct predictions so far (the loss measured
   * before the update, and not yet scaled); it returns them for the whole step. */
  *#step(
    order: Uint32Array,
    start: number,
    size: number,
    lr: number,
  ): Generator<StepSoFar, StepSoFar> {
    const { network } = this;
    const buf = this.#buffers;
    const scale = 1 / size;
    network.zeroGrad();
    let lossSum = 0;
    let correct = 0;
    // Mini-batches fit the buffers in one piece; a full batch goes through in chunks whose
    // gradients add up (backward accumulates) to the gradient of the whole batch, each chunk in
    // passes of the backend's passRows rows (the same gradients, taken while in cache).
    const pass = this.#passRows;
    const end = start + size;
    for (let chunk = start; chunk < end; chunk += CHUNK) {
      const chunkEnd = Math.min(chunk + CHUNK, end);
      for (let c = chunk; c < chunkEnd; c += pass) {
        const rows = Math.min(pass, chunkEnd - c);
        const train = this.splits.train;
        let logits: FloatArray;
        if (this.#augmenter === null)
          logits = forwardBatch(network, train, order, c, rows, buf.x, buf.labels, true);
        else {
          this.#augmenter.gatherBatch(train, order, c, rows, buf.x, buf.labels);
          logits = network.forward(buf.x, rows, true);
        }
        lossSum += this.#loss.compute(
          logits,
          buf.labels,
          buf.probs,
          buf.dLogits,
          rows,
          CLASSES,
          scale,
        );
        correct += countCorrect(buf.probs, buf.labels, rows, CLASSES);
        network.backward(buf.dLogits, rows);
      }
      yield { rows: chunkEnd - start, loss: lossSum, correct };
    }
    // Before L2, so the norms show what backpropagation delivers to each layer.
    addWeightGradientNorms(network, this.#gradientNormSums);
    if (this.config.l2 > 0) addL2Gradient(network, this.config.l2);
    this.#optimizer.step(network.params, network.grads, lr);
    return { rows: size, loss: lossSum, correct };
  }

  /** Mean loss, accuracy and confusion matrix over a part of the data, without training. */
  evaluate(subset: Subset): Evaluation {
    return evaluate(this.network, this.#loss, subset, this.#buffers);
  }
}

function evaluate(network: Network, loss: Loss, subset: Subset, buf: BatchBuffers): Evaluation {
  const total = subset.indices.length;
  const confusion = emptyConfusion(CLASSES);
  let lossSum = 0;
  let correct = 0;
  const rowsPerChunk = Math.min(CHUNK, network.maxBatch);
  for (let start = 0; start < total; start += rowsPerChunk) {
    const rows = Math.min(rowsPerChunk, total - start);
    const logits = forwardBatch(network, subset, null, start, rows, buf.x, buf.labels);
    lossSum += loss.compute(logits, buf.labels, buf.probs, null, rows, CLASSES, 1);
    correct += countCorrect(buf.probs, buf.labels, rows, CLASSES);
    addToConfusion(confusion, buf.probs, buf.labels, rows, CLASSES);
  }
  return { loss: lossSum / total, accuracy: correct / total, confusion };
}

/** Returns `lr` if it can be a learning rate (the settings table's range, as in a config). */
export function checkLearningRate(lr: number): number {
  const problem = valueProblem('learningRate', lr);
  if (problem !== null) throw new ConfigError('learningRate', problem);
  return lr;
}

/** Rows the network's buffers hold: a batch, or a chunk of the largest part evaluated, up to
 * CHUNK (a larger batch goes through in chunks). estimate.ts counts memory with it. */
export function bufferRows(batchSize: number, largestPart: number): number {
  return Math.max(Math.min(batchSize, CHUNK), Math.min(CHUNK, largestPart));
}

function largestPart(splits: Splits): number {
  return Math.max(splits.validation.indices.length, splits.test.indices.length, 1);
}
