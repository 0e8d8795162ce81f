// The WebAssembly backend's image batches (Backend.gatherImages): a batch held as its images'
// non-zero pixels, which the first layer's products read instead of floats. They must give
// gemmNN's and gemmTN's numbers on the floats gatherPixels writes, bit for bit (the zero terms
// they skip change nothing), on one thread and two, for every shape: one pixel or one column,
// sizes that are not multiples of the kernels' 32 and 4 columns, empty images.

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Backend, ImageBatch } from '../../src-core/backend.ts';
import { gemmNNReference, gemmTNReference } from '../../src-core/kernels-reference.ts';
import { Network } from '../../src-core/network.ts';
import { Rng } from '../../src-core/rng.ts';
import { SPARSE_SHARE, WasmBackend } from '../../src-core/wasm/backend.ts';
import { builtKernelsModule } from '../../src-main/wasm-build.ts';
import { startHelperThread } from '../../src-main/wasm-threads.ts';
import { expectAllClose, firstBitDifference, randomArray } from '../fixtures/core/arrays.ts';

const one = new WasmBackend(builtKernelsModule('single'));
const two = new WasmBackend(builtKernelsModule('shared'), { helper: startHelperThread });

beforeAll(async () => {
  await vi.waitFor(() => expect(two.threads).toBe(2), { timeout: 20_000, interval: 20 });
});
afterAll(() => two.close());

/** `count` images of `pixels` bytes, each pixel ink (1–255, 255 often) with probability `ink`;
 * image 1, when there is one, is blank. */
function images(count: number, pixels: number, ink: number, rng: Rng): Uint8Array {
  const bytes = new Uint8Array(count * pixels);
  for (let i = 0; i < bytes.length; i++)
    if (rng.uniform() < ink)
      bytes[i] = rng.uniform() < 0.3 ? 255 : 1 + Math.floor(rng.uniform() * 255);
  if (count > 1) bytes.fill(0, pixels, 2 * pixels);
  return bytes;
}

function own(backend: Backend, x: ArrayLike<number>): Float32Array {
  const y = backend.allocate(x.length) as Float32Array;
  y.set(x);
  return y;
}

// [images in the dataset, rows in the batch, pixels, columns]: the last ones are large enough
// for two threads to share (100,000 multiply-adds).
const SHAPES: [number, number, number, number][] = [
  [1, 1, 1, 1],
  [3, 2, 1, 5],
  [5, 7, 3, 4],
  [9, 5, 17, 31],
  [12, 9, 33, 33],
  [40, 37, 64, 70],
  [300, 250, 784, 32],
  [80, 64, 785, 129],
  // From 256 columns the weight gradient goes through the floats (FLOATS_FROM_COLUMNS).
  [20, 11, 30, 257],
  [90, 70, 784, 300],
];

describe.each([
  ['one thread', one],
  ['two threads', two],
])('image batches on %s', (_, backend) => {
  it.each(SHAPES)(
    'of %i images, %i rows of %i pixels, %i columns: gemmNN and gemmTN, bit for bit',
    (stored, count, pixels, n) => {
      const rng = new Rng(stored * 7 + n);
      const bytes = images(stored, pixels, 0.2, rng);
      // Rows in any order, some twice, the blank image among them.
      const pick = Array.from({ length: count }, (_, i) => (i * 5 + 3) % stored);
      const image = (i: number) => pick[i];
      const x = backend.allocate(count * pixels) as Float32Array;
      backend.gatherPixels(x, bytes, image, count, pixels);
      const batch = backend.gatherImages(bytes, image, count, pixels);
      expect(batch).not.toBeNull();
      const w = own(backend, randomArray(Float32Array, pixels * n, rng));
      const d = own(backend, randomArray(Float32Array, count * n, rng));
      const start = randomArray(Float32Array, Math.max(count, pixels) * n, rng);
      // The layer's forward (x·W, count rows) and its weight gradient (xᵀ·d, pixels rows).
      const products = [
        {
          outRows: count,
          images: (out: Float32Array) => backend.gemmImagesNN(out, batch!, w, n),
          floats: (out: Float32Array) => backend.gemmNN(out, x, w, count, pixels, n),
          reference: (out: Float64Array) =>
            gemmNNReference(out, Float64Array.from(x), Float64Array.from(w), count, pixels, n),
        },
        {
          outRows: pixels,
          images: (out: Float32Array) => backend.gemmImagesTN(out, batch!, d, n),
          floats: (out: Float32Array) => backend.gemmTN(out, x, d, count, pixels, n),
          reference: (out: Float64Array) =>
            gemmTNReference(out, Float64Array.from(x), Float64Array.from(d), count, pixels, n),
        },
      ];
      for (const product of products) {
        const before = start.subarray(0, product.outRows * n);
        const [viaImages, viaFloats] = [own(backend, before), own(backend, before)];
        product.images(viaImages);
        product.floats(viaFloats);
        expect(firstBitDifference(viaImages, viaFloats)).toBe(-1);
        // And the reference, in float64 (a float32 sum of up to ~160 terms rounds by 1e-5 or so).
        const reference = Float64Array.from(before);
        product.reference(reference);
        expectAllClose(viaImages, reference, 1e-4);
      }
    },
  );
});

describe('gatherImages', () => {
  const rng = new Rng(5);
  const sparse = images(4, 10, 0.2, rng);

  it('answers null, so the caller gathers floats, for images that are mostly ink', () => {
    const dense = images(4, 10, 0.9, rng);
    expect(dense.filter((p) => p !== 0).length).toBeGreaterThan(SPARSE_SHARE * dense.length);
    expect(one.gatherImages(dense, (i) => i, 4, 10)).toBeNull();
  });

  it('answers null when the backend is made without image batches', () => {
    const floats = new WasmBackend(builtKernelsModule('single'), { imageBatches: false });
    expect(floats.gatherImages(sparse, (i) => i, 4, 10)).toBeNull();
  });

  it('answers null when the images would not fit its memory', () => {
    const small = new WasmBackend(builtKernelsModule('single'), { capacity: 2 ** 18 });
    const big = images(2000, 100, 0.2, rng);
    expect(small.gatherImages(big, (i) => i, 4, 100)).toBeNull();
  });

  it('names the row whose image is not one of the images', () => {
    expect(() => one.gatherImages(sparse, (i) => (i === 2 ? 4 : i), 3, 10)).toThrow(
      'gatherImages: image 4 of row 2 is not one of the 4 images',
    );
    expect(() => one.gatherImages(sparse, () => -1, 1, 10)).toThrow('image -1 of row 0');
  });

  it('is refused by a first layer of another number of inputs', () => {
    const net = new Network({ sizes: [5, 3], activations: [] }, 4, one);
    const batch = one.gatherImages(sparse, (i) => i, 2, 10) as ImageBatch;
    expect(net.readsImageBatches).toBe(true);
    expect(() => net.forwardImages(batch)).toThrow('Images of 10 pixels for a layer of 5 inputs');
  });

  it('refuses a batch that is not the last one it gathered (its rows were overwritten)', () => {
    const first = one.gatherImages(sparse, (i) => i, 2, 10) as ImageBatch;
    one.gatherImages(sparse, (i) => i + 2, 2, 10);
    const out = one.allocate(2 * 3);
    const w = one.allocate(10 * 3);
    expect(() => one.gemmImagesNN(out, first, w, 3)).toThrow(
      'gemmImagesNN: not the image batch this backend gathered last',
    );
  });
});
