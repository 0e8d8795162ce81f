import { describe, expect, it } from 'vitest';
import { loss, LOSSES, softmaxRows } from '../../src-core/losses.ts';
import { expectAllClose } from '../fixtures/core/arrays.ts';

// Two rows, three classes: logits z and true classes y.
//   row 0: z = [1, 2, 3],     y = 2
//   row 1: z = [0.5, −1, 0],  y = 0
const Z = [1, 2, 3, 0.5, -1, 0];
const LABELS = new Uint8Array([2, 0]);

// softmax by hand: exp of each logit over the row's sum of exps.
const E0 = [Math.exp(1), Math.exp(2), Math.exp(3)];
const E1 = [Math.exp(0.5), Math.exp(-1), Math.exp(0)];
const S0 = E0[0] + E0[1] + E0[2];
const S1 = E1[0] + E1[1] + E1[2];
const P = [...E0.map((e) => e / S0), ...E1.map((e) => e / S1)];
// The same numbers written out (numpy): a check that P above is what we think it is.
const P_WRITTEN = [
  0.09003057317038046, 0.24472847105479764, 0.6652409557748218, 0.5465493872661796,
  0.12195165230972885, 0.3314989604240915,
];
const ONE_HOT = [0, 0, 1, 1, 0, 0];

function run(
  name: (typeof LOSSES)[number],
  z: number[],
  labels: Uint8Array,
  scale: number,
  withGradient = true,
) {
  const rows = labels.length;
  const classes = z.length / rows;
  const probs = new Float64Array(z.length);
  const dz = withGradient ? new Float64Array(z.length).fill(NaN) : null;
  const total = loss(name).compute(Float64Array.from(z), labels, probs, dz, rows, classes, scale);
  return { total, probs: Array.from(probs), dz: dz === null ? null : Array.from(dz) };
}

describe('the hand-computed softmax', () => {
  it('matches the written-out values', () => {
    expectAllClose(P, P_WRITTEN, 1e-15);
  });
});

describe('loss()', () => {
  it('returns the loss of each name', () => {
    for (const name of LOSSES) expect(loss(name).name).toBe(name);
  });
});

describe('cross-entropy', () => {
  it('writes softmax(z) into probs', () => {
    expectAllClose(run('cross-entropy', Z, LABELS, 1).probs, P, 1e-15);
  });

  it('returns Σ_rows −log p_y: −log(0.66524…) − log(0.54655…) = 1.01173…', () => {
    const { total } = run('cross-entropy', Z, LABELS, 1);
    expect(total).toBeCloseTo(-Math.log(P[2]) - Math.log(P[3]), 13);
    expect(total).toBeCloseTo(0.40760596444438046 + 0.6041306053367282, 13);
  });

  it('gradient is (softmax − onehot) · scale', () => {
    const { dz } = run('cross-entropy', Z, LABELS, 0.5);
    expectAllClose(
      dz!,
      P.map((p, i) => (p - ONE_HOT[i]) * 0.5),
      1e-15,
    );
    expectAllClose(
      dz!,
      [
        0.04501528658519023, 0.12236423552739882, -0.1673795221125891, -0.22672530636691018,
        0.060975826154864424, 0.16574948021204575,
      ],
      1e-15,
    );
  });
});

describe('mse (the summed squared error of the softmax)', () => {
  it('returns Σ_rows Σ_j (p_j − y_j)²', () => {
    const { total, probs } = run('mse', Z, LABELS, 1);
    const expected = P.reduce((s, p, i) => s + (p - ONE_HOT[i]) ** 2, 0);
    expect(total).toBeCloseTo(expected, 14);
    expect(total).toBeCloseTo(0.18006114634076098 + 0.3303812244520035, 14);
    expectAllClose(probs, P, 1e-15);
  });

  it("gradient goes through softmax's Jacobian: dz_i = p_i (g_i − Σ_j p_j g_j), g = 2(p − y)", () => {
    const { dz } = run('mse', Z, LABELS, 1);
    const expected: number[] = [];
    for (let r = 0; r < 2; r++) {
      const p = P.slice(3 * r, 3 * r + 3);
      const g = p.map((pj, j) => 2 * (pj - ONE_HOT[3 * r + j]));
      const pg = p[0] * g[0] + p[1] * g[1] + p[2] * g[2];
      expected.push(...p.map((pi, i) => pi * (g[i] - pg)));
    }
    expectAllClose(dz!, expected, 1e-15);
    // numpy: J = diag(p) − p pᵀ, dz = J·g
    expectAllClose(
      dz!,
      [
        0.0440660890403486, 0.19550200913892715, -0.23956809817927577, -0.36113931157698537,
        0.059761441501576286, 0.30137787007540906,
      ],
      1e-15,
    );
  });

  it('gradient matches central differences of the loss', () => {
    const { dz } = run('mse', Z, LABELS, 1);
    const h = 1e-6;
    for (let i = 0; i < Z.length; i++) {
      const plus = Z.map((v, j) => (j === i ? v + h : v));
      const minus = Z.map((v, j) => (j === i ? v - h : v));
      const numeric =
        (run('mse', plus, LABELS, 1).total - run('mse', minus, LABELS, 1).total) / (2 * h);
      expect(dz![i], `dz[${i}]`).toBeCloseTo(numeric, 8);
    }
  });
});

