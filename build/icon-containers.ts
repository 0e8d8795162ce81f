// The two icon containers the installers want, written by hand: both are a small header and a
// table of images.
//
// ICO (Windows; the NSIS installer and the .exe): ICONDIR (reserved 0, type 1, count), then one
// 16-byte ICONDIRENTRY per image (width and height as a byte, 0 meaning 256; colour count; planes;
// bits per pixel; byte length; offset), then the images. An image is either a PNG (Windows Vista
// and later) or a DIB: a BITMAPINFOHEADER with double height, bottom-up BGRA rows, then a 1-bit
// AND mask. Sizes below 256 are DIBs, which every reader (makensis included) understands; 256 is a
// PNG, as Windows' own icons do it, to keep the file small.
//
// ICNS (macOS): 'icns' and the file length (big-endian), then chunks of a four-letter type, the
// chunk length including its 8-byte header, and a PNG. The type names the pixel size.

import { PNG } from 'pngjs';

export interface IconImage {
  readonly size: number;
  /** The image as a PNG file. */
  readonly png: Buffer;
}

/** The ICO sizes: what Explorer, the taskbar and the installer pick from. */
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256] as const;
/** Sizes stored as PNG rather than DIB. */
const ICO_PNG_FROM = 256;

function dib({ size, png }: IconImage): Buffer {
  const { data } = PNG.sync.read(png);
  const header = Buffer.alloc(40);
  header.writeUInt32LE(40, 0); // biSize
  header.writeInt32LE(size, 4); // biWidth
  header.writeInt32LE(size * 2, 8); // biHeight: colour rows, then the mask's rows
  header.writeUInt16LE(1, 12); // biPlanes
  header.writeUInt16LE(32, 14); // biBitCount; biCompression 0 (BI_RGB), the rest 0
  const pixels = Buffer.alloc(size * size * 4);
  const maskRow = Math.ceil(size / 32) * 4; // rows padded to 32 bits
  const mask = Buffer.alloc(maskRow * size);
  for (let y = 0; y < size; y++) {
    const row = size - 1 - y; // bottom-up
    for (let x = 0; x < size; x++) {
      const from = (y * size + x) * 4;
      const to = (row * size + x) * 4;
      pixels[to] = data[from + 2];
      pixels[to + 1] = data[from + 1];
      pixels[to + 2] = data[from];
      pixels[to + 3] = data[from + 3];
      // Fully transparent pixels set in the mask too, for readers that ignore alpha.
      if (data[from + 3] === 0) mask[row * maskRow + (x >> 3)] |= 0x80 >> (x & 7);
    }
  }
  header.writeUInt32LE(pixels.length + mask.length, 20); // biSizeImage
  return Buffer.concat([header, pixels, mask]);
}

export function ico(images: readonly IconImage[]): Buffer {
  const bodies = images.map((image) => (image.size >= ICO_PNG_FROM ? image.png : dib(image)));
  const directory = Buffer.alloc(6 + 16 * images.length);
  directory.writeUInt16LE(0, 0);
  directory.writeUInt16LE(1, 2); // 1 = icon
  directory.writeUInt16LE(images.length, 4);
  let offset = directory.length;
  images.forEach(({ size }, i) => {
    const entry = 6 + 16 * i;
    directory.writeUInt8(size % 256, entry); // 256 is written as 0
    directory.writeUInt8(size % 256, entry + 1);
    directory.writeUInt8(0, entry + 2); // no palette
    directory.writeUInt8(0, entry + 3);
    directory.writeUInt16LE(1, entry + 4); // planes
    directory.writeUInt16LE(32, entry + 6); // bits per pixel
    directory.writeUInt32LE(bodies[i].length, entry + 8);
    directory.writeUInt32LE(offset, entry + 12);
    offset += bodies[i].length;
  });
  return Buffer.concat([directory, ...bodies]);
}

/** ICNS chunk types holding PNG data, by the pixel size they hold (@2x types are the retina
 * variants of the next size down: ic11 is 16 pt at 2x, i.e. 32 px). */
export const ICNS_TYPES = [
  ['ic11', 32],
  ['ic12', 64],
  ['ic07', 128],
  ['ic13', 256],
  ['ic08', 256],
  ['ic14', 512],
  ['ic09', 512],
  ['ic10', 1024],
] as const;

export function icns(images: readonly IconImage[]): Buffer {
  const bySize = new Map(images.map((image) => [image.size, image.png]));
  const chunks = ICNS_TYPES.map(([type, size]) => {
    const png = bySize.get(size);
    if (png === undefined) throw new Error(`icns needs a ${size}×${size} image for ${type}`);
    const header = Buffer.alloc(8);
    header.write(type, 0, 'ascii');
    header.writeUInt32BE(8 + png.length, 4);
    return Buffer.concat([header, png]);
  });
  const header = Buffer.alloc(8);
  header.write('icns', 0, 'ascii');
  header.writeUInt32BE(8 + chunks.reduce((sum, chunk) => sum + chunk.length, 0), 4);
  return Buffer.concat([header, ...chunks]);
}
