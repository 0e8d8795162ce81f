// The note above a confusion cell's test images reads as sentences: "…the top two answers. Choose
// an image…", not "answers.Choose" (Svelte drops the line break before an {#if} block's text).
import { describe, expect, it } from 'vitest';
import { openRun, SMALL, startRun, useApp, waitForRuns } from './harness.ts';

const app = useApp();

describe('the test images of a confusion cell', () => {
  it('are introduced by a note whose sentences are spaced', async () => {
    const page = await app.open();
    const id = await startRun(page, 'tiny', SMALL);
    await waitForRuns(page, [id], 150_000);
    await openRun(page, id);
    const cell = page.getByRole('button', { name: /^True \d, predicted \d: [1-9]/ }).first();
    await cell.click();
    const note = page.getByText(/top two answers\./);
    await note.waitFor();
    const text = ((await note.textContent()) ?? '').replace(/\s+/g, ' ');
    expect(text).toContain('the top two answers. Choose an image to look inside the network');
    // The first cell is "true 0, predicted 0", with far more than the 300 images shown.
    expect(text).toMatch(/^Showing the first 300\. Under each image/);
    await page.context().close();
  }, 180_000);
});
