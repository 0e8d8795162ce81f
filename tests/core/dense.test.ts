import { describe, expect, it } from 'vitest';
import { Dense } from '../../src-core/dense.ts';
import { TypeScriptBackend } from '../../src-core/kernels.ts';
import { Rng } from '../../src-core/rng.ts';
import { expectAllClose } from '../fixtures/core/arrays.ts';

// A 2 → 3 layer placed at offset 1 of larger parameter and gradient arrays:
//   W = [[1, 2, 3], [−1, 0, 0.5]],  b = [0.1, 0.2, 0.3]
function layer() {
  const params = new Float64Array(1 + 9 + 1);
  const grads = new Float64Array(params.length);
  const context = {
    backend: new TypeScriptBackend('float64'),
    maxBatch: 2,
    params,
    grads,
    offset: 1,
    inputGradient: true,
    rng: new Rng(1),
  };
  const dense = new Dense({ kind: 'dense', units: 3 }, 2, context);
  dense.w.set([1, 2, 3, -1, 0, 0.5]);
  dense.b.set([0.1, 0.2, 0.3]);
  return { params, grads, dense };
}

// Two rows of input x and an incoming gradient dy.
const X = new Float64Array([1, 2, -3, 4]);
const DY = new Float64Array([1, 0, -1, 0.5, 2, 0]);

describe('Dense', () => {
  it('counts IN·OUT weights plus OUT biases', () => {
    expect(Dense.parameterCount(2, 3)).toBe(9);
    expect(Dense.parameterCount(784, 32)).toBe(784 * 32 + 32);
  });

  it('is views into the shared arrays: W then b, at its offset', () => {
    const { params, grads, dense } = layer();
    expect(dense.w.buffer).toBe(params.buffer);
    expect(dense.dw.buffer).toBe(grads.buffer);
    expect(Array.from(params)).toEqual([0, 1, 2, 3, -1, 0, 0.5, 0.1, 0.2, 0.3, 0]);
    dense.db[2] = 7;
    expect(grads[9]).toBe(7);
  });

  it('forward: y = x·W + b', () => {
    const { dense } = layer();
    const y = dense.forward(X, 2);
    // row 0: [1·1 + 2·−1, 1·2 + 0, 1·3 + 2·0.5] + b = [−0.9, 2.2, 4.3]
    // row 1: [−3 − 4, −6 + 0, −9 + 2] + b = [−6.9, −5.8, −6.7]
    expectAllClose(y, [-0.9, 2.2, 4.3, -6.9, -5.8, -6.7], 1e-14);
  });

  it('backward: dW = xᵀ·dy, db = Σ_rows dy, dx = dy·Wᵀ', () => {
    const { grads, dense } = layer();
    dense.forward(X, 2);
    const dx = dense.backward(DY, 2)!;
    // dW[i][j] = Σ_r x[r][i]·dy[r][j]
    expectAllClose(dense.dw, [1 - 1.5, -6, -1, 2 + 2, 8, -2], 1e-14);
    expectAllClose(dense.db, [1.5, 2, -1], 1e-14);
    // dx[r][i] = Σ_j dy[r][j]·W[i][j]
    expectAllClose(dx, [1 - 3, -1 - 0.5, 0.5 + 4, -0.5], 1e-14);
    expect(grads[0]).toBe(0);
    expect(grads[10]).toBe(0);
  });

  it('backward accumulates into dW and db across calls', () => {
    const { dense } = layer();
    dense.forward(X, 2);
    dense.backward(DY, 2);
    dense.backward(DY, 2);
    expectAllClose(dense.dw, [-1, -12, -2, 8, 16, -4], 1e-14);
    expectAllClose(dense.db, [3, 4, -2], 1e-14);
  });

  it('backward of one row uses only that row', () => {
    const { dense } = layer();
    dense.forward(X, 2);
    dense.backward(DY, 1);
    expectAllClose(dense.dw, [1, 0, -1, 2, 0, -2], 1e-14);
    expectAllClose(dense.db, [1, 0, -1], 1e-14);
  });
});
