// Runs `electron .` in the project folder, as `npm start` does, with the environment the packaged
// app would honour (electron-env.ts). Its output goes to the terminal; the start of its stderr is
// also kept, for sandbox-hint.ts to recognise a sandbox that could not start.

import { spawn } from 'node:child_process';
import { electronEnv } from './electron-env.ts';
import type { ElectronExit } from './sandbox-hint.ts';

/** A sandbox failure is reported right after launch: the first lines are enough. */
const KEPT_STDERR = 64 * 1024;
/** After Electron exits, how long its stderr may take to drain (a helper process could hold it). */
const DRAIN_MS = 1000;

export function launchElectron(executable: string, root: string): Promise<ElectronExit> {
  const app = spawn(executable, ['.'], {
    cwd: root,
    stdio: ['inherit', 'inherit', 'pipe'],
    env: electronEnv(process.env),
  });
  let stderr = '';
  app.stderr.on('data', (chunk: Buffer) => {
    process.stderr.write(chunk);
    if (stderr.length < KEPT_STDERR) stderr += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    app.on('error', reject);
    // 'close' once Electron has exited and its stderr is drained, or soon after the exit anyway.
    app.on('close', (code, signal) => resolve({ code, signal, stderr }));
    app.on('exit', (code, signal) => setTimeout(() => resolve({ code, signal, stderr }), DRAIN_MS));
  });
}
