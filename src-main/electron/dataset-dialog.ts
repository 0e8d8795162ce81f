// The native file dialog behind "Import data…": the user, not the page, names the file. On
// Linux and Windows one dialog opens files or folders, not both, so it opens files, and
// choosing any IDX file imports its folder (services/dataset-import.ts); macOS can offer both.

import { dialog, type BaseWindow, type OpenDialogOptions } from 'electron';

const OPTIONS: OpenDialogOptions = {
  title: 'Import data',
  buttonLabel: 'Import',
  // MNIST's IDX files have no extension ("train-images-idx3-ubyte"), so the data filter
  // cannot show them on every system; "All files" can.
  filters: [
    { name: 'CSV or gzipped data', extensions: ['csv', 'gz'] },
    { name: 'All files', extensions: ['*'] },
  ],
  properties:
    process.platform === 'darwin' ? ['openFile', 'openDirectory'] : ['openFile', 'dontAddToRecent'],
};

/** The chosen path, or null when the user cancelled; modal to `window` when there is one. */
export async function chooseDatasetFile(window: BaseWindow | null): Promise<string | null> {
  const { canceled, filePaths } =
    window === null
      ? await dialog.showOpenDialog(OPTIONS)
      : await dialog.showOpenDialog(window, OPTIONS);
  return canceled || filePaths.length === 0 ? null : filePaths[0];
}
