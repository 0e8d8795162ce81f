// "Export all as CSV": one row per run with its settings and results, for a spreadsheet or a
// notebook. Fields follow RFC 4180: quoted when they hold a comma, quote or line break, with
// quotes doubled.

import type { RunSummary } from '../../../src-main/contract/rows.ts';

const COLUMNS: readonly [string, (r: RunSummary) => string | number | null][] = [
  ['id', (r) => r.id],
  ['name', (r) => r.name],
  ['status', (r) => r.status],
  // The preset the run was started from (its run page and `show` say whether it was modified).
  ['preset', (r) => r.preset],
  ['architecture', (r) => r.architecture],
  ['parameters', (r) => r.parameters],
  ['optimizer', (r) => r.optimizer],
  ['learning_rate', (r) => r.learningRate],
  ['batch', (r) => r.batchSize],
  ['epochs_done', (r) => r.epochsDone],
  ['epochs', (r) => r.epochsPlanned],
  ['test_accuracy', (r) => r.testAccuracy],
  ['test_loss', (r) => r.testLoss],
  ['train_seconds', (r) => r.trainSeconds],
  ['samples_per_second', (r) => r.samplesPerSecond],
  ['created', (r) => new Date(r.createdAt).toISOString()],
  // Last, so the columns before keep their places; a tag holds no comma, so ", " parts them.
  ['tags', (r) => r.tags.join(', ')],
  ['notes', (r) => r.notes],
];

/** One CSV field. Empty for a missing value. A text starting like a formula (=, +, -, @) gets a
 * leading apostrophe, so a spreadsheet shows a run named "=1+1" instead of running it. */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

export function runsCsv(runs: readonly RunSummary[]): string {
  const lines = [
    COLUMNS.map(([name]) => name).join(','),
    ...runs.map((r) => COLUMNS.map(([, value]) => csvField(value(r))).join(',')),
  ];
  return `${lines.join('\r\n')}\r\n`;
}

/** backprop-lab-runs-2025-01-31.csv */
export function csvFileName(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `backprop-lab-runs-${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}.csv`;
}
