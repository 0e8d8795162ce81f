// The WebAssembly backend on two threads: a helper worker thread sharing its memory computes half
// of each large kernel's rows. Each thread computes the blocks of rows one thread alone would, so
// one and two threads must give the same numbers, bit for bit (a tolerance of 0).

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Backend } from '../../src-core/backend.ts';
import { initialize } from '../../src-core/initializers.ts';
import { loss, LOSSES } from '../../src-core/losses.ts';
import { Network } from '../../src-core/network.ts';
import { Rng } from '../../src-core/rng.ts';
import { WasmBackend } from '../../src-core/wasm/backend.ts';
import { chooseBackend } from '../../src-core/wasm/choose.ts';
import { wasmApi, type WasmApi } from '../../src-core/wasm/webassembly.ts';
import { builtKernelsModule, KERNELS_WASM } from '../../src-main/wasm-build.ts';
import { startHelperThread } from '../../src-main/wasm-threads.ts';
import { firstBitDifference, randomArray } from '../fixtures/core/arrays.ts';

const one = new WasmBackend(builtKernelsModule('single'));
const two = new WasmBackend(builtKernelsModule('shared'), { helper: startHelperThread });

beforeAll(async () => {
  await vi.waitFor(() => expect(two.threads).toBe(2), { timeout: 20_000, interval: 20 });
});
afterAll(() => two.close());

/** A copy of x in `backend`'s memory. */
function own(backend: Backend, x: ArrayLike<number>): Float32Array {
  const y = backend.allocate(x.length) as Float32Array;
  y.set(x);
  return y;
}

describe('one thread and two', () => {
  // Large enough to be split (100,000 multiply-adds or more), with odd sizes and row counts that
  // are not multiples of 8, so the helper's share starts mid-way and ends on a partial block.
  const SHAPES: [number, number, number][] = [
    [64, 784, 128],
    [37, 301, 45],
    [1000, 16, 10],
    [9, 2001, 7],
  ];
  const PRODUCTS = [
    { name: 'gemmNN', lengths: (m: number, k: number, n: number) => [m * n, m * k, k * n] },
    { name: 'gemmTN', lengths: (m: number, k: number, n: number) => [k * n, m * k, m * n] },
    { name: 'gemmNT', lengths: (m: number, k: number, n: number) => [m * n, m * k, n * k] },
  ] as const;

  it.each(PRODUCTS)('$name gives the same numbers', ({ name, lengths }) => {
    SHAPES.forEach((shape, i) => {
      const rng = new Rng(40 + i);
      const [outLength, aLength, bLength] = lengths(...shape);
      const a = randomArray(Float32Array, aLength, rng, 0.3);
      const b = randomArray(Float32Array, bLength, rng);
      const start = randomArray(Float32Array, outLength, rng);
      const [out1, out2] = [own(one, start), own(two, start)];
      one[name](out1, own(one, a), own(one, b), ...shape);
      two[name](out2, own(two, a), own(two, b), ...shape);
      expect(firstBitDifference(out2, out1)).toBe(-1);
    });
  });

  it('the pixel conversion and Adam give the same numbers', () => {
    const rng = new Rng(51);
    const pixels = 784;
    const images = Uint8Array.from({ length: 300 * pixels }, () => Math.floor(rng.uniform() * 256));
    const n = 100_003;
    const start = [0, 1, 2].map(() => randomArray(Float32Array, n, rng));
    const step = { stepSize: 0.01, vScale: 1.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };
    const [a, b] = [one, two].map((backend) => {
      const x = backend.allocate(257 * pixels);
      backend.gatherPixels(x, images, (i) => (i * 7) % 300, 257, pixels);
      const [p, g, m] = start.map((s) => own(backend, s));
      const v = own(backend, start[2].map(Math.abs));
      backend.adam(p, g, m, v, n, step);
      return { x, p, m, v };
    });
    for (const key of ['x', 'p', 'm', 'v'] as const)
      expect(firstBitDifference(b[key], a[key]), key).toBe(-1);
  });

  it('a helper that is ready but never takes its half does not hold a step up', () => {
    // A helper that says it is ready (the control block's READY slot, Int32 index 2 in
    // threads.ts) and then never runs: the backend must take every half back and compute alone.
    const idle = new WasmBackend(builtKernelsModule('shared'), {
      helper: ({ memory, control }) =>
        Atomics.store(new Int32Array(memory.buffer, control, 4), 2, 1),
    });
    expect(idle.threads).toBe(2);
    const rng = new Rng(52);
    const [m, k, n] = [64, 784, 128];
    const a = randomArray(Float32Array, m * k, rng, 0.3);
    const b = randomArray(Float32Array, k * n, rng);
    const [out1, out2] = [one.allocate(m * n), idle.allocate(m * n)];
    const started = Date.now();
    one.gemmNN(out1, own(one, a), own(one, b), m, k, n);
    idle.gemmNN(out2, own(idle, a), own(idle, b), m, k, n);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(firstBitDifference(out2 as Float32Array, out1 as Float32Array)).toBe(-1);
  });

  it.each(['leaky-relu', 'relu'] as const)(
    'element-wise kernels give the same numbers (%s)',
    (name) => {
      const rng = new Rng(50);
      const n = 200_003;
      const z = randomArray(Float32Array, n, rng);
      const dA = randomArray(Float32Array, n, rng);
      const results = [one, two].map((backend) => {
        const a = backend.allocate(n);
        const dZ = backend.allocate(n);
        const f = backend.activation(name);
        f.forward(own(backend, z), a, n);
        f.backward(own(backend, dA), own(backend, z), a, dZ, n);
        backend.multiply(dZ, dZ, a, n);
        return dZ;
      });
      expect(firstBitDifference(results[1], results[0])).toBe(-1);
      expect(results[0].some((v) => v !== 0)).toBe(true);
    },
  );

  it.each(LOSSES)(
    'the %s loss over 1,003 rows gives the same loss, probabilities and gradient',
    (name) => {
      // Large enough to be shared (1,003 rows of 10 classes): the helper takes rows 504 on.
      const rows = 1003;
      const z = randomArray(Float32Array, rows * 10, new Rng(51));
      const labels = Uint8Array.from({ length: rows }, (_, i) => (i * 7) % 10);
      const results = [one, two].map((backend) => {
        const probs = backend.allocate(rows * 10);
        const dz = backend.allocate(rows * 10);
        const total = backend.loss(name).compute(own(backend, z), labels, probs, dz, rows, 10, 0.5);
        return { total, probs, dz };
      });
      expect(results[1].total).toBe(results[0].total);
      expect(firstBitDifference(results[1].probs, results[0].probs)).toBe(-1);
      expect(firstBitDifference(results[1].dz, results[0].dz)).toBe(-1);
      expect(results[0].dz.some((v) => v !== 0)).toBe(true);
    },
  );

  it('a training step of 784-128-64-10 on 64 images gives the same logits and gradients', () => {
    const step = (backend: Backend) => {
      const rng = new Rng(8);
      const net = new Network(
        { sizes: [784, 128, 64, 10], activations: ['relu', 'relu'] },
        64,
        backend,
        rng,
      );
      initialize(net.chain, 'he', rng);
      const x = own(backend, randomArray(Float32Array, 64 * 784, new Rng(9), 0.2));
      const labels = Uint8Array.from({ length: 64 }, (_, i) => i % 10);
      const probs = backend.allocate(640);
      const dLogits = backend.allocate(640);
      const out = net.forward(x, 64, true);
      const logits = Float32Array.from(out);
      loss('cross-entropy').compute(out, labels, probs, dLogits, 64, 10, 1 / 64);
      net.zeroGrad();
      net.backward(dLogits, 64);
      return { logits, grads: Float32Array.from(net.grads) };
    };
    const [a, b] = [step(one), step(two)];
    expect(firstBitDifference(b.logits, a.logits)).toBe(-1);
    expect(firstBitDifference(b.grads, a.grads)).toBe(-1);
  });
});

