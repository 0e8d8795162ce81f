// The desktop window, played by Chromium: the page the main process loads is fetched from its
// real app:// protocol handler, the real preload runs before the page behind the stand-in's
// frozen contextBridge, and ipcRenderer.invoke reaches the real main-process handlers.
//
// Chromium here cannot register a custom scheme, so the page lives at http://renderer.localhost/
// (a secure context, like app://) and every address is translated to app://renderer/ and back:
// the protocol handler sees, and IPC senders carry, the app:// address Electron would give.

import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../e2e/harness.ts';
import { launchMain, type DesktopMain } from './harness.ts';
import { preloadScript } from './preload-world.ts';

const PAGE_ORIGIN = 'http://renderer.localhost';
const INVOKE = '__electronStandInInvoke';
const DELIVER = 'electron-stand-in.deliver';

export const toAppUrl = (pageUrl: string): string => {
  const url = new URL(pageUrl);
  return url.origin === PAGE_ORIGIN
    ? `app://renderer${url.pathname}${url.search}${url.hash}`
    : pageUrl;
};
const toPageUrl = (appUrl: string): string => appUrl.replace(/^app:\/\/renderer/, PAGE_ORIGIN);

export interface WindowOptions {
  readonly viewport?: { width: number; height: number };
  readonly colorScheme?: 'light' | 'dark';
}

/** Opens the main process's window in Chromium and waits until it has loaded. The main process
 * must have been launched with `page: 'external'`. */
export async function openDesktopWindow(
  browser: Browser,
  main: DesktopMain,
  options: WindowOptions = {},
): Promise<Page> {
  const context: BrowserContext = await browser.newContext({
    viewport: options.viewport ?? { width: 1280, height: 800 },
    colorScheme: options.colorScheme ?? 'light',
  });
  // Nothing leaves the window but requests to the app itself.
  await context.route('**/*', (route) => route.abort('blockedbyclient'));
  await context.route(`${PAGE_ORIGIN}/**`, async (route) => {
    const request = route.request();
    const answer = await main.protocol(toAppUrl(request.url()), request.method());
    await route.fulfill({
      status: answer.status,
      headers: Object.fromEntries(answer.headers),
      body: Buffer.from(answer.body),
    });
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => {
    throw error;
  });
  await page.exposeBinding(INVOKE, (source, channel: string, args: unknown[]) =>
    main.command('invoke', { channel, args, senderUrl: toAppUrl(source.frame.url()) }),
  );
  await page.addInitScript({ content: preloadScript(INVOKE, DELIVER) });
  // webContents.send → the preload's ipcRenderer listeners.
  main.onNote((note) => {
    if (note.type !== 'send' || page.isClosed()) return;
    page
      .evaluate(
        ([key, channel, args]) =>
          (globalThis as unknown as Record<symbol, (c: string, a: unknown[]) => void>)[
            Symbol.for(key)
          ]?.(channel, args),
        [DELIVER, String(note.channel), note.args as unknown[]] as const,
      )
      .catch(() => {});
  });
  const load = await main.waitFor((note) => note.type === 'loadURL');
  await page.goto(toPageUrl(String(load.url)));
  // did-finish-load: the main process starts sending events to the window.
  await main.command('loaded', { window: load.window, url: load.url });
  return page;
}

export interface DesktopApp {
  readonly main: DesktopMain;
  readonly browser: Browser;
  readonly page: Page;
  /** Closes the window and ends the main process: the end of every file's tests. */
  close(): Promise<void>;
}

/** The whole desktop app for a test file: its main process, and its window in Chromium. */
export async function startDesktopApp(options: WindowOptions = {}): Promise<DesktopApp> {
  const main = await launchMain({ page: 'external' });
  const browser = await launchBrowser();
  const page = await openDesktopWindow(browser, main, options);
  return {
    main,
    browser,
    page,
    close: async () => {
      await browser.close();
      await main.kill();
    },
  };
}
