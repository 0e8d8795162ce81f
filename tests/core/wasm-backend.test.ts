// The WebAssembly backend beyond the kernel table of kernels.test.ts: its activations, a whole
// network on it against the same network on the TypeScript backend, the gradient check in
// float32, its fixed memory, its refusals, and the choice between it and the TypeScript one.

import { describe, expect, it } from 'vitest';
import { activation, ACTIVATIONS } from '../../src-core/activations.ts';
import { GRADCHECK_TOLERANCE_FLOAT32, gradientCheck } from '../../src-core/gradcheck.ts';
import { initialize } from '../../src-core/initializers.ts';
import { TypeScriptBackend } from '../../src-core/kernels.ts';
import { loss } from '../../src-core/losses.ts';
import { Network, stackOf } from '../../src-core/network.ts';
import { Rng } from '../../src-core/rng.ts';
import type { Backend } from '../../src-core/backend.ts';
import { WasmBackend } from '../../src-core/wasm/backend.ts';
import { chooseBackend } from '../../src-core/wasm/choose.ts';
import {
  PAGE,
  RELAXED_SIMD_PROBE,
  wasmApi,
  type WasmApi,
} from '../../src-core/wasm/webassembly.ts';
import { builtKernelsModule, KERNELS_WASM } from '../../src-main/wasm-build.ts';
import { readFileSync } from 'node:fs';
import { expectAllClose, randomArray } from '../fixtures/core/arrays.ts';

const wasm = (capacity?: number): WasmBackend =>
  new WasmBackend(builtKernelsModule(), { capacity });

describe('the activations on the WebAssembly backend', () => {
  const backend = wasm();
  // Lengths around the vector width of 4, and values with exact zeros, negatives, both signs of
  // zero (ReLU's choice at 0 must match the reference's exactly) and ±100, where σ and tanh
  // saturate (and e^z would overflow a float32).
  const LENGTHS = [1, 3, 4, 5, 17, 64];
  const values = (n: number, rng: Rng): Float32Array => {
    const z = backend.allocate(n) as Float32Array;
    for (let i = 0; i < n; i++)
      z[i] =
        i % 5 === 0 ? 0 : i % 7 === 0 ? -0 : i % 11 === 0 ? 100 * (i % 2 || -1) : rng.normal() * 3;
    return z;
  };

  describe.each(ACTIVATIONS)('%s', (name) => {
    const fast = backend.activation(name);
    const reference = activation(name);

    // σ and tanh go through a float32 e^z, within a few units in the last place (6e-8 near 1).
    it('forward and backward equal the reference within float32 rounding', () => {
      const rng = new Rng(11);
      for (const n of LENGTHS) {
        const z = values(n, rng);
        const a = backend.allocate(n);
        const expectedA = new Float32Array(n);
        fast.forward(z, a, n);
        reference.forward(z, expectedA, n);
        expectAllClose(a, expectedA, 3e-7);
        const dA = randomArray(Float32Array, n, rng);
        const dZ = backend.allocate(n);
        const expectedDZ = new Float32Array(n);
        fast.backward(own(dA), z, a, dZ, n);
        reference.backward(dA, z, a, expectedDZ, n);
        expectAllClose(dZ, expectedDZ, 1e-6);
      }
    });

    it('backward in place (dZ the same array as dA), on arrays of its own', () => {
      const rng = new Rng(12);
      const n = 9;
      const z = Float32Array.from(values(n, rng));
      const a = new Float32Array(n);
      reference.forward(z, a, n);
      const dA = randomArray(Float32Array, n, rng) as Float32Array;
      const expected = new Float32Array(n);
      reference.backward(dA, z, a, expected, n);
      fast.backward(dA, z, a, dA, n);
      expectAllClose(dA, expected, 1e-6);
    });
  });

  it('ReLU writes exactly the reference values, zeros included', () => {
    const z = values(17, new Rng(3));
    const a = backend.allocate(17);
    backend.activation('relu').forward(z, a, 17);
    const expected = new Float32Array(17);
    activation('relu').forward(z, expected, 17);
    expect(Array.from(a)).toEqual(Array.from(expected));
  });

  function own(x: ArrayLike<number>): Float32Array {
    const y = backend.allocate(x.length) as Float32Array;
    y.set(x);
    return y;
  }
});

