import { describe, expect, it } from 'vitest';
import type { Backend } from '../../src-core/backend.ts';
import { TypeScriptBackend } from '../../src-core/kernels.ts';
import type { FloatArray } from '../../src-core/types.ts';
import {
  gemmNNReference,
  gemmNTReference,
  gemmTNReference,
} from '../../src-core/kernels-reference.ts';
import { loss, LOSSES } from '../../src-core/losses.ts';
import { Rng } from '../../src-core/rng.ts';
import { WasmBackend } from '../../src-core/wasm/backend.ts';
import { builtKernelsModule } from '../../src-main/wasm-build.ts';
import {
  expectAllClose,
  randomArray,
  type FloatArrayConstructor,
} from '../fixtures/core/arrays.ts';

// Every backend runs the same tests, held to the naive reference kernels: a faster backend is
// one new row here, with the array types it computes in (the first is used by the tests of exact
// values) and its tolerance on sums of up to ~50 terms in [-1, 1]. The references sum in float64,
// so a float32 backend differs by the rounding of each term and partial sum: 1e-5 covers it.
const BACKENDS: {
  name: string;
  make: () => Backend;
  arrays: [string, FloatArrayConstructor, number][];
}[] = [
  {
    name: 'typescript',
    make: () => new TypeScriptBackend(),
    arrays: [
      ['Float64Array', Float64Array, 1e-12],
      ['Float32Array', Float32Array, 1e-5],
    ],
  },
  {
    name: 'wasm-simd',
    make: () => new WasmBackend(builtKernelsModule()),
    arrays: [['Float32Array', Float32Array, 1e-5]],
  },
];

