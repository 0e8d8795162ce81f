// Configs side by side: one row per setting of the table (settings.ts), flagged where the runs
// differ. Used to compare runs in the terminal and in the app.

import type { Augmentation } from './augment.ts';
import type { TrainConfig } from './config.ts';
import type { Schedule } from './schedule.ts';
import { SETTING_NAMES, SETTINGS, type Setting, type SettingName } from './settings.ts';

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

/** e.g. "rotate ±12°, scale ±12%, shift ±2.5 px, shear ±0.15, elastic, thicken 0–0.45";
 * distortions at 0 are left out, and so is a stroke thickening that is absent (runs saved before
 * it existed). Thickening only ever adds weight, so it reads as a range from 0 rather than ±. */
export function augmentationText(a: Augmentation | null | undefined): string {
  if (a === null || a === undefined) return 'off';
  // toPrecision drops the float noise of 0.12 · 100 = 12.000000000000002.
  const parts = [
    a.rotation > 0 && `rotate ±${a.rotation}°`,
    a.scale > 0 && `scale ±${Number((a.scale * 100).toPrecision(6))}%`,
    a.shift > 0 && `shift ±${a.shift} px`,
    a.shear > 0 && `shear ±${a.shear}`,
    a.elastic && 'elastic',
    a.thickness !== undefined && a.thickness > 0 && `thicken 0–${a.thickness}`,
  ].filter((p) => p !== false);
  return parts.length === 0 ? 'no distortion' : parts.join(', ');
}

/** How a setting reads when `String` of its value would not do. */
const TEXT: { readonly [K in SettingName]?: (c: TrainConfig) => string } = {
  layers: (c) => (c.layers.length === 0 ? 'none' : c.layers.join('-')),
  activations: (c) => c.activations.join(', ') || '–',
  schedule: (c) => scheduleText(c.schedule),
  augmentation: (c) => augmentationText(c.augmentation),
  threads: (c) => String(c.threads ?? 'auto'),
};

/** A value as the config holds it; an optional number it leaves out (saved before the setting
 * existed) at the table's default. */
function valueOf(s: Setting, value: unknown): unknown {
  const p = s.param;
  return value === undefined && (p.kind === 'real' || p.kind === 'int') ? p.default : value;
}

/** The settings of a config as display strings, one row per setting of the table, in its
 * order; "–" for a setting the config does not use. */
export function configSettings(c: TrainConfig): [string, string][] {
  return SETTING_NAMES.map((name) => {
    const s: Setting = SETTINGS[name];
    const text =
      s.usedWhen !== undefined && !s.usedWhen(c)
        ? '–'
        : (TEXT[name]?.(c) ?? String(valueOf(s, c[name])));
    return [s.row, text];
  });
}

export function diffConfigs(configs: readonly TrainConfig[]): ConfigRow[] {
  const columns = configs.map(configSettings);
  return (columns[0] ?? []).map(([setting], i) => {
    const values = columns.map((col) => col[i][1]);
    return { setting, values, differs: values.some((v) => v !== values[0]) };
  });
}
