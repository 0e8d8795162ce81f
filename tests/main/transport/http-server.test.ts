// Browser mode's server: token on every request and WebSocket, foreign Host/Origin refused,
// static files confined to their folder, API results as JSON, events to every page.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRESETS } from '../../../src-core/presets.ts';
import { currentOwner } from '../../../src-main/store/owner.ts';
import { Store } from '../../../src-main/store/store.ts';
import { startHttpServer, type RunningServer } from '../../../src-main/transport/http-server.ts';
import { csvHeader, csvRow, idxImages, idxLabels } from '../../fixtures/data/build.ts';
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

  it.each([
    ['/', {}],
    ['/?token=stale', {}],
    ['/index.html', {}],
    ['/assets/app.js', { Accept: 'text/html,application/xhtml+xml' }],
  ])(
    'answers a page load of %s without a valid token with an HTML page saying how to get back in',
    async (path, headers) => {
      const r = await fetchRaw(path, { headers });
      expect(r.status).toBe(401);
      expect(r.headers['content-type']).toContain('text/html');
      // The same policy as every page: no script, no inline style.
      expect(r.headers['content-security-policy']).toContain("script-src 'self'");
      expect(r.body).not.toMatch(/<script|<style|style=/);
      expect(r.body).toContain('<title>Sign in again · Backprop Lab</title>');
      expect(r.body).toContain('backprop-lab serve');
      expect(r.body).toContain(`--port ${server.port}`);
      expect(r.body).not.toContain(server.token);
    },
  );

  it('keeps API and asset 401s short plain text for the page’s own requests', async () => {
    const api = await fetchRaw('/api/listRuns', { method: 'POST', body: '{}' });
    expect(api.headers['content-type']).toContain('text/plain');
    const asset = await fetchRaw('/assets/app.js');
    expect(asset.headers['content-type']).toContain('text/plain');
    expect(asset.body).toMatch(/^Unauthorized/);
  });

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

