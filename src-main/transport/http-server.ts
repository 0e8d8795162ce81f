// Browser mode: the renderer and the same API as the desktop app, over HTTP + WebSocket, on
// 127.0.0.1 only. Like Jupyter, a random token in the printed URL grants access: the first page
// load trades it for a same-site cookie, and every request and WebSocket must carry one or the
// other (401 otherwise). Host and Origin must name this server, which defeats DNS rebinding.
// Nothing a client sends may end the process: every request, upgrade and socket runs inside
// error handling, and whatever slips through is answered 400/500 and logged.

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ApiErrorBody, ApiEvent, ErrorCode } from '../contract/api.ts';
import { CONTENT_SECURITY_POLICY } from '../contract/csp.ts';
import type { ApiHandler } from '../services/handler.ts';
import { isPageLoad, signedOutPage } from './signed-out-page.ts';
import { readStatic, resolveStatic } from './static-files.ts';
import { receiveUpload, UPLOAD_PATH } from './upload-route.ts';

const MAX_BODY = 1_000_000;
/** The 401 of the app's own requests (API calls, scripts); page loads get signedOutPage. */
const UNAUTHORISED =
  'Unauthorized: open the address printed by `backprop-lab serve`, with its token.';
/** A body over MAX_BODY is read and thrown away up to this much, so the client can read the 413;
 * past it the connection is closed. */
const MAX_DISCARD = 16_000_000;

/** The token cookie's name. Cookies are not port-scoped, so every server on 127.0.0.1 receives
 * every other's: each reads and sets only the one named after its port (Jupyter does the same). */
export const cookieName = (port: number): string => `backprop-lab-token-${port}`;

export interface HttpServerOptions {
  readonly handler: ApiHandler;
  /** The built renderer (dist/renderer). */
  readonly staticDir: string;
  readonly port: number;
  readonly token?: string;
}

export interface RunningServer {
  readonly port: number;
  readonly token: string;
  /** The address to open, token included. */
  readonly url: string;
  /** The cookie the token is traded for (see cookieName). */
  readonly cookieName: string;
  close(): Promise<void>;
}

export function newToken(): string {
  return randomBytes(24).toString('hex');
}

