// `backprop-lab import-data FILE|DIR --name NAME`: checks every row or record, then registers
// the dataset for `train --dataset NAME` (and the app's dataset list).

import { importDataset } from '../services/datasets.ts';
import { openStore } from './context.ts';
import { UsageError } from './errors.ts';
import { count } from './format.ts';
import { parseFlags } from './train-options.ts';

export async function importDataCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags(args, {
    name: { type: 'string' },
    db: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (positionals.length !== 1)
    throw new UsageError('usage: backprop-lab import-data FILE.csv|IDX-DIR --name NAME');
  if (values.name === undefined) throw new UsageError('import-data: --name NAME is required');
  const store = openStore(values.db);
  try {
    const row = importDataset(store, positionals[0], values.name);
    if (values.json) console.log(JSON.stringify(row));
    else
      console.log(
        `Imported "${row.name}": ${count(row.trainCount)} training` +
          (row.testCount > 0
            ? ` and ${count(row.testCount)} test images`
            : ' images (no test part: runs will hold one out)') +
          ` of ${row.rows}×${row.cols}. Train on it with: backprop-lab train --dataset ${JSON.stringify(row.name)}`,
      );
    return 0;
  } finally {
    store.close();
  }
}
