// The API handler refuses every malformed request with a typed error and never throws.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRESETS } from '../../../src-core/presets.ts';
import { requestSchemas, type Method } from '../../../src-main/contract/api.ts';
import { createApiHandler, type ApiHandler } from '../../../src-main/services/handler.ts';
import { Supervisor } from '../../../src-main/services/supervisor.ts';
import { currentOwner } from '../../../src-main/store/owner.ts';
import { Store } from '../../../src-main/store/store.ts';
import { silentHandler, silentSpawner, smallDataset, tempDir } from './fixtures.ts';

let store: Store;
let handler: ApiHandler;
let datasetId: number;

beforeAll(() => {
  const dir = tempDir('bpl-handler-');
  store = Store.open(join(dir, 'runs.sqlite'));
  handler = silentHandler(store);
  datasetId = smallDataset(store, dir);
});

afterAll(() => store.close());

const config = {
  ...PRESETS.quick,
  layers: [16],
  activations: ['relu'] as const,
  epochs: 1,
  // The small dataset has 300 training images: hold out a few, not the preset's 1000.
  validation: 30,
};

/** For every request type, payloads that must be refused, and the field the error should name. */
const MALFORMED: { [M in Method]: [unknown, string | undefined][] } = {
  listRuns: [
    [{ status: 'done' }, 'status'],
    [{ tag: 3 }, 'tag'],
    [{ extra: 1 }, undefined],
    [null, undefined],
  ],
  getRun: [
    [{}, 'id'],
    [{ id: 'one' }, 'id'],
    [{ id: -1 }, 'id'],
    [{ id: 1.5 }, 'id'],
  ],
  getProgress: [[{ id: null }, 'id']],
  startRun: [
    [{ preset: 'quick', config, datasetId: 'mnist' }, 'datasetId'],
    [{ preset: 'huge', config, datasetId: 1 }, 'preset'],
    [{ preset: null, config: { ...config, loss: 'hinge' }, datasetId: 1 }, 'config.loss'],
    [{ preset: null, config: { ...config, extra: true }, datasetId: 1 }, undefined],
    [{ preset: null, datasetId: 1 }, 'config'],
    [{ preset: null, config, datasetId: 1, tags: 'a,b' }, 'tags'],
  ],
  startGroup: [
    [{ preset: null, config, datasetId: 1, seeds: 0, axes: [] }, 'seeds'],
    [{ preset: null, config, datasetId: 1, seeds: 21, axes: [] }, 'seeds'],
    [{ preset: null, config, datasetId: 1, seeds: 2.5, axes: [] }, 'seeds'],
    [{ preset: null, config, datasetId: 1, axes: [] }, 'seeds'],
    [{ preset: null, config, datasetId: 1, seeds: 1, axes: [{ setting: 'lr' }] }, 'axes.0.values'],
    [
      { preset: null, config, datasetId: 1, seeds: 1, axes: [{ setting: 'l2', values: [] }] },
      'axes.0.values',
    ],
    [
      {
        preset: null,
        config,
        datasetId: 1,
        seeds: 1,
        axes: [{ setting: 'l2', values: Array.from({ length: 13 }, (_, i) => i / 100) }],
      },
      'axes.0.values',
    ],
    [
      {
        preset: null,
        config,
        datasetId: 1,
        seeds: 1,
        axes: ['a', 'b', 'c'].map((setting) => ({ setting, values: [1] })),
      },
      'axes',
    ],
  ],
  listGroups: [[{ all: true }, undefined]],
  getGroup: [[{ id: 'one' }, 'id']],
  cancelGroup: [[{}, 'id']],
  cancelRun: [[{ id: '1' }, 'id']],
  pauseRun: [[{}, 'id']],
  resumeRun: [[[], undefined]],
  continueRun: [[{ id: 'last' }, 'id']],
  stepRun: [[{ id: 0 }, 'id']],
  setLearningRate: [
    [{ id: 1 }, 'learningRate'],
    [{ id: 1, learningRate: 'fast' }, 'learningRate'],
  ],
  renameRun: [
    [{ id: 1 }, 'name'],
    [{ id: 1, name: 'x'.repeat(201) }, 'name'],
  ],
  setNotes: [[{ id: 1, notes: 5 }, 'notes']],
  setTags: [
    [{ id: 1, tags: 'a' }, 'tags'],
    [{ id: 1, tags: [1] }, 'tags.0'],
  ],
  deleteRuns: [
    [{ ids: [] }, 'ids'],
    [{ ids: ['a'] }, 'ids.0'],
    [{ id: 1 }, undefined],
  ],
  compareRuns: [
    [{ a: [], b: [1] }, 'a'],
    [{ a: [1], b: [0] }, 'b.0'],
    [{ a: [1], b: Array.from({ length: 101 }, (_, i) => i + 1) }, 'b'],
    [{ a: [1], b: [2], summary: 'median' }, 'summary'],
  ],
  getConfusionCell: [
    [{ id: 1, actual: 10, predicted: 0 }, 'actual'],
    [{ id: 1, actual: 0, predicted: -1 }, 'predicted'],
    [{ id: 1, actual: 0, predicted: 0, limit: 100000 }, 'limit'],
  ],
  getTestImage: [
    [{ id: 1, index: -1 }, 'index'],
    [{ id: 1, index: 0.5 }, 'index'],
    [{ id: 1 }, 'index'],
  ],
  getModel: [[{ id: 1, kind: 'newest' }, 'kind']],
  exportRun: [
    [{ id: 1, format: 'pdf' }, 'format'],
    [{ format: 'json' }, 'id'],
  ],
  computeLandscape: [
    [{ id: 1, kind: '3d' }, 'kind'],
    [{ id: 1, kind: '2d', grid: 1000 }, 'grid'],
    [{ id: 1, kind: '2d', grid: 4 }, 'grid'],
    [{ id: 1, kind: '1d', images: 50 }, 'images'],
    [{ id: 1, kind: 'between', other: 0 }, 'other'],
    [{ id: 1, kind: '2d', plane: 'best' }, 'plane'],
  ],
  getLandscape: [[{ landscapeId: 'a' }, 'landscapeId']],
  cancelLandscape: [[{}, 'landscapeId']],
  listDatasets: [[{ all: true }, undefined]],
  importDatasetFromDialog: [
    [{ path: '/etc/shadow' }, undefined],
    [{ name: 5 }, 'name'],
    [{ name: 'x'.repeat(201) }, 'name'],
  ],
};

