// The whole story of the app in one sitting, as the issue tells it: a learner starts a small run
// from New run, watches the curves grow, sees it complete in the Runs table, opens its confusion
// matrix and clicks a cell to see its images, trains again with other settings, compares the
// two, renames one and deletes the other. And nobody without the token gets in.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from './harness.ts';
import {
  openConfusionMistake,
  runsLink,
  trainAgainAndCompare,
  trainFromNewRun,
} from './learner-steps.ts';

const app = useApp();
let page: Page;
beforeAll(async () => {
  page = await app.open();
});

describe('a learner’s session', () => {
  it('starts a run from New run and watches its curves grow until it completes', async () => {
    await trainFromNewRun(page, 'first try');
  }, 200_000);

  it('opens the confusion matrix and sees the images behind a cell', async () => {
    await openConfusionMistake(page, 'first try', 'journey-confusion');
  });

  it('trains again with another learning rate and compares the two runs', async () => {
    await trainAgainAndCompare(page, 'first try', 'second, faster', 'journey-compare');
  }, 200_000);

  it('renames one run and deletes the other', async () => {
    await runsLink(page).click();
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
    expect((await fetch(`${app.server.origin}/`)).status).toBe(401);
    expect(
      (await fetch(`${app.server.origin}/api/listRuns`, { method: 'POST', body: '{}' })).status,
    ).toBe(401);
    const stranger = await app.browser.newPage();
    const response = await stranger.goto(app.server.origin);
    expect(response?.status()).toBe(401);
    await stranger.close();
  });
});
