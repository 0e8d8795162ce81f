// The first layer's weights as pictures. Hidden unit j of the first layer computes
// z_j = Σ_i x_i · W[i][j] + b_j over the input pixels i, so its 784 incoming weights (column j of
// W, stored row-major at params[i·OUT + j]) form a 28×28 image of what the unit looks for: red
// where ink raises its output, blue where ink lowers it. Values are shown on a diverging scale
// symmetric around 0, so white always means "this pixel does not matter".

/** A colour as red, green, blue bytes. */
export type Rgb = readonly [number, number, number];

/** ColorBrewer's RdBu ends and its near-white middle. */
const NEGATIVE: Rgb = [33, 102, 172];
const NEUTRAL: Rgb = [247, 247, 247];
const POSITIVE: Rgb = [178, 24, 43];

/** The colour of v on a scale from −scale (blue) through 0 (white) to +scale (red); values
 * beyond the scale get the end colours. A scale of 0 makes everything white. */
export function divergingColour(v: number, scale: number): Rgb {
  const t = scale > 0 ? Math.max(-1, Math.min(1, v / scale)) : 0;
  const end = t < 0 ? NEGATIVE : POSITIVE;
  const k = Math.abs(t);
  const mix = (c: 0 | 1 | 2) => Math.round(NEUTRAL[c] + (end[c] - NEUTRAL[c]) * k);
  return [mix(0), mix(1), mix(2)];
}

/** The same colour as CSS, e.g. "rgb(247 247 247)". */
export function divergingCss(v: number, scale: number): string {
  const [r, g, b] = divergingColour(v, scale);
  return `rgb(${r} ${g} ${b})`;
}

/** The largest |v| among the first `count` values: the symmetric scale that puts the strongest
 * value at full colour. */
export function symmetricScale(values: ArrayLike<number>, count = values.length): number {
  let max = 0;
  for (let i = 0; i < Math.min(count, values.length); i++) max = Math.max(max, Math.abs(values[i]));
  return max;
}

/** The incoming weights of unit j of a dense layer: column j of W (inSize × outSize,
 * row-major), starting at `offset` in the params array. */
export function unitWeights(
  params: ArrayLike<number>,
  inSize: number,
  outSize: number,
  j: number,
  offset = 0,
): Float32Array {
  if (j < 0 || j >= outSize) throw new RangeError(`unit ${j} is not in 0…${outSize - 1}`);
  const column = new Float32Array(inSize);
  for (let i = 0; i < inSize; i++) column[i] = params[offset + i * outSize + j];
  return column;
}

/** The side of the square image a first layer reads, or null if its input is not square. */
export function imageSide(inputs: number): number | null {
  const side = Math.round(Math.sqrt(inputs));
  return side * side === inputs ? side : null;
}

/** RGBA pixels (for an ImageData) of values coloured on the diverging scale. */
export function weightPixels(
  values: ArrayLike<number>,
  scale: number,
): Uint8ClampedArray<ArrayBuffer> {
  const rgba = new Uint8ClampedArray(values.length * 4);
  for (let i = 0; i < values.length; i++) {
    const [r, g, b] = divergingColour(values[i], scale);
    rgba[4 * i] = r;
    rgba[4 * i + 1] = g;
    rgba[4 * i + 2] = b;
    rgba[4 * i + 3] = 255;
  }
  return rgba;
}

/** One page of units: 0-based [start, end) and the text "units 1–64 of 128". */
export function unitPage(
  page: number,
  perPage: number,
  units: number,
): { start: number; end: number; pages: number; text: string } {
  const pages = Math.max(1, Math.ceil(units / perPage));
  const p = Math.max(0, Math.min(page, pages - 1));
  const start = p * perPage;
  const end = Math.min(units, start + perPage);
  return { start, end, pages, text: `units ${start + 1}–${end} of ${units}` };
}