describe('API handler validation', () => {
  it('has malformed cases for every request type', () => {
    expect(Object.keys(MALFORMED).sort()).toEqual(Object.keys(requestSchemas).sort());
  });

  for (const [method, cases] of Object.entries(MALFORMED))
    it.each(cases)(`${method} refuses %j`, async (payload, field) => {
      const result = await handler.call(method, payload);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.code).toBe('invalid-request');
      expect(result.error.message).toContain(method);
      if (field !== undefined) expect(result.error.field).toBe(field);
    });

  it('refuses importDataset as unknown: the renderer cannot make the back end read a path', async () => {
    for (const path of ['/etc/shadow', '/dev/zero'])
      expect(await handler.call('importDataset', { path, name: 'x' })).toEqual({
        ok: false,
        error: { code: 'invalid-request', message: "unknown request 'importDataset'" },
      });
    expect(store.listDatasets().map((d) => d.name)).toEqual(['small']);
  });

  it('refuses an unknown request by name', async () => {
    expect(await handler.call('dropTables', {})).toEqual({
      ok: false,
      error: { code: 'invalid-request', message: "unknown request 'dropTables'" },
    });
  });

  it('explains a config the core refuses, naming the config field', async () => {
    const result = await handler.call('startRun', {
      preset: null,
      config: { ...config, learningRate: -1 },
      datasetId,
    });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'invalid-request', field: 'config.learningRate' },
    });
  });

  it('refuses a run that does not fit its dataset before saving anything, naming the field', async () => {
    const before = await handler.call('listRuns', {});
    const datasets = await handler.call('listDatasets', {});
    const dataset = datasets.ok
      ? (datasets.value as { id: number; trainCount: number }[]).find((d) => d.id === datasetId)
      : undefined;
    expect(dataset).toBeDefined();
    const result = await handler.call('startRun', {
      preset: null,
      config: { ...config, validation: dataset?.trainCount ?? 0 },
      datasetId,
    });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'invalid-request', field: 'config.validation' },
    });
    expect(await handler.call('listRuns', {})).toEqual(before);
  });

  it('says not-found for unknown runs and datasets, conflict for a run that is not training', async () => {
    expect(await handler.call('getRun', { id: 999 })).toMatchObject({
      ok: false,
      error: { code: 'not-found', message: 'run 999 not found' },
    });
    expect(await handler.call('startRun', { preset: null, config, datasetId: 999 })).toMatchObject({
      ok: false,
      error: { code: 'not-found', field: 'datasetId' },
    });
    const started = await handler.call('startRun', {
      preset: 'quick',
      config,
      datasetId,
      name: 'x',
    });
    expect(started.ok).toBe(true);
    const id = started.ok ? (started.value as { id: number }).id : 0;
    expect(await handler.call('setLearningRate', { id, learningRate: 0.1 })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    expect(await handler.call('deleteRuns', { ids: [id] })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    expect(await handler.call('continueRun', { id: 999 })).toMatchObject({
      ok: false,
      error: { code: 'not-found', message: 'run 999 not found' },
    });
    expect(await handler.call('continueRun', { id })).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: `run ${id} cannot be resumed: it is queued` },
    });
    expect(await handler.call('renameRun', { id, name: '   ' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-request' },
    });
  });

  it('answers a valid request with its value', async () => {
    const result = await handler.call('listRuns', {});
    expect(result.ok).toBe(true);
    if (result.ok) expect(Array.isArray(result.value)).toBe(true);
  });
});

