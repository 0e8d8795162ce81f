// The WebAssembly SIMD backend: the kernels of kernels.wat behind the Backend seam (../backend.ts),
// held equal to the TypeScript reference by tests/core/kernels.test.ts. Float32 only.
//
// Memory: one WebAssembly.Memory of a fixed size (`capacity`), reserved when the backend is made
// and never grown. Growing a memory replaces its buffer and detaches every Float32Array already
// handed out (the network's parameters, its layers' buffers), so instead `allocate` hands out
// views from a bump allocator over the reserved bytes and says so clearly when they are used up.
// The operating system backs the reserved pages only once they are written.
//
// Every kernel argument that is a view into this memory is passed as its byte address, with no
// copy. Any other Float32Array (an image batch from elsewhere, a test's array) is copied into a
// staging area first, and an output copied back after: correct, but slower, so the network's
// own buffers all come from `allocate`.
//
// Two threads (threads.ts): given a StartHelper and the kernels built for a shared memory, the
// backend splits each large kernel's output rows with a helper thread once it has started.

import { activation, LEAKY_SLOPE } from '../activations.ts';
import type { Activation, ActivationName } from '../activations.ts';
import type { AdamStep, Backend, ImageBatch } from '../backend.ts';
import type { Loss, LossName } from '../losses.ts';
import type { DType, FloatArray } from '../types.ts';
import { instantiate, OP, productScratch } from './exports.ts';
import type { Kernels } from './exports.ts';
import { CONTROL_BYTES, Helper, TASK, type StartHelper } from './threads.ts';
import { PAGE, wasmApi, type WasmMemory, type WasmModule } from './webassembly.ts';

export const DEFAULT_CAPACITY = 128 * 2 ** 20;
/** Every allocation starts on a cache line. */
const ALIGN = 64;
/** Below this many multiply-adds (or elements), a kernel is not worth splitting across threads:
 * handing over and waiting cost microseconds. */
const SPLIT_WORK = 100_000;
/** A loss's work per element, against a product's multiply-add (an e^x and a division). */
const LOSS_WORK = 40;
/** Staging areas: one per operand of a kernel call (at most out and two inputs). */
const SLOTS = 3;
/** Backend.passRows: 250 MNIST images as floats are 0.8 MB, which stay in a core's L2 cache
 * (1.25 MB here) from the gather to the first layer's weight gradient; a 1000-row chunk (3.1 MB)
 * comes back from L3, down its columns. The products and sums add each row's terms in row order
 * into what the output holds (one fused multiply-add per term), so passes of any size give the
 * same weights. */
export const PASS_ROWS = 250;

/** gatherImages holds a dataset's images as their non-zero pixels when at most this share of
 * its bytes is not zero (MNIST: 19%): each kept pixel then costs 4 bytes, and a product's term
 * about as much as in the floats' product, so denser images are better read as floats. */
export const SPARSE_SHARE = 0.5;

/** The most bytes per pixel the backend's own copy of a dataset's images takes: their bytes
 * (gatherPixels) or their non-zero pixels (gatherImages), never both for the same images. */
/** From this many columns (a first layer's units) on, gemmImagesTN writes the batch as floats
 * and runs gemmTN's product, which reuses each loaded gradient value for 4 pixels, instead of
 * scattering each ink pixel's terms (a load and a store per 4 columns). Measured on MNIST
 * batches of 64 and 250 rows, two threads: the scatter is faster up to 128 columns (78 against
 * 95 ms for 64 rows × 128), the floats from 256 (155 against 209; 378 against 419 at 512). */
const FLOATS_FROM_COLUMNS = 256;

export const COPY_BYTES_PER_PIXEL = Math.max(1, 4 * SPARSE_SHARE);

