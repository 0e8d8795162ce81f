// What every browser test needs: `backprop-lab serve` on a fresh database and a free port, and
// Debian's Chromium driven by playwright-core, as a user would open the printed address.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { TrainConfig } from '../../src-core/config.ts';
import { PRESETS } from '../../src-core/presets.ts';

const BIN = fileURLToPath(new URL('../../src-main/cli/bin.ts', import.meta.url));
export const SCREENSHOTS = fileURLToPath(
  new URL('../../test-results/screenshots/', import.meta.url),
);
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export interface Served {
  /** The address `serve` printed, token included. */
  readonly url: string;
  readonly origin: string;
  readonly db: string;
  readonly dir: string;
  readonly process: ChildProcess;
  stop(): Promise<number | null>;
}

export interface ServeOptions {
  /** Another server's database and folder, to start it again (see restart). */
  readonly dir?: string;
  readonly port?: number;
  /** Passed as BACKPROP_LAB_TOKEN; a new random one otherwise. */
  readonly token?: string;
}

/** Starts `backprop-lab serve --port 0` on a fresh database and waits for its address. */
export async function serve(options: ServeOptions = {}): Promise<Served> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'bpl-e2e-'));
  const db = join(dir, 'runs.sqlite');
  const port = String(options.port ?? 0);
  const env = { ...process.env, BACKPROP_LAB_TOKEN: options.token };
  if (options.token === undefined) delete env.BACKPROP_LAB_TOKEN;
  const child = spawn(process.execPath, [BIN, 'serve', '--port', port, '--db', db, '--json'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.includes('"listening"'));
      if (line !== undefined) resolve((JSON.parse(line) as { url: string }).url);
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    url,
    origin: new URL(url).origin,
    db,
    dir,
    process: child,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGINT');
      return exited;
    },
  };
}

/** Stops `server` and starts it again on the same database and port: with the same token (open
 * tabs keep working) or a new one (as every plain restart of `serve` does). */
export async function restart(server: Served, token: 'same' | 'new'): Promise<Served> {
  await server.stop();
  const url = new URL(server.url);
  return serve({
    dir: server.dir,
    port: Number(url.port),
    token: token === 'same' ? (url.searchParams.get('token') ?? undefined) : undefined,
  });
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** A page at 1280×800 that fails the test on any uncaught page error. */
export async function openPage(
  browser: Browser,
  url: string,
  colorScheme: 'light' | 'dark' = 'light',
): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme });
  const page = await context.newPage();
  page.on('pageerror', (error) => {
    throw error;
  });
  await page.goto(url);
  return page;
}

/** Saves a screenshot as test-results/screenshots/NAME.png (kept as a CI artifact, shown in the README). */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Closes the browser, then stops the server: the end of every file's tests. */
export async function shutDown(browser?: Browser, server?: Served): Promise<void> {
  await browser?.close();
  await server?.stop();
}

/** Calls the API from the page, as the app does: through window.backprop in the desktop window,
 * over HTTP in browser mode. A refused call throws its message. */
