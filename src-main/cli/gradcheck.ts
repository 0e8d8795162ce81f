// `backprop-lab gradcheck`: backprop's gradients against finite differences for every
// activation × loss; fails if any relative error exceeds the tolerance.

import { GRADCHECK_TOLERANCE, gradientCheckSuite } from '../../src-core/gradcheck.ts';
import { UsageError } from './errors.ts';
import { table } from './format.ts';
import { parseFlags } from './train-options.ts';

export async function gradcheckCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags(args, { json: { type: 'boolean' } });
  if (positionals.length > 0)
    throw new UsageError(`gradcheck: unexpected argument '${positionals[0]}'`);
  const results = gradientCheckSuite();
  const worst = Math.max(...results.map((r) => r.worst));
  const passed = worst <= GRADCHECK_TOLERANCE;
  if (values.json) {
    for (const r of results)
      console.log(
        JSON.stringify({
          type: 'case',
          sizes: r.spec.sizes,
          activation: r.spec.activations[0],
          loss: r.spec.loss,
          l2: r.spec.l2 ?? 0,
          parameters: r.parameters,
          worstRelativeError: r.worst,
          layers: r.layers,
          passed: r.worst <= GRADCHECK_TOLERANCE,
        }),
      );
    console.log(
      JSON.stringify({
        type: 'summary',
        cases: results.length,
        worstRelativeError: worst,
        tolerance: GRADCHECK_TOLERANCE,
        passed,
      }),
    );
  } else {
    console.log(
      `Backprop vs central finite differences (float64), tolerance ${GRADCHECK_TOLERANCE}`,
    );
    console.log(
      table(
        [
          'network',
          'activation',
          'loss',
          'l2',
          'params',
          'worst rel. error',
          'per layer (weights/biases)',
          '',
        ],
        results.map((r) => [
          r.spec.sizes.join('-'),
          r.spec.activations[0],
          r.spec.loss,
          r.spec.l2 ?? 0,
          r.parameters,
          r.worst.toExponential(2),
          r.layers
            .map((l) => `${l.weights.toExponential(1)}/${l.biases.toExponential(1)}`)
            .join(' '),
          r.worst <= GRADCHECK_TOLERANCE ? 'ok' : 'FAIL',
        ]),
      ),
    );
    console.log(
      passed
        ? `All ${results.length} cases pass.`
        : `Worst error ${worst.toExponential(2)} exceeds ${GRADCHECK_TOLERANCE}.`,
    );
  }
  return passed ? 0 : 1;
}
