// The README's table of settings, written from the table in src-core/settings.ts so the docs
// cannot drift from what the app, the CLI and the checks do. `npx node scripts/settings-docs.ts`
// rewrites the block between the markers; tests/core/config-docs.test.ts fails while it is stale.

import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { configSettings } from '../src-core/config-diff.ts';
import { PRESETS } from '../src-core/presets.ts';
import { rangeText, SETTING_NAMES, SETTINGS, type Param } from '../src-core/settings.ts';
import { markdownTable, markers, withBlock } from '../src-main/bench/readme-block.ts';

export const [START, END] = markers('settings');

/** What values a param allows, in words. */
function allowed(p: Param): string {
  switch (p.kind) {
    case 'real':
    case 'int':
      return rangeText(p);
    case 'choice':
      return p.options.join(', ');
    case 'bool':
      return 'on or off';
    case 'list':
      return p.perLayer === true
        ? `one per hidden layer: ${allowed(p.item)}`
        : `at most ${p.maxLength}, each ${allowed(p.item)}`;
    case 'or':
      return `${allowed(p.param)}, or ${p.word}`;
    case 'variants':
      return Object.entries(p.variants)
        .map(([type, fields]) =>
          [
            type,
            Object.entries(fields)
              .map(([k, f]) => `${k} ${allowed(f)}`)
              .join(', '),
          ]
            .filter((part) => part !== '')
            .join(': '),
        )
        .join('; ');
    case 'struct':
      return Object.entries(p.fields)
        .map(([k, f]) => `${k} ${allowed(f)}`)
        .join(', ');
    case 'nullable':
      return `off, or ${allowed(p.param)}`;
  }
}

const code = (text: string): string => `\`${text.replaceAll('|', '\\|')}\``;

/** The Markdown table, columns padded as Prettier pads them. */
export function settingsTable(): string {
  const quick = new Map(configSettings(PRESETS.quick));
  const rows = [
    ['setting', 'flag', 'allowed', 'Quick preset', 'what it does'],
    ...SETTING_NAMES.map((name) => {
      const s = SETTINGS[name];
      return [
        s.label,
        code(`--${s.cli.flag} ${s.cli.value}`),
        allowed(s.param),
        quick.get(s.row) ?? '',
        s.help,
      ];
    }),
  ];
  return markdownTable(rows);
}

/** What goes between the markers: a line on what the table is, and the table. */
export function settingsBlock(): string {
  return [
    'Every setting of a run, as the New run form labels it, the flag of `backprop-lab train` that',
    'sets it, and what the checks allow (written from `src-core/settings.ts` by',
    '`npx node scripts/settings-docs.ts`):',
    '',
    settingsTable(),
  ].join('\n');
}

/** `readme` with the block between the markers replaced by the current table. */
export function withSettingsTable(readme: string): string {
  return withBlock(readme, 'README.md', 'settings', settingsBlock());
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const path = fileURLToPath(new URL('../README.md', import.meta.url));
  writeFileSync(path, withSettingsTable(readFileSync(path, 'utf8')));
}
