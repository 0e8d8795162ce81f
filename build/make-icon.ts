// Writes every icon file the installers need from the one design in icon-design.ts
// (npm run build:icons; the results are committed, so packaging needs no image tools):
//   build/icon.svg            the vector source
//   build/icons/NxN.png       Linux (AppImage, deb): 16 … 512
//   build/icon.png            1024×1024, the largest rendering (macOS, and any fallback)
//   build/icon.ico            Windows: 16 … 256
//   build/icon.icns           macOS: 32 … 1024

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ICNS_TYPES, ICO_SIZES, icns, ico, type IconImage } from './icon-containers.ts';
import { rasterise, toSvg } from './icon-design.ts';

export const BUILD_DIR = fileURLToPath(new URL('.', import.meta.url));
export const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512] as const;
const LARGEST = 1024;

/** Every icon file, by its path relative to build/. */
export function iconFiles(): Map<string, Buffer> {
  const sizes = new Set<number>([
    ...LINUX_SIZES,
    ...ICO_SIZES,
    ...ICNS_TYPES.map(([, size]) => size),
    LARGEST,
  ]);
  const images = new Map<number, IconImage>(
    [...sizes].map((size) => [size, { size, png: rasterise(size) }]),
  );
  const pick = (list: readonly number[]): IconImage[] =>
    [...new Set(list)].map((size) => images.get(size)!);
  const files = new Map<string, Buffer>([['icon.svg', Buffer.from(toSvg(), 'utf8')]]);
  for (const size of LINUX_SIZES) files.set(`icons/${size}x${size}.png`, images.get(size)!.png);
  files.set('icon.png', images.get(LARGEST)!.png);
  files.set('icon.ico', ico(pick(ICO_SIZES)));
  files.set('icon.icns', icns(pick(ICNS_TYPES.map(([, size]) => size))));
  return files;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const [name, bytes] of iconFiles()) {
    const file = path.join(BUILD_DIR, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, bytes);
    console.log(`${path.relative(process.cwd(), file)}  ${bytes.length} bytes`);
  }
}
