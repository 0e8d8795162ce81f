// What a browser tab shows when it loads a page without a valid token: most often an old tab
// after `backprop-lab serve` restarted with a new token. A page, not a bare "401", so the
// learner reads how to get back in. No script and no inline style (the app's CSP refuses both);
// the browser's own styles, light or dark, are enough.

import type { IncomingMessage } from 'node:http';
import { UPLOAD_PATH } from './upload-route.ts';

/** A browser loading a page (the address bar, a reload), as opposed to the app's own requests
 * (API calls, uploads, scripts), which get a short plain answer they can read. */
export function isPageLoad(req: IncomingMessage, pathname: string): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  if (pathname.startsWith('/api/') || pathname === UPLOAD_PATH) return false;
  return (
    pathname === '/' ||
    pathname.endsWith('.html') ||
    (req.headers.accept ?? '').includes('text/html')
  );
}

export function signedOutPage(port: number): string {
  const command = `backprop-lab serve --port ${port}`;
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="color-scheme" content="light dark" />
    <title>Sign in again · Backprop Lab</title>
  </head>
  <body>
    <main>
      <h1>This Backprop Lab link no longer works</h1>
      <p>
        Backprop Lab was restarted, or this address is missing its access token. Each start of
        <code>backprop-lab serve</code> prints a new address with a new token; this tab still has
        the old one.
      </p>
      <p>
        Open the address the terminal printed last: it starts with
        <code>http://127.0.0.1:${port}/?token=</code>. Your runs are kept; nothing was lost.
      </p>
      <p>If the server is no longer running, start it again with <code>${command}</code>.</p>
    </main>
  </body>
</html>
`;
}
