// A learner compares two runs that differ in one setting: they pick them from a list, see the
// curves overlaid, the setting that differs highlighted, and where their mistakes differ.
import { describe, expect, it } from 'vitest';
import { fitViewport, hash, screenshot, SMALL, useApp } from './harness.ts';

const app = useApp({
  runs: {
    'slow learner': { ...SMALL, epochs: 3, learningRate: 0.0005 },
    'fast learner': { ...SMALL, epochs: 3, learningRate: 0.005 },
  },
});
const ids = app.ids;

describe('compare', () => {
  it('explains how to start, then compares the two runs picked from the list', async () => {
    const page = await app.open();
    await page.getByRole('link', { name: 'Compare' }).click();
    await page.getByRole('heading', { name: 'Choose runs to compare' }).waitFor();
    expect(await page.getByText(/Tick two to four runs/).count()).toBe(1);

    const search = page.getByRole('searchbox', { name: 'Search runs' });
    await search.fill('slow');
    expect(await page.getByRole('list', { name: 'Runs' }).getByRole('checkbox').count()).toBe(1);
    await page.getByRole('checkbox', { name: /slow learner/ }).check();
    await page.getByRole('heading', { name: 'Choose one more run' }).waitFor();
    await search.fill('');
    await page.getByRole('checkbox', { name: /fast learner/ }).check();
    await expect.poll(() => hash(page)).toBe(`#/compare?ids=${ids.join(',')}`);

    // Overlaid curves: both runs' three epochs on each chart.
    const loss = page.getByRole('figure', { name: 'Loss' });
    await loss.waitFor();
    expect(await loss.getAttribute('data-points')).toBe('3');
    await page.getByRole('radio', { name: 'Wall time' }).check();
    await expect
      .poll(async () => Number(await loss.getAttribute('data-points')))
      .toBeGreaterThan(3);

    // Settings: the learning rate differs and is marked; "Differences only" hides the rest.
    const settings = page.getByRole('table', { name: 'Settings' });
    const differing = settings.locator('tr[data-differs="true"]');
    expect(await differing.count()).toBe(1);
    expect(await differing.getByRole('rowheader').textContent()).toMatch(/learning rate\s*differs/);
    const allRows = await settings.locator('tbody tr').count();
    expect(allRows).toBeGreaterThan(10);
    await page.getByRole('checkbox', { name: 'Differences only' }).check();
    expect(await settings.locator('tbody tr').count()).toBe(1);
    await page.getByRole('checkbox', { name: 'Differences only' }).uncheck();
    expect(await settings.locator('tbody tr').count()).toBe(allRows);

    // Values at an epoch, best and final results, per-digit accuracy.
    await page.getByRole('heading', { name: 'At epoch 3' }).waitFor();
    await page.getByRole('spinbutton', { name: 'Epoch number' }).fill('2');
    await page.getByRole('heading', { name: 'At epoch 2' }).waitFor();
    expect(await page.getByRole('row', { name: /Best validation accuracy/ }).textContent()).toMatch(
      /epoch \d.*epoch \d/,
    );
    expect(
      await page.getByRole('table', { name: 'Accuracy per digit' }).locator('tbody tr').count(),
    ).toBe(10);

    // Two matrices side by side and their difference, A − B, either way round.
    expect(await page.getByRole('table', { name: /^#\d+ (slow|fast) learner$/ }).count()).toBe(2);
    const difference = page.getByRole('table', { name: /minus/ });
    expect(
      await page
        .getByRole('table', {
          name: `#${ids[0]} slow learner minus #${ids[1]} fast learner, in percentage points`,
        })
        .count(),
    ).toBe(1);
    await page.getByRole('combobox', { name: 'A' }).selectOption(String(ids[1]));
    await page
      .getByRole('table', {
        name: `#${ids[1]} fast learner minus #${ids[0]} slow learner, in percentage points`,
      })
      .waitFor();
    await page.getByRole('radio', { name: 'Counts' }).check();
    await page
      .getByRole('table', { name: `#${ids[1]} fast learner minus #${ids[0]} slow learner` })
      .waitFor();
    const cells = await difference.locator('tbody td').allTextContents();
    expect(cells).toHaveLength(100);
    expect(cells.every((c) => /^(0|[+−]\d+)$/.test(c.trim()))).toBe(true);

    await page.getByRole('radio', { name: 'Epoch' }).check();
    await fitViewport(page);
    await screenshot(page, 'compare');
    await page.context().close();
  });

  it('opens from its address in the dark theme', async () => {
    const page = await app.open('dark');
    await page.evaluate(`location.hash = '#/compare?ids=${ids.join(',')}'`);
    await page.getByRole('figure', { name: 'Accuracy' }).waitFor();
    expect(
      await page.getByRole('list', { name: 'Chosen runs' }).getByRole('listitem').count(),
    ).toBe(2);
    await fitViewport(page);
    await screenshot(page, 'compare-dark');
    await page.context().close();
  });
});
