// Importing data in the desktop wiring, with the native file dialog answered by the test: the
// blog's Kaggle-style CSV through "Import data…" in New run and through File › Import data…,
// trained one epoch; a malformed CSV shows file and line, and nothing is saved.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMnist } from '../../src-main/data/load.ts';
import { callApi, hash, screenshot, waitForRuns } from '../e2e/harness.ts';
import { csvHeader, csvRow, toCsv } from '../fixtures/data/build.ts';
import type { DesktopMain } from './harness.ts';
import { startDesktopApp, type DesktopApp } from './window.ts';

let app: DesktopApp;
let main: DesktopMain;
let page: Page;
let files: string;

const datasetNames = async () =>
  (await callApi<{ name: string }[]>(page, 'listDatasets', {})).map((d) => d.name);
const chosenDataset = () => page.getByLabel('Dataset').locator('option:checked').textContent();

beforeAll(async () => {
  files = mkdtempSync(join(tmpdir(), 'bpl-desktop-files-'));
  const { train } = loadMnist();
  const csv = (count: number, offset: number) =>
    toCsv({
      count,
      labels: train.labels.subarray(offset, offset + count),
      images: train.images.subarray(offset * 784, (offset + count) * 784),
    });
  writeFileSync(join(files, 'kaggle-300.csv'), csv(300, 0));
  writeFileSync(join(files, 'kaggle-menu.csv'), csv(200, 300));
  writeFileSync(
    join(files, 'broken.csv'),
    [csvHeader(), csvRow(3), csvRow(4), csvRow(5).replace(',0,', ',dark,')].join('\n'),
  );
  app = await startDesktopApp();
  ({ main, page } = app);
}, 120_000);

afterAll(() => app?.close());

describe('Import data… in the desktop app', () => {
  it('opens the native dialog from New run, imports the CSV and trains it one epoch', async () => {
    await page.evaluate(`location.hash = '#/new'`);
    await page.getByRole('button', { name: 'Start training' }).waitFor();
    await main.answerDialog([join(files, 'kaggle-300.csv')]);
    await page.getByRole('button', { name: 'Import data…' }).click();
    const dialog = await main.waitFor((n) => n.type === 'dialog');
    expect(dialog.options).toMatchObject({ properties: expect.arrayContaining(['openFile']) });
    await expect.poll(chosenDataset, { timeout: 20_000 }).toContain('kaggle-300');
    await page.getByLabel('Epochs', { exact: true }).fill('1');
    await page.getByLabel('Validation images').fill('30');
    await page.getByRole('button', { name: 'Start training' }).click();
    await expect.poll(() => hash(page), { timeout: 10_000 }).toMatch(/^#\/runs\/\d+$/);
    const id = Number((await hash(page)).split('/').at(-1));
    await waitForRuns(page, [id], 60_000);
    const run = await callApi<{ datasetName: string }>(page, 'getRun', { id });
    expect(run.datasetName).toBe('kaggle-300');
  }, 90_000);

  it('imports from File › Import data…, and New run offers it at once', async () => {
    await page.evaluate(`location.hash = '#/new'`);
    await page.getByRole('button', { name: 'Start training' }).waitFor();
    await main.answerDialog([join(files, 'kaggle-menu.csv')]);
    await main.clickMenu('&File', 'Import data…');
    await expect.poll(chosenDataset, { timeout: 20_000 }).toContain('kaggle-menu');
    expect(await datasetNames()).toEqual(expect.arrayContaining(['kaggle-300', 'kaggle-menu']));
    await screenshot(page, 'desktop-import-menu');
  });

  it('shows a malformed CSV by file and line, and saves nothing', async () => {
    const before = await datasetNames();
    await main.answerDialog([join(files, 'broken.csv')]);
    await page.getByRole('button', { name: 'Import data…' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Could not import' });
    await alert.waitFor({ timeout: 20_000 });
    expect(await alert.textContent()).toMatch(
      /broken\.csv, line 4, column 2 \(pixel0\): "dark" is not a whole number 0–255/,
    );
    expect(await datasetNames()).toEqual(before);
    await screenshot(page, 'desktop-import-error');
  });

  it('does nothing when the dialog is cancelled', async () => {
    const before = await datasetNames();
    const dialogs = () => main.notes.filter((n) => n.type === 'dialog').length;
    const shown = dialogs();
    await main.answerDialog(null);
    await page.getByRole('button', { name: 'Import data…' }).click();
    await expect.poll(dialogs).toBe(shown + 1);
    await expect
      .poll(() => page.getByRole('button', { name: 'Import data…' }).isEnabled())
      .toBe(true);
    expect(await page.getByRole('alert').filter({ hasText: 'Could not import' }).count()).toBe(0);
    expect(await datasetNames()).toEqual(before);
  });
});