/** A dataset's images as their non-zero pixels (kernels.wat's products of image batches). */
interface SparseImages {
  readonly pixels: number;
  /** For image i at 3i: the byte addresses of its entries ((q << 8) | p per non-zero pixel, in
   * this memory), of its first entry with q ≥ pixels/2, and of its end (kernels.wat). */
  readonly rows: Int32Array;
}

interface WasmImageBatch extends ImageBatch {
  /** How many entries the batch's rows have together: the work of a product. */
  readonly entries: number;
}

export interface WasmBackendOptions {
  /** Bytes of memory reserved for everything `allocate` hands out; DEFAULT_CAPACITY by default. */
  readonly capacity?: number;
  /** Must be float32 when given: the kernels compute in nothing else. */
  readonly dtype?: DType;
  /** Starts a helper thread; `module` must then be the kernels built for a shared memory. */
  readonly helper?: StartHelper;
  /** Backend.passRows; PASS_ROWS by default. */
  readonly passRows?: number;
  /** False: gatherImages always answers null, so batches are read as floats (to compare). */
  readonly imageBatches?: boolean;
}

export class WasmBackend implements Backend {
  readonly name = 'wasm-simd';
  readonly dtype = 'float32';
  readonly memory: WasmMemory;
  readonly capacity: number;
  readonly passRows: number;
  readonly #buffer: ArrayBuffer;
  readonly #k: Kernels;
  readonly #activations: Record<ActivationName, Activation>;
  readonly #losses: Record<LossName, Loss>;
  #top = 0;
  readonly #scratch = { at: 0, terms: 0 };
  readonly #helperScratch = { at: 0, terms: 0 };
  readonly #helper: Helper | null = null;
  readonly #slots: Float32Array[] = [];
  /** The images arrays gatherPixels copied into this memory once (see #residentAt), by address,
   * or −1 for one that did not fit. */
  readonly #resident = new WeakMap<Uint8Array, number>();
  /** Where each row of a batch starts in its resident images (kernels.wat's gatherUnit). */
  #rowStarts = new Int32Array(0);
  /** A batch's bytes, copied in row by row when its images are not resident. */
  #bytes = new Uint8Array(0);
  /** The labels of a batch, and each row's Σe and loss (kernels.wat's softmaxLoss). */
  #labels = new Uint8Array(0);
  #rowSums = new Float32Array(0);
  #rowLosses = new Float64Array(0);
  readonly #imageBatches: boolean;
  readonly #sparse = new WeakMap<Uint8Array, SparseImages | null>();
  /** Three byte addresses per row of the last image batch (kernels.wat), and that batch. */
  #imageRows = new Int32Array(0);
  #imageBatch: WasmImageBatch | null = null;
  /** An image batch as floats, for a wide layer's weight gradient (FLOATS_FROM_COLUMNS). */
  #imageFloats = new Float32Array(0);
  /** p/255 for each byte p, as gatherPixels converts it. */
  readonly #pixelValues: Float32Array;
  // The output staged by the current call, copied back to its owner by #flush.
  #stagedOwner: Float32Array | null = null;
  #stagedLength = 0;

