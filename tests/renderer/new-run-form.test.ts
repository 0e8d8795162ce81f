import { describe, expect, it } from 'vitest';
import { DEFAULT_AUGMENTATION } from '../../src-core/augment.ts';
import { PRESETS } from '../../src-core/presets.ts';
import { defaultAt, SETTINGS, settingPaths } from '../../src-core/settings.ts';
import {
  configErrors,
  formField,
  formFromConfig,
  inputId,
  inputOf,
  presetDescription,
  presetOf,
  problemText,
  readForm,
  estimateText,
  wasTouched,
} from '../../src-renderer/views/new-run/run-form.ts';

const MNIST = { rows: 28, cols: 28, trainCount: 60_000, testCount: 10_000 };

describe('formFromConfig and readForm', () => {
  it('gives back every preset unchanged', () => {
    for (const config of Object.values(PRESETS)) {
      const { config: read, errors } = readForm(formFromConfig(config));
      expect(errors.size).toBe(0);
      expect(read).toEqual(config);
    }
  });

  it('reads a step schedule, momentum and a batch size', () => {
    const form = formFromConfig(PRESETS.quick);
    Object.assign(form, {
      optimizer: 'momentum',
      momentum: '0.8',
      schedule: 'step',
      every: '3',
      factor: '0.1',
      batchSize: '32',
    });
    const { config } = readForm(form);
    expect(config).toMatchObject({
      optimizer: 'momentum',
      momentum: 0.8,
      batchSize: 32,
      schedule: { type: 'step', every: 3, factor: 0.1 },
    });
  });

  it('accepts numbers as a learner types them: 1e-3, .5, spaces', () => {
    const form = { ...formFromConfig(PRESETS.quick), learningRate: ' 1e-3 ', l2: '.5' };
    expect(readForm(form).config).toMatchObject({ learningRate: 0.001, l2: 0.5 });
  });
});

describe('problems by field', () => {
  const quick = () => formFromConfig(PRESETS.quick);

  it('explains text that is not a number', () => {
    const { config, errors } = readForm({ ...quick(), learningRate: 'fast', epochs: '' });
    expect(config).toBeNull();
    expect(errors.get('learningRate')).toBe('"fast" is not a number.');
    expect(errors.get('epochs')).toBe('Enter a number.');
  });

  it('uses the core’s rules and names the layer at fault', () => {
    const form = quick();
    form.layers[1].size = '0';
    const { errors } = readForm({ ...form, learningRate: '-1' });
    expect(errors.get('layers[1]')).toBe('Must be a whole number from 1 to 4096, got 0.');
    expect(errors.get('learningRate')).toMatch(/^Must be a number above 0 to 100, got -1\.$/);
    expect([...errors.keys()]).toEqual(['layers[1]', 'learningRate']);
  });

  it('reports every invalid field, not only the first', () => {
    const { errors } = readForm({
      ...quick(),
      epochs: '0',
      seed: '-3',
      l2: '2',
      schedule: 'step',
      every: '0',
      factor: '3',
      testFraction: '0.9',
    });
    expect([...errors.keys()].sort()).toEqual(
      ['epochs', 'l2', 'schedule.every', 'schedule.factor', 'seed', 'testFraction'].sort(),
    );
  });

  it('explains that full-batch descent needs a full batch', () => {
    const { errors } = readForm({ ...quick(), optimizer: 'gd', fullBatch: false, batchSize: '64' });
    expect(errors.get('batchSize')).toMatch(/full-batch gradient descent/);
  });

  it('checks momentum only for the momentum optimiser', () => {
    expect(readForm({ ...quick(), momentum: 'x' }).errors.size).toBe(0);
    expect(
      readForm({ ...quick(), optimizer: 'momentum', momentum: '1.5' }).errors.has('momentum'),
    ).toBe(true);
  });

  it('checks the validation size against the dataset, as the core does', () => {
    expect(
      readForm({ ...quick(), validation: '60000' }, { dataset: MNIST }).errors.get('validation'),
    ).toBe('Must be less than the 60,000 training images of this dataset.');
    expect(readForm({ ...quick(), validation: '1000' }, { dataset: MNIST }).errors.size).toBe(0);
  });

  it('puts the parameter cap next to the layers, counted at the dataset’s image size', () => {
    const wide = { ...quick(), layers: [{ size: '4096', activation: 'relu' as const }] };
    expect(readForm(wide, { dataset: MNIST }).errors.size).toBe(0);
    const big = { rows: 64, cols: 64, trainCount: 5000, testCount: 500 };
    expect(readForm(wide, { dataset: big }).errors.get('layers')).toMatch(
      /^4096-4096-10 on 64×64 images has 16,822,282 parameters, over the cap of 10,000,000; use fewer or smaller hidden layers/,
    );
    const eight = {
      ...quick(),
      layers: Array.from({ length: 8 }, () => ({ size: '4096', activation: 'relu' as const })),
    };
    expect(readForm(eight).errors.get('layers')).toContain('over the cap of 10,000,000');
  });

  it('shows a problem of the whole layer list once any layer size was changed', () => {
    const touched = new Set([inputId('layers[1]')]);
    expect(wasTouched('layers', touched)).toBe(true);
    expect(wasTouched('layers[1]', touched)).toBe(true);
    expect(wasTouched('layers[0]', touched)).toBe(false);
    expect(wasTouched('layers', new Set([inputId('learningRate')]))).toBe(false);
    expect(wasTouched('learningRate', new Set([inputId('learningRate')]))).toBe(true);
  });

  it('estimates memory and disk once the config is valid and the dataset known', () => {
    const { estimate } = readForm(formFromConfig(PRESETS.best), { dataset: MNIST });
    expect(estimate).not.toBeNull();
    expect(estimateText(estimate!)).toMatch(
      /^Needs about [\d.]+ MB of memory while training; each checkpoint takes 2\.0 MB of disk\.$/,
    );
    expect(readForm(formFromConfig(PRESETS.best)).estimate).toBeNull();
    expect(readForm({ ...quick(), epochs: 'x' }, { dataset: MNIST }).estimate).toBeNull();
  });

  it('stops at a list the core cannot look past', () => {
    const config = { ...PRESETS.quick, layers: [1, 2, 3, 4, 5, 6, 7, 8, 9], activations: [] };
    expect([...configErrors(config).keys()]).toEqual(['layers']);
  });
});

