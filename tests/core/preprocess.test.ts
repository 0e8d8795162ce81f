// Preprocessing on synthetic pictures whose right answer can be worked out by hand: where the
// box is, how big the digit becomes, where its centre of mass lands, and that the way a picture
// shows its ink (dark or light, opaque or transparent) makes no difference.

import { describe, expect, it } from 'vitest';
import { inkFromRgba, type InkImage } from '../../src-core/ink.ts';
import {
  BOX,
  CENTER,
  FIELD,
  INK_THRESHOLD,
  MIN_STROKE_WIDTH,
  preprocessDigit,
  type PreprocessResult,
} from '../../src-core/preprocess.ts';
import { strokeWidth } from '../../src-core/stroke.ts';
import { expectAllClose } from '../fixtures/core/arrays.ts';
import { blank, fillRect, toRgba } from '../fixtures/images/canvas.ts';

function preprocess(image: InkImage): PreprocessResult {
  const result = preprocessDigit(image.ink, image.width, image.height);
  if (result === null) throw new Error('expected a digit, got a blank');
  return result;
}

/** The FIELD × FIELD image that is 1 on the rectangle [x, x + w) × [y, y + h) and 0 elsewhere. */
function rectField(x: number, y: number, w: number, h: number): Float32Array {
  const field = { ink: new Float32Array(FIELD * FIELD), width: FIELD, height: FIELD };
  fillRect(field, x, y, w, h);
  return field.ink;
}

/** Rows and columns of the result that hold ink (≥ INK_THRESHOLD): its bounding box. */
function extent(input: Float32Array): { x0: number; x1: number; y0: number; y1: number } {
  const e = { x0: FIELD, x1: -1, y0: FIELD, y1: -1 };
  for (let y = 0; y < FIELD; y++) {
    for (let x = 0; x < FIELD; x++) {
      if (input[y * FIELD + x] < INK_THRESHOLD) continue;
      e.x0 = Math.min(e.x0, x);
      e.x1 = Math.max(e.x1, x);
      e.y0 = Math.min(e.y0, y);
      e.y1 = Math.max(e.y1, y);
    }
  }
  return e;
}

const sum = (a: Float32Array) => a.reduce((s, v) => s + v, 0);
const max = (a: Float32Array) => a.reduce((m, v) => Math.max(m, v), 0);

/** An "L": a 8×60 upright and a 40×8 foot, its box 40×60 with the top-left corner at (x, y),
 * each length times `k`. */
function drawL(image: InkImage, x: number, y: number, k = 1): void {
  fillRect(image, x, y, 8 * k, 60 * k);
  fillRect(image, x, y + 52 * k, 40 * k, 8 * k);
}

describe('blank images', () => {
  it('give null: an empty canvas, and one with only faint specks below the ink threshold', () => {
    expect(preprocessDigit(new Float32Array(50 * 40), 50, 40)).toBeNull();
    const specks = blank(50, 40);
    specks.ink.fill(INK_THRESHOLD / 2);
    expect(preprocessDigit(specks.ink, 50, 40)).toBeNull();
  });

  it('give null from RGBA: a white page, a black page, a fully transparent canvas', () => {
    for (const [value, alpha] of [
      [255, 255],
      [0, 255],
      [0, 0],
      [255, 0],
    ]) {
      const rgba = new Uint8Array(30 * 20 * 4);
      for (let i = 0; i < rgba.length; i += 4) rgba.set([value, value, value, alpha], i);
      expect(preprocessDigit(inkFromRgba(rgba, 30, 20), 30, 20)).toBeNull();
    }
  });
});

