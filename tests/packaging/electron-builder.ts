// Runs the project's electron-builder CLI the way the packaging tests need it: on this machine's
// Node 24 (the one running the tests), against the project's electron-builder.yml, and unable to
// download anything. Every download it could attempt (Electron, fpm, the AppImage and NSIS tools)
// goes to a mirror on a closed local port and an empty cache, so it fails at once instead of
// reaching the internet; the tests give it everything it needs instead (`electronDist`, a stand-in
// fpm).

import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = createRequire(import.meta.url).resolve('electron-builder/cli.js');
/** Port 9 (discard) is closed here: a connection is refused without waiting. */
const NOWHERE = 'http://127.0.0.1:9/';

export interface BuilderRun {
  readonly code: number | null;
  /** stdout and stderr together, in the order electron-builder wrote them. */
  readonly output: string;
}

/** Offline settings for electron-builder's downloaders (builder-util, @electron/get), with an
 * empty download cache in `cacheDir` (which the caller removes). */
export function offlineEnv(
  cacheDir: string,
  extra: Readonly<Record<string, string>> = {},
): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ELECTRON_BUILDER_CACHE: cacheDir,
    ELECTRON_BUILDER_BINARIES_MIRROR: NOWHERE,
    ELECTRON_MIRROR: NOWHERE,
    ELECTRON_BUILDER_OFFLINE: 'true',
    ...extra,
  };
}

export function electronBuilder(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  timeoutMs = 120_000,
): Promise<BuilderRun> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [CLI, ...args],
      { cwd: ROOT, env, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 },
      (error) => resolve({ code: error ? (child.exitCode ?? -1) : 0, output }),
    );
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  });
}
