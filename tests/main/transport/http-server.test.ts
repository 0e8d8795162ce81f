// Browser mode's server: token on every request and WebSocket, foreign Host/Origin refused,
// static files confined to their folder, API results as JSON, events to every page.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'node:http';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRESETS } from '../../../src-core/presets.ts';
import { currentOwner } from '../../../src-main/store/owner.ts';
import { Store } from '../../../src-main/store/store.ts';
import { startHttpServer, type RunningServer } from '../../../src-main/transport/http-server.ts';
import { silentHandler, tempDir } from '../services/fixtures.ts';

let server: RunningServer;
let store: Store;
let dir: string;

beforeAll(async () => {
  dir = tempDir('bpl-http-');
  const web = join(dir, 'web');
  mkdirSync(join(web, 'assets'), { recursive: true });
  writeFileSync(join(web, 'index.html'), '<!doctype html><title>Backprop Lab</title>');
  writeFileSync(join(web, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dir, 'secret.txt'), 'do not serve');
  store = Store.open(join(dir, 'runs.sqlite'));
  server = await startHttpServer({ handler: silentHandler(store), staticDir: web, port: 0 });
});

afterAll(async () => {
  await server.close();
  store.close();
});

interface Reply {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

/** A raw HTTP request, so Host and Origin can be set to anything. */
function fetchRaw(
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        path,
        method: options.method ?? 'GET',
        headers: { Host: `127.0.0.1:${server.port}`, ...options.headers },
      },
      (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const auth = () => ({ Authorization: `Bearer ${server.token}` });

describe('serve: access', () => {
  it('prints an address on 127.0.0.1 with the token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(server.token).toMatch(/^[0-9a-f]{48}$/);
  });

  it.each(['/', '/assets/app.js', '/?token=wrong'])(
    'answers 401 to %s without a valid token',
    async (path) => {
      const r = await fetchRaw(path);
      expect(r.status).toBe(401);
    },
  );

  it('answers 401 to an API call without the token', async () => {
    expect((await fetchRaw('/api/listRuns', { method: 'POST', body: '{}' })).status).toBe(401);
  });

  it('trades the token in the address for a cookie that opens the rest', async () => {
    const page = await fetchRaw(`/?token=${server.token}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Backprop Lab</title>');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    const cookie = String(page.headers['set-cookie']).split(';')[0];
    expect(String(page.headers['set-cookie'])).toContain('HttpOnly');
    const asset = await fetchRaw('/assets/app.js', { headers: { Cookie: cookie } });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toContain('text/javascript');
  });

  it.each([
    [{ Host: 'evil.example:80' }, 'Host'],
    [{ Host: `attacker.test:${0}` }, 'Host'],
    [{ Origin: 'http://evil.example' }, 'Origin'],
  ])('refuses a foreign %j with 403 even with the token', async (headers, what) => {
    const r = await fetchRaw(`/?token=${'x'}`, { headers: { ...auth(), ...headers } });
    expect(r.status).toBe(403);
    expect(r.body).toContain(what);
  });

  it('accepts localhost as the host and its own origin', async () => {
    const r = await fetchRaw('/api/listRuns', {
      method: 'POST',
      body: '{}',
      headers: {
        ...auth(),
        Host: `localhost:${server.port}`,
        Origin: `http://localhost:${server.port}`,
      },
    });
    expect(r.status).toBe(200);
  });

  it('never serves a file outside the renderer folder', async () => {
    for (const path of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/../../secret.txt',
      '/..%5csecret.txt',
    ]) {
      const r = await fetchRaw(path, { headers: auth() });
      expect(r.status, path).toBe(404);
      expect(r.body).not.toContain('do not serve');
    }
  });
});

describe('serve: API', () => {
  it('answers a valid call with { ok, value }', async () => {
    const r = await fetchRaw('/api/listRuns', { method: 'POST', body: '{}', headers: auth() });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ ok: true, value: [] });
  });

  it('answers a malformed call with 400 and a typed error', async () => {
    const r = await fetchRaw('/api/getRun', {
      method: 'POST',
      body: '{"id":"x"}',
      headers: auth(),
    });
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body)).toMatchObject({
      ok: false,
      error: { code: 'invalid-request', field: 'id' },
    });
    const notJson = await fetchRaw('/api/getRun', { method: 'POST', body: '{', headers: auth() });
    expect(notJson.status).toBe(400);
    expect(
      (await fetchRaw('/api/getRun', { method: 'POST', body: '{"id":5}', headers: auth() })).status,
    ).toBe(404);
    expect((await fetchRaw('/api/listRuns', { headers: auth() })).status).toBe(405);
  });
});

describe('serve: events', () => {
  const connect = (token: string | null, origin?: string) =>
    new WebSocket(
      `ws://127.0.0.1:${server.port}/events${token === null ? '' : `?token=${token}`}`,
      {
        headers: origin === undefined ? {} : { Origin: origin },
      },
    );
  const opened = (ws: WebSocket) =>
    new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('unexpected-response', (_req, res) => reject(new Error(String(res.statusCode))));
      ws.once('error', reject);
    });

  it('refuses a WebSocket without the token (401) or from a foreign origin (403)', async () => {
    await expect(opened(connect(null))).rejects.toThrow('401');
    await expect(opened(connect('nope'))).rejects.toThrow('401');
    await expect(opened(connect(server.token, 'http://evil.example'))).rejects.toThrow('403');
  });

  it('pushes events to every connected page', async () => {
    const a = connect(server.token);
    const b = connect(server.token);
    await Promise.all([opened(a), opened(b)]);
    const received = (ws: WebSocket) =>
      new Promise<unknown>((resolve) => ws.once('message', (d) => resolve(JSON.parse(String(d)))));
    const both = Promise.all([received(a), received(b)]);
    const dataset = store.ensureDataset({
      name: 'd',
      kind: 'csv',
      path: '/x.csv',
      hash: 'h',
      trainCount: 1,
      testCount: 0,
      rows: 28,
      cols: 28,
    });
    const owner = currentOwner();
    const run = store.createRun({
      name: 'r',
      preset: null,
      config: PRESETS.quick,
      datasetId: dataset.id,
      owner,
    });
    await fetchRaw('/api/renameRun', {
      method: 'POST',
      body: JSON.stringify({ id: run.id, name: 'renamed' }),
      headers: auth(),
    });
    expect(await both).toEqual([{ type: 'runsChanged' }, { type: 'runsChanged' }]);
    a.close();
    b.close();
  });
});