describe.each(LOSSES)('%s scale and buffers', (name) => {
  it('scales the gradient linearly but returns the unscaled summed loss', () => {
    const one = run(name, Z, LABELS, 1);
    const quarter = run(name, Z, LABELS, 0.25);
    expect(quarter.total).toBe(one.total);
    expectAllClose(
      quarter.dz!,
      one.dz!.map((v) => v * 0.25),
      1e-16,
    );
  });

  it('summed loss of two rows is the sum of each row alone', () => {
    const both = run(name, Z, LABELS, 1).total;
    const first = run(name, Z.slice(0, 3), LABELS.subarray(0, 1), 1).total;
    const second = run(name, Z.slice(3), LABELS.subarray(1), 1).total;
    expect(both).toBeCloseTo(first + second, 14);
  });

  it('with dz null still writes probs and returns the same loss', () => {
    const withGrad = run(name, Z, LABELS, 1);
    const without = run(name, Z, LABELS, 1, false);
    expect(without.total).toBe(withGrad.total);
    expect(without.probs).toEqual(withGrad.probs);
  });

  it('stays finite with huge logits (1000, −1000)', () => {
    // Without subtracting the row maximum, exp(1000) overflows to Infinity and the loss is NaN.
    const z = [1000, -1000, 0, -1000, 1000, 0];
    const { total, probs, dz } = run(name, z, new Uint8Array([1, 1]), 0.5);
    expect(Number.isFinite(total)).toBe(true);
    expect(probs.every(Number.isFinite)).toBe(true);
    expect(dz!.every(Number.isFinite)).toBe(true);
    expectAllClose(probs, [1, 0, 0, 0, 1, 0], 1e-300);
    // row 0 is confidently wrong, row 1 confidently right
    if (name === 'cross-entropy') {
      expect(total).toBeCloseTo(2000, 9); // logsumexp ≈ 1000, minus z_y = −1000
      expectAllClose(dz!, [0.5, -0.5, 0, 0, 0, 0], 1e-15);
    } else {
      expect(total).toBeCloseTo(2, 12); // (1 − 0)² + (0 − 1)²
    }
  });

  it('also works on Float32Array buffers', () => {
    const probs = new Float32Array(6);
    const dz = new Float32Array(6);
    const total = loss(name).compute(new Float32Array(Z), LABELS, probs, dz, 2, 3, 1);
    expect(total).toBeCloseTo(run(name, Z, LABELS, 1).total, 5);
    expectAllClose(dz, run(name, Z, LABELS, 1).dz!, 1e-6);
  });
});

describe('softmaxRows', () => {
  it('with null labels writes the probabilities and returns 0', () => {
    const probs = new Float64Array(6);
    expect(softmaxRows(Float64Array.from(Z), null, probs, 2, 3)).toBe(0);
    expectAllClose(probs, P, 1e-15);
  });

  it('with labels returns the summed cross-entropy', () => {
    const probs = new Float64Array(6);
    expect(softmaxRows(Float64Array.from(Z), LABELS, probs, 2, 3)).toBeCloseTo(
      1.0117365697811087,
      13,
    );
  });

  it('is unchanged by adding a constant to a row', () => {
    const shifted = new Float64Array(6);
    softmaxRows(
      Float64Array.from(Z, (v, i) => v + (i < 3 ? 500 : -500)),
      null,
      shifted,
      2,
      3,
    );
    expectAllClose(shifted, P, 1e-14);
  });

  it('gives equal probabilities for equal logits, each row summing to 1', () => {
    const probs = new Float64Array(8);
    softmaxRows(new Float64Array([0, 0, 0, 0, 7, 7, 7, 7]), null, probs, 2, 4);
    expect(Array.from(probs)).toEqual(new Array(8).fill(0.25));
  });

  it('touches only the first `rows` rows', () => {
    const probs = new Float64Array(6).fill(-1);
    softmaxRows(Float64Array.from(Z), null, probs, 1, 3);
    expect(Array.from(probs.subarray(3))).toEqual([-1, -1, -1]);
  });
});
