// The committed icon files: valid containers with the sizes the installers need, drawn from the one
// design (icon-design.ts), and up to date with what `npm run build:icons` makes now.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ICNS_TYPES, ICO_SIZES } from '../../build/icon-containers.ts';
import { BUILD_DIR, LINUX_SIZES, iconFiles } from '../../build/make-icon.ts';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const read = (name: string): Buffer => readFileSync(path.join(BUILD_DIR, name));

/** Width and height from a PNG's IHDR chunk, after checking the signature and chunk name. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE), 'PNG signature').toBe(true);
  expect(png.toString('ascii', 12, 16)).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

interface IcoEntry {
  readonly size: number;
  readonly bitsPerPixel: number;
  readonly data: Buffer;
}

function readIco(file: Buffer): IcoEntry[] {
  expect([file.readUInt16LE(0), file.readUInt16LE(2)], 'ICONDIR reserved, type').toEqual([0, 1]);
  const count = file.readUInt16LE(4);
  const entries: IcoEntry[] = [];
  let expectedOffset = 6 + 16 * count;
  for (let i = 0; i < count; i++) {
    const at = 6 + 16 * i;
    const [width, height] = [file[at] || 256, file[at + 1] || 256];
    expect(height).toBe(width);
    const [length, offset] = [file.readUInt32LE(at + 8), file.readUInt32LE(at + 12)];
    expect(offset, `entry ${i} follows the previous one`).toBe(expectedOffset);
    expectedOffset += length;
    entries.push({
      size: width,
      bitsPerPixel: file.readUInt16LE(at + 6),
      data: file.subarray(offset, offset + length),
    });
  }
  expect(expectedOffset, 'entries fill the file').toBe(file.length);
  return entries;
}

/** An ICO image's pixels as top-down RGBA, whether it is stored as a PNG or a DIB. */
function icoPixels({ size, data }: IcoEntry): Buffer {
  if (data.subarray(0, 8).equals(PNG_SIGNATURE)) return PNG.sync.read(data).data;
  expect(data.readUInt32LE(0), 'BITMAPINFOHEADER size').toBe(40);
  expect([data.readInt32LE(4), data.readInt32LE(8)], 'width, double height').toEqual([
    size,
    2 * size,
  ]);
  expect([data.readUInt16LE(14), data.readUInt32LE(16)], '32 bpp, BI_RGB').toEqual([32, 0]);
  const maskRow = Math.ceil(size / 32) * 4;
  expect(data.length).toBe(40 + size * size * 4 + maskRow * size);
  const rgba = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const from = 40 + ((size - 1 - y) * size + x) * 4; // bottom-up BGRA
      const to = (y * size + x) * 4;
      [rgba[to], rgba[to + 1], rgba[to + 2], rgba[to + 3]] = [
        data[from + 2],
        data[from + 1],
        data[from],
        data[from + 3],
      ];
    }
  return rgba;
}

function readIcns(file: Buffer): Map<string, Buffer> {
  expect(file.toString('ascii', 0, 4)).toBe('icns');
  expect(file.readUInt32BE(4), 'length in the header').toBe(file.length);
  const chunks = new Map<string, Buffer>();
  for (let at = 8; at < file.length;) {
    const length = file.readUInt32BE(at + 4);
    expect(length).toBeGreaterThan(8);
    chunks.set(file.toString('ascii', at, at + 4), file.subarray(at + 8, at + length));
    at += length;
  }
  return chunks;
}

describe('icons', () => {
  let regenerated: Map<string, Buffer>;
  beforeAll(() => {
    regenerated = iconFiles();
  });

  it('has a PNG of every Linux size in build/icons, and 1024 px in build/icon.png', () => {
    for (const size of LINUX_SIZES)
      expect(pngSize(read(`icons/${size}x${size}.png`)), `${size}x${size}.png`).toEqual({
        width: size,
        height: size,
      });
    expect(pngSize(read('icon.png'))).toEqual({ width: 1024, height: 1024 });
  });

  it('has an ICO with 16 … 256 px images, small ones as 32-bit DIBs, 256 as a PNG', () => {
    const entries = readIco(read('icon.ico'));
    expect(entries.map((e) => e.size)).toEqual([...ICO_SIZES]);
    for (const entry of entries) {
      expect(entry.bitsPerPixel).toBe(32);
      expect(entry.data.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(entry.size === 256);
      if (entry.size === 256) expect(pngSize(entry.data).width).toBe(256);
      expect(icoPixels(entry).length).toBe(entry.size * entry.size * 4);
    }
  });

  it('has an ICNS whose chunks are PNGs of the size their type names, up to 1024 px', () => {
    const chunks = readIcns(read('icon.icns'));
    expect([...chunks.keys()]).toEqual(ICNS_TYPES.map(([type]) => type));
    for (const [type, size] of ICNS_TYPES)
      expect(pngSize(chunks.get(type)!), type).toEqual({ width: size, height: size });
  });

  it('draws the design: a dark rounded square, clear corners, a yellow neuron, a blue edge', () => {
    const { data, width } = PNG.sync.read(read('icon.png'));
    const scale = width / 512; // design units to pixels
    const at = (x: number, y: number): number[] => {
      const o = (Math.round(y * scale) * width + Math.round(x * scale)) * 4;
      return [...data.subarray(o, o + 4)];
    };
    expect(at(2, 2)[3], 'corner outside the rounded square').toBe(0);
    expect(at(256, 40), 'background').toEqual([24, 32, 48, 255]);
    expect(at(136, 256), 'middle neuron of the input layer').toEqual([250, 204, 21, 255]);
    // Halfway along the edge from the first input neuron (136, 168) to the first hidden one.
    expect(at((136 + 256) / 2, (168 + 124) / 2), 'an edge').toEqual([96, 165, 250, 255]);
    const svg = read('icon.svg').toString('utf8');
    expect(svg).toMatch(/^<svg [^>]*viewBox="0 0 512 512"/);
    expect(svg.match(/<circle /g)).toHaveLength(9);
    expect(svg.match(/<line /g)).toHaveLength(3 * 4 + 4 * 2);
  });

  it('matches what npm run build:icons makes now (rerun it after changing the design)', () => {
    const committed = read;
    for (const [name, bytes] of regenerated) {
      if (name.endsWith('.png'))
        expect(PNG.sync.read(committed(name)).data.equals(PNG.sync.read(bytes).data), name).toBe(
          true,
        );
      else if (name.endsWith('.ico')) {
        const [now, then] = [readIco(bytes), readIco(committed(name))];
        expect(
          then.map((e, i) => icoPixels(e).equals(icoPixels(now[i]))),
          name,
        ).toEqual(now.map(() => true));
      } else if (name.endsWith('.icns')) {
        const [now, then] = [readIcns(bytes), readIcns(committed(name))];
        for (const [type, png] of now)
          expect(PNG.sync.read(then.get(type)!).data.equals(PNG.sync.read(png).data), type).toBe(
            true,
          );
      } else expect(committed(name).equals(bytes), name).toBe(true);
    }
  });
});
