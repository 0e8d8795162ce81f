// The Runs view as a scientist uses it, in Chromium and from the keyboard: a stored repeat, a
// sweep and loose runs grouped by settings, a group opened, the query box (a query it reads and
// one it cannot), parallel coordinates brushed by dragging and by typing ranges, and two groups
// sent to Compare.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TrainConfig } from '../../src-core/config.ts';
import { hash, screenshot, useApp } from './harness.ts';
import { seed, seedGroup } from './seed-runs.ts';

/** A tiny network keeps the saved weights small. */
const TINY: Partial<TrainConfig> = { layers: [16], activations: ['relu'], epochs: 2 };
const SGD: Partial<TrainConfig> = { ...TINY, optimizer: 'sgd' };

describe('Runs: grouped by settings, filtered, brushed and compared', () => {
  const app = useApp({
    seed: (server) => [
      ...seedGroup(
        server.db,
        { kind: 'repeat', name: 'adam repeat', seeds: 3, axes: [] },
        [0.974, 0.976, 0.978].map((accuracy, i) => ({
          name: `adam repeat · seed ${i + 1}`,
          preset: null,
          config: { ...TINY, seed: i + 1 },
          accuracy,
          seconds: 38 + 2 * i,
        })),
      ),
      // A sweep queues each seed's combinations in turn: lr 0.001, lr 0.01, then seed 2.
      ...seedGroup(
        server.db,
        {
          kind: 'sweep',
          name: 'lr sweep',
          seeds: 2,
          axes: [{ setting: 'learningRate', values: [0.001, 0.01] }],
        },
        [
          [0.001, 1, 0.95],
          [0.01, 1, 0.93],
          [0.001, 2, 0.952],
          [0.01, 2, 0.934],
        ].map(([lr, s, accuracy]) => ({
          name: `lr sweep · lr ${lr} · seed ${s}`,
          preset: null,
          config: { ...SGD, learningRate: lr, seed: s },
          accuracy,
          seconds: 30,
        })),
      ),
      ...seed(server.db, [
        {
          name: 'sgd baseline',
          preset: null,
          config: { ...SGD, learningRate: 0.1, seed: 1 },
          accuracy: 0.96,
          tags: ['baseline'],
        },
        {
          name: 'sgd baseline, seed 2',
          preset: null,
          config: { ...SGD, learningRate: 0.1, seed: 2 },
          accuracy: 0.962,
          tags: ['baseline'],
        },
        {
          name: 'tanh 64',
          preset: null,
          config: { ...TINY, layers: [64], activations: ['tanh'], optimizer: 'momentum' },
          accuracy: 0.958,
        },
      ]),
    ],
  });
  let page: Page;
  const query = () => page.getByRole('textbox', { name: 'Where' });
  const matching = () => page.locator('#runs-count').textContent();
  const groupButton = (name: string) =>
    page.getByRole('button', { name: new RegExp(`^${name}: \\d+ runs with the same settings`) });

  beforeAll(async () => {
    page = await app.open('dark');
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.getByRole('table').waitFor();
  });

  it('groups runs that differ only by seed into rows with n and mean ± std', async () => {
    expect(await page.getByRole('row').count()).toBe(1 + 10);
    const toggle = page.getByRole('checkbox', { name: 'Group by settings' });
    await toggle.focus();
    await page.keyboard.press('Space');
    // The repeat, the sweep's two learning rates, the two baselines, and the one tanh run.
    await expect.poll(() => page.getByRole('row').count()).toBe(1 + 5);
    const repeat = page.getByRole('row', { name: /adam repeat/ });
    expect(await repeat.getByTestId('group-result').textContent()).toContain('97.60% ± 0.20%');
    expect(await repeat.textContent()).toContain('n = 3');
    expect(await repeat.textContent()).toContain('40 s ± 2.0 s');
    // A stored repeat links to its own view; the baselines were run one by one and do not.
    expect(await repeat.getByRole('link', { name: /^repeat #\d+/ }).getAttribute('href')).toBe(
      `#/groups/1`,
    );
    const sweep = page.getByRole('row', { name: /lr sweep · lr 0.001/ });
    expect(await sweep.getByRole('link', { name: /^sweep #2/ }).getAttribute('href')).toBe(
      '#/groups/2',
    );
    const baseline = page.getByRole('row', { name: /sgd baseline/ });
    expect(await baseline.getByRole('link', { name: /#\d/ }).count()).toBe(0);
    expect(await baseline.getByTestId('group-result').textContent()).toContain('96.10% ± 0.14%');
  });

  it('opens a group to its members with the keyboard, and closes it', async () => {
    const button = groupButton('adam repeat');
    expect(await button.getAttribute('aria-expanded')).toBe('false');
    await button.focus();
    await page.keyboard.press('Enter');
    expect(await button.getAttribute('aria-expanded')).toBe('true');
    await expect.poll(() => page.getByRole('row').count()).toBe(1 + 5 + 3);
    for (const s of [1, 2, 3])
      await page.getByRole('link', { name: `adam repeat · seed ${s}`, exact: true }).waitFor();
    // The open group and its members in sight, for the picture.
    await page.locator('main').evaluate((main) => main.scrollBy(0, 240));
    await screenshot(page, 'runs-groups-open-1024');
    await page.keyboard.press('Space');
    await expect.poll(() => page.getByRole('row').count()).toBe(1 + 5);
    expect(await button.getAttribute('aria-expanded')).toBe('false');
  });

  it('summarises by the best validation accuracy, with its epoch, or by the lowest loss', async () => {
    const final = page.getByRole('radio', { name: 'Final test' });
    await final.focus();
    await page.keyboard.press('ArrowRight');
    await page.getByRole('columnheader', { name: 'Best validation' }).waitFor();
    // Every seeded run's validation accuracy is 1 − 0.12 / epoch: best at its last, epoch 2.
    const tanh = page.getByRole('row', { name: /tanh 64/ });
    expect(await tanh.getByTestId('run-result').textContent()).toBe('94.00% · ep 2 at epoch 2');
    const repeat = page.getByRole('row', { name: /adam repeat/ });
    expect(await repeat.getByTestId('group-result').textContent()).toContain('94.00% ± 0.00%');
    await page.keyboard.press('ArrowRight');
    await page.getByRole('columnheader', { name: 'Lowest loss' }).waitFor();
    expect(await tanh.getByTestId('run-result').textContent()).toBe('0.55 · ep 2 at epoch 2');
    await screenshot(page, 'runs-lowest-loss-1024');
    await page.keyboard.press('ArrowRight');
    await page.getByRole('columnheader', { name: 'Test accuracy' }).waitFor();
  });

  it('filters by settings and results as the query is typed', async () => {
    await query().focus();
    await page.keyboard.type('optimizer = sgd and lr < 0.05');
    await expect.poll(matching).toContain('4 of 10 runs match');
    // The sweep's two groups are left.
    expect(await page.getByRole('row').count()).toBe(1 + 2);
    expect(await query().getAttribute('aria-invalid')).toBe('false');
    await query().fill('tag:baseline or test > 97.7%');
    await expect.poll(matching).toContain('3 of 10 runs match');
  });

  it('points at the part of a query it cannot read, and does not apply it', async () => {
    await query().fill('');
    await query().focus();
    await page.keyboard.type('optimizer = adm');
    const error = page.locator('#runs-query-error');
    await error.waitFor();
    expect(await error.locator('mark').textContent()).toBe('adm');
    expect(await error.textContent()).toContain('Not applied: ');
    expect(await error.textContent()).toMatch(/adm.*13–15/);
    expect(await query().getAttribute('aria-invalid')).toBe('true');
    expect(await query().getAttribute('aria-describedby')).toBe('runs-query-error');
    await expect.poll(matching).toBe('10 runs');
    await screenshot(page, 'runs-query-error-1024');

    // The help lists the fields, and Escape gives the focus back to its button.
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Query help');
    await page.keyboard.press('Enter');
    const help = page.getByRole('dialog', { name: 'Query help' });
    await help.waitFor();
    await screenshot(page, 'runs-query-help-1024');
    expect(await help.textContent()).toContain('Operators: = != < <= > >=');
    expect(await help.textContent()).toContain('tag:NAME');
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Query help');
    await query().fill('');
    await error.waitFor({ state: 'detached' });
  });

  it('brushes an axis of the parallel coordinates, and the table follows', async () => {
    await page.setViewportSize({ width: 1600, height: 1000 });
    const scatter = page.getByRole('radio', { name: 'Accuracy and time' });
    await scatter.focus();
    await page.keyboard.press('ArrowRight');
    await page.getByRole('heading', { name: 'Settings and results' }).waitFor();
    const axes = await page
      .locator('g.axis')
      .evaluateAll((gs) => gs.map((g) => g.getAttribute('data-axis')));
    expect(axes).toEqual(['layers', 'activation', 'optimizer', 'lr', 'momentum', 'result', 'time']);
    expect(await page.locator('.lines path').count()).toBe(10);

    // Learning rates from 0.001 to 0.1 on a log axis: dragging from its top to 40% of the way
    // down keeps 0.01 (at half) and 0.1: the sweep's lr 0.01 and the two baselines.
    const hit = await page.locator('g[data-axis="lr"] rect.hit').boundingBox();
    if (hit === null) throw new Error('no lr axis');
    const top = hit.y + 6;
    const span = hit.height - 12;
    await page.mouse.move(hit.x + hit.width / 2, top);
    await page.mouse.down();
    await page.mouse.move(hit.x + hit.width / 2, top + span * 0.3, { steps: 5 });
    await page.mouse.move(hit.x + hit.width / 2, top + span * 0.6, { steps: 5 });
    await page.mouse.up();
    await expect.poll(matching).toContain('4 of 10 runs match');
    expect(await page.getByTestId('parallel-count').textContent()).toContain(
      '4 of 10 runs in the brushed ranges',
    );
    expect(await page.locator('.lines path.out').count()).toBe(6);
    // The table, still grouped, lists the sweep's lr 0.01 and the baselines.
    expect(await page.getByRole('row').count()).toBe(1 + 2);

    // Hovering a row lights up its runs' lines.
    await page.getByRole('row', { name: /sgd baseline/ }).hover();
    await expect.poll(() => page.locator('.lines path.hovered').count()).toBe(2);
    await page.mouse.move(0, 0);
    await expect.poll(() => page.locator('.lines path.hovered').count()).toBe(0);
    await screenshot(page, 'runs-parallel-wide');
  });

  it('brushes from the keyboard too, every brush holding at once', async () => {
    const summary = page.getByText('Brush with the keyboard');
    await summary.focus();
    await page.keyboard.press('Enter');
    const from = page.getByRole('spinbutton', { name: 'Final test accuracy from (%)' });
    await from.focus();
    await page.keyboard.type('95');
    await page.keyboard.press('Enter');
    await expect.poll(matching).toContain('2 of 10 runs match');
    expect(await page.getByRole('row').count()).toBe(1 + 1);
    await page.getByRole('row', { name: /sgd baseline/ }).waitFor();
    // The lr brush, dragged down to 40% of the way up the log axis from 0.001 to 0.1, reads as
    // a range in the fields: from 10^-2.2 (give or take a pixel) to 0.1.
    const lrFrom = Number(
      await page.getByRole('spinbutton', { name: 'Learning rate from' }).inputValue(),
    );
    expect(Math.abs(Math.log10(lrFrom) + 2.2)).toBeLessThan(0.03);
    expect(await page.getByRole('spinbutton', { name: 'Learning rate to' }).inputValue()).toBe(
      '0.1',
    );
    await screenshot(page, 'runs-parallel-keyboard-wide');
    // A click on an axis, without a drag, lifts its brush: the result's alone is left.
    const lrAxis = await page.locator('g[data-axis="lr"] rect.hit').boundingBox();
    if (lrAxis === null) throw new Error('no lr axis');
    await page.mouse.click(lrAxis.x + lrAxis.width / 2, lrAxis.y + lrAxis.height / 2);
    await expect.poll(matching).toContain('8 of 10 runs match');
    expect(await page.locator('g[data-axis="lr"] rect.brush').count()).toBe(0);
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.getByRole('heading', { name: 'Settings and results' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'runs-parallel-1024');
    await page.getByRole('button', { name: 'Clear brushes' }).first().click();
    await expect.poll(matching).toBe('10 runs');
  });

  it('sends two selected groups to Compare', async () => {
    await page.setViewportSize({ width: 1024, height: 700 });
    const compare = page.getByRole('button', { name: 'Compare', exact: true });
    for (const name of ['adam repeat', 'lr sweep · lr 0.001']) {
      await page.getByRole('checkbox', { name: `Select group ${name}` }).focus();
      await page.keyboard.press('Space');
    }
    expect(await page.getByText('2 groups selected').isVisible()).toBe(true);
    expect(await compare.isDisabled()).toBe(false);
    await screenshot(page, 'runs-groups-selected-1024');
    await compare.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/#\/compare\?/);
    const [repeat1, repeat2, repeat3, sweep1, , sweep3] = app.ids;
    // In the table's order, newest first: the sweep was queued after the repeat.
    expect(await hash(page)).toBe(
      `#/compare?group=${sweep1}.${sweep3}&group=${[repeat1, repeat2, repeat3].join('.')}`,
    );
  });
});

describe('Runs: a thousand runs grouped and filtered', () => {
  const app = useApp({
    seed: (server) =>
      seed(
        server.db,
        // 50 settings (10 learning rates × 5 batch sizes), 20 seeds each.
        Array.from({ length: 1000 }, (_, i) => ({
          name: `grid ${i + 1}`,
          preset: null,
          config: {
            ...SGD,
            layers: [2],
            epochs: 1,
            learningRate: 0.001 * (1 + (i % 10)),
            batchSize: [16, 32, 64, 128, 256][Math.floor(i / 10) % 5],
            seed: i,
          },
          accuracy: 0.5 + (i % 97) / 250,
          seconds: 5 + (i % 31),
        })),
      ),
    timeout: 120_000,
  });

  it('groups them, filters them and brushes them without a wait', async () => {
    const page = await app.open('dark');
    await page.getByText('1,000 runs').waitFor();
    const timed = async (what: string, act: () => Promise<void>, done: () => Promise<void>) => {
      const started = await page.evaluate('performance.now()');
      await act();
      await done();
      const ms = ((await page.evaluate('performance.now()')) as number) - (started as number);
      console.log(`1,000 runs: ${what} in ${Math.round(ms)} ms`);
    };
    await timed(
      'grouped by settings',
      () => page.getByRole('checkbox', { name: 'Group by settings' }).check(),
      () => page.locator('table[aria-rowcount="51"]').waitFor(),
    );
    await timed(
      'filtered by a query (after its 200 ms pause)',
      () => page.getByRole('textbox', { name: 'Where' }).fill('batch >= 64 and lr < 0.0035'),
      () => page.getByText('180 of 1,000 runs match').waitFor(),
    );
    // 3 learning rates × 3 batch sizes.
    expect(await page.getByRole('table').getAttribute('aria-rowcount')).toBe(String(1 + 9));
    await page.getByRole('radio', { name: 'Settings and results' }).check();
    await timed(
      'drawn in parallel coordinates',
      () => page.locator('.lines path').nth(179).waitFor(),
      async () => undefined,
    );
    expect(await page.locator('.lines path').count()).toBe(180);
    await page.context().close();
  });
});