describe('simple shapes, worked out by hand', () => {
  // The geometry alone; readDigit, which the pad and `predict` use, refuses a dot as too small to
  // read before it gets here (preprocess-real-images.test.ts).
  it('a single dot is blown up to a 20×20 square, centred', () => {
    const image = blank(50, 40);
    image.ink[12 * 50 + 37] = 1;
    const r = preprocess(image);
    expect(r.box).toEqual({ x: 37, y: 12, width: 1, height: 1 });
    expect(r.scale).toBe(BOX);
    // The 20×20 square's centre of mass is 9.5 along each side: a whole-pixel shift of
    // round(14 − 9.5) = 5 puts it on pixels 5…24, centre of mass 14.5.
    expectAllClose(r.input, rectField(5, 5, 20, 20), 1e-6);
    expect(r.centerOfMass).toEqual({ x: 14.5, y: 14.5 });
  });

  it('a canvas full of ink becomes a 20-wide box, aspect ratio kept', () => {
    const image = blank(50, 30);
    image.ink.fill(1);
    const r = preprocess(image);
    expect(r.box).toEqual({ x: 0, y: 0, width: 50, height: 30 });
    expect(r.scale).toBeCloseTo(0.4, 12);
    // 50×30 → 20×12, centre of mass (9.5, 5.5) → shifted by (5, 9)
    expectAllClose(r.input, rectField(5, 9, 20, 12), 1e-6);
    expect(r.centerOfMass.x).toBeCloseTo(14.5, 6);
    expect(r.centerOfMass.y).toBeCloseTo(14.5, 6);
  });

  it('a tall bar keeps its aspect ratio: 6×60 → 2×20, area-averaged over 3×3 blocks', () => {
    const image = blank(100, 100);
    fillRect(image, 30, 20, 6, 60);
    const r = preprocess(image);
    expect(r.box).toEqual({ x: 30, y: 20, width: 6, height: 60 });
    expect(r.scale).toBeCloseTo(1 / 3, 12);
    // centre of mass (0.5, 9.5) → shift (round(13.5), round(4.5)) = (14, 5)
    expectAllClose(r.input, rectField(14, 5, 2, 20), 1e-6);
  });

  it('a grey bar is stretched so its ink is 1, like MNIST whose digits reach 255', () => {
    const image = blank(100, 100);
    fillRect(image, 30, 20, 6, 60, 0.4);
    expectAllClose(preprocess(image).input, rectField(14, 5, 2, 20), 1e-6);
  });

  it('a shrink by a fraction averages areas: 8×50 → 3.2×20 keeps the partial column', () => {
    const image = blank(60, 60);
    fillRect(image, 5, 5, 8, 50);
    const r = preprocess(image);
    expect(r.scale).toBeCloseTo(0.4, 12);
    // columns: 1, 1, 1, then 0.2 of a pixel covered; stretched, the full ones stay 1
    const row = Array.from(r.input.subarray(14 * FIELD, 15 * FIELD));
    const inked = row.filter((v) => v > 0);
    expect(inked).toHaveLength(4);
    expectAllClose(inked, [1, 1, 1, 0.2], 1e-5);
    expect(extent(r.input).y1 - extent(r.input).y0 + 1).toBe(BOX);
  });
});

