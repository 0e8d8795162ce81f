// The curves stay readable whatever a run does: a run that blew up (SGD at learning rate 100,
// losses of 1e8 and more) gets short tick labels that fit beside the axis title, and a log scale
// one key press away; Compare lines up a short and a longer run by fraction of training and
// zooms; the text screen readers get in place of the curves follows a run as it trains.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { PRESETS } from '../../src-core/presets.ts';
import { Store } from '../../src-main/store/store.ts';
import { epochRow, newRun, OWNER, RESULT, START, weights } from '../fixtures/store/builders.ts';
import {
  callApi,
  fitViewport,
  openRun,
  screenshot,
  startRun,
  STREAMING,
  useApp,
} from './harness.ts';

const app = useApp();
let blewUp = 0;
let tame = 0;

/**
 * Saves a completed run straight into the server's database, as the store's tests build them:
 * `losses` are its training losses per epoch (validation 10% above), each epoch also with a
 * live point half-way through. How a run that blew up looked before training stopped such runs.
 */
function insertRun(
  db: string,
  datasetId: number,
  name: string,
  planned: number,
  losses: readonly number[],
): number {
  const store = Store.open(db);
  try {
    const run = store.createRun(
      newRun(datasetId, { name, config: { ...PRESETS.quick, epochs: planned } }),
    );
    store.startRun(run.id, START, OWNER);
    losses.forEach((loss, i) => {
      const epoch = i + 1;
      const accuracy = Math.min(0.95, 0.09 + 0.1 / loss);
      store.addProgress(run.id, {
        epoch,
        batch: 10,
        batches: 20,
        images: 640,
        loss,
        accuracy,
        samplesPerSecond: 900,
        elapsedSeconds: epoch,
      });
      store.addEpoch(
        run.id,
        {
          ...epochRow(epoch),
          trainLoss: loss,
          validationLoss: loss * 1.1,
          trainAccuracy: accuracy,
          validationAccuracy: accuracy,
        },
        weights(run.parameters, epoch),
      );
    });
    const last = store.getEpochs(run.id).at(-1)!;
    const result = { ...RESULT, testLoss: last.trainLoss, testAccuracy: last.trainAccuracy };
    store.completeRun(run.id, result, weights(run.parameters, 10));
    return run.id;
  } finally {
    store.close();
  }
}

beforeAll(async () => {
  // The app registers MNIST when it is first asked for datasets.
  const page = await app.open();
  const [dataset] = await callApi<{ id: number }[]>(page, 'listDatasets', {});
  await page.context().close();
  blewUp = insertRun(app.server.db, dataset.id, 'blew up', 3, [2.3e4, 4.1e6, 1.9e8]);
  const tameLosses = Array.from({ length: 9 }, (_, i) => 0.5 / (i + 1));
  tame = insertRun(app.server.db, dataset.id, 'tame', 9, tameLosses);
});

interface YAxis {
  plotLeft: number;
  size: number;
  labelSize: number;
  tickSize: number;
  gap: number;
  font: string;
  ticks: { text: string; y: number }[];
}

interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** A chart's y axis as drawn, and the box of each tick text and of the axis title, in CSS
 * pixels from the canvas' left edge, measured in the page with the axis' font. */
async function yAxis(
  page: Page,
  chart = 'Loss',
): Promise<{ axis: YAxis; ticks: Box[]; title: Box }> {
  const figure = page.getByRole('figure', { name: chart });
  await expect.poll(() => figure.getAttribute('data-y-axis')).not.toBeNull();
  const axis = JSON.parse((await figure.getAttribute('data-y-axis')) ?? '') as YAxis;
  // Measured in the page (the test's own code has no DOM), with the font the axis drew with.
  const sizes = (await page.evaluate(`(() => {
    const ctx = document.createElement('canvas').getContext('2d');
    ctx.font = ${JSON.stringify(axis.font)};
    return ${JSON.stringify(axis.ticks.map((t) => t.text))}.map((t) => {
      const m = ctx.measureText(t);
      return { width: m.width, up: m.actualBoundingBoxAscent, down: m.actualBoundingBoxDescent };
    });
  })()`)) as { width: number; up: number; down: number }[];
  // uPlot right-aligns y tick text at the tick mark and the gap left of the plot, centred on the
  // tick; the title (rotated) fills the label band just outside the axis.
  const right = axis.plotLeft - axis.tickSize - axis.gap;
  const ticks = axis.ticks.map((t, i) => ({
    left: right - sizes[i].width,
    right,
    top: t.y - (sizes[i].up + sizes[i].down) / 2,
    bottom: t.y + (sizes[i].up + sizes[i].down) / 2,
  }));
  const titleRight = axis.plotLeft - axis.size;
  return {
    axis,
    ticks,
    title: { left: titleRight - axis.labelSize, right: titleRight, top: 0, bottom: Infinity },
  };
}

/** Scrolls the run page's scrolling area so the charts are in the middle of the window. */
const showCharts = (page: Page) =>
  page.getByRole('figure', { name: 'Loss' }).evaluate((e) => e.scrollIntoView({ block: 'center' }));

/** A number as a tick should read: "0.5", "1.9e8", "2e-4". */
const NUMBER = /^-?\d+(\.\d+)?(e-?\d+)?$/;

function expectReadableTicks(
  { axis, ticks, title }: Awaited<ReturnType<typeof yAxis>>,
  what: string,
  pattern = NUMBER,
) {
  expect(axis.ticks.length, what).toBeGreaterThan(1);
  for (const [i, t] of axis.ticks.entries()) {
    expect(t.text, what).toMatch(pattern);
    expect(t.text.length, what).toBeLessThanOrEqual(7);
    // Whole: inside the canvas; clear of the axis title.
    expect(ticks[i].left, `${what}: "${t.text}" clipped`).toBeGreaterThanOrEqual(title.right);
  }
  expect(title.left, `${what}: title clipped`).toBeGreaterThanOrEqual(0);
  const byY = [...ticks].sort((a, b) => a.top - b.top);
  for (let i = 1; i < byY.length; i++)
    expect(byY[i].top, `${what}: ticks overlap`).toBeGreaterThan(byY[i - 1].bottom);
}

