// Ubuntu 24.04 restricts unprivileged user namespaces with AppArmor, so Chromium's sandbox cannot
// start in an unpacked Electron such as `electron .`, which then aborts right after launch with
// one of these messages (electron/electron#42510). The app keeps its sandbox: `npm start` never
// passes --no-sandbox, it says where the README explains the ways out.

export const SANDBOX_README_SECTION = 'Ubuntu 24.04 and the Chromium sandbox';

const SANDBOX_FAILURES = [
  'The SUID sandbox helper binary was found, but is not configured correctly',
  'No usable sandbox',
];

export interface ElectronExit {
  readonly code: number | null;
  readonly signal: string | null;
  /** The start of what Electron wrote to stderr. */
  readonly stderr: string;
}

/** A one-line hint when Electron stopped because its sandbox could not start, else null. */
export function sandboxFailureHint(
  exit: ElectronExit,
  platform: string = process.platform,
): string | null {
  const failed = exit.code !== 0 || exit.signal !== null;
  if (platform !== 'linux' || !failed) return null;
  if (!SANDBOX_FAILURES.some((message) => exit.stderr.includes(message))) return null;
  return (
    "npm start: Electron's sandbox could not start here (on Ubuntu 24.04, AppArmor restricts " +
    `user namespaces); see "${SANDBOX_README_SECTION}" in README.md.`
  );
}
