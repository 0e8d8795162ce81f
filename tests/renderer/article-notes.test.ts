// The page on where the blog's code differs from its math: each measured variant is a valid
// config that differs from the Article preset in exactly the settings its difference names, and
// the page finds its runs (and the preset run to read them against) among the saved runs.
import { describe, expect, it } from 'vitest';
import { diffConfigs } from '../../src-core/config-diff.ts';
import { validateConfig } from '../../src-core/config.ts';
import { PRESETS } from '../../src-core/presets.ts';
import {
  CODE_DIFFERENCES,
  MEASURES,
  measuredRuns,
  measuredSummary,
  presetRun,
} from '../../src-renderer/views/article-notes/code-differences.ts';
import { summary } from './runs-fixtures.ts';

/** The settings (by name) in which `config` differs from the Article preset. */
const changed = (config: (typeof MEASURES)[keyof typeof MEASURES]['config']) =>
  diffConfigs([PRESETS.article, config])
    .filter((row) => row.differs)
    .map((row) => [row.setting, row.values[1]]);

describe('the measured differences', () => {
  it('are valid configs, each changing only what the blog’s code does differently', () => {
    for (const m of Object.values(MEASURES)) expect(() => validateConfig(m.config)).not.toThrow();
    expect(changed(MEASURES.noSecondRelu.config)).toEqual([['activations', 'relu, identity']]);
    expect(changed(MEASURES.crossEntropy.config)).toEqual([['loss', 'cross-entropy']]);
    expect(changed(MEASURES.both.config).map(([label]) => label)).toEqual(['activations', 'loss']);
  });

  it('each have their own tag, and every difference has a lesson', () => {
    const tags = Object.values(MEASURES).map((m) => m.tag);
    expect(new Set(tags).size).toBe(tags.length);
    for (const d of CODE_DIFFERENCES) {
      expect(d.lesson.length, d.id).toBeGreaterThan(20);
      expect(d.code.length, d.id).toBeGreaterThan(0);
    }
    expect(CODE_DIFFERENCES.filter((d) => d.measure !== null).map((d) => d.measure?.id)).toEqual([
      'no-second-relu',
      'cross-entropy',
    ]);
  });
});

describe('finding the runs of a measured difference', () => {
  const m = MEASURES.crossEntropy;
  const article = { preset: 'article', presetModified: false } as const;

  it('takes the newest run with its tag', () => {
    const runs = [
      summary(1, { tags: [m.tag] }),
      summary(2, { tags: ['other'] }),
      summary(3, { tags: ['blog-code', m.tag] }),
    ];
    expect(measuredRuns(runs, m).map((r) => r.id)).toEqual([3, 1]);
  });

  it('reads it against an unmodified Article run of the same seed and data, completed first', () => {
    const variant = summary(9, { tags: [m.tag], seed: 1 });
    const runs = [
      variant,
      summary(1, { ...article }),
      summary(2, { ...article, status: 'running' }),
      summary(3, { ...article, presetModified: true }),
      summary(4, { ...article, seed: 2 }),
      summary(5, { ...article, datasetId: 2 }),
      summary(6, { ...article, status: 'failed' }),
      summary(7, { preset: 'quick' }),
    ];
    expect(presetRun(runs, variant)?.id).toBe(1);
    expect(presetRun(runs.slice(2), variant)?.id).toBe(2);
    expect(presetRun(runs.slice(3), variant)).toBeNull();
  });

  it('says the difference in accuracy once both completed, never comparing losses', () => {
    const variant = summary(2, { testAccuracy: 0.8412, testLoss: 0.5 });
    const preset = summary(1, { testAccuracy: 0.8358, testLoss: 0.25 });
    expect(measuredSummary(variant, preset)).toBe(
      'Test accuracy 84.12% against 83.58% for the Article preset: +0.54 points, one run each with seed 1. Compare tells whether a difference this size is likely real.',
    );
    expect(measuredSummary(summary(3, { testAccuracy: 0.8 }), preset)).toContain('−3.58 points');
    expect(measuredSummary(summary(4, { status: 'running' }), preset)).toBeNull();
  });
});
