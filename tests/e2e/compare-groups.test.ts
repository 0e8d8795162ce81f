// A learner compares two repeats over seeds (Adam and SGD, three seeds each) as groups: mean
// curves with bands, the members and the band's kind toggled, smoothing, the summary value, the
// sentence saying whether the difference is real, a third entry to test against, and the
// comparison exported as CSV, SVG and PNG. Keyboard only; dark theme, 1024 px and wide.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { callApi, SCREENSHOTS, screenshot, useApp } from './harness.ts';
import { seed, seedGroup, type Seed } from './seed-runs.ts';

/** Each repeat's runs, in the order queued. */
const groups: number[][] = [];
const app = useApp({
  seed: (server) => {
    const repeat = (name: string, config: Seed['config'], runs: Partial<Seed>[]) =>
      seedGroup(
        server.db,
        { kind: 'repeat', name, seeds: runs.length, axes: [] },
        runs.map((r, i) => ({
          name: `${name} · seed ${i + 1}`,
          config: { ...config, seed: i + 1 },
          ...r,
        })),
      );
    groups.push(
      repeat('adam seeds', { optimizer: 'adam' }, [
        { offset: 0, accuracy: 0.972 },
        { offset: 0.01, accuracy: 0.976 },
        { offset: -0.008, accuracy: 0.969 },
      ]),
      // One seed was stopped half-way: the group's later epochs average two runs.
      repeat('sgd seeds', { optimizer: 'sgd', learningRate: 0.05 }, [
        { offset: -0.05, accuracy: 0.95 },
        { offset: -0.04, accuracy: 0.955 },
        { offset: -0.06, status: 'cancelled' },
      ]),
    );
    return seed(server.db, [{ name: 'single baseline', accuracy: 0.96, offset: -0.02 }]);
  },
});

/** Saves what a button of the Export section downloads. */
async function download(page: Page, label: string) {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page
      .getByRole('region', { name: 'Export' })
      .getByRole('button', { name: label })
      .press('Enter'),
  ]);
  return { name: file.suggestedFilename(), bytes: readFileSync(await file.path()) };
}

/** A window `width` wide and as tall as the view, for a screenshot of all of it. */
async function fitTo(page: Page, width: number): Promise<void> {
  await page.setViewportSize({ width, height: 700 });
  const height = (await page.evaluate(`document.querySelector('main').scrollHeight`)) as number;
  await page.setViewportSize({ width, height: Math.max(700, height) });
}

/** Checks a radio of a group by arrow keys from the one checked now. */
async function chooseByKeys(page: Page, group: string, option: string): Promise<void> {
  const radios = page.getByRole('radiogroup', { name: group });
  await radios.getByRole('radio', { checked: true }).focus();
  for (let i = 0; i < 4; i++) {
    if (await radios.getByRole('radio', { name: option }).isChecked()) return;
    await page.keyboard.press('ArrowRight');
  }
  expect(await radios.getByRole('radio', { name: option }).isChecked()).toBe(true);
}

