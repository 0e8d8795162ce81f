// The gradient check as the Inside view runs it: on a small copy of the run's network, because
// checking means nudging every parameter one at a time and measuring the loss four times each,
// and 100,000 parameters would take minutes. The copy keeps what backpropagation's correctness
// depends on (how many layers, which activation each has, the loss) and shrinks the rest.

import type { TrainConfig } from '../../src-core/config.ts';
import {
  GRADCHECK_TOLERANCE,
  gradientCheck,
  type GradientCheckResult,
  type GradientCheckSpec,
} from '../../src-core/gradcheck.ts';

/** Sizes of the copy. Small on purpose, and measured: the check compares every gradient with a
 * slope measured by nudging, which rounding limits to about 1e-13, so a gradient below ~1e-7
 * cannot pass a 1e-6 relative tolerance. Wider and deeper copies have more such gradients
 * (through saturated sigmoids, leaky ReLUs' 0.01 slope) and more units near a ReLU's kink;
 * with 4 inputs, at most 4 units per hidden layer and batches of 2, every network of up to
 * two hidden layers passed over ten seeds, and deep ones fail far less often than at 12/8/4. */
export const CHECK_INPUTS = 4;
export const CHECK_UNITS = 4;
export const CHECK_BATCH = 2;
export const CHECK_OUTPUTS = 10;

/** The small copy of a run's network. The L2 penalty is left out: its gradient λ·w is mostly
 * far below what nudging can measure, and it is a single line of the optimiser, not backprop. */
export function smallCopy(
  config: Pick<TrainConfig, 'layers' | 'activations' | 'loss'>,
): GradientCheckSpec {
  return {
    sizes: [CHECK_INPUTS, ...config.layers.map((n) => Math.min(n, CHECK_UNITS)), CHECK_OUTPUTS],
    activations: [...config.activations],
    loss: config.loss,
    batch: CHECK_BATCH,
  };
}

export interface CheckRow {
  readonly layer: number;
  /** The run's layer, "layer 1 (784→128)". */
  readonly label: string;
  /** The copy's layer checked for it, "4→4". */
  readonly checked: string;
  readonly weights: number;
  readonly biases: number;
  readonly passed: boolean;
}

export interface CheckOutcome {
  readonly rows: readonly CheckRow[];
  readonly passed: boolean;
  readonly parameters: number;
  readonly milliseconds: number;
}

/** The result per layer, named after the run's layer it copies. */
export function checkRows(result: GradientCheckResult, runSizes: readonly number[]): CheckRow[] {
  const copy = result.spec.sizes;
  return result.layers.map((c) => {
    const l = c.layer - 1;
    return {
      layer: c.layer,
      label: `layer ${c.layer} (${runSizes[l]}→${runSizes[l + 1]})`,
      checked: `${copy[l]}→${copy[l + 1]}`,
      weights: c.weights,
      biases: c.biases,
      passed: Math.max(c.weights, c.biases) < GRADCHECK_TOLERANCE,
    };
  });
}

/** Runs the check on the small copy (a few milliseconds: see the constants above). */
export function checkRun(config: TrainConfig, runSizes: readonly number[]): CheckOutcome {
  const start = performance.now();
  const result = gradientCheck(smallCopy(config));
  const rows = checkRows(result, runSizes);
  return {
    rows,
    passed: rows.every((r) => r.passed),
    parameters: result.parameters,
    milliseconds: performance.now() - start,
  };
}
