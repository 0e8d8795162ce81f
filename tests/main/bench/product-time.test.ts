// The timing wrapper behind the bench's "outside products" share: it computes exactly what the
// backend it wraps computes, and counts time in the matrix products only.

import { describe, expect, it } from 'vitest';
import { TypeScriptBackend } from '../../../src-core/kernels.ts';
import { timeProducts } from '../../../src-main/bench/product-time.ts';

const [M, K, N] = [64, 200, 50];

function operands(backend: TypeScriptBackend) {
  const a = backend.allocate(M * K);
  const b = backend.allocate(K * N);
  a.forEach((_, i) => (a[i] = Math.sin(i)));
  b.forEach((_, i) => (b[i] = Math.cos(i)));
  return { a, b };
}

describe('timeProducts', () => {
  it('computes what the wrapped backend computes, and is read like it', () => {
    const inner = new TypeScriptBackend('float32');
    const { backend } = timeProducts(inner);
    expect(backend.name).toBe(inner.name);
    expect(backend.dtype).toBe('float32');
    const { a, b } = operands(inner);
    const [expected, got] = [inner.allocate(M * N), backend.allocate(M * N)];
    inner.gemmNN(expected, a, b, M, K, N);
    backend.gemmNN(got, a, b, M, K, N);
    expect(got).toEqual(expected);
    const relu = backend.activation('relu');
    expect(relu).toBe(inner.activation('relu'));
  });

  it('counts time in gemm… calls and nowhere else, until reset', () => {
    const timer = timeProducts(new TypeScriptBackend('float32'));
    const { backend } = timer;
    const { a, b } = operands(new TypeScriptBackend('float32'));
    const out = backend.allocate(M * N);
    const bias = backend.allocate(N);
    for (let i = 0; i < 50; i++) {
      backend.fillRows(out, bias, M, N);
      backend.addColumnSums(bias, out, M, N);
      backend.multiply(out, out, out, M * N);
    }
    expect(timer.productMs()).toBe(0);
    for (let i = 0; i < 20; i++) backend.gemmNN(out, a, b, M, K, N);
    backend.gemmTN(backend.allocate(K * N), a, out, M, K, N);
    backend.gemmNT(backend.allocate(M * K), out, b, M, N, K);
    expect(timer.productMs()).toBeGreaterThan(0);
    timer.reset();
    expect(timer.productMs()).toBe(0);
  });
});
