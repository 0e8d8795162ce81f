// Matrix kernels for dense layers. Matrices are row-major arrays with explicit sizes; the names
// say which operand is transposed (N = as stored, T = transposed), as in BLAS.
//
// Two ideas make these several times faster than the obvious loops (kernels-reference.ts,
// which tests hold them equal to):
// - Zeros are skipped. MNIST images are ~80% zeros and ReLU outputs about half, so the left
//   operand's non-zeros are listed once per row and only they are multiplied.
// - Eight outputs are summed in local variables (registers) across that whole list and written
//   once, instead of being loaded and stored for every term. The inner loop reads consecutive
//   addresses of one row of the right operand.

export type FloatArray = Float32Array | Float64Array;

const BLOCK = 8;

// Scratch for the non-zero list (offsets into the right operand, and values). Grown on demand,
// so after the first batch no kernel allocates.
let nzOffset = new Int32Array(1024);
let nzValue = new Float64Array(1024);

function reserve(n: number): void {
  if (nzOffset.length >= n) return;
  nzOffset = new Int32Array(n);
  nzValue = new Float64Array(n);
}

/** out[o .. o+n) += Σ_q nzValue[q] · b[nzOffset[q] + j] for j < n: the shared inner kernel. */
function accumulateRow(out: FloatArray, o: number, b: FloatArray, nz: number, n: number): void {
  const offs = nzOffset;
  const vals = nzValue;
  let j = 0;
  for (; j + BLOCK <= n; j += BLOCK) {
    let s0 = out[o + j];
    let s1 = out[o + j + 1];
    let s2 = out[o + j + 2];
    let s3 = out[o + j + 3];
    let s4 = out[o + j + 4];
    let s5 = out[o + j + 5];
    let s6 = out[o + j + 6];
    let s7 = out[o + j + 7];
    for (let q = 0; q < nz; q++) {
      const v = vals[q];
      const bp = offs[q] + j;
      s0 += v * b[bp];
      s1 += v * b[bp + 1];
      s2 += v * b[bp + 2];
      s3 += v * b[bp + 3];
      s4 += v * b[bp + 4];
      s5 += v * b[bp + 5];
      s6 += v * b[bp + 6];
      s7 += v * b[bp + 7];
    }
    out[o + j] = s0;
    out[o + j + 1] = s1;
    out[o + j + 2] = s2;
    out[o + j + 3] = s3;
    out[o + j + 4] = s4;
    out[o + j + 5] = s5;
    out[o + j + 6] = s6;
    out[o + j + 7] = s7;
  }
  for (; j < n; j++) {
    let s = out[o + j];
    for (let q = 0; q < nz; q++) s += vals[q] * b[offs[q] + j];
    out[o + j] = s;
  }
}

/** out (M, N) += a (M, K) · b (K, N) */
export function gemmNN(
  out: FloatArray,
  a: FloatArray,
  b: FloatArray,
  m: number,
  k: number,
  n: number,
): void {
  reserve(k);
  for (let i = 0; i < m; i++) {
    const ai = i * k;
    let nz = 0;
    for (let p = 0; p < k; p++) {
      const v = a[ai + p];
      if (v !== 0) {
        nzOffset[nz] = p * n; // row p of b
        nzValue[nz++] = v;
      }
    }
    accumulateRow(out, i * n, b, nz, n);
  }
}

/** out (K, N) += aᵀ · b, where a is (M, K) and b is (M, N): the weight gradient xᵀ·dy. */
export function gemmTN(
  out: FloatArray,
  a: FloatArray,
  b: FloatArray,
  m: number,
  k: number,
  n: number,
): void {
  reserve(m);
  for (let p = 0; p < k; p++) {
    let nz = 0;
    for (let i = 0; i < m; i++) {
      const v = a[i * k + p];
      if (v !== 0) {
        nzOffset[nz] = i * n; // row i of b
        nzValue[nz++] = v;
      }
    }
    if (nz > 0) accumulateRow(out, p * n, b, nz, n);
  }
}

/** out (M, K) = a (M, N) · bᵀ, where b is (K, N): the input gradient dy·Wᵀ. Each output is a
 * dot product of two contiguous rows; four outputs share each load of a's row. Overwrites out. */
export function gemmNT(
  out: FloatArray,
  a: FloatArray,
  b: FloatArray,
  m: number,
  n: number,
  k: number,
): void {
  for (let i = 0; i < m; i++) {
    const ai = i * n;
    const oi = i * k;
    let p = 0;
    for (; p + 4 <= k; p += 4) {
      const b0 = p * n;
      const b1 = b0 + n;
      const b2 = b1 + n;
      const b3 = b2 + n;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let j = 0; j < n; j++) {
        const v = a[ai + j];
        s0 += v * b[b0 + j];
        s1 += v * b[b1 + j];
        s2 += v * b[b2 + j];
        s3 += v * b[b3 + j];
      }
      out[oi + p] = s0;
      out[oi + p + 1] = s1;
      out[oi + p + 2] = s2;
      out[oi + p + 3] = s3;
    }
    for (; p < k; p++) {
      const bp = p * n;
      let s = 0;
      for (let j = 0; j < n; j++) s += a[ai + j] * b[bp + j];
      out[oi + p] = s;
    }
  }
}

/** out (M, N): every row set to the vector v (N), e.g. the bias before gemmNN adds x·W. */
export function fillRows(out: FloatArray, v: FloatArray, m: number, n: number): void {
  for (let i = 0; i < m; i++) out.set(v, i * n);
}

/** out (N) += column sums of a (M, N): the bias gradient. */
export function addColumnSums(out: FloatArray, a: FloatArray, m: number, n: number): void {
  for (let i = 0; i < m; i++) {
    const ai = i * n;
    for (let j = 0; j < n; j++) out[j] += a[ai + j];
  }
}
