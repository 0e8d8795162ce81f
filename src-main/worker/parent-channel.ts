// The training process talks to its parent over whichever channel started it: Electron's
// utilityProcess gives `process.parentPort`, Node's child_process.fork gives `process.send`.

import type { FromWorker } from '../contract/worker-messages.ts';

interface ElectronParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

export interface ParentChannel {
  post(message: FromWorker): void;
  onMessage(listener: (message: unknown) => void): void;
  /** The parent went away: nobody will read our results, so stop. */
  onParentGone(listener: () => void): void;
}

export function connectToParent(): ParentChannel {
  const port = (process as unknown as { parentPort?: ElectronParentPort }).parentPort;
  if (port !== undefined)
    return {
      post: (m) => port.postMessage(m),
      onMessage: (listener) => port.on('message', (e) => listener(e.data)),
      // Electron ends a utility process together with its parent.
      onParentGone: () => {},
    };
  const send = process.send?.bind(process);
  if (send !== undefined)
    return {
      post: (m) => void send(m),
      onMessage: (listener) => process.on('message', listener),
      onParentGone: (listener) => process.on('disconnect', listener),
    };
  throw new Error(
    'the training process must be started by Backprop Lab (it has no parent channel)',
  );
}
