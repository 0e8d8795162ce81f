// The threads setting (1, 2 or auto; absent = auto, as in configs saved before it existed): one
// entry in the settings table, and from there the validation, the CLI flag, the settings diff and
// the form; the training process computes on that many threads and the run records it.
import { describe, expect, it } from 'vitest';
import { configSettings, diffConfigs } from '../../src-core/config-diff.ts';
import { ConfigError, validateConfig, type TrainConfig } from '../../src-core/config.ts';
import { presetDiffers } from '../../src-core/preset-diff.ts';
import { PRESETS } from '../../src-core/presets.ts';
import { configFromFlags, parseFlags, TRAIN_ARGS } from '../../src-main/cli/train-options.ts';
import { threadsFor } from '../../src-main/worker/training-backend.ts';
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

  it('asks for one thread on auto (two were measured slower) and two only when set', () => {
    expect(threadsFor(quick)).toBe(1);
    expect(threadsFor({ ...quick, threads: 'auto' })).toBe(1);
    expect(threadsFor({ ...quick, threads: 1 })).toBe(1);
    expect(threadsFor({ ...quick, threads: 2 })).toBe(2);
  });
});
