// The obvious, slow versions of kernels.ts, written straight from the definition of a matrix
// product. They are the reference the fast kernels are tested against; nothing in training
// calls them.

import type { Backend } from './backend.ts';
import type { FloatArray } from './types.ts';

/** How to read element (row, col) of a row-major matrix, or of its transpose. */
type At = (m: FloatArray, row: number, col: number) => number;

/** out[i][j] (+)= Σ_p A[i][p] · B[p][j] for an (M, K) A and a (K, N) B, each read through `at`. */
function product(
  out: FloatArray,
  a: FloatArray,
  aAt: At,
  b: FloatArray,
  bAt: At,
  [m, k, n]: readonly [number, number, number],
  accumulate: boolean,
): void {
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += aAt(a, i, p) * bAt(b, p, j);
      out[i * n + j] = (accumulate ? out[i * n + j] : 0) + s;
    }
}

/** Element (row, col) of a matrix stored (rows, cols) with `cols` columns, and of one stored
 * transposed (cols, rows) with `rows` columns. */
const plain =
  (cols: number): At =>
  (m, row, col) =>
    m[row * cols + col];
const transposed =
  (rows: number): At =>
  (m, row, col) =>
    m[col * rows + row];

/** A product with the Backend's signature (backend.ts): out, a, b and the sizes (m, k, n). */
type Gemm = Backend['gemmNN'];

/** out (M, N) += a (M, K) · b (K, N) */
export const gemmNNReference: Gemm = (out, a, b, m, k, n) =>
  product(out, a, plain(k), b, plain(n), [m, k, n], true);

/** out (K, N) += aᵀ · b, a (M, K), b (M, N) */
export const gemmTNReference: Gemm = (out, a, b, m, k, n) =>
  product(out, a, transposed(k), b, plain(n), [k, m, n], true);

/** out (M, N) = a (M, K) · bᵀ, b (N, K) */
export const gemmNTReference: Gemm = (out, a, b, m, k, n) =>
  product(out, a, plain(k), b, transposed(k), [m, k, n], false);