describe('a network on the WebAssembly backend', () => {
  /** Logits and parameter gradients of one forward and backward on `backend`. */
  function step(backend: Backend, activations: (typeof ACTIVATIONS)[number][], dropout: number) {
    const rng = new Rng(21);
    const sizes = [37, 13, 9, 10];
    const batch = 7;
    const net = new Network(stackOf({ sizes, activations }, dropout), batch, backend, rng);
    initialize(net.chain, 'xavier', rng);
    const x = backend.allocate(batch * sizes[0]);
    const data = new Rng(5);
    for (let i = 0; i < x.length; i++) x[i] = data.uniform() < 0.8 ? 0 : data.uniform();
    const labels = Uint8Array.from({ length: batch }, (_, i) => i % 10);
    const probs = backend.allocate(batch * 10);
    const dLogits = backend.allocate(batch * 10);
    const logits = Float32Array.from(net.forward(x, batch, true));
    loss('cross-entropy').compute(logits, labels, probs, dLogits, batch, 10, 1 / batch);
    net.zeroGrad();
    net.backward(dLogits, batch);
    return { logits, grads: Float32Array.from(net.grads) };
  }

  it.each([
    [['relu', 'relu'], 0],
    [['leaky-relu', 'tanh'], 0],
    [['sigmoid', 'relu'], 0.3],
  ] as const)('%s with dropout %s: the same logits and gradients as on TypeScript', (fns, rate) => {
    const fast = step(wasm(), [...fns], rate);
    const reference = step(new TypeScriptBackend('float32'), [...fns], rate);
    expectAllClose(fast.logits, reference.logits, 1e-5);
    expectAllClose(fast.grads, reference.grads, 1e-5);
    expect(reference.grads.some((g) => g !== 0)).toBe(true);
  });
});

describe('the gradient check on the WebAssembly backend, in float32', () => {
  // The same checks on the float32 TypeScript backend give errors of the same size (2e-3 and
  // below): what is left is float32 rounding. A wrong backward kernel gives errors near 1.
  it.each([
    ['cross-entropy', 0],
    ['cross-entropy', 0.01],
    ['mse', 0],
  ] as const)('tanh, %s, l2 %s: worst relative error below 1e-2', (lossName, l2) => {
    const r = gradientCheck(
      { sizes: [12, 7, 5, 4], activations: ['tanh', 'tanh'], loss: lossName, l2 },
      wasm(),
    );
    expect(r.layers.map((l) => l.layer)).toEqual([1, 2, 3]);
    expect(r.worst).toBeLessThan(GRADCHECK_TOLERANCE_FLOAT32);
  });
});

describe("the WebAssembly backend's Adam", () => {
  const step = { stepSize: 0.001, vScale: 1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };

  it('sets moments below 1e-30 to zero, so they never decay into the slow subnormal floats', () => {
    const backend = wasm();
    const [p, g, m, v] = [0, 1, 2, 3].map(() => backend.allocate(6));
    // Lanes 0–3 go through the vector loop, 4–5 through the one-by-one tail.
    m.set([1e-30, 2e-30, -2e-30, 1e-3, 1.05e-30, -3e-30]);
    v.set([1e-30, 2e-30, 2e-30, 1e-6, 1.05e-30, 3e-30]);
    backend.adam(p, g, m, v, 6, step);
    // ×0.9 and ×0.999 with a zero gradient: 1e-30·0.9 and 1.05e-30·0.9 fall below the line.
    expect(Array.from(m, (x) => x === 0)).toEqual([true, false, false, false, true, false]);
    expect(Array.from(v, (x) => x === 0)).toEqual([true, false, false, false, false, false]);
    expect(m[3]).toBeCloseTo(0.9e-3, 9);
  });

  it('refuses parameters or moments that are not its own, as it updates them in place', () => {
    const backend = wasm();
    const own = () => backend.allocate(4);
    expect(() => backend.adam(new Float32Array(4), own(), own(), own(), 4, step)).toThrow(
      /adam params: .*must come from this backend's allocate/,
    );
    expect(() => backend.adam(own(), own(), own(), new Float32Array(4), 4, step)).toThrow(
      /adam v: /,
    );
  });
});

