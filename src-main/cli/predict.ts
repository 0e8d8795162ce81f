// `backprop-lab predict RUN IMAGE.png…`: reads each image the way MNIST was made (see
// src-core/preprocess.ts) and prints the run's answer with all ten probabilities.

import { predictImageFile } from '../predict-image.ts';
import { networkFromModel } from '../services/models.ts';
import { openStore, runId } from './context.ts';
import { UsageError } from './errors.ts';
import { percent } from './format.ts';
import { parseFlags } from './train-options.ts';

export async function predictCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags(args, {
    db: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (positionals.length < 2) throw new UsageError('usage: backprop-lab predict RUN IMAGE.png…');
  const id = runId(positionals[0]);
  const store = openStore(values.db);
  let network;
  try {
    const model = store.getModel(id);
    if (model === null)
      throw new UsageError(`run ${id} has no saved model yet (status ${store.getRun(id).status})`);
    network = networkFromModel(model);
  } finally {
    store.close();
  }
  for (const file of positionals.slice(1)) {
    const p = predictImageFile(network, file);
    if (values.json)
      console.log(JSON.stringify({ file: p.file, digit: p.digit, probabilities: p.probabilities }));
    else
      console.log(
        `${p.file}: ${p.digit} (${percent(p.probabilities[p.digit], 1)})   ` +
          p.probabilities.map((q, d) => `${d}:${(q * 100).toFixed(1)}`).join(' '),
      );
  }
  return 0;
}