describe('server errors', () => {
  it('point at the input for the field', () => {
    expect(formField('config.learningRate')).toBe('learningRate');
    expect(formField('config.layers[2]')).toBe('layers[2]');
    expect(formField('config.schedule.every')).toBe('schedule.every');
    expect(formField('config.schedule.type')).toBe('schedule');
    expect(formField('config.layers.0')).toBe('layers[0]');
    expect(formField('config.activations.2')).toBe('activations[2]');
    expect(formField('tags.3')).toBe('tags');
    expect(formField('datasetId')).toBe('datasetId');
    expect(formField('name')).toBe('name');
    expect(formField('preset')).toBeNull();
    expect(formField(undefined)).toBeNull();
  });

  it('drop the field name in front of the message', () => {
    expect(problemText('config.learningRate: must be above 0', 'config.learningRate')).toBe(
      'Must be above 0.',
    );
    expect(problemText('learningRate: must be above 0', 'config.learningRate')).toBe(
      'Must be above 0.',
    );
    expect(problemText('dataset 9 not found', 'datasetId')).toBe('Dataset 9 not found.');
    expect(problemText('no field', undefined)).toBe('no field');
  });

  it('have input ids that are valid and distinct', () => {
    expect(inputId('layers[1]')).toBe('field-layers-1');
    expect(inputId('schedule.every')).toBe('field-schedule-every');
    expect(inputId('learningRate')).toBe('field-learningRate');
  });
});

describe('presets', () => {
  it('recognises a config that is exactly a preset', () => {
    expect(presetOf(PRESETS.article)).toBe('article');
    expect(presetOf({ ...PRESETS.quick })).toBe('quick');
    expect(presetOf({ ...PRESETS.quick, epochs: 2 })).toBeNull();
  });

  it('ignores the momentum of optimisers that do not use it', () => {
    expect(presetOf({ ...PRESETS.quick, momentum: 0.5 })).toBe('quick');
  });

  it('describes each preset from its own numbers', () => {
    expect(presetDescription('article')).toBe(
      'The blog’s network, faithfully: 784-32-16-10, squared error, full-batch gradient descent, 300 epochs.',
    );
    expect(presetDescription('quick')).toContain('784-128-64-10');
  });
});

