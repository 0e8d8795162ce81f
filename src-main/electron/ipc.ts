// The IPC transport: the preload's requests reach the API handler, and the handler's events reach
// every window. Only the app's own pages may call; anything else gets a typed refusal.

import { ipcMain, type BrowserWindow } from 'electron';
import type { ApiEvent, Method, Result } from '../contract/api.ts';
import type { ApiHandler } from '../services/handler.ts';
import { isAppUrl } from './app-origin.ts';
import { CALL_CHANNEL, EVENT_CHANNEL } from './channels.ts';
import { EventQueue } from './event-queue.ts';

const REFUSED: Result<Method> = {
  ok: false,
  error: {
    code: 'invalid-request',
    message: 'refused: the request did not come from Backprop Lab',
  },
};

/** Answers requests; returns the function that connects each new window to the event stream. */
export function setupIpc(handler: ApiHandler): (window: BrowserWindow) => void {
  ipcMain.handle(CALL_CHANNEL, (event, method: unknown, payload: unknown) => {
    // senderFrame is null when the frame has navigated away or been destroyed since.
    if (!isAppUrl(event.senderFrame?.url)) return REFUSED;
    return handler.call(String(method), payload);
  });

  const queues = new Set<EventQueue<ApiEvent>>();
  handler.onEvent((event) => {
    for (const queue of queues) queue.push(event);
  });

  return (window) => {
    const contents = window.webContents;
    const queue = new EventQueue<ApiEvent>((event) => {
      if (!contents.isDestroyed()) contents.send(EVENT_CHANNEL, event);
    });
    queues.add(queue);
    contents.once('did-finish-load', () => queue.open());
    window.once('closed', () => queues.delete(queue));
  };
}
