// A run's training path, for the loss landscape's 2D map (src-core/landscape): its weights
// after up to TRAJECTORY_POINTS epochs, spread evenly over the run's epochs (all of them for a
// run of that many or fewer; of 200 epochs, every 10th…), with its initial weights (the model of
// kind 'initial') as the path's start. Each point is kept at half precision (IEEE binary16,
// rounded to nearest even): about 3 significant digits, enough to place a checkpoint on a
// plane, at 2 bytes a parameter. The cost: for the quick preset's 784-128-64-10 (109,386
// parameters) 219 KB a point, so 2.6 MB for its 12 epochs and at most 13 MB for a run of 60
// epochs or more; for the Article's 784-32-16-10 (25,818) 52 KB a point, 3.1 MB at most.

/** The most epochs of a run whose weights are kept on its path. */
export const TRAJECTORY_POINTS = 60;

/** Whether epoch `epoch` of a run of `epochs` is a point of its path: exactly
 * min(epochs, TRAJECTORY_POINTS) epochs are, evenly spaced, the last always among them. */
export function isTrajectoryEpoch(epoch: number, epochs: number): boolean {
  if (!(epoch >= 1 && epoch <= epochs)) return false;
  const k = Math.min(epochs, TRAJECTORY_POINTS);
  return Math.floor((epoch * k) / epochs) > Math.floor(((epoch - 1) * k) / epochs);
}

const f32 = new Float32Array(1);
const bits = new Uint32Array(f32.buffer);

/** The binary16 bits nearest to v (ties to even; too large: ±Infinity). */
export function toHalfBits(v: number): number {
  f32[0] = v;
  const x = bits[0];
  const sign = (x >>> 16) & 0x8000;
  const exponent = (x >>> 23) & 0xff;
  const mantissa = x & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa !== 0 ? 0x200 : 0);
  const e = exponent - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  // A subnormal half (or zero) keeps the bits above `shift` of the full 24-bit significand.
  const full = e <= 0 ? mantissa | 0x800000 : mantissa;
  const shift = e <= 0 ? 14 - e : 13;
  if (shift > 24) return sign;
  let half = (e <= 0 ? 0 : e << 10) | (full >>> shift);
  const rest = full & ((1 << shift) - 1);
  const midway = 1 << (shift - 1);
  // Rounding up may carry into the exponent: that is the next half, as it should be.
  if (rest > midway || (rest === midway && (half & 1) === 1)) half++;
  return sign | half;
}

export function fromHalfBits(h: number): number {
  const sign = (h & 0x8000) !== 0 ? -1 : 1;
  const e = (h >>> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0) return sign * m * 2 ** -24;
  if (e === 0x1f) return m !== 0 ? NaN : sign * Infinity;
  return sign * (1 + m / 1024) * 2 ** (e - 15);
}

export function halfBlob(weights: ArrayLike<number>): Buffer {
  const halves = new Uint16Array(weights.length);
  for (let i = 0; i < halves.length; i++) halves[i] = toHalfBits(weights[i]);
  return Buffer.from(halves.buffer);
}

export function floatsFromHalfBlob(blob: Uint8Array): Float32Array {
  const halves = new Uint16Array(blob.byteLength / 2);
  new Uint8Array(halves.buffer).set(blob);
  return Float32Array.from(halves, fromHalfBits);
}
