// Dispatches `backprop-lab COMMAND …` and turns errors into messages and exit codes:
// 0 success, 1 failure (bad data, divergence…), 2 bad usage.

import { ConfigError } from '../../src-core/config.ts';
import { EXIT_FAILURE, EXIT_USAGE, isKnownFailure, UsageError } from './errors.ts';

const USAGE = `Usage: backprop-lab COMMAND [options]

Commands:
  train                 train a network and save the run (see backprop-lab train --help);
                        --seeds N trains N runs over seeds as one repeat
  sweep --lr A,B --batch C,D [--seeds N]   every combination of the values, as one sweep
  resume RUN            go on with a cancelled or interrupted run from its last checkpoint
  list                  saved runs [--status S] [--tag T] [--where QUERY] [--group]
  show RUN              a run's settings, epochs and confusion matrix
  compare RUN RUN…      side by side, differences marked, and is it real? A side may be group:ID or 1,2,3
  rename RUN NAME       note RUN TEXT       tag RUN TAG… [--remove]
  delete RUN… [--yes]   delete runs and everything saved with them
  import-data FILE|DIR --name NAME      register a CSV or IDX dataset (plain or gzip)
  export RUN --format json|onnx|csv --out FILE   the model (json, onnx) or per-epoch metrics (csv)
  predict RUN IMAGE.png…                read digits from images with a run's model
  explain RUN --image N [--loss-step LR]   backprop step by step on test image N;
                        --saliency DIGIT [--versus DIGIT]: what the network looks at
  landscape RUN [--between RUN2 [--align]] [--2d] [--grid 25] [--images 2000]
                        the loss along the run's path, between two runs, or around it
  serve [--port N]      the app in your browser (127.0.0.1 only, with an access token)
  gradcheck             check backpropagation against finite differences
  bench [--readme]      speed beside numpy and PyTorch, kernel GFLOPS, drawing pad, listing;
                        --readme rewrites the README's performance table from the run

Every command takes --db PATH (default: the app's database, or $BACKPROP_LAB_DB)
and --json (one JSON object per line).`;

type Command = (args: string[]) => Promise<number>;

// Loaded on demand, so a command starts without loading every other command's code.
const COMMANDS: Record<string, () => Promise<Command>> = {
  train: async () => (await import('./train.ts')).trainCommand,
  sweep: async () => (await import('./group-train.ts')).sweepCommand,
  resume: async () => (await import('./resume.ts')).resumeCommand,
  list: async () => (await import('./runs.ts')).listCommand,
  show: async () => (await import('./runs.ts')).showCommand,
  compare: async () => (await import('./compare.ts')).compareCommand,
  rename: async () => (await import('./runs.ts')).renameCommand,
  note: async () => (await import('./runs.ts')).noteCommand,
  tag: async () => (await import('./runs.ts')).tagCommand,
  delete: async () => (await import('./runs.ts')).deleteCommand,
  'import-data': async () => (await import('./data.ts')).importDataCommand,
  export: async () => (await import('./export.ts')).exportCommand,
  predict: async () => (await import('./predict.ts')).predictCommand,
  explain: async () => (await import('./explain.ts')).explainCommand,
  landscape: async () => (await import('./landscape.ts')).landscapeCommand,
  serve: async () => (await import('./serve.ts')).serveCommand,
  gradcheck: async () => (await import('./gradcheck.ts')).gradcheckCommand,
  bench: async () => (await import('./bench.ts')).benchCommand,
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const json = args.includes('--json');
  try {
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      console.log(USAGE);
      return name === undefined ? EXIT_USAGE : 0;
    }
    const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (load === undefined) throw new UsageError(`unknown command '${name}'\n\n${USAGE}`);
    return await (
      await load()
    )(args);
  } catch (error) {
    const usage = error instanceof UsageError || error instanceof ConfigError;
    const message = error instanceof Error ? error.message : String(error);
    if (json) console.log(JSON.stringify({ type: 'error', message }));
    console.error(`backprop-lab: ${message}`);
    if (!usage && !isKnownFailure(error) && error instanceof Error) console.error(error.stack);
    return usage ? EXIT_USAGE : EXIT_FAILURE;
  }
}
