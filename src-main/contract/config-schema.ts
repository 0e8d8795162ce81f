// Runtime schema of a TrainConfig, for every message that carries one across a process
// boundary, generated from the table of settings (src-core/settings.ts). It checks shape and
// types; the core's validateConfig then checks meaning (ranges, combinations) from the same
// table, so both the worker and the handler refuse the same configs. Its type is the table's,
// which config-schema.test.ts holds equal to TrainConfig both ways.

import { z } from 'zod';
import {
  SETTING_NAMES,
  SETTINGS,
  type Fields,
  type Param,
  type SettingsValue,
} from '../../src-core/settings.ts';

/** The schema of one param: numbers are only numbers here, their ranges are the core's. */
function schemaOf(p: Param): z.ZodType {
  switch (p.kind) {
    case 'real':
    case 'int':
      return z.number();
    case 'choice':
      return z.enum(p.options as [string, ...string[]]);
    case 'bool':
      return z.boolean();
    case 'list':
      return z.array(schemaOf(p.item)).readonly();
    case 'or':
      return z.union([schemaOf(p.param), z.literal(p.word)]);
    case 'variants':
      return z.discriminatedUnion(
        'type',
        Object.entries(p.variants).map(([type, fields]) =>
          z.strictObject({ type: z.literal(type), ...shapeOf(fields, []) }),
        ) as unknown as [z.ZodObject, ...z.ZodObject[]],
      );
    case 'struct':
      return z.strictObject(shapeOf(p.fields, p.optional));
    case 'nullable':
      return schemaOf(p.param).nullable();
  }
}

function shapeOf(fields: Fields, optional: readonly string[]): Record<string, z.ZodType> {
  return Object.fromEntries(
    Object.entries(fields).map(([key, p]) => {
      const s = schemaOf(p);
      return [key, optional.includes(key) ? s.optional() : s];
    }),
  );
}

export const trainConfigSchema: z.ZodType<SettingsValue> = z.strictObject(
  Object.fromEntries(
    SETTING_NAMES.map((name) => {
      const s = schemaOf(SETTINGS[name].param);
      return [name, 'optional' in SETTINGS[name] ? s.optional() : s];
    }),
  ),
) as unknown as z.ZodType<SettingsValue>;
