// `backprop-lab train` flags → config, without starting a process: the flags for augmentation.

import { describe, expect, it } from 'vitest';
import { DEFAULT_AUGMENTATION } from '../../../src-core/augment.ts';
import { PRESETS } from '../../../src-core/presets.ts';
import { defaultAt, SETTING_NAMES, SETTINGS } from '../../../src-core/settings.ts';
import { UsageError } from '../../../src-main/cli/errors.ts';
import {
  configFromFlags,
  parseFlags,
  TRAIN_ARGS,
  TRAIN_HELP,
} from '../../../src-main/cli/train-options.ts';

const configOf = (args: string[]) => configFromFlags(parseFlags(args, TRAIN_ARGS).values);

function usageError(args: string[]): string {
  try {
    configOf(args);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  return expect.fail(`${args.join(' ')} was accepted`);
}

describe('--augment', () => {
  it.each([
    [['--augment']],
    [['--augment', '--epochs', '3']],
    [['--epochs', '3', '--augment', '--preset', 'quick']],
    [['--augment=']],
  ])('alone (%j) turns on the default distortions', (args) => {
    expect(configOf(args).augmentation).toEqual(DEFAULT_AUGMENTATION);
  });

  it('keeps the other flags around it', () => {
    const { values, positionals } = parseFlags(
      ['--augment', '--epochs', '3', '--json'],
      TRAIN_ARGS,
    );
    expect(positionals).toEqual([]);
    expect(values).toMatchObject({ augment: '', epochs: '3', json: true });
  });

  it('with a SPEC turns on only what it lists', () => {
    expect(
      configOf(['--augment', 'rotation=10,scale=0.1,shift=2,shear=0.1,elastic']),
    ).toMatchObject({
      augmentation: { rotation: 10, scale: 0.1, shift: 2, shear: 0.1, elastic: true },
    });
    expect(configOf(['--augment=rotation=5']).augmentation).toEqual({
      rotation: 5,
      scale: 0,
      shift: 0,
      shear: 0,
      elastic: false,
    });
    expect(configOf(['--augment', 'shift=2,thickness=0.5']).augmentation).toEqual({
      rotation: 0,
      scale: 0,
      shift: 2,
      shear: 0,
      elastic: false,
      thickness: 0.5,
    });
    expect(configOf(['--augment', 'thickness=1']).augmentation).toMatchObject({ thickness: 1 });
  });

  it('--no-augment turns off what a preset has, absent leaves the preset’s', () => {
    expect(configOf(['--no-augment']).augmentation).toBeNull();
    for (const preset of ['article', 'quick', 'best'] as const)
      expect(configOf(['--preset', preset]).augmentation).toEqual(PRESETS[preset].augmentation);
  });

  it.each([
    [['--augment', 'rotation'], "--augment: 'rotation' is not one of rotation=N, scale=N"],
    [['--augment', 'rotation=ten'], "--augment: expected a number, got 'ten'"],
    [['--augment', 'elastic=yes'], "--augment: 'elastic=yes' is not one of"],
    [['--augment', 'scale=0.9'], '--augment scale: must be a number from 0 to 0.5, got 0.9'],
    [['--augment', 'shift=-1'], '--augment shift: must be a number from 0 to 10, got -1'],
    [['--augment', 'thickness=1.5'], '--augment thickness: must be a number from 0 to 1, got 1.5'],
    [['--augment', 'thickness'], "--augment: 'thickness' is not one of"],
    [['--augment', 'thick=0.5'], 'shear=N, thickness=N, elastic'],
    [['--augment', '--no-augment'], '--augment and --no-augment contradict each other; give one'],
  ])('%j is refused: %s', (args, message) => {
    expect(usageError(args)).toContain(message);
  });

  it('is in the help', () => {
    expect(TRAIN_HELP).toMatch(/--augment \[SPEC\]/);
    expect(TRAIN_HELP).toContain('rotation=10,scale=0.1,shift=2,shear=0.1,elastic,thickness=0.4');
    expect(TRAIN_HELP).toMatch(/--no-augment/);
  });
});

describe('flags from the table of settings', () => {
  it('has a flag, with its spelling, and a line of help for every setting', () => {
    for (const name of SETTING_NAMES) {
      const { flag, value } = SETTINGS[name].cli;
      expect(TRAIN_ARGS).toHaveProperty(flag);
      expect(TRAIN_HELP).toContain(`--${flag} ${value}`);
    }
    expect(TRAIN_HELP).toContain(
      '--momentum N                  μ for --optimizer momentum (default 0.9)',
    );
  });

  it('eases a bare --decay cosine to the same minimum the form starts at', () => {
    expect(configOf(['--decay', 'cosine']).schedule).toEqual({
      type: 'cosine',
      minFactor: defaultAt('schedule.minFactor'),
    });
    expect(defaultAt('schedule.minFactor')).toBe(0.05);
    expect(TRAIN_HELP).toContain('MIN defaults to 0.05');
  });

  it('reports every bad flag at once, each named as typed', () => {
    const message = usageError(['--lr', '0', '--epochs', '0', '--augment', 'rotation=200']);
    expect(message.split('\n')).toEqual([
      '--lr: must be a number above 0 to 100, got 0',
      '--epochs: must be a whole number from 1 to 10000, got 0',
      '--augment rotation: must be a number from 0 to 180, got 200',
    ]);
  });
});
