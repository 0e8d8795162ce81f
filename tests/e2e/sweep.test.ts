// Repeats and sweeps in Chromium (issue 13): a learner queues a 2×2 sweep over 2 seeds from the
// New run form (a tiny network, one epoch), watches it finish in the group view, reads the
// heatmap and goes on to Compare two of its cells; a run trained again ×2 becomes a repeat whose
// error bars and mean ± std the group view shows. Keyboard only where it says so.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TrainConfig } from '../../src-core/config.ts';
import { PRESETS } from '../../src-core/presets.ts';
import type { Axis } from '../../src-core/sweep.ts';
import type { GroupDetail } from '../../src-main/contract/api.ts';
import {
  callApi,
  fitViewport,
  hash,
  openPage,
  openRun,
  screenshot,
  startRun,
  SMALL,
  STREAMING,
  useApp,
} from './harness.ts';

const app = useApp();
let page: Page;
let groupId = 0;

const groupIdOf = async (p: Page) => Number(/#\/groups\/(\d+)$/.exec(await hash(p))?.[1]);
const openGroup = async (p: Page, id: number) => {
  await p.evaluate(`location.hash = '#/groups/${id}'`);
  await p.getByRole('heading', { level: 2, name: 'Progress' }).waitFor();
};
/** Queues a group through the API on the first dataset, as startRun does a run: the Quick
 * preset with `config` changed. Returns the group's id. */
async function startGroup(
  p: Page,
  name: string,
  config: Partial<TrainConfig>,
  seeds: number,
  axes: readonly Axis[] = [],
): Promise<number> {
  const [dataset] = await callApi<{ id: number }[]>(p, 'listDatasets', {});
  const started = await callApi<{ group: { id: number } }>(p, 'startGroup', {
    name,
    preset: null,
    config: { ...PRESETS.quick, ...config },
    datasetId: dataset.id,
    seeds,
    axes,
  });
  return started.group.id;
}

/** The lowest contrast ratio (WCAG) between a heatmap cell's text and its fill. */
function lowestCellContrast(p: Page): Promise<number> {
  return p.evaluate(`(() => {
    const rgb = (css) => {
      const n = css.match(/[\\d.]+/g).map(Number);
      // "color(srgb 0.1 0.2 0.3)" gives 0–1; "rgb(10, 20, 30)" gives 0–255.
      return css.startsWith('color(') ? n.slice(0, 3) : n.slice(0, 3).map((v) => v / 255);
    };
    const luminance = (css) => {
      const [r, g, b] = rgb(css).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    let lowest = Infinity;
    for (const cell of document.querySelectorAll('svg[data-chart="heatmap"] g.cell')) {
      const back = luminance(getComputedStyle(cell.querySelector('rect')).fill);
      for (const text of cell.querySelectorAll('text')) {
        const front = luminance(getComputedStyle(text).fill);
        const [hi, lo] = front > back ? [front, back] : [back, front];
        lowest = Math.min(lowest, (hi + 0.05) / (lo + 0.05));
      }
    }
    return lowest;
  })()`);
}

/** The message an input points to with aria-describedby, if it is marked invalid. */
async function problemOf(p: Page, label: string): Promise<string | null> {
  const input = p.getByLabel(label, { exact: true });
  if ((await input.getAttribute('aria-invalid')) !== 'true') return null;
  const [id] = (await input.getAttribute('aria-describedby'))?.split(' ') ?? [];
  return p.locator(`[id="${id}"]`).textContent();
}

describe('a sweep from the New run form', () => {
  beforeAll(async () => {
    page = await app.open();
    await page.evaluate(`location.hash = '#/new'`);
    await page.getByRole('button', { name: 'Start training' }).waitFor();
  });

  it('says how many runs it will queue, explains a bad value by its input, and starts them', async () => {
    await page.getByRole('button', { name: 'Remove hidden layer 2' }).click();
    await page.getByLabel('Hidden layer 1 size').fill('16');
    await page.getByLabel('Epochs', { exact: true }).fill('1');
    await page.getByLabel('Name', { exact: true }).fill('tiny sweep');
    await page.getByLabel('Repeats').fill('2');
    expect(await page.getByRole('button', { name: 'Start 2 runs' }).count()).toBe(1);

    // By keyboard: Enter on the button adds a setting to sweep and moves focus to its choice.
    await page.getByRole('button', { name: 'Sweep a setting' }).focus();
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.evaluate('document.activeElement?.id'))
      .toBe('field-axes-0-setting');
    expect(await page.getByLabel('Setting 1').inputValue()).toBe('learningRate');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.id')).toBe('field-axes-0');
    const rates = page.getByLabel('Values of learning rate');
    await rates.fill('0.001, 2e-');
    await rates.blur();
    expect(await problemOf(page, 'Values of learning rate')).toBe(
      'Value 2: "2e-" is not a number.',
    );
    await rates.fill('0.001, 0.002');
    await rates.blur();
    expect(await problemOf(page, 'Values of learning rate')).toBeNull();

    await page.getByRole('button', { name: 'Sweep another setting' }).click();
    await page.getByLabel('Setting 2').selectOption('batchSize');
    await page.getByLabel('Values of batch size').fill('32, 64');
    const count = page.getByText(/^\d+ runs?: /);
    expect(await count.textContent()).toBe('8 runs: 2 lr × 2 batch × 2 seeds');

    // Beyond the limit of a group, the form says so before anything starts.
    await page.getByLabel('Repeats').fill('20');
    await page.getByLabel('Values of batch size').fill('16, 32, 64');
    expect(await count.textContent()).toBe('120 runs: 2 lr × 3 batch × 20 seeds');
    await page.getByText('That is 120 runs; a repeat or sweep holds at most 100.').waitFor();
    await page.getByRole('button', { name: 'Start 120 runs' }).click();
    expect(await hash(page)).toBe('#/new');

    await page.getByLabel('Repeats').fill('2');
    await page.getByLabel('Values of batch size').fill('32, 64');

    // A refusal of the back end's lands by the input it names (here made up, as the form
    // checks everything the back end does before it asks).
    await page.route('**/api/startGroup', (route) =>
      route.fulfill({
        json: {
          ok: false,
          error: {
            code: 'invalid-request',
            message: 'axes[1].values[1]: batch 64 is more than this test allows',
            field: 'axes[1].values[1]',
          },
        },
      }),
    );
    await page.getByRole('button', { name: 'Start 8 runs' }).click();
    await expect
      .poll(() => problemOf(page, 'Values of batch size'))
      .toBe('Batch 64 is more than this test allows.');
    expect(await hash(page)).toBe('#/new');
    await page.unroute('**/api/startGroup');
    await page.getByLabel('Values of batch size').fill('32, 64');
    expect(await problemOf(page, 'Values of batch size')).toBeNull();
    await screenshot(page, 'sweep-form');
    const dark = await openPage(app.browser, `${app.server.url}#/new`, 'dark');
    await dark.setViewportSize({ width: 1024, height: 700 });
    await dark.getByRole('button', { name: 'Sweep a setting' }).click();
    await dark.getByRole('button', { name: 'Sweep another setting' }).click();
    await dark.getByLabel('Setting 2').selectOption('optimizer');
    await dark.getByLabel('Values of learning rate').fill('0.001, 0.5e');
    // Values that cannot be read: no count yet, and a start is refused with the reason shown.
    await dark.getByRole('button', { name: 'Start the runs' }).click();
    await dark.getByText('Value 2: "0.5e" is not a number.').waitFor();
    await dark.getByRole('heading', { name: 'Repeat and sweep' }).scrollIntoViewIfNeeded();
    await screenshot(dark, 'sweep-form-dark-1024');
    await dark.context().close();
    await page.getByRole('button', { name: 'Start 8 runs' }).click();
    await page.waitForURL(/#\/groups\/\d+$/);
    groupId = await groupIdOf(page);
    const detail = await callApi<GroupDetail>(page, 'getGroup', { id: groupId });
    expect(detail.group.kind).toBe('sweep');
    expect(detail.runs).toHaveLength(8);
  });

  it('shows the sweep’s progress live until every run is done', async () => {
    await page
      .getByRole('heading', { level: 1, name: /^tiny sweep: lr × batch, 2 seeds$/ })
      .waitFor();
    await page
      .getByText('varies learning rate (0.001, 0.002) × batch size (32, 64)', { exact: false })
      .waitFor();
    await page.getByText('8 of 8 done').waitFor({ timeout: 240_000 });
    expect(await page.getByRole('button', { name: 'Cancel the rest' }).count()).toBe(0);
    const rows = page.getByRole('table', { name: 'Runs of this group' }).getByRole('row');
    expect(await rows.count()).toBe(9);
    expect(await rows.nth(1).textContent()).toMatch(
      /lr 0\.001 · batch 32 · seed \d+.*completed.*\d+\.\d\d%/,
    );
  });

  it('draws a heatmap of the four cells, each with its mean, spread and n, and a legend', async () => {
    const cells = page.locator('svg[data-chart="heatmap"] g.cell');
    expect(await cells.count()).toBe(4);
    for (const mean of await cells.evaluateAll((gs) => gs.map((g) => g.getAttribute('data-mean'))))
      expect(Number(mean)).toBeGreaterThan(0.5);
    expect(await cells.first().textContent()).toMatch(/\d+\.\d\d%\s*± \d+\.\d\d% · n = 2/);
    await page
      .getByLabel('Colour scale')
      .getByText(/\(best\)/)
      .waitFor();
    const table = page.getByRole('table', { name: 'Cells' });
    expect(await table.getByRole('row').count()).toBe(5);
    expect(await table.getByRole('row').nth(1).getByRole('cell').allTextContents()).toEqual([
      '0.001',
      '32',
      '2 of 2',
      expect.stringMatching(/^\d+\.\d\d%$/),
      expect.stringMatching(/^\d+\.\d\d%$/),
    ]);
    expect(await lowestCellContrast(page)).toBeGreaterThanOrEqual(4.5);
    await fitViewport(page);
    await screenshot(page, 'sweep-group');
  });

  it('compares the best cell with the worst in Compare, each as a group of its seeds', async () => {
    const detail = await callApi<GroupDetail>(page, 'getGroup', { id: groupId });
    await page.getByRole('button', { name: 'Compare best with worst' }).click();
    await page.waitForURL(/#\/compare\?group=\d+\.\d+&group=\d+\.\d+$/);
    const groups = /group=([\d.]+)&group=([\d.]+)/
      .exec(await hash(page))
      ?.slice(1)
      .map((g) => g.split('.').map(Number));
    expect(groups).toHaveLength(2);
    const members = new Set(detail.runs.map((r) => r.id));
    for (const g of groups ?? []) for (const id of g) expect(members.has(id)).toBe(true);
    // The two cells are different combinations: their runs differ in a swept setting.
    const config = (id: number) => detail.runs.find((r) => r.id === id)?.config;
    const [a, b] = (groups ?? []).map((g) => config(g[0]));
    expect([a?.learningRate, a?.batchSize]).not.toEqual([b?.learningRate, b?.batchSize]);
  });

  it('goes to Compare by keyboard alone: Tab to the cells, choose them, Enter', async () => {
    await openGroup(page, groupId);
    const focused = () =>
      page.evaluate(`document.activeElement?.id || document.activeElement?.textContent?.trim()`);
    await page.getByLabel('Summary value').focus();
    const order: unknown[] = [];
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press('Tab');
      order.push(await focused());
    }
    // Past the cells' table (no stops in it) to the two choices and the button.
    expect(order.slice(0, 3)).toEqual(['compare-a', 'compare-b', 'Compare these two']);
    await page.keyboard.press('Enter');
    await page.waitForURL(/#\/compare\?group=\d+\.\d+&group=\d+\.\d+$/);
  });

  it('in the dark theme, at 1024×700 and wide', async () => {
    const dark = await openPage(app.browser, app.server.url, 'dark');
    await openGroup(dark, groupId);
    await dark.locator('svg[data-chart="heatmap"]').waitFor();
    expect(await lowestCellContrast(dark)).toBeGreaterThanOrEqual(4.5);
    await dark.setViewportSize({ width: 1024, height: 700 });
    await screenshot(dark, 'sweep-group-dark-1024');
    await dark.setViewportSize({ width: 1600, height: 1000 });
    await screenshot(dark, 'sweep-group-dark-wide');
    await dark.context().close();
  });
});

describe('Train again ×N', () => {
  it('queues the run’s settings over seeds s, s+1 as one repeat, with mean ± std', async () => {
    const p = await app.open();
    const id = await startRun(p, 'tiny once', { ...SMALL, seed: 5 });
    await openRun(p, id);
    await p.setViewportSize({ width: 1024, height: 700 });
    await screenshot(p, 'run-train-again-1024');
    await p.getByLabel('Seeds', { exact: true }).fill('2');
    await p.getByRole('button', { name: 'Train again ×2' }).click();
    await p.waitForURL(/#\/groups\/\d+$/);
    const repeat = await groupIdOf(p);
    const detail = await callApi<GroupDetail>(p, 'getGroup', { id: repeat });
    expect(detail.group.kind).toBe('repeat');
    expect(detail.runs.map((r) => r.seed).sort()).toEqual([5, 6]);
    await p.getByRole('heading', { level: 1, name: 'tiny once × 2 seeds' }).waitFor();
    await p.getByText('2 of 2 done').waitFor({ timeout: 120_000 });
    await p.getByText(/^Final test accuracy over 2 seeds:\s*\d+\.\d\d% ± \d+\.\d\d%/).waitFor();
    // Another summary value: the best validation accuracy, with its epoch in the table.
    await p.getByLabel('Summary value').selectOption('best');
    await p.getByText(/^Best validation accuracy over 2 seeds:/).waitFor();
    const link = p.getByRole('link', { name: 'Compare this repeat with another run or group' });
    const ids = detail.runs.map((r) => r.id).sort((a, b) => a - b);
    expect(await link.getAttribute('href')).toMatch(
      new RegExp(`^#/compare\\?group=(${ids.join('\\.')}|${[...ids].reverse().join('\\.')})$`),
    );
    await screenshot(p, 'repeat-group');
    // From a member's page back to its group.
    await p.getByRole('link', { name: new RegExp(`^#${ids[1]} seed`) }).click();
    await p.waitForURL(new RegExp(`#/runs/${ids[1]}$`));
    await p.getByRole('link', { name: `group #${repeat}` }).click();
    await p.waitForURL(new RegExp(`#/groups/${repeat}$`));
    await p.context().close();
  });
});

describe('a sweep of one setting', () => {
  it('draws the summary value against the swept value with error bars', async () => {
    const p = await app.open('dark');
    const id = await startGroup(p, 'tiny lr', SMALL, 2, [
      { setting: 'learningRate', values: [0.001, 0.004] },
    ]);
    await openGroup(p, id);
    await p.getByText('4 of 4 done').waitFor({ timeout: 180_000 });
    const bars = p.locator('svg[data-chart="error-bars"] g.bar');
    expect(await bars.count()).toBe(2);
    expect(Number(await bars.first().getAttribute('data-std'))).toBeGreaterThan(0);
    expect(await p.locator('svg[data-chart="error-bars"] circle.run').count()).toBe(4);
    await p.setViewportSize({ width: 1024, height: 700 });
    await screenshot(p, 'sweep-line-dark-1024');
    await p.context().close();
  });
});

describe('cancelling the rest of a group', () => {
  it('says the time left from the finished runs, and cancels the rest after asking', async () => {
    const p = await app.open();
    const id = await startGroup(p, 'slow repeat', { ...SMALL, ...STREAMING, epochs: 1 }, 3);
    await openGroup(p, id);
    await p.getByText('Time left: known once the first run has finished.').waitFor();
    await p.getByText('1 of 3 done').waitFor({ timeout: 120_000 });
    await p.getByText(/^About .+ left, from the mean time of the finished runs/).waitFor();
    // The run training now says where it is, live.
    await p
      .getByRole('table', { name: 'Runs of this group' })
      .getByText(/^\s*· epoch 1\/1\s*$/)
      .waitFor();
    await screenshot(p, 'group-training');

    // By keyboard: the dialog opens on the safe answer; Tab to the other and Enter.
    await p.getByRole('button', { name: 'Cancel the rest' }).focus();
    await p.keyboard.press('Enter');
    const dialog = p.getByRole('dialog', { name: 'Cancel the rest of this group?' });
    await dialog.waitFor();
    expect(await p.evaluate('document.activeElement?.textContent?.trim()')).toBe('Keep training');
    await p.keyboard.press('Tab');
    expect(await p.evaluate('document.activeElement?.textContent?.trim()')).toBe('Cancel 2 runs');
    await p.keyboard.press('Enter');
    await p.getByText(/· 2 cancelled/).waitFor();
    expect(await p.getByRole('button', { name: 'Cancel the rest' }).count()).toBe(0);
    const detail = await callApi<GroupDetail>(p, 'getGroup', { id });
    expect(detail.runs.map((r) => r.status).sort()).toEqual([
      'cancelled',
      'cancelled',
      'completed',
    ]);
    await p.context().close();
  });
});

describe('a group that is not there', () => {
  it('says so, by its number', async () => {
    const p = await app.open();
    await p.evaluate(`location.hash = '#/groups/9999'`);
    const alert = p.getByRole('alert');
    await alert.getByRole('heading', { name: 'Group #9999' }).waitFor();
    expect(await alert.textContent()).toMatch(/Could not load this group: .*9999/);
    await p.context().close();
  });
});