describe('chart axes', () => {
  it("write a diverged run's huge losses short, whole and clear of the axis title", async () => {
    const page = await app.open('dark');
    const run = await callApi<{ epochs: { trainLoss: number }[] }>(page, 'getRun', {
      id: blewUp,
    });
    // The premise: this run's loss is huge.
    expect(Math.max(...run.epochs.map((e) => e.trainLoss).filter(Number.isFinite))).toBeGreaterThan(
      1e4,
    );
    for (const [width, height] of [
      [1024, 700],
      [1680, 900],
    ]) {
      await page.setViewportSize({ width, height });
      await openRun(page, blewUp);
      const measured = await yAxis(page);
      expectReadableTicks(measured, `${width}px`);
      expect(measured.axis.ticks.some((t) => t.text.includes('e'))).toBe(true);
      // Its accuracy is stuck at chance, varying in the fifth digit: ticks still differ.
      const accuracy = await yAxis(page, 'Accuracy');
      expectReadableTicks(accuracy, `${width}px, accuracy`, /^\d+(\.\d+)?%$/);
      const texts = accuracy.axis.ticks.map((t) => t.text);
      expect(new Set(texts).size, texts.join(' ')).toBe(texts.length);
      await showCharts(page);
      await screenshot(page, `charts-diverged-${width}-dark`);
    }
    await page.context().close();
  });

  it('offer a log scale for loss, by keyboard, remembered after a reload and in Compare', async () => {
    const page = await app.open('dark');
    await page.setViewportSize({ width: 1024, height: 700 });
    await openRun(page, blewUp);
    const linear = await yAxis(page);
    // Tab from the smoothing slider reaches the toggle; Space turns it on.
    await page.getByRole('slider', { name: 'Smoothing' }).focus();
    await page.keyboard.press('Tab');
    const toggle = page.getByRole('checkbox', { name: 'Log scale' });
    expect(await page.locator('label:has(input:focus)').textContent()).toMatch(/^\s*Log scale\s*$/);
    await page.keyboard.press('Space');
    expect(await toggle.isChecked()).toBe(true);
    await expect
      .poll(async () => (await yAxis(page)).axis.ticks.map((t) => t.text))
      .not.toEqual(linear.axis.ticks.map((t) => t.text));
    const log = await yAxis(page);
    expectReadableTicks(log, 'log scale');
    // On a log axis the ticks span powers of ten.
    const values = log.axis.ticks.map((t) => Number(t.text));
    expect(Math.max(...values) / Math.min(...values)).toBeGreaterThanOrEqual(100);
    await showCharts(page);
    await screenshot(page, 'charts-log-1024-dark');

    await page.reload();
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await page.getByRole('checkbox', { name: 'Log scale' }).isChecked()).toBe(true);
    await page.evaluate(`location.hash = '#/compare?ids=${tame},${blewUp}'`);
    const compareToggle = page.getByRole('checkbox', { name: 'Log scale' });
    await compareToggle.waitFor();
    expect(await compareToggle.isChecked()).toBe(true);
    expectReadableTicks(await yAxis(page), 'compare, log scale');
    await compareToggle.uncheck();
    expectReadableTicks(await yAxis(page), 'compare, linear');
    await page.context().close();
  });

  it('line up a short and a longer run in Compare by fraction of training, and zoom', async () => {
    const page = await app.open('dark');
    await page.evaluate(`location.hash = '#/compare?ids=${tame},${blewUp}'`);
    const accuracy = page.getByRole('figure', { name: 'Accuracy' });
    await accuracy.waitFor();
    await page.getByRole('radio', { name: 'Fraction of training' }).check();
    // Epochs 1–9 of the tame run and 1–3 of the other land on the same nine ninths.
    await expect.poll(() => accuracy.getAttribute('data-points')).toBe('9');
    expect(await accuracy.locator('p.visually-hidden').textContent()).toMatch(
      /by share of planned epochs done/,
    );

    // Drag across the chart zooms in; "Reset zoom" appears, and shows it all again.
    const over = accuracy.locator('.u-over');
    const box = (await over.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.1, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    const reset = accuracy.getByRole('button', { name: 'Reset zoom' });
    await reset.waitFor();
    await fitViewport(page);
    await screenshot(page, 'charts-compare-fraction-zoomed');
    await reset.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => reset.count()).toBe(0);
    await page.context().close();
  });
});

describe('the curves summary for screen readers', () => {
  it('follows the run while it trains', async () => {
    const page = await app.open();
    const id = await startRun(page, 'streams', { ...STREAMING, epochs: 1 });
    await openRun(page, id);
    const summary = page.getByRole('figure', { name: 'Loss' }).locator('p.visually-hidden');
    const batch = async () =>
      Number(/batch (\d+) of/.exec((await summary.textContent()) ?? '')?.[1] ?? 0);
    await expect.poll(batch, { timeout: 30_000 }).toBeGreaterThan(0);
    const first = await batch();
    await expect.poll(batch, { timeout: 30_000 }).toBeGreaterThan(first);
    expect(await summary.textContent()).toMatch(
      // The loss as the app writes losses: four significant digits (lib/format.ts).
      /^Epoch 1, batch \d+ of \d+: training loss so far \d+(\.\d+)?\.$/,
    );
    await callApi(page, 'cancelRun', { id });
    await page.context().close();
  });
});
