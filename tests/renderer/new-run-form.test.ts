import { describe, expect, it } from 'vitest';
import { DEFAULT_AUGMENTATION } from '../../src-core/augment.ts';
import { PRESETS } from '../../src-core/presets.ts';
import type { TrainConfig } from '../../src-core/config.ts';
import { defaultAt, paramAt, SETTINGS, settingPaths } from '../../src-core/settings.ts';
import {
  chooseWords,
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
  hintOf,
  wasTouched,
  wordKey,
  type FieldValue,
  type RunForm,
} from '../../src-renderer/views/new-run/run-form.ts';

const MNIST = { rows: 28, cols: 28, trainCount: 60_000, testCount: 10_000, name: 'mnist' };
/** The blog's Kaggle CSV: no test part, so 10% of it is held out for testing. */
const KAGGLE = { rows: 28, cols: 28, trainCount: 42_000, testCount: 0, name: 'kaggle' };

/** `form` with some inputs changed, by config path. */
const edit = (form: RunForm, values: Record<string, FieldValue>): RunForm => ({
  ...form,
  values: { ...form.values, ...values },
});

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
    const { config } = readForm(
      edit(form, {
        optimizer: 'momentum',
        momentum: '0.8',
        schedule: 'step',
        'schedule.every': '3',
        'schedule.factor': '0.1',
        batchSize: '32',
      }),
    );
    expect(config).toMatchObject({
      optimizer: 'momentum',
      momentum: 0.8,
      batchSize: 32,
      schedule: { type: 'step', every: 3, factor: 0.1 },
    });
  });

  it('accepts numbers as a learner types them: 1e-3, .5, spaces', () => {
    const form = edit(formFromConfig(PRESETS.quick), { learningRate: ' 1e-3 ', l2: '.5' });
    expect(readForm(form).config).toMatchObject({ learningRate: 0.001, l2: 0.5 });
  });
});

describe('every setting of the table', () => {
  /** Configs that between them give every setting of the table a value other than off. */
  const exercising: TrainConfig[] = [
    {
      ...PRESETS.quick,
      optimizer: 'momentum',
      momentum: 0.8,
      batchSize: 32,
      dropout: 0.3,
      schedule: { type: 'step', every: 3, factor: 0.2 },
      augmentation: {
        rotation: 8,
        scale: 0.1,
        shift: 2,
        shear: 0.1,
        elastic: true,
        thickness: 0.4,
      },
      testFraction: 0.2,
      seed: 5,
    },
    { ...PRESETS.article, schedule: { type: 'cosine', minFactor: 0.02 }, l2: 0.001 },
    { ...PRESETS.quick, layers: [], activations: [], loss: 'mse', init: 'he', epochs: 2 },
  ];

  it('gives back every preset and every setting’s value unchanged', () => {
    for (const config of [...Object.values(PRESETS), ...exercising]) {
      const { config: read, errors } = readForm(formFromConfig(config), { dataset: KAGGLE });
      expect(errors).toEqual(new Map());
      expect(read).toEqual(config);
    }
  });

  it('has an input value for every config path of the table, and no other', () => {
    const paths = settingPaths().filter((p) => paramAt(p)?.kind !== 'list');
    const keys = Object.keys(formFromConfig(PRESETS.quick).values);
    const words = settingPaths().filter((p) => paramAt(p)?.kind === 'or');
    expect(keys.sort()).toEqual([...paths, ...words.map(wordKey)].sort());
  });
});

