// Reading PNG files into RGBA bytes, with errors that name the file and say what is wrong.

import { readFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { DataError } from '../src-core/data/dataset.ts';

export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  /** 4 bytes per pixel (red, green, blue, alpha), row-major. */
  readonly rgba: Uint8Array;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

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
 * cannot be read, is not a PNG, or is truncated or corrupt.
 */
export function readPng(path: string): RgbaImage {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new DataError(path, null, `cannot read the file: ${describeFsError(error)}`);
  }
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

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a folder, not a file';
  return (error as Error).message;
}
