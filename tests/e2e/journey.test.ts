// The whole story of the app in one sitting, as the issue tells it: a learner starts a small run
// from New run, watches the curves grow, sees it complete in the Runs table, opens its confusion
// matrix and clicks a cell to see its images, trains again with other settings, compares the
// two, renames one and deletes the other. And nobody without the token gets in.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, screenshot, serve, shutDown, type Served } from './harness.ts';

let server: Served;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await serve();
  browser = await launchBrowser();
  page = await openPage(browser, server.url);
});

afterAll(() => shutDown(browser, server));

const points = async (chart: string): Promise<number> =>
  Number(await page.getByRole('figure', { name: chart }).first().getAttribute('data-points'));

const runsLink = () =>
  page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Runs' });

describe('a learner’s session', () => {
  it('starts a run from New run and watches its curves grow until it completes', async () => {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'New run' })
      .click();
    await page.getByRole('button', { name: 'Remove hidden layer 2' }).click();
    await page.getByLabel('Hidden layer 1 size').fill('32');
    await page.getByLabel('Epochs', { exact: true }).fill('2');
    await page.getByLabel('Batch size').fill('32');
    await page.getByLabel('Name', { exact: true }).fill('first try');
    await page.getByRole('button', { name: 'Start training' }).click();
    await page.waitForURL(/#\/runs\/\d+$/);

    // Live points arrive while it trains: the loss curve gets longer.
    await expect.poll(() => points('Loss'), { timeout: 60_000 }).toBeGreaterThan(2);
    const early = await points('Loss');
    await expect.poll(() => points('Loss'), { timeout: 60_000 }).toBeGreaterThan(early);
    await page.getByText('completed', { exact: true }).first().waitFor({ timeout: 120_000 });

    await runsLink().click();
    const row = page.getByRole('row', { name: /first try/ });
    await row.getByText('completed').waitFor();
    expect(await row.textContent()).toMatch(/\d+\.\d\d%/);
  }, 200_000);

  it('opens the confusion matrix and sees the images behind a cell', async () => {
    await page
      .getByRole('row', { name: /first try/ })
      .getByRole('link', { name: 'first try', exact: true })
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
    await screenshot(page, 'journey-confusion');
  });

  it('trains again with another learning rate and compares the two runs', async () => {
    await page.getByRole('link', { name: 'Train again' }).first().click();
    await page.waitForURL(/#\/new\?from=\d+$/);
    await expect
      .poll(() => page.getByLabel('Name', { exact: true }).inputValue())
      .toBe('first try (again)');
    await page.getByLabel('Name', { exact: true }).fill('second, faster');
    await page.getByLabel('Learning rate').fill('0.01');
    await page.getByRole('button', { name: 'Start training' }).click();
    await page.waitForURL(/#\/runs\/\d+$/);
    await page.getByText('completed', { exact: true }).first().waitFor({ timeout: 120_000 });

    await runsLink().click();
    await page.getByRole('checkbox', { name: 'Select first try' }).check();
    await page.getByRole('checkbox', { name: 'Select second, faster' }).check();
    await page.getByRole('button', { name: 'Compare' }).click();
    await page.waitForURL(/#\/compare\?ids=\d+,\d+$/);
    const settings = page.getByRole('table', { name: 'Settings' });
    await settings.waitFor();
    const differing = settings.getByRole('row', { name: /learning rate/ });
    const text = (await differing.textContent()) ?? '';
    expect(text).toContain('differs');
    expect(text).toContain('0.002');
    expect(text).toContain('0.01');
    await screenshot(page, 'journey-compare');
  }, 200_000);

  it('renames one run and deletes the other', async () => {
    await runsLink().click();
    await page.getByRole('button', { name: 'Edit second, faster' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit run' });
    await edit.getByLabel('Name').fill('lr 0.01');
    await edit.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('row', { name: /lr 0\.01/ }).waitFor();

    await page.getByRole('button', { name: 'Delete first try' }).click();
    await page
      .getByRole('dialog', { name: 'Delete “first try”?' })
      .getByRole('button', { name: 'Delete', exact: true })
      .click();
    await expect.poll(() => page.getByRole('row', { name: /first try/ }).count()).toBe(0);
    expect(await page.getByRole('row', { name: /lr 0\.01/ }).count()).toBe(1);
  });

  it('lets nobody in without the token', async () => {
    expect((await fetch(`${server.origin}/`)).status).toBe(401);
    expect(
      (await fetch(`${server.origin}/api/listRuns`, { method: 'POST', body: '{}' })).status,
    ).toBe(401);
    const stranger = await browser.newPage();
    const response = await stranger.goto(server.origin);
    expect(response?.status()).toBe(401);
    await stranger.close();
  });
});
