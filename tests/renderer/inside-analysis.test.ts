// The analyses of "Inside the network": gradient norms as log-scale chart data, the gradient
// check on a small copy of a run's network, picking random test images, and exported files.
import { describe, expect, it } from 'vitest';
import { GRADCHECK_TOLERANCE } from '../../src-core/gradcheck.ts';
import { PRESETS } from '../../src-core/presets.ts';
import type { EpochRow } from '../../src-main/contract/rows.ts';
import {
  formatLogNorm,
  formatNorm,
  gradientNormData,
  hasGradientNorms,
  layerNames,
  normSeries,
} from '../../src-renderer/components/gradient-norms.ts';
import {
  CHECK_INPUTS,
  CHECK_UNITS,
  checkRows,
  checkRun,
  smallCopy,
} from '../../src-renderer/state/gradient-check.ts';
import { randomCell } from '../../src-renderer/state/test-images.ts';
import { base64ToBytes } from '../../src-renderer/views/run-detail/export.ts';

const epoch = (n: number, gradientNorms: number[] | null): EpochRow => ({
  epoch: n,
  trainLoss: 1,
  trainAccuracy: 0.9,
  validationLoss: null,
  validationAccuracy: null,
  learningRate: 0.01,
  seconds: 1,
  samplesPerSecond: 1000,
  gradientNorms,
});

describe('gradient norms', () => {
  it('names each layer by its sizes', () => {
    expect(layerNames([784, 128, 64, 10])).toEqual([
      'layer 1 (784→128)',
      'layer 2 (128→64)',
      'layer 3 (64→10)',
    ]);
  });

  it('plots log10 of each layer’s norm per epoch, with gaps where there is none', () => {
    const epochs = [epoch(1, [0.01, 1]), epoch(2, null), epoch(3, [0, 100])];
    expect(hasGradientNorms(epochs)).toBe(true);
    expect(hasGradientNorms([epoch(1, null)])).toBe(false);
    const [x, first, second] = gradientNormData(epochs, 2);
    expect(x).toEqual([1, 2, 3]);
    expect(first).toEqual([-2, null, null]); // a norm of 0 has no logarithm
    expect(second).toEqual([0, null, 2]);
  });

  it('labels the log axis with the norms themselves', () => {
    expect(formatLogNorm(-2)).toBe('0.01');
    expect(formatLogNorm(Math.log10(3.14159))).toBe('3.1');
    expect(formatNorm(0.000025)).toBe('2.5e-5');
    expect(formatNorm(123456)).toBe('1.2e+5');
  });

  it('dashes the lines past the fourth colour', () => {
    const series = normSeries(layerNames([784, 8, 8, 8, 8, 10]));
    expect(series.map((s) => s.color)).toEqual([
      '--series-1',
      '--series-2',
      '--series-3',
      '--series-4',
      '--series-1',
    ]);
    expect(series[4].dash).toEqual([6, 4]);
    expect(series[0].dash).toBeUndefined();
  });
});