  /** `module` is kernels.wat compiled (the caller reads the bytes: the core has no file access). */
  constructor(module: WasmModule, options: WasmBackendOptions = {}) {
    if (options.dtype === 'float64')
      throw new Error(
        'The WebAssembly backend computes in float32 only; a float64 network (such as the gradient check) needs the TypeScript backend',
      );
    const api = wasmApi();
    if (api === null) throw new Error('This runtime has no WebAssembly');
    const capacity = options.capacity ?? DEFAULT_CAPACITY;
    if (!Number.isInteger(capacity) || capacity < PAGE)
      throw new Error(`WASM backend capacity ${capacity} is not a whole number of bytes ≥ ${PAGE}`);
    const pages = Math.ceil(capacity / PAGE);
    const shared = options.helper !== undefined;
    this.memory = new api.Memory({ initial: pages, maximum: pages, shared });
    this.capacity = pages * PAGE;
    this.passRows = options.passRows ?? PASS_ROWS;
    this.#imageBatches = options.imageBatches ?? true;
    this.#buffer = this.memory.buffer;
    this.#k = instantiate(module, this.memory);
    this.#scratchFor(this.#scratch, 1024);
    if (options.helper !== undefined) {
      const control = this.#reserve(CONTROL_BYTES);
      this.#helper = new Helper(this.memory, control, this.#k);
      this.#scratchFor(this.#helperScratch, 1024);
      options.helper({ module, memory: this.memory, control });
    }
    for (let s = 0; s < SLOTS; s++) this.#slots.push(new Float32Array(0));
    this.#pixelValues = new Float32Array(this.#buffer, this.#reserve(4 * 256), 256);
    for (let p = 0; p < 256; p++) this.#pixelValues[p] = p / 255;
    this.#activations = {
      relu: this.#elementWise('relu', OP.relu, OP.reluBack, 0),
      'leaky-relu': this.#elementWise('leaky-relu', OP.leaky, OP.leakyBack, LEAKY_SLOPE),
      sigmoid: this.#elementWise('sigmoid', OP.sigmoid, OP.sigmoidBack, 0),
      tanh: this.#elementWise('tanh', OP.tanh, OP.tanhBack, 0),
      // A copy, which the typed arrays' own set() does as fast as a kernel would.
      identity: activation('identity'),
    };
    this.#losses = {
      'cross-entropy': { name: 'cross-entropy', compute: (...args) => this.#loss(0, ...args) },
      mse: { name: 'mse', compute: (...args) => this.#loss(1, ...args) },
    };
  }

  /** 2 while a helper thread shares the work, else 1. */
  get threads(): number {
    return this.#helper?.ready === true ? 2 : 1;
  }

  /** Stops the helper thread, if any; the backend goes on alone. */
  close(): void {
    this.#helper?.stop();
  }

  /** Bytes handed out so far (allocations, scratch and staging). */
  get used(): number {
    return this.#top;
  }

