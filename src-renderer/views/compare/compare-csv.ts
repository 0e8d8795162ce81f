// "Export CSV" of a comparison: one row per run, saying which entry it belongs to (a run on its
// own, or a group read as one) and which stored repeat or sweep it was queued in, then every
// setting and its results, for a spreadsheet or a notebook.

import { configSettings } from '../../../src-core/config-diff.ts';
import {
  SUMMARY_LABELS,
  summaryValue,
  type SummaryChoice,
} from '../../../src-core/summary-value.ts';
import type { RunRow } from '../../../src-main/contract/rows.ts';
import { csvField } from '../runs/runs-csv.ts';
import { entryKey, type CompareEntry } from './entries.ts';

/** An entry with its label and its runs, as the view holds them. */
export interface CsvEntry {
  readonly entry: CompareEntry;
  readonly label: string;
  readonly runs: readonly RunRow[];
}

type Value = string | number | null;

/** "learning rate" → "learning_rate". */
const column = (label: string): string =>
  label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');

/** Rows of the comparison as CSV text (RFC 4180, CRLF), the first its header. */
export function compareCsv(entries: readonly CsvEntry[], summary: SummaryChoice): string {
  const first = entries[0]?.runs[0];
  const settingNames = first === undefined ? [] : configSettings(first.config).map(([s]) => s);
  const header = [
    'entry',
    'entry_label',
    'entry_runs',
    'group_id',
    'run_id',
    'name',
    'status',
    ...settingNames.map(column),
    'epochs_done',
    'summary',
    'summary_value',
    'summary_epoch',
    'test_accuracy',
    'test_loss',
    'best_validation_accuracy',
    'best_epoch',
    'min_loss',
    'min_loss_epoch',
    'train_seconds',
  ];
  const rows = entries.flatMap(({ entry, label, runs }, i) =>
    runs.map((r): Value[] => {
      const settings = new Map(configSettings(r.config));
      const chosen = summaryValue(r, summary);
      return [
        i + 1,
        label,
        entryKey(entry),
        r.groupId,
        r.id,
        r.name,
        r.status,
        ...settingNames.map((s) => settings.get(s) ?? null),
        r.epochsDone,
        SUMMARY_LABELS[summary],
        chosen.value,
        chosen.epoch,
        r.testAccuracy,
        r.testLoss,
        r.bestValidationAccuracy,
        r.bestEpoch,
        r.minLoss,
        r.minLossEpoch,
        r.trainSeconds,
      ];
    }),
  );
  return [header, ...rows].map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
}

/** backprop-lab-compare-2026-12-01.csv (.svg, .png), dated by the local day. */
export function compareFileName(extension: string, now: Date): string {
  const day = new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString();
  return `backprop-lab-compare-${day.slice(0, 10)}.${extension}`;
}