describe("the WebAssembly backend's pixel gather", () => {
  const pixels = 784;
  const images = Uint8Array.from({ length: 500 * pixels }, (_, i) => (i * 31 + (i >> 7)) % 256);
  const picks = [499, 0, 250, 7, 7];
  const gathered = (backend: WasmBackend): Float32Array => {
    const x = backend.allocate(picks.length * pixels) as Float32Array;
    backend.gatherPixels(x, images, (i) => picks[i], picks.length, pixels);
    return x;
  };

  it('gives the same numbers from a resident copy of the images as from rows copied per batch', () => {
    const roomy = wasm();
    // 392 kB of images would leave under a quarter of 512 kB free: this one copies rows in.
    const tight = wasm(8 * PAGE);
    const before = tight.used;
    const [a, b] = [gathered(roomy), gathered(tight)];
    expect(roomy.used).toBeGreaterThan(images.length);
    expect(tight.used - before).toBeLessThan(images.length);
    expect(Array.from(b)).toEqual(Array.from(a));
    expect(a[pixels]).toBe(Math.fround(images[0] / 255));
    expect(a[2 * pixels + 5]).toBe(Math.fround(images[250 * pixels + 5] / 255));
  });

  it('copies a dataset in once, however many batches it gathers', () => {
    const backend = wasm();
    gathered(backend);
    const after = backend.used;
    gathered(backend);
    gathered(backend);
    expect(backend.used).toBe(after + 2 * 64 * Math.ceil((picks.length * pixels * 4) / 64));
  });
});

describe("the WebAssembly backend's memory", () => {
  it('is reserved once: building and running a network never grows it or detaches a view', () => {
    const backend = wasm(4 * 2 ** 20);
    const { buffer } = backend.memory;
    const net = new Network({ sizes: [784, 64, 10], activations: ['relu'] }, 100, backend);
    const x = backend.allocate(100 * 784);
    const dLogits = backend.allocate(100 * 10).fill(0.01);
    net.forward(x, 100, true);
    net.backward(dLogits, 100);
    // Arrays of its own make it stage copies, and a long sum grows the products' scratch.
    backend.gemmNN(
      new Float32Array(2 * 3),
      new Float32Array(2 * 9000),
      new Float32Array(9000 * 3),
      2,
      9000,
      3,
    );
    expect(backend.memory.buffer).toBe(buffer);
    expect(buffer.byteLength).toBe(4 * 2 ** 20);
    expect(net.params.byteLength).toBe(net.params.length * 4);
    expect(net.params.buffer).toBe(buffer);
  });

  it('says clearly when it is used up, and the views handed out stay usable', () => {
    const backend = wasm(PAGE * 4);
    const kept = backend.allocate(1000);
    kept[999] = 3;
    expect(() => backend.allocate(PAGE)).toThrow(
      /WebAssembly backend's 0\.3 MiB of memory is used up .*larger capacity/,
    );
    expect(kept[999]).toBe(3);
    expect(kept.byteLength).toBe(4000);
  });

  it('hands out zeroed, separate, 64-byte aligned views', () => {
    const backend = wasm();
    const a = backend.allocate(3);
    const b = backend.allocate(5);
    expect(Array.from(b)).toEqual([0, 0, 0, 0, 0]);
    expect(a.byteOffset % 64).toBe(0);
    expect(b.byteOffset % 64).toBe(0);
    expect(b.byteOffset).toBeGreaterThanOrEqual(a.byteOffset + a.byteLength);
  });
});

