// Dropout as a run setting: one entry in the settings table (settings.ts), and from there the
// validation, the CLI flag and help, the trainer's layer stack and the settings diff.
import { describe, expect, it } from 'vitest';
import { diffConfigs } from '../../src-core/config-diff.ts';
import { ConfigError, validateConfig, type TrainConfig } from '../../src-core/config.ts';
import { splitDataset } from '../../src-core/data/split.ts';
import { PRESETS } from '../../src-core/presets.ts';
import { Trainer } from '../../src-core/train.ts';
import { configFromFlags, parseFlags, TRAIN_ARGS } from '../../src-main/cli/train-options.ts';
import { mnistSubset } from '../fixtures/core/mnist.ts';

const small: TrainConfig = {
  ...PRESETS.quick,
  layers: [32],
  activations: ['relu'],
  epochs: 1,
  validation: 200,
  schedule: { type: 'constant' },
};

function finalAccuracy(config: TrainConfig): number {
  const dataset = mnistSubset(false);
  const splits = splitDataset(dataset, config.validation, config.testFraction, config.seed);
  const trainer = new Trainer(config, splits);
  const kinds = trainer.network.stack.layers.map((spec) => spec.kind);
  expect(kinds.filter((k) => k === 'dropout')).toHaveLength(config.dropout ? 1 : 0);
  let accuracy = NaN;
  for (const event of trainer.run()) if (event.type === 'done') accuracy = event.testAccuracy;
  return accuracy;
}

describe('the dropout setting', () => {
  it('is validated from the table: 0 to 0.9', () => {
    expect(validateConfig({ ...small, dropout: 0.3 }).dropout).toBe(0.3);
    expect(() => validateConfig({ ...small, dropout: 0.95 })).toThrow(ConfigError);
    expect(() => validateConfig({ ...small, dropout: 0.95 })).toThrow(/dropout.*0 to 0\.9/);
  });

  it('is a CLI flag with its help', () => {
    const config = configFromFlags(parseFlags(['--dropout', '0.2'], TRAIN_ARGS).values);
    expect(config.dropout).toBe(0.2);
  });

  it('puts a dropout layer after each hidden activation, trains, and is reproducible', () => {
    const withDropout = { ...small, dropout: 0.2 };
    const a = finalAccuracy(withDropout);
    expect(a).toBeGreaterThan(0.6);
    expect(finalAccuracy(withDropout)).toBe(a);
    expect(finalAccuracy(small)).not.toBe(a);
  }, 60_000);

  it('shows in the settings diff', () => {
    const rows = diffConfigs([small, { ...small, dropout: 0.2 }]);
    const row = rows.find((r) => r.setting === 'dropout');
    expect(row?.differs).toBe(true);
  });
});
