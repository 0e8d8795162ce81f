// Serving the built renderer (dist/renderer) to the window: which file a request names, with
// what type, under what Content-Security-Policy. Plain Node and fetch types, no Electron, so
// tests call it with ordinary Request objects; app-protocol.ts plugs it into `protocol.handle`.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { APP_HOST, APP_SCHEME } from './app-origin.ts';

import { CONTENT_SECURITY_POLICY } from '../contract/csp.ts';

export { CONTENT_SECURITY_POLICY };

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

export function contentType(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** The file under `root` that `url` names, or null if it names none: another scheme or host,
 * a malformed escape, or a path that climbs out of `root` (`..`, encoded or not). */
export function rendererFilePath(root: string, url: string): string | null {
  let parsed: URL;
  let pathname: string;
  try {
    parsed = new URL(url);
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  // A backslash or NUL has no business in a web path, and on Windows `\` would be a separator.
  if (pathname.includes('\\') || pathname.includes('\0')) return null;
  const base = path.resolve(root);
  const full = path.join(base, pathname === '/' ? 'index.html' : pathname);
  const inside = path.relative(base, full);
  if (inside === '' || inside === '..' || inside.startsWith(`..${path.sep}`)) return null;
  if (path.isAbsolute(inside)) return null;
  return full;
}

function refusal(status: 404 | 405, text: string): Response {
  return new Response(text, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' },
  });
}

/** The answer to one request for a renderer file. */
export async function rendererResponse(root: string, request: Request): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return refusal(405, 'read-only');
  const file = rendererFilePath(root, request.url);
  if (file === null) return refusal(404, 'not found');
  let body: Uint8Array;
  try {
    body = await readFile(file);
  } catch {
    return refusal(404, 'not found');
  }
  return new Response(request.method === 'HEAD' ? null : body, {
    headers: {
      'Content-Type': contentType(file),
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
