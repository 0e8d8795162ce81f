import { describe, expect, it } from 'vitest';
import { preprocessDigit } from '../../src-core/preprocess.ts';
import {
  fieldBox,
  inputPixels,
  preprocessSteps,
  tooSmallMessage,
} from '../../src-renderer/views/draw/preview.ts';

/** A 280×280 ink image with a filled rectangle, like a thick bar drawn on the pad. */
function bar(x: number, y: number, w: number, h: number): Float32Array {
  const ink = new Float32Array(280 * 280);
  for (let r = y; r < y + h; r++) ink.fill(1, r * 280 + x, r * 280 + x + w);
  return ink;
}

describe('the 28×28 preview', () => {
  it('draws ink dark on white, like the pad', () => {
    const rgba = inputPixels(Float32Array.from([0, 1, 0.5, 2]));
    expect(Array.from(rgba)).toEqual([
      255, 255, 255, 255, 0, 0, 0, 255, 127, 127, 127, 255, 0, 0, 0, 255,
    ]);
  });

  it('finds where the digit lies in the field: 20 pixels along its longer side', () => {
    const result = preprocessDigit(bar(130, 40, 30, 200), 280, 280);
    if (result === null) throw new Error('expected ink');
    const box = fieldBox(result.input);
    expect(box?.height).toBe(20);
    expect(box?.width).toBeLessThan(6);
    expect(fieldBox(new Float32Array(784))).toBeNull();
  });

  it('explains each step with the numbers of this drawing', () => {
    const result = preprocessDigit(bar(130, 40, 30, 200), 280, 280);
    if (result === null) throw new Error('expected ink');
    const [crop, scale, centre] = preprocessSteps(result);
    expect(crop).toBe('Cropped to the ink: 30 × 200 px of the pad.');
    expect(scale).toBe(
      'Scaled by 0.10 so the longer side of its box (dashed) is 20 px, keeping the shape.',
    );
    expect(centre).toMatch(
      /centre of mass \(dot, at 1\d\.\d, 1\d\.\d\) sits on the centre of the 28 × 28 field \(cross, at 14, 14\)/,
    );
  });
});

describe('a drawing too small to read', () => {
  it('says how big it is, how big a digit must be, and what to do', () => {
    expect(tooSmallMessage({ x: 130, y: 130, width: 22, height: 23 }, 34.6)).toBe(
      'Too small to read: the drawing spans 22 × 23 px of the pad, and a digit needs at least ' +
        '35 px. Draw the digit larger, filling most of the square.',
    );
  });
});
