// The ONNX export run by a real ONNX runtime (onnxruntime-node, Microsoft's CPU build) on real
// MNIST test images: its probabilities must match the core's predictProbabilities.
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { ACTIVATIONS, type ActivationName } from '../../src-core/activations.ts';
import { validateConfig } from '../../src-core/config.ts';
import { splitDataset } from '../../src-core/data/split.ts';
import { initialize } from '../../src-core/initializers.ts';
import { Network } from '../../src-core/network.ts';
import { modelToOnnx } from '../../src-core/onnx.ts';
import { predictProbabilities } from '../../src-core/predict.ts';
import { PRESETS } from '../../src-core/presets.ts';
import { Rng } from '../../src-core/rng.ts';
import { Trainer } from '../../src-core/train.ts';
import { expectAllClose } from '../fixtures/core/arrays.ts';
import { fullMnist, mnistSubset } from '../fixtures/core/mnist.ts';

const PIXELS = 784;
const CLASSES = 10;
const TOLERANCE = 1e-5;

/** The first `count` MNIST test images, pixels / 255. */
function testImages(count: number): Float32Array {
  const { test } = fullMnist();
  if (test === null) throw new Error('the bundled MNIST has no test part');
  return Float32Array.from(test.images.subarray(0, count * PIXELS), (p) => p / 255);
}

/** Runs an exported model on `rows` images through ONNX Runtime. */
async function runOnnx(bytes: Uint8Array, x: Float32Array, rows: number) {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const out = await session.run({ input: new ort.Tensor('float32', x, [rows, PIXELS]) });
    const probs = out.probabilities;
    return { dims: probs.dims, data: probs.data as Float32Array };
  } finally {
    await session.release();
  }
}

async function expectSameAsCore(network: Network, x: Float32Array, rows: number) {
  const onnx = await runOnnx(modelToOnnx(network), x, rows);
  expect(onnx.dims).toEqual([rows, CLASSES]);
  expectAllClose(onnx.data, predictProbabilities(network, x, rows), TOLERANCE);
  return onnx.data;
}

function argmax(row: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < row.length; i++) if (row[i] > row[best]) best = i;
  return best;
}

describe('an exported model in ONNX Runtime', () => {
  const x = testImages(8);

  // The blog's initialisation (large weights) pushes sigmoid and tanh into saturation and gives
  // leaky ReLU plenty of negative inputs, so every branch of each activation is exercised.
  it.each(ACTIVATIONS)('gives the core’s probabilities with %s hidden layers', async (act) => {
    const activations: ActivationName[] = [act, act];
    const net = new Network({ sizes: [PIXELS, 24, 16, CLASSES], activations }, 8);
    initialize(net.layers, 'article', new Rng(3));
    await expectSameAsCore(net, x, 8);
  });

  it('takes any batch size', async () => {
    const net = new Network({ sizes: [PIXELS, 12, CLASSES], activations: ['tanh'] }, 8);
    initialize(net.layers, 'xavier', new Rng(4));
    await expectSameAsCore(net, x.subarray(0, PIXELS), 1);
    await expectSameAsCore(net, x.subarray(0, 5 * PIXELS), 5);
  });

  describe('a network trained on MNIST', () => {
    const ROWS = 200;
    let network: Network;

    beforeAll(() => {
      const config = validateConfig({
        ...PRESETS.quick,
        layers: [64, 32],
        activations: ['relu', 'leaky-relu'],
        learningRate: 0.005,
        batchSize: 32,
        epochs: 2,
        schedule: { type: 'constant' },
        validation: 200,
      });
      const trainer = new Trainer(
        config,
        splitDataset(mnistSubset(false), config.validation, config.testFraction, config.seed),
      );
      for (const event of trainer.run()) if (event.type === 'done') break;
      network = trainer.network;
    });

    it('reads real test digits as the core does, and mostly right', async () => {
      const images = testImages(ROWS);
      const probs = await expectSameAsCore(network, images, ROWS);
      const { test } = fullMnist();
      let correct = 0;
      for (let r = 0; r < ROWS; r++)
        if (argmax(probs.subarray(r * CLASSES, (r + 1) * CLASSES)) === test?.labels[r]) correct++;
      expect(correct / ROWS).toBeGreaterThan(0.8);
    });
  });
});
