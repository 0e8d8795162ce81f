// A learner looks inside a trained network in the browser: the gradient norms of each layer,
// the first layer's weights as images (paged past 64 units), the activations of every layer for
// a test image (a random one, or one chosen in the confusion matrix), a gradient check that
// passes, and the run exported as JSON, ONNX and CSV.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRun, SCREENSHOTS, SMALL, useApp } from './harness.ts';

const app = useApp({
  runs: {
    'look inside': { ...SMALL, layers: [32], epochs: 2 },
    'eighty units': { layers: [80], activations: ['sigmoid'], epochs: 1 },
  },
  timeout: 240_000,
});
/** 784-32-10. */
const small = () => app.ids[0];
/** 784-80-10: two pages of weight images. */
const wide = () => app.ids[1];

describe('inside the network', () => {
  it('shows the gradient norms, the first-layer weights and a test image’s activations', async () => {
    const page = await app.open();
    await openRun(page, small());
    const inside = page.getByRole('region', { name: 'Inside the network' });
    await inside.waitFor();

    // One line per layer, a point per epoch.
    const norms = inside.getByRole('figure', { name: 'Gradient norm per layer' });
    expect(await norms.getAttribute('data-points')).toBe('2');
    expect(await norms.getByText('layer 1 (784→32)', { exact: true }).count()).toBe(1);
    expect(await norms.getByText('layer 2 (32→10)', { exact: true }).count()).toBe(1);
    // The axis is labelled with norms (positive numbers), not the log10 values it plots.
    await expect.poll(() => norms.getAttribute('data-y-axis')).not.toBeNull();
    const axis = JSON.parse((await norms.getAttribute('data-y-axis')) ?? '') as {
      ticks: { text: string }[];
    };
    expect(axis.ticks.length).toBeGreaterThan(0);
    for (const { text } of axis.ticks) expect(Number(text)).toBeGreaterThan(0);

    // One 28×28 canvas per hidden unit, all on one page.
    const weights = inside.getByRole('region', { name: 'First-layer weights' });
    await weights.locator('canvas').first().waitFor();
    expect(await weights.locator('canvas').count()).toBe(32);
    expect(await weights.getByText('units 1–32 of 32').count()).toBe(1);
    expect(await weights.getByRole('button', { name: 'Next' }).count()).toBe(0);
    expect(await weights.locator('canvas').first().getAttribute('width')).toBe('28');
    expect(
      await weights
        .getByRole('img', { name: /^Unit 1: weights from −?\d\.\d{3} to −?\d\.\d{3}$/ })
        .count(),
    ).toBe(1);
    // The canvases hold colours, not a blank picture.
    const distinct = await weights
      .locator('canvas')
      .first()
      .evaluate((el) => {
        const canvas = el as unknown as {
          getContext(kind: '2d'): { getImageData(...a: number[]): { data: Uint8ClampedArray } };
        };
        const { data } = canvas.getContext('2d').getImageData(0, 0, 28, 28);
        return new Set(Array.from({ length: 784 }, (_, i) => data[4 * i])).size;
      });
    expect(distinct).toBeGreaterThan(20);

    // A random test image through the network: a strip per hidden layer and the answer, which is
    // the back end's answer for the same image (the same weights, forward pass here).
    const activations = inside.getByRole('region', { name: 'Activations for a test image' });
    await activations.getByRole('button', { name: 'Random test image' }).click();
    const strip = activations.getByRole('img', { name: /^Hidden layer 1 \(ReLU, 32 units\): / });
    await strip.waitFor();
    expect(await strip.locator('.cell').count()).toBe(32);
    expect(await strip.getAttribute('aria-label')).toMatch(
      /: \d+ of 32 units active; strongest unit \d+ at /,
    );
    expect(await strip.locator('.cell').first().getAttribute('title')).toMatch(/^unit 1: /);
    expect(
      await activations
        .getByRole('list', { name: 'Probability of each digit' })
        .locator('li')
        .count(),
    ).toBe(10);
    const thumbnail = await activations
      .getByRole('img', { name: /^Test image \d+: / })
      .getAttribute('aria-label');
    const answer = await activations
      .getByText(/^Output \(softmax\): the answer is \d$/)
      .textContent();
    expect(answer?.at(-1)).toBe(/^Test image \d+: (\d)/.exec(thumbnail ?? '')?.[1]);

    // Or an image from the confusion matrix: the first image of the first cell of mistakes.
    const mistake = page
      .getByRole('button', { name: /^True (\d), predicted (?!\1)\d: [1-9]/ })
      .first();
    await mistake.click();
    const pick = page
      .getByRole('button', { name: /^Look inside the network with test image \d+$/ })
      .first();
    await pick.waitFor();
    const index = /(\d+)$/.exec((await pick.getAttribute('aria-label')) ?? '')?.[1];
    await pick.click();
    expect(await pick.getAttribute('aria-pressed')).toBe('true');
    await activations.getByText(`Test image ${index}, a `).waitFor();
    await page.getByRole('button', { name: 'Show it' }).click();
    await inside.getByRole('button', { name: 'Gradient check' }).click();
    await inside.getByRole('status').waitFor();

    mkdirSync(SCREENSHOTS, { recursive: true });
    // The app scrolls inside its main area: a window as tall as the view shows all of it.
    const height = (await page.evaluate(`document.querySelector('main').scrollHeight`)) as number;
    await page.setViewportSize({ width: 1280, height: Math.max(800, height) });
    await inside.screenshot({ path: join(SCREENSHOTS, 'inside-network.png') });
    await page.context().close();
  });

  it('pages the weight images 64 units at a time', async () => {
    const page = await app.open();
    await openRun(page, wide());
    const weights = page.getByRole('region', { name: 'First-layer weights' });
    await weights.locator('canvas').first().waitFor();
    expect(await weights.locator('canvas').count()).toBe(64);
    expect(await weights.getByText('units 1–64 of 80').count()).toBe(1);
    expect(await weights.getByRole('button', { name: 'Previous' }).isDisabled()).toBe(true);
    await weights.getByRole('button', { name: 'Next' }).click();
    await weights.getByText('units 65–80 of 80').waitFor();
    expect(await weights.locator('canvas').count()).toBe(16);
    expect(await weights.getByRole('img', { name: /^Unit 65: / }).count()).toBe(1);
    expect(await weights.getByRole('button', { name: 'Next' }).isDisabled()).toBe(true);
    // One colour scale for all units: the images are redrawn, the page stays.
    await weights.getByRole('radio', { name: 'Shared by all' }).check();
    expect(await weights.locator('canvas').count()).toBe(16);
    await weights.getByRole('button', { name: 'Previous' }).click();
    await weights.getByText('units 1–64 of 80').waitFor();
    await page.context().close();
  });

  it('checks backprop’s gradients against measured slopes, without blocking the page', async () => {
    const page = await app.open();
    await openRun(page, wide());
    const check = page.getByRole('region', { name: 'Gradient check' });
    await check.getByRole('button', { name: 'Gradient check' }).click();
    const verdict = check.getByRole('status');
    await verdict.waitFor();
    expect(await verdict.textContent()).toMatch(/^Passed: \d+ parameters checked in \d+ ms\.$/);
    const ms = Number(/in (\d+) ms/.exec((await verdict.textContent()) ?? '')?.[1]);
    expect(ms).toBeLessThan(50);
    const rows = check.getByRole('row');
    expect(await rows.count()).toBe(3); // the header and two layers
    expect(await rows.nth(1).textContent()).toContain('layer 1 (784→80) (4→4)');
    expect(await check.getByRole('cell', { name: 'passed', exact: true }).count()).toBe(2);
    await page.context().close();
  });

  it('exports the model as JSON and ONNX and the metrics as CSV', async () => {
    const page = await app.open();
    await openRun(page, small());
    const exports = page.getByRole('region', { name: 'Export' });
    const save = async (label: string) => {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        exports.getByRole('button', { name: label }).click(),
      ]);
      return { name: download.suggestedFilename(), bytes: readFileSync(await download.path()) };
    };

    const json = await save('Model (JSON)');
    expect(json.name).toBe(`run-${small()}-look-inside.json`);
    const doc = JSON.parse(json.bytes.toString('utf8')) as { format: string; sizes?: number[] };
    expect(doc.format).toBe('backprop-lab-model');

    const onnx = await save('Model (ONNX)');
    expect(onnx.name).toBe(`run-${small()}-look-inside.onnx`);
    expect(onnx.bytes.length).toBeGreaterThan(4 * 784 * 32);

    const csv = await save('Metrics (CSV)');
    expect(csv.name).toBe(`run-${small()}-look-inside-epochs.csv`);
    const lines = csv.bytes.toString('utf8').trim().split('\n');
    expect(lines[0]).toMatch(/^epoch,trainLoss,trainAccuracy,/);
    expect(lines).toHaveLength(3);
    await page.context().close();
  });
});
