// `backprop-lab resume RUN`: goes on with a cancelled or interrupted run from its last saved
// checkpoint, reporting as `train` does (text, or JSON lines with --json).

import { estimateRun } from '../../src-core/estimate.ts';
import { NotFoundError } from '../store/errors.ts';
import { resumeRun } from '../services/run-start.ts';
import { openStore, runId } from './context.ts';
import { UsageError } from './errors.ts';
import { exitCode, jsonReporter, superviseRun, textReporter } from './train.ts';
import { parseFlags } from './train-options.ts';

export const RESUME_HELP = `Usage: backprop-lab resume RUN [--db PATH] [--json]

Goes on with a cancelled or interrupted run (see backprop-lab list) from its
last saved checkpoint, the end of the last epoch it finished. The optimiser's state (Adam's moments, the
step count), the learning-rate schedule's place and every random stream (shuffling,
augmentation, dropout) were saved with it, so the run ends exactly as if it had never stopped.
A run stopped in its first epoch starts from the beginning. Ctrl-C cancels it again, to resume
later.`;

export async function resumeCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags(args, {
    db: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean' },
  });
  if (values.help) {
    console.log(RESUME_HELP);
    return 0;
  }
  const id = runId(positionals[0]);
  if (positionals.length > 1)
    throw new UsageError(`resume: unexpected argument '${positionals[1]}'`);
  const store = openStore(values.db);
  try {
    const { config, datasetId } = store.getRun(id);
    const dataset = store.getDataset(datasetId);
    if (dataset === null) throw new NotFoundError(`dataset ${datasetId} of run ${id}`);
    const report = values.json
      ? jsonReporter()
      : textReporter(config, dataset, estimateRun(config, dataset));
    const { end } = await superviseRun(store, report, (starter) => resumeRun(starter, id));
    return exitCode(end);
  } finally {
    store.close();
  }
}
