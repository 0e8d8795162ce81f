// A learner draws digits with the mouse and watches trained models read them: the 28×28 input
// appears beside the pad, the probabilities follow every stroke, and models can be switched and
// put side by side. Everything after the first load of each model happens in the page.
import { describe, expect, it } from 'vitest';
import { hash, screenshot, SMALL, startRun, useApp, waitForRuns } from './harness.ts';
import {
  column,
  ellipse,
  expectInView,
  line,
  pad,
  percentages,
  preview,
  stroke,
  topOf,
} from './drawing.ts';

const app = useApp();
const ids: number[] = [];

/** One hidden layer of 64 that trains two epochs in seconds. */
const MODEL = { ...SMALL, layers: [64], epochs: 2 };

describe('draw', () => {
  it('says what to do while no model has been trained', async () => {
    const page = await app.open();
    await page.getByRole('link', { name: 'Draw' }).click();
    await page.getByRole('heading', { name: 'No trained model yet' }).waitFor();
    const link = page.getByRole('link', { name: 'Train a model with the Quick preset' });
    expect(await link.getAttribute('href')).toBe('#/new');
    // The pad and the preview work without a model.
    await stroke(page, line(140, 50, 140, 230));
    await preview(page)
      .and(page.getByRole('img', { name: /^The drawing/ }))
      .waitFor();
    await screenshot(page, 'draw-no-models');

    ids.push(await startRun(page, 'relu 64', MODEL));
    ids.push(await startRun(page, 'relu 32', { ...MODEL, layers: [32], seed: 2 }));
    ids.push(await startRun(page, 'relu 16', { ...MODEL, layers: [16], seed: 3 }));
    await page.getByText('3 runs are training now').waitFor();
    await waitForRuns(page, ids, 150_000);
    await page.context().close();
  }, 180_000);

  it('reads a drawn 1, clears with a key and undoes a stroke', async () => {
    const page = await app.open();
    await page.evaluate(`location.hash = '#/draw'`);
    const first = column(page, 1);
    await first.waitFor();
    // With no model chosen, the most accurate completed run answers.
    expect(await first.getByRole('combobox', { name: 'Model 1' }).inputValue()).toMatch(
      new RegExp(`^(${ids.join('|')})$`),
    );
    await preview(page)
      .and(page.getByRole('img', { name: /draw a digit/ }))
      .waitFor();
    expect(await page.getByText('Draw a digit', { exact: true }).isVisible()).toBe(true);
    expect(await topOf(first)).toBe('');
    expect(await pad(page).evaluate((el) => el.querySelector('canvas')?.width)).toBe(280);
    await screenshot(page, 'draw-empty');

    // A "1": one vertical stroke.
    await stroke(page, line(140, 40, 140, 240));
    await preview(page)
      .and(page.getByRole('img', { name: /^The drawing/ }))
      .waitFor();
    expect(await page.getByText('Draw a digit', { exact: true }).count()).toBe(0);
    await expect.poll(() => topOf(first)).toBe('1');
    const ones = await percentages(first);
    expect(Math.abs(ones.reduce((a, b) => a + b, 0) - 100)).toBeLessThanOrEqual(5);
    expect(ones[1]).toBe(Math.max(...ones));
    expect(await first.getByRole('meter', { name: /^1: \d+%$/ }).count()).toBe(1);
    expect(await first.getByRole('list', { name: /^Probabilities from #\d+/ }).count()).toBe(1);
    await screenshot(page, 'draw-digit');

    // The pad has the focus after drawing: Escape clears it.
    await page.keyboard.press('Escape');
    await page.getByText('Draw a digit', { exact: true }).waitFor();
    await expect.poll(() => topOf(first)).toBe('');
    expect(await page.getByRole('button', { name: 'Undo stroke' }).isDisabled()).toBe(true);

    // A "7" in two strokes; Ctrl+Z takes back the diagonal and leaves the bar.
    await stroke(page, line(70, 60, 210, 60));
    await stroke(page, line(210, 60, 120, 240));
    const label = () => preview(page).getAttribute('aria-label');
    await expect.poll(label).toMatch(/Cropped to the ink: \d+ × (1[6-9]\d|2\d\d) px/);
    const seven = await percentages(first);
    await page.keyboard.press('Control+z');
    await expect.poll(label).toMatch(/Cropped to the ink: \d+ × [1-3]\d px/);
    await expect.poll(() => percentages(first)).not.toEqual(seven);
    await page.getByRole('button', { name: 'Undo stroke' }).click();
    await page.getByText('Draw a digit', { exact: true }).waitFor();

    // Delete clears too, once the pad is focused again.
    await stroke(page, ellipse(140, 140, 60, 90));
    await expect.poll(() => topOf(first)).not.toBe('');
    await pad(page).press('Delete');
    await page.getByText('Draw a digit', { exact: true }).waitFor();
    await page.context().close();
  });

  it('switches the model and shows two side by side, kept in the address', async () => {
    const page = await app.open();
    await page.evaluate(`location.hash = '#/draw?runs=${ids[0]}'`);
    const first = column(page, 1);
    await first.getByText(/^784-64-10 · test accuracy/).waitFor();

    // A "0": an ellipse of many small moves.
    await stroke(page, ellipse(140, 140, 55, 95));
    await expect.poll(() => topOf(first)).not.toBe('');
    const before = await percentages(first);

    await first.getByRole('combobox', { name: 'Model 1' }).selectOption(String(ids[1]));
    await expect.poll(() => hash(page)).toBe(`#/draw?runs=${ids[1]}`);
    await column(page, 1)
      .getByText(/^784-32-10 · test accuracy/)
      .waitFor();
    // The drawing stays; the other model answers it.
    await expect.poll(() => topOf(column(page, 1))).not.toBe('');
    expect((await percentages(column(page, 1))).reduce((a, b) => a + b, 0)).toBeGreaterThan(94);

    await page.getByRole('button', { name: '+ Add model' }).click();
    await expect.poll(() => hash(page)).toBe(`#/draw?runs=${ids[1]},${ids[0]}`);
    const second = column(page, 2);
    await expect.poll(() => percentages(second)).toEqual(before);
    await expect.poll(() => topOf(second)).not.toBe('');
    await screenshot(page, 'draw-two-models');
    await page.getByRole('button', { name: '+ Add model' }).click();
    await expect.poll(() => topOf(column(page, 3))).not.toBe('');
    // Every completed run is shown: there is nothing more to add.
    expect(await page.getByRole('button', { name: '+ Add model' }).isDisabled()).toBe(true);

    await page.getByRole('button', { name: 'Remove model 1' }).click();
    await expect.poll(() => hash(page)).toMatch(new RegExp(`^#/draw\\?runs=${ids[0]},\\d+$`));
    await page.getByRole('button', { name: 'Remove model 2' }).click();
    await expect.poll(() => hash(page)).toBe(`#/draw?runs=${ids[0]}`);
    await expect.poll(() => page.getByRole('button', { name: /^Remove model/ }).count()).toBe(0);
    await page.context().close();
  });

  it('keeps the line crisp on a HiDPI screen and works in the dark theme', async () => {
    const context = await app.browser.newContext({
      viewport: { width: 1280, height: 800 },
      deviceScaleFactor: 2,
      colorScheme: 'dark',
    });
    const page = await context.newPage();
    page.on('pageerror', (error) => {
      throw error;
    });
    await page.goto(app.server.url);
    await page.evaluate(`location.hash = '#/draw?runs=${ids.slice(0, 2).join(',')}'`);
    await column(page, 2).waitFor();
    expect(await pad(page).evaluate((el) => el.querySelector('canvas')?.width)).toBe(560);
    await stroke(page, line(140, 40, 140, 240));
    await expect.poll(() => topOf(column(page, 1))).not.toBe('');
    await expect.poll(() => topOf(column(page, 2))).not.toBe('');
    await screenshot(page, 'draw-dark');
    await context.close();
  });

  const layouts = [
    { width: 1024, height: 700, models: 1, scheme: 'light' },
    { width: 1024, height: 700, models: 1, scheme: 'dark' },
    { width: 1280, height: 800, models: 3, scheme: 'light' },
    { width: 1920, height: 1080, models: 3, scheme: 'dark' },
  ] as const;
  for (const { width, height, models, scheme } of layouts)
    it(`keeps the pad, the preview and every answer in view at ${width}×${height}, ${models} model(s), ${scheme}`, async () => {
      const page = await app.open(scheme);
      await page.setViewportSize({ width, height });
      await page.evaluate(`location.hash = '#/draw?runs=${ids.slice(0, models).join(',')}'`);
      await column(page, models).waitFor();
      await stroke(page, line(140, 40, 140, 240));
      const answers: Record<string, ReturnType<typeof column>> = {};
      for (let n = 1; n <= models; n++) {
        await expect.poll(() => topOf(column(page, n))).not.toBe('');
        answers[`model ${n}'s answer`] = column(page, n).locator('[data-top]');
      }
      await screenshot(page, `draw-layout-${width}x${height}-${models}-${scheme}`);
      await expectInView(page, {
        pad: pad(page),
        preview: page.getByRole('img', { name: /^The drawing as a 28 × 28 input/ }),
        ...answers,
      });
      await page.context().close();
    });

  it('says a dot is too small to read instead of reading a digit into it', async () => {
    const page = await app.open();
    await page.evaluate(`location.hash = '#/draw?runs=${ids[0]}'`);
    const first = column(page, 1);
    await first.getByText(/^784-64-10 · test accuracy/).waitFor();
    await stroke(page, [[140, 140]]);
    await page
      .getByText(/^Too small to read/)
      .first()
      .waitFor();
    expect(await topOf(first)).toBe('');
    expect(await first.getByText('Too small to read: draw the digit larger.').isVisible()).toBe(
      true,
    );
    expect(await preview(page).getAttribute('aria-label')).toMatch(
      /^Too small to read: the drawing spans \d+ × \d+ px of the pad/,
    );
    expect(await first.getByRole('meter').count()).toBe(10);
    await screenshot(page, 'draw-too-small');
    // A real stroke after the dot is read as usual.
    await stroke(page, line(150, 40, 150, 240));
    await expect.poll(() => topOf(first)).not.toBe('');
    await page.context().close();
  });

  it('remembers the chosen models when the learner comes back to Draw, even after a reload', async () => {
    const page = await app.open();
    await page.evaluate(`location.hash = '#/draw?runs=${ids[1]},${ids[0]}'`);
    await column(page, 2).waitFor();
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Runs' })
      .click();
    await page.getByRole('heading', { name: 'Runs', level: 1 }).waitFor();
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Draw' })
      .click();
    const picked = async () =>
      Promise.all(
        [1, 2].map((n) =>
          column(page, n)
            .getByRole('combobox', { name: `Model ${n}` })
            .inputValue(),
        ),
      );
    await expect.poll(picked).toEqual([String(ids[1]), String(ids[0])]);
    await page.reload();
    await expect.poll(picked).toEqual([String(ids[1]), String(ids[0])]);
    await page.context().close();
  });
});
