// How the supervisor starts a training process. The app plugs in Electron's utilityProcess;
// the CLI and tests use Node's child_process.fork. The supervisor sees only this interface.

import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ToWorker } from '../contract/worker-messages.ts';

export interface WorkerProcess {
  readonly pid: number | undefined;
  send(message: ToWorker): void;
  kill(): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Called once, after the process ended and every message it sent was delivered. `detail`
   * holds the end of what it printed to stderr, to explain a crash. */
  onExit(listener: (code: number | null, signal: string | null, detail: string) => void): void;
}

export interface Spawner {
  spawn(): WorkerProcess;
}

export const WORKER_ENTRY = fileURLToPath(new URL('../worker/training-worker.ts', import.meta.url));
const STDERR_KEPT = 2000;
/** How long a process asked to stop (SIGTERM) may take before it is killed outright. */
const KILL_AFTER_MS = 3000;

/** child_process.fork with structured-clone serialisation, so weights travel as Float32Array.
 * `execPath` is the Node that runs `entry` (this one by default). */
export function forkSpawner(entry = WORKER_ENTRY, execPath = process.execPath): Spawner {
  return {
    spawn() {
      const child = fork(entry, [], {
        execPath,
        serialization: 'advanced',
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      });
      let stderr = '';
      child.stderr?.on('data', (chunk: Buffer) => {
        stderr = (stderr + chunk.toString()).slice(-STDERR_KEPT);
      });
      let closed = false;
      const exitListeners: ((code: number | null, signal: string | null, d: string) => void)[] = [];
      const exited = (code: number | null, signal: string | null, detail: string) => {
        if (closed) return;
        closed = true;
        for (const l of exitListeners) l(code, signal, detail);
      };
      // 'close' (not 'exit') fires after the IPC channel has delivered everything.
      child.on('close', (code, signal) => exited(code, signal, stderr.trim()));
      // Without a listener an 'error' (the process could not be started, or a message could not
      // be sent) would be thrown and end the whole app. A process that never started has no pid
      // and sends no 'close': it is reported as ended with the error as the reason.
      child.on('error', (error) => {
        stderr = `${stderr}\n${error.message}`.slice(-STDERR_KEPT);
        if (child.pid === undefined) exited(null, null, error.message);
      });
      return {
        pid: child.pid,
        send: (message) => {
          if (child.connected) child.send(message);
        },
        kill: () => {
          if (closed || !child.kill()) return;
          setTimeout(() => {
            if (!closed) child.kill('SIGKILL');
          }, KILL_AFTER_MS).unref();
        },
        onMessage: (listener) => child.on('message', listener),
        onExit: (listener) => void exitListeners.push(listener),
      };
    },
  };
}
