// The Electron glue's pure parts, none of which loads Electron: how app:// requests map to files,
// what headers they get, which senders are trusted, the preload's API object, the event queue
// and the paths the main process computes.

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { installedElectron } from '../../scripts/electron-binary.ts';
import type { ApiEvent, Method, Result } from '../../src-main/contract/api.ts';
import { requestSchemas } from '../../src-main/contract/api.ts';
import { METHODS } from '../../src-main/contract/methods.ts';
import { isAppUrl, START_URL } from '../../src-main/electron/app-origin.ts';
import { EventQueue } from '../../src-main/electron/event-queue.ts';
import { appDatabasePath, unpackedPath } from '../../src-main/electron/locations.ts';
import { createApi } from '../../src-main/electron/preload-api.ts';
import {
  CONTENT_SECURITY_POLICY,
  contentType,
  rendererFilePath,
  rendererResponse,
} from '../../src-main/electron/renderer-files.ts';
import { DATABASE_FILE } from '../../src-main/store/paths.ts';

const tempDir = (prefix: string) => mkdtempSync(path.join(tmpdir(), prefix));

describe('rendererFilePath', () => {
  const root = path.resolve('/srv/app/dist/renderer');
  const at = (url: string) => rendererFilePath(root, url);

  it('maps app://renderer paths into the root, / to index.html', () => {
    expect(at('app://renderer/index.html')).toBe(path.join(root, 'index.html'));
    expect(at('app://renderer/')).toBe(path.join(root, 'index.html'));
    expect(at('app://renderer/assets/app-1a2b.js?v=1#x')).toBe(
      path.join(root, 'assets', 'app-1a2b.js'),
    );
    expect(at('app://renderer/a%20b.png')).toBe(path.join(root, 'a b.png'));
  });

  it('refuses every way out of the root', () => {
    for (const url of [
      'app://renderer/..%2F..%2Fsecret',
      'app://renderer/assets%2F..%2F..%2F..%2Fetc%2Fpasswd',
      'app://renderer/..%5C..%5Csecret',
      'app://renderer/a\\..\\..\\secret',
      'app://renderer/index.html%00.png',
      'app://renderer/%E0%A4%A',
    ])
      expect(at(url), url).toBeNull();
  });

  it('keeps dot segments, plain or encoded, inside the root (the URL parser resolves them)', () => {
    for (const url of [
      'app://renderer/../secret',
      'app://renderer/%2e%2e/secret',
      'app://renderer/assets/%2E%2E/%2E%2E/secret',
    ])
      expect(at(url), url).toBe(path.join(root, 'secret'));
  });

  it('serves only its own scheme and host', () => {
    expect(at('app://elsewhere/index.html')).toBeNull();
    expect(at('file:///srv/app/dist/renderer/index.html')).toBeNull();
    expect(at('https://renderer/index.html')).toBeNull();
    expect(at('not a url')).toBeNull();
  });
});

