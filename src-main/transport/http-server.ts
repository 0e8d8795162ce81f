// Browser mode: the renderer and the same API as the desktop app, over HTTP + WebSocket, on
// 127.0.0.1 only. Like Jupyter, a random token in the printed URL grants access: the first page
// load trades it for a same-site cookie, and every request and WebSocket must carry one or the
// other (401 otherwise). Host and Origin must name this server, which defeats DNS rebinding.

import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ApiEvent } from '../contract/api.ts';
import { CONTENT_SECURITY_POLICY } from '../contract/csp.ts';
import type { ApiHandler } from '../services/handler.ts';
import { readStatic, resolveStatic } from './static-files.ts';
import { receiveUpload, UPLOAD_PATH } from './upload-route.ts';

const COOKIE = 'backprop_lab_token';
const MAX_BODY = 1_000_000;

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
  close(): Promise<void>;
}

export function newToken(): string {
  return randomBytes(24).toString('hex');
}

export async function startHttpServer(options: HttpServerOptions): Promise<RunningServer> {
  const token = options.token ?? newToken();
  const { handler, staticDir } = options;
  let port = 0;

  const sameToken = (given: string | null | undefined): boolean => {
    if (typeof given !== 'string' || given.length !== token.length) return false;
    return timingSafeEqual(Buffer.from(given), Buffer.from(token));
  };
  const cookieToken = (req: IncomingMessage): string | null => {
    for (const part of (req.headers.cookie ?? '').split(';')) {
      const [k, v] = part.trim().split('=');
      if (k === COOKIE) return v ?? null;
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
  const sendJson = (res: ServerResponse, status: number, value: unknown) =>
    send(res, status, JSON.stringify(value), 'application/json; charset=utf-8');

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const refused = foreign(req);
    if (refused !== null)
      return send(res, 403, `Forbidden: ${refused}`, 'text/plain; charset=utf-8');
    const queryToken = url.searchParams.get('token');
    const authorised =
      sameToken(bearer(req)) || sameToken(cookieToken(req)) || sameToken(queryToken);
    if (!authorised)
      return send(
        res,
        401,
        'Unauthorized: open the address printed by `backprop-lab serve`, with its token.',
        'text/plain; charset=utf-8',
      );
    // The token in the address becomes a cookie, so the page's own requests carry it.
    const cookie: Record<string, string> = sameToken(queryToken)
      ? { 'Set-Cookie': `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/` }
      : {};

    if (url.pathname === UPLOAD_PATH)
      return receiveUpload(req, url, handler, (status, result) => sendJson(res, status, result));
    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST')
        return sendJson(res, 405, {
          ok: false,
          error: { code: 'invalid-request', message: 'use POST' },
        });
      return void readBody(req).then(
        async (body) => {
          let payload: unknown;
          try {
            payload = body === '' ? {} : JSON.parse(body);
          } catch {
            return sendJson(res, 400, {
              ok: false,
              error: { code: 'invalid-request', message: 'the body is not JSON' },
            });
          }
          const result = await handler.call(url.pathname.slice(5), payload);
          sendJson(res, result.ok ? 200 : statusOf(result.error.code), result);
        },
        (error: Error) =>
          sendJson(res, 413, {
            ok: false,
            error: { code: 'invalid-request', message: error.message },
          }),
      );
    }
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return send(res, 405, 'Method not allowed', 'text/plain');
    const file = resolveStatic(staticDir, url.pathname);
    if (file === null) return send(res, 404, 'Not found', 'text/plain; charset=utf-8');
    const { body, type } = readStatic(file);
    send(res, 200, body, type, cookie);
  });

  const sockets = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
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
    sockets.handleUpgrade(req, socket, head, (ws: WebSocket) =>
      sockets.emit('connection', ws, req),
    );
  });
  const unsubscribe = handler.onEvent((event: ApiEvent) => {
    const data = JSON.stringify(event);
    for (const client of sockets.clients) if (client.readyState === client.OPEN) client.send(data);
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
    case 'not-found':
      return 404;
    case 'conflict':
      return 409;
    default:
      return 500;
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error(`the request is larger than ${MAX_BODY} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
