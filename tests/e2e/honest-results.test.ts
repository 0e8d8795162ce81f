// A learner trains SGD at learning rate 100 and at 3: the first blows up, the second ends with
// every test image read as one digit. Neither is shown as a success: the run page, the Runs
// table and Compare say diverged / collapsed, why and what to try, and the collapsed run's
// accuracy is not in success green (issue 11, item 2). A run at a sane rate stays green.
import type { Locator } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TrainConfig } from '../../src-core/config.ts';
import { callApi, openRun, screenshot, startRun, useApp, waitForEnd } from './harness.ts';
import { column } from './drawing.ts';

const app = useApp();
const ids = { blewUp: 0, collapsed: 0, learnt: 0 };

/** One small hidden layer, plain SGD, two epochs: seconds per run. */
const SGD: Partial<TrainConfig> = {
  layers: [32],
  activations: ['relu'],
  optimizer: 'sgd',
  epochs: 2,
};

/** The text colour of `target` and of the theme's success green. */
function colours(target: Locator): Promise<{ own: string; ok: string }> {
  return target.evaluate((e) => {
    // The page's DOM, typed by hand: the tests' types have none.
    const page = globalThis as unknown as {
      getComputedStyle(element: unknown): { color: string };
      document: {
        body: { append(element: unknown): void };
        createElement(tag: string): { style: { color: string }; remove(): void };
      };
    };
    const probe = page.document.createElement('span');
    probe.style.color = 'var(--ok)';
    page.document.body.append(probe);
    const ok = page.getComputedStyle(probe).color;
    probe.remove();
    return { own: page.getComputedStyle(e).color, ok };
  });
}

beforeAll(async () => {
  const page = await app.open();
  ids.blewUp = await startRun(page, 'sgd at 100', { ...SGD, learningRate: 100 });
  ids.collapsed = await startRun(page, 'sgd at 3', { ...SGD, learningRate: 3 });
  ids.learnt = await startRun(page, 'sgd at 0.1', { ...SGD, learningRate: 0.1 });
  expect(await waitForEnd(page, Object.values(ids))).toEqual(['failed', 'completed', 'completed']);
  await page.context().close();
});

