// Runs the real `backprop-lab` command in a child process, as a user's terminal would.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../../src-main/cli/bin.ts', import.meta.url));

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout parsed as one JSON object per line */
  readonly lines: () => Record<string, unknown>[];
}

/** Runs the CLI on the database at `db` (never the user's real one). */
export function runCli(args: string[], db: string, input?: string): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, BACKPROP_LAB_DB: db },
    input,
    timeout: 120_000,
  });
  return {
    status: r.status,
    stdout: r.stdout,
    stderr: r.stderr,
    lines: () =>
      r.stdout
        .trim()
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}
