// The same seeded run on each backend means the same thing: the WebAssembly SIMD kernels and the
// TypeScript reference differ only in float32 rounding (fused multiply-adds, summation order), so
// a short run on 4,000 MNIST images (tested on 2,000 more) reaches the same test accuracy on both within 0.3 points.
import { describe, expect, it } from 'vitest';
import type { Backend } from '../../src-core/backend.ts';
import type { TrainConfig } from '../../src-core/config.ts';
import { splitDataset } from '../../src-core/data/split.ts';
import { TypeScriptBackend } from '../../src-core/kernels.ts';
import { PRESETS } from '../../src-core/presets.ts';
import { Trainer } from '../../src-core/train.ts';
import { WasmBackend } from '../../src-core/wasm/backend.ts';
import { builtKernelsModule } from '../../src-main/wasm-build.ts';
import { fullMnist, sliceImages } from '../fixtures/core/mnist.ts';

const config: TrainConfig = {
  ...PRESETS.quick,
  layers: [32],
  activations: ['relu'],
  batchSize: 32,
  epochs: 3,
  validation: 200,
  seed: 7,
};

function testAccuracy(backend: Backend): number {
  const { train } = fullMnist();
  const data = {
    name: 'mnist-5k',
    train: sliceImages(train, 0, 4000),
    test: sliceImages(train, 4000, 2000),
  };
  const t = new Trainer(config, splitDataset(data, 200, 0, config.seed), backend);
  for (const e of t.run()) if (e.type === 'done') return e.testAccuracy;
  throw new Error('the run ended without a result');
}

describe('the same seeded run on each backend', () => {
  it('reaches the same test accuracy on WebAssembly SIMD as on TypeScript, within 0.3 points', () => {
    const reference = testAccuracy(new TypeScriptBackend('float32'));
    const wasm = testAccuracy(new WasmBackend(builtKernelsModule()));
    expect(reference).toBeGreaterThan(0.85);
    expect(Math.abs(wasm - reference)).toBeLessThanOrEqual(0.003);
  });
});
