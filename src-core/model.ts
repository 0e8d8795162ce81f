// A trained model as a versioned JSON document, so it can be saved, loaded and run later, by
// this app or by anyone who reads JSON. Layout (version 1):
//   { "format": "backprop-lab-model", "version": 1,
//     "sizes": [784, 32, 16, 10], "activations": ["relu", "relu"], "output": "softmax",
//     "input": { "rows": 28, "cols": 28, "scale": 255 },   // the network reads pixel / scale
//     "layers": [ { "weights": [[…OUT numbers] × IN], "biases": [OUT numbers] }, … ],
//     "meta": { …anything the writer wants to keep: config, metrics… } }
// weights[i][j] connects input i to unit j. Float32 values survive the round trip exactly
// (JSON keeps a double; the float32 it came from is the nearest float32 to it).

import { ACTIVATIONS, type ActivationName } from './activations.ts';
import { Network } from './network.ts';

export const MODEL_FORMAT = 'backprop-lab-model';
export const MODEL_VERSION = 1;

export interface ModelDocument {
  readonly format: typeof MODEL_FORMAT;
  readonly version: number;
  readonly sizes: number[];
  readonly activations: ActivationName[];
  readonly output: 'softmax';
  readonly input: { readonly rows: number; readonly cols: number; readonly scale: number };
  readonly layers: { readonly weights: number[][]; readonly biases: number[] }[];
  readonly meta: Record<string, unknown>;
}

export class ModelError extends Error {
  constructor(problem: string) {
    super(`not a usable model: ${problem}`);
    this.name = 'ModelError';
  }
}

export function modelToDocument(
  network: Network,
  input: { rows: number; cols: number },
  meta: Record<string, unknown> = {},
): ModelDocument {
  return {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    sizes: [...network.architecture.sizes],
    activations: [...network.architecture.activations],
    output: 'softmax',
    input: { rows: input.rows, cols: input.cols, scale: 255 },
    layers: network.layers.map((layer) => ({
      weights: Array.from({ length: layer.inSize }, (_, i) =>
        Array.from(layer.w.subarray(i * layer.outSize, (i + 1) * layer.outSize)),
      ),
      biases: Array.from(layer.b),
    })),
    meta,
  };
}

/** Checks a parsed JSON value field by field and builds the network it describes. */
export function modelFromDocument(doc: unknown, maxBatch = 1): Network {
  if (doc === null || typeof doc !== 'object') throw new ModelError('expected a JSON object');
  const d = doc as Record<string, unknown>;
  if (d.format !== MODEL_FORMAT)
    throw new ModelError(`format is ${JSON.stringify(d.format)}, expected "${MODEL_FORMAT}"`);
  if (typeof d.version !== 'number' || !Number.isInteger(d.version) || d.version < 1)
    throw new ModelError(`version ${JSON.stringify(d.version)} is not a version number`);
  if (d.version > MODEL_VERSION)
    throw new ModelError(
      `version ${d.version} was written by a newer Backprop Lab (this one reads up to ${MODEL_VERSION})`,
    );
  const sizes = d.sizes;
  if (
    !Array.isArray(sizes) ||
    sizes.length < 2 ||
    !sizes.every((s) => Number.isInteger(s) && s > 0)
  )
    throw new ModelError('sizes must list at least two positive layer sizes');
  const acts = d.activations;
  if (
    !Array.isArray(acts) ||
    acts.length !== sizes.length - 2 ||
    !acts.every((a) => (ACTIVATIONS as readonly unknown[]).includes(a))
  )
    throw new ModelError(
      `activations must name one of ${ACTIVATIONS.join(', ')} for each of the ${sizes.length - 2} hidden layers`,
    );
  if (d.output !== 'softmax')
    throw new ModelError(`output is ${JSON.stringify(d.output)}, expected "softmax"`);
  const input = d.input as { rows?: unknown; cols?: unknown; scale?: unknown } | null;
  if (
    input === null ||
    typeof input !== 'object' ||
    typeof input.rows !== 'number' ||
    typeof input.cols !== 'number' ||
    input.rows * input.cols !== sizes[0] ||
    input.scale !== 255
  )
    throw new ModelError(
      `input must give rows × cols = ${sizes[0]} (the first layer's size) and scale 255`,
    );
  const layers = d.layers;
  if (!Array.isArray(layers) || layers.length !== sizes.length - 1)
    throw new ModelError(`layers must hold ${sizes.length - 1} entries`);
  const network = new Network({ sizes, activations: acts }, maxBatch);
  network.layers.forEach((layer, l) => {
    const src = layers[l] as { weights?: unknown; biases?: unknown } | null;
    const where = `layers[${l}]`;
    if (!Array.isArray(src?.weights) || src.weights.length !== layer.inSize)
      throw new ModelError(`${where}.weights must have ${layer.inSize} rows`);
    src.weights.forEach((row: unknown, i: number) => {
      if (!Array.isArray(row) || row.length !== layer.outSize)
        throw new ModelError(`${where}.weights[${i}] must have ${layer.outSize} numbers`);
      copyNumbers(row, layer.w, i * layer.outSize, `${where}.weights[${i}]`);
    });
    if (!Array.isArray(src.biases) || src.biases.length !== layer.outSize)
      throw new ModelError(`${where}.biases must have ${layer.outSize} numbers`);
    copyNumbers(src.biases, layer.b, 0, `${where}.biases`);
  });
  return network;
}

function copyNumbers(
  src: unknown[],
  dst: Float32Array | Float64Array,
  offset: number,
  where: string,
): void {
  for (let j = 0; j < src.length; j++) {
    const v = src[j];
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new ModelError(`${where}[${j}] is ${JSON.stringify(v)}, not a finite number`);
    dst[offset + j] = v;
  }
}
