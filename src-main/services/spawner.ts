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

/** child_process.fork with structured-clone serialisation, so weights travel as Float32Array. */
export function forkSpawner(entry = WORKER_ENTRY): Spawner {
  return {
    spawn() {
      const child = fork(entry, [], {
        serialization: 'advanced',
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      });
      let stderr = '';
      child.stderr?.on('data', (chunk: Buffer) => {
        stderr = (stderr + chunk.toString()).slice(-STDERR_KEPT);
      });
      return {
        pid: child.pid,
        send: (message) => {
          if (child.connected) child.send(message);
        },
        kill: () => void child.kill(),
        onMessage: (listener) => child.on('message', listener),
        // 'close' (not 'exit') fires after the IPC channel has delivered everything.
        onExit: (listener) =>
          child.on('close', (code, signal) => listener(code, signal, stderr.trim())),
      };
    },
  };
}
