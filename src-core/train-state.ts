// What a run needs, besides its config and data, to go on after an epoch exactly as if it had
// never stopped: the weights, the optimiser's state (Adam's moments and step count, momentum's
// velocity), every random stream (shuffling and dropout share one; augmentation has its own),
// the order the last shuffle left the images in (each epoch shuffles the previous order), and
// the loop's own counters. The learning-rate schedule needs nothing: it is a function of the
// epoch. Saved with each epoch's checkpoint as bytes:
//
//   "BPTS" · version (u32) · header length (u32) · header (JSON, ASCII) · arrays, each 8-aligned
//
// The header holds the numbers and each array's kind and length; the arrays are raw
// little-endian values, so weights and moments come back bit for bit.

import type { OptimizerState } from './optimizers/optimizer.ts';
import type { RngState } from './rng.ts';
import type { FloatArray } from './types.ts';

export interface TrainState {
  /** Epochs finished; the run goes on with the next. */
  readonly epochsDone: number;
  readonly params: FloatArray;
  readonly optimizer: OptimizerState;
  readonly rng: RngState;
  /** The augmentation's stream; null when the run does not augment. */
  readonly augmentRng: RngState | null;
  /** The training images' order after the last shuffle. */
  readonly order: Uint32Array;
  /** A rate the learner set during the run (it replaces the schedule); null if none. */
  readonly learningRate: number | null;
  /** Training time so far, pauses excluded. */
  readonly trainMs: number;
  /** The loss limit set by the run's first batch (divergence.ts); Infinity before it. */
  readonly limit: number;
  readonly lastBatchLoss: number | null;
}

const MAGIC = 0x53545042; // "BPTS" read as a little-endian u32
const VERSION = 1;

type ArrayKind = 'float32' | 'float64' | 'uint32';
type SavedArray = Float32Array | Float64Array | Uint32Array;

interface Header {
  readonly epochsDone: number;
  readonly learningRate: number | null;
  readonly trainMs: number;
  /** null stands for Infinity, which JSON cannot hold. */
  readonly limit: number | null;
  readonly lastBatchLoss: number | null;
  readonly rng: RngState;
  readonly augmentRng: RngState | null;
  readonly optimizerSteps: number;
  /** params, order, then the optimiser's buffers. */
  readonly arrays: readonly { kind: ArrayKind; length: number }[];
}

const kindOf = (a: SavedArray): ArrayKind =>
  a instanceof Float64Array ? 'float64' : a instanceof Uint32Array ? 'uint32' : 'float32';

const align8 = (n: number) => Math.ceil(n / 8) * 8;

export function encodeTrainState(s: TrainState): Uint8Array<ArrayBuffer> {
  const arrays: SavedArray[] = [s.params, s.order, ...s.optimizer.buffers];
  const header: Header = {
    epochsDone: s.epochsDone,
    learningRate: s.learningRate,
    trainMs: s.trainMs,
    limit: Number.isFinite(s.limit) ? s.limit : null,
    lastBatchLoss: s.lastBatchLoss,
    rng: s.rng,
    augmentRng: s.augmentRng,
    optimizerSteps: s.optimizer.steps,
    arrays: arrays.map((a) => ({ kind: kindOf(a), length: a.length })),
  };
  // Numbers and names only: ASCII, one byte per character.
  const json = Uint8Array.from(JSON.stringify(header), (c) => c.charCodeAt(0));
  let size = align8(12 + json.length);
  const offsets = arrays.map((a) => {
    const at = size;
    size = align8(size + a.byteLength);
    return at;
  });
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, VERSION, true);
  view.setUint32(8, json.length, true);
  bytes.set(json, 12);
  arrays.forEach((a, i) =>
    bytes.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), offsets[i]),
  );
  return bytes;
}

/** Reads bytes encodeTrainState wrote; throws a plain Error naming what is wrong otherwise. */
export function decodeTrainState(bytes: Uint8Array): TrainState {
  const refuse = (why: string): never => {
    throw new Error(`not a saved training state: ${why}`);
  };
  if (bytes.length < 12) refuse(`${bytes.length} bytes, too short for its header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== MAGIC) refuse('it does not start with BPTS');
  const version = view.getUint32(4, true);
  if (version !== VERSION) refuse(`version ${version}, this program reads ${VERSION}`);
  const jsonLength = view.getUint32(8, true);
  if (12 + jsonLength > bytes.length) refuse('its header runs past its end');
  let header: Header;
  try {
    header = JSON.parse(String.fromCharCode(...bytes.subarray(12, 12 + jsonLength))) as Header;
  } catch (error) {
    return refuse(`its header is not JSON (${(error as Error).message})`);
  }
  let at = align8(12 + jsonLength);
  const arrays = header.arrays.map(({ kind, length }) => {
    const width = kind === 'float64' ? 8 : 4;
    if (at + length * width > bytes.length) refuse(`its ${kind} array runs past its end`);
    // Copied, so the state owns aligned memory whatever buffer the bytes came in.
    const raw = bytes.slice(at, at + length * width).buffer;
    at = align8(at + length * width);
    return kind === 'float64'
      ? new Float64Array(raw)
      : kind === 'uint32'
        ? new Uint32Array(raw)
        : new Float32Array(raw);
  });
  const [params, order, ...buffers] = arrays;
  if (!(order instanceof Uint32Array) || params instanceof Uint32Array)
    refuse('its arrays are not weights, order, optimiser state');
  return {
    epochsDone: header.epochsDone,
    params: params as FloatArray,
    optimizer: { steps: header.optimizerSteps, buffers: buffers as FloatArray[] },
    rng: header.rng,
    augmentRng: header.augmentRng,
    order: order as Uint32Array,
    learningRate: header.learningRate,
    trainMs: header.trainMs,
    limit: header.limit ?? Infinity,
    lastBatchLoss: header.lastBatchLoss,
  };
}
