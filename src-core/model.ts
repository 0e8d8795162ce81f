// A trained model as a versioned JSON document, so it can be saved, loaded and run later, by
// this app or by anyone who reads JSON. Layout (version 1):
//   { "format": "backprop-lab-model", "version": 1,
//     "sizes": [784, 32, 16, 10], "activations": ["relu", "relu"], "output": "softmax",
//     "input": { "rows": 28, "cols": 28, "scale": 255 },   // the network reads pixel / scale
//     "layers": [ { "weights": [[…OUT numbers] × IN], "biases": [OUT numbers] }, … ],
//     "meta": { …anything the writer wants to keep: config, metrics… } }
// weights[i][j] connects input i to unit j; "layers" holds one entry per layer with parameters.
// Version 2 adds, after "activations", the whole list of layers the network chains:
//     "stack": [ { "kind": "dense", "units": 32 }, { "kind": "activation", "fn": "relu" },
//                { "kind": "dropout", "rate": 0.2 }, … ]
// for networks that "sizes" and "activations" alone cannot describe (with dropout, say); a plain
// dense network is still written as version 1, byte for byte as before, so older readers keep
// reading it. Float32 values survive the round trip exactly (JSON keeps a double; the float32
// it came from is the nearest float32 to it).

import { ACTIVATIONS, type ActivationName } from './activations.ts';
import { layerSpecProblem, type LayerSpec } from './layer.ts';
import {
  stackArchitecture,
  checkArchitecture,
  Network,
  stackOf,
  stackParameterCount,
  type Architecture,
  type LayerStack,
} from './network.ts';
import type { FloatArray } from './types.ts';

export const MODEL_FORMAT = 'backprop-lab-model';
export const MODEL_VERSION = 2;

export interface ModelDocument {
  readonly format: typeof MODEL_FORMAT;
  readonly version: number;
  readonly sizes: number[];
  readonly activations: ActivationName[];
  /** Version 2 only: every layer in order. */
  readonly stack?: LayerSpec[];
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
  const { architecture, stack } = network;
  const plain = sameStack(stack, stackOf(architecture));
  return {
    format: MODEL_FORMAT,
    version: plain ? 1 : MODEL_VERSION,
    sizes: [...architecture.sizes],
    activations: [...architecture.activations],
    ...(plain ? {} : { stack: stack.layers.map((spec) => ({ ...spec })) }),
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

const sameStack = (a: LayerStack, b: LayerStack): boolean =>
  a.inputs === b.inputs && JSON.stringify(a.layers) === JSON.stringify(b.layers);

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
  let stack = stackOf({ sizes, activations: acts });
  if (d.version >= 2) {
    if (!Array.isArray(d.stack) || d.stack.length === 0)
      throw new ModelError('stack must list the layers of a version 2 model');
    d.stack.forEach((spec: unknown, i: number) => {
      const problem = layerSpecProblem(spec);
      if (problem !== null) throw new ModelError(`stack[${i}] ${problem}`);
    });
    stack = { inputs: sizes[0], layers: d.stack as LayerSpec[] };
    if (!sameArchitecture(stackArchitecture(stack), { sizes, activations: acts }))
      throw new ModelError('stack does not have the sizes and activations the model lists');
  }
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
  const weights = new Float64Array(stackParameterCount(stack));
  let offset = 0;
  sizes.slice(1).forEach((outSize: number, l: number) => {
    const inSize = sizes[l];
    const src = layers[l] as { weights?: unknown; biases?: unknown } | null;
    const where = `layers[${l}]`;
    if (!Array.isArray(src?.weights) || src.weights.length !== inSize)
      throw new ModelError(`${where}.weights must have ${inSize} rows`);
    src.weights.forEach((row: unknown, i: number) => {
      if (!Array.isArray(row) || row.length !== outSize)
        throw new ModelError(`${where}.weights[${i}] must have ${outSize} numbers`);
      copyNumbers(row, weights, offset + i * outSize, `${where}.weights[${i}]`);
    });
    offset += inSize * outSize;
    if (!Array.isArray(src.biases) || src.biases.length !== outSize)
      throw new ModelError(`${where}.biases must have ${outSize} numbers`);
    copyNumbers(src.biases, weights, offset, `${where}.biases`);
    offset += outSize;
  });
  return networkFromSaved({ stack, weights }, maxBatch);
}

const sameArchitecture = (a: Architecture, b: Architecture): boolean =>
  JSON.stringify([a.sizes, a.activations]) === JSON.stringify([b.sizes, b.activations]);

/** Saved weights as the app stores them: dense sizes, activation names, one flat block. */
export interface SavedWeights {
  readonly sizes: readonly number[];
  readonly activations: readonly string[];
  readonly weights: ArrayLike<number>;
}

/** A network holding saved weights (one flat block in the network's layout), checked to fit
 * together: the one way stored weights, model files and the renderer's copies become a Network. */
export function networkFromSaved(
  saved: SavedWeights | { readonly stack: LayerStack; readonly weights: ArrayLike<number> },
  maxBatch = 1,
): Network {
  let stack: LayerStack;
  if ('stack' in saved) stack = saved.stack;
  else {
    const unknown = saved.activations.find((a) => !(ACTIVATIONS as readonly string[]).includes(a));
    if (unknown !== undefined) throw new ModelError(`unknown activation "${unknown}"`);
    const architecture = { sizes: saved.sizes, activations: saved.activations as ActivationName[] };
    checkArchitecture(architecture);
    stack = stackOf(architecture);
  }
  const expected = stackParameterCount(stack);
  if (saved.weights.length !== expected)
    throw new ModelError(`it has ${saved.weights.length} weights, its layers need ${expected}`);
  const network = new Network(stack, maxBatch);
  network.params.set(saved.weights);
  return network;
}

function copyNumbers(src: unknown[], dst: FloatArray, offset: number, where: string): void {
  for (let j = 0; j < src.length; j++) {
    const v = src[j];
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new ModelError(`${where}[${j}] is ${JSON.stringify(v)}, not a finite number`);
    dst[offset + j] = v;
  }
}
