// Weight matching (Ainsworth, Hayase & Srinivasa, "Git Re-Basin", 2023): permuting a hidden
// layer's units (the columns of its W and its b, and the rows of the next layer's W) leaves the
// network's function unchanged, so two networks trained from different seeds may sit in the
// same basin up to such a permutation. For each hidden layer, the permutation P of network B's
// units that maximises Σ⟨W_A, P W_B⟩ over the layer's incoming weights and biases and its
// outgoing weights (with the neighbouring layers' permutations applied) is a linear assignment
// (hungarian.ts); the layers are solved in turn, again and again, until no permutation changes.

import type { LayerStack } from '../network.ts';
import { maximumAssignment } from './hungarian.ts';
import { denseBlocks, type DenseBlock } from './layout.ts';

/** Sweeps over the layers before giving up on a fixed point (it is usually reached in a few). */
const MAX_SWEEPS = 50;

/** perms[l][j]: which of B's units of hidden layer l takes place j (to face A's unit j). */
export interface Alignment {
  readonly perms: Int32Array[];
  readonly sweeps: number;
}

const identity = (n: number) => Int32Array.from({ length: n }, (_, i) => i);

export function weightMatching(
  stack: LayerStack,
  a: ArrayLike<number>,
  b: ArrayLike<number>,
): Alignment {
  const blocks = denseBlocks(stack);
  const hidden = blocks.length - 1;
  const perms: Int32Array[] = blocks.slice(0, hidden).map((blk) => identity(blk.outSize));
  const permOf = (l: number): Int32Array | null => (l >= 0 && l < hidden ? perms[l] : null);
  for (let sweep = 1; sweep <= MAX_SWEEPS; sweep++) {
    let changed = false;
    for (let l = 0; l < hidden; l++) {
      const gain = layerGain(blocks[l], blocks[l + 1], a, b, permOf(l - 1), permOf(l + 1));
      const next = maximumAssignment(gain, blocks[l].outSize);
      // A new permutation counts only if it gains: ties must not make the sweeps go round.
      if (total(gain, next) > total(gain, perms[l]) + 1e-12 * Math.abs(total(gain, perms[l]))) {
        perms[l] = next;
        changed = true;
      }
    }
    if (!changed) return { perms, sweeps: sweep };
  }
  return { perms, sweeps: MAX_SWEEPS };
}

function total(gain: Float64Array, perm: Int32Array): number {
  const n = perm.length;
  let sum = 0;
  for (let j = 0; j < n; j++) sum += gain[j * n + perm[j]];
  return sum;
}

/** gain[j][k]: how well B's unit k of this layer matches A's unit j — the inner products of
 * their incoming weights (B's inputs permuted by `before`), biases, and outgoing weights (B's
 * next units permuted by `after`). */
function layerGain(
  layer: DenseBlock,
  next: DenseBlock,
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  before: Int32Array | null,
  after: Int32Array | null,
): Float64Array {
  const n = layer.outSize;
  const gain = new Float64Array(n * n);
  for (let i = 0; i < layer.inSize; i++) {
    const rowA = layer.weights + i * n;
    const rowB = layer.weights + (before === null ? i : before[i]) * n;
    for (let j = 0; j < n; j++) {
      const wa = a[rowA + j];
      if (wa === 0) continue;
      const o = j * n;
      for (let k = 0; k < n; k++) gain[o + k] += wa * b[rowB + k];
    }
  }
  for (let j = 0; j < n; j++)
    for (let k = 0; k < n; k++) gain[j * n + k] += a[layer.biases + j] * b[layer.biases + k];
  const m = next.outSize;
  for (let j = 0; j < n; j++) {
    const rowA = next.weights + j * m;
    for (let k = 0; k < n; k++) {
      const rowB = next.weights + k * m;
      let s = 0;
      for (let q = 0; q < m; q++) s += a[rowA + q] * b[rowB + (after === null ? q : after[q])];
      gain[j * n + k] += s;
    }
  }
  return gain;
}

/** The weights with each hidden layer's units reordered by `perms` (unit j ← unit perms[l][j]):
 * the same function, the units in another order. */
export function permuteUnits(
  stack: LayerStack,
  weights: ArrayLike<number>,
  perms: readonly Int32Array[],
): Float64Array {
  const blocks = denseBlocks(stack);
  const out = Float64Array.from(weights);
  blocks.forEach((blk, l) => {
    const rows = l > 0 ? perms[l - 1] : null;
    const cols = l < perms.length ? perms[l] : null;
    const n = blk.outSize;
    for (let i = 0; i < blk.inSize; i++) {
      const from = blk.weights + (rows === null ? i : rows[i]) * n;
      const to = blk.weights + i * n;
      for (let j = 0; j < n; j++) out[to + j] = weights[from + (cols === null ? j : cols[j])];
    }
    for (let j = 0; j < n; j++)
      out[blk.biases + j] = weights[blk.biases + (cols === null ? j : cols[j])];
  });
  return out;
}
