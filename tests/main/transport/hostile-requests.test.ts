// What a hostile client can send before any token is checked: request lines that are not URLs,
// tokens that are not ASCII, bodies past the cap, and a second server on another port. None of
// it may end the server; each gets an HTTP answer, and the server answers the next request.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'node:http';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiEvent } from '../../../src-main/contract/api.ts';
import { Store } from '../../../src-main/store/store.ts';
import { startHttpServer, type RunningServer } from '../../../src-main/transport/http-server.ts';
import { silentHandler, tempDir } from '../services/fixtures.ts';
import { sendRaw } from './raw-http.ts';

let server: RunningServer;
let store: Store;
let web: string;

beforeAll(async () => {
  const dir = tempDir('bpl-hostile-');
  web = join(dir, 'web');
  mkdirSync(web, { recursive: true });
  writeFileSync(join(web, 'index.html'), '<!doctype html><title>Backprop Lab</title>');
  store = Store.open(join(dir, 'runs.sqlite'));
  server = await startHttpServer({ handler: silentHandler(store), staticDir: web, port: 0 });
});

afterAll(async () => {
  await server.close();
  store.close();
});

const statusOf = (answer: string): number => Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);

async function stillUp(): Promise<void> {
  const r = await sendRaw(
    server.port,
    `GET /?token=${server.token} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: close\r\n\r\n`,
  );
  expect(statusOf(r)).toBe(200);
}

describe('serve survives request lines that are not URLs', () => {
  const host = () => `Host: 127.0.0.1:${server.port}\r\nConnection: close`;
  it.each(['//', 'http://[', 'http://:99999/', '//x/..//', 'http://a b/', '/%', '\\\\'])(
    'GET %s is answered 4xx and the server stays up',
    async (target) => {
      const r = await sendRaw(server.port, `GET ${target} HTTP/1.1\r\n${host()}\r\n\r\n`);
      expect(statusOf(r)).toBeGreaterThanOrEqual(400);
      expect(statusOf(r)).toBeLessThan(500);
      await stillUp();
    },
  );

  it.each(['//events', 'http://[', 'http://:99999/'])(
    'a WebSocket upgrade to %s is refused and the server stays up',
    async (target) => {
      const r = await sendRaw(
        server.port,
        `GET ${target} HTTP/1.1\r\n${host()}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
      );
      expect(statusOf(r)).toBeGreaterThanOrEqual(400);
      expect(statusOf(r)).toBeLessThan(500);
      await stillUp();
    },
  );
});

describe('serve survives tokens that are not ASCII', () => {
  // 48 UTF-16 units, like the real token, but 96 or more UTF-8 bytes.
  const wide = 'é'.repeat(48);
  it('in the query, as a cookie, as a Bearer token: 401, and the server stays up', async () => {
    const enc = encodeURIComponent(wide);
    const host = `Host: 127.0.0.1:${server.port}\r\nConnection: close`;
    for (const raw of [
      `GET /?token=${enc} HTTP/1.1\r\n${host}\r\n\r\n`,
      Buffer.from(`GET / HTTP/1.1\r\n${host}\r\nCookie: ${server.cookieName}=${wide}\r\n\r\n`),
      Buffer.from(`GET / HTTP/1.1\r\n${host}\r\nAuthorization: Bearer ${wide}\r\n\r\n`, 'latin1'),
    ]) {
      expect(statusOf(await sendRaw(server.port, raw))).toBe(401);
      await stillUp();
    }
  });

  it('on a WebSocket: refused, and the server stays up', async () => {
    const ws = new WebSocket(
      `ws://127.0.0.1:${server.port}/events?token=${encodeURIComponent(wide)}`,
    );
    const status = await new Promise<number>((resolve) => {
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.once('open', () => resolve(101));
      ws.once('error', () => resolve(0));
    });
    expect(status).toBe(401);
    await stillUp();
  });
});

describe('serve answers bodies over the cap with 413', () => {
  it('reads and discards a 2 MB body, then answers 413 with the JSON error shape', async () => {
    const body = Buffer.alloc(2_000_000, 0x20);
    const reply = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: server.port,
          path: '/api/listRuns',
          method: 'POST',
          headers: {
            Host: `127.0.0.1:${server.port}`,
            Authorization: `Bearer ${server.token}`,
            'Content-Length': body.length,
          },
        },
        (res) => {
          let text = '';
          res.on('data', (d: Buffer) => (text += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    expect(reply.status).toBe(413);
    expect(JSON.parse(reply.body)).toMatchObject({
      ok: false,
      error: { code: 'too-large', message: expect.stringContaining('1000000 bytes') },
    });
    await stillUp();
  });
});

describe('serve names its cookie after its port', () => {
  it('so a second server neither overwrites nor accepts the first one’s cookie', async () => {
    const second = await startHttpServer({
      handler: silentHandler(store),
      staticDir: web,
      port: 0,
    });
    try {
      const cookieOf = async (s: RunningServer) => {
        const r = await sendRaw(
          s.port,
          `GET /?token=${s.token} HTTP/1.1\r\nHost: 127.0.0.1:${s.port}\r\nConnection: close\r\n\r\n`,
        );
        return /Set-Cookie: ([^;\r]+)/i.exec(r)?.[1] ?? '';
      };
      const first = await cookieOf(server);
      const other = await cookieOf(second);
      expect(first.split('=')[0]).toBe(`backprop-lab-token-${server.port}`);
      expect(other.split('=')[0]).toBe(`backprop-lab-token-${second.port}`);
      // A browser sends both cookies to both ports; each server reads only its own.
      const both = `Cookie: ${first}; ${other}`;
      for (const s of [server, second]) {
        const r = await sendRaw(
          s.port,
          `GET / HTTP/1.1\r\nHost: 127.0.0.1:${s.port}\r\n${both}\r\nConnection: close\r\n\r\n`,
        );
        expect(statusOf(r)).toBe(200);
      }
      const onlyFirst = await sendRaw(
        second.port,
        `GET / HTTP/1.1\r\nHost: 127.0.0.1:${second.port}\r\nCookie: ${first}\r\nConnection: close\r\n\r\n`,
      );
      expect(statusOf(onlyFirst)).toBe(401);
    } finally {
      await second.close();
    }
  });
});

describe('serve survives an event it cannot send', () => {
  it('logs it, and keeps sending the next events', async () => {
    let emit: (event: ApiEvent) => void = () => {};
    const base = silentHandler(store);
    const events = await startHttpServer({
      handler: {
        ...base,
        onEvent: (listener) => {
          emit = listener;
          return () => {};
        },
      },
      staticDir: web,
      port: 0,
    });
    try {
      const ws = new WebSocket(`ws://127.0.0.1:${events.port}/events?token=${events.token}`);
      await new Promise((resolve) => ws.once('open', resolve));
      const received = new Promise<string>((resolve) =>
        ws.once('message', (d) => resolve(String(d))),
      );
      // A BigInt cannot be JSON: the broadcast throws inside the emitter's caller otherwise.
      expect(() => emit({ type: 'runsChanged', extra: 1n } as unknown as ApiEvent)).not.toThrow();
      emit({ type: 'runsChanged' });
      expect(JSON.parse(await received)).toEqual({ type: 'runsChanged' });
      ws.close();
    } finally {
      await events.close();
    }
  });
});
