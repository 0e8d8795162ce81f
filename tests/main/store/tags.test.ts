// Tags ignore case: "Adam" and "adam" are one tag, kept as it was first spelled.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatasetRow } from '../../../src-main/contract/rows.ts';
import type { Store } from '../../../src-main/store/store.ts';
import { newRun, tempStore, type TempStore } from '../../fixtures/store/builders.ts';

let tmp: TempStore;
let store: Store;
let mnist: DatasetRow;
beforeEach(() => {
  tmp = tempStore('runs.sqlite');
  ({ store, mnist } = tmp);
});
afterEach(() => tmp.remove());

describe('tags ignore case', () => {
  it('keeps one spelling within a run', () => {
    const { id } = store.createRun(newRun(mnist.id, { tags: ['Adam', 'adam', 'ADAM'] }));
    expect(store.getRun(id).tags).toEqual(['Adam']);
    store.setTags(id, ['adam', 'Wide', 'wide']);
    expect(store.getRun(id).tags).toEqual(['Wide', 'adam']);
    store.addTags(id, ['WIDE']);
    expect(store.getRun(id).tags).toEqual(['Wide', 'adam']);
  });

  it('spells a tag another run already has the way that run does', () => {
    const first = store.createRun(newRun(mnist.id, { tags: ['Adam'] }));
    const second = store.createRun(newRun(mnist.id, { tags: ['baseline'] }));
    store.setTags(second.id, ['adam', 'baseline']);
    store.addTags(second.id, ['ADAM']);
    expect(store.getRun(second.id).tags).toEqual(['Adam', 'baseline']);
    expect(store.getRun(first.id).tags).toEqual(['Adam']);
  });

  it('lists and removes a tag whatever its case', () => {
    const a = store.createRun(newRun(mnist.id, { tags: ['Adam'] }));
    store.createRun(newRun(mnist.id, { tags: ['sgd'] }));
    expect(store.listRuns({ tag: 'adam' }).map((r) => r.id)).toEqual([a.id]);
    store.removeTags(a.id, ['ADAM']);
    expect(store.getRun(a.id).tags).toEqual([]);
  });
});
