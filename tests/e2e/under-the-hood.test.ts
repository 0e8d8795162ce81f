// A learner looks under the hood, by keyboard where there is no drawing to do: what the network
// looks at in a drawn digit, backprop step by step for it (forward, back, one update), and the
// page on where the blog's code differs from its math, with a measured difference shown from
// the saved runs and another one queued.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seed } from './seed-runs.ts';
import { callApi, fitViewport, openRun, screenshot, SMALL, useApp } from './harness.ts';
import { line, stroke } from './drawing.ts';

const app = useApp({
  runs: {
    'two hidden layers': { ...SMALL, layers: [32, 16], activations: ['relu', 'relu'] },
    'the same, seed 2': { ...SMALL, layers: [32, 16], activations: ['relu', 'relu'], seed: 2 },
  },
  timeout: 180_000,
});
/** The trained 784-32-16-10 runs. */
const trained = () => app.ids[0];
const twin = () => app.ids[1];

/** An Article preset run and the network with the gradient its code uses, as if trained earlier. */
const seedMeasured = () =>
  seed(app.server.db, [
    { name: 'Article preset', preset: 'article', accuracy: 0.8358 },
    {
      name: 'Article, as its code: cross-entropy gradient',
      preset: 'article',
      config: { loss: 'cross-entropy' },
      tags: ['blog-code', 'blog-code:cross-entropy'],
      accuracy: 0.8712,
    },
  ]);

/** Where the step-through says it is: "Step 3 of 24 · Forward pass: A1". */
const position = (page: Page) =>
  page.getByRole('group', { name: 'Backprop step by step' }).locator('.position').innerText();

/** The number of distinct colours on a canvas: a blank one has one. */
const colours = (page: Page, name: RegExp) =>
  page
    .getByRole('img', { name })
    .locator('canvas')
    .evaluate((el) => {
      // The tests see no DOM types: the canvas as far as this reads it.
      const canvas = el as unknown as {
        width: number;
        height: number;
        getContext(
          kind: '2d',
        ): { getImageData(...a: number[]): { data: Uint8ClampedArray } } | null;
      };
      const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data;
      const seen = new Set<number>();
      for (let i = 0; data !== undefined && i < data.length; i += 4)
        seen.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
      return seen.size;
    });

