// Finding the digit in pictures as they really come: a screenshot with a faint frame round the
// pad, specks and grain on the paper, a light digit on a mid-grey board, and a lone dot that is
// no digit at all. Each picture is the same "L" with something added, so the right answer is
// the input the L alone gives.

import { describe, expect, it } from 'vitest';
import {
  MIN_DIGIT_SIDE,
  MIN_ELONGATION,
  readDigit,
  type PreprocessResult,
} from '../../src-core/preprocess.ts';
import { strokeWidth } from '../../src-core/stroke.ts';
import { Rng } from '../../src-core/rng.ts';
import { expectAllClose } from '../fixtures/core/arrays.ts';
import { blank, fillRect, toRgba } from '../fixtures/images/canvas.ts';

const SIZE = 200;
/** The L's box on the canvas. */
const L_BOX = { x: 70, y: 50, width: 40, height: 60 };

/** Dark on white: an L of 8-px strokes, its box L_BOX. */
function lPicture(): Uint8Array {
  const image = blank(SIZE, SIZE);
  fillRect(image, 70, 50, 8, 60);
  fillRect(image, 70, 102, 40, 8);
  return toRgba(image, { kind: 'dark-on-light' });
}

function setGrey(rgba: Uint8Array, x: number, y: number, grey: number): void {
  rgba.set([grey, grey, grey, 255], (y * SIZE + x) * 4);
}

function digitOf(rgba: Uint8Array): PreprocessResult {
  const reading = readDigit(rgba, SIZE, SIZE);
  if (reading.status !== 'digit') throw new Error(`expected a digit, got ${reading.status}`);
  return reading.digit;
}

const reference = () => digitOf(lPicture());

describe('reading the digit in a real picture', () => {
  it('finds the L on a plain canvas', () => {
    expect(reference().box).toEqual(L_BOX);
  });

  it('ignores a faint 1-px grey frame inside a light margin, as in a screenshot of the pad', () => {
    const rgba = lPicture();
    for (let y = 0; y < SIZE; y++)
      for (let x = 0; x < SIZE; x++) {
        const margin = Math.min(x, y, SIZE - 1 - x, SIZE - 1 - y);
        if (margin < 3)
          setGrey(rgba, x, y, 246); // the page round the pad
        else if (margin === 3) setGrey(rgba, x, y, 212); // the pad's faint border
      }
    const r = digitOf(rgba);
    expect(r.box).toEqual(L_BOX);
    expectAllClose(r.input, reference().input, 1e-6);
  });

  it('ignores a dark frame hugging the edge of the picture', () => {
    const rgba = lPicture();
    for (let i = 0; i < SIZE; i++) {
      setGrey(rgba, i, 0, 30);
      setGrey(rgba, i, SIZE - 1, 30);
      setGrey(rgba, 0, i, 30);
      setGrey(rgba, SIZE - 1, i, 30);
    }
    expect(digitOf(rgba).box).toEqual(L_BOX);
  });

  it('drops isolated specks of dirt, dark or faint, anywhere on the paper', () => {
    const rgba = lPicture();
    const rng = new Rng(5);
    for (let n = 0; n < 60; n++) {
      const x = rng.int(SIZE);
      const y = rng.int(SIZE);
      const inL = x >= 66 && x < 114 && y >= 46 && y < 114;
      if (!inL) setGrey(rgba, x, y, rng.int(180));
    }
    const r = digitOf(rgba);
    expect(r.box).toEqual(L_BOX);
    expectAllClose(r.input, reference().input, 1e-6);
  });

  it('sees through grain on grey paper: the background level comes from the picture', () => {
    const rgba = lPicture();
    const rng = new Rng(9);
    for (let i = 0; i < SIZE * SIZE; i++) {
      const ink = 1 - rgba[i * 4] / 255;
      const grey = Math.round(190 - 150 * ink + 40 * (rng.uniform() - 0.5));
      rgba.set([grey, grey, grey], i * 4);
    }
    const r = digitOf(rgba);
    // Grain touching a stroke cannot be told from the stroke's edge: the box may grow a little.
    expect(Math.abs(r.box.x - L_BOX.x)).toBeLessThanOrEqual(2);
    expect(Math.abs(r.box.y - L_BOX.y)).toBeLessThanOrEqual(2);
    expect(Math.abs(r.box.width - L_BOX.width)).toBeLessThanOrEqual(4);
    expect(Math.abs(r.box.height - L_BOX.height)).toBeLessThanOrEqual(4);
    const want = reference().input;
    const off = r.input.reduce((s, v, i) => s + Math.abs(v - want[i]), 0);
    // Measured 0.032, nearly all of it the grain on the strokes themselves (their ink varies by
    // ±0.13); taken as ink, the grain round the L would have made the box the whole picture.
    expect(off / r.input.length).toBeLessThan(0.05);
  });

  it('reads a light digit on a mid-grey board, lighter than half-way', () => {
    const rgba = lPicture();
    for (let i = 0; i < SIZE * SIZE; i++) {
      const grey = rgba[i * 4] === 0 ? 250 : 150;
      rgba.set([grey, grey, grey], i * 4);
    }
    const r = digitOf(rgba);
    expect(r.box).toEqual(L_BOX);
    expectAllClose(r.input, reference().input, 1e-6);
  });

  it('says a lone dot is too small to read instead of blowing it up into a digit', () => {
    const image = blank(280, 280);
    fillRect(image, 130, 130, 22, 22);
    const reading = readDigit(toRgba(image, { kind: 'dark-on-light' }), 280, 280);
    expect(reading).toMatchObject({
      status: 'too-small',
      box: { x: 130, y: 130, width: 22, height: 22 },
    });
    if (reading.status === 'too-small')
      expect(reading.minSide).toBeGreaterThanOrEqual(MIN_DIGIT_SIDE * 280);
  });

  it('says a tap with the widest brush is a dot too: no longer than it is thick', () => {
    const image = blank(280, 280);
    for (let y = 0; y < 40; y++)
      for (let x = 0; x < 40; x++)
        if ((x - 19.5) ** 2 + (y - 19.5) ** 2 <= 400) image.ink[(100 + y) * 280 + 100 + x] = 1;
    const reading = readDigit(toRgba(image, { kind: 'dark-on-light' }), 280, 280);
    if (reading.status !== 'too-small')
      throw new Error(`expected too-small, got ${reading.status}`);
    const crop = blank(40, 40);
    for (let y = 0; y < 40; y++)
      crop.ink.set(image.ink.subarray((100 + y) * 280 + 100, (100 + y) * 280 + 140), y * 40);
    expect(reading.minSide).toBeCloseTo(MIN_ELONGATION * strokeWidth(crop.ink, 40, 40), 3);
    expect(reading.minSide).toBeGreaterThan(40);
  });

  it('reads a small but real digit: an L 40 px tall on the 280-px pad', () => {
    const image = blank(280, 280);
    fillRect(image, 120, 120, 5, 40);
    fillRect(image, 120, 155, 26, 5);
    const reading = readDigit(toRgba(image, { kind: 'dark-on-light' }), 280, 280);
    expect(reading.status).toBe('digit');
  });

  it('says a blank picture is blank, a white page or one holding only specks', () => {
    const white = new Uint8Array(SIZE * SIZE * 4).fill(255);
    expect(readDigit(white, SIZE, SIZE)).toEqual({ status: 'blank' });
    setGrey(white, 20, 30, 0);
    setGrey(white, 150, 90, 60);
    expect(readDigit(white, SIZE, SIZE).status).not.toBe('digit');
  });
});
