// Drawing on the pad with the mouse, and reading what the models answer: shared by the browser
// draw tests and the desktop-wired journeys.
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

export const pad = (page: Page) =>
  page.getByRole('application', { name: 'Drawing pad: draw a digit' });
export const preview = (page: Page) => page.getByRole('img', { name: /28 × 28 input/ });
export const column = (page: Page, n: number) =>
  page.getByRole('region', { name: new RegExp(`^Model ${n}:`) });

/** Draws one stroke through points given in pad pixels (0–280), in small mouse moves. */
export async function stroke(page: Page, points: [number, number][]): Promise<void> {
  const box = await pad(page).boundingBox();
  if (box === null) throw new Error('the pad is not on screen');
  const [first, ...rest] = points;
  await page.mouse.move(box.x + first[0], box.y + first[1]);
  await page.mouse.down();
  for (const [x, y] of rest) await page.mouse.move(box.x + x, box.y + y, { steps: 4 });
  await page.mouse.up();
}

export const line = (x0: number, y0: number, x1: number, y1: number, n = 12): [number, number][] =>
  Array.from({ length: n + 1 }, (_, i) => [x0 + ((x1 - x0) * i) / n, y0 + ((y1 - y0) * i) / n]);

export const ellipse = (
  cx: number,
  cy: number,
  rx: number,
  ry: number,
  n = 48,
): [number, number][] =>
  Array.from({ length: n + 1 }, (_, i) => [
    cx + rx * Math.sin((2 * Math.PI * i) / n),
    cy - ry * Math.cos((2 * Math.PI * i) / n),
  ]);

/** The digit a column reads ('' before it reads one). */
export const topOf = (c: Locator) => c.locator('[data-top]').getAttribute('data-top');

/** The percentages of a column's ten bars. */
export async function percentages(c: Locator): Promise<number[]> {
  const meters = c.getByRole('meter');
  expect(await meters.count()).toBe(10);
  return (await meters.evaluateAll((els) => els.map((e) => e.getAttribute('aria-valuenow')))).map(
    Number,
  );
}

/** Fails unless each element lies wholly inside the window, the view scrolled to its top: what
 * the learner sees without scrolling. */
export async function expectInView(page: Page, elements: Record<string, Locator>): Promise<void> {
  expect(await page.evaluate(`document.querySelector('main').scrollTop`)).toBe(0);
  const size = page.viewportSize();
  if (size === null) throw new Error('the page has no viewport size');
  for (const [name, element] of Object.entries(elements)) {
    const box = await element.boundingBox();
    if (box === null) throw new Error(`${name} is not on screen`);
    const where = `${name} at ${Math.round(box.x)},${Math.round(box.y)} ${Math.round(box.width)}×${Math.round(box.height)} in ${size.width}×${size.height}`;
    expect(box.x, where).toBeGreaterThanOrEqual(0);
    expect(box.y, where).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width, where).toBeLessThanOrEqual(size.width);
    expect(box.y + box.height, where).toBeLessThanOrEqual(size.height);
  }
}
