// The steps of a learner's session, as a user does them with mouse and keyboard: the same steps
// run against browser mode (journey.test.ts) and against the desktop wiring
// (tests/desktop/journeys.test.ts), so a fault in either transport fails a journey.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { screenshot } from './harness.ts';

const points = async (page: Page, chart: string): Promise<number> =>
  Number(await page.getByRole('figure', { name: chart }).first().getAttribute('data-points'));

export const runsLink = (page: Page) =>
  page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Runs' });

/** New run: one hidden layer of 32, two epochs, batch 32, named `name`; then watches the loss
 * curve grow while it trains and sees the run completed in the Runs table. */
export async function trainFromNewRun(page: Page, name: string): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'New run' })
    .click();
  await page.getByRole('button', { name: 'Remove hidden layer 2' }).click();
  await page.getByLabel('Hidden layer 1 size').fill('32');
  await page.getByLabel('Epochs', { exact: true }).fill('2');
  await page.getByLabel('Batch size').fill('32');
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByRole('button', { name: 'Start training' }).click();
  await page.waitForURL(/#\/runs\/\d+$/);

  // Live points arrive while it trains: the loss curve gets longer.
  await expect.poll(() => points(page, 'Loss'), { timeout: 60_000 }).toBeGreaterThan(2);
  const early = await points(page, 'Loss');
  await expect.poll(() => points(page, 'Loss'), { timeout: 60_000 }).toBeGreaterThan(early);
  await page.getByText('completed', { exact: true }).first().waitFor({ timeout: 120_000 });

  await runsLink(page).click();
  const row = page.getByRole('row', { name: new RegExp(name) });
  await row.getByText('completed').waitFor();
  expect(await row.textContent()).toMatch(/\d+\.\d\d%/);
}

/** Opens run `name` from the Runs table, clicks a mistake in its confusion matrix and sees the
 * test images behind it. */
export async function openConfusionMistake(page: Page, name: string, shot: string): Promise<void> {
  await page
    .getByRole('row', { name: new RegExp(name) })
    .getByRole('link', { name, exact: true })
    .click();
  const cells = page.getByRole('button', { name: /^True \d, predicted \d: [1-9]/ });
  await cells.first().waitFor();
  // The first cell with images that is not on the diagonal: a mistake worth looking at.
  const names = await cells.evaluateAll((els) =>
    els.map((e) => e.getAttribute('aria-label') ?? e.textContent ?? ''),
  );
  const mistake = names.find((n) => {
    const m = /^True (\d), predicted (\d)/.exec(n);
    return m !== null && m[1] !== m[2];
  });
  expect(mistake).toBeDefined();
  await page.getByRole('button', { name: mistake, exact: true }).click();
  const [, actual, predicted] = /^True (\d), predicted (\d)/.exec(mistake ?? '') ?? [];
  const images = page.getByRole('list', {
    name: `Test images, true ${actual}, predicted ${predicted}`,
  });
  await images.getByRole('listitem').first().waitFor();
  expect(await images.getByRole('listitem').count()).toBeGreaterThan(0);
  await screenshot(page, shot);
}

/** From the open run: Train again with learning rate 0.01 as `second`, then compares it with
 * `first` and sees the learning rate marked as the difference. */
export async function trainAgainAndCompare(
  page: Page,
  first: string,
  second: string,
  shot: string,
): Promise<void> {
  await page.getByRole('link', { name: 'Train again' }).first().click();
  await page.waitForURL(/#\/new\?from=\d+$/);
  await expect
    .poll(() => page.getByLabel('Name', { exact: true }).inputValue())
    .toBe(`${first} (again)`);
  await page.getByLabel('Name', { exact: true }).fill(second);
  await page.getByLabel('Learning rate').fill('0.01');
  await page.getByRole('button', { name: 'Start training' }).click();
  await page.waitForURL(/#\/runs\/\d+$/);
  await page.getByText('completed', { exact: true }).first().waitFor({ timeout: 120_000 });

  await runsLink(page).click();
  await page.getByRole('checkbox', { name: `Select ${first}` }).check();
  await page.getByRole('checkbox', { name: `Select ${second}` }).check();
  await page.getByRole('button', { name: 'Compare' }).click();
  await page.waitForURL(/#\/compare\?ids=\d+,\d+$/);
  const settings = page.getByRole('table', { name: 'Settings' });
  await settings.waitFor();
  const differing = settings.getByRole('row', { name: /learning rate/ });
  const text = (await differing.textContent()) ?? '';
  expect(text).toContain('differs');
  expect(text).toContain('0.002');
  expect(text).toContain('0.01');
  await screenshot(page, shot);
}