describe.each(BACKENDS)('the $name backend', ({ make, arrays }) => {
  const backend = make();
  const [, F, tolerance] = arrays[0];
  const gemmNN: Backend['gemmNN'] = (...args) => backend.gemmNN(...args);
  const gemmTN: Backend['gemmTN'] = (...args) => backend.gemmTN(...args);
  const gemmNT: Backend['gemmNT'] = (...args) => backend.gemmNT(...args);
  const fillRows: Backend['fillRows'] = (...args) => backend.fillRows(...args);
  const addColumnSums: Backend['addColumnSums'] = (...args) => backend.addColumnSums(...args);

  describe('element-wise kernels', () => {
    it('multiply writes a·b, also in place', () => {
      const a = new F([1, -2, 3]);
      const out = new F(3);
      backend.multiply(out, a, new F([2, 0.5, 0]), 3);
      expect(Array.from(out)).toEqual([2, -1, 0]);
      backend.multiply(a, a, a, 2);
      expect(Array.from(a)).toEqual([1, 4, 3]);
    });

    it("allocate gives zeroed buffers of the backend's dtype, or the one asked for", () => {
      expect(backend.allocate(3)).toEqual(new Float32Array(3));
      expect(backend.allocate(2, 'float64')).toBeInstanceOf(Float64Array);
    });
  });

  type Kernel = (
    out: FloatArray,
    a: FloatArray,
    b: FloatArray,
    d0: number,
    d1: number,
    d2: number,
  ) => void;

  // Each kernel with its reference and the lengths of (out, a, b) for sizes (d0, d1, d2) in the
  // order the kernel takes them.
  const KERNELS: {
    name: string;
    fast: Kernel;
    reference: Kernel;
    lengths: (d0: number, d1: number, d2: number) => [number, number, number];
  }[] = [
    // out (M, N) += a (M, K) · b (K, N); sizes m, k, n
    {
      name: 'gemmNN',
      fast: gemmNN,
      reference: gemmNNReference,
      lengths: (m, k, n) => [m * n, m * k, k * n],
    },
    // out (K, N) += aᵀ · b, a (M, K), b (M, N); sizes m, k, n
    {
      name: 'gemmTN',
      fast: gemmTN,
      reference: gemmTNReference,
      lengths: (m, k, n) => [k * n, m * k, m * n],
    },
    // out (M, N) = a (M, K) · bᵀ, b (N, K); sizes m, k, n
    {
      name: 'gemmNT',
      fast: gemmNT,
      reference: gemmNTReference,
      lengths: (m, k, n) => [m * n, m * k, n * k],
    },
  ];

  // Sizes 1, odd sizes, sizes just past multiples of 4 and 8, and multiples of both; outputs of
  // 32 columns and more (where the WASM products may go a row at a time) with each kind of edge.
  const SHAPES: [number, number, number][] = [
    [1, 1, 1],
    [1, 7, 1],
    [1, 1, 9],
    [3, 5, 7],
    [4, 8, 8],
    [8, 16, 32],
    [9, 17, 13],
    [5, 3, 33],
    [13, 1, 9],
    [2, 31, 1],
    [7, 12, 10],
    [6, 50, 15],
    [6, 40, 37],
    [9, 30, 70],
    [5, 64, 128],
  ];

  const DENSITIES: [string, number][] = [
    ['dense', 1],
    ['mostly zero', 0.2],
    ['all zero', 0],
  ];

  /** x copied into a buffer from the backend's `allocate`, where the network's buffers live (a
   * WebAssembly backend passes these without copying), when it is of the backend's type. */
  const own = (x: FloatArray): FloatArray => {
    if (x.constructor !== backend.allocate(0).constructor) return x;
    const y = backend.allocate(x.length);
    y.set(x);
    return y;
  };

  /** Runs fast and reference kernels on the same inputs and the same starting `out`. */
  function compare(
    kernel: (typeof KERNELS)[number],
    Ctor: FloatArrayConstructor,
    shape: [number, number, number],
    density: number,
    tol: number,
    seed: number,
  ): void {
    const rng = new Rng(seed);
    const [outLength, aLength, bLength] = kernel.lengths(...shape);
    const a = randomArray(Ctor, aLength, rng, density);
    const b = randomArray(Ctor, bLength, rng, Math.max(density, 0.5));
    const start = randomArray(Ctor, outLength, rng);
    const fast = own(start);
    const reference = Ctor.from(start);
    kernel.fast(fast, own(a), own(b), ...shape);
    kernel.reference(reference, a, b, ...shape);
    expectAllClose(fast, reference, tol);
  }

  describe.each(KERNELS)('$name equals its reference', (kernel) => {
    for (const [dtypeName, Ctor, tol] of arrays)
      for (const [densityName, density] of DENSITIES)
        it(`on ${dtypeName}, ${densityName} left operand, ${SHAPES.length} shapes`, () => {
          SHAPES.forEach((shape, i) => compare(kernel, Ctor, shape, density, tol, 100 + i));
        });

    // Sums of thousands of terms in [-1, 1] round more in float32: their tolerance is 100× wider.
    it('when the scratch for the non-zero list must grow (more than 1024 terms per output)', () => {
      const tol = 100 * tolerance;
      compare(kernel, F, [3, 1500, 5], 1, tol, 1);
      compare(kernel, F, [1100, 3, 9], 1, tol, 2);
      compare(kernel, F, [2, 5000, 3], 1, tol, 3);
      compare(kernel, F, [5000, 3, 2], 1, tol, 4);
    });

    // Views of an ordinary array, and of one from the backend's `allocate`.
    for (const [where, make] of [
      ['an array of its own', (n: number) => new F(n)],
      ['a buffer from allocate', (n: number) => backend.allocate(n)],
    ] as const)
      it(`on subarray views of ${where}, writing nothing outside its output`, () => {
        const rng = new Rng(3);
        const shape: [number, number, number] = [5, 6, 7];
        const [outLength, aLength, bLength] = kernel.lengths(...shape);
        const a = make(aLength + 4);
        a.set(randomArray(F, aLength + 4, rng));
        const b = make(bLength + 2);
        b.set(randomArray(F, bLength + 2, rng));
        const backing = make(outLength + 6).fill(42);
        const out = backing.subarray(3, 3 + outLength);
        out.fill(0);
        const expected = new F(outLength);
        kernel.fast(out, a.subarray(4), b.subarray(1, bLength + 1), ...shape);
        kernel.reference(expected, a.subarray(4), b.slice(1, bLength + 1), ...shape);
        const [, , tol] = arrays.find(([, Ctor]) => out instanceof Ctor) ?? arrays[0];
        expectAllClose(out, expected, tol);
        expect(Array.from(backing.subarray(0, 3))).toEqual([42, 42, 42]);
        expect(Array.from(backing.subarray(3 + outLength))).toEqual([42, 42, 42]);
      });
  });

  describe('kernels on a hand-computed 2×2 example', () => {
    // a = [[1, 2], [3, 4]], b = [[5, 6], [7, 8]]
    const a = new F([1, 2, 3, 4]);
    const b = new F([5, 6, 7, 8]);

    it('gemmNN adds a·b = [[19, 22], [43, 50]] to out', () => {
      const out = new F([1, 1, 1, 1]);
      gemmNN(out, a, b, 2, 2, 2);
      expect(Array.from(out)).toEqual([20, 23, 44, 51]);
    });

    it('gemmTN adds aᵀ·b = [[26, 30], [38, 44]] to out', () => {
      const out = new F([1, 1, 1, 1]);
      gemmTN(out, a, b, 2, 2, 2);
      expect(Array.from(out)).toEqual([27, 31, 39, 45]);
    });

    it('gemmNT overwrites out with a·bᵀ = [[17, 23], [39, 53]]', () => {
      const out = new F([100, 100, 100, 100]);
      gemmNT(out, a, b, 2, 2, 2);
      expect(Array.from(out)).toEqual([17, 23, 39, 53]);
    });

    it('gemmNN with rectangular sizes: (1, 3) · (3, 2)', () => {
      const out = new F(2);
      gemmNN(out, new F([1, 0, -2]), new F([1, 2, 3, 4, 5, 6]), 1, 3, 2);
      expect(Array.from(out)).toEqual([1 - 10, 2 - 12]);
    });
  });

  describe('accumulate semantics', () => {
    const rng = new Rng(9);
    const a = randomArray(F, 5 * 6, rng);
    const b = randomArray(F, 6 * 7, rng);

    it('gemmNN called twice adds the product twice', () => {
      const once = new F(5 * 7);
      gemmNN(once, a, b, 5, 6, 7);
      const twice = new F(5 * 7);
      gemmNN(twice, a, b, 5, 6, 7);
      gemmNN(twice, a, b, 5, 6, 7);
      expectAllClose(
        twice,
        once.map((v) => 2 * v),
        tolerance,
      );
    });

    it('gemmTN called twice adds the product twice', () => {
      const dy = randomArray(F, 5 * 7, rng);
      const once = new F(6 * 7);
      gemmTN(once, a, dy, 5, 6, 7);
      const twice = F.from(once);
      gemmTN(twice, a, dy, 5, 6, 7);
      expectAllClose(
        twice,
        once.map((v) => 2 * v),
        tolerance,
      );
    });

    it('gemmNT gives the same result whatever out held before', () => {
      const fromZero = new F(5 * 6);
      const fromGarbage = new F(5 * 6).fill(-7.5);
      const w = randomArray(F, 6 * 7, rng);
      const dy = randomArray(F, 5 * 7, rng);
      gemmNT(fromZero, dy, w, 5, 7, 6);
      gemmNT(fromGarbage, dy, w, 5, 7, 6);
      expect(Array.from(fromGarbage)).toEqual(Array.from(fromZero));
    });

    it('an all-zero left operand leaves gemmNN and gemmTN outputs unchanged and gemmNT zero', () => {
      const zeros = new F(5 * 6);
      const nn = new F(5 * 7).fill(3);
      gemmNN(nn, zeros, b, 5, 6, 7);
      expect(nn.every((v) => v === 3)).toBe(true);
      const tn = new F(6 * 7).fill(3);
      gemmTN(tn, zeros, randomArray(F, 5 * 7, rng), 5, 6, 7);
      expect(tn.every((v) => v === 3)).toBe(true);
      const nt = new F(5 * 7).fill(3);
      gemmNT(nt, zeros, randomArray(F, 7 * 6, rng), 5, 6, 7);
      expect(nt.every((v) => v === 0)).toBe(true);
    });
  });

  describe('fillRows', () => {
    it('copies the vector into each of the first m rows and nothing beyond', () => {
      const out = new Float32Array(9).fill(-1);
      fillRows(out, new Float32Array([1, 2, 3]), 2, 3);
      expect(Array.from(out)).toEqual([1, 2, 3, 1, 2, 3, -1, -1, -1]);
    });

    it('with one row of one column', () => {
      const out = new F([0, 5]);
      fillRows(out, new F([4]), 1, 1);
      expect(Array.from(out)).toEqual([4, 5]);
    });
  });

  describe('addColumnSums', () => {
    it('adds the column sums of a (3, 2) matrix to out', () => {
      const out = new F([10, 20]);
      addColumnSums(out, new F([1, 2, 3, 4, 5, 6]), 3, 2);
      expect(Array.from(out)).toEqual([19, 32]);
    });

    it('reads only the first m rows', () => {
      const out = new Float32Array(3);
      addColumnSums(out, new Float32Array([1, 1, 1, 2, 2, 2, 100, 100, 100]), 2, 3);
      expect(Array.from(out)).toEqual([3, 3, 3]);
    });
  });
  describe('input, norm and optimiser kernels', () => {
    const reference = new TypeScriptBackend('float64');
    const LENGTHS = [1, 3, 4, 5, 16, 17, 103];

    it('gatherPixels reads every byte p as p/255, the rows image(i) picks, nothing beyond', () => {
      // Eight images of 67 bytes (not a multiple of 16): every byte value appears, and each image
      // has a run of 32 background bytes (which the WASM kernel stores without converting).
      const pixels = 67;
      let k = 0;
      const images = Uint8Array.from({ length: 8 * pixels }, (_, i) =>
        i % pixels >= 16 && i % pixels < 48 ? 0 : (k++ * 7) % 256,
      );
      expect(new Set(images).size).toBe(256);
      const picks = [3, 0, 3, 7, 6, 5, 4, 2, 1];
      const backing = own(new F(picks.length * pixels + 5).fill(-1));
      const out = backing.subarray(0, picks.length * pixels);
      backend.gatherPixels(out, images, (i) => picks[i], picks.length, pixels);
      picks.forEach((image, i) => {
        for (let j = 0; j < pixels; j++) {
          const p = images[image * pixels + j];
          expect(out[i * pixels + j]).toBe(F === Float32Array ? Math.fround(p / 255) : p / 255);
        }
      });
      expect(Array.from(backing.subarray(out.length))).toEqual([-1, -1, -1, -1, -1]);
    });

    it('gatherPixels into an array of its own (not from allocate)', () => {
      const out = new F(5);
      backend.gatherPixels(out, new Uint8Array([0, 255, 51, 1, 2]), () => 0, 1, 5);
      expect(Array.from(out)).toEqual([0, 1, 0.2, 1 / 255, 2 / 255].map((v) => new F([v])[0]));
    });

    it('addScaled adds scale · a to out, on the first n only', () => {
      for (const n of LENGTHS) {
        const rng = new Rng(n + 50);
        const [start, a] = [randomArray(F, n + 2, rng), randomArray(F, n, rng)];
        const out = own(F.from(start));
        backend.addScaled(out, own(a), 0.3, n);
        const expected = Array.from(start, (v, i) => (i < n ? v + 0.3 * a[i] : v));
        expectAllClose(out, expected, 1e-6);
        expect(out[n]).toBe(start[n]);
      }
    });

    it('sumOfSquares equals the float64 sum for lengths around the vector width', () => {
      for (const n of [0, ...LENGTHS, 1000]) {
        const a = own(randomArray(F, n + 3, new Rng(n)));
        let expected = 0;
        for (let i = 0; i < n; i++) expected += a[i] * a[i];
        expect(backend.sumOfSquares(a, n)).toBeCloseTo(expected, 10);
      }
    });

    it('adam updates parameters and moments as the reference does, over three steps', () => {
      const step = { stepSize: 0.01, vScale: 1.5, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };
      for (const n of LENGTHS) {
        const rng = new Rng(n);
        const start = [0, 1, 2, 3].map(() => randomArray(F, n + 2, rng));
        const [p, g, m, v] = start.map(own);
        v.set(v.map(Math.abs));
        const [rp, rg, rm, rv] = [p, g, m, v].map((x) => Float64Array.from(x));
        for (let t = 0; t < 3; t++) {
          backend.adam(p, g, m, v, n, step);
          reference.adam(rp, rg, rm, rv, n, step);
        }
        // Only the first n change.
        for (const [x, r] of [
          [p, rp],
          [m, rm],
          [v, rv],
        ] as const) {
          expectAllClose(x.subarray(0, n), r.subarray(0, n), 1e-5);
          expect(Array.from(x.subarray(n))).toEqual(Array.from(F.from(r.subarray(n))));
        }
      }
    });

    // Rows of 10 classes (MNIST's), and of 3, 7 and 13 (around the vector width), with logits up
    // to ±30 (e^z far apart) and without a gradient (evaluation).
    describe.each(LOSSES)('the %s loss with its softmax', (name) => {
      const ref = loss(name);
      it.each([
        [1, 10],
        [64, 10],
        [5, 3],
        [4, 7],
        [3, 13],
      ])('equals losses.ts on %i rows of %i classes', (rows, classes) => {
        const rng = new Rng(rows * classes);
        const z = own(randomArray(F, rows * classes, rng).map((v) => v * 30));
        const labels = Uint8Array.from({ length: rows + 2 }, (_, r) => (r * 7) % classes);
        const [probs, dz] = [own(new F(rows * classes)), own(new F(rows * classes))];
        const [refProbs, refDz] = [
          new Float64Array(rows * classes),
          new Float64Array(rows * classes),
        ];
        const total = backend.loss(name).compute(z, labels, probs, dz, rows, classes, 0.25);
        const refTotal = ref.compute(
          Float64Array.from(z),
          labels,
          refProbs,
          refDz,
          rows,
          classes,
          0.25,
        );
        expect(total).toBeCloseTo(refTotal, 4);
        expectAllClose(probs, refProbs, 1e-6);
        expectAllClose(dz, refDz, 1e-6);
        const probsOnly = new F(rows * classes);
        expect(
          backend.loss(name).compute(z, labels, probsOnly, null, rows, classes, 1),
        ).toBeCloseTo(refTotal, 4);
        expectAllClose(probsOnly, refProbs, 1e-6);
      });
    });
  });
});