describe('API handler: every request validates fully, then writes once', () => {
  const newRun = async (tags: string[]) => {
    const started = await handler.call('startRun', { preset: null, config, datasetId, tags });
    if (!started.ok) throw new Error(started.error.message);
    return (started.value as { id: number }).id;
  };

  it.each([[['keep', ' ']], [['x,y']], [['ok', '']], [['fine', 'nul\u0000']]])(
    'setTags %j is refused and changes nothing',
    async (tags) => {
      const id = await newRun(['keep', 'drop']);
      const result = await handler.call('setTags', { id, tags });
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
      expect(store.getRun(id).tags.sort()).toEqual(['drop', 'keep']);
    },
  );

  it('setTags replaces the tags in one write and tells every window', async () => {
    const id = await newRun(['keep', 'drop']);
    const events: string[] = [];
    const stop = handler.onEvent((e) => events.push(e.type));
    const result = await handler.call('setTags', { id, tags: [' keep ', 'new'] });
    stop();
    expect(result.ok).toBe(true);
    expect(store.getRun(id).tags.sort()).toEqual(['keep', 'new']);
    expect(events).toContain('runsChanged');
  });

  it.each([
    ['renameRun', { name: '\u0000\u0000' }, 'name'],
    ['renameRun', { name: 'a\u001b]0;pwned\u0007' }, 'name'],
    ['renameRun', { name: 'two\nlines' }, 'name'],
    ['setNotes', { notes: 'bell\u0007' }, 'notes'],
    ['setTags', { tags: ['\u0001'] }, 'tags.0'],
  ] as const)('%s refuses control characters in %j', async (method, fields, field) => {
    const id = await newRun([]);
    const before = store.getRun(id);
    const result = await handler.call(method, { id, ...fields });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-request', field } });
    expect(store.getRun(id)).toEqual(before);
  });

  it('refuses control characters in a new run’s name, notes and tags', async () => {
    for (const extra of [{ name: '\u0000' }, { notes: '\u0000' }, { tags: ['\u0085'] }]) {
      const result = await handler.call('startRun', { preset: null, config, datasetId, ...extra });
      expect(result, JSON.stringify(extra)).toMatchObject({ ok: false });
    }
  });

  it('keeps newlines and tabs in notes', async () => {
    const id = await newRun([]);
    const result = await handler.call('setNotes', { id, notes: 'line one\n\tline two\r\n' });
    expect(result.ok).toBe(true);
    expect(store.getRun(id).notes).toBe('line one\n\tline two\r\n');
  });
});

describe('API handler: messages stay short', () => {
  it('shortens a 4 KB path in an error message', async () => {
    const dir = tempDir('bpl-handler-paths-');
    const long = join(dir, `${'a'.repeat(200)}/`.repeat(20), 'data.csv');
    const owner = currentOwner();
    const withDialog = createApiHandler({
      store,
      supervisor: new Supervisor(store, silentSpawner, owner),
      owner,
      chooseDatasetFile: () => Promise.resolve(long),
    });
    const result = await withDialog.call('importDatasetFromDialog', {});
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(long.length).toBeGreaterThan(4000);
    expect(result.error.message.length).toBeLessThan(400);
    expect(result.error.message).toContain('data.csv');
    expect(result.error.message).toContain('…');
  });
});
