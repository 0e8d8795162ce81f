// Dispatches `backprop-lab COMMAND …` and turns errors into messages and exit codes:
// 0 success, 1 failure (bad data, divergence…), 2 bad usage.

import { ConfigError } from '../../src-core/config.ts';
import { benchCommand } from './bench.ts';
import { EXIT_FAILURE, EXIT_USAGE, UsageError } from './errors.ts';
import { gradcheckCommand } from './gradcheck.ts';
import { trainCommand } from './train.ts';

const USAGE = `Usage: backprop-lab COMMAND [options]

Commands:
  train       train a network on MNIST or your own data (see backprop-lab train --help)
  gradcheck   check backpropagation against finite differences
  bench       measure training speed beside the same algorithm in numpy

Add --json to any command for one JSON object per line.`;

type Command = (args: string[]) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  train: trainCommand,
  gradcheck: gradcheckCommand,
  bench: benchCommand,
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const json = args.includes('--json');
  try {
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      console.log(USAGE);
      return name === undefined ? EXIT_USAGE : 0;
    }
    const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (command === undefined) throw new UsageError(`unknown command '${name}'\n\n${USAGE}`);
    return await command(args);
  } catch (error) {
    const usage = error instanceof UsageError || error instanceof ConfigError;
    const message = error instanceof Error ? error.message : String(error);
    if (json) console.log(JSON.stringify({ type: 'error', message }));
    console.error(`backprop-lab: ${message}`);
    if (
      !usage &&
      !(error instanceof Error && error.name in KNOWN_FAILURES) &&
      error instanceof Error
    )
      console.error(error.stack);
    return usage ? EXIT_USAGE : EXIT_FAILURE;
  }
}

/** Failures with a message meant for the user: no stack trace. */
const KNOWN_FAILURES: Record<string, true> = {
  DataError: true,
  DivergedError: true,
  ModelError: true,
};
