// The New run form in Chromium: presets fill every setting, the layer diagram follows the
// layers, wrong values are explained by their field and stop the start, and "train again"
// starts from a saved run's settings.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { PRESETS } from '../../src-core/presets.ts';
import { paramAt, settingPaths } from '../../src-core/settings.ts';
import { inputId, wordKey } from '../../src-renderer/views/new-run/run-form.ts';
import { Store } from '../../src-main/store/store.ts';
import { MNIST, OWNER } from '../fixtures/store/builders.ts';
import { openPage, screenshot, useApp, type Served } from './harness.ts';

/** The message an input points to with aria-describedby, if it is marked invalid. */
async function problemOf(page: Page, label: string): Promise<string | null> {
  const input = page.getByLabel(label, { exact: true });
  if ((await input.getAttribute('aria-invalid')) !== 'true') return null;
  const ids = (await input.getAttribute('aria-describedby'))?.split(' ') ?? [];
  const messages = await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).textContent()));
  return messages.find((m) => m?.startsWith('Must') || m?.includes('number')) ?? messages.join(' ');
}

/** Saves a stopped run with settings unlike any preset's, to train again from; returns its id. */
function seedStoppedRun(server: Served): number[] {
  const store = Store.open(server.db);
  try {
    const dataset = store.ensureDataset({ ...MNIST, kind: 'idx', name: 'digits fixture' });
    const fromId = store.createRun({
      name: 'momentum steps',
      preset: null,
      config: {
        ...PRESETS.quick,
        layers: [40, 20, 10],
        activations: ['tanh', 'leaky-relu', 'sigmoid'],
        optimizer: 'momentum',
        momentum: 0.85,
        learningRate: 0.05,
        batchSize: 32,
        schedule: { type: 'step', every: 2, factor: 0.3 },
        l2: 0.0001,
        validation: 500,
        seed: 77,
      },
      datasetId: dataset.id,
      owner: OWNER,
      tags: ['steps', 'momentum'],
    }).id;
    store.endRun(fromId, 'cancelled', null);
    return [fromId];
  } finally {
    store.close();
  }
}

