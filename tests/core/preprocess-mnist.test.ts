// Preprocessing real MNIST digits. MNIST's own images are already boxed, scaled and centred, so
// preprocessing one should give it back; and a digit enlarged and put anywhere on a big canvas,
// the way a photo or a drawing would show it, should come back close to the original.

import { beforeAll, describe, expect, it } from 'vitest';
import type { ImageSet } from '../../src-core/data/dataset.ts';
import { inkFromRgba, type InkImage } from '../../src-core/ink.ts';
import {
  CENTER,
  preprocessDigit,
  readDigit,
  type PreprocessResult,
} from '../../src-core/preprocess.ts';
import { fullMnist } from '../fixtures/core/mnist.ts';
import { enlarge, mnistInk, place, toRgba } from '../fixtures/images/canvas.ts';

const SIDE = 28;
const COUNT = 10_000;
/** Fewer for the big canvases, which take a millisecond each. */
const CANVAS_COUNT = 1000;

let test: ImageSet;

beforeAll(() => {
  const { test: part } = fullMnist();
  if (part === null) throw new Error('the bundled MNIST has no test part');
  test = part;
});

function preprocess(image: InkImage): PreprocessResult {
  const result = preprocessDigit(image.ink, image.width, image.height);
  if (result === null) throw new Error('expected a digit, got a blank');
  return result;
}

const meanAbsDiff = (a: Float32Array, b: Float32Array) =>
  a.reduce((s, v, i) => s + Math.abs(v - b[i]), 0) / a.length;

interface Closeness {
  /** Mean over the digits of each one's mean absolute difference from the original. */
  readonly mean: number;
  /** Share of digits whose mean absolute difference is under 0.005 (unchanged up to rounding). */
  readonly unchanged: number;
  /** Share of digits whose centre of mass is more than half a pixel from (14, 14) on either axis:
   * only those cut off at the edge of the field (MNIST has a few that touch it). */
  readonly offCentre: number;
}

/** Preprocesses the first `count` test digits, each made into a picture by `picture`, and
 * measures how close the results are to the original digits. */
function closeness(picture: (original: Float32Array) => InkImage, count = COUNT): Closeness {
  let total = 0;
  let unchanged = 0;
  let offCentre = 0;
  for (let k = 0; k < count; k++) {
    const original = mnistInk(test, k);
    const r = preprocess(picture(original));
    const d = meanAbsDiff(r.input, original);
    total += d;
    if (d < 0.005) unchanged++;
    const { x, y } = r.centerOfMass;
    if (Math.max(Math.abs(x - CENTER), Math.abs(y - CENTER)) > 0.5 + 1e-9) offCentre++;
  }
  return { mean: total / count, unchanged: unchanged / count, offCentre: offCentre / count };
}

describe('MNIST digits', () => {
  it('come back unchanged from preprocessing, nearly all of them', () => {
    const c = closeness((ink) => ({ ink, width: SIDE, height: SIDE }));
    // Measured: mean 0.0007, 98.8% unchanged. The rest are digits whose strokes were thin enough
    // to thicken, or whose centre of mass MNIST rounded the other way.
    expect(c.mean).toBeLessThan(0.002);
    expect(c.unchanged).toBeGreaterThan(0.95);
    expect(c.offCentre).toBeLessThanOrEqual(0.001);
  });

  it('come back unchanged when enlarged 3× (nearest) off-centre on a white 200×200 canvas', () => {
    const c = closeness((ink) => {
      const big = place(enlarge(ink, SIDE, 3, 'nearest'), 200, 200, 101, 17);
      const rgba = toRgba(big, { kind: 'dark-on-light' });
      return { ink: inkFromRgba(rgba, 200, 200), width: 200, height: 200 };
    }, CANVAS_COUNT);
    // 3×3 blocks average back to the original pixels exactly. Measured: mean 0.0036, 89%
    // unchanged; more thin digits are thickened than at 28×28, where growing a stroke by less
    // than half a pixel changes nothing.
    expect(c.mean).toBeLessThan(0.006);
    expect(c.unchanged).toBeGreaterThan(0.8);
    expect(c.offCentre).toBeLessThanOrEqual(0.001);
  });

  it('come back close when enlarged 3.7× (bilinear) on a canvas, light on dark', () => {
    const c = closeness((ink) => {
      const big = place(enlarge(ink, SIDE, 3.7, 'bilinear'), 240, 160, 9, 50);
      const rgba = toRgba(big, { kind: 'light-on-dark' });
      return { ink: inkFromRgba(rgba, 240, 160), width: 240, height: 160 };
    }, CANVAS_COUNT);
    // Measured: mean 0.033 (the mean ink of an MNIST digit is 0.12, for scale). Bilinear
    // enlargement itself blurs the digit by about a pixel, which averaging back down cannot
    // undo: the same picture enlarged by nearest neighbour instead comes back within 0.016.
    expect(c.mean).toBeLessThan(0.04);
    expect(c.offCentre).toBeLessThanOrEqual(0.001);
  });
});

describe('MNIST digits read as pictures', () => {
  it('come back unchanged through readDigit, the pad and predict path, nearly all of them', () => {
    let unchanged = 0;
    for (let k = 0; k < COUNT; k++) {
      const original = mnistInk(test, k);
      const rgba = toRgba({ ink: original, width: SIDE, height: SIDE }, { kind: 'light-on-dark' });
      const reading = readDigit(rgba, SIDE, SIDE);
      if (reading.status === 'digit' && meanAbsDiff(reading.digit.input, original) < 0.005)
        unchanged++;
    }
    // Measured 98.5% (98.8% from the ink itself): finding the digit's pieces keeps what MNIST drew.
    expect(unchanged / COUNT).toBeGreaterThan(0.95);
  });
});
