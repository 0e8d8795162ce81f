// A run's notes and tags in Chromium: written on the run's page, seen in full there, in the Runs
// table (never clipped without a way to read them) and in "Export all as CSV"; tags ignore case.
// And the Runs table with a run training keeps every button inside a 1280 or 1024 px window.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, openRun, screenshot, startRun, useApp } from './harness.ts';
import { seed } from './seed-runs.ts';

const NOTES =
  'Adam at 0.002 with a 128-64 network: the baseline every later run is measured against, ' +
  'so keep its settings unchanged.\nSecond line: validation peaked at epoch 4, "then flat".';

/** How far the page or the table's scroll box is wider than what it shows (0 when it fits). */
const overflow = (page: Page) =>
  page.evaluate(`(() => {
    const over = (e) => (e === null ? -1 : e.scrollWidth - e.clientWidth);
    return {
      main: over(document.querySelector('main')),
      page: over(document.documentElement),
      table: over(document.querySelector('table')?.parentElement ?? null),
    };
  })()`);

describe('Runs: notes and tags', () => {
  const app = useApp({
    seed: (server) =>
      seed(server.db, [
        { name: 'first adam', tags: ['adam'], accuracy: 0.97 },
        { name: 'quick baseline', accuracy: 0.975 },
        { name: 'Best MLP', preset: 'best', config: { epochs: 2 }, tags: ['Wide'], accuracy: 0.98 },
      ]),
  });
  const ids = app.ids;
  let page: Page;
  beforeAll(async () => {
    page = await app.open();
    await page.getByRole('table').waitFor();
  });

  it('writes notes and tags on the run’s page and shows the notes in full', async () => {
    await openRun(page, ids[1]);
    const section = page.getByRole('region', { name: 'Notes and tags' });
    await section.getByText('Nothing written yet.').waitFor();
    await section.getByRole('button', { name: 'Add notes or tags' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit run' });
    await dialog.waitFor();
    await dialog.getByLabel('Notes').fill(NOTES);
    // "Adam" is the tag "adam" another run has; "wide" is Best MLP's "Wide".
    await dialog.getByLabel('Tags').fill('Adam, baseline, wide, ADAM');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });

    await expect.poll(() => section.getByTestId('run-notes').textContent()).toBe(NOTES);
    expect(await section.locator('.tag').allTextContents()).toEqual(['Wide', 'adam', 'baseline']);
    // Focus returns to the button that opened the dialog.
    expect(await page.evaluate('document.activeElement?.textContent?.trim()')).toBe(
      'Edit notes and tags',
    );
    // Wrapped inside the card, not running past it.
    const fits = await section.evaluate((e) => e.scrollWidth <= e.clientWidth);
    expect(fits).toBe(true);
    await page.setViewportSize({ width: 1600, height: 1000 });
    await screenshot(page, 'run-notes-wide');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'run-notes-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 1024, height: 700 });
    await section.scrollIntoViewIfNeeded();
    expect(await section.evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);
    await screenshot(page, 'run-notes-1024');
  });

  it('edits them again from the run’s page, starting from what is saved', async () => {
    const section = page.getByRole('region', { name: 'Notes and tags' });
    await section.getByRole('button', { name: 'Edit notes and tags' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit run' });
    expect(await dialog.getByLabel('Notes').inputValue()).toBe(NOTES);
    expect(await dialog.getByLabel('Tags').inputValue()).toBe('Wide, adam, baseline');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
  });

  it('lists the tags once whatever their case, and readable in the table', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.evaluate(`location.hash = '#/runs'`);
    await page.getByRole('table').waitFor();
    expect(await page.getByLabel('Tag').locator('option').allTextContents()).toEqual([
      'Any tag',
      'adam',
      'baseline',
      'Wide',
    ]);
    await page.getByLabel('Tag').selectOption('adam');
    await expect
      .poll(async () => (await page.locator('tbody td:nth-child(2) > a').allTextContents()).sort())
      .toEqual(['first adam', 'quick baseline']);
    await page.getByLabel('Tag').selectOption('');

    const row = page.getByRole('row', { name: /quick baseline/ });
    // What does not fit on the row's one line is in its tooltip, and one click away in full.
    const meta = row.getByTestId('run-meta');
    expect(await meta.getAttribute('title')).toBe(`Tags: Wide, adam, baseline\n${NOTES}`);
    await row.getByRole('link', { name: /notes of quick baseline/i }).click();
    await page.waitForURL(new RegExp(`#/runs/${ids[1]}$`));
    await page.getByRole('region', { name: 'Notes and tags' }).waitFor();
    await page.goBack();
    await page.getByRole('table').waitFor();
    await screenshot(page, 'runs-notes-table');
  });

  it('exports them with every run', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export all as CSV' }).click(),
    ]);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv.split('\r\n')[0]).toMatch(/,created,tags,notes$/);
    const quoted = `"${NOTES.replaceAll('"', '""')}"`;
    expect(csv).toContain(`,"Wide, adam, baseline",${quoted}\r\n`);
    const best = csv.split('\r\n').find((l) => l.includes('Best MLP'));
    expect(best).toMatch(/,Wide,$/);
  });
});

