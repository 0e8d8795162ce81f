// The Electron main process: starts the app's services (the same ones `backprop-lab serve`
// runs), serves the renderer over app://, opens the window and offers to resume the runs that
// were interrupted when the app last closed; on quit it lets running training stop cleanly, so
// those runs are saved as interrupted (with their checkpoints, to resume).

import { app, BrowserWindow, dialog } from 'electron';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startAppServices, type AppServices } from '../services/app-services.ts';
import { parseInThread } from '../services/dataset-parse.ts';
import { registerAppScheme, serveRenderer } from './app-protocol.ts';
import { chooseDatasetFile } from './dataset-dialog.ts';
import { setupIpc } from './ipc.ts';
import {
  appDatabasePath,
  IMPORT_WORKER_FILE,
  LANDSCAPE_WORKER_FILE,
  PRELOAD_FILE,
  unpackedPath,
  WORKER_FILE,
} from './locations.ts';
import { setupMenu } from './menu.ts';
import { utilitySpawner } from './utility-spawner.ts';
import { createMainWindow, lockDownWebContents } from './window.ts';

/** dist/electron, where the bundles sit side by side (inside app.asar once packaged). */
const here = path.dirname(fileURLToPath(import.meta.url));

registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  // One process writes the database; a second launch just brings the first window forward.
  app.quit();
} else {
  app.on('second-instance', () => {
    const window = BrowserWindow.getAllWindows()[0];
    if (window === undefined) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => fail('Backprop Lab could not start', error));
}

function start(): void {
  const rendererRoot = path.join(app.getAppPath(), 'dist', 'renderer');
  if (!existsSync(path.join(rendererRoot, 'index.html')))
    return fail(
      'The window has nothing to show',
      `${rendererRoot} holds no index.html: run \`npm run build:renderer\` first.`,
    );
  let services: AppServices;
  try {
    services = startAppServices(
      appDatabasePath(process.env, app.getPath('userData')),
      utilitySpawner(unpackedPath(path.join(here, WORKER_FILE))),
      {
        // The installed app ships MNIST as an extra resource outside the asar (electron-builder.yml).
        mnistDir: app.isPackaged ? path.join(process.resourcesPath, 'mnist') : undefined,
        chooseDatasetFile: () => chooseDatasetFile(BrowserWindow.getFocusedWindow()),
        // Parsing a large import takes about a second: in a worker thread, so IPC, the app://
        // protocol and training events are not held up meanwhile.
        parseDataset: parseInThread(
          pathToFileURL(unpackedPath(path.join(here, IMPORT_WORKER_FILE))),
        ),
        landscapeWorker: pathToFileURL(unpackedPath(path.join(here, LANDSCAPE_WORKER_FILE))),
      },
    );
  } catch (error) {
    return fail('Backprop Lab could not open its database', error);
  }

  lockDownWebContents();
  serveRenderer(rendererRoot);
  const connectWindow = setupIpc(services.handler);
  setupMenu({ importData: () => void importFromMenu(services), developer: !app.isPackaged });
  const openWindow = (): void => connectWindow(createMainWindow(path.join(here, PRELOAD_FILE)));
  openWindow();
  void offerToResume(services);

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  quitAfterClosing(services);
}

/** File › Import data…: the same request as the window's button. The windows hear of the new
 * dataset through the API's datasetImported event; a refusal is shown here, as no page asked. */
async function importFromMenu(services: AppServices): Promise<void> {
  const result = await services.handler.call('importDatasetFromDialog', {});
  if (result.ok) return;
  const window = BrowserWindow.getFocusedWindow();
  const box = {
    type: 'error' as const,
    title: 'Import data',
    message: 'The data could not be imported',
    detail: result.error.message,
  };
  await (window === null ? dialog.showMessageBox(box) : dialog.showMessageBox(window, box));
}

/** Asks whether to resume the runs that were interrupted (the app closed, or died, while they
 * trained); each goes on from its last checkpoint, as if it had not stopped. */
async function offerToResume(services: AppServices): Promise<void> {
  const runs = services.store.listRuns({ status: 'interrupted' });
  if (runs.length === 0) return;
  const names = runs.map(
    (r) => `Run ${r.id}, ${r.name}: ${r.epochsDone} of ${r.epochsPlanned} epochs`,
  );
  const box = {
    type: 'question' as const,
    title: 'Resume training',
    message:
      runs.length === 1
        ? 'A run was interrupted when Backprop Lab closed. Resume it?'
        : `${runs.length} runs were interrupted when Backprop Lab closed. Resume them?`,
    detail:
      `${names.join('\n')}\n\nEach goes on from its last saved checkpoint, exactly as if it had ` +
      'not stopped. You can also resume a run later from its page.',
    buttons: ['Resume training', 'Not now'],
    defaultId: 0,
    cancelId: 1,
  };
  const window = BrowserWindow.getAllWindows()[0];
  const { response } = await (window === undefined
    ? dialog.showMessageBox(box)
    : dialog.showMessageBox(window, box));
  if (response !== 0) return;
  for (const run of runs) {
    const resumed = await services.handler.call('continueRun', { id: run.id });
    if (!resumed.ok) console.error(`Backprop Lab: run ${run.id}: ${resumed.error.message}`);
  }
}

/** Holds the quit until running training has stopped and been saved, then quits for real. */
function quitAfterClosing(services: AppServices): void {
  let state: 'open' | 'closing' | 'closed' = 'open';
  app.on('before-quit', (event) => {
    if (state === 'closed') return;
    event.preventDefault();
    if (state === 'closing') return;
    state = 'closing';
    services
      .close()
      .catch((error: unknown) => console.error('Backprop Lab: closing failed:', error))
      .finally(() => {
        state = 'closed';
        app.quit();
      });
  });
  // Ctrl-C in the terminal that ran `npm start` quits the same way.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit());
}

function fail(title: string, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`${title}: ${message}`);
  dialog.showErrorBox(title, message);
  app.exit(1);
}