describe('rendererResponse', () => {
  let root: string;
  beforeAll(() => {
    const dir = tempDir('bpl-renderer-');
    root = path.join(dir, 'renderer');
    mkdirSync(path.join(root, 'assets'), { recursive: true });
    writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Backprop Lab</title>');
    writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(path.join(dir, 'secret.txt'), 'outside the root');
  });
  const get = (url: string, method = 'GET') => rendererResponse(root, new Request(url, { method }));

  it('answers with the file, its type and the CSP', async () => {
    const page = await get(START_URL);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toContain('<title>Backprop Lab</title>');
    const script = await get('app://renderer/assets/app.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('answers 404 for missing files, folders and escapes, 405 for writes', async () => {
    expect((await get('app://renderer/missing.js')).status).toBe(404);
    expect((await get('app://renderer/assets')).status).toBe(404);
    expect((await get('app://renderer/%2e%2e/secret.txt')).status).toBe(404);
    expect((await get('app://renderer/index.html', 'POST')).status).toBe(405);
  });

  it('answers HEAD without a body', async () => {
    const head = await get(START_URL, 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});

describe('contentType and the CSP', () => {
  it('knows what Vite emits and falls back to octet-stream', () => {
    expect(contentType('a.CSS')).toBe('text/css; charset=utf-8');
    expect(contentType('a.mjs')).toBe('text/javascript; charset=utf-8');
    expect(contentType('a.svg')).toBe('image/svg+xml');
    expect(contentType('a.woff2')).toBe('font/woff2');
    expect(contentType('a.wasm')).toBe('application/wasm');
    expect(contentType('Makefile')).toBe('application/octet-stream');
  });

  it('is strict: nothing by default, no eval, no inline code', () => {
    const directives = new Map(
      CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d] as const),
    );
    expect(directives.get('default-src')).toBe("default-src 'none'");
    expect(directives.get('script-src')).toBe("script-src 'self'");
    expect(directives.get('style-src')).toBe("style-src 'self'");
    expect(directives.get('object-src')).toBe("object-src 'none'");
    expect(directives.get('base-uri')).toBe("base-uri 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe/);
  });
});

describe('isAppUrl (the IPC sender check)', () => {
  it('trusts only app://renderer pages', () => {
    expect(isAppUrl(START_URL)).toBe(true);
    expect(isAppUrl('app://renderer/')).toBe(true);
    for (const url of [
      'app://evil/index.html',
      'https://renderer/index.html',
      'http://127.0.0.1:5173/',
      'file:///index.html',
      'about:blank',
      'app:renderer',
      '',
      null,
      undefined,
    ])
      expect(isAppUrl(url), String(url)).toBe(false);
  });
});

describe('METHODS', () => {
  it('names every request in requestSchemas, once', () => {
    expect([...METHODS].sort()).toEqual(Object.keys(requestSchemas).sort());
  });
});

describe('createApi (the preload object)', () => {
  const answers: Partial<Record<Method, Result<Method>>> = {
    listRuns: { ok: true, value: [] },
    getRun: {
      ok: false,
      error: { code: 'not-found', message: 'run 7 not found' },
    },
    renameRun: {
      ok: false,
      error: { code: 'invalid-request', message: 'too long', field: 'name' },
    },
  };
  const calls: [Method, unknown][] = [];
  const listeners = new Set<(event: ApiEvent) => void>();
  const api = createApi({
    invoke: async (method, payload) => {
      calls.push([method, payload]);
      return answers[method] as Result<Method>;
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  });

  it('has one function per request, passing the payload through', async () => {
    for (const method of METHODS) expect(typeof api[method], method).toBe('function');
    expect(await api.listRuns({ tag: 'x' })).toEqual([]);
    expect(calls).toEqual([['listRuns', { tag: 'x' }]]);
  });

  it('rejects with a plain object that keeps code and field across contextBridge', async () => {
    await expect(api.getRun({ id: 7 })).rejects.toEqual({
      name: 'ApiCallError',
      code: 'not-found',
      message: 'run 7 not found',
    });
    await expect(api.renameRun({ id: 1, name: 'x' })).rejects.toMatchObject({
      code: 'invalid-request',
      field: 'name',
    });
  });

  it('subscribes and unsubscribes event listeners', () => {
    const seen: ApiEvent[] = [];
    const stop = api.onEvent((e) => seen.push(e));
    for (const l of listeners) l({ type: 'runsChanged' });
    stop();
    expect(listeners.size).toBe(0);
    expect(seen).toEqual([{ type: 'runsChanged' }]);
  });
});

describe('EventQueue', () => {
  it('holds events until the page is ready, then delivers in order', () => {
    const sent: number[] = [];
    const queue = new EventQueue<number>((n) => sent.push(n));
    queue.push(1);
    queue.push(2);
    expect(sent).toEqual([]);
    queue.open();
    queue.push(3);
    expect(sent).toEqual([1, 2, 3]);
  });

  it('keeps the newest 1000 while waiting', () => {
    const sent: number[] = [];
    const queue = new EventQueue<number>((n) => sent.push(n));
    for (let i = 0; i < 1500; i++) queue.push(i);
    queue.open();
    expect(sent).toHaveLength(1000);
    expect(sent[0]).toBe(500);
  });
});

describe('locations', () => {
  it('puts the database in userData unless BACKPROP_LAB_DB says otherwise', () => {
    const userData = path.join('/home/ada/.config', 'Backprop Lab');
    expect(appDatabasePath({}, userData)).toBe(path.join(userData, DATABASE_FILE));
    expect(appDatabasePath({ BACKPROP_LAB_DB: '/tmp/x.sqlite' }, userData)).toBe('/tmp/x.sqlite');
    expect(appDatabasePath({ BACKPROP_LAB_DB: '' }, userData)).toBe(
      path.join(userData, DATABASE_FILE),
    );
  });

  it('moves packed files to app.asar.unpacked and leaves others alone', () => {
    expect(unpackedPath('/opt/Backprop Lab/resources/app.asar/dist/electron/w.mjs')).toBe(
      '/opt/Backprop Lab/resources/app.asar.unpacked/dist/electron/w.mjs',
    );
    expect(unpackedPath('C:\\Apps\\Backprop Lab\\resources\\app.asar\\dist\\w.mjs')).toBe(
      'C:\\Apps\\Backprop Lab\\resources\\app.asar.unpacked\\dist\\w.mjs',
    );
    expect(unpackedPath('/work/main/dist/electron/w.mjs')).toBe('/work/main/dist/electron/w.mjs');
    expect(unpackedPath('/r/app.asar.unpacked/w.mjs')).toBe('/r/app.asar.unpacked/w.mjs');
  });
});

describe('installedElectron', () => {
  it('finds the binary that path.txt names, and nothing when it is absent', () => {
    const root = tempDir('bpl-electron-');
    const pkg = path.join(root, 'node_modules', 'electron');
    mkdirSync(path.join(pkg, 'dist'), { recursive: true });
    expect(installedElectron(root, {})).toBeNull();
    writeFileSync(path.join(pkg, 'path.txt'), 'electron');
    expect(installedElectron(root, {})).toBeNull();
    writeFileSync(path.join(pkg, 'dist', 'electron'), '');
    expect(installedElectron(root, {})).toBe(path.join(pkg, 'dist', 'electron'));
    const elsewhere = tempDir('bpl-electron-dist-');
    expect(installedElectron(root, { ELECTRON_OVERRIDE_DIST_PATH: elsewhere })).toBeNull();
    writeFileSync(path.join(elsewhere, 'electron'), '');
    expect(installedElectron(root, { ELECTRON_OVERRIDE_DIST_PATH: elsewhere })).toBe(
      path.join(elsewhere, 'electron'),
    );
  });
});
