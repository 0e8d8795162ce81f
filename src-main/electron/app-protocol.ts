// The app:// scheme that serves the renderer. A custom scheme rather than file:// so the page
// has a real origin (module scripts and fetch work with file-protocol privileges off) and so the
// main process can set a Content-Security-Policy header on every response.

import { protocol } from 'electron';
import { APP_SCHEME } from './app-origin.ts';
import { rendererResponse } from './renderer-files.ts';

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Serves `root` (dist/renderer) as app://renderer/. Call once the app is ready. */
export function serveRenderer(root: string): void {
  protocol.handle(APP_SCHEME, (request) => rendererResponse(root, request));
}
