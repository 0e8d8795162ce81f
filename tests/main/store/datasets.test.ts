import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreError } from '../../../src-main/store/errors.ts';
import { Store } from '../../../src-main/store/store.ts';
import { MNIST, useTempDir } from '../../fixtures/store/builders.ts';

const tmp = useTempDir();
let store: Store;
beforeEach(() => {
  store = Store.open(tmp.file('datasets.sqlite'));
});
afterEach(() => store.close());

describe('datasets', () => {
  it('registers a dataset once and finds it by id or name', () => {
    const d = store.ensureDataset(MNIST);
    expect(d).toMatchObject({ ...MNIST, id: expect.any(Number) });
    expect(d.createdAt).toBeGreaterThan(0);
    expect(store.ensureDataset({ ...MNIST, path: '/moved/mnist' })).toEqual(d);
    expect(store.getDataset(d.id)).toEqual(d);
    expect(store.getDataset('mnist')).toEqual(d);
    expect(store.getDataset(99)).toBeNull();
    expect(store.getDataset('fashion')).toBeNull();
  });

  it('lists datasets in the order they were registered', () => {
    const a = store.ensureDataset(MNIST);
    const b = store.ensureDataset({
      ...MNIST,
      name: 'fashion',
      kind: 'idx',
      hash: 'cd'.repeat(32),
    });
    expect(store.listDatasets()).toEqual([a, b]);
  });

  it('refuses a second dataset under a taken name with other content', () => {
    store.ensureDataset(MNIST);
    expect(() => store.ensureDataset({ ...MNIST, hash: 'ff'.repeat(32) })).toThrow(
      new StoreError(
        'a dataset named mnist with different content is already registered; give this one another name',
      ),
    );
    expect(store.listDatasets()).toHaveLength(1);
  });
});
