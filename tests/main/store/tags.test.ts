// Tags ignore case: "Adam" and "adam" are one tag, kept as it was first spelled.
import { describe, expect, it } from 'vitest';
import { newRun, useTempStore } from '../../fixtures/store/builders.ts';

const tmp = useTempStore('runs.sqlite');

describe('tags ignore case', () => {
  it('keeps one spelling within a run', () => {
    const { id } = tmp.store.createRun(newRun(tmp.mnist.id, { tags: ['Adam', 'adam', 'ADAM'] }));
    expect(tmp.store.getRun(id).tags).toEqual(['Adam']);
    tmp.store.setTags(id, ['adam', 'Wide', 'wide']);
    expect(tmp.store.getRun(id).tags).toEqual(['Wide', 'adam']);
    tmp.store.addTags(id, ['WIDE']);
    expect(tmp.store.getRun(id).tags).toEqual(['Wide', 'adam']);
  });

  it('spells a tag another run already has the way that run does', () => {
    const first = tmp.store.createRun(newRun(tmp.mnist.id, { tags: ['Adam'] }));
    const second = tmp.store.createRun(newRun(tmp.mnist.id, { tags: ['baseline'] }));
    tmp.store.setTags(second.id, ['adam', 'baseline']);
    tmp.store.addTags(second.id, ['ADAM']);
    expect(tmp.store.getRun(second.id).tags).toEqual(['Adam', 'baseline']);
    expect(tmp.store.getRun(first.id).tags).toEqual(['Adam']);
  });

  it('lists and removes a tag whatever its case', () => {
    const a = tmp.store.createRun(newRun(tmp.mnist.id, { tags: ['Adam'] }));
    tmp.store.createRun(newRun(tmp.mnist.id, { tags: ['sgd'] }));
    expect(tmp.store.listRuns({ tag: 'adam' }).map((r) => r.id)).toEqual([a.id]);
    tmp.store.removeTags(a.id, ['ADAM']);
    expect(tmp.store.getRun(a.id).tags).toEqual([]);
  });
});