describe('Runs: a run training in a 1280 or 1024 px window', () => {
  const app = useApp();
  let page: Page;
  let running: number;

  beforeAll(async () => {
    page = await app.open();
    // Before the seeded runs add their dataset, so it trains on the built-in MNIST.
    running = await startRun(page, 'training now, with a long name too', { epochs: 50 });
    seed(app.server.db, [
      { name: 'a finished run with a long name to fill its column', accuracy: 0.97 },
      { name: 'another', tags: ['adam', 'baseline', 'seeds'], notes: 'a note' },
    ]);
    await page.reload();
  });
  afterAll(async () => {
    await callApi(page, 'cancelRun', { id: running }).catch(() => undefined);
  });

  it('lists a run that is training, paused', async () => {
    const status = async () =>
      (await callApi<{ status: string }>(page, 'getRun', { id: running })).status;
    await expect.poll(status, { timeout: 90_000 }).toBe('running');
    await callApi(page, 'pauseRun', { id: running });
    // Paused is the longest badge: "running · paused, epoch 1/50".
    await page
      .getByRole('row', { name: /training now/ })
      .getByText(/paused/)
      .waitFor();
  }, 120_000);

  for (const [width, height] of [
    [1280, 800],
    [1024, 700],
  ] as const) {
    it(`keeps the table and its buttons inside ${width} px`, async () => {
      await page.setViewportSize({ width, height });
      await expect.poll(() => overflow(page)).toEqual({ main: 0, page: 0, table: 0 });
      const rights = await page
        .locator('td.actions')
        .evaluateAll((cells) =>
          cells.flatMap((c) => [...c.children].map((b) => b.getBoundingClientRect().right)),
        );
      expect(rights.length).toBe(9);
      // Every row keeps the one height the table's scrolling counts on: nothing wraps.
      const heights = await page
        .locator('tbody tr')
        .evaluateAll((rows) => rows.map((r) => r.getBoundingClientRect().height));
      expect(new Set(heights)).toEqual(new Set([52]));
      const another = page.getByRole('row', { name: /another/ });
      expect(await another.locator('.tag').allTextContents()).toEqual([
        'adam',
        '+2 more: baseline, seeds',
      ]);
      // Its notes show at least their start, inside the cell, however narrow the window.
      const notes = await another.getByRole('link', { name: /notes of another/i }).boundingBox();
      const meta = await another.getByTestId('run-meta').boundingBox();
      if (notes === null || meta === null) throw new Error('no notes on the row');
      expect(notes.x + notes.width).toBeLessThanOrEqual(meta.x + meta.width + 1);
      for (const right of rights) expect(right).toBeLessThanOrEqual(width);
      await screenshot(page, `runs-running-${width}`);
    });
  }
});
