// A learner watches a run train in the browser: curves grow, the run completes with its test
// accuracy; they pause it, step single batches, change the learning rate, resume; cancel another;
// open the images behind a confusion-matrix cell. And the page never blocks while a run streams.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  fitViewport,
  openRun,
  screenshot,
  startRun,
  STREAMING,
  useApp,
  waitUntil,
} from './harness.ts';

const app = useApp();

const points = async (page: Page, chart: string): Promise<number> =>
  Number(await page.getByRole('figure', { name: chart }).getAttribute('data-points'));

const batchCounter = async (page: Page): Promise<{ batch: number; of: number }> => {
  const text = (await page.getByTestId('batch-counter').textContent()) ?? '';
  const [batch, of] = (/Batch ([\d,]+) of ([\d,]+)/.exec(text) ?? [])
    .slice(1)
    .map((s) => Number(s.replace(/,/g, '')));
  return { batch, of };
};

describe('run detail', () => {
  let completedRun = 0;

  it('shows the curves growing while the run trains, then its test accuracy', async () => {
    const page = await app.open();
    const id = await startRun(page, 'watch it learn', { ...STREAMING, epochs: 2 });
    completedRun = id;
    await openRun(page, id);
    await expect.poll(() => points(page, 'Loss'), { timeout: 30_000 }).toBeGreaterThan(2);
    const before = await points(page, 'Accuracy');
    await expect
      .poll(() => points(page, 'Accuracy'), { timeout: 10_000 })
      .toBeGreaterThan(before + 3);
    await expect.poll(async () => (await batchCounter(page)).batch).toBeGreaterThan(0);
    expect(await page.getByRole('progressbar', { name: /Epoch \d progress/ }).count()).toBe(1);
    expect(await page.getByText(/samples\/s/).count()).toBeGreaterThan(0);
    // Mid-training: the first epoch's points are in, the second epoch streams.
    await page
      .getByRole('region', { name: 'Epochs' })
      .getByRole('row')
      .nth(1)
      .waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('test-accuracy').count()).toBe(0);
    await screenshot(page, 'run-live');

    const accuracy = page.getByTestId('test-accuracy');
    await accuracy.waitFor({ timeout: 90_000 });
    expect(await accuracy.textContent()).toMatch(/^\d{2}\.\d\d%$/);
    expect(await page.getByText('completed', { exact: true }).count()).toBe(1);
    // Two epochs in the table, the best one marked, and the curves keep their live points.
    const rows = page.getByRole('region', { name: 'Epochs' }).getByRole('row');
    expect(await rows.count()).toBe(3);
    expect(
      await page.getByRole('region', { name: 'Epochs' }).getByText('best', { exact: true }).count(),
    ).toBe(1);
    expect(await points(page, 'Loss')).toBeGreaterThan(5);
    expect(await page.getByRole('button', { name: /^True \d, predicted \d: / }).count()).toBe(100);
    await fitViewport(page);
    await screenshot(page, 'run-completed');
    await page.context().close();
  });

  it('shows the test images behind a confusion-matrix cell, with the probabilities', async () => {
    const page = await app.open();
    await openRun(page, completedRun);
    const cells = page.getByRole('button', { name: /^True \d, predicted \d: / });
    await cells.first().waitFor();
    const names = await cells.evaluateAll((els) =>
      els.map((e) => e.getAttribute('aria-label') ?? ''),
    );
    // The mistake made most often: off the diagonal, largest count.
    const parsed = names.map((n) => {
      const [, actual, predicted, total] =
        /True (\d), predicted (\d): ([\d,]+) image/.exec(n) ?? [];
      return {
        actual: Number(actual),
        predicted: Number(predicted),
        total: Number(total.replace(/,/g, '')),
        n,
      };
    });
    const worst = parsed
      .filter((c) => c.actual !== c.predicted)
      .sort((a, b) => b.total - a.total)[0];
    expect(worst.total).toBeGreaterThan(0);
    await page.getByRole('button', { name: worst.n, exact: true }).click();
    const list = page.getByRole('list', {
      name: `Test images, true ${worst.actual}, predicted ${worst.predicted}`,
    });
    await list.waitFor();
    expect(await list.getByRole('listitem').count()).toBe(Math.min(worst.total, 300));
    const first = list.getByRole('img').first();
    expect(await first.getAttribute('aria-label')).toMatch(
      new RegExp(`^Test image \\d+: ${worst.predicted} \\d+%`),
    );
    await page.evaluate(`document.getElementById('confusion-heading').scrollIntoView()`);
    await screenshot(page, 'confusion-cell');

    // A right-answer cell holds far more than the limit: only the first 300 are drawn.
    const diagonal = parsed.find((c) => c.actual === c.predicted && c.total > 300);
    expect(diagonal).toBeDefined();
    await page.getByRole('button', { name: diagonal?.n, exact: true }).click();
    const many = page.getByRole('list', {
      name: `Test images, true ${diagonal?.actual}, predicted ${diagonal?.actual}`,
    });
    await many.waitFor();
    expect(await many.getByRole('listitem').count()).toBe(300);
    expect(await page.getByText('Showing the first 300.').count()).toBe(1);

    // One tab stop for the grid; arrow keys move between cells.
    await page.getByRole('button', { name: diagonal?.n, exact: true }).focus();
    await page.keyboard.press('ArrowRight');
    const focused = await page.evaluate(`document.activeElement.getAttribute('aria-label')`);
    expect(focused).toMatch(
      new RegExp(
        `^True ${diagonal?.actual}, predicted ${Math.min((diagonal?.actual ?? 0) + 1, 9)}:`,
      ),
    );

    // Count colouring is a toggle; the cells keep their names.
    await page.getByRole('radio', { name: 'Count' }).check();
    expect(await cells.count()).toBe(100);
    await page.context().close();
  });

  it('pauses, steps one batch, changes the learning rate while paused, resumes and completes', async () => {
    const page = await app.open();
    const id = await startRun(page, 'step by step', { ...STREAMING, epochs: 1 });
    await openRun(page, id);
    const pause = page.getByRole('button', { name: 'Pause', exact: true });
    const resume = page.getByRole('button', { name: 'Resume' });
    const step = page.getByRole('button', { name: 'Step one batch' });
    const rate = page.getByRole('spinbutton', { name: 'Learning rate' });
    await expect
      .poll(async () => (await batchCounter(page)).batch, { timeout: 30_000 })
      .toBeGreaterThan(0);
    expect(await rate.isDisabled()).toBe(true);
    expect(await step.isDisabled()).toBe(true);

    await pause.click();
    await waitUntil(async () => !(await resume.isDisabled()), 'the pause', 10_000);
    expect(await page.getByText('paused', { exact: true }).count()).toBeGreaterThan(0);
    const at = await batchCounter(page);
    await page.waitForTimeout(500);
    expect((await batchCounter(page)).batch).toBe(at.batch); // it really stopped

    await step.click();
    await expect.poll(async () => (await batchCounter(page)).batch).toBe(at.batch + 1);
    expect(await page.getByTestId('last-batch-loss').textContent()).toMatch(
      /^\d+(\.\d+)?(e-?\d+)?$/,
    );
    await waitUntil(async () => !(await step.isDisabled()), 'step to be ready', 5_000);
    await step.click();
    await expect.poll(async () => (await batchCounter(page)).batch).toBe(at.batch + 2);

    expect(await rate.isDisabled()).toBe(false);
    await rate.fill('0.0005');
    await page.getByRole('button', { name: 'Apply' }).click();
    const history = page.getByRole('list', { name: 'Run history' });
    await history.getByText(/Learning rate set to 0\.0005/).waitFor();
    expect(await history.getByText(/Paused at epoch 1, batch/).count()).toBe(1);
    expect(await history.getByText(/Stepped 2 batches/).count()).toBe(1);

    await resume.click();
    await history.getByText(/Resumed at epoch 1/).waitFor();
    await page.getByTestId('test-accuracy').waitFor({ timeout: 90_000 });
    // The epoch trained at the new rate from the step on.
    expect(
      await page
        .getByRole('region', { name: 'Epochs' })
        .getByRole('cell', { name: '0.000500' })
        .count(),
    ).toBe(1);
    await page.context().close();
  });

  it('cancels a run after asking for confirmation', async () => {
    const page = await app.open();
    const id = await startRun(page, 'to be cancelled', { ...STREAMING, epochs: 5 });
    await openRun(page, id);
    await expect
      .poll(async () => (await batchCounter(page)).batch, { timeout: 30_000 })
      .toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Cancel run…' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Stop this run?' });
    await dialog.getByRole('button', { name: 'Keep training' }).click();
    expect(await dialog.count()).toBe(0);
    await page.getByRole('button', { name: 'Cancel run…' }).click();
    await dialog.getByRole('button', { name: 'Stop the run' }).click();
    await page.getByText(/^Cancelled after \d of 5 epochs/).waitFor({ timeout: 15_000 });
    expect(await page.getByText('cancelled', { exact: true }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Pause', exact: true }).count()).toBe(0);
    await page.context().close();
  });

  it('shows why a run failed', async () => {
    const page = await app.open();
    // Leaky ReLU keeps every unit alive, so at the largest learning rate the weights blow up.
    const id = await startRun(page, 'too fast', {
      layers: [32],
      activations: ['leaky-relu'],
      optimizer: 'sgd',
      learningRate: 100,
      init: 'article',
      batchSize: 8,
      epochs: 1,
    });
    await openRun(page, id);
    await page
      .getByRole('heading', { name: 'Diverged: the loss blew up' })
      .waitFor({ timeout: 30_000 });
    expect(
      await page.getByText(/diverged: the loss became .* try a smaller learning rate/).count(),
    ).toBe(1);
    expect(await page.getByRole('link', { name: 'Train again' }).first().getAttribute('href')).toBe(
      `#/new?from=${id}`,
    );
    await page.context().close();
  });

  it('never blocks the page for more than 50 ms while a run streams progress', async () => {
    const page = await app.open();
    const id = await startRun(page, 'streaming', { ...STREAMING, epochs: 3 });
    await openRun(page, id);
    await expect.poll(() => points(page, 'Loss'), { timeout: 30_000 }).toBeGreaterThan(3);
    const start = await points(page, 'Loss');
    const longest = await page.evaluate(
      () =>
        new Promise<number[]>((resolve) => {
          const durations: number[] = [];
          const observer = new PerformanceObserver((list) => {
            for (const entry of list.getEntries()) durations.push(entry.duration);
          });
          // 'longtask' is a browser entry type; the test's Node typings do not list it.
          observer.observe({ type: 'longtask' } as unknown as Parameters<
            typeof observer.observe
          >[0]);
          setTimeout(() => {
            observer.disconnect();
            resolve(durations);
          }, 5_000);
        }),
    );
    // Events kept flowing during the window: about ten a second.
    expect((await points(page, 'Loss')) - start).toBeGreaterThan(20);
    expect(Math.max(0, ...longest)).toBeLessThanOrEqual(50);
    await page.getByRole('button', { name: 'Cancel run…' }).click();
    await page.getByRole('button', { name: 'Stop the run' }).click();
    await page.getByText(/^Cancelled after/).waitFor({ timeout: 15_000 });
    await page.context().close();
  });
});