export function callApi<T>(page: Page, method: string, body: unknown): Promise<T> {
  return page.evaluate(
    async ({ method, body }) => {
      const bridge = (globalThis as { backprop?: Record<string, (r: unknown) => Promise<unknown>> })
        .backprop;
      if (bridge !== undefined) {
        try {
          return await bridge[method](body);
        } catch (error) {
          throw new Error((error as { message?: string }).message, { cause: error });
        }
      }
      const response = await fetch(`api/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      const result = (await response.json()) as {
        ok: boolean;
        value: unknown;
        error?: { message: string };
      };
      if (!result.ok) throw new Error(result.error?.message);
      return result.value;
    },
    { method, body },
  ) as Promise<T>;
}

/**
 * Starts a run on the first dataset through the API, as New run would: the Quick preset with
 * the settings in `config` changed. Returns the run's id.
 */
export async function startRun(
  page: Page,
  name: string,
  config: Partial<TrainConfig>,
): Promise<number> {
  const [dataset] = await callApi<{ id: number }[]>(page, 'listDatasets', {});
  const run = await callApi<{ id: number }>(page, 'startRun', {
    name,
    preset: null,
    config: { ...PRESETS.quick, ...config },
    datasetId: dataset.id,
  });
  return run.id;
}

/** One hidden layer of 16 units: a run that trains an epoch in seconds. Spread it, with `epochs`. */
export const SMALL: Partial<TrainConfig> = { layers: [16], activations: ['relu'], epochs: 1 };

/** A network big enough and batches small enough that a run streams progress for several
 * seconds an epoch (about 8 on the WebAssembly kernels with the machine to itself, 16 with CI
 * beside it: batches of 16 had become too quick to watch). Spread it, with `epochs`. */
export const STREAMING: Partial<TrainConfig> = {
  layers: [256, 128],
  activations: ['relu', 'relu'],
  batchSize: 4,
};

/** What a file (or a describe block) of browser tests shares; read it inside hooks and tests. */
export interface App {
  /** Replace it after a restart: the new one is stopped at the end. */
  server: Served;
  readonly browser: Browser;
  /** The ids of the runs `seed` saved, then of the `runs` trained, in the order given. */
  readonly ids: readonly number[];
  /** A new page at the app's address (see openPage). */
  open(colorScheme?: 'light' | 'dark'): Promise<Page>;
}

export interface AppOptions {
  /** Fills the fresh database before the browser starts; returns the ids of runs it saved. */
  readonly seed?: (server: Served) => readonly number[] | void;
  /** Runs started through the API and trained to completion before the tests (name → settings,
   * as startRun takes them). */
  readonly runs?: Record<string, Partial<TrainConfig>>;
  /** How long all that may take, in ms. */
  readonly timeout?: number;
}

/**
 * `serve` on a fresh database and Chromium for the tests of the file or describe block it is
 * called in: registers a beforeAll that starts them (then seeds, and trains `runs`)
 * and an afterAll that closes the browser and stops the server.
 */
export function useApp(options: AppOptions = {}): App {
  let server: Served | undefined;
  let browser: Browser | undefined;
  const ids: number[] = [];
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`useApp: no ${what} (read it inside a test)`);
    return value;
  };
  const app: App = {
    get server() {
      return ready(server, 'server');
    },
    set server(value) {
      server = value;
    },
    get browser() {
      return ready(browser, 'browser');
    },
    ids,
    open: (colorScheme) => openPage(app.browser, app.server.url, colorScheme),
  };
  const timeout = options.timeout ?? 120_000;
  beforeAll(async () => {
    server = await serve();
    ids.push(...(options.seed?.(server) ?? []));
    browser = await launchBrowser();
    const runs = Object.entries(options.runs ?? {});
    if (runs.length > 0) {
      const setUp = await app.open();
      const trained: number[] = [];
      for (const [name, config] of runs) trained.push(await startRun(setUp, name, config));
      await waitForRuns(setUp, trained, timeout);
      await setUp.context().close();
      ids.push(...trained);
    }
  }, timeout);
  afterAll(() => shutDown(browser, server));
  return app;
}

/** Polls the runs' statuses until `done` says so, and returns them; throws at `timeout`. */
async function pollStatuses(
  page: Page,
  ids: readonly number[],
  timeout: number,
  done: (statuses: string[]) => boolean,
): Promise<string[]> {
  const end = Date.now() + timeout;
  for (;;) {
    const statuses = await Promise.all(
      ids.map(async (id) => (await callApi<{ status: string }>(page, 'getRun', { id })).status),
    );
    if (done(statuses)) return statuses;
    if (Date.now() > end) throw new Error(`runs did not end in time: ${statuses.join(', ')}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const training = (status: string) => status === 'queued' || status === 'running';

/** Polls until none of the runs is queued or running; returns their statuses. */
export function waitForEnd(
  page: Page,
  ids: readonly number[],
  timeout = 120_000,
): Promise<string[]> {
  return pollStatuses(page, ids, timeout, (statuses) => !statuses.some(training));
}

/** Polls until every run has completed; throws as soon as one ends otherwise, or at `timeout`. */
export async function waitForRuns(
  page: Page,
  ids: readonly number[],
  timeout: number,
): Promise<void> {
  const statuses = await pollStatuses(
    page,
    ids,
    timeout,
    (s) =>
      s.every((status) => status === 'completed') ||
      s.some((status) => status !== 'completed' && !training(status)),
  );
  if (!statuses.every((status) => status === 'completed'))
    throw new Error(`runs did not complete: ${statuses.join(', ')}`);
}

/** Polls `check` every 100 ms until it holds; throws, naming `what`, at `timeout`. */
export async function waitUntil(
  check: () => Promise<boolean>,
  what: string,
  timeout = 60_000,
): Promise<void> {
  const end = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Opens a run's page by its address and waits for its title. */
export async function openRun(page: Page, id: number): Promise<void> {
  await page.evaluate(`location.hash = '#/runs/${id}'`);
  await page.getByRole('heading', { level: 1 }).waitFor();
}

/** The app scrolls inside its main area: a window as tall as the view shows all of it. */
export async function fitViewport(page: Page): Promise<void> {
  const height = (await page.evaluate(`document.querySelector('main').scrollHeight`)) as number;
  await page.setViewportSize({ width: 1280, height: Math.max(800, height) });
}

/** The part of the page's address from `#` on: the view and its query. */
export const hash = (page: Page) => page.evaluate('location.hash') as Promise<string>;
