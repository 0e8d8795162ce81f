// The linear assignment problem: given an n × n matrix of gains, the one-to-one matching of
// rows to columns with the largest total gain. The Hungarian method with potentials
// (Kuhn–Munkres in the O(n³) form of Jonker–Volgenant's shortest augmenting paths): each row
// in turn is added by the cheapest augmenting path in the reduced costs, so n paths of O(n²).
// Weight matching (align.ts) solves one per hidden layer, of a few hundred units at most.

/** For gains (n × n, row-major), the column each row takes: a permutation maximising
 * Σ_r gain[r][col[r]]. Ties go to the lower column found first. */
export function maximumAssignment(gain: ArrayLike<number>, n: number): Int32Array {
  if (gain.length !== n * n)
    throw new Error(`an assignment of ${n} needs ${n * n} gains, got ${gain.length}`);
  for (let i = 0; i < gain.length; i++)
    if (!Number.isFinite(gain[i])) throw new Error(`gain ${i} is ${gain[i]}, not a finite number`);
  // 1-based: column 0 is the virtual start of every augmenting path. Costs are −gain.
  const u = new Float64Array(n + 1); // row potentials
  const v = new Float64Array(n + 1); // column potentials
  const rowOf = new Int32Array(n + 1); // rowOf[col]: the row matched to col (0: none)
  const way = new Int32Array(n + 1); // the previous column on the shortest path
  const minv = new Float64Array(n + 1);
  const used = new Uint8Array(n + 1);
  for (let row = 1; row <= n; row++) {
    rowOf[0] = row;
    let col0 = 0;
    minv.fill(Infinity);
    used.fill(0);
    do {
      used[col0] = 1;
      const r = rowOf[col0];
      let delta = Infinity;
      let col1 = 0;
      for (let c = 1; c <= n; c++) {
        if (used[c]) continue;
        const reduced = -gain[(r - 1) * n + (c - 1)] - u[r] - v[c];
        if (reduced < minv[c]) {
          minv[c] = reduced;
          way[c] = col0;
        }
        if (minv[c] < delta) {
          delta = minv[c];
          col1 = c;
        }
      }
      for (let c = 0; c <= n; c++) {
        if (used[c]) {
          u[rowOf[c]] += delta;
          v[c] -= delta;
        } else minv[c] -= delta;
      }
      col0 = col1;
    } while (rowOf[col0] !== 0);
    // Flip the path's matches back to its start.
    do {
      const col1 = way[col0];
      rowOf[col0] = rowOf[col1];
      col0 = col1;
    } while (col0 !== 0);
  }
  const colOf = new Int32Array(n);
  for (let c = 1; c <= n; c++) colOf[rowOf[c] - 1] = c - 1;
  return colOf;
}
