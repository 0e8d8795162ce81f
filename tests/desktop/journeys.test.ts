// The journeys that matter most, in Chromium against the desktop wiring instead of browser mode:
// the real renderer bundle from the real app:// handler, the real preload behind a frozen bridge,
// IPC to the real main process, training in its utility process. A learner trains from New run
// and watches it live, opens a confusion cell, trains again and compares, and draws a digit.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { column, line, preview, stroke, topOf } from '../e2e/drawing.ts';
import { screenshot } from '../e2e/harness.ts';
import {
  openConfusionMistake,
  trainAgainAndCompare,
  trainFromNewRun,
} from '../e2e/learner-steps.ts';
import { startDesktopApp, type DesktopApp } from './window.ts';

let app: DesktopApp;
let page: Page;

beforeAll(async () => {
  app = await startDesktopApp();
  ({ page } = app);
}, 120_000);

afterAll(() => app?.close());

describe('the desktop window', () => {
  it('runs the renderer behind the frozen bridge, with no Node in the page', async () => {
    expect(await page.title()).toBe('Runs · Backprop Lab');
    expect(await page.evaluate('Object.isFrozen(window.backprop)')).toBe(true);
    expect(await page.evaluate('typeof require')).toBe('undefined');
    expect(await page.evaluate('typeof process')).toBe('undefined');
    expect(await page.evaluate('typeof window.ipcRenderer')).toBe('undefined');
  });

  it('trains from New run and shows the curves live until it completes', async () => {
    await trainFromNewRun(page, 'desktop first');
  }, 200_000);

  it('opens a confusion cell and sees its images', async () => {
    await openConfusionMistake(page, 'desktop first', 'desktop-confusion');
  });

  it('trains again and compares the two runs', async () => {
    await trainAgainAndCompare(page, 'desktop first', 'desktop second', 'desktop-compare');
  }, 200_000);

  it('reads a drawn 1 on the drawing pad', async () => {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Draw' })
      .click();
    await column(page, 1).waitFor();
    await stroke(page, line(140, 40, 140, 240));
    await preview(page)
      .and(page.getByRole('img', { name: /^The drawing/ }))
      .waitFor();
    await expect.poll(() => topOf(column(page, 1))).toBe('1');
    await screenshot(page, 'desktop-draw');
  });
});
