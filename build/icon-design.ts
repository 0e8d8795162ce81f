// The app icon, described once: a small network (three layers joined by every edge) on a rounded
// square, in a 512-unit box. Two renderings read this description: `toSvg` writes the vector
// source (build/icon.svg), `rasterise` draws it at any pixel size from signed distances.

import { PNG } from 'pngjs';

/** The design's coordinate system: every length below is in units of a 512-unit square. */
export const DESIGN_SIZE = 512;

type Rgb = readonly [number, number, number];

export type Shape =
  | { kind: 'roundedSquare'; inset: number; radius: number; colour: Rgb }
  | { kind: 'segment'; ax: number; ay: number; bx: number; by: number; width: number; colour: Rgb }
  | { kind: 'circle'; cx: number; cy: number; r: number; colour: Rgb };

const BACKGROUND: Rgb = [24, 32, 48];
const EDGE: Rgb = [96, 165, 250];
const NODE: Rgb = [250, 204, 21];

/** Neuron centres, layer by layer (3, 4 and 2 units), evenly spaced around the middle. */
const layers = [3, 4, 2].map((count, i) =>
  Array.from(
    { length: count },
    (_, j) => [136 + i * 120, DESIGN_SIZE / 2 + (j - (count - 1) / 2) * 88] as const,
  ),
);

/** Back to front: the square, then every edge between adjacent layers, then the neurons. */
export const SHAPES: readonly Shape[] = [
  { kind: 'roundedSquare', inset: 16, radius: 96, colour: BACKGROUND },
  ...layers.slice(0, -1).flatMap((layer, i) =>
    layer.flatMap(([ax, ay]) =>
      layers[i + 1].map(([bx, by]): Shape => ({
        kind: 'segment',
        ax,
        ay,
        bx,
        by,
        width: 6,
        colour: EDGE,
      })),
    ),
  ),
  ...layers.flat().map(([cx, cy]): Shape => ({ kind: 'circle', cx, cy, r: 30, colour: NODE })),
];

// ---------------------------------------------------------------------------------------------
// Vector source

const hex = ([r, g, b]: Rgb): string =>
  '#' + [r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('');

function svgElement(shape: Shape): string {
  switch (shape.kind) {
    case 'roundedSquare': {
      const side = DESIGN_SIZE - 2 * shape.inset;
      return `<rect x="${shape.inset}" y="${shape.inset}" width="${side}" height="${side}" rx="${shape.radius}" fill="${hex(shape.colour)}"/>`;
    }
    case 'segment':
      // Round caps: the distance function below measures to the segment, so its ends are round.
      return `<line x1="${shape.ax}" y1="${shape.ay}" x2="${shape.bx}" y2="${shape.by}" stroke="${hex(shape.colour)}" stroke-width="${shape.width}" stroke-linecap="round"/>`;
    case 'circle':
      return `<circle cx="${shape.cx}" cy="${shape.cy}" r="${shape.r}" fill="${hex(shape.colour)}"/>`;
  }
}

export function toSvg(): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${DESIGN_SIZE}" height="${DESIGN_SIZE}" viewBox="0 0 ${DESIGN_SIZE} ${DESIGN_SIZE}">`,
    '  <title>Backprop Lab</title>',
    ...SHAPES.map((shape) => `  ${svgElement(shape)}`),
    '</svg>',
    '',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// Raster

/** Signed distance from (x, y) to the shape, in design units: negative inside. `minWidth` keeps
 * a line at least that wide (in design units), so the edges stay visible at small sizes. */
function distance(shape: Shape, x: number, y: number, minWidth: number): number {
  switch (shape.kind) {
    case 'roundedSquare': {
      const half = DESIGN_SIZE / 2 - shape.inset;
      const qx = Math.abs(x - DESIGN_SIZE / 2) - (half - shape.radius);
      const qy = Math.abs(y - DESIGN_SIZE / 2) - (half - shape.radius);
      return (
        Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - shape.radius
      );
    }
    case 'segment': {
      const [dx, dy] = [shape.bx - shape.ax, shape.by - shape.ay];
      const along = ((x - shape.ax) * dx + (y - shape.ay) * dy) / (dx * dx + dy * dy);
      const t = Math.max(0, Math.min(1, along));
      const width = Math.max(shape.width, minWidth);
      return Math.hypot(x - shape.ax - t * dx, y - shape.ay - t * dy) - width / 2;
    }
    case 'circle':
      return Math.hypot(x - shape.cx, y - shape.cy) - shape.r;
  }
}

/** The icon as a `size`×`size` PNG with straight (non-premultiplied) alpha. */
export function rasterise(size: number): Buffer {
  const scale = size / DESIGN_SIZE; // pixels per design unit
  // Half a pixel: the 6-unit edges would vanish at 16 px (0.2 px), a whole pixel would flood it.
  const minWidth = 0.5 / scale;
  const png = new PNG({ width: size, height: size });
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      // Each shape laid over what is below it ("over" compositing).
      const colour = [0, 0, 0];
      let alpha = 0;
      for (const shape of SHAPES) {
        // Coverage from the distance at the pixel centre, in pixels: a one-pixel anti-aliased edge.
        const d = distance(shape, (x + 0.5) / scale, (y + 0.5) / scale, minWidth) * scale;
        const cover = Math.max(0, Math.min(1, 0.5 - d));
        if (cover === 0) continue;
        const below = alpha * (1 - cover);
        alpha = cover + below;
        for (let c = 0; c < 3; c++)
          colour[c] = (shape.colour[c] * cover + colour[c] * below) / alpha;
      }
      const o = (y * size + x) * 4;
      for (let c = 0; c < 3; c++) png.data[o + c] = Math.round(colour[c]);
      png.data[o + 3] = Math.round(alpha * 255);
    }
  return PNG.sync.write(png);
}
