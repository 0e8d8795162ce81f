// Trained models for the drawing pad. Each model's weights cross from the back end once; after
// that every prediction is a forward pass here in the renderer, so drawing never waits on the
// network or disk.

import type { ModelWeights } from '../../../src-main/contract/api.ts';
import { MNIST_IMAGE } from '../../../src-core/architecture.ts';
import { CLASSES } from '../../../src-core/limits.ts';
import type { Network } from '../../../src-core/network.ts';
import { predictProbabilities } from '../../../src-core/predict.ts';
import { networkFromModel } from '../../lib/network.ts';

/** A network ready to read drawn digits, and which saved weights it holds. */
export interface LoadedModel {
  readonly network: Network;
  /** The epoch the weights were saved after. */
  readonly epoch: number;
  readonly kind: ModelWeights['kind'];
}

/** Builds a one-row network from saved weights, checking they fit together and read 28×28
 * digits into ten classes. */
export function networkFromWeights(model: ModelWeights): Network {
  const { sizes } = model;
  const { rows, cols } = MNIST_IMAGE;
  if (sizes[0] !== rows * cols || sizes[sizes.length - 1] !== CLASSES)
    throw new Error(
      `this model reads ${sizes[0]} inputs into ${sizes[sizes.length - 1]} classes; ` +
        `the drawing pad needs ${rows}×${cols} = ${rows * cols} inputs and the ten digits`,
    );
  return networkFromModel(model);
}

/** The ten probabilities a network gives one 28×28 input. */
export function predictDigit(network: Network, input: Float32Array): number[] {
  return Array.from(predictProbabilities(network, input, 1));
}

/** Loads each model once: later requests for the same run share the first one's answer. A
 * failed load is forgotten, so asking again tries again. */
export class ModelCache {
  readonly #fetch: (id: number) => Promise<ModelWeights>;
  readonly #models = new Map<number, Promise<LoadedModel>>();

  constructor(fetch: (id: number) => Promise<ModelWeights>) {
    this.#fetch = fetch;
  }

  get(id: number): Promise<LoadedModel> {
    let model = this.#models.get(id);
    if (model === undefined) {
      model = this.#fetch(id).then((w) => ({
        network: networkFromWeights(w),
        epoch: w.epoch,
        kind: w.kind,
      }));
      this.#models.set(id, model);
      model.catch(() => this.#models.delete(id));
    }
    return model;
  }
}