describe('chooseBackend with two threads asked for', () => {
  const kernels = new Uint8Array(readFileSync(KERNELS_WASM.single));
  const shared = new Uint8Array(readFileSync(KERNELS_WASM.shared));
  const real = wasmApi() as WasmApi;

  it('starts the helper where shared memory exists', async () => {
    const { backend, reason } = chooseBackend(kernels, {
      twoThreads: { kernels: shared, start: startHelperThread },
    });
    expect(reason).toBe(
      'WebAssembly SIMD kernels (relaxed SIMD, two threads once the helper has started)',
    );
    const wasm = backend as WasmBackend;
    await vi.waitFor(() => expect(wasm.threads).toBe(2), { timeout: 20_000, interval: 20 });
    wasm.close();
    expect(wasm.threads).toBe(1);
  });

  it('falls back to one thread, saying why, where there is no SharedArrayBuffer', () => {
    const started: unknown[] = [];
    const noShared: WasmApi = {
      validate: (bytes) => real.validate(bytes),
      Module: real.Module,
      Instance: real.Instance,
      Memory: class {
        constructor(descriptor: { initial: number; maximum?: number; shared?: boolean }) {
          if (descriptor.shared === true) throw new TypeError('SharedArrayBuffer is not defined');
          return new real.Memory(descriptor);
        }
      } as unknown as WasmApi['Memory'],
    };
    const { backend, reason } = chooseBackend(kernels, {
      api: noShared,
      twoThreads: { kernels: shared, start: (start) => started.push(start) },
    });
    expect(backend).toBeInstanceOf(WasmBackend);
    expect((backend as WasmBackend).threads).toBe(1);
    expect(started).toEqual([]);
    expect(reason).toBe(
      'WebAssembly SIMD kernels (relaxed SIMD, one thread: no shared memory here (a browser allows SharedArrayBuffer only when cross-origin isolated))',
    );
  });
});
