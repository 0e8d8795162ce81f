// Reading a digit from a picture: PNG → ink → MNIST-style 28×28 input → the network's
// probabilities. The same core steps serve the drawing pad, which starts from canvas pixels.

import { DataError } from '../src-core/data/dataset.ts';
import { ModelError } from '../src-core/model.ts';
import type { Network } from '../src-core/network.ts';
import { predictProbabilities } from '../src-core/predict.ts';
import {
  FIELD,
  readDigit,
  type DigitReading,
  type PreprocessResult,
} from '../src-core/preprocess.ts';
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

/** What reading pixels gave: the prediction, or why there is none (blank, too small). */
export type PixelReading =
  ({ readonly status: 'digit' } & PixelPrediction) | Exclude<DigitReading, { status: 'digit' }>;

/** Predicts the digit in RGBA pixels (4 bytes per pixel, row-major), found and prepared by
 * readDigit as on the drawing pad. */
export function predictPixels(
  network: Network,
  rgba: Uint8Array | Uint8ClampedArray,
  width: number,
  height: number,
): PixelReading {
  if (network.inputSize !== FIELD * FIELD)
    throw new ModelError(
      `it reads ${network.inputSize} inputs, but a digit image becomes ${FIELD}×${FIELD} = ${FIELD * FIELD}`,
    );
  const reading = readDigit(rgba, width, height);
  if (reading.status !== 'digit') return reading;
  const preprocessed = reading.digit;
  const probabilities = Array.from(predictProbabilities(network, preprocessed.input, 1));
  let digit = 0;
  for (let d = 1; d < probabilities.length; d++)
    if (probabilities[d] > probabilities[digit]) digit = d;
  return { status: 'digit', digit, probabilities, preprocessed };
}

/** Reads a PNG file and predicts the digit in it. Throws a DataError naming the file when it
 * cannot be read, holds no digit, or holds ink too small to be one. */
export function predictImageFile(network: Network, path: string): ImagePrediction {
  const { width, height, rgba } = readPng(path);
  const prediction = predictPixels(network, rgba, width, height);
  if (prediction.status === 'blank')
    throw new DataError(path, null, 'no digit found (the image is blank)');
  if (prediction.status === 'too-small') {
    const { box, minSide } = prediction;
    throw new DataError(
      path,
      null,
      `the digit is too small to read: its ink spans ${box.width}×${box.height} px of the ` +
        `${width}×${height} image, and a digit needs at least ${Math.ceil(minSide)} px; ` +
        'crop the picture to the digit or draw it larger',
    );
  }
  return { file: path, digit: prediction.digit, probabilities: prediction.probabilities };
}