  /** A zeroed view of n floats in this backend's memory. A float64 buffer (state the kernels never
   * read, such as momentum's velocity) is an ordinary Float64Array. */
  allocate(n: number, dtype: DType = this.dtype): FloatArray {
    if (dtype === 'float64') return new Float64Array(n);
    // Memory starts zeroed and the arena never reuses bytes, so a fresh view is all zeros.
    return new Float32Array(this.#buffer, this.#reserve(4 * n), n);
  }

  gemmNN(out: FloatArray, a: FloatArray, b: FloatArray, m: number, k: number, n: number): void {
    if (m === 0 || n === 0) return;
    const o = this.#out('gemmNN', out, m * n, true);
    const pa = this.#in('gemmNN a', a, m * k, 1);
    this.#product(o, pa, this.#in('gemmNN b', b, k * n, 2), false, m, k, n);
    this.#flush();
  }

  gemmTN(out: FloatArray, a: FloatArray, b: FloatArray, m: number, k: number, n: number): void {
    if (k === 0 || n === 0) return;
    const o = this.#out('gemmTN', out, k * n, true);
    const pa = this.#in('gemmTN a', a, m * k, 1);
    this.#product(o, pa, this.#in('gemmTN b', b, m * n, 2), true, m, k, n);
    this.#flush();
  }

  gemmNT(out: FloatArray, a: FloatArray, b: FloatArray, m: number, k: number, n: number): void {
    if (m === 0 || n === 0) return;
    const o = this.#out('gemmNT', out, m * n, false);
    const pa = this.#in('gemmNT a', a, m * k, 1);
    const pb = this.#in('gemmNT b', b, n * k, 2);
    const own = this.#ownShare(m, m * k * n);
    const rest = m - own;
    if (rest > 0)
      this.#helper!.start(TASK.gemmNT, o + 4 * own * n, pa + 4 * own * k, pb, rest, k, n);
    this.#k.gemmNT(o, pa, pb, own, k, n);
    if (rest > 0) this.#helper!.finish();
    this.#flush();
  }

  fillRows(out: FloatArray, v: FloatArray, m: number, n: number): void {
    if (m === 0 || n === 0) return;
    const o = this.#out('fillRows', out, m * n, false);
    this.#k.fillRows(o, this.#in('fillRows v', v, n, 1), m, n);
    this.#flush();
  }

  addColumnSums(out: FloatArray, a: FloatArray, m: number, n: number): void {
    if (m === 0 || n === 0) return;
    const o = this.#out('addColumnSums', out, n, true);
    this.#k.addColumnSums(o, this.#in('addColumnSums a', a, m * n, 1), m, n);
    this.#flush();
  }

  multiply(out: FloatArray, a: FloatArray, b: FloatArray, n: number): void {
    this.#map('multiply', OP.times, out, a, b, n, 0);
  }

  activation(name: ActivationName): Activation {
    return this.#activations[name];
  }

  gatherPixels(
    out: FloatArray,
    images: Uint8Array,
    image: (i: number) => number,
    count: number,
    pixels: number,
  ): void {
    const n = count * pixels;
    if (n === 0) return;
    const o = this.#out('gatherPixels', out, n, false);
    const base = this.#residentAt(images);
    if (base !== null) {
      this.#rowStarts = this.#atLeast(this.#rowStarts, count, Int32Array);
      for (let i = 0; i < count; i++) this.#rowStarts[i] = image(i) * pixels;
      const rows = this.#rowStarts.byteOffset;
      const own = this.#ownShare(count, n);
      const rest = count - own;
      if (rest > 0)
        this.#helper!.start(TASK.gather, o + 4 * own * pixels, base, rows + 4 * own, rest, pixels);
      this.#k.gatherUnit(o, base, rows, own, pixels);
      if (rest > 0) this.#helper!.finish();
    } else {
      this.#bytes = this.#atLeast(this.#bytes, n, Uint8Array);
      for (let i = 0; i < count; i++) {
        const src = image(i) * pixels;
        this.#bytes.set(images.subarray(src, src + pixels), i * pixels);
      }
      const bytes = this.#bytes.byteOffset;
      const own = this.#ownShare(n, n, 16);
      const rest = n - own;
      if (rest > 0) this.#helper!.start(TASK.unit, o + 4 * own, bytes + own, rest);
      this.#k.unitFromBytes(o, bytes, own);
      if (rest > 0) this.#helper!.finish();
    }
    this.#flush();
  }

  /** The address of a copy of `images` in this memory, made on its first use, so batches are
   * gathered and converted in one pass with no copy per row (a dataset's images never change
   * once read). Null when it would leave less than a quarter of the memory free: the rows are
   * then copied in for each batch. */
  #residentAt(images: Uint8Array): number | null {
    let at = this.#resident.get(images);
    if (at === undefined) {
      const fits = this.#top + images.length <= 0.75 * this.capacity;
      at = fits ? this.#reserve(images.length) : -1;
      if (at >= 0) new Uint8Array(this.#buffer, at, images.length).set(images);
      this.#resident.set(images, at);
    }
    return at < 0 ? null : at;
  }

  gatherImages(
    images: Uint8Array,
    image: (i: number) => number,
    count: number,
    pixels: number,
  ): ImageBatch | null {
    const sparse = this.#imageBatches && count > 0 ? this.#sparseOf(images, pixels) : null;
    if (sparse === null) return null;
    this.#imageRows = this.#atLeast(this.#imageRows, 3 * count, Int32Array);
    const table = sparse.rows;
    const rows = this.#imageRows;
    const last = table.length / 3;
    let bytes = 0;
    for (let i = 0, r = 0; i < count; i++, r += 3) {
      const at = image(i);
      if (!(at >>> 0 === at && at < last))
        throw new Error(`gatherImages: image ${at} of row ${i} is not one of the ${last} images`);
      const t = 3 * at;
      rows[r] = table[t];
      rows[r + 1] = table[t + 1];
      rows[r + 2] = table[t + 2];
      bytes += table[t + 2] - table[t];
    }
    this.#imageBatch = { count, pixels, entries: bytes / 4 };
    return this.#imageBatch;
  }

  gemmImagesNN(out: FloatArray, x: ImageBatch, b: FloatArray, n: number): void {
    const batch = this.#current('gemmImagesNN', x);
    if (n === 0) return;
    const o = this.#out('gemmImagesNN', out, batch.count * n, true);
    const pb = this.#in('gemmImagesNN b', b, batch.pixels * n, 1);
    const rows = this.#imageRows.byteOffset;
    const values = this.#pixelValues.byteOffset;
    const own = this.#ownShare(batch.count, batch.entries * n, 1);
    const rest = batch.count - own;
    if (rest > 0)
      this.#helper!.start(TASK.imagesNN, o + 4 * own * n, rows + 12 * own, rest, pb, n, values);
    this.#k.imagesNN(o, rows, own, pb, n, values);
    if (rest > 0) this.#helper!.finish();
    this.#flush();
  }

  gemmImagesTN(out: FloatArray, x: ImageBatch, b: FloatArray, n: number): void {
    const batch = this.#current('gemmImagesTN', x);
    if (n === 0) return;
    const o = this.#out('gemmImagesTN', out, batch.pixels * n, true);
    const pb = this.#in('gemmImagesTN b', b, batch.count * n, 1);
    const rows = this.#imageRows.byteOffset;
    const values = this.#pixelValues.byteOffset;
    if (n >= FLOATS_FROM_COLUMNS) {
      // Wide: the floats, written from the list, through gemmTN's own product.
      this.#imageFloats = this.#atLeast(
        this.#imageFloats,
        batch.count * batch.pixels,
        Float32Array,
      );
      const floats = this.#imageFloats.byteOffset;
      this.#k.imagesToFloats(floats, rows, batch.count, batch.pixels, values);
      this.#product(o, floats, pb, true, batch.count, batch.pixels, n);
      this.#flush();
      return;
    }
    // Two threads take the output's two halves of rows (an image's pixels before and after
    // pixels/2), so no element is written by both.
    const shared = this.#shares(batch.entries * n);
    if (shared) this.#helper!.start(TASK.imagesTN, o, rows, batch.count, pb, n, values, 4, 8);
    this.#k.imagesTN(o, rows, batch.count, pb, n, values, 0, shared ? 4 : 8);
    if (shared) this.#helper!.finish();
    this.#flush();
  }

