import { describe, expect, it } from 'vitest';
import { initialize } from '../../src-core/initializers.ts';
import {
  MODEL_FORMAT,
  MODEL_VERSION,
  ModelError,
  modelFromDocument,
  modelToDocument,
  type ModelDocument,
} from '../../src-core/model.ts';
import { Network } from '../../src-core/network.ts';
import { predictProbabilities } from '../../src-core/predict.ts';
import { Rng } from '../../src-core/rng.ts';
import { firstBitDifference } from '../fixtures/core/arrays.ts';

// A full-size 784-32-16-10 network with awkward float32 values (not short decimals).
function trained(): Network {
  const net = new Network({ sizes: [784, 32, 16, 10], activations: ['relu', 'tanh'] }, 4);
  initialize(net.layers, 'he', new Rng(21));
  const rng = new Rng(22);
  for (const layer of net.layers)
    for (let i = 0; i < layer.b.length; i++) layer.b[i] = rng.normal() * 0.1;
  net.params[0] = 1e-40; // a float32 subnormal
  return net;
}

const INPUT = { rows: 28, cols: 28 };

/** A round trip through JSON text, as when saving to and loading from a file. */
const throughJson = (doc: ModelDocument): unknown => JSON.parse(JSON.stringify(doc));

/** A small valid document (sizes 3-2-2) as plain JSON data, to break one field at a time. */
function smallDocument(): Record<string, unknown> & {
  layers: { weights: unknown[][]; biases: unknown[] }[];
} {
  const net = new Network({ sizes: [3, 2, 2], activations: ['sigmoid'] }, 1);
  net.params.set([0.5, -0.5, 1, 2, 3, 4, 0.1, 0.2, 1, 0, 0, 1, -1, 1]);
  return throughJson(modelToDocument(net, { rows: 1, cols: 3 })) as ReturnType<
    typeof smallDocument
  >;
}

function modelError(doc: unknown): ModelError {
  try {
    modelFromDocument(doc);
  } catch (error) {
    expect(error).toBeInstanceOf(ModelError);
    return error as ModelError;
  }
  return expect.fail('modelFromDocument accepted the document');
}

describe('modelToDocument', () => {
  it('writes the format, version, architecture and input scaling', () => {
    const doc = modelToDocument(trained(), INPUT, { note: 'hi' });
    expect(doc).toMatchObject({
      format: MODEL_FORMAT,
      version: MODEL_VERSION,
      sizes: [784, 32, 16, 10],
      activations: ['relu', 'tanh'],
      output: 'softmax',
      input: { rows: 28, cols: 28, scale: 255 },
      meta: { note: 'hi' },
    });
    expect(MODEL_FORMAT).toBe('backprop-lab-model');
    expect(MODEL_VERSION).toBe(1);
  });

  it('writes weights[i][j] as the weight from input i to unit j', () => {
    const net = trained();
    const doc = modelToDocument(net, INPUT);
    const layer = net.layers[1]; // 32 → 16
    expect(doc.layers[1].weights).toHaveLength(32);
    expect(doc.layers[1].weights[5]).toHaveLength(16);
    expect(doc.layers[1].weights[5][7]).toBe(layer.w[5 * 16 + 7]);
    expect(doc.layers[1].biases).toEqual(Array.from(layer.b));
  });

  it('defaults meta to an empty object', () => {
    expect(modelToDocument(trained(), INPUT).meta).toEqual({});
  });
});

describe('a JSON round trip', () => {
  const original = trained();
  const loaded = modelFromDocument(throughJson(modelToDocument(original, INPUT)), 4);

  it('gives bit-identical parameters (a subnormal included)', () => {
    expect(loaded.params).toBeInstanceOf(Float32Array);
    expect(firstBitDifference(loaded.params, original.params)).toBe(-1);
  });

  it('turns −0 into 0, as JSON has no −0, which computes the same', () => {
    const net = trained();
    net.params[1] = -0;
    const params = modelFromDocument(throughJson(modelToDocument(net, INPUT))).params;
    expect(params[1] === 0).toBe(true);
  });

  it('gives the same architecture', () => {
    expect(loaded.architecture).toEqual(original.architecture);
    expect(loaded.maxBatch).toBe(4);
  });

  it('gives identical probabilities', () => {
    const rng = new Rng(4);
    const x = Float32Array.from({ length: 3 * 784 }, () =>
      rng.uniform() < 0.8 ? 0 : rng.uniform(),
    );
    const before = predictProbabilities(original, x, 3);
    const after = predictProbabilities(loaded, x, 3);
    expect(firstBitDifference(after, before)).toBe(-1);
  });

  it('uses maxBatch 1 by default', () => {
    expect(modelFromDocument(smallDocument()).maxBatch).toBe(1);
  });
});

