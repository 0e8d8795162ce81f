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

import { activation as referenceActivation, LEAKY_SLOPE } from '../activations.ts';
import type { Activation, ActivationName } from '../activations.ts';
import type { Backend } from '../backend.ts';
import type { DType, FloatArray } from '../types.ts';
import { PAGE, wasmApi, type WasmMemory, type WasmModule } from './webassembly.ts';

/** The functions kernels.wat exports; every array is a byte address in the memory. */
interface Kernels {
  gemmNN(out: number, a: number, b: number, m: number, k: number, n: number, scratch: number): void;
  gemmTN(out: number, a: number, b: number, m: number, k: number, n: number, scratch: number): void;
  gemmNT(out: number, a: number, b: number, m: number, k: number, n: number): void;
  fillRows(out: number, v: number, m: number, n: number): void;
  addColumnSums(out: number, a: number, m: number, n: number): void;
  map(op: number, out: number, x: number, y: number, n: number, s: number): void;
}

/** The element-wise functions of kernels.wat's `map`, in the order of its table. */
const OP = {
  times: 0,
  relu: 1,
  reluBack: 2,
  leaky: 3,
  leakyBack: 4,
  sigmoidBack: 5,
  tanhBack: 6,
} as const;

export const DEFAULT_CAPACITY = 128 * 2 ** 20;
/** Every allocation starts on a cache line. */
const ALIGN = 64;
/** gemmNN and gemmTN need 64 + 20 bytes per term of their sums as scratch (kernels.wat). */
const scratchBytes = (terms: number): number => 64 + 20 * terms;
/** Staging areas: one per operand of a kernel call (at most out and two inputs). */
const SLOTS = 3;

export interface WasmBackendOptions {
  /** Bytes of memory reserved for everything `allocate` hands out; DEFAULT_CAPACITY by default. */
  readonly capacity?: number;
  /** Must be float32 when given: the kernels compute in nothing else. */
  readonly dtype?: DType;
}

export class WasmBackend implements Backend {
  readonly name = 'wasm-simd';
  readonly dtype = 'float32';
  readonly memory: WasmMemory;
  readonly capacity: number;
  readonly #buffer: ArrayBuffer;
  readonly #k: Kernels;
  readonly #activations: Record<ActivationName, Activation>;
  #top = 0;
  #scratch = 0;
  #scratchTerms = 0;
  readonly #slots: Float32Array[] = [];
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
    this.memory = new api.Memory({ initial: pages, maximum: pages });
    this.capacity = pages * PAGE;
    this.#buffer = this.memory.buffer;
    this.#k = new api.Instance(module, { env: { memory: this.memory } })
      .exports as unknown as Kernels;
    this.#reserveScratch(4096);
    for (let s = 0; s < SLOTS; s++) this.#slots.push(new Float32Array(0));
    this.#activations = {
      relu: this.#elementWise('relu', OP.relu, OP.reluBack, 0),
      'leaky-relu': this.#elementWise('leaky-relu', OP.leaky, OP.leakyBack, LEAKY_SLOPE),
      // No exp in WebAssembly: σ and tanh go forward in TypeScript (on the same views), and back
      // in WASM from their outputs.
      sigmoid: this.#elementWise('sigmoid', null, OP.sigmoidBack, 0),
      tanh: this.#elementWise('tanh', null, OP.tanhBack, 0),
    };
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
    this.#k.gemmNN(
      o,
      this.#in('gemmNN a', a, m * k, 1),
      this.#in('gemmNN b', b, k * n, 2),
      m,
      k,
      n,
      this.#scratchFor(k),
    );
    this.#flush();
  }

  gemmTN(out: FloatArray, a: FloatArray, b: FloatArray, m: number, k: number, n: number): void {
    if (k === 0 || n === 0) return;
    const o = this.#out('gemmTN', out, k * n, true);
    this.#k.gemmTN(
      o,
      this.#in('gemmTN a', a, m * k, 1),
      this.#in('gemmTN b', b, m * n, 2),
      m,
      k,
      n,
      this.#scratchFor(m),
    );
    this.#flush();
  }

  gemmNT(out: FloatArray, a: FloatArray, b: FloatArray, m: number, k: number, n: number): void {
    if (m === 0 || n === 0) return;
    const o = this.#out('gemmNT', out, m * n, false);
    this.#k.gemmNT(
      o,
      this.#in('gemmNT a', a, m * k, 1),
      this.#in('gemmNT b', b, n * k, 2),
      m,
      k,
      n,
    );
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

  #elementWise(
    name: ActivationName,
    forward: number | null,
    backward: number,
    s: number,
  ): Activation {
    const reference = referenceActivation(name);
    const usesOutput = name === 'sigmoid' || name === 'tanh';
    return {
      name,
      forward:
        forward === null
          ? (z, a, n) => reference.forward(z, a, n)
          : (z, a, n) => this.#map(name, forward, a, z, z, n, s),
      backward: (dA, z, a, dZ, n) =>
        this.#map(`${name} backward`, backward, dZ, dA, usesOutput ? a : z, n, s),
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
    this.#k.map(op, o, this.#in(kernel, x, n, 1), this.#in(kernel, y, n, 2), n, s);
    this.#flush();
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

  /** Staging slot `slot` with room for `length` floats, reserved anew (twice as large) when short. */
  #stage(slot: number, length: number): Float32Array {
    if (this.#slots[slot].length < length) {
      const size = Math.max(length, 2 * this.#slots[slot].length);
      this.#slots[slot] = new Float32Array(this.#buffer, this.#reserve(4 * size), size);
    }
    return this.#slots[slot];
  }

  #scratchFor(terms: number): number {
    if (terms > this.#scratchTerms) this.#reserveScratch(Math.max(terms, 2 * this.#scratchTerms));
    return this.#scratch;
  }

  #reserveScratch(terms: number): void {
    this.#scratch = this.#reserve(scratchBytes(terms));
    this.#scratchTerms = terms;
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
