// One line saying why Electron's installer (node_modules/electron/install.js) left no binary.
// The installer prints the error's stack and exits 1. For a network failure that stack is only
// "TypeError: fetch failed": fetch keeps the reason (ECONNREFUSED, ENOTFOUND, a certificate) in
// `error.cause`, which a stack leaves out. So installer-observer.ts, loaded into the installer,
// prints a `fetchFailureLine` first, and `installerFailure` prefers that line to the stack.

/** What a user can do instead of the desktop app. */
export const BROWSER_MODE_HINT = 'run the app in your browser instead: npx backprop-lab serve';

const FETCH_FAILED = 'Could not fetch ';
const FETCH_FAILURE = new RegExp(`^${FETCH_FAILED}(\\S+): (.+)$`, 'gm');
/** The first line of a stack: `HTTPError: Response code 404 …`, `Error [CODE]: …`. */
const ERROR_LINE = /^(\w*Error)(?: \[\w+\])?: (.+)$/gm;

/** The line installer-observer.ts prints when a fetch rejects. */
export function fetchFailureLine(url: string, error: unknown): string {
  return `${FETCH_FAILED}${url}: ${rootCause(error)}`;
}

/** The innermost cause's message: `connect ECONNREFUSED 127.0.0.1:9`, not `fetch failed`. An
 * AggregateError (one attempt per address, IPv4 and IPv6) says each of its errors. */
export function rootCause(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.cause !== undefined) return rootCause(error.cause);
  if (error instanceof AggregateError && error.errors.length > 0)
    return [...new Set(error.errors.map(rootCause))].join('; ');
  const code = (error as { code?: unknown }).code;
  return error.message || (typeof code === 'string' ? code : error.name);
}

export interface InstallerRun {
  readonly code: number | null;
  readonly signal: string | null;
  /** What the installer wrote to stderr (its end, when long). */
  readonly output: string;
}

/** Why the installer did not install Electron `version`, without a trailing full stop. */
export function installerFailure(run: InstallerRun, version: string): string {
  const fetchFailure = lastMatch(FETCH_FAILURE, run.output);
  if (fetchFailure) return `could not download Electron ${version} (${fetchFailure[2]})`;
  const error = lastMatch(ERROR_LINE, run.output);
  if (error) {
    const verb = error[1] === 'HTTPError' || error[2] === 'fetch failed' ? 'download' : 'install';
    return `could not ${verb} Electron ${version} (${error[2].replace(/\.$/, '')})`;
  }
  if (run.signal !== null) return `Electron's installer was stopped by ${run.signal}`;
  if (run.code !== 0) return `Electron's installer failed with exit code ${run.code}`;
  return `Electron's installer finished, but node_modules/electron holds no Electron ${version} executable`;
}

function lastMatch(pattern: RegExp, text: string): RegExpMatchArray | undefined {
  return [...text.matchAll(pattern)].at(-1);
}
