// Importing data in browser mode, as a user would: "Import data…" picks a file, the upload shows
// its progress, the dataset appears in New run's list and trains; a malformed CSV is explained
// by file and line next to the button, and nothing is saved.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadMnist } from '../../src-main/data/load.ts';
import { csvHeader, csvRow, toCsv } from '../fixtures/data/build.ts';
import {
  callApi,
  fitViewport,
  hash,
  openPage,
  screenshot,
  useApp,
  waitForRuns,
} from './harness.ts';

describe('Import data', () => {
  const app = useApp({ timeout: 60_000 });
  let page: Page;
  let cdp: CDPSession;
  let files: string;

  const kept = () => {
    const folder = join(app.server.dir, 'datasets');
    return existsSync(folder) ? readdirSync(folder) : [];
  };
  const datasetNames = async () =>
    (await callApi<{ name: string }[]>(page, 'listDatasets', {})).map((d) => d.name);

  /** Clicks "Import data…" and answers the browser's file picker with `paths`. */
  async function importFiles(paths: string[]): Promise<void> {
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Import data…' }).click();
    await (await chooser).setFiles(paths);
  }

  beforeAll(async () => {
    files = join(app.server.dir, 'downloads');
    mkdirSync(files);
    // The blog's Kaggle-style CSV: a header row, then label and 784 pixels per line.
    const { train } = loadMnist();
    const count = 300;
    writeFileSync(
      join(files, 'kaggle-300.csv'),
      toCsv({
        count,
        labels: train.labels.subarray(0, count),
        images: train.images.subarray(0, count * 784),
      }),
    );
    writeFileSync(
      join(files, 'broken.csv'),
      [csvHeader(), csvRow(3), csvRow(4), csvRow(5).replace(',0,', ',dark,')].join('\n'),
    );
    page = await openPage(app.browser, `${app.server.url}#/runs`);
    await page.getByRole('heading', { name: 'Runs', exact: true }).waitFor();
    // A slow link, so the upload lasts long enough to watch (about 2 s for this file).
    cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: 250 * 1024,
    });
  }, 60_000);

  it('uploads a CSV from Runs with a progress bar, and offers to train on it', async () => {
    await importFiles([join(files, 'kaggle-300.csv')]);
    const bar = page.getByRole('progressbar', { name: 'Uploading kaggle-300.csv' });
    await bar.waitFor();
    await expect
      .poll(async () => Number(await bar.getAttribute('value')), { timeout: 10_000 })
      .toBeGreaterThan(0);
    await screenshot(page, 'import-uploading');
    const status = page.getByRole('status').filter({ hasText: 'Imported' });
    await status.waitFor({ timeout: 20_000 });
    expect(await status.textContent()).toContain(
      'Imported “kaggle-300”: 300 training images of 28×28.',
    );
    expect(await bar.count()).toBe(0);
    await screenshot(page, 'import-done');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    expect(await datasetNames()).toContain('kaggle-300');
  }, 40_000);

  it('opens New run on the imported data, and it trains one epoch', async () => {
    await page.getByRole('link', { name: 'Start a run on it' }).click();
    await page.getByRole('button', { name: 'Start training' }).waitFor();
    expect(await page.getByLabel('Dataset').locator('option:checked').textContent()).toContain(
      'kaggle-300 (300 train / 0 test)',
    );
    await page.getByLabel('Epochs', { exact: true }).fill('1');
    await page.getByLabel('Validation images').fill('30');
    await fitViewport(page);
    await screenshot(page, 'import-new-run');
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByRole('button', { name: 'Start training' }).click();
    await expect.poll(() => hash(page), { timeout: 10_000 }).toMatch(/^#\/runs\/\d+$/);
    const id = Number((await hash(page)).split('/').at(-1));
    await waitForRuns(page, [id], 60_000);
    const run = await callApi<{ datasetName: string; status: string }>(page, 'getRun', { id });
    expect(run).toMatchObject({ datasetName: 'kaggle-300', status: 'completed' });
  }, 90_000);

  it('explains a malformed CSV by file and line beside the button, and saves nothing', async () => {
    await page.evaluate(`location.hash = '#/new'`);
    await page.getByRole('button', { name: 'Start training' }).waitFor();
    const before = [await datasetNames(), kept()];
    await importFiles([join(files, 'broken.csv')]);
    const alert = page.getByRole('alert').filter({ hasText: 'Could not import' });
    await alert.waitFor({ timeout: 20_000 });
    expect(await alert.textContent()).toBe(
      'Could not import: broken.csv, line 4, column 2 (pixel0): "dark" is not a whole number 0–255',
    );
    expect([await datasetNames(), kept()]).toEqual(before);
    // The form keeps its choice.
    expect(await page.getByLabel('Dataset').locator('option:checked').textContent()).toContain(
      'kaggle-300',
    );
    await page.getByLabel('Dataset', { exact: true }).scrollIntoViewIfNeeded();
    await screenshot(page, 'import-error');
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.getByLabel('Dataset', { exact: true }).scrollIntoViewIfNeeded();
    await screenshot(page, 'import-error-narrow');
    await page.evaluate(`location.hash = '#/runs'`);
    await page.getByRole('heading', { name: 'Runs', exact: true }).waitFor();
    await screenshot(page, 'import-runs-narrow');
  }, 40_000);
});
