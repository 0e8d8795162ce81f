// Repeats and sweeps through the API: the group and all its runs are saved at once and queued
// in order, or nothing is saved; cancelling a group stops what is left of it; a group lives as
// long as one of its runs.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiHandler } from '../../../src-main/services/handler.ts';
import type { Result } from '../../../src-main/contract/api.ts';
import { Store } from '../../../src-main/store/store.ts';
import { silentHandler, smallConfig, smallDataset, tempDir } from './fixtures.ts';

let store: Store;
let handler: ApiHandler;
let datasetId: number;

beforeAll(() => {
  const dir = tempDir('bpl-groups-');
  store = Store.open(join(dir, 'runs.sqlite'));
  handler = silentHandler(store);
  datasetId = smallDataset(store, dir);
});

afterAll(() => store.close());

const config = smallConfig({ validation: 30, epochs: 1, seed: 5 });

async function value<T>(result: Promise<Result<never>> | Promise<unknown>): Promise<T> {
  const r = (await result) as { ok: boolean; value?: unknown; error?: { message: string } };
  if (!r.ok) throw new Error(r.error?.message);
  return r.value as T;
}

interface Started {
  group: { id: number; kind: string; name: string; seeds: number; runIds: number[] };
  runs: { id: number; name: string; seed: number; groupId: number; config: typeof config }[];
}

describe('startGroup', () => {
  it('queues a repeat over seeds as one group', async () => {
    const started = await value<Started>(
      handler.call('startGroup', { preset: null, config, datasetId, seeds: 3, axes: [] }),
    );
    expect(started.group).toMatchObject({ kind: 'repeat', seeds: 3 });
    expect(started.group.name).toMatch(/× 3 seeds$/);
    expect(started.runs.map((r) => r.seed)).toEqual([5, 6, 7]);
    expect(started.runs.every((r) => r.groupId === started.group.id)).toBe(true);
    expect(started.group.runIds).toEqual(started.runs.map((r) => r.id));
    const listed = store.listRuns({ groupId: started.group.id });
    expect(listed.map((r) => r.status)).toEqual(['queued', 'queued', 'queued']);
    expect(listed.every((r) => r.groupId === started.group.id)).toBe(true);
  });

  it('queues a 2×2 sweep with 2 seeds, seed by seed, with each run named for its values', async () => {
    const started = await value<Started>(
      handler.call('startGroup', {
        name: 'lr and batch',
        preset: null,
        config,
        datasetId,
        seeds: 2,
        axes: [
          { setting: 'learningRate', values: [0.01, 0.02] },
          { setting: 'batchSize', values: [16, 32] },
        ],
      }),
    );
    expect(started.group).toMatchObject({
      kind: 'sweep',
      name: 'lr and batch: lr × batch, 2 seeds',
    });
    expect(started.runs.map((r) => r.name)).toEqual([
      'lr and batch · lr 0.01 · batch 16 · seed 5',
      'lr and batch · lr 0.01 · batch 32 · seed 5',
      'lr and batch · lr 0.02 · batch 16 · seed 5',
      'lr and batch · lr 0.02 · batch 32 · seed 5',
      'lr and batch · lr 0.01 · batch 16 · seed 6',
      'lr and batch · lr 0.01 · batch 32 · seed 6',
      'lr and batch · lr 0.02 · batch 16 · seed 6',
      'lr and batch · lr 0.02 · batch 32 · seed 6',
    ]);
    const detail = await value<{ group: { axes: unknown[] }; runs: unknown[] }>(
      handler.call('getGroup', { id: started.group.id }),
    );
    expect(detail.group.axes).toEqual([
      { setting: 'learningRate', values: [0.01, 0.02] },
      { setting: 'batchSize', values: [16, 32] },
    ]);
    expect(detail.runs).toHaveLength(8);
    const groups = await value<{ id: number }[]>(handler.call('listGroups', {}));
    expect(groups[0].id).toBe(started.group.id);
  });

  it('saves nothing when one combination cannot train, and says which, naming the field', async () => {
    const before = store.listRuns().length;
    const groupsBefore = store.listGroups().length;
    const result = await handler.call('startGroup', {
      preset: null,
      config,
      datasetId,
      seeds: 1,
      // 300 images: holding out 300 leaves none to train on.
      axes: [{ setting: 'validation', values: [30, 300] }],
    });
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'invalid-request',
        field: 'config.validation',
        message: expect.stringContaining('validation 300'),
      },
    });
    const bad = await handler.call('startGroup', {
      preset: null,
      config,
      datasetId,
      seeds: 1,
      axes: [{ setting: 'learningRate', values: [0.01, -2] }],
    });
    expect(bad).toMatchObject({ ok: false, error: { field: 'axes[0].values[1]' } });
    expect(store.listRuns()).toHaveLength(before);
    expect(store.listGroups()).toHaveLength(groupsBefore);
  });

  it('cancels what is left of a group, and forgets a group with its last run', async () => {
    const started = await value<Started>(
      handler.call('startGroup', { preset: null, config, datasetId, seeds: 2, axes: [] }),
    );
    const { cancelled } = await value<{ cancelled: number[] }>(
      handler.call('cancelGroup', { id: started.group.id }),
    );
    expect(cancelled).toEqual(started.runs.map((r) => r.id));
    expect(store.listRuns({ groupId: started.group.id }).map((r) => r.status)).toEqual([
      'cancelled',
      'cancelled',
    ]);
    expect(
      await value<{ cancelled: number[] }>(handler.call('cancelGroup', { id: started.group.id })),
    ).toEqual({ cancelled: [] });
    await value(handler.call('deleteRuns', { ids: [started.runs[0].id] }));
    expect(store.getGroup(started.group.id).runIds).toEqual([started.runs[1].id]);
    await value(handler.call('deleteRuns', { ids: [started.runs[1].id] }));
    expect(await handler.call('getGroup', { id: started.group.id })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
  });
});
