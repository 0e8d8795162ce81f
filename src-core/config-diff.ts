// Configs side by side: one row per setting, flagged where the runs differ. Used to compare runs
// in the terminal and in the app.

import type { TrainConfig } from './config.ts';
import type { Schedule } from './schedule.ts';

export interface ConfigRow {
  readonly setting: string;
  readonly values: readonly string[];
  readonly differs: boolean;
}

function scheduleText(s: Schedule): string {
  switch (s.type) {
    case 'constant':
      return 'constant';
    case 'step':
      return `step ×${s.factor} every ${s.every}`;
    case 'cosine':
      return `cosine to ×${s.minFactor}`;
  }
}

/** The settings of a config as display strings, in a fixed order. */
export function configSettings(c: TrainConfig): [string, string][] {
  return [
    ['hidden layers', c.layers.length === 0 ? 'none' : c.layers.join('-')],
    ['activations', c.activations.join(', ') || '–'],
    ['loss', c.loss],
    ['init', c.init],
    ['optimizer', c.optimizer],
    ['learning rate', String(c.learningRate)],
    ['momentum', c.optimizer === 'momentum' ? String(c.momentum) : '–'],
    ['batch', String(c.batchSize)],
    ['epochs', String(c.epochs)],
    ['l2', String(c.l2)],
    ['lr decay', scheduleText(c.schedule)],
    ['validation', String(c.validation)],
    ['test fraction', String(c.testFraction)],
    ['seed', String(c.seed)],
  ];
}

export function diffConfigs(configs: readonly TrainConfig[]): ConfigRow[] {
  const columns = configs.map(configSettings);
  return (columns[0] ?? []).map(([setting], i) => {
    const values = columns.map((col) => col[i][1]);
    return { setting, values, differs: values.some((v) => v !== values[0]) };
  });
}
