// The preload of the app's window. It runs sandboxed with context isolation, so it is bundled
// into one CommonJS file (scripts/build-electron.ts) and exposes named functions only, never
// ipcRenderer itself.

import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { ApiEvent, Method, Result } from '../contract/api.ts';
import { CALL_CHANNEL, EVENT_CHANNEL } from './channels.ts';
import { createApi } from './preload-api.ts';

const api = createApi({
  invoke: (method, payload) =>
    ipcRenderer.invoke(CALL_CHANNEL, method, payload) as Promise<Result<Method>>,
  subscribe(listener) {
    // The page gets the event only, not the IPC event (whose `sender` is ipcRenderer).
    const forward = (_: IpcRendererEvent, event: ApiEvent) => listener(event);
    ipcRenderer.on(EVENT_CHANNEL, forward);
    return () => void ipcRenderer.removeListener(EVENT_CHANNEL, forward);
  },
});

contextBridge.exposeInMainWorld('backprop', api);
