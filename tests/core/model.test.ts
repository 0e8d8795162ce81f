import { describe, expect, it } from 'vitest';
import { initialize } from '../../src-core/initializers.ts';
import {
  MODEL_FORMAT,
  MODEL_VERSION,
  ModelError,
  modelFromDocument,
  modelToDocument,
  networkFromSaved,
  type ModelDocument,
} from '../../src-core/model.ts';
import { Network, stackOf } from '../../src-core/network.ts';
import { predictProbabilities } from '../../src-core/predict.ts';
import { Rng } from '../../src-core/rng.ts';
import { firstBitDifference } from '../fixtures/core/arrays.ts';
import { readFileSync } from 'node:fs';

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
      // A network sizes and activations describe in full is still written as version 1.
      version: 1,
      sizes: [784, 32, 16, 10],
      activations: ['relu', 'tanh'],
      output: 'softmax',
      input: { rows: 28, cols: 28, scale: 255 },
      meta: { note: 'hi' },
    });
    expect(MODEL_FORMAT).toBe('backprop-lab-model');
    expect(MODEL_VERSION).toBe(2);
    expect(doc).not.toHaveProperty('stack');
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
    expect(modelError({ ...smallDocument(), version: 3 }).message).toMatch(
      /version 3 was written by a newer Backprop Lab \(this one reads up to 2\)/,
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

describe('a version 1 file written before version 2 existed', () => {
  // tests/core/fixtures/model-v1.json: sizes 6-5-4-3 (relu, tanh), He weights from seed 5 and
  // biases 0.01·(i + 1), saved by the version 1 writer.
  const file = new URL('./fixtures/model-v1.json', import.meta.url);
  const doc: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const expected = new Network({ sizes: [6, 5, 4, 3], activations: ['relu', 'tanh'] }, 1);
  initialize(expected.layers, 'he', new Rng(5));
  for (const l of expected.layers) for (let i = 0; i < l.b.length; i++) l.b[i] = 0.01 * (i + 1);

  it('loads with the same weights, bit for bit, and the same answers', () => {
    const loaded = modelFromDocument(doc);
    expect(loaded.architecture).toEqual(expected.architecture);
    expect(firstBitDifference(loaded.params, expected.params)).toBe(-1);
    const x = new Float32Array([0.1, 0.9, 0, 0.5, 1, 0.3]);
    expect(Array.from(predictProbabilities(loaded, x, 1))).toEqual(
      Array.from(predictProbabilities(expected, x, 1)),
    );
  });

  it('is what the writer still writes for the same network', () => {
    const written = throughJson(
      modelToDocument(expected, { rows: 2, cols: 3 }, { note: 'written by the version 1 writer' }),
    );
    expect(written).toEqual(doc);
  });
});

describe('version 2: the layer list', () => {
  function withDropout(): Network {
    const stack = stackOf({ sizes: [6, 5, 4, 3], activations: ['relu', 'tanh'] }, 0.25);
    const net = new Network(stack, 2);
    initialize(net.chain, 'xavier', new Rng(8));
    return net;
  }

  it('is written for a network with dropout, listing every layer', () => {
    const doc = modelToDocument(withDropout(), { rows: 2, cols: 3 });
    expect(doc.version).toBe(2);
    expect(doc.sizes).toEqual([6, 5, 4, 3]);
    expect(doc.stack).toEqual([
      { kind: 'dense', units: 5 },
      { kind: 'activation', fn: 'relu' },
      { kind: 'dropout', rate: 0.25 },
      { kind: 'dense', units: 4 },
      { kind: 'activation', fn: 'tanh' },
      { kind: 'dropout', rate: 0.25 },
      { kind: 'dense', units: 3 },
    ]);
  });

  it('loads back with its dropout layers and the same weights', () => {
    const net = withDropout();
    const loaded = modelFromDocument(throughJson(modelToDocument(net, { rows: 2, cols: 3 })), 2);
    expect(loaded.stack).toEqual(net.stack);
    expect(firstBitDifference(loaded.params, net.params)).toBe(-1);
    expect(loaded.chain.map((l) => l.spec.kind)).toContain('dropout');
  });

  it('refuses a stack with an unknown kind, a bad rate, or sizes that disagree', () => {
    const doc = throughJson(modelToDocument(withDropout(), { rows: 2, cols: 3 })) as {
      stack: Record<string, unknown>[];
      sizes: number[];
    };
    expect(modelError({ ...doc, stack: [...doc.stack, { kind: 'conv' }] }).message).toMatch(
      /stack\[7\] has kind "conv"/,
    );
    expect(
      modelError({
        ...doc,
        stack: doc.stack.map((s) => (s.kind === 'dropout' ? { ...s, rate: 1 } : s)),
      }).message,
    ).toMatch(/stack\[2\] has rate 1/);
    expect(modelError({ ...doc, stack: doc.stack.slice(1) }).message).toMatch(
      /stack does not have the sizes/,
    );
    expect(modelError({ ...doc, stack: undefined }).message).toMatch(/stack must list/);
  });
});

describe('networkFromSaved', () => {
  it('builds the network stored sizes, activations and one flat block describe', () => {
    const weights = Float32Array.from({ length: 3 * 2 + 2 + 2 * 2 + 2 }, (_, i) => i / 10);
    const net = networkFromSaved({ sizes: [3, 2, 2], activations: ['relu'], weights }, 4);
    expect(net.maxBatch).toBe(4);
    expect(Array.from(net.params)).toEqual(Array.from(weights));
  });

  it('refuses weights that do not fit, and unknown activations', () => {
    const saved = { sizes: [3, 2, 2], activations: ['relu'], weights: [1] };
    expect(() => networkFromSaved(saved)).toThrow(/has 1 weights, its layers need 14/);
    expect(() => networkFromSaved({ ...saved, activations: ['swish'] })).toThrow(
      /unknown activation "swish"/,
    );
  });
});