describe('data augmentation', () => {
  const quick = () => formFromConfig(PRESETS.quick);

  it('starts off, with the default distortions ready to switch on', () => {
    const form = quick();
    expect(form.augment).toBe(false);
    expect([
      form.rotation,
      form.scale,
      form.shift,
      form.shear,
      form.elastic,
      form.thickness,
    ]).toEqual([
      String(DEFAULT_AUGMENTATION.rotation),
      String(DEFAULT_AUGMENTATION.scale),
      String(DEFAULT_AUGMENTATION.shift),
      String(DEFAULT_AUGMENTATION.shear),
      DEFAULT_AUGMENTATION.elastic,
      String(DEFAULT_AUGMENTATION.thickness ?? 0),
    ]);
    expect(readForm(form).config).not.toHaveProperty('augmentation');
  });

  it('reads the distortions when on', () => {
    const { config } = readForm({ ...quick(), augment: true, rotation: '8', elastic: true });
    expect(config?.augmentation).toEqual({ ...DEFAULT_AUGMENTATION, rotation: 8, elastic: true });
  });

  it('reads stroke thickening, leaving it out at 0 as runs saved before it did', () => {
    const on = { ...quick(), augment: true };
    expect(readForm({ ...on, thickness: '0.3' }).config?.augmentation).toEqual({
      ...DEFAULT_AUGMENTATION,
      thickness: 0.3,
    });
    expect(readForm({ ...on, thickness: '0' }).config?.augmentation).not.toHaveProperty(
      'thickness',
    );
    // A run saved before thickening existed comes back exactly as it was.
    const old = { ...PRESETS.quick, augmentation: { ...DEFAULT_AUGMENTATION, rotation: 8 } };
    expect(formFromConfig(old).thickness).toBe('0');
    expect(readForm(formFromConfig(old)).config).toEqual(old);
  });

  it('explains a stroke thickening out of range or not a number next to it', () => {
    const on = { ...quick(), augment: true };
    const high = readForm({ ...on, thickness: '1.5', rotation: '200' });
    expect(high.config).toBeNull();
    expect(high.errors.get('augmentation.thickness')).toBe(
      'Must be a number from 0 to 1, got 1.5.',
    );
    expect(high.errors.get('augmentation.rotation')).toBe(
      'Must be a number from 0 to 180, got 200.',
    );
    expect(readForm({ ...on, thickness: '-0.2' }).errors.get('augmentation.thickness')).toBe(
      'Must be a number from 0 to 1, got -0.2.',
    );
    expect(readForm({ ...on, thickness: 'lots' }).errors.get('augmentation.thickness')).toBe(
      '"lots" is not a number.',
    );
    expect(readForm({ ...quick(), thickness: 'lots' }).errors.size).toBe(0);
    expect(formField('config.augmentation.thickness')).toBe('augmentation.thickness');
  });

  it('fills the form from a config with distortions, and a null one as off', () => {
    const form = formFromConfig(PRESETS.best);
    expect(form.augment).toBe(true);
    expect(form.rotation).toBe(String(PRESETS.best.augmentation?.rotation));
    expect(form.thickness).toBe(String(PRESETS.best.augmentation?.thickness));
    expect(formFromConfig({ ...PRESETS.best, augmentation: null }).augment).toBe(false);
  });

  it('explains a distortion out of range next to it, and checks the others too', () => {
    const { config, errors } = readForm({
      ...quick(),
      augment: true,
      rotation: '200',
      shift: 'x',
      scale: '0.9',
      epochs: '0',
    });
    expect(config).toBeNull();
    expect(errors.get('augmentation.rotation')).toBe('Must be a number from 0 to 180, got 200.');
    expect(errors.get('augmentation.shift')).toBe('"x" is not a number.');
    expect(errors.get('augmentation.scale')).toBe('Must be a number from 0 to 0.5, got 0.9.');
    expect(errors.has('epochs')).toBe(true);
  });

  it('ignores the distortions’ text while off', () => {
    expect(readForm({ ...quick(), rotation: 'nonsense' }).errors.size).toBe(0);
  });

  it('tells presets apart by their distortions', () => {
    expect(presetOf(PRESETS.best)).toBe('best');
    expect(presetOf({ ...PRESETS.best, augmentation: null })).toBeNull();
    expect(presetOf({ ...PRESETS.quick, augmentation: null })).toBe('quick');
    expect(presetOf({ ...PRESETS.quick, augmentation: DEFAULT_AUGMENTATION })).toBeNull();
    const { thickness: _, ...unthickened } = PRESETS.best.augmentation ?? DEFAULT_AUGMENTATION;
    expect(presetOf({ ...PRESETS.best, augmentation: unthickened })).toBeNull();
    expect(
      presetOf({ ...PRESETS.best, augmentation: { ...unthickened, thickness: 0 } }),
    ).toBeNull();
  });

  it('points server errors at the distortion’s input', () => {
    expect(formField('config.augmentation.shear')).toBe('augmentation.shear');
    expect(inputId('augmentation.rotation')).toBe('field-augmentation-rotation');
  });

  it('mentions the distortions in the Best preset’s description', () => {
    expect(presetDescription('best')).toBe(
      'The best an MLP does here, in minutes: 784-512-256-10, cross-entropy, Adam, distorted images, 15 epochs.',
    );
  });
});

describe('the form from the table of settings', () => {
  it('labels, explains and boxes each input as the table says', () => {
    expect(inputOf('learningRate')).toEqual({
      label: 'Learning rate',
      hint: SETTINGS.learningRate.help,
      whole: false,
      min: 0,
    });
    expect(inputOf('epochs')).toMatchObject({ label: 'Epochs', whole: true, min: 1 });
    expect(inputOf('batchSize')).toMatchObject({ label: 'Batch size', whole: true, min: 1 });
    expect(inputOf('schedule.every')).toMatchObject({ label: 'Decay every (epochs)', whole: true });
    expect(inputOf('augmentation.rotation').label).toBe('Rotation (°)');
  });

  it('starts a switched-on setting at the table’s value, as the CLI does', () => {
    const form = formFromConfig({ ...PRESETS.article, schedule: { type: 'constant' } });
    expect(form.minFactor).toBe(String(defaultAt('schedule.minFactor')));
    expect(form.every).toBe(String(defaultAt('schedule.every')));
    expect(form.batchSize).toBe(String(defaultAt('batchSize')));
  });

  it('points a server problem at any setting of the table', () => {
    for (const path of settingPaths()) expect(formField(`config.${path}`)).toBe(path);
  });
});
