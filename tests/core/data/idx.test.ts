import { describe, expect, it } from 'vitest';
import { idxImageSet, parseIdxImages, parseIdxLabels } from '../../../src-core/data/idx.ts';
import {
  concat,
  expectDataError,
  idxHeader,
  idxImages,
  idxLabels,
} from '../../fixtures/data/build.ts';

const IMAGES = 'train-images-idx3-ubyte';
const LABELS = 'train-labels-idx1-ubyte';

describe('parseIdxImages', () => {
  it('reads the dimensions and the pixels as bytes', () => {
    const parsed = parseIdxImages(idxImages(3, 2, 4), IMAGES);
    expect(parsed).toMatchObject({ count: 3, rows: 2, cols: 4 });
    expect(parsed.images.constructor).toBe(Uint8Array);
    expect(Array.from(parsed.images)).toEqual(Array.from({ length: 24 }, (_, i) => i));
  });

  it('returns a plain Uint8Array view when given a Node Buffer', () => {
    const file = Buffer.from(idxImages(2, 3, 3));
    const { images } = parseIdxImages(file, IMAGES);
    expect(images.constructor).toBe(Uint8Array);
    expect(images.buffer).toBe(file.buffer);
    expect(images.byteOffset).toBe(file.byteOffset + 16);
  });

  it('reads dimensions above 2^31 as unsigned, and calls the file truncated', () => {
    const file = idxHeader(0x803, 0x80000000, 1, 1);
    expectDataError(() => parseIdxImages(file, IMAGES), '2147483648 images', 'truncated');
  });

  it('names the expected and found magic numbers', () => {
    const file = concat(idxHeader(0x12345678, 1, 1, 1), new Uint8Array(1));
    const error = expectDataError(
      () => parseIdxImages(file, IMAGES),
      `${IMAGES}, header: wrong magic number`,
      'expected 0x00000803',
      'found 0x12345678',
      'not an IDX file',
    );
    expect(error.source).toBe(IMAGES);
    expect(error.location).toBe('header');
  });

  it('hints that a gzipped file needs unpacking', () => {
    const gz = Uint8Array.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expectDataError(
      () => parseIdxImages(gz, `${IMAGES}.gz`),
      `${IMAGES}.gz, header`,
      'found 0x1f8b0800',
      'looks gzipped',
      '1f 8b',
    );
  });

  it('hints that a labels file was given as images', () => {
    expectDataError(
      () => parseIdxImages(idxLabels([1, 2]), LABELS),
      `${LABELS}, header`,
      'expected 0x00000803',
      'found 0x00000801',
      'labels file',
      'swapped',
    );
  });

  it('describes an IDX file of another element type', () => {
    const floats = concat(idxHeader(0x00000d03, 1, 1, 1), new Uint8Array(4));
    expectDataError(() => parseIdxImages(floats, IMAGES), 'element type 0x0d, 3 dimensions');
  });

  it('rejects a file too short to hold a magic number or a header', () => {
    expectDataError(
      () => parseIdxImages(new Uint8Array(2), IMAGES),
      `${IMAGES}, header`,
      '2 bytes',
    );
    expectDataError(() => parseIdxImages(new Uint8Array(0), IMAGES), '0 bytes');
    const cut = idxHeader(0x803, 1, 1).subarray(0, 10);
    expectDataError(() => parseIdxImages(cut, IMAGES), '10 bytes', '16-byte header');
  });

  it('says how many bytes a truncated file should have and has', () => {
    const file = idxImages(10, 28, 28).subarray(0, 16 + 9 * 784 + 100);
    expectDataError(
      () => parseIdxImages(file, IMAGES),
      `${IMAGES}, header`,
      '10 images of 28×28',
      'should be 7856 bytes',
      'it is 7172 bytes (684 missing)',
      'truncated',
    );
  });

  it('reports trailing bytes at the byte where the file should end', () => {
    const file = concat(idxImages(2, 2, 2), new Uint8Array(5));
    const error = expectDataError(
      () => parseIdxImages(file, IMAGES),
      `${IMAGES}, byte 24: 5 extra bytes`,
      '24 bytes in all',
    );
    expect(error.location).toBe('byte 24');
  });

  it.each([
    [0, 28, 28],
    [5, 0, 28],
    [5, 28, 0],
  ])('rejects zero dimensions (%i images of %i×%i)', (count, rows, cols) => {
    const file = idxHeader(0x803, count, rows, cols);
    expectDataError(
      () => parseIdxImages(file, IMAGES),
      `${IMAGES}, header`,
      `${count} images of ${rows}×${cols}`,
      'at least 1',
    );
  });
});

describe('parseIdxLabels', () => {
  it('reads the labels as bytes', () => {
    const parsed = parseIdxLabels(idxLabels([5, 0, 4, 1]), LABELS);
    expect(parsed.count).toBe(4);
    expect(parsed.labels.constructor).toBe(Uint8Array);
    expect(Array.from(parsed.labels)).toEqual([5, 0, 4, 1]);
  });

  it('hints that an images file was given as labels', () => {
    expectDataError(
      () => parseIdxLabels(idxImages(1, 2, 2), IMAGES),
      `${IMAGES}, header`,
      'expected 0x00000801',
      'found 0x00000803',
      'images file',
    );
  });

  it('rejects an empty labels file, a truncated one and trailing bytes', () => {
    expectDataError(() => parseIdxLabels(idxHeader(0x801, 0), LABELS), '0 labels');
    const truncated = idxLabels([1, 2, 3]).subarray(0, 10);
    expectDataError(
      () => parseIdxLabels(truncated, LABELS),
      `${LABELS}, header`,
      'should be 11 bytes',
      'it is 10 bytes (1 missing)',
    );
    const long = concat(idxLabels([1, 2, 3]), new Uint8Array(2));
    expectDataError(() => parseIdxLabels(long, LABELS), `${LABELS}, byte 11: 2 extra bytes`);
  });
});

describe('idxImageSet', () => {
  it('pairs images with labels', () => {
    const set = idxImageSet(idxImages(3, 2, 2), IMAGES, idxLabels([7, 0, 9]), LABELS);
    expect(set).toMatchObject({ count: 3, rows: 2, cols: 2 });
    expect(Array.from(set.labels)).toEqual([7, 0, 9]);
    expect(set.images.length).toBe(12);
  });

  it('rejects files with different record counts, naming both', () => {
    expectDataError(
      () => idxImageSet(idxImages(3, 2, 2), IMAGES, idxLabels([1, 2]), LABELS),
      `${LABELS}, header`,
      '2 labels',
      `${IMAGES} holds 3 images`,
    );
  });

  it('names the record of a label outside 0–9', () => {
    const error = expectDataError(
      () => idxImageSet(idxImages(4, 1, 1), IMAGES, idxLabels([1, 2, 10, 3]), LABELS),
      `${LABELS}, record 2 (byte 10): label 10 is outside 0–9`,
    );
    expect(error.location).toBe('record 2 (byte 10)');
  });

  it('checks the images file before the labels file', () => {
    expectDataError(
      () => idxImageSet(idxLabels([1]), LABELS, idxLabels([1]), LABELS),
      'expected 0x00000803',
    );
  });
});