describe('an off-centre digit-like shape', () => {
  const at = (x: number, y: number, k = 1, size = 200) => {
    const image = blank(size, size);
    drawL(image, x, y, k);
    return image;
  };

  it('is cropped to its box and centred by its centre of mass', () => {
    const r = preprocess(at(130, 12));
    expect(r.box).toEqual({ x: 130, y: 12, width: 40, height: 60 });
    expect(r.scale).toBeCloseTo(1 / 3, 12);
    expect(Math.abs(r.centerOfMass.x - CENTER)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(r.centerOfMass.y - CENTER)).toBeLessThanOrEqual(0.5);
    // The long side spans exactly 20 pixels; the short one 40/3 → 14 (the last one partial).
    const e = extent(r.input);
    expect(e.y1 - e.y0 + 1).toBe(BOX);
    expect(e.x1 - e.x0 + 1).toBe(14);
    // Most of the L's ink is in its upright, on the left: so the box sits right of centre.
    expect(e.x0 + e.x1).toBeGreaterThan(2 * CENTER);
    expect(max(r.input)).toBeCloseTo(1, 6);
  });

  it('gives the same input wherever it is on the canvas', () => {
    const first = preprocess(at(130, 12));
    for (const [x, y] of [
      [0, 0],
      [20, 139],
      [159, 140],
    ])
      expectAllClose(preprocess(at(x, y)).input, first.input, 1e-6);
  });

  it('gives the same input drawn twice as large', () => {
    const small = preprocess(at(30, 40));
    const large = preprocess(at(10, 20, 2));
    expect(large.box).toEqual({ x: 10, y: 20, width: 80, height: 120 });
    expect(large.scale).toBeCloseTo(small.scale / 2, 12);
    expectAllClose(large.input, small.input, 1e-5);
  });

  it('is enlarged smoothly when drawn small (bilinear, not blocky)', () => {
    // an L of 2-px strokes in a 8×12 box
    const tiny = blank(40, 40);
    fillRect(tiny, 10, 10, 2, 12);
    fillRect(tiny, 10, 20, 8, 2);
    const r = preprocess(tiny);
    expect(r.scale).toBeCloseTo(BOX / 12, 12);
    // Bilinear interpolation leaves in-between grey levels along the strokes' sides.
    const greys = r.input.filter((v) => v > 0.05 && v < 0.95).length;
    expect(greys).toBeGreaterThan(20);
    expect(extent(r.input).y1 - extent(r.input).y0 + 1).toBe(BOX);
  });
});

describe('stroke weight', () => {
  /** A 1-px line from (x0, y0) to (x1, y1), one pixel per step along the longer axis. */
  function line(image: InkImage, x0: number, y0: number, x1: number, y1: number): void {
    const steps = Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0));
    for (let t = 0; t <= steps; t++) {
      const x = Math.round(x0 + ((x1 - x0) * t) / steps);
      const y = Math.round(y0 + ((y1 - y0) * t) / steps);
      image.ink[y * image.width + x] = 1;
    }
  }

  it('a 1-px line on a big canvas comes out about MIN_STROKE_WIDTH wide and at full strength', () => {
    const image = blank(280, 280);
    line(image, 40, 140, 239, 140);
    const r = preprocess(image);
    expect(r.box).toEqual({ x: 40, y: 140, width: 200, height: 1 });
    // Without thickening it would be 200 → 20 px long and 0.1 px thin: a hairline of 0.1 ink.
    expect(max(r.input)).toBeCloseTo(1, 6);
    const e = extent(r.input);
    expect(e.x1 - e.x0 + 1).toBe(BOX);
    expect(e.y1 - e.y0 + 1).toBeLessThanOrEqual(3);
    const thickness = sum(r.input) / BOX; // ink per column
    expect(thickness).toBeGreaterThan(0.75 * MIN_STROKE_WIDTH);
    expect(thickness).toBeLessThan(1.25 * MIN_STROKE_WIDTH);
  });

  it('a 1-px diagonal line and a shape drawn with a fine pen both end up near MNIST weight', () => {
    const diagonal = blank(300, 300);
    line(diagonal, 20, 30, 250, 280);
    const fine = blank(300, 300);
    line(fine, 50, 50, 250, 50);
    line(fine, 250, 50, 100, 280);
    for (const image of [diagonal, fine]) {
      const r = preprocess(image);
      expect(max(r.input)).toBeCloseTo(1, 6);
      const width = strokeWidth(r.input, FIELD, FIELD);
      expect(width).toBeGreaterThan(0.8 * MIN_STROKE_WIDTH);
      expect(width).toBeLessThan(1.5 * MIN_STROKE_WIDTH);
    }
  });

  it('strokes that are already thick enough are left alone', () => {
    const thick = blank(200, 200);
    fillRect(thick, 50, 20, 18, 150); // 18 px of 150 → 2.4 px after scaling
    const r = preprocess(thick);
    // thickening would have grown the box, and so shrunk the scale
    expect(r.scale).toBeCloseTo(BOX / 150, 12);
    expect(extent(r.input).x1 - extent(r.input).x0 + 1).toBe(3);
  });

  it('estimates the width of bars and of a blank image', () => {
    const bar = blank(100, 100);
    fillRect(bar, 10, 10, 5, 80);
    // 8·400 / (π·170): a straight bar reads 4/π too wide, a diagonal one too narrow
    expect(strokeWidth(bar.ink, 100, 100)).toBeCloseTo((8 * 400) / (Math.PI * 170), 6);
    expect(strokeWidth(new Float32Array(9), 3, 3)).toBe(0);
  });
});