describe('what the WebAssembly backend refuses', () => {
  it('a float64 network, saying which backend to use instead', () => {
    expect(() => new WasmBackend(builtKernelsModule(), { dtype: 'float64' })).toThrow(
      /float32 only.*TypeScript backend/,
    );
  });

  it('a Float64Array operand, naming the kernel and the operand', () => {
    const backend = wasm();
    expect(() =>
      backend.gemmNN(backend.allocate(4), new Float64Array(4), backend.allocate(4), 2, 2, 2),
    ).toThrow(
      'gemmNN a: the WebAssembly backend computes in float32 only, and was given a Float64Array',
    );
  });

  it('an operand shorter than its sizes say', () => {
    const backend = wasm();
    expect(() =>
      backend.gemmNT(backend.allocate(3), backend.allocate(4), backend.allocate(4), 2, 2, 2),
    ).toThrow('gemmNT out: holds 3 numbers where the sizes need 4');
  });

  it('a capacity that is not a whole number of bytes of at least one page', () => {
    expect(() => wasm(1000)).toThrow(/capacity 1000 is not a whole number of bytes ≥ 65536/);
  });
});

describe('chooseBackend', () => {
  const kernels = new Uint8Array(readFileSync(KERNELS_WASM.single));
  const real = wasmApi() as WasmApi;
  /** This runtime's WebAssembly, with validate replaced. */
  const withValidate = (validate: (bytes: Uint8Array) => boolean): WasmApi => ({
    validate,
    Module: real.Module,
    Instance: real.Instance,
    Memory: real.Memory,
  });

  it('picks the WebAssembly kernels where the runtime has relaxed SIMD', () => {
    const { backend, reason, label } = chooseBackend(kernels);
    expect(backend).toBeInstanceOf(WasmBackend);
    expect(reason).toBe('WebAssembly SIMD kernels (relaxed SIMD, one thread)');
    expect(label).toBe('wasm-simd, 1 thread');
  });

  it('falls back to TypeScript, saying why, where SIMD is missing', () => {
    const noSimd = withValidate((bytes) => bytes !== RELAXED_SIMD_PROBE);
    const { backend, reason, label } = chooseBackend(kernels, { api: noSimd });
    expect(backend).toBeInstanceOf(TypeScriptBackend);
    expect(label).toBe('typescript (no relaxed SIMD)');
    expect(backend.dtype).toBe('float32');
    expect(reason).toBe(
      "TypeScript kernels: this runtime's WebAssembly has no SIMD or no relaxed SIMD",
    );
  });

  it('falls back where there is no WebAssembly, no kernel file, or a broken one', () => {
    expect(chooseBackend(kernels, { api: null }).reason).toBe(
      'TypeScript kernels: this runtime has no WebAssembly',
    );
    expect(chooseBackend(null).reason).toBe(
      'TypeScript kernels: the WebAssembly kernels were not found',
    );
    const broken = chooseBackend(kernels.slice(0, 40));
    expect(broken.backend).toBeInstanceOf(TypeScriptBackend);
    expect(broken.reason).toBe(
      'TypeScript kernels: the WebAssembly kernels are not a valid module',
    );
  });

  it('the probe validates here (Node 24 has relaxed SIMD) and is refused without it', () => {
    expect(real.validate(RELAXED_SIMD_PROBE)).toBe(true);
    // The same module with the relaxed multiply-add's opcode (0xfd 0x85 0x02) changed to an
    // unknown one must not validate: the probe really tests that instruction.
    const unknown = Uint8Array.from(RELAXED_SIMD_PROBE);
    unknown[unknown.length - 3] = 0xff;
    expect(real.validate(unknown)).toBe(false);
  });
});
