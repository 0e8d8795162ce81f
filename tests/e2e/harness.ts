// What every browser test needs: `backprop-lab serve` on a fresh database and a free port, and
// Debian's Chromium driven by playwright-core, as a user would open the printed address.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
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

/** Starts `backprop-lab serve --port 0` on a fresh database (or on `db`, as a restarted app
 * would) and waits for its address. */
export async function serve(db?: string): Promise<Served> {
  const dir = mkdtempSync(join(tmpdir(), 'bpl-e2e-'));
  db ??= join(dir, 'runs.sqlite');
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--db', db, '--json'], {
    stdio: ['ignore', 'pipe', 'pipe'],
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

/** Polls until every run has completed; throws as soon as one ends otherwise, or at `timeout`. */
export async function waitForRuns(
  page: Page,
  ids: readonly number[],
  timeout: number,
): Promise<void> {
  const end = Date.now() + timeout;
  for (;;) {
    const runs = await Promise.all(
      ids.map((id) => callApi<{ status: string }>(page, 'getRun', { id })),
    );
    if (runs.every((r) => r.status === 'completed')) return;
    if (
      Date.now() > end ||
      runs.some((r) => r.status !== 'completed' && r.status !== 'running' && r.status !== 'queued')
    )
      throw new Error(`runs did not complete: ${runs.map((r) => r.status).join(', ')}`);
    await new Promise((r) => setTimeout(r, 250));
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