describe('ink from RGBA', () => {
  const image = () => {
    const picture = blank(90, 120);
    drawL(picture, 25, 30, 1);
    return picture;
  };
  const inputOf = (rgba: Uint8Array) =>
    preprocess({ ink: inkFromRgba(rgba, 90, 120), width: 90, height: 120 });

  it('finds the ink whichever the polarity: dark on light and light on dark give the same input', () => {
    const reference = preprocess(image()).input;
    const darkOnLight = inputOf(toRgba(image(), { kind: 'dark-on-light' }));
    const lightOnDark = inputOf(toRgba(image(), { kind: 'light-on-dark' }));
    expectAllClose(darkOnLight.input, reference, 1e-6);
    expectAllClose(lightOnDark.input, reference, 1e-6);
  });

  it('takes grey paper as background and a grey pen as full ink', () => {
    const reference = preprocess(image()).input;
    const pencil = inputOf(toRgba(image(), { kind: 'dark-on-light', paper: 210, pen: 90 }));
    expectAllClose(pencil.input, reference, 1e-6);
    const ink = inkFromRgba(
      toRgba(image(), { kind: 'dark-on-light', paper: 200, pen: 50 }),
      90,
      120,
    );
    expect(ink[0]).toBe(0);
    expect(ink[40 * 90 + 28]).toBeCloseTo(150 / 200, 6);
  });

  it('reads strokes on a transparent canvas as ink, black strokes or white ones', () => {
    const reference = preprocess(image()).input;
    const black = inputOf(toRgba(image(), { kind: 'transparent' }));
    const white = inputOf(toRgba(image(), { kind: 'transparent', pen: [255, 255, 255] }));
    expectAllClose(black.input, reference, 1e-6);
    expectAllClose(white.input, reference, 1e-6);
  });

  it('takes partial alpha as partial ink, and colours by their brightness', () => {
    // A 6×3 transparent canvas; the middle row holds the pixels under test.
    const rgba = new Uint8Array(6 * 3 * 4);
    rgba.set([0, 0, 0, 255], 7 * 4); // black
    rgba.set([0, 0, 0, 102], 8 * 4); // black, 40% opaque
    rgba.set([255, 0, 0, 255], 9 * 4); // red: luma 0.299
    expectAllClose(inkFromRgba(rgba, 6, 3).subarray(6, 12), [0, 1, 0.4, 1 - 0.299, 0, 0], 1e-6);
    const onWhite = new Uint8Array([255, 255, 255, 255, 255, 0, 0, 255, 255, 255, 255, 255]);
    expectAllClose(inkFromRgba(onWhite, 3, 1), [0, 1 - 0.299, 0], 1e-6);
  });

  it('rejects sizes that do not match the pixels', () => {
    expect(() => inkFromRgba(new Uint8Array(15), 2, 2)).toThrow(
      /2×2 RGBA image has 16 bytes, got 15/,
    );
    expect(() => inkFromRgba(new Uint8Array(0), 0, 0)).toThrow(/at least 1×1/);
    expect(() => preprocessDigit(new Float32Array(5), 2, 2)).toThrow(
      /2×2 image has 4 pixels, got 5/,
    );
  });
});
