// The real main-process and preload bundles under the electron stand-in: the window's security
// settings, what the app:// protocol serves, what the app refuses (navigation, new windows,
// permissions, IPC from other pages), and the renderer's own api.ts calling through the frozen
// bridge, as the desktop window does.

import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../../src-main/contract/api.ts';
import { METHODS } from '../../src-main/contract/methods.ts';
import { START_URL } from '../../src-main/electron/app-origin.ts';
import { CONTENT_SECURITY_POLICY } from '../../src-main/contract/csp.ts';
import { EVENT_CHANNEL } from '../../src-main/electron/channels.ts';
import { launchMain, type DesktopMain } from './harness.ts';
import { runPreloadIn, type Deliver } from './preload-world.ts';

/** The renderer's module, loaded as the page loads it (it reads window.backprop at import time).
 * Its path is not a literal, so this Node-typed project does not typecheck DOM code. */
const RENDERER_API = '../../src-renderer/lib/api.ts';
function importRendererApi(): Promise<{ api: Api; ApiCallError: new (...args: never[]) => Error }> {
  return import(RENDERER_API);
}

let main: DesktopMain;
beforeAll(async () => {
  main = await launchMain();
});
afterAll(async () => {
  await main?.kill();
});

describe('the window', () => {
  it('opens one window on app://renderer/ with every security setting on and a real preload', async () => {
    const state = await main.state();
    expect(state.windows).toHaveLength(1);
    const [window] = state.windows;
    expect(window.url).toBe(START_URL);
    expect(window.visible).toBe(true);
    const prefs = window.options.webPreferences ?? {};
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });
    expect(prefs).not.toHaveProperty('allowRunningInsecureContent');
    expect(prefs).not.toHaveProperty('experimentalFeatures');
    expect(existsSync(String(prefs.preload))).toBe(true);
    expect(String(prefs.preload)).toMatch(/preload\.cjs$/);
  });

  it('registered app:// as a privileged scheme before ready, and serves it', async () => {
    const state = await main.state();
    expect(state.privilegedSchemes).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    expect(state.handledSchemes).toEqual(['app']);
  });
});

describe('app://renderer/', () => {
  it('answers every file with the Content-Security-Policy header', async () => {
    const index = await main.protocol(START_URL);
    expect(index.status).toBe(200);
    const headers = new Map(index.headers);
    expect(headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(headers.get('content-type')).toMatch(/^text\/html/);
    const html = new TextDecoder().decode(index.body);
    const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const js = await main.protocol(`app://renderer/${script}`);
    expect(js.status).toBe(200);
    expect(new Map(js.headers).get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('serves nothing outside the renderer folder and nothing but reads', async () => {
    expect((await main.protocol('app://renderer/..%2F..%2Fpackage.json')).status).toBe(404);
    expect((await main.protocol('app://elsewhere/index.html')).status).toBe(404);
    expect((await main.protocol(START_URL, 'POST')).status).toBe(405);
  });
});

describe('what the app refuses', () => {
  it('navigation away, new windows, <webview> and every permission', async () => {
    expect(await main.command('navigate', { url: 'https://example.com/' })).toBe(false);
    expect(await main.command('navigate', { url: 'app://renderer/other.html' })).toBe(false);
    expect(await main.command('windowOpen', { url: 'https://example.com/' })).toBe('deny');
    expect(await main.command('attachWebview')).toBe(false);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read'])
      expect(await main.command('permission', { permission })).toEqual({
        requested: false,
        checked: false,
      });
  });

  it('IPC from any page but its own, or from a frame that is gone', async () => {
    for (const sender of ['https://evil.example/', 'file:///index.html', 'app://other/', null]) {
      const result = await main.call('listRuns', {}, sender);
      expect(result, String(sender)).toEqual({
        ok: false,
        error: expect.objectContaining({ code: 'invalid-request' }),
      });
    }
    expect(await main.call('listRuns', {})).toEqual({ ok: true, value: [] });
  });
});

describe("the renderer's api.ts through the frozen bridge", () => {
  let api: Api;
  let world: { backprop?: Api };
  let deliver: Deliver;

  beforeAll(async () => {
    world = {};
    deliver = runPreloadIn(world, async (channel, args) => {
      const result = await main.command('invoke', { channel, args, senderUrl: START_URL });
      return result;
    });
    main.onNote((note) => {
      if (note.type === 'send') deliver(String(note.channel), note.args as unknown[]);
    });
    (globalThis as { window?: unknown }).window = world;
    ({ api } = await importRendererApi());
  });
  afterAll(() => {
    delete (globalThis as { window?: unknown }).window;
  });

  it('finds window.backprop frozen, as contextBridge leaves it', () => {
    expect(Object.isFrozen(world.backprop)).toBe(true);
    expect(Object.getOwnPropertyDescriptor(world, 'backprop')).toMatchObject({
      writable: false,
      configurable: false,
    });
    expect(Object.keys(world.backprop ?? {}).sort()).toEqual([...METHODS, 'onEvent'].sort());
  });

  it('answers every kind of request', async () => {
    expect(await api.listRuns({})).toEqual([]);
    const datasets = await api.listDatasets({});
    expect(datasets.map((d) => d.name)).toContain('mnist');
  });

  it('rejects with the same typed error as browser mode', async () => {
    const { ApiCallError } = await importRendererApi();
    const failure = await api.getRun({ id: 999 }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApiCallError);
    expect(failure).toMatchObject({ code: 'not-found', message: expect.stringMatching(/999/) });
    const invalid = await api.setLearningRate({ id: 1, learningRate: -1 }).catch((e: unknown) => e);
    expect(invalid).toMatchObject({ code: 'invalid-request', field: 'learningRate' });
  });

  it('trains a run in a utility process and delivers its events to onEvent', async () => {
    const events: string[] = [];
    const off = api.onEvent((event) => events.push(event.type));
    const [mnist] = await api.listDatasets({});
    const { PRESETS } = await import('../../src-core/presets.ts');
    const run = await api.startRun({
      name: 'desktop one epoch',
      preset: null,
      config: { ...PRESETS.quick, layers: [16], activations: ['relu'], epochs: 1 },
      datasetId: mnist.id,
    });
    const ended = await main.waitFor(
      (n) =>
        n.type === 'send' &&
        n.channel === EVENT_CHANNEL &&
        (n.args as { type: string; runId?: number }[])[0]?.type === 'ended',
      120_000,
    );
    off();
    expect((ended.args as { status: string }[])[0].status).toBe('completed');
    const detail = await api.getRun({ id: run.id });
    expect(detail.status).toBe('completed');
    expect(detail.epochs).toHaveLength(1);
    expect(events).toContain('runsChanged');
    expect(events).toContain('epoch');
  });
});

describe('quitting', () => {
  it('quits cleanly when asked, like closing the app', async () => {
    expect(await main.quit()).toBe(0);
  });
});