describe('gradient check on a small copy', () => {
  it('keeps the layers, activations and loss and shrinks the sizes', () => {
    const spec = smallCopy({
      layers: [512, 3, 256],
      activations: ['relu', 'tanh', 'sigmoid'],
      loss: 'mse',
    });
    expect(spec.sizes).toEqual([CHECK_INPUTS, CHECK_UNITS, 3, CHECK_UNITS, 10]);
    expect(spec.activations).toEqual(['relu', 'tanh', 'sigmoid']);
    expect(spec.loss).toBe('mse');
    expect(spec.l2).toBeUndefined();
  });

  it('passes for each preset and names the run’s layers', () => {
    for (const preset of Object.values(PRESETS)) {
      const sizes = [784, ...preset.layers, 10];
      const outcome = checkRun(preset, sizes);
      expect(outcome.passed).toBe(true);
      expect(outcome.rows).toHaveLength(preset.layers.length + 1);
      expect(outcome.rows[0].label).toBe(`layer 1 (784→${preset.layers[0]})`);
      expect(outcome.rows[0].checked).toBe('4→4');
    }
  });

  it('passes every activation and loss with one and two hidden layers', () => {
    for (const activation of ['relu', 'leaky-relu', 'sigmoid', 'tanh'] as const)
      for (const loss of ['cross-entropy', 'mse'] as const)
        for (const layers of [[100], [100, 50]]) {
          const config = {
            ...PRESETS.quick,
            layers,
            activations: layers.map(() => activation),
            loss,
          };
          expect(checkRun(config, [784, ...layers, 10]).passed).toBe(true);
        }
  });

  it('fails a layer whose error exceeds the tolerance', () => {
    const result = {
      spec: { sizes: [4, 4, 10], activations: ['relu' as const], loss: 'mse' as const },
      parameters: 70,
      layers: [
        { layer: 1, weights: 1e-9, biases: 1e-10 },
        { layer: 2, weights: 2 * GRADCHECK_TOLERANCE, biases: 0 },
      ],
      worst: 2 * GRADCHECK_TOLERANCE,
    };
    expect(checkRows(result, [784, 32, 10]).map((r) => [r.label, r.checked, r.passed])).toEqual([
      ['layer 1 (784→32)', '4→4', true],
      ['layer 2 (32→10)', '4→10', false],
    ]);
  });

  it('stays far below a frame’s time even for the deepest network', () => {
    const config = {
      ...PRESETS.quick,
      layers: new Array(8).fill(4096),
      activations: new Array(8).fill('sigmoid'),
    };
    checkRun(config, [784, ...config.layers, 10]); // warm up the JIT
    const { milliseconds, parameters } = checkRun(config, [784, ...config.layers, 10]);
    expect(parameters).toBe(4 * 4 + 4 + 7 * (4 * 4 + 4) + 4 * 10 + 10);
    // Measured at 2–10 ms; the bound leaves room for a slow, busy test machine.
    expect(milliseconds).toBeLessThan(200);
  });
});

describe('random test images', () => {
  const confusion = Array.from({ length: 10 }, (_, i) =>
    Array.from({ length: 10 }, (_, j) => (i === j ? 90 : i === 4 && j === 9 ? 10 : 0)),
  );
  const at = (r: number) => () => r;

  it('draws a cell in proportion to its images', () => {
    expect(randomCell(confusion, 'any', at(0))).toEqual({ actual: 0, predicted: 0 });
    // Row 4 holds 90 right answers then 10 read as 9: cumulative 360…450, 450…460.
    expect(randomCell(confusion, 'any', at(455 / 910))).toEqual({ actual: 4, predicted: 9 });
    expect(randomCell(confusion, 'any', at(0.999999))).toEqual({ actual: 9, predicted: 9 });
  });

  it('draws only mistakes when asked, and none when there are none', () => {
    expect(randomCell(confusion, 'mistake', at(0.5))).toEqual({ actual: 4, predicted: 9 });
    const perfect = confusion.map((row, i) => row.map((_, j) => (i === j ? 5 : 0)));
    expect(randomCell(perfect, 'mistake', at(0.5))).toBeNull();
  });

  it('falls back to a digit read right without a matrix', () => {
    expect(randomCell(null, 'any', at(0.35))).toEqual({ actual: 3, predicted: 3 });
    expect(randomCell(null, 'mistake', at(0.35))).toBeNull();
  });
});

describe('export', () => {
  it('decodes the base64 the back end sends into the file’s bytes', () => {
    const bytes = Uint8Array.from([0, 1, 127, 128, 255]);
    expect(Array.from(base64ToBytes(Buffer.from(bytes).toString('base64')))).toEqual([
      0, 1, 127, 128, 255,
    ]);
    expect(new TextDecoder().decode(base64ToBytes(btoa('{"a":1}')))).toBe('{"a":1}');
  });
});
