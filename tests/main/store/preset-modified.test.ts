// A run keeps the preset it was started from; whether its settings still equal it is derived
// when the run is read, in a listing and in full.

import { expect, it } from 'vitest';
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
