// Reading a digit from a picture: PNG → ink → MNIST-style 28×28 input → the network's
// probabilities. The same core steps serve the drawing pad, which starts from canvas pixels.

import { DataError } from '../src-core/data/dataset.ts';
import { inkFromRgba } from '../src-core/ink.ts';
import { ModelError } from '../src-core/model.ts';
import type { Network } from '../src-core/network.ts';
import { predictProbabilities } from '../src-core/predict.ts';
import { FIELD, preprocessDigit, type PreprocessResult } from '../src-core/preprocess.ts';
import { readPng } from './png.ts';

export interface PixelPrediction {
  /** The most probable digit. */
  readonly digit: number;
  /** One probability per digit 0–9, summing to 1. */
  readonly probabilities: number[];
  /** What the network saw (its 28×28 input) and how it was made from the pixels. */
  readonly preprocessed: PreprocessResult;
}

export interface ImagePrediction {
  readonly file: string;
  readonly digit: number;
  readonly probabilities: number[];
}

/** Predicts the digit in RGBA pixels (4 bytes per pixel, row-major); null when they hold no ink
 * (a blank image). */
export function predictPixels(
  network: Network,
  rgba: Uint8Array | Uint8ClampedArray,
  width: number,
  height: number,
): PixelPrediction | null {
  if (network.inputSize !== FIELD * FIELD)
    throw new ModelError(
      `it reads ${network.inputSize} inputs, but a digit image becomes ${FIELD}×${FIELD} = ${FIELD * FIELD}`,
    );
  const preprocessed = preprocessDigit(inkFromRgba(rgba, width, height), width, height);
  if (preprocessed === null) return null;
  const probabilities = Array.from(predictProbabilities(network, preprocessed.input, 1));
  let digit = 0;
  for (let d = 1; d < probabilities.length; d++)
    if (probabilities[d] > probabilities[digit]) digit = d;
  return { digit, probabilities, preprocessed };
}

/** Reads a PNG file and predicts the digit in it. Throws a DataError naming the file when it
 * cannot be read or holds no digit. */
export function predictImageFile(network: Network, path: string): ImagePrediction {
  const { width, height, rgba } = readPng(path);
  const prediction = predictPixels(network, rgba, width, height);
  if (prediction === null) throw new DataError(path, null, 'no digit found (the image is blank)');
  return { file: path, digit: prediction.digit, probabilities: prediction.probabilities };
}
