// A run keeps the preset it was started from; whether its settings still equal that preset is
// derived, never stored: "quick, modified" when any setting shown in its settings table differs.

import { configSettings } from './config-diff.ts';
import type { TrainConfig } from './config.ts';
import { PRESET_NAMES, PRESETS, type PresetName } from './presets.ts';

export function isPresetName(name: string): name is PresetName {
  return (PRESET_NAMES as readonly string[]).includes(name);
}

/** True when `config` differs from the preset named `preset` in any setting that applies to it
 * (a momentum the optimizer does not use is no difference), or when no preset has that name. */
export function presetDiffers(config: TrainConfig, preset: string): boolean {
  if (!isPresetName(preset)) return true;
  // The seed is a setting of every run, so another seed differs without formatting the table
  // (a listing of runs over many seeds asks this for each).
  if (config.seed !== PRESETS[preset].seed) return true;
  const theirs = presetSettings(preset);
  return configSettings(config).some(([, value], i) => value !== theirs[i][1]);
}

/** Each preset's settings table, made once: a listing of thousands of runs asks for it per row. */
const presetTables = new Map<PresetName, ReturnType<typeof configSettings>>();
function presetSettings(preset: PresetName): ReturnType<typeof configSettings> {
  let table = presetTables.get(preset);
  if (table === undefined) presetTables.set(preset, (table = configSettings(PRESETS[preset])));
  return table;
}
