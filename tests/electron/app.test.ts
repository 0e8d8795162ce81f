// The desktop app end to end through Playwright's _electron, where an Electron binary is
// installed (never downloaded here: see scripts/electron-binary.ts). It runs the unpackaged app,
// because the packaged one's fuses turn off the inspector Playwright drives it with.

import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installedElectron, PROJECT_ROOT } from '../../scripts/electron-binary.ts';

const executablePath = installedElectron();
const headlessLinux =
  process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
const skipReason =
  executablePath === null
    ? 'skipped: the Electron binary is not installed here (npx install-electron --no installs it)'
    : headlessLinux
      ? 'skipped: no display (run under xvfb-run)'
      : null;

function npmRun(script: string): void {
  const npmCli = process.env.npm_execpath;
  const result = npmCli
    ? spawnSync(process.execPath, [npmCli, 'run', script], { cwd: PROJECT_ROOT, stdio: 'inherit' })
    : spawnSync('npm', ['run', script], {
        cwd: PROJECT_ROOT,
        stdio: 'inherit',
        shell: process.platform === 'win32',
      });
  if (result.status !== 0) throw new Error(`npm run ${script} failed`);
}

describe.skipIf(skipReason !== null)(
  `the desktop app${skipReason ? ` (${skipReason})` : ''}`,
  () => {
    let app: ElectronApplication;
    let page: Page;

    beforeAll(async () => {
      npmRun('build:renderer');
      npmRun('build:electron');
      const database = path.join(mkdtempSync(path.join(tmpdir(), 'bpl-electron-')), 'runs.sqlite');
      app = await _electron.launch({
        executablePath: executablePath as string,
        args: ['.'],
        cwd: PROJECT_ROOT,
        env: { ...process.env, BACKPROP_LAB_DB: database },
      });
      page = await app.firstWindow();
      await page.waitForLoadState('domcontentloaded');
    });

    afterAll(async () => {
      await app?.close();
    });

    it('opens one window titled Backprop Lab, named so for userData', async () => {
      // The view comes first once the renderer has started ("Runs · Backprop Lab").
      expect(await page.title()).toMatch(/(^| · )Backprop Lab$/);
      expect(app.windows()).toHaveLength(1);
      const userData = await app.evaluate(({ app }) => app.getPath('userData'));
      expect(path.basename(userData)).toBe('Backprop Lab');
    });

    it('gives the page window.backprop and no Node', async () => {
      expect(await page.evaluate('typeof window.backprop.listRuns')).toBe('function');
      expect(await page.evaluate('typeof require')).toBe('undefined');
      expect(await page.evaluate('typeof process')).toBe('undefined');
      expect(await page.evaluate('window.backprop.listRuns({})')).toEqual([]);
    });

    it('stays on the app when the page tries to navigate away', async () => {
      const start = page.url();
      await page.evaluate("location.href = 'https://example.com/'");
      await page.waitForTimeout(1000);
      expect(page.url()).toBe(start);
      expect(start).toMatch(/^app:\/\/renderer\//);
    });
  },
);
