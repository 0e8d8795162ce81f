// Draws build/icon.png (512×512), the app icon electron-builder turns into each platform's format:
// a small network, three layers joined by every edge, on a rounded square. Run it again after a
// change: npx node build/make-icon.ts

import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';

const SIZE = 512;
type Rgb = readonly [number, number, number];
type Distance = (x: number, y: number) => number;

// Signed distance from (x, y) to each shape: negative inside, so coverage follows from it.
const roundedSquare: Distance = (x, y) => {
  const half = SIZE / 2 - 16;
  const radius = 96;
  const qx = Math.abs(x - SIZE / 2) - (half - radius);
  const qy = Math.abs(y - SIZE / 2) - (half - radius);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
};
const circle =
  (cx: number, cy: number, r: number): Distance =>
  (x, y) =>
    Math.hypot(x - cx, y - cy) - r;
const segment =
  (ax: number, ay: number, bx: number, by: number, width: number): Distance =>
  (x, y) => {
    const [dx, dy] = [bx - ax, by - ay];
    const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
    return Math.hypot(x - ax - t * dx, y - ay - t * dy) - width / 2;
  };

const layers = [3, 4, 2].map((count, i) =>
  Array.from(
    { length: count },
    (_, j) => [136 + i * 120, SIZE / 2 + (j - (count - 1) / 2) * 88] as const,
  ),
);
const shapes: { distance: Distance; colour: Rgb }[] = [
  { distance: roundedSquare, colour: [24, 32, 48] },
];
for (let i = 0; i + 1 < layers.length; i++)
  for (const [ax, ay] of layers[i])
    for (const [bx, by] of layers[i + 1])
      shapes.push({ distance: segment(ax, ay, bx, by, 6), colour: [96, 165, 250] });
for (const layer of layers)
  for (const [cx, cy] of layer)
    shapes.push({ distance: circle(cx, cy, 30), colour: [250, 204, 21] });

const png = new PNG({ width: SIZE, height: SIZE });
for (let y = 0; y < SIZE; y++)
  for (let x = 0; x < SIZE; x++) {
    // Straight colour and alpha, each shape laid over what is below it ("over" compositing).
    const colour = [0, 0, 0];
    let alpha = 0;
    for (const shape of shapes) {
      // Coverage from the distance at the pixel centre: a one-pixel anti-aliased edge.
      const cover = Math.max(0, Math.min(1, 0.5 - shape.distance(x + 0.5, y + 0.5)));
      if (cover === 0) continue;
      const below = alpha * (1 - cover);
      alpha = cover + below;
      for (let c = 0; c < 3; c++) colour[c] = (shape.colour[c] * cover + colour[c] * below) / alpha;
    }
    const o = (y * SIZE + x) * 4;
    for (let c = 0; c < 3; c++) png.data[o + c] = Math.round(colour[c]);
    png.data[o + 3] = Math.round(alpha * 255);
  }

writeFileSync(fileURLToPath(new URL('icon.png', import.meta.url)), PNG.sync.write(png));
