// IDX, the file format MNIST was published in (http://yann.lecun.com/exdb/mnist/):
// a big-endian header, then every record's bytes back to back. The magic number's third
// byte is the element type (0x08 = unsigned byte) and its fourth the number of dimensions,
// which is why images (count, rows, cols) are 0x0803 and labels (count) are 0x0801.
// The parsers return views of the input bytes: no copy, no floats (see ./dataset.ts).

import { looksGzipped } from './messages.ts';
import { DataError, type ImageSet } from './dataset.ts';

const IMAGES_MAGIC = 0x00000803;
const LABELS_MAGIC = 0x00000801;
const IMAGES_HEADER_BYTES = 16; // magic, count, rows, cols
const LABELS_HEADER_BYTES = 8; // magic, count

export interface IdxImages {
  readonly count: number;
  readonly rows: number;
  readonly cols: number;
  readonly images: Uint8Array; // (count, rows*cols), a view into the input
}

export interface IdxLabels {
  readonly count: number;
  readonly labels: Uint8Array; // (count), a view into the input
}

/** Parses an idx3-ubyte images file (e.g. train-images-idx3-ubyte). */
export function parseIdxImages(bytes: Uint8Array, source: string): IdxImages {
  checkMagic(bytes, source, IMAGES_MAGIC, IMAGES_HEADER_BYTES);
  const count = readU32(bytes, 4);
  const rows = readU32(bytes, 8);
  const cols = readU32(bytes, 12);
  if (count === 0 || rows === 0 || cols === 0) {
    throw new DataError(
      source,
      'header',
      `the header says ${count} images of ${rows}×${cols} pixels; every dimension must be at least 1`,
    );
  }
  const what = `${count} images of ${rows}×${cols} pixels`;
  const images = body(bytes, source, IMAGES_HEADER_BYTES, count * rows * cols, what);
  return { count, rows, cols, images };
}

/** Parses an idx1-ubyte labels file (e.g. train-labels-idx1-ubyte). Values are not range-checked here. */
export function parseIdxLabels(bytes: Uint8Array, source: string): IdxLabels {
  checkMagic(bytes, source, LABELS_MAGIC, LABELS_HEADER_BYTES);
  const count = readU32(bytes, 4);
  if (count === 0) {
    throw new DataError(source, 'header', 'the header says the file holds 0 labels');
  }
  const labels = body(bytes, source, LABELS_HEADER_BYTES, count, `${count} labels`);
  return { count, labels };
}

/**
 * Pairs an images file with its labels file, checking they describe the same records and
 * that every label is a digit 0–9. Record numbers in errors count from 0, like array indices.
 */
export function idxImageSet(
  imagesBytes: Uint8Array,
  imagesSource: string,
  labelsBytes: Uint8Array,
  labelsSource: string,
): ImageSet {
  const { count, rows, cols, images } = parseIdxImages(imagesBytes, imagesSource);
  const { labels } = parseIdxLabels(labelsBytes, labelsSource);
  if (labels.length !== count) {
    throw new DataError(
      labelsSource,
      'header',
      `the file holds ${labels.length} labels but ${imagesSource} holds ${count} images; ` +
        'an images file and its labels file must have the same number of records',
    );
  }
  for (let i = 0; i < count; i++) {
    if (labels[i] > 9) {
      throw new DataError(
        labelsSource,
        `record ${i} (byte ${LABELS_HEADER_BYTES + i})`,
        `label ${labels[i]} is outside 0–9`,
      );
    }
  }
  return { images, labels, count, rows, cols };
}

function checkMagic(bytes: Uint8Array, source: string, expected: number, headerBytes: number) {
  if (bytes.length < 4) {
    throw new DataError(
      source,
      'header',
      `the file is ${bytes.length} bytes long, too short for an IDX header (${headerBytes} bytes)`,
    );
  }
  const found = readU32(bytes, 0);
  if (found !== expected) {
    throw new DataError(
      source,
      'header',
      `wrong magic number: expected ${hex(expected)} (${describeMagic(expected)}), ` +
        `found ${hex(found)}${magicHint(bytes, found)}`,
    );
  }
  if (bytes.length < headerBytes) {
    throw new DataError(
      source,
      'header',
      `the file is ${bytes.length} bytes long, too short for its ${headerBytes}-byte header`,
    );
  }
}

// Guesses at the usual mistakes, so the message says what to do rather than just "bad magic".
function magicHint(bytes: Uint8Array, found: number): string {
  if (looksGzipped(bytes)) {
    return '; the file looks gzipped (it starts with 1f 8b): unpack it first with gunzip';
  }
  if (found === LABELS_MAGIC) {
    return '; that is an IDX labels file: were the images and labels files swapped?';
  }
  if (found === IMAGES_MAGIC) {
    return '; that is an IDX images file: were the images and labels files swapped?';
  }
  if (bytes[0] === 0 && bytes[1] === 0) {
    return `; that is an IDX file of ${describeMagic(found)}, which is not supported here`;
  }
  return '; this is not an IDX file';
}

function describeMagic(magic: number): string {
  if (magic === IMAGES_MAGIC) return 'IDX images: unsigned bytes, 3 dimensions';
  if (magic === LABELS_MAGIC) return 'IDX labels: unsigned bytes, 1 dimension';
  return `element type 0x${((magic >>> 8) & 0xff).toString(16).padStart(2, '0')}, ${magic & 0xff} dimensions`;
}

/** Checks the file is exactly header + `size` bytes long and returns a view of those bytes. */
function body(
  bytes: Uint8Array,
  source: string,
  headerBytes: number,
  size: number,
  what: string,
): Uint8Array {
  const expected = headerBytes + size;
  if (bytes.length < expected) {
    throw new DataError(
      source,
      'header',
      `the header promises ${what}, so the file should be ${expected} bytes, ` +
        `but it is ${bytes.length} bytes (${expected - bytes.length} missing): the file is truncated`,
    );
  }
  if (bytes.length > expected) {
    throw new DataError(
      source,
      `byte ${expected}`,
      `${bytes.length - expected} extra bytes after the last record; the header promises ${what}, ` +
        `so the file should end here (${expected} bytes in all)`,
    );
  }
  // A plain Uint8Array even when given a Node Buffer, so callers see one type.
  return new Uint8Array(bytes.buffer, bytes.byteOffset + headerBytes, size);
}

function readU32(bytes: Uint8Array, offset: number): number {
  // `>>> 0` keeps the top bit as magnitude: IDX counts are unsigned.
  return (
    ((bytes[offset] << 24) |
      (bytes[offset + 1] << 16) |
      (bytes[offset + 2] << 8) |
      bytes[offset + 3]) >>>
    0
  );
}

function hex(n: number): string {
  return `0x${n.toString(16).padStart(8, '0')}`;
}
