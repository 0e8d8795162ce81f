// Bringing a dataset into the app from the user's files. The desktop app asks the main process,
// which shows the native file dialog (the page never names a path); browser mode uploads the
// chosen files to the server. A plain XMLHttpRequest rather than fetch, because only it reports
// upload progress.

import type { ImportedDataset, ImportOutcome, UploadResult } from '../../src-main/contract/api.ts';
import { api, ApiCallError } from './api.ts';

/** True in the desktop app, where the preload exposed the API (see lib/api.ts). */
export const hasFileDialog = (): boolean => window.backprop !== undefined;

export function importWithDialog(): Promise<ImportOutcome> {
  return api.importDatasetFromDialog({});
}

/** Where `serve` takes uploads (src-main/transport/upload-route.ts), relative to the page. */
const UPLOAD_PATH = 'upload/dataset';

/**
 * Uploads one CSV (.csv, .csv.gz) or the IDX files of one dataset, back to back in one body
 * with their names and sizes in the address. `onProgress` hears the share of bytes sent, 0–1.
 */
export function uploadDataset(
  files: readonly File[],
  onProgress: (sent: number) => void,
): Promise<ImportedDataset> {
  const query = new URLSearchParams();
  for (const f of files) {
    query.append('file', f.name);
    query.append('size', String(f.size));
  }
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${UPLOAD_PATH}?${query}`);
    xhr.responseType = 'text';
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let result: UploadResult;
      try {
        result = JSON.parse(xhr.responseText) as UploadResult;
      } catch {
        // 401/403 answer in plain text.
        return reject(failed(xhr.responseText || `the server answered ${xhr.status}`));
      }
      if (result.ok) resolve(result.value);
      else reject(new ApiCallError(result.error));
    };
    xhr.onerror = () =>
      reject(
        failed(
          'the upload was cut off. Is `backprop-lab serve` still running? ' +
            'An import over its size cap is also refused this way.',
        ),
      );
    // A Blob of the files streams them from disk; nothing is read into the page's memory.
    xhr.send(new Blob([...files]));
  });
}

const failed = (message: string) => new ApiCallError({ code: 'failed', message });

// The dataset imported last in this window, so New run opens on it after "Start a run on it".
let recent: number | null = null;

export function rememberImport(id: number): void {
  recent = id;
}

export const recentImport = (): number | null => recent;