export async function startHttpServer(options: HttpServerOptions): Promise<RunningServer> {
  const token = options.token ?? newToken();
  const { handler, staticDir } = options;
  let port = 0;

  // Digests of equal length whatever the client sends (any length, any characters), so the
  // comparison neither throws nor tells how long the token is.
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  const tokenDigest = digest(token);
  const sameToken = (given: string | null | undefined): boolean =>
    typeof given === 'string' && timingSafeEqual(digest(given), tokenDigest);
  const cookieToken = (req: IncomingMessage): string | null => {
    for (const part of (req.headers.cookie ?? '').split(';')) {
      const [k, v] = part.trim().split('=');
      if (k === cookieName(port)) return v ?? null;
    }
    return null;
  };
  const bearer = (req: IncomingMessage): string | null => {
    const h = req.headers.authorization;
    return h?.startsWith('Bearer ') ? h.slice(7) : null;
  };
  /** null if Host and Origin name this server, else why not. */
  const foreign = (req: IncomingMessage): string | null => {
    const allowed = [`127.0.0.1:${port}`, `localhost:${port}`];
    if (!allowed.includes(req.headers.host ?? ''))
      return `Host ${req.headers.host ?? '(none)'} is not this server`;
    const origin = req.headers.origin;
    if (origin !== undefined && !allowed.map((a) => `http://${a}`).includes(origin))
      return `Origin ${origin} is not this server`;
    return null;
  };

  const send = (
    res: ServerResponse,
    status: number,
    body: string | Buffer,
    type: string,
    headers: Record<string, string> = {},
  ) => {
    res.writeHead(status, {
      'Content-Type': type,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      ...headers,
    });
    res.end(body);
  };
  /** Serialises inside the caller's error handling: a value too large for one string is
   * answered 500 rather than thrown where nothing catches it. */
  const sendJson = (res: ServerResponse, status: number, value: unknown) => {
    let body: string;
    try {
      body = JSON.stringify(value);
    } catch (error) {
      console.error('Backprop Lab: an answer could not be serialised:', error);
      status = 500;
      body = JSON.stringify(failure('failed', 'the answer is too large to send'));
    }
    send(res, status, body, 'application/json; charset=utf-8');
  };
  /** The last line of defence: logs, and answers if nothing has been sent yet. */
  const answerFailure = (res: ServerResponse, error: unknown) => {
    console.error('Backprop Lab: a request failed:', error);
    if (res.headersSent) res.destroy();
    else sendJson(res, 500, failure('failed', 'the server could not answer this request'));
  };

  const server = createServer((req, res) => {
    try {
      route(req, res);
    } catch (error) {
      answerFailure(res, error);
    }
  });

  const route = (req: IncomingMessage, res: ServerResponse): void => {
    const url = requestUrl(req);
    if (url === null) return send(res, 400, 'Bad request: not a URL', 'text/plain; charset=utf-8');
    const refused = foreign(req);
    if (refused !== null)
      return send(res, 403, `Forbidden: ${refused}`, 'text/plain; charset=utf-8');
    const queryToken = url.searchParams.get('token');
    const authorised =
      sameToken(bearer(req)) || sameToken(cookieToken(req)) || sameToken(queryToken);
    if (!authorised)
      return isPageLoad(req, url.pathname)
        ? send(res, 401, signedOutPage(port), 'text/html; charset=utf-8')
        : send(res, 401, UNAUTHORISED, 'text/plain; charset=utf-8');
    // The token in the address becomes a cookie, so the page's own requests carry it.
    const cookie: Record<string, string> = sameToken(queryToken)
      ? { 'Set-Cookie': `${cookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/` }
      : {};

    if (url.pathname === UPLOAD_PATH)
      return receiveUpload(req, url, handler, (status, result) => sendJson(res, status, result));
    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST')
        return sendJson(res, 405, {
          ok: false,
          error: { code: 'invalid-request', message: 'use POST' },
        });
      return void readBody(req)
        .then(async (body) => {
          if (body === null) {
            // Whatever of the body is unread stays so: this connection carries nothing more.
            res.setHeader('Connection', 'close');
            return sendJson(
              res,
              413,
              failure('too-large', `the request is larger than ${MAX_BODY} bytes`),
            );
          }
          let payload: unknown;
          try {
            payload = body === '' ? {} : JSON.parse(body);
          } catch {
            return sendJson(res, 400, failure('invalid-request', 'the body is not JSON'));
          }
          const result = await handler.call(url.pathname.slice(5), payload);
          sendJson(res, result.ok ? 200 : statusOf(result.error.code), result);
        })
        .catch((error: unknown) => answerFailure(res, error));
    }
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return send(res, 405, 'Method not allowed', 'text/plain');
    const file = resolveStatic(staticDir, url.pathname);
    if (file === null) return send(res, 404, 'Not found', 'text/plain; charset=utf-8');
    const { body, type } = readStatic(file);
    send(res, 200, body, type, cookie);
  };

  const sockets = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  server.on('upgrade', (req, socket: Duplex, head: Buffer) => {
    socket.on('error', (error) => console.error('Backprop Lab: a WebSocket failed:', error));
    try {
      upgrade(req, socket, head);
    } catch (error) {
      console.error('Backprop Lab: a WebSocket upgrade failed:', error);
      socket.destroy();
    }
  });
  const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const url = requestUrl(req);
    if (url === null) {
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
      return;
    }
    const refused = foreign(req);
    const ok =
      refused === null &&
      url.pathname === '/events' &&
      (sameToken(cookieToken(req)) || sameToken(url.searchParams.get('token')));
    if (!ok) {
      socket.end(
        `HTTP/1.1 ${refused === null ? '401 Unauthorized' : '403 Forbidden'}\r\nConnection: close\r\n\r\n`,
      );
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      // The socket only carries events out; whatever a page sends is ignored, and a frame the
      // ws library refuses (too large, malformed) closes that socket, not the server.
      ws.on('error', (error) => console.error('Backprop Lab: a WebSocket failed:', error));
      sockets.emit('connection', ws, req);
    });
  };
  server.on('clientError', (error, socket) => {
    // Node's default answer to a request it cannot parse, with the cause logged.
    console.error('Backprop Lab: a malformed request:', error.message);
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  const unsubscribe = handler.onEvent((event: ApiEvent) => {
    // The emitter is the training supervisor: an event that cannot be sent is logged here, not
    // thrown into the code that saves the run.
    try {
      const data = JSON.stringify(event);
      for (const client of sockets.clients)
        if (client.readyState === client.OPEN) client.send(data);
    } catch (error) {
      console.error('Backprop Lab: an event could not be sent:', error);
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    port,
    token,
    url: `http://127.0.0.1:${port}/?token=${token}`,
    cookieName: cookieName(port),
    close: () =>
      new Promise<void>((resolve) => {
        unsubscribe();
        for (const client of sockets.clients) client.terminate();
        sockets.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function statusOf(code: string): number {
  switch (code) {
    case 'invalid-request':
      return 400;
    case 'too-large':
      return 413;
    case 'not-found':
      return 404;
    case 'conflict':
      return 409;
    default:
      return 500;
  }
}

/** The request's URL, or null when its target is not one (`//`, `http://[`, a bad port). */
function requestUrl(req: IncomingMessage): URL | null {
  try {
    return new URL(req.url ?? '/', 'http://localhost');
  } catch {
    return null;
  }
}

function failure(code: ErrorCode, message: string): { ok: false; error: ApiErrorBody } {
  return { ok: false, error: { code, message } };
}

/** The body as text, or null when it is over MAX_BODY. An oversized body is read and dropped
 * up to MAX_DISCARD (so the client, still sending, can read the 413), then the connection is
 * closed. */
function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
      else if (size > MAX_DISCARD) {
        req.off('data', onData);
        req.pause();
        resolve(null);
      }
    };
    req.on('data', onData);
    req.on('end', () => resolve(size > MAX_BODY ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