describe('honest results', () => {
  it('the run page of a run that blew up says diverged, why, and which rates to try', async () => {
    const page = await app.open('dark');
    await page.setViewportSize({ width: 1024, height: 700 });
    await openRun(page, ids.blewUp);
    const verdict = page.getByRole('region', { name: 'Diverged: the loss blew up' });
    await verdict.waitFor();
    expect(await verdict.textContent()).toMatch(
      /The loss blew up to [\d.e]+ in epoch 1 \(batch \d+\), where a network that guesses scores 2\.30/,
    );
    expect(await verdict.textContent()).toContain(
      'What to try: The learning rate, 100, is too large for SGD. Try 0.1 or 0.01.',
    );
    expect(await page.getByText('diverged', { exact: true }).count()).toBe(1);
    // The header explains it; no second "This run failed" card with the raw message.
    expect(await page.getByRole('heading', { name: 'This run failed' }).count()).toBe(0);
    // No point will come: the curves say why there is none (or plot the reports it made).
    const curves = page.getByRole('region', { name: 'Curves' });
    expect(await curves.getByText('No points yet.').count()).toBe(0);
    if ((await curves.getByRole('figure').count()) === 0)
      await curves
        .getByText('The run stopped before finishing an epoch: nothing to plot.')
        .waitFor();
    const epochs = page.getByRole('region', { name: 'Epochs' });
    await epochs.getByText('The run stopped before finishing an epoch.').waitFor();
    await screenshot(page, 'honest-diverged-1024-dark');
  });

  it('the run page of a collapsed run names its one answer; its accuracy is not green', async () => {
    const page = await app.open('dark');
    await page.setViewportSize({ width: 1024, height: 700 });
    await openRun(page, ids.collapsed);
    const verdict = page.getByRole('region', { name: /^Collapsed: / });
    await verdict.waitFor();
    const text = (await verdict.textContent()) ?? '';
    expect(text).toMatch(/It reads (every|\d+% of) test images? as \d, so its test accuracy/);
    expect(text).toContain('The learning rate, 3, is too large for SGD. Try 0.1 or 0.01.');
    expect(await page.getByText('collapsed', { exact: true }).count()).toBe(1);
    const accuracy = await colours(page.getByTestId('test-accuracy'));
    expect(accuracy.own).not.toBe(accuracy.ok);
    await screenshot(page, 'honest-collapsed-1024-dark');
    await page.setViewportSize({ width: 1600, height: 900 });
    await screenshot(page, 'honest-collapsed-1600-dark');
  });

  it('a run that learnt has no verdict and its accuracy stays green', async () => {
    const page = await app.open('dark');
    await openRun(page, ids.learnt);
    await page.getByTestId('test-accuracy').waitFor();
    expect(await page.getByRole('region', { name: /^(Diverged|Collapsed): / }).count()).toBe(0);
    const accuracy = await colours(page.getByTestId('test-accuracy'));
    expect(accuracy.ok).toMatch(/^rgb\(/);
    expect(accuracy.own).toBe(accuracy.ok);
  });

  it('the Runs table says diverged and collapsed, with the collapsed accuracy not green', async () => {
    const page = await app.open('dark');
    for (const [width, height] of [
      [1024, 700],
      [1600, 900],
    ]) {
      await page.setViewportSize({ width, height });
      const row = (name: string) => page.getByRole('row', { name: new RegExp(name) });
      await row('sgd at 100').getByText('diverged', { exact: true }).waitFor();
      await row('sgd at 3').getByText('collapsed', { exact: true }).waitFor();
      // A screen reader hears why along with the state.
      expect(await row('sgd at 3').textContent()).toMatch(/collapsed\s*: no better than guessing/);
      await row('sgd at 0.1').getByText('completed', { exact: true }).waitFor();
      expect(await row('sgd at 3').getByText('collapsed').getAttribute('class')).toContain(
        'collapsed',
      );
      const cell = row('sgd at 3').getByText(/^\d+\.\d\d%$/);
      const accuracy = await colours(cell);
      expect(accuracy.own).not.toBe(accuracy.ok);
      await screenshot(page, `honest-runs-${width}-dark`);
    }
    // The status filter offers what the table shows, so the runs that blew up can be found.
    const status = page.getByRole('combobox', { name: 'Status' });
    const names = async () =>
      (
        await page
          .getByRole('row')
          .filter({ has: page.getByRole('checkbox') })
          .allTextContents()
      )
        .map((t) => /sgd at [\d.]+/.exec(t)?.[0])
        .filter((name) => name !== undefined);
    await status.selectOption('diverged');
    await expect.poll(names).toEqual(['sgd at 100']);
    await status.selectOption('collapsed');
    await expect.poll(names).toEqual(['sgd at 3']);
    await status.selectOption('completed');
    await expect.poll(names).toEqual(['sgd at 0.1']);
  });

  it('Compare shows each run’s state and why, and no best value of a run that did not learn', async () => {
    const page = await app.open('dark');
    await page.setViewportSize({ width: 1600, height: 900 });
    await page.evaluate(`location.hash = '#/compare?ids=${Object.values(ids).join(',')}'`);
    const results = page.getByRole('region', { name: 'Results' });
    const status = results.getByRole('row', { name: /^Status/ });
    await status.waitFor();
    const text = (await status.textContent()) ?? '';
    expect(text).toContain('diverged');
    expect(text).toContain('the loss blew up');
    expect(text).toMatch(/collapsed\s*reads (every image|\d+% of images) as \d/);
    expect(text).toContain('completed');
    // The diverged run's 0.1 s of training is not the best time: only the run that learnt counts.
    const time = results.getByRole('row', { name: /^Training time/ }).getByRole('cell');
    expect(await time.nth(0).textContent()).not.toContain('(best)');
    expect(await time.nth(2).textContent()).toContain('(best)');
    await results.scrollIntoViewIfNeeded();
    await screenshot(page, 'honest-compare-1600-dark');
  });

  it('Draw answers with the run that learnt and marks the collapsed one in its picker', async () => {
    const page = await app.open('dark');
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.evaluate(`location.hash = '#/draw'`);
    const picker = column(page, 1).getByRole('combobox', { name: 'Model 1' });
    await picker.waitFor();
    expect(await picker.inputValue()).toBe(String(ids.learnt));
    const option = picker.locator(`option[value="${ids.collapsed}"]`);
    await expect
      .poll(() => option.textContent())
      .toMatch(/sgd at 3 · [\d.]+% · collapsed: reads (every image|\d+% of images) as \d$/);
    // The run that blew up left no model to draw with.
    expect(await picker.locator(`option[value="${ids.blewUp}"]`).count()).toBe(0);
    await picker.selectOption(String(ids.collapsed));
    await column(page, 1).getByText('collapsed', { exact: true }).waitFor();
    expect(await column(page, 1).textContent()).toContain(
      'its answers say little about your digit',
    );
    await screenshot(page, 'honest-draw-collapsed-1024-dark');
  });

  // Last: it deletes the run that learnt.
  it('Draw chooses no model when none learnt, and says why', async () => {
    const page = await app.open();
    await callApi(page, 'deleteRuns', { ids: [ids.learnt] });
    await page.evaluate(`location.hash = '#/draw'`);
    await page.getByRole('heading', { name: 'No model has learnt the digits' }).waitFor();
    expect(await page.getByRole('combobox', { name: 'Model 1' }).count()).toBe(0);
    await screenshot(page, 'honest-draw-none-learnt');
    await page.getByRole('button', { name: '+ Add model' }).click();
    await column(page, 1).getByText('collapsed', { exact: true }).waitFor();
  });
});
