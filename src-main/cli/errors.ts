/** The command line was wrong (unknown command, bad flag or value): exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** Failures whose message is meant for the user (bad data, a divergence, a refused or missing
 * run or database file): printed alone, with no stack trace. Matched by name, so the CLI need
 * not load the modules that define them. */
const KNOWN_FAILURES: ReadonlySet<string> = new Set([
  'DataError',
  'DivergedError',
  'ModelError',
  'StoreError',
  'NotFoundError',
  'LandscapeRequestError',
]);

export function isKnownFailure(error: unknown): boolean {
  return error instanceof Error && KNOWN_FAILURES.has(error.name);
}
