// A run keeps the preset it was started from; whether its settings still equal it is derived
// when the run is read, in a listing and in full.

import { expect, it } from 'vitest';
import { diffConfigs } from '../../../src-core/config-diff.ts';
import { PRESETS } from '../../../src-core/presets.ts';
import { newRun, useTempStore } from '../../fixtures/store/builders.ts';

const tmp = useTempStore('runs.sqlite');

it('says a run started from a preset is modified when its settings differ', () => {
  const { store, mnist } = tmp;
  const same = store.createRun(newRun(mnist.id, { name: 'same' }));
  const changed = store.createRun(
    newRun(mnist.id, { name: 'changed', config: { ...PRESETS.quick, epochs: 2 } }),
  );
  const custom = store.createRun(newRun(mnist.id, { name: 'custom', preset: null }));

  expect([same, changed, custom].map((r) => r.presetModified)).toEqual([false, true, false]);
  expect(store.getRun(changed.id)).toMatchObject({ preset: 'quick', presetModified: true });
  const listed = new Map(store.listRuns().map((r) => [r.name, r]));
  expect(listed.get('same')).toMatchObject({ preset: 'quick', presetModified: false });
  expect(listed.get('changed')).toMatchObject({ preset: 'quick', presetModified: true });
  expect(listed.get('custom')).toMatchObject({ preset: null, presetModified: false });
});

it('says a run on another seed is modified, as its settings table shows', () => {
  const { store, mnist } = tmp;
  const reseeded = store.createRun(
    newRun(mnist.id, { name: 'reseeded', config: { ...PRESETS.quick, seed: 7 } }),
  );
  expect(reseeded.presetModified).toBe(true);
  expect(store.listRuns().find((r) => r.name === 'reseeded')?.presetModified).toBe(true);
  const diff = diffConfigs([PRESETS.quick, { ...PRESETS.quick, seed: 7 }]);
  expect(diff.find((r) => r.setting === 'seed')).toMatchObject({
    values: ['1', '7'],
    differs: true,
  });
});
