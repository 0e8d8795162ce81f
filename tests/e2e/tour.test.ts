// A tour of every view as a learner would take it (each view opened, each part of a run's page
// used, each dialog opened and closed) that fails on any console error, uncaught page error,
// failed request or answer of 400 and up: a 404 for an icon or a refused style is a defect too.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { line, pad, stroke } from './drawing.ts';
import { fitViewport, openRun, screenshot, SMALL, useApp } from './harness.ts';

const app = useApp({
  runs: {
    'tour one': { ...SMALL, epochs: 2 },
    'tour two': { ...SMALL, epochs: 2, learningRate: 0.005 },
  },
});
const ids = app.ids;

/** A page that writes down every problem a learner would not see but should not happen. */
async function watchedPage(): Promise<{ page: Page; problems: string[] }> {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`${r.status()}: ${r.url()}`);
  });
  await page.goto(app.server.url);
  return { page, problems };
}

const nav = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();

/** Opens a dialog with the button `button`, saves a screenshot, and closes it with Cancel. */
async function openAndCancel(page: Page, button: string, title: string, shot: string) {
  await page.getByRole('button', { name: button }).click();
  const dialog = page.getByRole('dialog', { name: title });
  await dialog.waitFor();
  await screenshot(page, shot);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'hidden' });
}

describe('tour', () => {
  it('visits every view and dialog without a console error or a failed request', async () => {
    const { page, problems } = await watchedPage();

    // Runs, and its dialogs: edit (cancelled), delete (cancelled), import (file picker closed).
    await page.getByRole('row', { name: /tour two/ }).waitFor();
    await screenshot(page, 'tour-runs');
    await openAndCancel(page, 'Edit tour one', 'Edit run', 'tour-edit-dialog');
    await openAndCancel(page, 'Delete tour one', 'Delete “tour one”?', 'tour-delete-dialog');
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      page.getByRole('button', { name: 'Import data…' }).click(),
    ]);
    await chooser.setFiles([]);

    // New run.
    await nav(page, 'New run');
    await page.getByRole('button', { name: 'Start training' }).waitFor();
    await screenshot(page, 'tour-new-run');

    // A finished run's page, part by part.
    await openRun(page, ids[0]);
    await page.getByRole('figure', { name: 'Loss' }).waitFor();
    await page.getByRole('button', { name: /^True 4, predicted 4: / }).click();
    const cell = page.getByRole('region', { name: /^True 4 read right/ });
    await cell.getByRole('list').waitFor();
    await cell
      .getByRole('button', { name: /^Look inside the network with test image \d+$/ })
      .first()
      .click();
    await page.getByText(/^Output \(softmax\): the answer is \d$/).waitFor();
    await cell.getByRole('button', { name: 'Close' }).click();
    const check = page.getByRole('region', { name: 'Gradient check' });
    await check.getByRole('button', { name: 'Gradient check' }).click();
    await check.getByRole('status').waitFor();
    const exports = page.getByRole('region', { name: 'Export' });
    await Promise.all([
      page.waitForEvent('download'),
      exports.getByRole('button', { name: 'Metrics (CSV)' }).click(),
    ]);
    await page.getByRole('region', { name: 'History' }).scrollIntoViewIfNeeded();
    await fitViewport(page);
    await screenshot(page, 'tour-run');
    await page.setViewportSize({ width: 1280, height: 800 });

    // Compare, with both runs.
    await page.evaluate(`location.hash = '#/compare?ids=${ids.join(',')}'`);
    await page.getByRole('figure', { name: 'Loss' }).waitFor();
    await page.getByRole('table', { name: 'Settings' }).getByText('tour two').first().waitFor();
    await fitViewport(page);
    await screenshot(page, 'tour-compare');
    await page.setViewportSize({ width: 1280, height: 800 });

    // Draw, with a digit drawn.
    await nav(page, 'Draw');
    await pad(page).waitFor();
    await stroke(page, line(140, 40, 140, 240));
    await page
      .getByRole('img', { name: /^The drawing/ })
      .first()
      .waitFor();
    await screenshot(page, 'tour-draw');

    // What is still on its way (a thumbnail, an event) has time to fail before the count.
    await page.waitForTimeout(500);
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
