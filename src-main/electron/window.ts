// The window and the rules every web page in the app lives by: no navigation away, no new
// windows, no permissions, no <webview>. The page itself is the renderer at START_URL.

import { app, BrowserWindow, session } from 'electron';
import { START_URL } from './app-origin.ts';

/** Call once the app is ready, before the first window opens. */
export function lockDownWebContents(): void {
  // Electron grants every permission (camera, notifications, …) unless told otherwise.
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) =>
    callback(false),
  );
  session.defaultSession.setPermissionCheckHandler(() => false);
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}

export function createMainWindow(preload: string): BrowserWindow {
  const window = new BrowserWindow({
    title: 'Backprop Lab',
    width: 1280,
    height: 860,
    minWidth: 800,
    minHeight: 600,
    show: false,
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(START_URL);
  return window;
}
