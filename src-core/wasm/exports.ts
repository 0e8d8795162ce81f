// What kernels.wat exports, as the backend and its helper thread call it: every array is a byte
// address in the memory the module was instantiated with.

import { wasmApi, type WasmMemory, type WasmModule } from './webassembly.ts';

export interface Kernels {
  /** out (rows, n) += L · b, L read by strides rs and cs (kernels.wat's $product). */
  product(
    out: number,
    ldo4: number,
    a: number,
    rs: number,
    cs: number,
    rows: number,
    len: number,
    b: number,
    n: number,
    scratch: number,
  ): void;
  gemmNT(out: number, a: number, b: number, m: number, k: number, n: number): void;
  fillRows(out: number, v: number, m: number, n: number): void;
  addColumnSums(out: number, a: number, m: number, n: number): void;
  map(op: number, out: number, x: number, y: number, n: number, s: number): void;
  unitFromBytes(out: number, bytes: number, n: number): void;
  gatherUnit(out: number, images: number, rows: number, count: number, pixels: number): void;
  /** out (count, n) += X · b, X a batch of images as their non-zero pixels (kernels.wat). */
  imagesNN(out: number, rows: number, count: number, b: number, n: number, values: number): void;
  /** out (count, pixels) = X as floats. */
  imagesToFloats(out: number, rows: number, count: number, pixels: number, values: number): void;
  /** out (pixels, n) += Xᵀ · b over each row's entries between its addresses at `from` and `to`. */
  imagesTN(
    out: number,
    rows: number,
    count: number,
    b: number,
    n: number,
    values: number,
    from: number,
    to: number,
  ): void;
  addScaled(out: number, a: number, scale: number, n: number): void;
  sumOfSquares(a: number, n: number): number;
  softmaxLoss(
    z: number,
    labels: number,
    p: number,
    dz: number,
    grad: number,
    rows: number,
    classes: number,
    scale: number,
    kind: number,
    sums: number,
    losses: number,
  ): void;
  adam(
    p: number,
    g: number,
    m: number,
    v: number,
    n: number,
    stepSize: number,
    vScale: number,
    beta1: number,
    beta2: number,
    epsilon: number,
  ): void;
}

/** The element-wise functions of kernels.wat's `map`, in the order of its table. */
export const OP = {
  times: 0,
  relu: 1,
  reluBack: 2,
  leaky: 3,
  leakyBack: 4,
  sigmoidBack: 5,
  tanhBack: 6,
  sigmoid: 7,
  tanh: 8,
} as const;

/** Bytes of scratch $product needs for sums of `terms` terms. */
export const productScratch = (terms: number): number => 64 + 88 * terms;

export function instantiate(module: WasmModule, memory: WasmMemory): Kernels {
  const api = wasmApi();
  if (api === null) throw new Error('This runtime has no WebAssembly');
  return new api.Instance(module, { env: { memory } }).exports as unknown as Kernels;
}