describe('compare groups', () => {
  it('draws two repeats as mean ± spread, tests their difference and exports them', async () => {
    const page = await app.open('dark');
    const [adam, sgd] = await Promise.all(
      groups.map(async (ids) => {
        const run = await callApi<{ groupId: number }>(page, 'getRun', { id: ids[0] });
        return { groupId: run.groupId, ids };
      }),
    );
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.evaluate(
      `location.hash = '#/compare?group=${adam.ids.join('.')}&group=${sgd.ids.join('.')}'`,
    );
    const loss = page.getByRole('figure', { name: 'Loss' });
    await loss.waitFor();
    const chosen = page.getByRole('list', { name: 'Chosen runs' });
    expect(await chosen.getByRole('listitem').allTextContents()).toEqual([
      expect.stringContaining('adam seeds (3 runs)'),
      expect.stringContaining('sgd seeds (3 runs)'),
    ]);

    // Two groups, validation and training each: four bands over the twelve epochs.
    expect(await loss.getAttribute('data-bands')).toBe('4');
    expect(await loss.getAttribute('data-points')).toBe('12');
    const lines = async () => Number(await loss.getAttribute('data-series'));
    expect(await lines()).toBe(12); // per group and part: upper, lower, mean
    await page.getByText(/sgd seeds \(3 runs\): its runs have 6 to 12 epochs/).waitFor();

    // Members as faint lines: three runs × two parts × two groups more.
    await page.getByRole('checkbox', { name: 'Show each run' }).focus();
    await page.keyboard.press('Space');
    await expect.poll(lines).toBe(24);
    await chooseByKeys(page, 'Band', 'Min–max');
    await page.getByText(/from its lowest to its highest run/).waitFor();
    await screenshot(page, 'compare-groups-1024-dark');
    await fitTo(page, 1024);
    await screenshot(page, 'compare-groups-bands-1024-dark');

    // Smoothing keeps a faint raw line under each mean: four more.
    await chooseByKeys(page, 'Smoothing', 'Moving average');
    await expect.poll(lines).toBe(28);
    await page.getByRole('spinbutton', { name: 'Window' }).waitFor();
    await chooseByKeys(page, 'Smoothing', 'EMA');
    await page.getByRole('slider', { name: 'EMA weight' }).waitFor();
    expect(await lines()).toBe(28);

    // Results by summary value: a group's mean ± std, its 95% CI and n, from compareRuns.
    const results = page.getByRole('table', { name: 'Results' });
    const summaryRow = results.locator('tr[data-metric="summary"]');
    await expect
      .poll(() => summaryRow.textContent())
      .toMatch(/Final test accuracy.*±.*95% CI.*n = 3.*±.*95% CI.*n = 2/s);
    await chooseByKeys(page, 'Summary value', 'Best validation accuracy');
    await expect
      .poll(() => summaryRow.textContent())
      .toMatch(/Best validation accuracy.*±.*n = 3.*±.*n = 2/s);

    await page.getByText(`sgd seeds (3 runs): #${sgd.ids[2]} has no test result`).waitFor();

    // Settings: what sets the groups apart, a repeat's seeds listed.
    const settings = page.getByRole('table', { name: 'Settings' });
    const differing = await settings.locator('tr[data-differs="true"] th').allTextContents();
    expect(differing.map((t) => t.replace(/\s*differs$/, '').trim())).toEqual([
      'optimizer',
      'learning rate',
    ]);
    expect(await settings.getByRole('row', { name: /^seed/ }).textContent()).toMatch(
      /seed\s*1, 2, 3\s*1, 2, 3/,
    );

    // Is the difference real? Welch's t-test on the two groups, in one sentence.
    const test = page.getByRole('region', { name: 'Is the difference real?' });
    const sentence = test.getByTestId('significance-sentence');
    await sentence.waitFor();
    expect((await sentence.textContent())?.trim()).toMatch(/p [=<] ?\d/);
    await test.getByText(/Welch's t-test asks whether/).waitFor();
    const numbers = test.locator('details');
    await numbers.locator('summary').focus();
    await page.keyboard.press('Enter');
    expect(await numbers.getAttribute('open')).not.toBeNull();
    expect(await numbers.textContent()).toMatch(
      /Difference \(B − A\).*Welch 95% interval.*Bootstrap 95% interval.*Welch's t.*Degrees of freedom.*p \(two-sided\)/s,
    );

    // Export: every run with its entry and group; the curves as drawn.
    const csv = (await download(page, 'Runs (CSV)')).bytes.toString('utf8');
    const [header, ...rows] = csv.trimEnd().split('\r\n');
    const column = (name: string) => header.split(',').indexOf(name);
    expect(rows).toHaveLength(6);
    expect(rows.map((r) => r.split(',')[column('group_id')])).toEqual([
      ...adam.ids.map(() => String(adam.groupId)),
      ...sgd.ids.map(() => String(sgd.groupId)),
    ]);
    expect(rows.map((r) => r.split(',')[column('entry_runs')])).toEqual([
      ...adam.ids.map(() => adam.ids.join('.')),
      ...sgd.ids.map(() => sgd.ids.join('.')),
    ]);
    expect(header).toMatch(/,optimizer,.*,summary,summary_value,/);

    const svg = await download(page, 'Curves (SVG)');
    expect(svg.name).toMatch(/^backprop-lab-compare-\d{4}-\d\d-\d\d\.svg$/);
    const text = svg.bytes.toString('utf8');
    expect(text.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(text.match(/<polygon class="band"/g)).toHaveLength(8); // 4 bands on each chart
    expect(text).toContain('adam seeds (3 runs) validation (mean), smoothed');

    const png = await download(page, 'Curves (PNG)');
    expect(png.name).toMatch(/\.png$/);
    expect([...png.bytes.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
    // IHDR: twice the SVG's 1120 px width.
    expect(png.bytes.readUInt32BE(16)).toBe(2240);
    // Kept beside the screenshots, to be looked at.
    writeFileSync(join(SCREENSHOTS, 'compare-groups-export.png'), png.bytes);

    await fitTo(page, 1024);
    await screenshot(page, 'compare-groups-1024-full-dark');
    await fitTo(page, 1600);
    await screenshot(page, 'compare-groups-wide-dark');
    await page.context().close();
  });

  it('adds a third entry from the picker and lets the learner pick which two to test', async () => {
    const [adam, sgd] = groups;
    const page = await app.open('dark');
    await page.evaluate(`location.hash = '#/compare?group=${adam.join('.')}'`);
    await page.getByRole('heading', { name: 'Choose one more run' }).waitFor();
    const sgdChoice = page
      .getByRole('list', { name: 'Repeats and sweeps' })
      .getByRole('checkbox', { name: /sgd seeds/ });
    await sgdChoice.focus();
    await page.keyboard.press('Space');
    // Two chosen: the lists fold away, so the curves show; Enter on their summary opens them.
    const lists = page.locator('details.choose');
    await expect.poll(() => lists.getAttribute('open')).toBeNull();
    await lists.locator('summary').focus();
    await page.keyboard.press('Enter');
    const single = page.getByRole('checkbox', { name: /single baseline/ });
    await single.focus();
    await page.keyboard.press('Space');
    await expect
      .poll(() => page.evaluate('location.hash'))
      .toBe(`#/compare?ids=${app.ids[0]}&group=${adam.join('.')}&group=${sgd.join('.')}`);
    // Still open for a fourth, as the learner left it.
    expect(await lists.getAttribute('open')).not.toBeNull();

    const test = page.getByRole('region', { name: 'Is the difference real?' });
    // The address lists single runs first: the baseline is A until the learner picks.
    await test.getByRole('combobox', { name: 'Test entry A' }).selectOption({
      label: 'adam seeds (3 runs)',
    });
    await test.getByRole('combobox', { name: 'Test entry B' }).selectOption({
      label: 'sgd seeds (3 runs)',
    });
    await test.getByText(/Welch's t-test asks whether/).waitFor();
    await fitTo(page, 1280);
    await screenshot(page, 'compare-groups-three-dark');
    await page.context().close();
  });

  it('draws the bands in the light theme too', async () => {
    const [adam, sgd] = groups;
    const page = await app.open('light');
    await page.evaluate(
      `location.hash = '#/compare?group=${adam.join('.')}&group=${sgd.join('.')}'`,
    );
    await page.getByRole('figure', { name: 'Accuracy' }).waitFor();
    await page
      .getByRole('region', { name: 'Is the difference real?' })
      .getByTestId('significance-sentence')
      .waitFor();
    await fitTo(page, 1280);
    await screenshot(page, 'compare-groups-light');
    await page.context().close();
  });
});
