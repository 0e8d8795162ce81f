// `backprop-lab bench` (also `npm run bench`): the core's training speed beside the same
// algorithm in numpy, as ratios measured in one run (absolute times on a shared machine drift).

import { architectureOf } from '../../src-core/architecture.ts';
import { loadMnist } from '../data/load.ts';
import { fullBatchSpeed, miniBatchSpeed } from '../bench/training-speed.ts';
import { LIST_LIMIT_MS, listSpeed, listSpeedProblem } from '../bench/list-speed.ts';
import { numpyAvailable, runNumpy } from '../bench/numpy.ts';
import { parseFlags } from './train-options.ts';
import { UsageError } from './errors.ts';
import { table } from './format.ts';

interface Result {
  readonly name: string;
  readonly unit: string;
  readonly ours: number;
  readonly numpy: number | null;
}

export async function benchCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags(args, {
    json: { type: 'boolean' },
    seconds: { type: 'string' },
    iterations: { type: 'string' },
  });
  if (positionals.length > 0)
    throw new UsageError(`bench: unexpected argument '${positionals[0]}'`);
  const seconds = Number(values.seconds ?? 5);
  const iterations = Number(values.iterations ?? 3);
  if (!(seconds > 0) || !Number.isInteger(iterations) || iterations < 1)
    throw new UsageError('bench: --seconds must be above 0 and --iterations a whole number ≥ 1');
  const json = values.json === true;
  const missing = numpyAvailable();
  if (missing !== null) console.error(`numpy reference skipped: ${missing}`);
  const dataset = loadMnist();
  const results: Result[] = [];
  const emit = (r: Result): void => {
    results.push(r);
    const ratio = r.numpy === null ? null : r.ours / r.numpy;
    if (json) console.log(JSON.stringify({ type: 'bench', ...r, ratio }));
    else
      console.error(
        `${r.name}: ${r.ours.toFixed(1)} ${r.unit} (numpy ${r.numpy?.toFixed(1) ?? 'skipped'})`,
      );
  };

  for (const sizes of [
    [32, 16],
    [128, 64],
  ].map((layers) => architectureOf({ layers }, dataset.train))) {
    const ours = await miniBatchSpeed(dataset, sizes, seconds);
    const numpy =
      missing === null
        ? (runNumpy([
            'minibatch',
            '--layers',
            sizes.join(','),
            '--batch',
            '64',
            '--seconds',
            String(seconds),
          ]).samplesPerSecond as number)
        : null;
    emit({ name: `${sizes.join('-')} Adam, batch 64`, unit: 'samples/s', ours, numpy });
  }
  const oursFull = await fullBatchSpeed(dataset, iterations);
  const numpyFull =
    missing === null
      ? (runNumpy(['fullbatch', '--iterations', String(iterations)]).iterationsPerSecond as number)
      : null;
  emit({
    name: 'article preset, full batch (59,000 images)',
    unit: 'iterations/s',
    ours: oursFull,
    numpy: numpyFull,
  });

  const list = listSpeed();
  if (json)
    console.log(
      JSON.stringify({
        type: 'bench',
        name: `list of ${list.runs} stored runs`,
        unit: 'ms',
        ours: list.ms,
        limit: LIST_LIMIT_MS,
      }),
    );
  const slow = listSpeedProblem(list.ms);

  if (!json) {
    console.log(
      table(
        ['benchmark', 'Backprop Lab', 'numpy', 'ours/numpy'],
        results.map((r) => [
          r.name,
          `${r.ours.toFixed(r.ours < 100 ? 2 : 0)} ${r.unit}`,
          r.numpy === null ? 'skipped' : `${r.numpy.toFixed(r.numpy < 100 ? 2 : 0)} ${r.unit}`,
          r.numpy === null ? '–' : (r.ours / r.numpy).toFixed(2),
        ]),
      ),
    );
    console.log(
      `\nlist of ${list.runs.toLocaleString('en-US')} stored runs: ${list.ms.toFixed(1)} ms (limit ${LIST_LIMIT_MS} ms)`,
    );
  }
  if (slow !== null) {
    console.error(`bench: ${slow}`);
    return 1;
  }
  return 0;
}