describe('New run', () => {
  const app = useApp({ seed: seedStoppedRun });
  const openNewRun = (colorScheme?: 'dark') =>
    openPage(app.browser, `${app.server.url}#/new`, colorScheme);
  let page: Page;

  beforeAll(async () => {
    page = await openNewRun();
    await page.getByRole('button', { name: 'Start training' }).waitFor();
  });

  it('starts from the Quick preset, with MNIST and the network drawn', async () => {
    expect(await page.getByRole('radio', { name: 'Quick' }).isChecked()).toBe(true);
    expect(await page.getByLabel('Dataset').locator('option:checked').textContent()).toContain(
      'mnist (60,000 train / 10,000 test)',
    );
    expect(await page.getByRole('img', { name: /^Network:/ }).getAttribute('aria-label')).toBe(
      'Network: 784 → 128 → 64 → 10, 109,386 parameters',
    );
    await screenshot(page, 'new-run');
  });

  it('fills every setting from a preset', async () => {
    await page.getByRole('radio', { name: 'Article' }).check();
    expect(await page.getByLabel('Optimiser').inputValue()).toBe('gd');
    expect(await page.getByLabel('Learning rate').inputValue()).toBe('0.5');
    expect(await page.getByLabel('Loss').inputValue()).toBe('mse');
    expect(await page.getByRole('checkbox', { name: /Full batch/ }).isChecked()).toBe(true);
    expect(await page.getByLabel('Epochs', { exact: true }).inputValue()).toBe('300');
    expect(await page.getByLabel('Hidden layer 2 size').inputValue()).toBe('16');
    await page.getByRole('radio', { name: 'Best MLP' }).check();
    expect(await page.getByLabel('Hidden layer 1 size').inputValue()).toBe('512');
    expect(await page.getByLabel('Learning-rate decay').inputValue()).toBe('cosine');
    expect(await page.getByLabel('Minimum factor').inputValue()).toBe('0.01');
    expect(await page.getByRole('checkbox', { name: 'Distort training images' }).isChecked()).toBe(
      true,
    );
    expect(await page.getByLabel('Rotation (°)').inputValue()).toBe('6');
    expect(await page.getByLabel('Dropout').inputValue()).toBe('0.2');
    await page.getByLabel('Epochs', { exact: true }).fill('3');
    await page.getByText('Changed from the Best MLP preset').waitFor();
    await page.getByRole('button', { name: 'Restore the Best MLP settings' }).click();
    expect(await page.getByLabel('Epochs', { exact: true }).inputValue()).toBe('25');
    await page.getByRole('radio', { name: 'Quick' }).check();
  });

  it('redraws the diagram as layers are added, resized and removed', async () => {
    const diagram = page.getByRole('img', { name: /^Network:/ });
    await page.getByRole('button', { name: 'Add hidden layer' }).click();
    // The new layer's size has the focus.
    expect(await page.evaluate('document.activeElement?.id')).toBe('field-layers-2');
    await page.keyboard.press('Control+a');
    await page.keyboard.type('10');
    expect(await diagram.getAttribute('aria-label')).toBe(
      'Network: 784 → 128 → 64 → 10 → 10, 109,496 parameters',
    );
    await page.getByLabel('Hidden layer 3 activation').selectOption('tanh');
    await page.getByRole('button', { name: 'Remove hidden layer 1' }).click();
    await page.getByRole('button', { name: 'Remove hidden layer 1' }).click();
    expect(await diagram.getAttribute('aria-label')).toBe(
      'Network: 784 → 10 → 10, 7,960 parameters',
    );
    await page.getByRole('button', { name: 'Remove hidden layer 1' }).click();
    expect(await diagram.getAttribute('aria-label')).toBe('Network: 784 → 10, 7,850 parameters');
    // Choosing the chosen preset again restores it.
    await page.getByRole('radio', { name: 'Quick' }).click();
    expect(await diagram.getAttribute('aria-label')).toBe(
      'Network: 784 → 128 → 64 → 10, 109,386 parameters',
    );
  });

  it('shows only the settings the choices use', async () => {
    expect(await page.getByLabel('Momentum', { exact: true }).count()).toBe(0);
    await page.getByLabel('Optimiser').selectOption('momentum');
    expect(await page.getByLabel('Momentum', { exact: true }).inputValue()).toBe('0.9');
    await page.getByLabel('Learning-rate decay').selectOption('step');
    expect(await page.getByLabel('Decay every (epochs)').inputValue()).toBe('5');
    expect(await page.getByLabel('Decay factor').inputValue()).toBe('0.5');
    expect(await page.getByLabel('Minimum factor').count()).toBe(0);
    // The article's gradient descent takes every image per step.
    await page.getByLabel('Optimiser').selectOption('gd');
    expect(await page.getByRole('checkbox', { name: /Full batch/ }).isChecked()).toBe(true);
    expect(await page.getByLabel('Batch size').isDisabled()).toBe(true);
    await page.getByRole('radio', { name: 'Quick' }).click();
  });

  it('explains a wrong value next to its field and refuses to start', async () => {
    await page.getByLabel('Learning rate').fill('-1');
    await page.getByLabel('Hidden layer 2 size').fill('0');
    await page.getByLabel('Epochs', { exact: true }).fill('');
    await page.getByLabel('Epochs', { exact: true }).blur();
    expect(await problemOf(page, 'Learning rate')).toBe('Must be a number above 0 to 100, got -1.');
    expect(await problemOf(page, 'Hidden layer 2 size')).toBe(
      'Must be a whole number from 1 to 4096, got 0.',
    );
    expect(await problemOf(page, 'Epochs')).toBe('Enter a number.');
    expect(await page.getByRole('img', { name: /^Network:/ }).getAttribute('aria-label')).toBe(
      'Network: 784 → 128 → ? → 10',
    );

    await page.getByRole('button', { name: 'Start training' }).click();
    await page.getByText('3 settings need fixing before training can start.').waitFor();
    // Still here, with the keyboard on the first problem.
    expect(new URL(page.url()).hash).toBe('#/new');
    expect(await page.evaluate('document.activeElement?.id')).toBe('field-layers-1');
    await screenshot(page, 'new-run-invalid');

    await page.getByLabel('Learning rate').fill('0.002');
    await page.getByLabel('Hidden layer 2 size').fill('64');
    await page.getByLabel('Epochs', { exact: true }).fill('6');
    expect(await problemOf(page, 'Learning rate')).toBeNull();
    expect(await page.getByText('need fixing').count()).toBe(0);
  });

  it('explains a validation part larger than the dataset’s training images', async () => {
    await page.getByLabel('Validation images').fill('60000');
    await page.getByLabel('Validation images').blur();
    expect(await problemOf(page, 'Validation images')).toBe(
      'Must be less than the 60,000 training images of this dataset.',
    );
    await page.getByLabel('Validation images').fill('1000');
  });

  it('refuses a batch larger than the training images, and ignores MNIST’s unused test fraction', async () => {
    await page.getByLabel('Batch size').fill('59500');
    await page.getByLabel('Test fraction').fill('0.9');
    await page.getByLabel('Test fraction').blur();
    expect(await problemOf(page, 'Batch size')).toBe(
      'Must be at most the 59,000 training images of this dataset (or a full batch of them all).',
    );
    // MNIST has its own test part: the share is not used, so it stops nothing.
    expect(await problemOf(page, 'Test fraction')).toBeNull();
    expect(
      await page.getByText('Used only for data without a test part; mnist has its own.').count(),
    ).toBe(1);
    await page.getByRole('button', { name: 'Start training' }).click();
    await page.getByText('One setting needs fixing before training can start.').waitFor();
    expect(await page.evaluate('document.activeElement?.id')).toBe('field-batchSize');
    await page.getByLabel('Batch size').scrollIntoViewIfNeeded();
    await screenshot(page, 'new-run-batch-too-large');
    await page.getByLabel('Batch size').fill('64');
    await page.getByLabel('Test fraction').fill('0.1');
    expect(await page.getByText('need fixing').count()).toBe(0);
  });

  it('has exactly one input for every setting of the core’s table', async () => {
    const paths = settingPaths().map((p) => (paramAt(p)?.kind === 'list' ? `${p}[0]` : p));
    const ids = [
      ...paths.map(inputId),
      ...settingPaths()
        .filter((p) => paramAt(p)?.kind === 'or')
        .map((p) => inputId(wordKey(p))),
    ];
    /** How many elements have each id, in the form as it is now. */
    const counts = (): Promise<number[]> =>
      Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).count()));
    const seen = new Set<string>();
    const look = async (): Promise<void> => {
      (await counts()).forEach((n, i) => {
        expect(n, ids[i]).toBeLessThanOrEqual(1);
        if (n === 1) seen.add(ids[i]);
      });
    };
    await look();
    await page.getByLabel('Optimiser').selectOption('momentum');
    await page.getByLabel('Learning-rate decay').selectOption('step');
    await page.getByRole('checkbox', { name: 'Distort training images' }).check();
    await look();
    await page.getByLabel('Learning-rate decay').selectOption('cosine');
    await look();
    expect([...seen].sort()).toEqual([...ids].sort());
    await page.getByRole('radio', { name: 'Quick' }).click();
  });

  it('gives every control a name and keeps all of them in the tab order', async () => {
    // Run in the page (as text: this file is compiled without the DOM's types).
    const problems = await page.evaluate(`
      [...document.querySelectorAll('main input, main select, main textarea, main button')]
        .filter((el) => {
          const labelled = el.tagName === 'BUTTON'
            ? el.textContent.trim() !== ''
            : el.labels.length > 0 || el.hasAttribute('aria-label') || el.hasAttribute('aria-labelledby');
          return !labelled || el.tabIndex < 0;
        })
        .map((el) => el.outerHTML.slice(0, 100))
    `);
    expect(problems).toEqual([]);
  });

  it('starts from a saved run’s settings to train it again', async () => {
    await page.goto(`${app.server.url}#/new?from=${app.ids[0]}`);
    await page.getByText('Starting from the settings of').waitFor();
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe(
      'momentum steps (again)',
    );
    expect(await page.getByLabel('Tags').inputValue()).toBe('momentum, steps');
    expect(await page.getByLabel('Hidden layer 3 size').inputValue()).toBe('10');
    expect(await page.getByLabel('Hidden layer 2 activation').inputValue()).toBe('leaky-relu');
    expect(await page.getByLabel('Optimiser').inputValue()).toBe('momentum');
    expect(await page.getByLabel('Momentum', { exact: true }).inputValue()).toBe('0.85');
    expect(await page.getByLabel('Batch size').inputValue()).toBe('32');
    expect(await page.getByLabel('Decay every (epochs)').inputValue()).toBe('2');
    expect(await page.getByLabel('Decay factor').inputValue()).toBe('0.3');
    expect(await page.getByLabel('L2 penalty').inputValue()).toBe('0.0001');
    expect(await page.getByLabel('Validation images').inputValue()).toBe('500');
    expect(await page.getByLabel('Seed').inputValue()).toBe('77');
    expect(await page.getByLabel('Dataset').locator('option:checked').textContent()).toContain(
      'digits fixture',
    );
    expect(await page.getByText('Custom settings.').isVisible()).toBe(true);
  });

  it('lays the form out in the dark theme, narrow and wide, with every setting on', async () => {
    const dark = await openNewRun('dark');
    await dark.getByRole('button', { name: 'Start training' }).waitFor();
    await dark.getByLabel('Optimiser').selectOption('momentum');
    await dark.getByLabel('Learning-rate decay').selectOption('step');
    await dark.getByRole('checkbox', { name: 'Distort training images' }).check();
    for (const [width, height] of [
      [1024, 700],
      [1440, 900],
    ]) {
      await dark.setViewportSize({ width, height });
      await screenshot(dark, `new-run-dark-${width}`);
    }
    await dark.context().close();
  });

  it('distorts the training images when asked, explaining a wrong distortion by its input', async () => {
    const form = await openNewRun();
    await form.getByRole('button', { name: 'Start training' }).waitFor();
    const distort = form.getByRole('checkbox', { name: 'Distort training images' });
    expect(await distort.isChecked()).toBe(false);
    expect(await form.getByLabel('Rotation (°)').count()).toBe(0);
    await distort.check();
    // The core's defaults, ready to change.
    expect(await form.getByLabel('Rotation (°)').inputValue()).toBe('12');
    expect(await form.getByLabel('Scale (±)').inputValue()).toBe('0.12');
    expect(await form.getByLabel('Shift (px)').inputValue()).toBe('2.5');
    expect(await form.getByLabel('Shear').inputValue()).toBe('0.15');
    expect(await form.getByRole('checkbox', { name: /^Elastic/ }).isChecked()).toBe(false);
    expect(await form.getByText('Custom settings.').count()).toBe(0);
    await form.getByText('Changed from the Quick preset').waitFor();

    await form.getByLabel('Rotation (°)').fill('200');
    await form.getByLabel('Rotation (°)').blur();
    expect(await problemOf(form, 'Rotation (°)')).toBe('Must be a number from 0 to 180, got 200.');
    await form.getByRole('button', { name: 'Start training' }).click();
    await form.getByText('One setting needs fixing before training can start.').waitFor();
    expect(await form.evaluate('document.activeElement?.id')).toBe('field-augmentation-rotation');
    await form.getByLabel('Rotation (°)').scrollIntoViewIfNeeded();
    await screenshot(form, 'new-run-augmentation');

    await form.getByLabel('Rotation (°)').fill('10');
    await form.getByLabel('Epochs', { exact: true }).fill('1');
    await form.getByLabel('Name', { exact: true }).fill('distorted');
    await form.getByRole('button', { name: 'Start training' }).click();
    await form.waitForURL(/#\/runs\/\d+$/);
    const settings = form.getByRole('definition').filter({ hasText: 'rotate' });
    await settings.waitFor();
    expect(await settings.textContent()).toBe(
      'rotate ±10°, scale ±12%, shift ±2.5 px, shear ±0.15',
    );
    const id = Number(/(\d+)$/.exec(form.url())?.[1]);
    await form.evaluate(
      (id) =>
        fetch('api/cancelRun', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ id }),
        }),
      id,
    );
    await form.context().close();
  });
});
