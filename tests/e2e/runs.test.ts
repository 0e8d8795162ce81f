// The Runs view in Chromium, as a learner uses it: an empty history, a run started from New run
// that finishes and is renamed and deleted, a history to filter, sort, compare and export, and
// a thousand runs that still open at once.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { PRESETS } from '../../src-core/presets.ts';
import type { RunStatus } from '../../src-main/contract/rows.ts';
import { screenshot, useApp } from './harness.ts';
import { seed } from './seed-runs.ts';

const names = async (page: Page): Promise<string[]> =>
  page.locator('tbody td:nth-child(2) > a').allTextContents();

describe('Runs: a learner’s first run', () => {
  const app = useApp();
  let page: Page;
  beforeAll(async () => {
    page = await app.open();
  });

  it('says what to do while there are no runs', async () => {
    await expect
      .poll(() => page.getByRole('heading', { name: 'No runs yet' }).isVisible())
      .toBe(true);
    expect(await page.getByRole('link', { name: 'Start a new run' }).getAttribute('href')).toBe(
      '#/new',
    );
    await screenshot(page, 'runs-empty');
  });

  it('starts a small run from New run, opens its page, and lists it as completed', async () => {
    await page.getByRole('link', { name: 'Start a new run' }).click();
    await page.getByRole('button', { name: 'Remove hidden layer 2' }).click();
    await page.getByLabel('Hidden layer 1 size').fill('16');
    await page.getByLabel('Epochs', { exact: true }).fill('2');
    await page.getByLabel('Batch size').fill('64');
    expect(await page.getByLabel('Dataset').inputValue()).not.toBe('');
    await page.getByLabel('Name', { exact: true }).fill('my first net');
    await page.getByRole('button', { name: 'Start training' }).click();
    await page.waitForURL(/#\/runs\/\d+$/);

    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Runs' })
      .click();
    const row = page.getByRole('row', { name: /my first net/ });
    await row.waitFor();
    expect(await row.getByRole('cell').nth(3).textContent()).toBe('784-16-10');
    await row.getByText('completed').waitFor({ timeout: 110_000 });
    expect(await row.getByRole('cell').nth(5).textContent()).toBe('2/2');
    expect(await row.getByRole('cell').nth(6).textContent()).toMatch(/^\d+\.\d\d%$/);
  }, 180_000);

  it('renames the run in a dialog', async () => {
    await page.getByRole('button', { name: 'Edit my first net' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit run' });
    await dialog.waitFor();
    // The name field has the focus, ready to type.
    expect(await page.evaluate('document.activeElement?.id')).toBe('edit-name');
    await dialog.getByLabel('Name').fill('tiny 16');
    await dialog.getByLabel('Notes').fill('2 epochs, to see it work');
    await dialog.getByLabel('Tags').fill('tiny, first');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const row = page.getByRole('row', { name: /tiny 16/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('2 epochs, to see it work');
    // The row has room for one tag; a "+1" chip names the rest (to screen readers and on hover).
    expect(await row.locator('.tag').allTextContents()).toEqual(['first', '+1 more: tiny']);
    expect(await row.locator('.tag.more').getAttribute('title')).toBe('tiny');
  });

  it('deletes the run after asking, and is empty again', async () => {
    await page.getByRole('button', { name: 'Delete tiny 16' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete “tiny 16”?' });
    await dialog.waitFor();
    // The safe answer has the focus; Escape cancels and keeps the run.
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Cancel');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await page.getByRole('row', { name: /tiny 16/ }).count()).toBe(1);
    expect(await page.evaluate('document.activeElement?.textContent?.trim()')).toBe(
      'Delete tiny 16',
    );

    await page.getByRole('button', { name: 'Delete tiny 16' }).click();
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('heading', { name: 'No runs yet' }).waitFor();
  });
});

describe('Runs: a history', () => {
  const app = useApp({
    seed: (server) =>
      seed(server.db, [
        {
          name: 'The article, faithfully',
          preset: 'article',
          config: { epochs: 3 },
          accuracy: 0.912,
          seconds: 310,
          tags: ['blog'],
          notes: 'squared error, full batch',
        },
        { name: 'quick', accuracy: 0.9741, seconds: 38, tags: ['adam'] },
        {
          name: 'quick, seed 2',
          config: { seed: 2 },
          accuracy: 0.9752,
          seconds: 41,
          tags: ['adam', 'seeds'],
        },
        {
          name: 'Best MLP',
          preset: 'best',
          config: { epochs: 2 },
          accuracy: 0.9839,
          seconds: 265,
          tags: ['adam'],
        },
        {
          name: 'tanh 64',
          preset: null,
          config: { layers: [64], activations: ['tanh'], optimizer: 'momentum', epochs: 4 },
          accuracy: 0.9587,
          seconds: 52,
        },
        {
          name: 'sigmoid, SGD',
          preset: null,
          config: {
            layers: [100],
            activations: ['sigmoid'],
            optimizer: 'sgd',
            learningRate: 0.5,
            epochs: 4,
          },
          accuracy: 0.9402,
          seconds: 61,
          notes: 'slow start',
        },
        { name: 'too hot', preset: null, config: { learningRate: 5 }, status: 'failed' },
        { name: 'stopped early', status: 'cancelled' },
      ]),
  });
  const ids = app.ids;
  let page: Page;
  beforeAll(async () => {
    page = await app.open();
    await page.getByRole('table').waitFor();
  });

  it('shows every run with its results and a scatter of accuracy against time', async () => {
    expect(await page.getByRole('row').count()).toBe(1 + 8);
    const quick = page.getByRole('row', { name: /quick, seed 2/ });
    const cells = (await quick.getByRole('cell').allTextContents()).map((t) => t.trim());
    expect(cells).toEqual([
      '',
      expect.stringContaining('quick, seed 2'),
      'completed',
      '784-128-64-10',
      'adam',
      `${PRESETS.quick.epochs}/${PRESETS.quick.epochs}`,
      '97.52%',
      '41 s',
      expect.stringMatching(/^today \d\d:\d\d$/),
      expect.stringContaining('Train again'),
    ]);
    await page.locator('.uplot canvas').first().waitFor();
    // The legend names the presets plotted.
    expect(
      await page.getByRole('list', { name: 'Presets' }).getByRole('listitem').allTextContents(),
    ).toEqual(['Article', 'Quick', 'Best MLP', 'Custom']);
    await screenshot(page, 'runs-table');
  });

  it('names a point on hover and switches the axis to parameters', async () => {
    const over = page.locator('.u-over');
    const box = await over.boundingBox();
    if (box === null) throw new Error('no plot');
    // Where the plot puts Best MLP (265 s, 98.39%): times span 38–310 s and accuracies
    // 91.2–98.39%, each axis with 8% of its span as margin.
    const xs = [38 - 0.08 * 272, 310 + 0.08 * 272];
    const ys = [91.2 - 0.08 * 7.19, 98.39 + 0.08 * 7.19];
    await page.mouse.move(
      box.x + (box.width * (265 - xs[0])) / (xs[1] - xs[0]),
      box.y + (box.height * (ys[1] - 98.39)) / (ys[1] - ys[0]),
    );
    const tip = page.locator('.tip');
    await tip.waitFor();
    expect(await tip.textContent()).toContain('Best MLP');
    expect(await tip.textContent()).toContain('98.39%');
    await page.mouse.move(box.x + 2, box.y + box.height - 2);
    await tip.waitFor({ state: 'detached' });
    await page.getByRole('radio', { name: 'Parameters' }).check();
    await page.getByRole('heading', { name: 'Accuracy against size' }).waitFor();
    await page.getByRole('radio', { name: 'Training time' }).check();
  });

  it('sorts by a column header, both ways, and says so', async () => {
    const header = page.getByRole('columnheader', { name: 'Test accuracy' });
    await header.getByRole('button').click();
    expect(await header.getAttribute('aria-sort')).toBe('descending');
    expect((await names(page)).slice(0, 3)).toEqual(['Best MLP', 'quick, seed 2', 'quick']);
    // Runs without a result stay last either way.
    expect((await names(page)).slice(-2).sort()).toEqual(['stopped early', 'too hot']);
    await header.getByRole('button').click();
    expect(await header.getAttribute('aria-sort')).toBe('ascending');
    expect((await names(page)).slice(0, 2)).toEqual(['The article, faithfully', 'sigmoid, SGD']);
    expect(
      await page.getByRole('columnheader', { name: 'Name' }).getAttribute('aria-sort'),
    ).toBeNull();
    await page.getByRole('columnheader', { name: 'Name' }).getByRole('button').click();
    expect((await names(page))[0]).toBe('Best MLP');
  });

  it('filters by text, status and tag', async () => {
    const search = page.getByRole('searchbox', { name: 'Search' });
    await search.fill('784-128');
    expect(await page.getByText('of 8 runs match').textContent()).toContain('4 of 8');
    await search.fill('full batch');
    expect(await names(page)).toEqual(['The article, faithfully']);
    await search.fill('');
    await page.getByLabel('Status').selectOption('failed');
    expect(await names(page)).toEqual(['too hot']);
    await page.getByLabel('Status').selectOption('');
    expect(await page.getByLabel('Tag').locator('option').allTextContents()).toEqual([
      'Any tag',
      'adam',
      'blog',
      'seeds',
    ]);
    await page.getByLabel('Tag').selectOption('adam');
    expect((await names(page)).sort()).toEqual(['Best MLP', 'quick', 'quick, seed 2']);
    // The scatter shows the same runs as the table: the three tagged adam, all Quick or Best MLP.
    expect(await page.getByTestId('scatter-summary').textContent()).toMatch(
      /^\s*3 completed runs\s+that match the filters plotted/,
    );
    expect(
      await page.getByRole('list', { name: 'Presets' }).getByRole('listitem').allTextContents(),
    ).toEqual(['Quick', 'Best MLP']);
    expect(await page.getByText('Filtered like the table below').isVisible()).toBe(true);
    await screenshot(page, 'runs-filtered-scatter');
    await search.fill('nothing like this');
    await page.getByText('No run matches these filters.').waitFor();
    await page.getByRole('button', { name: 'Clear filters' }).first().click();
    expect(await page.getByRole('row').count()).toBe(9);
  });

  it('compares 2 to 4 selected runs', async () => {
    const compare = page.getByRole('button', { name: 'Compare', exact: true });
    expect(await compare.isDisabled()).toBe(true);
    await page.getByRole('checkbox', { name: 'Select quick', exact: true }).check();
    expect(await compare.isDisabled()).toBe(true);
    await page.getByRole('checkbox', { name: 'Select Best MLP' }).check();
    expect(await compare.isDisabled()).toBe(false);
    await compare.click();
    await page.waitForURL(/#\/compare\?ids=/);
    const compared = new URL(page.url()).hash.split('=')[1].split(',').map(Number).sort();
    expect(compared).toEqual([ids[1], ids[3]].sort());
    await page.goBack();
    await page.getByRole('table').waitFor();
  });

  it('exports every run as one CSV file', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export all as CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^backprop-lab-runs-\d{4}-\d\d-\d\d\.csv$/);
    const lines = readFileSync(await download.path(), 'utf8')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe(
      'id,name,status,preset,architecture,parameters,optimizer,learning_rate,batch,epochs_done,epochs,test_accuracy,test_loss,train_seconds,samples_per_second,created,tags,notes',
    );
    expect(lines).toHaveLength(9);
    const article = lines.find((l) => l.includes('The article'));
    expect(article).toMatch(
      /^\d+,"The article, faithfully",completed,article,784-32-16-10,\d+,gd,0\.5,full,3,3,0\.912,/,
    );
    expect(article).toMatch(/,blog,"squared error, full batch"$/);
  });

  it('deletes several selected runs after one confirmation', async () => {
    // "quick" and "Best MLP" are still selected from comparing.
    await page.getByRole('checkbox', { name: 'Select stopped early' }).check();
    await page.getByRole('button', { name: 'Delete selected' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete 3 runs?' });
    await dialog.waitFor();
    expect((await dialog.getByRole('listitem').allTextContents()).sort()).toEqual([
      'Best MLP',
      'quick',
      'stopped early',
    ]);
    await dialog.getByRole('button', { name: 'Delete 3 runs' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => page.getByRole('row').count()).toBe(1 + 5);
    expect(await page.getByText('Select runs to compare or delete').isVisible()).toBe(true);
  });
});

describe('Runs: a thousand runs', () => {
  const statuses: RunStatus[] = ['completed', 'completed', 'completed', 'failed', 'cancelled'];
  const app = useApp({
    seed: (server) =>
      seed(
        server.db,
        Array.from({ length: 1000 }, (_, i) => ({
          name: `sweep ${i + 1}`,
          preset: null,
          // Tiny networks keep the saved weights (and the test's setup) small.
          config: { layers: [1 + (i % 4)], activations: ['relu' as const], epochs: 1, seed: i },
          status: statuses[i % statuses.length],
          accuracy: 0.5 + (i % 97) / 250,
          seconds: 5 + (i % 31),
          tags: [`batch-${i % 7}`],
        })),
      ),
    timeout: 120_000,
  });

  it('opens at once and stays quick to sort', async () => {
    const context = await app.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const started = Date.now();
    await page.goto(app.server.url);
    await page.getByRole('link', { name: 'sweep 1000', exact: true }).waitFor();
    const opened = Date.now() - started;
    await page.getByText('1,000 runs').waitFor();
    console.log(`1,000 runs: table visible after ${opened} ms`);
    expect(opened).toBeLessThan(2000);

    const sortStarted = Date.now();
    await page.getByRole('columnheader', { name: 'Name' }).getByRole('button').click();
    await expect.poll(async () => (await names(page))[0]).toBe('sweep 1');
    const sorted = Date.now() - sortStarted;
    console.log(`1,000 runs: sorted by name in ${sorted} ms`);
    expect(sorted).toBeLessThan(1000);

    // Only the rows in sight are drawn, yet scrolling reaches every run.
    expect(await page.getByRole('row').count()).toBeLessThan(100);
    expect(await page.getByRole('table').getAttribute('aria-rowcount')).toBe('1001');
    await page.locator('main').evaluate((main) => main.scrollTo(0, main.scrollHeight));
    // Sorted by name, the last is "sweep 1000".
    await page.getByRole('link', { name: 'sweep 1000', exact: true }).waitFor();
    const lastRow = page.getByRole('row', { name: /sweep 1000\b/ });
    expect(await lastRow.getAttribute('aria-rowindex')).toBe('1001');
    await context.close();
  });

  it('fills the form from a run with “Train again”', async () => {
    const page = await app.open();
    await page.getByRole('searchbox', { name: 'Search' }).fill('sweep 3');
    await page.getByRole('columnheader', { name: 'Name' }).getByRole('button').click();
    const row = page.getByRole('row', { name: /sweep 3\b/ });
    await row.getByRole('link', { name: /^Train again/ }).click();
    await page.waitForURL(/#\/new\?from=\d+$/);
    await page.getByLabel('Name', { exact: true }).waitFor();
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('sweep 3 (again)');
    expect(await page.getByLabel('Hidden layer 1 size').inputValue()).toBe('3');
    expect(await page.getByLabel('Seed').inputValue()).toBe('2');
    expect(await page.getByLabel('Tags').inputValue()).toBe('batch-2');
    expect(await page.getByLabel('Dataset').locator('option:checked').textContent()).toContain(
      'digits fixture',
    );
  });
});