describe('serve: importing data', () => {
  /** POSTs `files` back to back to the upload route, as the app's upload does. */
  function upload(
    files: { name: string; bytes: Uint8Array }[],
    options: { headers?: Record<string, string>; query?: string } = {},
  ): Promise<Reply> {
    const query = files
      .map((f) => `file=${encodeURIComponent(f.name)}&size=${f.bytes.length}`)
      .join('&');
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: server.port,
          path: `/upload/dataset?${query}${options.query ?? ''}`,
          method: 'POST',
          headers: { Host: `127.0.0.1:${server.port}`, ...auth(), ...options.headers },
        },
        (res) => {
          let body = '';
          res.on('data', (d: Buffer) => (body += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
        },
      );
      req.on('error', reject);
      req.end(Buffer.concat(files.map((f) => f.bytes)));
    });
  }
  const text = (s: string) => new TextEncoder().encode(s);
  const csv = (rows: string[]) => text(`${csvHeader()}\n${rows.join('\n')}\n`);
  const kept = () => {
    const folder = join(dir, 'datasets');
    return existsSync(folder) ? readdirSync(folder) : [];
  };
  const names = () => store.listDatasets().map((d) => d.name);

  it('no longer offers importDataset: a page cannot make the server read a path', async () => {
    const r = await fetchRaw('/api/importDataset', {
      method: 'POST',
      body: JSON.stringify({ path: '/etc/passwd', name: 'x' }),
      headers: auth(),
    });
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body)).toEqual({
      ok: false,
      error: { code: 'invalid-request', message: "unknown request 'importDataset'" },
    });
  });

  it('imports an uploaded CSV, tells every page, and keeps it next to the database', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/events?token=${server.token}`);
    await new Promise((r) => ws.once('open', r));
    const event = new Promise<unknown>((r) => ws.once('message', (d) => r(JSON.parse(String(d)))));
    const r = await upload([{ name: 'digits.csv', bytes: csv([csvRow(3), csvRow(4)]) }]);
    expect(r.status).toBe(200);
    const body = JSON.parse(r.body) as {
      ok: true;
      value: { dataset: { name: string; path: string } };
    };
    expect(body.value).toMatchObject({
      alreadyImported: false,
      dataset: { name: 'digits', kind: 'csv', trainCount: 2 },
    });
    expect(body.value.dataset.path.startsWith(join(dir, 'datasets'))).toBe(true);
    expect(await event).toEqual({ type: 'datasetImported', dataset: body.value.dataset });
    ws.close();
  });

  it('imports gzipped IDX files uploaded together, under the name asked for', async () => {
    const r = await upload(
      [
        {
          name: 'train-images-idx3-ubyte.gz',
          bytes: gzipSync(idxImages(2, 2, 2)),
        },
        { name: 'train-labels-idx1-ubyte.gz', bytes: gzipSync(idxLabels([5, 6])) },
      ],
      { query: '&name=tiny%20idx' },
    );
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({
      value: { dataset: { name: 'tiny idx', kind: 'idx', trainCount: 2, rows: 2, cols: 2 } },
    });
  });

  it('names uploaded IDX files as the user sent them, not as kept, when they disagree', async () => {
    const before = [names(), kept()];
    const r = await upload([
      { name: 'train-images-idx3-ubyte.gz', bytes: gzipSync(idxImages(3, 2, 2)) },
      { name: 'train-labels-idx1-ubyte', bytes: idxLabels([1, 2]) },
    ]);
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body).error.message).toBe(
      'train-labels-idx1-ubyte, header: the file holds 2 labels but train-images-idx3-ubyte.gz ' +
        'holds 3 images; an images file and its labels file must have the same number of records',
    );
    expect([names(), kept()]).toEqual(before);
  });

  it('refuses a malformed CSV naming the file and line, and keeps nothing', async () => {
    const before = [names(), kept()];
    const r = await upload([{ name: 'bad.csv', bytes: csv([csvRow(3), csvRow(12)]) }]);
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body)).toEqual({
      ok: false,
      error: {
        code: 'invalid-request',
        message: 'bad.csv, line 3, column 1 (label): label 12 is outside 0–9',
      },
    });
    expect([names(), kept()]).toEqual(before);
  });

  it('answers 413 to an upload over the cap before reading it, and keeps nothing', async () => {
    const before = [names(), kept()];
    // Chunked, as a client streaming its body would: the declared size alone decides.
    const r = await fetchRaw(`/upload/dataset?file=huge.csv&size=${600 * 2 ** 20}`, {
      method: 'POST',
      headers: { ...auth(), 'Transfer-Encoding': 'chunked' },
      body: 'label',
    });
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body)).toEqual({
      ok: false,
      error: {
        code: 'too-large',
        message: 'the upload: 600 MB is larger than 512 MB, the most an import may hold',
      },
    });
    expect([names(), kept()]).toEqual(before);
  });

  it('stops a gzip bomb at the unpacked cap with 413, saying which cap, and keeps nothing', async () => {
    const before = [names(), kept()];
    const zeros = gzipSync(Buffer.alloc(64 * 2 ** 20), { level: 9 });
    const bomb = Buffer.concat(Array.from({ length: 10 }, () => zeros));
    expect(bomb.length).toBeLessThan(2 ** 20);
    const r = await upload([{ name: 'bomb.csv.gz', bytes: bomb }]);
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body).error.message).toBe(
      'bomb.csv.gz: unpacked, the gzip data is larger than 512 MB, the most an import may hold',
    );
    expect([names(), kept()]).toEqual(before);
  }, 30_000);

  it('refuses a body that is not what its sizes say, or names that are not data', async () => {
    const before = [names(), kept()];
    const lying = await fetchRaw('/upload/dataset?file=a.csv&size=10', {
      method: 'POST',
      headers: auth(),
      body: 'label,pixel0,pixel1',
    });
    expect(lying.status).toBe(400);
    const path = await upload([{ name: '../../etc/cron.d/x.csv', bytes: csv([csvRow(1)]) }]);
    expect(JSON.parse(path.body).error.message).toContain('may not hold a folder');
    const exe = await upload([{ name: 'run.sh', bytes: text('#!/bin/sh') }]);
    expect(exe.status).toBe(400);
    expect(JSON.parse(exe.body).error.message).toContain('not data Backprop Lab reads');
    expect(
      (await fetchRaw('/upload/dataset?file=a.csv', { method: 'POST', headers: auth() })).status,
    ).toBe(400);
    expect((await fetchRaw('/upload/dataset?file=a.csv&size=1', { headers: auth() })).status).toBe(
      405,
    );
    expect([names(), kept()]).toEqual(before);
  });

  it('needs the token (401) and this server as the Origin (403), like every route', async () => {
    const before = [names(), kept()];
    const bytes = csv([csvRow(2)]);
    const noToken = await upload([{ name: 'x.csv', bytes }], { headers: { Authorization: '' } });
    expect(noToken.status).toBe(401);
    const foreign = await upload([{ name: 'x.csv', bytes }], {
      headers: { Origin: 'http://evil.example' },
    });
    expect(foreign.status).toBe(403);
    expect([names(), kept()]).toEqual(before);
  });
});