describe('under the hood', () => {
  it('shows what the network looks at in a drawn digit, and steps through it', async () => {
    const page = await app.open('dark');
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.evaluate(`location.hash = '#/draw?runs=${trained()}'`);
    const hood = page.getByRole('region', { name: 'Under the hood of your digit' });
    await hood.getByText('Draw a digit to see what the network looks at').waitFor();
    await stroke(page, line(140, 40, 140, 240));

    // The saliency map of its answer, drawn in more than the grey of the digit.
    const map = hood.getByRole('img', { name: /^Saliency of \d over the image/ });
    await map.waitFor();
    expect(await colours(page, /^Saliency of/)).toBeGreaterThan(20);
    // Why this and not that: the map of the difference between two digits.
    const versus = hood.getByRole('combobox', { name: 'and not' });
    await versus.focus();
    await versus.selectOption('7');
    await hood.getByRole('img', { name: /^Saliency of \d against 7/ }).waitFor();
    await hood.getByText(/more likely than 7/).waitFor();

    // Step through it: Next with the keyboard, then the arrow keys, forward and back.
    const next = hood.getByRole('button', { name: 'Next' });
    await next.focus();
    expect(await position(page)).toMatch(/^Step 1 of \d+ · Forward pass: X$/);
    await page.keyboard.press('Enter');
    expect(await position(page)).toMatch(/^Step 2 of \d+ · Forward pass: Z1$/);
    expect(await hood.getByTestId('formula').innerText()).toBe('Z1 = W1 · X + b1');
    expect(await hood.getByText('Shape (32, 1).').count()).toBe(1);
    await page.keyboard.press('ArrowRight');
    expect(await position(page)).toMatch(/Forward pass: A1$/);
    expect(await hood.getByTestId('formula').innerText()).toBe('A1 = ReLU(Z1)');
    await page.keyboard.press('ArrowLeft');
    expect(await position(page)).toMatch(/Forward pass: Z1$/);
    // Every value on demand, as a heatmap.
    const all = hood.getByText('All 32 values as a heatmap');
    await all.focus();
    await page.keyboard.press('Enter');
    await hood.getByRole('img', { name: /^Z1, \(32, 1\): 32 values from/ }).waitFor();
    await screenshot(page, 'under-the-hood-draw-1024');

    // To the backward pass: the output's gradient, then the last weights' (10, 16).
    await next.focus();
    while (!/: dZ3$/.test(await position(page))) await page.keyboard.press('ArrowRight');
    expect(await position(page)).toMatch(/Backward pass: dZ3$/);
    await page.keyboard.press('ArrowRight');
    expect(await hood.getByTestId('formula').innerText()).toBe('dW3 = dZ3 · A2ᵀ');
    expect(await hood.getByText('Shape (10, 16).').count()).toBe(1);
    expect(await hood.getByRole('row', { name: /^dW3\[\d, \d+\]/ }).count()).toBe(10);

    // At the end: one update of a chosen size lowers this image's loss.
    await page.keyboard.press('End');
    expect(await position(page)).toMatch(/Backward pass: db1$/);
    const rate = hood.getByRole('textbox', { name: 'Rate' });
    await rate.fill('0.1');
    await rate.press('Tab');
    await page.keyboard.press('Enter');
    const said = await hood.getByTestId('update-result').innerText();
    const [before, after] = [...said.matchAll(/Loss ([\d.]+) → ([\d.]+)/g)][0].slice(1).map(Number);
    expect(after).toBeLessThan(before);
    await page.setViewportSize({ width: 1600, height: 900 });
    await fitViewport(page);
    await screenshot(page, 'under-the-hood-draw-wide');
    await page.context().close();
  }, 60_000);

  it('steps through a confusion cell’s test image on Run detail, and shows what the network looks at', async () => {
    const page = await app.open('dark');
    await page.setViewportSize({ width: 1024, height: 700 });
    await openRun(page, trained());
    const hood = page.getByRole('region', { name: 'Under the hood: one test image' });
    await hood.getByText('Choose a test image by number here').waitFor();

    // A test image by its number, typed; one past the end is refused, saying why.
    const number = hood.getByRole('textbox', { name: 'Test image number' });
    await number.focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('999999');
    await page.keyboard.press('Enter');
    await hood
      .getByRole('alert')
      .getByText(/Could not load test image 999999: .*\d/)
      .waitFor();
    await number.focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('3');
    await page.keyboard.press('Enter');
    await hood.getByText('Test image 3, a ').waitFor();
    expect(await hood.getByRole('alert').count()).toBe(0);

    // A mistake from the confusion matrix, chosen by keyboard.
    const mistake = page
      .getByRole('button', { name: /^True (\d), predicted (?!\1)\d: [1-9]/ })
      .first();
    await mistake.focus();
    await page.keyboard.press('Enter');
    const pick = page
      .getByRole('button', { name: /^Look inside the network with test image \d+$/ })
      .first();
    await pick.waitFor();
    const index = /(\d+)$/.exec((await pick.getAttribute('aria-label')) ?? '')?.[1];
    await pick.focus();
    await page.keyboard.press('Enter');
    const look = page.getByRole('button', { name: 'What the network looks at' });
    await look.focus();
    await page.keyboard.press('Enter');
    await hood.getByText(`Test image ${index}, a `).waitFor();

    // The saliency map of the network's (wrong) answer.
    await hood.getByRole('img', { name: /^Saliency of \d over the image/ }).waitFor();
    expect(await colours(page, /^Saliency of/)).toBeGreaterThan(20);

    // Forward to the loss and back again, with the arrow keys.
    await hood.getByRole('button', { name: 'Next' }).focus();
    while (!/: L$/.test(await position(page))) await page.keyboard.press('ArrowRight');
    expect(await hood.getByTestId('formula').innerText()).toBe('L = −Σ Y ⊙ log(A3)');
    await page.keyboard.press('ArrowRight');
    expect(await position(page)).toMatch(/Backward pass: dZ3$/);
    expect(await hood.getByTestId('formula').innerText()).toBe('dZ3 = A3 − Y');
    await page.keyboard.press('ArrowLeft');
    expect(await position(page)).toMatch(/Loss: L$/);
    await hood.getByTestId('formula').scrollIntoViewIfNeeded();
    await screenshot(page, 'under-the-hood-run-1024');
    await page.context().close();
  }, 60_000);

  it('lists where the blog’s code differs, with a measured difference and one queued', async () => {
    const seeded = seedMeasured();
    const page = await app.open('dark');
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.evaluate(`location.hash = '#/new'`);
    const link = page.getByRole('link', { name: 'Where the blog’s code differs' });
    await link.focus();
    await page.keyboard.press('Enter');
    await page
      .getByRole('heading', { level: 1, name: 'Where the blog’s code differs from its math' })
      .waitFor();
    expect(await page.title()).toBe('The blog’s code · Backprop Lab');
    for (const title of [
      'forward_prop skips the second ReLU',
      'backwards_prop starts from the gradient of cross-entropy, not of squared error',
      'dB2 sums over the whole matrix',
      'gradient_descent unpacks four parameters from six',
    ])
      expect(await page.getByRole('heading', { name: new RegExp(title) }).count()).toBe(1);

    // The saved runs' results, read back by tag, and a link to compare them.
    const measured = page.getByRole('group', {
      name: 'Measured: the Article network trained on cross-entropy',
    });
    await measured
      .getByText(/^Test accuracy 87\.12% against 83\.58% for the Article preset: \+3\.54 points/)
      .waitFor();
    const [presetId, variantId] = seeded;
    expect(
      await measured
        .getByRole('link', { name: /^Compare Article preset with Article, as its code/ })
        .getAttribute('href'),
    ).toBe(`#/compare?ids=${presetId},${variantId}`);
    await screenshot(page, 'article-notes-1024');

    // Queue the network without its second ReLU: an ordinary run beside an Article preset run.
    const relu = page.getByRole('group', {
      name: 'Measured: the Article network without its second ReLU',
    });
    const queue = relu.getByRole('button', {
      name: 'Queue the Article network without its second ReLU',
    });
    await queue.focus();
    await page.keyboard.press('Enter');
    await relu
      .getByRole('link', { name: 'Article, as its code: no second ReLU', exact: true })
      .waitFor();
    const queued = await callApi<
      { id: number; preset: string; config: { activations: string[]; loss: string } }[]
    >(page, 'listRuns', { tag: 'blog-code:no-second-relu' });
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({
      preset: 'article',
      config: { activations: ['relu', 'identity'], loss: 'mse' },
    });
    const all = await callApi<
      { id: number; name: string; preset: string; presetModified: boolean }[]
    >(page, 'listRuns', {});
    const beside = all.filter((r) => r.name === 'Article preset' && !seeded.includes(r.id));
    expect(beside).toHaveLength(1);
    await relu
      .getByRole('link', {
        name: /^Compare Article preset with Article, as its code: no second ReLU/,
      })
      .waitFor();
    await page.setViewportSize({ width: 1600, height: 900 });
    await fitViewport(page);
    await screenshot(page, 'article-notes-wide');
    // 300 full-batch epochs each: not for this test to wait on.
    for (const run of [...queued, ...beside]) await callApi(page, 'cancelRun', { id: run.id });
    await page.context().close();
  }, 60_000);

  it('draws the loss landscape: start to end, between two runs aligned, a map, and a cancel', async () => {
    const page = await app.open('dark');
    await page.setViewportSize({ width: 1024, height: 700 });
    // From Compare: the line between the two runs, computed at once, units aligned.
    await page.evaluate(`location.hash = '#/compare?ids=${trained()},${twin()}'`);
    const between = page.getByRole('link', { name: /^Between these runs/ });
    await between.focus();
    await page.keyboard.press('Enter');
    const land = page.getByRole('region', { name: 'Landscape' });
    const barrier = land.getByTestId('barrier');
    await barrier.getByText(/with the hidden units aligned first/).waitFor({ timeout: 60_000 });
    const loss = land.getByRole('figure', { name: 'Loss' });
    expect(await loss.getAttribute('data-points')).toBe('21');
    await loss.getByText(/^As trained: highest loss .*; Units aligned: highest loss/).waitFor();
    await land.getByText(/^Evaluated on the first 2,000 images of run \d+/).waitFor();
    await land.scrollIntoViewIfNeeded();
    await screenshot(page, 'landscape-between-1024');

    // Start to end, chosen with the arrow keys in the radio group.
    const show = land.getByRole('radio', { name: 'Start to end' });
    await show.focus();
    await page.keyboard.press('Space');
    const compute = land.getByRole('button', { name: 'Compute' });
    await compute.focus();
    await page.keyboard.press('Enter');
    await barrier.getByText(/^On the way the loss rises at most/).waitFor({ timeout: 60_000 });

    // A 5 × 5 map around the end, with the training path on it.
    await land.getByRole('radio', { name: 'Map around the end' }).focus();
    await page.keyboard.press('Space');
    // A grid the back end does not allow is refused, saying what it allows.
    await land.getByRole('textbox', { name: 'Points per side' }).fill('70');
    await compute.focus();
    await page.keyboard.press('Enter');
    await land.getByRole('alert').getByText(/61/).waitFor();
    await land.getByRole('textbox', { name: 'Points per side' }).fill('5');
    await compute.focus();
    await page.keyboard.press('Enter');
    await land
      .getByRole('img', { name: /^Loss around the final weights, 5 × 5 points: .*epoch 1\.$/ })
      .waitFor({ timeout: 60_000 });
    expect(await land.locator('rect').count()).toBe(25);
    await page.setViewportSize({ width: 1600, height: 900 });
    await land.scrollIntoViewIfNeeded();
    await screenshot(page, 'landscape-map-wide');

    // The path's own plane needs three points of it; one epoch gives two, and it says so.
    await land.getByRole('combobox', { name: 'Plane' }).selectOption('pca');
    await compute.focus();
    await page.keyboard.press('Enter');
    await land
      .getByRole('alert')
      .getByText(/needs 3 .*use plane random/)
      .waitFor();

    // The largest map a request allows takes long enough to cancel.
    await land.getByRole('combobox', { name: 'Plane' }).selectOption('random');
    await land.getByRole('textbox', { name: 'Points per side' }).fill('61');
    await compute.focus();
    await page.keyboard.press('Enter');
    const cancel = land.getByRole('button', { name: 'Cancel' });
    await cancel.waitFor();
    expect(await land.getByRole('progressbar', { name: 'Landscape computed' }).count()).toBe(1);
    await cancel.focus();
    await page.keyboard.press('Enter');
    await land.getByText('Cancelled. Compute starts it again.').waitFor();
    await page.context().close();
  }, 180_000);
});
