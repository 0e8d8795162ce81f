// The app's Spawner: each training run in an Electron utility process (Node in a Chromium
// service process, which the OS and `app.getAppMetrics` name "Backprop Lab training"). The
// worker entry talks back over process.parentPort (worker/parent-channel.ts).

import { utilityProcess } from 'electron';
import type { Spawner } from '../services/spawner.ts';

const STDERR_KEPT = 2000;
/** How long after the exit to wait for the rest of stderr (and messages still in flight). */
const EXIT_GRACE_MS = 200;

export function utilitySpawner(workerPath: string): Spawner {
  return {
    spawn() {
      const child = utilityProcess.fork(workerPath, [], {
        serviceName: 'Backprop Lab training',
        stdio: 'pipe',
      });
      let stderr = '';
      const stderrStream = child.stderr;
      stderrStream?.on('data', (chunk: Buffer) => {
        stderr = (stderr + chunk.toString()).slice(-STDERR_KEPT);
      });
      // Read and drop stdout, so a chatty worker never stalls on a full pipe.
      child.stdout?.resume();
      const stderrEnded = new Promise<void>((resolve) => {
        if (stderrStream === null) resolve();
        else stderrStream.once('end', resolve).once('close', resolve);
      });
      let exited = false;
      // 'exit' carries only a code: 0 after a clean end or kill(), non-zero after a crash.
      const exit = new Promise<number>((resolve) =>
        child.once('exit', (code) => {
          exited = true;
          resolve(code);
        }),
      );
      const ended = exit.then(async (code) => {
        await Promise.race([stderrEnded, new Promise((r) => setTimeout(r, EXIT_GRACE_MS))]);
        return code;
      });
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
