// Reading PNG files into RGBA bytes, with errors that name the file and say what is wrong. The
// size a PNG declares is checked from its header before anything is decoded: a 100-byte file
// declaring 20000×20000 once took 4.7 GB to be found blank.

import { PNG } from 'pngjs';
import { DataError } from '../src-core/data/dataset.ts';
import { readCappedFile } from './read-capped.ts';

export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  /** 4 bytes per pixel (red, green, blue, alpha), row-major. */
  readonly rgba: Uint8Array;
}

/** What a picture of a digit may be: 4096×4096 (16 Mpixel) decodes to 64 MB of RGBA, and the
 * steps after it (ink, bounding box) hold a few more copies; a phone photo is ~12 Mpixel. */
export const PNG_LIMITS = {
  /** Width × height. */
  pixels: 4096 * 4096,
  /** The longest a side may be, so a 1×16M strip is refused too. */
  side: 8192,
  /** The file itself: a 16 Mpixel RGBA PNG stored without compression is ~64 MB. */
  fileBytes: 64 * 1024 * 1024,
} as const;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** The signature, the IHDR chunk's length and type, then its width and height (big-endian). */
const IHDR_TYPE_AT = 12;
const WIDTH_AT = 16;
const HEIGHT_AT = 20;

/** Other formats people try, by their first bytes, to say what the file is instead. */
const OTHER_FORMATS: readonly { name: string; magic: readonly number[] }[] = [
  { name: 'a JPEG', magic: [0xff, 0xd8, 0xff] },
  { name: 'a GIF', magic: [0x47, 0x49, 0x46, 0x38] },
  { name: 'a BMP', magic: [0x42, 0x4d] },
  { name: 'a WebP', magic: [0x52, 0x49, 0x46, 0x46] },
];

/**
 * Decodes a PNG of any colour type and bit depth (grey, palette, RGB, with or without alpha;
 * 16-bit samples are scaled to 8) into RGBA bytes. Throws a DataError naming the file when it
 * cannot be read, is not a PNG, is larger than PNG_LIMITS allow, or is truncated or corrupt.
 */
export function readPng(path: string): RgbaImage {
  const bytes = readCapped(path);
  if (!startsWith(bytes, PNG_SIGNATURE)) {
    const other = OTHER_FORMATS.find((f) => startsWith(bytes, f.magic));
    const reason =
      bytes.length === 0
        ? 'the file is empty'
        : other !== undefined
          ? `it looks like ${other.name} file`
          : 'it does not start with the PNG signature';
    throw new DataError(path, null, `not a PNG image (${reason}); save the image as PNG`);
  }
  checkDeclaredSize(path, bytes);
  let png: PNG;
  try {
    png = PNG.sync.read(bytes);
  } catch (error) {
    throw new DataError(
      path,
      null,
      `cannot decode the PNG (${(error as Error).message}); the file is truncated or corrupt`,
    );
  }
  const { width, height, data } = png;
  return { width, height, rgba: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

function readCapped(path: string): Buffer {
  return readCappedFile(
    path,
    PNG_LIMITS.fileBytes,
    `the ${PNG_LIMITS.fileBytes / (1024 * 1024)} MB a PNG may be`,
  );
}

/** Refuses, from the IHDR header alone, a PNG whose declared size passes PNG_LIMITS. */
function checkDeclaredSize(path: string, bytes: Buffer): void {
  if (bytes.length < HEIGHT_AT + 4 || bytes.toString('latin1', IHDR_TYPE_AT, WIDTH_AT) !== 'IHDR')
    throw new DataError(
      path,
      null,
      'cannot decode the PNG (no IHDR header); the file is truncated or corrupt',
    );
  const width = bytes.readUInt32BE(WIDTH_AT);
  const height = bytes.readUInt32BE(HEIGHT_AT);
  const size = `the image is ${width}×${height}`;
  if (width === 0 || height === 0)
    throw new DataError(path, null, `${size}: a PNG has at least one pixel each way`);
  if (width > PNG_LIMITS.side || height > PNG_LIMITS.side)
    throw new DataError(
      path,
      null,
      `${size}, wider or taller than the ${PNG_LIMITS.side} pixels a side may be; scale it down`,
    );
  const square = Math.sqrt(PNG_LIMITS.pixels);
  if (width * height > PNG_LIMITS.pixels)
    throw new DataError(
      path,
      null,
      `${size} (${(width * height).toLocaleString('en-US')} pixels), more than the ` +
        `${PNG_LIMITS.pixels.toLocaleString('en-US')} pixels (${square}×${square}) a digit picture may ` +
        'have; scale it down',
    );
}

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);
}
