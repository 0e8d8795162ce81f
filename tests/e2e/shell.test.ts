// What every view shares, and small things a learner trips over: the tab says which view it is,
// a skip link leads past the sidebar, the app's icon is there (no 404 for /favicon.ico), Esc
// closes the images of a confusion cell, and the gradient-check table keeps its numbers whole.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openRun, screenshot, SMALL, useApp } from './harness.ts';

const app = useApp({ runs: { shell: SMALL } });

/** Whether an element's text sits on one line. */
const oneLine = (page: Page, selector: string) =>
  page.$$eval(selector, (els) =>
    els.map((el) => {
      const range = el.ownerDocument.createRange();
      range.selectNodeContents(el);
      const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
      return { text: el.textContent?.trim(), lines: tops.size };
    }),
  );

describe('app shell', () => {
  it('names the view in the tab title', async () => {
    const page = await app.open();
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await page.title()).toBe('Runs · Backprop Lab');
    for (const [hash, title] of [
      ['#/new', 'New run · Backprop Lab'],
      [`#/runs/${app.ids[0]}`, `Run #${app.ids[0]} · Backprop Lab`],
      ['#/compare', 'Compare · Backprop Lab'],
      ['#/draw', 'Draw · Backprop Lab'],
    ]) {
      await page.evaluate(`location.hash = '${hash}'`);
      await expect.poll(() => page.title()).toBe(title);
    }
    await page.context().close();
  });

  it('offers a skip link first in tab order, shown on focus, that moves focus to the view', async () => {
    const page = await app.open();
    await page.getByRole('heading', { level: 1 }).waitFor();
    const address = await page.evaluate('location.href');
    const skip = page.getByRole('link', { name: 'Skip to content' });
    expect(await skip.isVisible()).toBe(true);
    const hidden = await skip.boundingBox();
    expect((hidden?.y ?? 0) + (hidden?.height ?? 0)).toBeLessThanOrEqual(0);
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Skip to content');
    const shown = await skip.boundingBox();
    expect(shown?.y).toBeGreaterThanOrEqual(0);
    await screenshot(page, 'shell-skip-link');
    await page.keyboard.press('Enter');
    expect(await page.evaluate('document.activeElement?.tagName')).toBe('MAIN');
    expect(await page.evaluate('location.href')).toBe(address);
    // The next Tab goes into the view, past the sidebar's links.
    await page.keyboard.press('Tab');
    expect(
      await page.evaluate(`document.activeElement?.closest('nav[aria-label="Main"]') === null`),
    ).toBe(true);
    await page.context().close();
  });

  it('ships the app icon, so no load asks for a missing /favicon.ico', async () => {
    const context = await app.browser.newContext();
    const page = await context.newPage();
    const failed: string[] = [];
    page.on('response', (r) => {
      if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
    });
    await page.goto(app.server.url);
    await page.getByRole('heading', { level: 1 }).waitFor();
    const icon = await page.evaluate(`document.querySelector('link[rel="icon"]')?.href ?? null`);
    expect(icon).not.toBeNull();
    const response = await page.request.get(icon as string);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toMatch(/^image\//);
    await page.reload();
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(failed).toEqual([]);
    await context.close();
  });
});

describe('run page details', () => {
  it('closes a confusion cell’s images with Esc and gives focus back to the cell', async () => {
    const page = await app.open();
    await openRun(page, app.ids[0]);
    const cell = page.getByRole('button', { name: /^True 3, predicted 3: / });
    await cell.click();
    const panel = page.getByRole('region', { name: /^True 3 read right/ });
    await panel.waitFor();
    await panel.getByRole('button', { name: 'Close' }).focus();
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    expect(await page.evaluate('document.activeElement?.getAttribute("aria-label")')).toMatch(
      /^True 3, predicted 3: /,
    );
    // Esc with focus on the cell itself closes it too.
    await cell.click();
    await panel.waitFor();
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    await page.context().close();
  });

  it.each([
    [1024, 700],
    [1600, 900],
  ])(
    'keeps the gradient-check numbers and its button on one line at %i×%i',
    async (width, height) => {
      const page = await app.open();
      await page.setViewportSize({ width, height });
      await openRun(page, app.ids[0]);
      const check = page.getByRole('region', { name: 'Gradient check' });
      await check.getByRole('button', { name: 'Gradient check' }).click();
      await check.getByRole('status').waitFor();
      const cells = await oneLine(page, '#check-heading ~ * :is(.num, button)');
      expect(cells.length).toBeGreaterThan(6);
      expect(cells.filter((c) => c.lines !== 1)).toEqual([]);
      await check.scrollIntoViewIfNeeded();
      await check.screenshot({ path: await screenshot(page, `gradient-check-${width}`) });
      await page.context().close();
    },
  );
});
