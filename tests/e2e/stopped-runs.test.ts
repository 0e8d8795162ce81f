// Runs that do not go straight to their end, in the browser: the Article preset (one full batch
// per epoch) shows its progress as it goes and follows pause → step → resume; and a run whose
// server was killed mid-run says so in words and, after a restart on the same data, resumes
// from its checkpoint to the end when the learner clicks Resume training.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../src-core/presets.ts';
import { CLOSED_WHILE_TRAINING } from '../../src-main/contract/rows.ts';
import {
  callApi,
  fitViewport,
  openRun,
  screenshot,
  serve,
  startRun,
  useApp,
  waitUntil,
} from './harness.ts';

const counter = (page: Page) => page.getByTestId('batch-counter').textContent();
const epochShown = async (page: Page) =>
  Number(/Epoch (\d+) of/.exec((await page.locator('.where .epoch').textContent()) ?? '')?.[1]);
const imagesDone = async (page: Page) =>
  Number(
    (/([\d,]+) of 59,000 images/.exec((await counter(page)) ?? '')?.[1] ?? '-1').replace(/,/g, ''),
  );

describe('the Article preset (full batch)', () => {
  const app = useApp();

  it('shows progress within each epoch, speed and time left, and follows pause → step → resume', async () => {
    const page = await app.open();
    const id = await startRun(page, 'article live', { ...PRESETS.article, epochs: 200 });
    await openRun(page, id);
    await waitUntil(async () => (await imagesDone(page)) > 0, 'images done within an epoch');
    const bar = page.getByRole('progressbar', { name: /Epoch \d+ progress/ });
    expect(Number(await bar.getAttribute('value'))).toBeGreaterThan(0);
    await expect.poll(() => page.getByText(/[\d,]+ samples\/s/).count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByText(/^about /).count()).toBeGreaterThan(0);
    await screenshot(page, 'article-progress');

    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByText('Paused. Step trains one batch').waitFor();
    const paused = await epochShown(page);
    await page.getByRole('button', { name: 'Step one batch' }).click();
    await waitUntil(async () => (await epochShown(page)) === paused + 1, 'the step’s epoch');
    await page.getByRole('button', { name: 'Resume', exact: true }).click();
    // Live again: the epoch moves on and the images within it with it.
    await waitUntil(async () => (await epochShown(page)) >= paused + 3, 'epochs after resuming');
    await waitUntil(async () => (await imagesDone(page)) > 0, 'images done after resuming');
    const table = await callApi<{ epochsDone: number }>(page, 'getRun', { id });
    expect(Math.abs(table.epochsDone - (await epochShown(page)))).toBeLessThanOrEqual(2);
    await screenshot(page, 'article-after-resume');
    await callApi(page, 'cancelRun', { id });
    // A cancelled run is tested with its best checkpoint, and its page shows the result.
    await page.getByTestId('test-accuracy').waitFor({ timeout: 60_000 });
    await page.getByText(/best checkpoint before the cancel/).waitFor();
    await screenshot(page, 'article-cancelled-results');
  }, 180_000);
});

describe('a run whose server was killed', () => {
  const app = useApp();

  it('is shown as interrupted in words, and Resume training takes it to the end', async () => {
    const first = app.server;
    let page = await app.open();
    const config = { layers: [32], activations: ['relu' as const], batchSize: 64, epochs: 4 };
    const id = await startRun(page, 'killed mid-run', config);
    await waitUntil(
      async () => (await callApi<{ epochsDone: number }>(page, 'getRun', { id })).epochsDone >= 1,
      'a first checkpoint',
    );
    first.process.kill('SIGKILL');
    await first.stop();
    await page.context().close();

    app.server = await serve({ dir: first.dir });
    page = await app.open();
    await openRun(page, id);
    // The dead server's heartbeat goes stale within seconds; the page hears of it.
    await page
      .getByRole('heading', { name: 'This run was interrupted' })
      .waitFor({ timeout: 30_000 });
    await page.getByText(CLOSED_WHILE_TRAINING).waitFor();
    // In words: which process went quiet is kept behind a disclosure, not shown as an error.
    const problem = page.getByRole('region', { name: 'This run was interrupted' });
    expect(await problem.locator('pre').count()).toBe(0);
    expect(await problem.getByText(/process \d+/).isVisible()).toBe(false);
    await screenshot(page, 'run-interrupted');
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'run-interrupted-dark-1024');
    await page.emulateMedia({ colorScheme: 'light' });

    const resume = page.getByRole('button', { name: 'Resume training' });
    await resume.focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('test-accuracy').waitFor({ timeout: 120_000 });
    const run = await callApi<{ status: string; epochsDone: number; history: { kind: string }[] }>(
      page,
      'getRun',
      { id },
    );
    expect(run).toMatchObject({ status: 'completed', epochsDone: 4 });
    expect(run.history.map((h) => h.kind)).toEqual(['continued']);
    await page.getByText(/Resumed from the checkpoint after epoch \d/).waitFor();
    await fitViewport(page);
    await screenshot(page, 'run-resumed-completed');
  }, 240_000);
});
