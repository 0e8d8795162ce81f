// The obvious, slow versions of kernels.ts, written straight from the definitions. They are the
// reference the fast kernels are tested against; nothing in training calls them.

import type { FloatArray } from './types.ts';

/** out (M, N) += a (M, K) · b (K, N) */
export function gemmNNReference(
  out: FloatArray,
  a: FloatArray,
  b: FloatArray,
  m: number,
  k: number,
  n: number,
): void {
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[i * k + p] * b[p * n + j];
      out[i * n + j] += s;
    }
}

/** out (K, N) += aᵀ · b, a (M, K), b (M, N) */
export function gemmTNReference(
  out: FloatArray,
  a: FloatArray,
  b: FloatArray,
  m: number,
  k: number,
  n: number,
): void {
  for (let p = 0; p < k; p++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let i = 0; i < m; i++) s += a[i * k + p] * b[i * n + j];
      out[p * n + j] += s;
    }
}

/** out (M, N) = a (M, K) · bᵀ, b (N, K) */
export function gemmNTReference(
  out: FloatArray,
  a: FloatArray,
  b: FloatArray,
  m: number,
  k: number,
  n: number,
): void {
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[i * k + p] * b[j * k + p];
      out[i * n + j] = s;
    }
}
