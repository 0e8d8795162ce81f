// The README's table of settings is the table of src-core/settings.ts, rendered: when a setting
// changes, `npx node scripts/settings-docs.ts` rewrites the README's block and this passes again.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SETTING_NAMES, SETTINGS } from '../../src-core/settings.ts';
import {
  END,
  settingsBlock,
  settingsTable,
  START,
  withSettingsTable,
} from '../../scripts/settings-docs.ts';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('the README’s table of settings', () => {
  it('is the table rendered from the core, verbatim between its markers', () => {
    expect(readme).toContain(`${START}\n\n${settingsBlock()}\n\n${END}`);
    expect(withSettingsTable(readme)).toBe(readme);
  });

  it('has a row, with its flag, for every setting', () => {
    const table = settingsTable();
    for (const name of SETTING_NAMES) {
      expect(table).toContain(`| ${SETTINGS[name].label} `);
      expect(table).toContain(`\`--${SETTINGS[name].cli.flag}`);
    }
  });
});