describe('modelFromDocument rejects', () => {
  it('a value that is not an object', () => {
    expect(modelError(null).message).toMatch(/expected a JSON object/);
    expect(modelError('model').message).toMatch(/expected a JSON object/);
  });

  it('the wrong format, quoting it', () => {
    expect(modelError({ ...smallDocument(), format: 'keras' }).message).toMatch(
      /format is "keras", expected "backprop-lab-model"/,
    );
  });

  it('a newer version, saying so', () => {
    expect(modelError({ ...smallDocument(), version: 2 }).message).toMatch(
      /version 2 was written by a newer Backprop Lab \(this one reads up to 1\)/,
    );
  });

  it('a version that is not a whole number from 1', () => {
    for (const version of [0, 1.5, '1', undefined])
      expect(modelError({ ...smallDocument(), version }).message).toMatch(/not a version number/);
  });

  it('sizes that are missing, too short or not positive integers', () => {
    for (const sizes of [undefined, [3], [3, 0, 2], [3, 2.5, 2]])
      expect(modelError({ ...smallDocument(), sizes }).message).toMatch(/sizes must list/);
  });

  it('activations of the wrong count or unknown names', () => {
    for (const activations of [[], ['sigmoid', 'relu'], ['swish']])
      expect(modelError({ ...smallDocument(), activations }).message).toMatch(
        /activations must name one of .* for each of the 1 hidden layers/,
      );
  });

  it('the wrong number of layers', () => {
    const doc = smallDocument();
    expect(modelError({ ...doc, layers: doc.layers.slice(0, 1) }).message).toMatch(
      /layers must hold 2 entries/,
    );
  });

  it('a layer that is null', () => {
    const doc = smallDocument();
    expect(modelError({ ...doc, layers: [doc.layers[0], null] }).message).toMatch(
      /layers\[1\]\.weights must have 2 rows/,
    );
  });

  it('weights with the wrong number of rows', () => {
    const doc = smallDocument();
    doc.layers[0].weights.pop();
    expect(modelError(doc).message).toMatch(/layers\[0\]\.weights must have 3 rows/);
  });

  it('a weight row of the wrong length', () => {
    const doc = smallDocument();
    doc.layers[1].weights[1].push(0);
    expect(modelError(doc).message).toMatch(/layers\[1\]\.weights\[1\] must have 2 numbers/);
  });

  it('biases of the wrong length', () => {
    const doc = smallDocument();
    doc.layers[0].biases = [1];
    expect(modelError(doc).message).toMatch(/layers\[0\]\.biases must have 2 numbers/);
  });

  it('a non-finite weight, naming its path', () => {
    const doc = smallDocument();
    doc.layers[0].weights[2][1] = null; // what JSON.stringify makes of NaN and Infinity
    expect(modelError(doc).message).toBe(
      'not a usable model: layers[0].weights[2][1] is null, not a finite number',
    );
  });

  it('a weight written as text, naming its path', () => {
    const doc = smallDocument();
    doc.layers[1].weights[0][1] = '0.5';
    expect(modelError(doc).message).toMatch(/layers\[1\]\.weights\[0\]\[1\] is "0\.5"/);
  });

  it('a non-finite bias, naming its path', () => {
    const doc = smallDocument();
    doc.layers[1].biases[1] = Infinity; // possible when the document did not come from JSON
    expect(modelError(doc).message).toMatch(/layers\[1\]\.biases\[1\] is null, not a finite/);
  });

  it('with ModelError as the error’s name', () => {
    expect(modelError(null).name).toBe('ModelError');
  });
});

describe('the small document', () => {
  it('loads and computes with its weights', () => {
    const net = modelFromDocument(smallDocument());
    // z1 = [1, 0, 0]·W1 + b1 = [0.5 + 0.1, −0.5 + 0.2]
    const logits = net.forward(new Float32Array([1, 0, 0]), 1);
    const a = [1 / (1 + Math.exp(-0.6)), 1 / (1 + Math.exp(0.3))];
    expect(logits[0]).toBeCloseTo(a[0] * 1 + a[1] * 0 - 1, 6);
    expect(logits[1]).toBeCloseTo(a[0] * 0 + a[1] * 1 + 1, 6);
  });
});