  /** x, checked to be the batch the last gatherImages returned (the rows it describes are
   * overwritten by the next). */
  #current(what: string, x: ImageBatch): WasmImageBatch {
    if (x !== this.#imageBatch)
      throw new Error(`${what}: not the image batch this backend gathered last`);
    return this.#imageBatch;
  }

  /** `images` as their non-zero pixels in this memory, made on first use; null when they are
   * too dense to gain (SPARSE_SHARE) or would leave less than a quarter of the memory free. */
  #sparseOf(images: Uint8Array, pixels: number): SparseImages | null {
    let sparse = this.#sparse.get(images);
    if (sparse === undefined || (sparse !== null && sparse.pixels !== pixels)) {
      sparse = this.#makeSparse(images, pixels);
      this.#sparse.set(images, sparse);
    }
    return sparse;
  }

  #makeSparse(images: Uint8Array, pixels: number): SparseImages | null {
    // q << 8 must fit an i32's 31 bits of magnitude.
    if (!Number.isInteger(pixels) || pixels < 1 || pixels >= 2 ** 23) return null;
    const count = Math.floor(images.length / pixels);
    const length = count * pixels;
    let nonzero = 0;
    for (let i = 0; i < length; i++) if (images[i] !== 0) nonzero++;
    if (nonzero > SPARSE_SHARE * length) return null;
    if (this.#top + 4 * nonzero > 0.75 * this.capacity) return null;
    const at = this.#reserve(4 * Math.max(nonzero, 1));
    const entries = new Int32Array(this.#buffer, at, nonzero);
    const rows = new Int32Array(3 * count);
    const half = pixels >> 1;
    let e = 0;
    for (let image = 0; image < count; image++) {
      rows[3 * image] = at + 4 * e;
      const base = image * pixels;
      for (let q = 0; q < pixels; q++) {
        if (q === half) rows[3 * image + 1] = at + 4 * e;
        const p = images[base + q];
        if (p !== 0) entries[e++] = (q << 8) | p;
      }
      rows[3 * image + 2] = at + 4 * e;
    }
    return { pixels, rows };
  }

  addScaled(out: FloatArray, a: FloatArray, scale: number, n: number): void {
    if (n === 0) return;
    const o = this.#out('addScaled', out, n, true);
    this.#k.addScaled(o, this.#in('addScaled a', a, n, 1), scale, n);
    this.#flush();
  }

  sumOfSquares(a: FloatArray, n: number): number {
    return n === 0 ? 0 : this.#k.sumOfSquares(this.#in('sumOfSquares', a, n, 1), n);
  }

  adam(
    params: FloatArray,
    grads: FloatArray,
    m: FloatArray,
    v: FloatArray,
    n: number,
    { stepSize, vScale, beta1, beta2, epsilon }: AdamStep,
  ): void {
    if (n === 0) return;
    for (const [what, x] of [
      ['params', params],
      ['m', m],
      ['v', v],
    ] as const) {
      check(`adam ${what}`, x, n);
      if (x.buffer !== this.#buffer)
        throw new Error(
          `adam ${what}: the WebAssembly backend updates it in place, so it must come from this backend's allocate`,
        );
    }
    const g = this.#in('adam grads', grads, n, 1);
    const [p, mp, vp] = [params.byteOffset, m.byteOffset, v.byteOffset];
    const own = this.#ownShare(n, n);
    const rest = n - own;
    if (rest > 0) {
      const at = 4 * own;
      this.#helper!.startAdam(p + at, g + at, mp + at, vp + at, rest, [
        stepSize,
        vScale,
        beta1,
        beta2,
        epsilon,
      ]);
    }
    this.#k.adam(p, g, mp, vp, own, stepSize, vScale, beta1, beta2, epsilon);
    if (rest > 0) this.#helper!.finish();
  }

  loss(name: LossName): Loss {
    return this.#losses[name];
  }

  /** Loss `kind` (0 cross-entropy, 1 summed squared error) through kernels.wat's softmaxLoss. */
  #loss(
    kind: number,
    ...[z, labels, probs, dz, rows, classes, scale]: Parameters<Loss['compute']>
  ): number {
    const n = rows * classes;
    if (n === 0) return 0;
    const pz = this.#in('loss z', z, n, 1);
    const pp = this.#out('loss probs', probs, n, false);
    const pd = dz === null ? 0 : this.#in('loss dz', dz, n, 2);
    this.#labels = this.#atLeast(this.#labels, rows, Uint8Array);
    this.#rowSums = this.#atLeast(this.#rowSums, rows, Float32Array);
    this.#rowLosses = this.#atLeast(this.#rowLosses, rows, Float64Array);
    for (let r = 0; r < rows; r++) this.#labels[r] = labels[r];
    const sums = this.#rowSums;
    const losses = this.#rowLosses;
    const labelsAt = this.#labels.byteOffset;
    const sumsAt = sums.byteOffset;
    const lossesAt = losses.byteOffset;
    const grad = dz === null ? 0 : 1;
    // Rows from `own` on go to the helper: every pointer moved on by `own` rows.
    const own = this.#ownShare(rows, LOSS_WORK * n, 1);
    if (own < rows) {
      const c4 = 4 * own * classes;
      this.#helper!.startLoss(
        pz + c4,
        labelsAt + own,
        pp + c4,
        grad * (pd + c4),
        grad,
        rows - own,
        classes,
        scale,
        kind,
        sumsAt + 4 * own,
        lossesAt + 8 * own,
      );
    }
    this.#k.softmaxLoss(
      pz,
      labelsAt,
      pp,
      grad * pd,
      grad,
      own,
      classes,
      scale,
      kind,
      sumsAt,
      lossesAt,
    );
    if (own < rows) this.#helper!.finish();
    let total = 0;
    if (kind === 0) for (let r = 0; r < rows; r++) total += Math.log(sums[r]) + losses[r];
    else for (let r = 0; r < rows; r++) total += losses[r];
    // dz went through staging slot 2 when it is not this memory's: copy it back.
    if (dz !== null && dz.buffer !== this.#buffer) dz.set(this.#slots[2].subarray(0, n));
    this.#flush();
    return total;
  }

  #elementWise(name: ActivationName, forward: number, backward: number, s: number): Activation {
    const usesOutput = name === 'sigmoid' || name === 'tanh';
    const backwardName = `${name} backward`;
    return {
      name,
      forward: (z, a, n) => this.#map(name, forward, a, z, z, n, s),
      backward: (dA, z, a, dZ, n) =>
        this.#map(backwardName, backward, dZ, dA, usesOutput ? a : z, n, s),
    };
  }

  /** out[i] = f(x[i], y[i]) for i < n, f the kernels' element-wise function `op`. */
  #map(
    kernel: string,
    op: number,
    out: FloatArray,
    x: FloatArray,
    y: FloatArray,
    n: number,
    s: number,
  ): void {
    if (n === 0) return;
    const o = this.#out(kernel, out, n, false);
    const px = this.#in(kernel, x, n, 1);
    const py = this.#in(kernel, y, n, 2);
    const own = this.#ownShare(n, n);
    const rest = n - own;
    if (rest > 0) this.#helper!.startMap(op, o + 4 * own, px + 4 * own, py + 4 * own, rest, s);
    this.#k.map(op, o, px, py, own, s);
    if (rest > 0) this.#helper!.finish();
    this.#flush();
  }

  /** out += a·b (gemmNN) or aᵀ·b (gemmTN), a (m, k): kernels.wat's $product reading the rows of
   * a (strides k, 1) or its columns as rows (strides 1, k), the output rows shared with the helper. */
  #product(
    o: number,
    a: number,
    b: number,
    transposed: boolean,
    m: number,
    k: number,
    n: number,
  ): void {
    const rs = transposed ? 1 : k;
    const cs = transposed ? k : 1;
    const rows = transposed ? k : m;
    const len = transposed ? m : k;
    const ldo4 = 4 * n;
    const own = this.#ownShare(rows, rows * len * n, transposed ? 16 : 4);
    const rest = rows - own;
    if (rest > 0) {
      const scratch = this.#scratchFor(this.#helperScratch, len);
      this.#helper!.start(
        TASK.product,
        o + own * ldo4,
        ldo4,
        a + 4 * own * rs,
        rs,
        cs,
        rest,
        len,
        b,
        n,
        scratch,
      );
    }
    this.#k.product(o, ldo4, a, rs, cs, own, len, b, n, this.#scratchFor(this.#scratch, len));
    if (rest > 0) this.#helper!.finish();
  }

  /** How many of `rows` rows (of `work` multiply-adds) this thread computes: all of them, or,
   * with a helper ready and enough work, the first half rounded up to a multiple of `block`
   * (4, the kernels' block of rows, so each thread's blocks are those one thread alone would
   * compute; 16 for Aᵀ, whose rows are packed a 64-byte cache line at a time). */
  #ownShare(rows: number, work: number, block = 4): number {
    if (!this.#shares(work) || rows < 2 * block) return rows;
    return block * Math.ceil(rows / (2 * block));
  }

  /** Whether a kernel of `work` multiply-adds (or elements) is shared with a ready helper. */
  #shares(work: number): boolean {
    return this.#helper !== null && work >= SPLIT_WORK && this.#helper.ready;
  }

  /** The byte address of the first `length` floats of input x: x itself when it lives in this
   * memory, else a copy in staging slot `slot`. */
  #in(what: string, x: FloatArray, length: number, slot: number): number {
    check(what, x, length);
    if (x.buffer === this.#buffer) return x.byteOffset;
    const stage = this.#stage(slot, length);
    for (let i = 0; i < length; i++) stage[i] = x[i];
    return stage.byteOffset;
  }

  /** Like #in for the output, staged in slot 0 and copied back by #flush; `read` when the kernel
   * adds to what out holds. */
  #out(what: string, out: FloatArray, length: number, read: boolean): number {
    check(`${what} out`, out, length);
    if (out.buffer === this.#buffer) return out.byteOffset;
    const stage = this.#stage(0, length);
    if (read) for (let i = 0; i < length; i++) stage[i] = out[i];
    this.#stagedOwner = out as Float32Array;
    this.#stagedLength = length;
    return stage.byteOffset;
  }

  #flush(): void {
    const owner = this.#stagedOwner;
    if (owner === null) return;
    const stage = this.#slots[0];
    for (let i = 0; i < this.#stagedLength; i++) owner[i] = stage[i];
    this.#stagedOwner = null;
  }

  /** Staging slot `slot` with room for `length` floats. */
  #stage(slot: number, length: number): Float32Array {
    this.#slots[slot] = this.#atLeast(this.#slots[slot], length, Float32Array);
    return this.#slots[slot];
  }

  /** `view` when it holds `length` elements, else a view of this memory twice as large (or of
   * `length`, when more), reserved anew: the arena never frees, so buffers only grow. */
  #atLeast<T extends ArenaView>(view: T, length: number, Type: ArenaViewType<T>): T {
    if (view.length >= length) return view;
    const size = Math.max(length, 2 * view.length);
    return new Type(this.#buffer, this.#reserve(Type.BYTES_PER_ELEMENT * size), size);
  }

  /** The address of `scratch`, reserved anew (twice as large) when short of `terms` terms. */
  #scratchFor(scratch: { at: number; terms: number }, terms: number): number {
    if (terms > scratch.terms) {
      scratch.terms = Math.max(terms, 2 * scratch.terms);
      scratch.at = this.#reserve(productScratch(scratch.terms));
    }
    return scratch.at;
  }

  /** `bytes` more bytes of the arena; throws rather than grow the memory. */
  #reserve(bytes: number): number {
    const at = this.#top;
    const end = Math.ceil((at + bytes) / ALIGN) * ALIGN;
    if (end > this.capacity)
      throw new Error(
        `The WebAssembly backend's ${mib(this.capacity)} of memory is used up (${mib(at)} in use, ${bytes} more bytes asked for): make it with a larger capacity`,
      );
    this.#top = end;
    return at;
  }
}

type ArenaView = Uint8Array | Int32Array | Float32Array | Float64Array;
interface ArenaViewType<T extends ArenaView> {
  new (buffer: ArrayBuffer, at: number, length: number): T;
  readonly BYTES_PER_ELEMENT: number;
}

const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

/** Throws unless x is a Float32Array of at least `length` numbers. */
function check(what: string, x: FloatArray, length: number): void {
  if (!(x instanceof Float32Array))
    throw new Error(
      `${what}: the WebAssembly backend computes in float32 only, and was given a ${x.constructor.name}`,
    );
  if (x.length < length)
    throw new Error(`${what}: holds ${x.length} numbers where the sizes need ${length}`);
}
