// Which of a picture's ink is the digit. Real pictures hold more than the pen's strokes: the faint
// border of a screenshotted pad, a frame along the edge, specks of dirt, grain on the paper. Taken
// as ink, any of them widens the bounding box and shrinks the digit to a smudge (an 8 inside a
// faint 1-px frame was read as a 3). So the ink is split into connected pieces, and only the
// digit's are kept: the heaviest piece of strong ink and the pieces near it, such as the separate
// top bar of a 5.

import { INK_THRESHOLD } from './ink.ts';

/** A piece this much lighter than the heaviest one (in total ink) is a speck, not a stroke. */
export const MIN_PIECE_SHARE = 0.02;
/** Pieces further from the heaviest one's box than this share of its longer side are elsewhere
 * on the picture, not part of the digit. */
export const NEAR = 0.5;
/** A frame: a piece spanning this share of the picture both ways while covering at most
 * FRAME_FILL of its box (a digit that fills the picture covers much more of it). */
const FRAME_SPAN = 0.9;
const FRAME_FILL = 0.05;

interface Piece {
  /** How many pixels it has. */
  count: number;
  /** Total ink. */
  mass: number;
  /** The most ink of any pixel. */
  peak: number;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/**
 * The digit's ink: `ink` (width × height, 0–1) with everything but the digit set to 0.
 *
 * 1. Pieces: 8-connected pixels with at least INK_THRESHOLD ink.
 * 2. Strong ink: Otsu's threshold over those pixels splits faint ink (grain, a faint border,
 *    anti-aliased edges) from the pen's; a piece without strong ink is dropped.
 * 3. Frames, pieces that run round the picture's edge, are dropped.
 * 4. The heaviest piece left is the digit; lighter pieces are kept when they weigh at least
 *    MIN_PIECE_SHARE of it and lie NEAR it.
 * 5. The kept pieces keep a one-pixel fringe of fainter ink around them: the anti-aliased edge of
 *    a stroke, below INK_THRESHOLD, belongs to it.
 */
export function digitInk(ink: Float32Array, width: number, height: number): Float32Array {
  const { labels, pieces } = connectedPieces(ink, width, height);
  const strong = otsuThreshold(ink);
  const candidate = (p: Piece) => p.peak >= strong && !isFrame(p, width, height);
  let main: Piece | null = null;
  for (const p of pieces) if (candidate(p) && (main === null || p.mass > main.mass)) main = p;
  // keep[k] says whether pieces[k] (label k + 1) is the digit's
  const keep = new Uint8Array(pieces.length);
  if (main !== null) {
    const reach = NEAR * Math.max(main.x1 - main.x0 + 1, main.y1 - main.y0 + 1);
    for (let k = 0; k < pieces.length; k++) {
      const p = pieces[k];
      const near = p.mass >= MIN_PIECE_SHARE * main.mass && gap(p, main) <= reach;
      if (p === main || (candidate(p) && near)) keep[k] = 1;
    }
  }
  // 1 for each pixel of a kept piece
  const kept = new Uint8Array(ink.length);
  for (let i = 0; i < ink.length; i++) if (labels[i] > 0) kept[i] = keep[labels[i] - 1];
  const out = new Float32Array(ink.length);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (ink[i] > 0 && nearKept(kept, width, height, x, y)) out[i] = ink[i];
    }
  return out;
}

/** The pieces of 8-connected pixels with at least INK_THRESHOLD ink (a flood fill per piece),
 * and each pixel's piece as a label: k + 1 for pieces[k], 0 for none. */
function connectedPieces(
  ink: Float32Array,
  width: number,
  height: number,
): { labels: Int32Array; pieces: Piece[] } {
  const labels = new Int32Array(ink.length);
  const pieces: Piece[] = [];
  // Every pixel is pushed at most once, so the stack never needs more than one slot per pixel.
  const stack = new Int32Array(ink.length);
  for (let start = 0; start < ink.length; start++) {
    if (labels[start] !== 0 || ink[start] < INK_THRESHOLD) continue;
    const piece: Piece = { count: 0, mass: 0, peak: 0, x0: width, y0: height, x1: -1, y1: -1 };
    pieces.push(piece);
    const label = pieces.length;
    labels[start] = label;
    let top = 0;
    stack[top++] = start;
    while (top > 0) {
      const i = stack[--top];
      const x = i % width;
      const y = (i - x) / width;
      piece.count++;
      piece.mass += ink[i];
      piece.peak = Math.max(piece.peak, ink[i]);
      piece.x0 = Math.min(piece.x0, x);
      piece.x1 = Math.max(piece.x1, x);
      piece.y0 = Math.min(piece.y0, y);
      piece.y1 = Math.max(piece.y1, y);
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          const ny = y + dy;
          if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
          const j = ny * width + nx;
          if (labels[j] !== 0 || ink[j] < INK_THRESHOLD) continue;
          labels[j] = label;
          stack[top++] = j;
        }
    }
  }
  return { labels, pieces };
}

/**
 * Otsu's threshold over the pixels with at least INK_THRESHOLD ink: the level that splits them
 * into two classes with the largest between-class variance w₀·w₁·(μ₀ − μ₁)², found over a
 * 256-bin histogram. INK_THRESHOLD when there are no such pixels or all are alike.
 */
export function otsuThreshold(ink: Float32Array): number {
  const bins = 256;
  const counts = new Float64Array(bins);
  let total = 0;
  let sum = 0;
  for (const v of ink) {
    if (v < INK_THRESHOLD) continue;
    const b = Math.min(bins - 1, Math.floor(v * bins));
    counts[b]++;
    total++;
    sum += b;
  }
  let best = INK_THRESHOLD;
  let bestVariance = 0;
  let w0 = 0;
  let sum0 = 0;
  for (let b = 0; b < bins - 1; b++) {
    w0 += counts[b];
    sum0 += b * counts[b];
    const w1 = total - w0;
    if (w0 === 0 || w1 === 0) continue;
    const between = w0 * w1 * (sum0 / w0 - (sum - sum0) / w1) ** 2;
    if (between > bestVariance) {
      bestVariance = between;
      best = (b + 1) / bins;
    }
  }
  return best;
}

function isFrame(p: Piece, width: number, height: number): boolean {
  const w = p.x1 - p.x0 + 1;
  const h = p.y1 - p.y0 + 1;
  return w >= FRAME_SPAN * width && h >= FRAME_SPAN * height && p.count <= FRAME_FILL * w * h;
}

/** The distance between two pieces' boxes (0 when they overlap), in pixels. */
function gap(a: Piece, b: Piece): number {
  const dx = Math.max(0, a.x0 - b.x1, b.x0 - a.x1);
  const dy = Math.max(0, a.y0 - b.y1, b.y0 - a.y1);
  return Math.hypot(dx, dy);
}

/** Whether (x, y) or one of its 8 neighbours is kept. */
function nearKept(kept: Uint8Array, width: number, height: number, x: number, y: number): boolean {
  for (let dy = -1; dy <= 1; dy++)
    for (let dx = -1; dx <= 1; dx++) {
      const nx = x + dx;
      const ny = y + dy;
      if (nx >= 0 && ny >= 0 && nx < width && ny < height && kept[ny * width + nx] === 1)
        return true;
    }
  return false;
}
