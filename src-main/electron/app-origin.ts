// Where the app's own pages live. The renderer is served from the custom `app://renderer/`
// origin (see app-protocol.ts), never from a remote address, so "is this our page?" is one
// comparison. Imports nothing from Electron, so tests can load it.

export const APP_SCHEME = 'app';
export const APP_HOST = 'renderer';
export const START_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** Whether `url` is a page of the app itself. Compares scheme and host rather than
 * `URL.origin`, which is the opaque "null" for a custom scheme outside a browser. */
export function isAppUrl(url: string | null | undefined): boolean {
  if (!url) return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}
