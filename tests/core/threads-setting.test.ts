// The threads setting (1, 2 or auto; absent = auto, as in configs saved before it existed): one
// entry in the settings table, and from there the validation, the CLI flag, the settings diff and
// the form; the training process computes on that many threads and the run records it.
import { describe, expect, it } from 'vitest';
import { configSettings, diffConfigs } from '../../src-core/config-diff.ts';
import { ConfigError, validateConfig, type TrainConfig } from '../../src-core/config.ts';
import { presetDiffers } from '../../src-core/preset-diff.ts';
import { PRESETS } from '../../src-core/presets.ts';
import { configFromFlags, parseFlags, TRAIN_ARGS } from '../../src-main/cli/train-options.ts';
import { threadsFor, TWO_THREADS_FROM } from '../../src-main/worker/training-backend.ts';
import { draftOf, formFromConfig } from '../../src-renderer/views/new-run/run-form.ts';

const quick: TrainConfig = PRESETS.quick;

describe('the threads setting', () => {
  it('is validated from the table: 1, 2 or auto, and may be absent', () => {
    expect(quick.threads).toBeUndefined();
    expect(validateConfig(quick)).toBe(quick);
    expect(validateConfig({ ...quick, threads: 2 }).threads).toBe(2);
    expect(validateConfig({ ...quick, threads: 'auto' }).threads).toBe('auto');
    expect(() => validateConfig({ ...quick, threads: 3 })).toThrow(ConfigError);
    expect(() => validateConfig({ ...quick, threads: 3 })).toThrow(/threads/);
  });

  it('is a CLI flag', () => {
    const flags = (v: string) =>
      configFromFlags(parseFlags(['--threads', v], TRAIN_ARGS).values).threads;
    expect(flags('2')).toBe(2);
    expect(flags('auto')).toBe('auto');
  });

  it('reads auto when absent, in the diff and the form, so a preset is not modified by it', () => {
    expect(configSettings(quick)).toContainEqual(['threads', 'auto']);
    expect(
      diffConfigs([quick, { ...quick, threads: 2 }]).find((r) => r.setting === 'threads'),
    ).toMatchObject({ values: ['auto', '2'], differs: true });
    const read = draftOf(formFromConfig(quick));
    expect(presetDiffers(read, 'quick')).toBe(false);
  });

  it('takes what it is set to, and on auto two threads only for products large enough to share', () => {
    const mnist = { rows: 28, cols: 28, trainCount: 60_000, testCount: 10_000 };
    const small = { ...quick, layers: [32, 16] };
    for (const cores of [1, 2])
      for (const config of [quick, small]) {
        expect(threadsFor({ ...config, threads: 1 }, mnist, cores)).toBe(1);
        expect(threadsFor({ ...config, threads: 2 }, mnist, cores)).toBe(2);
      }
    // 64 × 784 × 128 multiply-adds in the first product: shared on two cores, not on one.
    expect(threadsFor(quick, mnist, 2)).toBe(2);
    expect(threadsFor({ ...quick, threads: 'auto' }, mnist, 2)).toBe(2);
    expect(threadsFor(quick, mnist, 1)).toBe(1);
    // 64 × 784 × 32 was measured no faster on two. The Article's full batch goes in 1000-row
    // chunks.
    expect(threadsFor(small, mnist, 2)).toBe(1);
    expect(threadsFor({ ...small, batchSize: 256 }, mnist, 2)).toBe(2);
    expect(threadsFor(PRESETS.article, mnist, 2)).toBe(2);
    expect(64 * 784 * 32).toBeLessThan(TWO_THREADS_FROM);
  });
});
