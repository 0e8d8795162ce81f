// The app's Spawner: each training run in an Electron utility process (Node in a Chromium
// service process, which the OS and `app.getAppMetrics` name "Backprop Lab training"). The
// worker entry talks back over process.parentPort (worker/parent-channel.ts).

import { utilityProcess } from 'electron';
import type { Spawner } from '../services/spawner.ts';

const STDERR_KEPT = 2000;
/** How long after the exit to collect the rest of stderr (and messages still in flight). */
const EXIT_GRACE_MS = 200;

export function utilitySpawner(workerPath: string): Spawner {
  return {
    spawn() {
      const child = utilityProcess.fork(workerPath, [], {
        serviceName: 'Backprop Lab training',
        stdio: 'pipe',
      });
      let stderr = '';
      const collect = (chunk: Buffer): void => {
        stderr = (stderr + chunk.toString()).slice(-STDERR_KEPT);
      };
      // Held here: Electron forgets the streams (child.stderr turns null) when the child exits.
      const stderrStream = child.stderr;
      stderrStream?.on('data', collect);
      // Read and drop stdout, so a chatty worker never stalls on a full pipe.
      child.stdout?.resume();
      let exited = false;
      // 'exit' carries only a code: 0 after a clean end or kill(), non-zero after a crash.
      // Electron emits it, then removes every listener of the child's output streams
      // (lib/browser/api/utility-process.ts), though what a crashing process wrote last may still
      // be on its way: listen again on the stream held above for a moment, then report. No
      // 'end' is awaited: with the listeners gone it never arrives.
      const ended = new Promise<number>((resolve) =>
        child.once('exit', (code) => {
          exited = true;
          queueMicrotask(() => stderrStream?.on('data', collect));
          setTimeout(() => {
            stderrStream?.off('data', collect);
            resolve(code);
          }, EXIT_GRACE_MS);
        }),
      );
      return {
        get pid() {
          return child.pid;
        },
        send: (message) => {
          if (!exited) child.postMessage(message);
        },
        kill: () => void child.kill(),
        onMessage: (listener) => void child.on('message', listener),
        onExit: (listener) => void ended.then((code) => listener(code, null, stderr.trim())),
      };
    },
  };
}
