// A tab that loses its server: the banner says so and counts down to the next try, live text
// stops claiming progress, and when the server is back (same token) the banner goes and the page
// shows what changed meanwhile. After a restart with a new token the banner says how to get back
// in, and a reload shows a page that says it too, instead of a bare 401.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openRun, restart, screenshot, startRun, STREAMING, useApp } from './harness.ts';

const app = useApp();

const banner = (page: Page) => page.getByTestId('connection-banner');
const timeLeft = (page: Page) => page.locator('dt:text-is("Time left") + dd');

describe('connection', () => {
  it('shows a lost connection, retries with back-off, and refreshes when the server is back', async () => {
    const page = await app.open();
    await page.setViewportSize({ width: 1024, height: 700 });
    // Trains for minutes unless stopped.
    const id = await startRun(page, 'cut off', { ...STREAMING, epochs: 10 });
    await openRun(page, id);
    await expect.poll(() => timeLeft(page).textContent(), { timeout: 60_000 }).toMatch(/^about /);
    expect(await banner(page).count()).toBe(0);

    // Ctrl-C on the server: it stops, and the run is interrupted (to be resumed), not cancelled.
    await app.server.stop();
    const lost = page
      .getByRole('status')
      .filter({ hasText: 'Lost the connection to Backprop Lab' });
    await lost.waitFor({ timeout: 10_000 });
    await expect
      .poll(() => banner(page).textContent(), { timeout: 10_000 })
      .toMatch(/Trying again (in \d+ s|now) \(attempt [2-9]\)/);
    expect(await timeLeft(page).textContent()).toBe('unknown: not connected');
    // Nothing the server would have to do is offered while it cannot be reached.
    for (const name of ['Pause', 'Cancel run…'])
      expect(await page.getByRole('button', { name, exact: true }).isDisabled()).toBe(true);
    expect(await page.locator('header').textContent()).toMatch(/running\s*· not connected/);
    await screenshot(page, 'connection-lost');

    app.server = await restart(app.server, 'same');
    await banner(page).waitFor({ state: 'detached', timeout: 30_000 });
    // What changed while it was down is shown: the run was interrupted, its controls are gone.
    await page.getByRole('region', { name: 'Training' }).waitFor({ state: 'detached' });
    expect(await page.locator('header').textContent()).toContain('interrupted');
    await screenshot(page, 'connection-back');
    await page.context().close();
  });

  it('after a restart with a new token, says to open the new link; a reload says it too', async () => {
    const page = await app.open('dark');
    await page.getByRole('heading', { level: 1, name: 'Runs' }).waitFor();
    app.server = await restart(app.server, 'new');
    const alert = page
      .getByRole('alert')
      .filter({ hasText: 'Backprop Lab restarted; open the new link from the terminal' });
    await alert.waitFor({ timeout: 30_000 });
    expect(await alert.textContent()).toContain(
      `http://127.0.0.1:${new URL(app.server.url).port}/`,
    );
    await screenshot(page, 'connection-signed-out');
    // What the app asks for now is refused, saying why, not "Unauthorized".
    await page.evaluate(`location.hash = '#/runs/1'`);
    await page
      .getByText('Could not load this run: Backprop Lab restarted; open the new link')
      .waitFor();

    const reload = await page.reload();
    expect(reload?.status()).toBe(401);
    await page
      .getByRole('heading', { level: 1, name: 'This Backprop Lab link no longer works' })
      .waitFor();
    expect(await page.textContent('body')).toContain(
      `backprop-lab serve --port ${new URL(app.server.url).port}`,
    );
    await screenshot(page, 'connection-401-page');

    // The new link lets the same tab back in, with its runs.
    await page.goto(app.server.url);
    await page.getByRole('row', { name: /cut off/ }).waitFor();
    expect(await banner(page).count()).toBe(0);
    await page.context().close();
  });
});