describe('problems by field', () => {
  const quick = () => formFromConfig(PRESETS.quick);

  it('explains text that is not a number', () => {
    const { config, errors } = readForm(edit(quick(), { learningRate: 'fast', epochs: '' }));
    expect(config).toBeNull();
    expect(errors.get('learningRate')).toBe('"fast" is not a number.');
    expect(errors.get('epochs')).toBe('Enter a number.');
  });

  it('uses the core’s rules and names the layer at fault', () => {
    const form = quick();
    form.layers[1].size = '0';
    const { errors } = readForm(edit(form, { learningRate: '-1' }));
    expect(errors.get('layers[1]')).toBe('Must be a whole number from 1 to 4096, got 0.');
    expect(errors.get('learningRate')).toMatch(/^Must be a number above 0 to 100, got -1\.$/);
    expect([...errors.keys()]).toEqual(['layers[1]', 'learningRate']);
  });

  it('reports every invalid field, not only the first', () => {
    const { errors } = readForm(
      edit(quick(), {
        epochs: '0',
        seed: '-3',
        l2: '2',
        schedule: 'step',
        'schedule.every': '0',
        'schedule.factor': '3',
        testFraction: '0.9',
      }),
    );
    expect([...errors.keys()].sort()).toEqual(
      ['epochs', 'l2', 'schedule.every', 'schedule.factor', 'seed', 'testFraction'].sort(),
    );
  });

  it('ticks a full batch when the article’s gradient descent is chosen', () => {
    const form = edit(quick(), { optimizer: 'gd' });
    expect(form.values[wordKey('batchSize')]).toBe(false);
    chooseWords(form);
    expect(form.values[wordKey('batchSize')]).toBe(true);
    const adam = quick();
    chooseWords(adam);
    expect(adam.values[wordKey('batchSize')]).toBe(false);
  });

  it('explains that full-batch descent needs a full batch', () => {
    const { errors } = readForm(
      edit(quick(), { optimizer: 'gd', [wordKey('batchSize')]: false, batchSize: '64' }),
    );
    expect(errors.get('batchSize')).toMatch(/full-batch gradient descent/);
  });

  it('checks momentum only for the momentum optimiser', () => {
    expect(readForm(edit(quick(), { momentum: 'x' })).errors.size).toBe(0);
    expect(
      readForm(edit(quick(), { optimizer: 'momentum', momentum: '1.5' })).errors.has('momentum'),
    ).toBe(true);
  });

  it('checks the validation size against the dataset, as the core does', () => {
    expect(
      readForm(edit(quick(), { validation: '60000' }), { dataset: MNIST }).errors.get('validation'),
    ).toBe('Must be less than the 60,000 training images of this dataset.');
    expect(readForm(edit(quick(), { validation: '1000' }), { dataset: MNIST }).errors.size).toBe(0);
  });

  it('refuses a batch larger than the images left to train on', () => {
    expect(
      readForm(edit(quick(), { batchSize: '59500' }), { dataset: MNIST }).errors.get('batchSize'),
    ).toBe(
      'Must be at most the 59,000 training images of this dataset (or a full batch of them all).',
    );
  });

  it('reports the dataset’s problems together', () => {
    const { errors } = readForm(edit(quick(), { validation: '5000', batchSize: '50000' }), {
      dataset: { ...MNIST, trainCount: 5000 },
    });
    expect([...errors.keys()]).toEqual(['validation']);
    const both = readForm(
      {
        ...edit(quick(), { validation: '4000', batchSize: '2000' }),
        layers: [{ size: '512', activation: 'relu' }],
      },
      { dataset: { rows: 256, cols: 256, trainCount: 5000, testCount: 100 } },
    );
    expect([...both.errors.keys()]).toEqual(['batchSize', 'layers']);
  });

  it('does not check the test fraction of data with its own test part', () => {
    const wrong = edit(quick(), { testFraction: '0.9' });
    const onMnist = readForm(wrong, { dataset: MNIST });
    expect(onMnist.errors).toEqual(new Map());
    expect(onMnist.config?.testFraction).toBe(PRESETS.quick.testFraction);
    expect(
      readForm(edit(quick(), { testFraction: '0.3' }), { dataset: MNIST }).config,
    ).toMatchObject({ testFraction: 0.3 });
    expect(readForm(wrong, { dataset: KAGGLE }).errors.get('testFraction')).toBe(
      'Must be a number above 0 to 0.5, got 0.9.',
    );
    expect(hintOf('testFraction', MNIST)).toBe(
      'Used only for data without a test part; mnist has its own.',
    );
    expect(hintOf('testFraction', KAGGLE)).toBeUndefined();
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
    expect(readForm(edit(quick(), { epochs: 'x' }), { dataset: MNIST }).estimate).toBeNull();
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
    expect(form.values.augmentation).toBe(false);
    expect(
      ['rotation', 'scale', 'shift', 'shear', 'elastic', 'thickness'].map(
        (k) => form.values[`augmentation.${k}`],
      ),
    ).toEqual([
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
    const { config } = readForm(
      edit(quick(), {
        augmentation: true,
        'augmentation.rotation': '8',
        'augmentation.elastic': true,
      }),
    );
    expect(config?.augmentation).toEqual({ ...DEFAULT_AUGMENTATION, rotation: 8, elastic: true });
  });

  it('reads stroke thickening, leaving it out at 0 as runs saved before it did', () => {
    const on = edit(quick(), { augmentation: true });
    expect(readForm(edit(on, { 'augmentation.thickness': '0.3' })).config?.augmentation).toEqual({
      ...DEFAULT_AUGMENTATION,
      thickness: 0.3,
    });
    expect(
      readForm(edit(on, { 'augmentation.thickness': '0' })).config?.augmentation,
    ).not.toHaveProperty('thickness');
    // A run saved before thickening existed comes back exactly as it was.
    const old = { ...PRESETS.quick, augmentation: { ...DEFAULT_AUGMENTATION, rotation: 8 } };
    expect(formFromConfig(old).values['augmentation.thickness']).toBe('0');
    expect(readForm(formFromConfig(old)).config).toEqual(old);
  });

  it('explains a stroke thickening out of range or not a number next to it', () => {
    const on = edit(quick(), { augmentation: true });
    const high = readForm(
      edit(on, { 'augmentation.thickness': '1.5', 'augmentation.rotation': '200' }),
    );
    expect(high.config).toBeNull();
    expect(high.errors.get('augmentation.thickness')).toBe(
      'Must be a number from 0 to 1, got 1.5.',
    );
    expect(high.errors.get('augmentation.rotation')).toBe(
      'Must be a number from 0 to 180, got 200.',
    );
    expect(
      readForm(edit(on, { 'augmentation.thickness': '-0.2' })).errors.get('augmentation.thickness'),
    ).toBe('Must be a number from 0 to 1, got -0.2.');
    expect(
      readForm(edit(on, { 'augmentation.thickness': 'lots' })).errors.get('augmentation.thickness'),
    ).toBe('"lots" is not a number.');
    expect(readForm(edit(quick(), { 'augmentation.thickness': 'lots' })).errors.size).toBe(0);
    expect(formField('config.augmentation.thickness')).toBe('augmentation.thickness');
  });

  it('fills the form from a config with distortions, and a null one as off', () => {
    const form = formFromConfig(PRESETS.best);
    expect(form.values.augmentation).toBe(true);
    expect(form.values['augmentation.rotation']).toBe(String(PRESETS.best.augmentation?.rotation));
    expect(form.values['augmentation.thickness']).toBe(
      String(PRESETS.best.augmentation?.thickness),
    );
    expect(formFromConfig({ ...PRESETS.best, augmentation: null }).values.augmentation).toBe(false);
  });

  it('explains a distortion out of range next to it, and checks the others too', () => {
    const { config, errors } = readForm(
      edit(quick(), {
        augmentation: true,
        'augmentation.rotation': '200',
        'augmentation.shift': 'x',
        'augmentation.scale': '0.9',
        epochs: '0',
      }),
    );
    expect(config).toBeNull();
    expect(errors.get('augmentation.rotation')).toBe('Must be a number from 0 to 180, got 200.');
    expect(errors.get('augmentation.shift')).toBe('"x" is not a number.');
    expect(errors.get('augmentation.scale')).toBe('Must be a number from 0 to 0.5, got 0.9.');
    expect(errors.has('epochs')).toBe(true);
  });

  it('ignores the distortions’ text while off', () => {
    expect(readForm(edit(quick(), { 'augmentation.rotation': 'nonsense' })).errors.size).toBe(0);
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
      'The best an MLP does here, in minutes: 784-512-256-10, cross-entropy, Adam, distorted images, 25 epochs.',
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
    expect(form.values['schedule.minFactor']).toBe(String(defaultAt('schedule.minFactor')));
    expect(form.values['schedule.every']).toBe(String(defaultAt('schedule.every')));
    expect(form.values.batchSize).toBe(String(defaultAt('batchSize')));
  });

  it('points a server problem at any setting of the table', () => {
    for (const path of settingPaths()) expect(formField(`config.${path}`)).toBe(path);
  });
});
