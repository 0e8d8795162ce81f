// Repeats and sweeps expand into the runs they promise, in seed-by-seed order, and refuse what
// they cannot train, naming the field.
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src-core/config.ts';
import { PRESETS } from '../../src-core/presets.ts';
import { expandGroup, GROUP_LIMITS } from '../../src-core/sweep.ts';

const base = { ...PRESETS.quick, seed: 7 };

function refusal(f: () => unknown): { field: string; message: string } {
  try {
    f();
  } catch (error) {
    if (error instanceof ConfigError) return { field: error.field, message: error.message };
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('expandGroup', () => {
  it('repeats a config over seeds s, s+1, …', () => {
    const runs = expandGroup(base, 3, []);
    expect(runs.map((r) => r.config.seed)).toEqual([7, 8, 9]);
    expect(runs.map((r) => r.label)).toEqual(['seed 7', 'seed 8', 'seed 9']);
    expect(runs[2].config).toEqual({ ...base, seed: 9 });
  });

  it('sweeps every combination, every combination once per seed before the next seed', () => {
    const runs = expandGroup(base, 2, [
      { setting: 'learningRate', values: [0.0005, 0.001, 0.002] },
      { setting: 'batchSize', values: [32, 64] },
    ]);
    expect(runs).toHaveLength(12);
    expect(runs.slice(0, 6).every((r) => r.config.seed === 7)).toBe(true);
    expect(runs.slice(6).every((r) => r.config.seed === 8)).toBe(true);
    expect(runs.slice(0, 6).map((r) => [r.config.learningRate, r.config.batchSize])).toEqual([
      [0.0005, 32],
      [0.0005, 64],
      [0.001, 32],
      [0.001, 64],
      [0.002, 32],
      [0.002, 64],
    ]);
    expect(runs[1].label).toBe('lr 0.0005 · batch 64 · seed 7');
  });

  it('keeps one activation per layer when it sweeps the hidden layers', () => {
    const runs = expandGroup(base, 1, [{ setting: 'layers', values: [[64], [256, 128, 64]] }]);
    expect(runs.map((r) => r.config.activations)).toEqual([['relu'], ['relu', 'relu', 'relu']]);
    expect(runs[1].label).toBe('layers 256-128-64 · seed 7');
  });

  it('names the field at fault', () => {
    expect(refusal(() => expandGroup(base, 0, [])).field).toBe('seeds');
    expect(refusal(() => expandGroup(base, GROUP_LIMITS.seeds + 1, [])).field).toBe('seeds');
    expect(refusal(() => expandGroup(base, 1, [{ setting: 'seed', values: [1] }]))).toMatchObject({
      field: 'axes[0].setting',
      message: expect.stringContaining('ask for several seeds'),
    });
    expect(refusal(() => expandGroup(base, 1, [{ setting: 'speed', values: [1] }])).field).toBe(
      'axes[0].setting',
    );
    expect(
      refusal(() =>
        expandGroup(base, 1, [
          { setting: 'l2', values: [0] },
          { setting: 'l2', values: [1e-4] },
        ]),
      ).field,
    ).toBe('axes[1].setting');
    expect(refusal(() => expandGroup(base, 1, [{ setting: 'l2', values: [] }])).field).toBe(
      'axes[0].values',
    );
    expect(
      refusal(() => expandGroup(base, 1, [{ setting: 'learningRate', values: [0.1, -1] }])),
    ).toMatchObject({ field: 'axes[0].values[1]' });
    expect(
      refusal(() => expandGroup(base, 1, [{ setting: 'learningRate', values: [0.1, 0.1] }])),
    ).toMatchObject({ field: 'axes[0].values[1]', message: expect.stringContaining('twice') });
  });

  it('refuses more runs than a group may hold', () => {
    const values = Array.from({ length: 10 }, (_, i) => (i + 1) / 1000);
    expect(
      refusal(() =>
        expandGroup(base, 2, [
          { setting: 'learningRate', values },
          { setting: 'l2', values: values.map((v) => v / 10) },
        ]),
      ),
    ).toMatchObject({ field: 'axes', message: expect.stringContaining('200 runs') });
  });

  it('says which combination the settings refuse', () => {
    const error = refusal(() =>
      expandGroup({ ...base, seed: 0xffffffff }, 2, [{ setting: 'l2', values: [0, 0.001] }]),
    );
    expect(error.field).toBe('seed');
    expect(error.message).toContain('with l2 0');
  });
});
